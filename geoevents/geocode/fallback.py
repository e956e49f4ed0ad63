"""FallbackGeocoder: ask a geopy geocoder for names the bundled gazetteer does not know.

One request per name ever (SQLite cache, negatives included); a deadline on every
request (``timeout`` bounds the whole exchange, however slowly the bytes come); and, per
run, shared by all its worker processes (run.py): at most one request per
``min_delay_seconds``, a budget of ``budget_seconds`` of requests, and a circuit breaker.
The first connection failure, timeout, server error or unreadable answer, or the spent
budget, stops all further requests in the run and produces exactly one warning.
"""
from __future__ import annotations

import dataclasses
import os
import threading
import time
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from geoevents import __version__
from geoevents.errors import GeoeventsError
from geoevents.geocode.cache import GeocodeCache
from geoevents.geocode.client import build_geocoder, describe_failure, query_kwargs, short
from geoevents.geocode.interpret import candidate
from geoevents.geocode.query import cache_key, clean_query, normalize_country
from geoevents.geocode.run import SharedRun, new_run_id, state_path
from geoevents.model import Place

DEFAULT_TIMEOUT = 10.0
DEFAULT_MIN_DELAY = 1.0
DEFAULT_BUDGET = 60.0
MAX_CANDIDATES = 5


class GeocodeWarning(UserWarning):
    """The geocoder fallback stopped or degraded (service down, cache unusable)."""


def default_user_agent() -> str:
    """The User-Agent Nominatim's usage policy asks for: the application and a contact URL."""
    return f"geoevents/{__version__} (+https://pypi.org/project/geoevents)"


@dataclass(frozen=True, slots=True)
class GeocodeStats:
    """Counters for one FallbackGeocoder, for verbose output and tests."""

    requests: int = 0
    cache_hits: int = 0
    rejected: int = 0  # names refused before any request (empty, huge, mixed scripts)
    skipped: int = 0  # names not asked because the breaker was open or the budget spent
    failures: int = 0
    breaker_reason: str | None = None

    @property
    def breaker_open(self) -> bool:
        return self.breaker_reason is not None


class FallbackGeocoder:
    """geocode(name, country_hint) -> Place | None through a geopy geocoder (Nominatim by default).

    ``country_hint`` (ISO alpha-2) restricts the search to that country: Nominatim's
    ``countrycodes`` when the geocoder supports it, else a filter on the answers.  The
    returned Place has offsets 0..len(name); callers set their own with dataclasses.replace.
    Geocoders built with the same ``run_id`` (in any process, same cache path) share one
    rate limit, budget and breaker; without one, this object is a run of its own.
    """

    def __init__(self, service: str = "nominatim", *, options: Mapping[str, Any] | None = None,
                 user_agent: str | None = None, timeout: float = DEFAULT_TIMEOUT,
                 min_delay_seconds: float = DEFAULT_MIN_DELAY,
                 budget_seconds: float = DEFAULT_BUDGET, run_id: str | None = None,
                 cache_path: str | os.PathLike[str] | None = None,
                 max_candidates: int = MAX_CANDIDATES,
                 on_warning: Callable[[str], None] | None = None) -> None:
        if not timeout > 0:
            raise GeoeventsError(f"geocoder timeout must be positive, not {timeout!r}")
        if not min_delay_seconds >= 0:
            raise GeoeventsError(f"geocoder delay must be >= 0 s, not {min_delay_seconds!r}")
        if not budget_seconds > 0:
            raise GeoeventsError(f"geocoding budget must be positive, not {budget_seconds!r}")
        options = dict(options or {})
        if "timeout" in options:
            raise GeoeventsError("give the geocoder timeout as timeout=, not as an option")
        user_agent = user_agent or options.pop("user_agent", None)
        self.service = service.strip().lower()
        # The public Nominatim allows 1 request/s at most; faster only for own servers.
        if self.service == "nominatim" and "domain" not in options:
            min_delay_seconds = max(min_delay_seconds, DEFAULT_MIN_DELAY)
        self.name = f"{self.service}@{options['domain']}" if "domain" in options else self.service
        self.timeout = float(timeout)
        self.min_delay_seconds = float(min_delay_seconds)
        self.budget_seconds = float(budget_seconds)
        self.user_agent = user_agent or default_user_agent()
        self.max_candidates = max(1, int(max_candidates))
        self._warn = on_warning or _warn
        self._geocoder = build_geocoder(self.service, options, self.user_agent, self.timeout)
        self._kwargs, self._filters_country = query_kwargs(self._geocoder, self.max_candidates)
        self._cache = GeocodeCache(cache_path, self._warn)
        self._run = SharedRun(run_id or new_run_id(), state_path(self._cache.path), self.name,
                              min_delay=self.min_delay_seconds, budget=self.budget_seconds)
        self._lock = threading.Lock()
        self._failed: set[tuple[str, str | None]] = set()
        self._stats = GeocodeStats()

    @property
    def stats(self) -> GeocodeStats:
        return self._stats

    @property
    def cache_path(self) -> str:
        return self._cache.path

    def geocode(self, name: str, country_hint: str | None = None) -> Place | None:
        """The best answer as a Place (resolved_by="geocoder"), or None."""
        hint = normalize_country(country_hint)
        query = clean_query(name)
        with self._lock:
            if query is None:
                self._count(rejected=1)
                return None
            key = cache_key(query)
            cached = self._cache.get(self.name, key, hint)
            if cached is not None:
                self._count(cache_hits=1)
                return _place(name, cached)
            if self._stats.breaker_open or (key, hint) in self._failed:
                self._count(skipped=1)
                return None
            turn = self._run.begin(self.timeout)  # waits for the run's rate limit
            if turn.stopped is not None:  # this run stopped asking, maybe in another process
                self._stop(turn.stopped, announce=turn.announce)
                self._count(skipped=1)
                return None
            found = self._ask(query, hint, turn.seconds)
            if found is None:
                self._failed.add((key, hint))
                return None
            self._cache.put(self.name, key, hint, found)
            return _place(name, found)

    def close(self) -> None:
        self._cache.close()

    def __enter__(self) -> FallbackGeocoder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _ask(self, query: str, hint: str | None, seconds: float) -> list[dict[str, Any]] | None:
        """Candidates ([] = the service knows no such place), or None after a failure.
        ``seconds`` is the request's deadline: the timeout, or what is left of the budget."""
        from geopy import exc as gexc

        kwargs = dict(self._kwargs)
        if hint and self._filters_country:
            kwargs["country_codes"] = hint
        self._count(requests=1)
        started = time.monotonic()
        try:
            answer = self._geocoder.geocode(query, timeout=seconds, **kwargs)
        except gexc.GeocoderQueryError:  # this name only (HTTP 400, "error" JSON)
            self._count(failures=1)
            return None
        except gexc.GeocoderTimedOut as error:
            cut = seconds < self.timeout  # the budget, not the service, ran out
            self._trip(self._run.budget_reason() if cut else describe_failure(error, self.timeout))
            return None
        except (gexc.GeopyError, OSError) as error:
            self._trip(describe_failure(error, self.timeout))
            return None
        except (ValueError, TypeError, KeyError, IndexError, AttributeError) as error:
            self._trip(f"unreadable answer ({type(error).__name__}: {short(error)})")
            return None
        finally:
            self._run.end(time.monotonic() - started)
        return self._candidates(answer, hint)

    def _candidates(self, answer: Any, hint: str | None) -> list[dict[str, Any]]:
        results = answer if isinstance(answer, list) else [] if answer is None else [answer]
        found = []
        for location in results[: self.max_candidates * 4]:
            item = candidate(getattr(location, "latitude", None),
                             getattr(location, "longitude", None),
                             getattr(location, "raw", None), getattr(location, "address", None),
                             self.service)
            if item is None:
                continue
            foreign = item["country_code"] not in (None, (hint or "").upper())
            if hint and not self._filters_country and foreign:
                continue
            found.append(item)
        return found[: self.max_candidates]

    def _trip(self, reason: str) -> None:
        self._count(failures=1)
        self._stop(reason, announce=self._run.stop(reason))

    def _stop(self, reason: str, *, announce: bool) -> None:
        """Open the breaker here; warn only if this call stopped the run (one line a run)."""
        if not self._stats.breaker_open:
            self._stats = dataclasses.replace(self._stats, breaker_reason=reason)
            if announce:
                self._warn(f"geocoder {self.name}: {reason}; no further geocoding requests in "
                           "this run, unknown places stay unresolved (use --offline to skip "
                           "the geocoder)")

    def _count(self, **deltas: int) -> None:
        self._stats = dataclasses.replace(
            self._stats, **{k: getattr(self._stats, k) + v for k, v in deltas.items()})


def _place(text: str, candidates: list[dict[str, Any]]) -> Place | None:
    if not candidates:
        return None
    best = candidates[0]
    return Place(
        text=text, char_start=0, char_end=len(text), name=best["name"],
        place_id=best["place_id"], kind=best["kind"], country_code=best["country_code"],
        admin1=best["admin1"], lat=best["lat"], lon=best["lon"],
        geo_precision=best["geo_precision"], resolved_by="geocoder",
        candidates=tuple(dict(c) for c in candidates),
    )


def _warn(message: str) -> None:
    warnings.warn(message, GeocodeWarning, stacklevel=5)
