"""Click options shared by places/extract/map, and the FallbackGeocoder they describe.

Usage in a command::

    @click.command()
    @geocoder_options
    def command(files, **geo):
        fallback = fallback_from_options(**geo)  # None with --offline
"""
from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

from geoevents.errors import GeoeventsError
from geoevents.geocode.fallback import DEFAULT_BUDGET, DEFAULT_TIMEOUT, FallbackGeocoder
from geoevents.geocode.run import new_run_id

F = TypeVar("F", bound=Callable[..., Any])

# The parameter names geocoder_options adds (and fallback_from_options accepts).
GEOCODER_PARAMS: tuple[str, ...] = (
    "offline", "geocoder", "geocoder_option", "geocode_timeout", "geocode_budget",
    "geocode_cache",
)
RUN_ID = "run_id"  # the FallbackGeocoder setting that joins processes into one run


def geocoder_options(func: F) -> F:
    """Add --offline, --geocoder, --geocoder-option, --geocode-timeout, --geocode-budget,
    --geocode-cache."""
    decorators = [
        click.option("--offline", is_flag=True, envvar="GEOEVENTS_OFFLINE",
                     help="Never use the network: names the bundled gazetteer does not know "
                          "stay unresolved (env GEOEVENTS_OFFLINE=1)."),
        click.option("--geocoder", "geocoder", default="nominatim", show_default=True,
                     metavar="NAME",
                     help="geopy geocoder asked for names the gazetteer does not know "
                          "(nominatim, photon, arcgis, ...); at most 1 request/s for the "
                          "whole run, each name asked once."),
        click.option("--geocoder-option", "geocoder_option", multiple=True, metavar="KEY=VALUE",
                     help="Option for the geocoder, e.g. domain=nominatim.example.org, "
                          "scheme=http, api_key=..., user_agent=...; repeatable."),
        click.option("--geocode-timeout", type=click.FloatRange(min=0, min_open=True, max=600),
                     default=DEFAULT_TIMEOUT, show_default=True, metavar="SECONDS",
                     help="Abandon a geocoder request when the whole exchange takes longer "
                          "than this, however slowly the answer arrives (then stop asking for "
                          "the rest of the run)."),
        click.option("--geocode-budget", type=click.FloatRange(min=0, min_open=True),
                     default=DEFAULT_BUDGET, show_default=True, metavar="SECONDS",
                     help="Seconds the whole run may spend waiting for geocoder answers, "
                          "shared by all its requests and workers; once spent, no more "
                          "requests (one warning) and unknown names stay unresolved."),
        click.option("--geocode-cache", type=click.Path(dir_okay=False), default=None,
                     metavar="PATH",
                     help="SQLite cache of geocoder answers, ':memory:' for none "
                          "[default: $XDG_CACHE_HOME/geoevents/geocode.sqlite]."),
    ]
    for decorator in reversed(decorators):
        func = decorator(func)
    return func


def fallback_from_options(*, offline: bool = False, geocoder: str = "nominatim",
                          geocoder_option: Sequence[str] = (),
                          geocode_timeout: float = DEFAULT_TIMEOUT,
                          geocode_budget: float = DEFAULT_BUDGET,
                          geocode_cache: str | os.PathLike[str] | None = None,
                          on_warning: Callable[[str], None] | None = None,
                          **settings: Any) -> FallbackGeocoder | None:
    """The FallbackGeocoder the options ask for, or None with --offline.

    Bad names or options raise GeoeventsError before any request is made.  Warnings go
    to ``on_warning`` (default: one "geoevents: warning: ..." line on stderr).  Extra
    ``settings`` (e.g. min_delay_seconds, run_id) pass through to FallbackGeocoder.
    """
    if offline:
        return None
    return FallbackGeocoder(
        geocoder, options=parse_geocoder_options(geocoder_option), timeout=geocode_timeout,
        budget_seconds=geocode_budget, cache_path=geocode_cache,
        on_warning=on_warning or _stderr_warning, **settings,
    )


def with_run_id(options: tuple[tuple[str, Any], ...] | None
                ) -> tuple[tuple[str, Any], ...] | None:
    """Worker options (fallback_from_options items) with a fresh run id, unless they have
    one: the geocoders every worker builds from them then share one rate limit, budget
    and breaker instead of each keeping its own."""
    if options is None or any(key == RUN_ID for key, _ in options):
        return options
    return (*options, (RUN_ID, new_run_id()))


def parse_geocoder_options(items: Sequence[str]) -> dict[str, str]:
    """KEY=VALUE strings to a dict; a malformed item is a user error."""
    options: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key.isidentifier():
            raise GeoeventsError(f"--geocoder-option wants KEY=VALUE, not {item!r}")
        if key == "timeout":
            raise GeoeventsError("use --geocode-timeout instead of --geocoder-option timeout=")
        options[key] = value
    return options


def _stderr_warning(message: str) -> None:
    click.echo(f"geoevents: warning: {message}", err=True)
