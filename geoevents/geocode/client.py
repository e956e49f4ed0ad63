"""The geopy side of the fallback: build a geocoder by name (with a whole-request
deadline, see transport.py) and describe its failures in one line.  geopy is imported
inside these functions only; politeness (rate limit, budget, breaker) is in run.py."""
from __future__ import annotations

import inspect
from typing import Any

from geoevents.errors import GeoeventsError


def describe_failure(error: Exception, timeout: float) -> str:
    from geopy import exc as gexc

    if isinstance(error, gexc.GeocoderTimedOut) or "timed out" in str(error).lower():
        return f"no answer within {timeout:g} s"
    if isinstance(error, gexc.GeocoderUnavailable):
        return f"service unreachable ({short(error)})" if short(error) else "service unreachable"
    if isinstance(error, gexc.GeocoderRateLimited):
        return "rate limited by the service"
    if isinstance(error, (gexc.GeocoderAuthenticationFailure,
                          gexc.GeocoderInsufficientPrivileges)):
        return "request refused by the service (check the geocoder options)"
    if isinstance(error, gexc.GeocoderParseError):
        return "unreadable answer (not JSON)"
    return f"service error ({short(error)})"


def short(error: Exception) -> str:
    return " ".join(str(error).split())[:120]


def build_geocoder(service: str, options: dict[str, Any], user_agent: str,
                    timeout: float) -> Any:
    from geopy.exc import GeopyError
    from geopy.geocoders import SERVICE_TO_GEOCODER, get_geocoder_for_service

    from geoevents.geocode.transport import DeadlineAdapter

    try:
        cls = get_geocoder_for_service(service)
    except GeopyError:
        known = ", ".join(sorted(SERVICE_TO_GEOCODER))
        raise GeoeventsError(f"unknown geocoder {service!r}; geopy knows: {known}") from None
    accepted = inspect.signature(cls).parameters
    unknown = sorted(set(options) - set(accepted))
    if unknown:
        raise GeoeventsError(f"geocoder {service!r} has no option {', '.join(unknown)}; "
                             f"it accepts: {', '.join(p for p in accepted if p != 'self')}")
    # DeadlineAdapter: the timeout bounds the whole request, not each read; no retries.
    settings = {"user_agent": user_agent, "timeout": timeout, "adapter_factory": DeadlineAdapter}
    settings = {k: v for k, v in settings.items() if k in accepted}
    try:
        return cls(**{**settings, **options})
    except (GeopyError, TypeError, ValueError) as error:
        raise GeoeventsError(f"geocoder {service!r}: {' '.join(str(error).split())}") from None


def query_kwargs(geocoder: Any, limit: int) -> tuple[dict[str, Any], bool]:
    """Keyword arguments this geocoder's geocode() supports, and whether it filters by country."""
    params = inspect.signature(geocoder.geocode).parameters
    kwargs: dict[str, Any] = {"exactly_one": False}
    if "addressdetails" in params:
        kwargs["addressdetails"] = True
    if "limit" in params:
        kwargs["limit"] = limit
    return kwargs, "country_codes" in params
