"""A geocoder request has a total deadline, and a run has a geocoding budget.

A server that sends one byte every 0.5 s never trips a per-read timeout; the deadline
must end the request anyway.  Times are scaled down (1 s timeouts) and checked loosely
(< 3x the limit): these are functional tests, not benchmarks.  No internet: every
server is a stub on 127.0.0.1.
"""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from geoevents.geocode import FallbackGeocoder
from nominatim_stub import NominatimStub, Reply, nominatim_result

PLACE = nominatim_result(name="Obertraun", lat=47.56, lon=13.69, cls="place", typ="village",
                         addresstype="village", rank=19,
                         address={"village": "Obertraun", "country": "Austria",
                                  "country_code": "at"})
PROXY_VARS = ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY")


class Collector:
    def __init__(self) -> None:
        self.messages: list[str] = []

    def __call__(self, message: str) -> None:
        self.messages.append(message)


def make(stub: NominatimStub, cache: Path, warn: Collector, **kwargs: Any) -> FallbackGeocoder:
    settings: dict[str, Any] = {"timeout": 1.0, "min_delay_seconds": 0.0}
    settings.update(kwargs)
    return FallbackGeocoder(options=stub.options(), cache_path=cache, on_warning=warn, **settings)


@pytest.fixture()
def cache(tmp_path: Path) -> Path:
    return tmp_path / "cache" / "geocode.sqlite"


@pytest.mark.parametrize("body_only", [False, True], ids=["whole-response", "body"])
def test_a_trickling_answer_is_abandoned_at_the_deadline(cache: Path, body_only: bool) -> None:
    """One byte every 0.5 s, each read well within 1 s: the request still ends at ~1 s."""
    warn = Collector()
    reply = Reply([PLACE] * 3, trickle=0.5, trickle_body=body_only)
    with NominatimStub(default=reply) as stub:
        geocoder = make(stub, cache, warn, timeout=1.0)
        started = time.monotonic()
        assert geocoder.geocode("Obertraun") is None
        assert geocoder.geocode("Hinterstoder") is None  # the breaker is open: not asked
        elapsed = time.monotonic() - started
        assert stub.count() == 1
    assert elapsed < 3.0, f"the 1 s deadline let the request run {elapsed:.1f} s"
    assert len(warn.messages) == 1 and "no answer within 1 s" in warn.messages[0]
    assert geocoder.stats.breaker_open and geocoder.stats.skipped == 1


def test_a_quick_answer_is_unaffected_by_the_deadline(cache: Path) -> None:
    with NominatimStub(default=Reply([PLACE], delay=0.2)) as stub:
        place = make(stub, cache, Collector(), timeout=1.0).geocode("Obertraun")
    assert place is not None and place.country_code == "AT"


def test_the_run_budget_stops_requests_with_one_warning(cache: Path) -> None:
    """Every answer takes 0.4 s and succeeds; a 1 s budget allows about two of them."""
    warn = Collector()
    names = ["Obertraun", "Unterach", "Hinterstoder", "Gosau", "Bad Ischl", "Ebensee"]
    with NominatimStub(default=Reply([PLACE], delay=0.4)) as stub:
        geocoder = make(stub, cache, warn, timeout=2.0, budget_seconds=1.0)
        started = time.monotonic()
        found = [geocoder.geocode(name) for name in names]
        elapsed = time.monotonic() - started
        asked = stub.count()
    assert found[0] is not None and found[1] is not None  # within the budget: resolved
    assert all(place is None for place in found[asked:])  # after it: unresolved, not asked
    assert 2 <= asked <= 3 and elapsed < 3.0
    assert len(warn.messages) == 1 and "budget of 1 s used up" in warn.messages[0]
    assert geocoder.stats.breaker_open and geocoder.stats.skipped == len(names) - asked


def test_the_last_request_gets_only_what_is_left_of_the_budget(cache: Path) -> None:
    """A 1.5 s budget and a 10 s timeout: a hanging request ends with the budget."""
    warn = Collector()
    with NominatimStub(default=Reply([PLACE], delay=5.0)) as stub:
        geocoder = make(stub, cache, warn, timeout=10.0, budget_seconds=1.5)
        started = time.monotonic()
        assert geocoder.geocode("Obertraun") is None
        elapsed = time.monotonic() - started
    assert elapsed < 4.5
    assert len(warn.messages) == 1 and "budget" in warn.messages[0]


def test_geocoders_of_one_run_share_its_budget(cache: Path) -> None:
    """Two geocoders with one run id (as in two worker processes) draw on one budget."""
    first_warn, second_warn = Collector(), Collector()
    with NominatimStub(default=Reply([PLACE], delay=0.6)) as stub:
        first = make(stub, cache, first_warn, timeout=2.0, budget_seconds=1.0, run_id="run-a")
        second = make(stub, cache, second_warn, timeout=2.0, budget_seconds=1.0, run_id="run-a")
        other_run = make(stub, cache, Collector(), budget_seconds=1.0, run_id="run-b")
        assert first.geocode("Obertraun") is not None  # 0.6 s of the run's 1 s spent
        assert second.geocode("Unterach") is None  # gets the 0.4 s left: not enough
        assert first.geocode("Gosau") is None and second.geocode("Ebensee") is None
        assert other_run.geocode("Gosau") is not None  # another run has its own budget
        assert stub.count() == 3
    assert first_warn.messages == [] and len(second_warn.messages) == 1
    assert "budget" in second_warn.messages[0] and first.stats.skipped == 1


@pytest.mark.parametrize("value", ["0", "-2", "never"])
def test_bad_budget_is_a_usage_error(value: str) -> None:
    result = run_cli("places", "-", "--geocode-budget", value, stdin="x")
    assert result.returncode == 2 and "--geocode-budget" in result.stderr


# --- through `geoevents places` ---------------------------------------------------------

REPORT = ("TAGS: SNAR KZ\nSUBJECT: TEST\n"
          "1. (SBU) Couriers were seen in Kleinwetzdorf and in Hinterstoder.\n"
          "2. (SBU) A lab was found in Unterach and another near Obertraun.\n")


def run_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "geoevents.cli", *args], input=stdin,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture()
def report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for var in PROXY_VARS:
        monkeypatch.delenv(var, raising=False)
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    return path


def timed(*args: str) -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.monotonic()
    result = run_cli(*args)
    return result, time.monotonic() - started


def test_places_with_unknown_names_and_a_trickling_server_ends_soon(report: Path) -> None:
    """The issue's case, scaled down: 4 unknown names, 1 s timeout, a byte every 0.5 s."""
    _, offline = timed("places", str(report), "--offline")
    with NominatimStub(default=Reply([PLACE], trickle=0.5)) as stub:
        result, online = timed("places", str(report), "--geocoder-option", f"domain={stub.domain}",
                               "--geocoder-option", "scheme=http", "--geocode-cache", ":memory:",
                               "--geocode-timeout", "1")
        asked = stub.count()
    assert result.returncode == 0, result.stderr
    assert online - offline < 3.0, f"geocoding added {online - offline:.1f} s"
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert asked == 1 and len(warnings) == 1 and "no answer within 1 s" in warnings[0]


def test_places_stops_geocoding_when_the_budget_is_spent(report: Path) -> None:
    with NominatimStub(default=Reply([PLACE], delay=0.7)) as stub:
        result = run_cli("places", str(report), "--geocoder-option", f"domain={stub.domain}",
                         "--geocoder-option", "scheme=http", "--geocode-cache", ":memory:",
                         "--geocode-budget", "1")
        asked = stub.count()
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert asked == 2 and len(warnings) == 1 and "budget of 1 s used up" in warnings[0]
