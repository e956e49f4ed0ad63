"""Configuration of the geopy fallback: click options, defaults, user errors, lazy import."""
from __future__ import annotations

import inspect
import subprocess
import sys
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

from geoevents.errors import GeoeventsError
from geoevents.geocode import (
    GEOCODER_PARAMS,
    FallbackGeocoder,
    clean_query,
    default_cache_path,
    default_user_agent,
    fallback_from_options,
    geocoder_options,
    parse_geocoder_options,
)
from nominatim_stub import NominatimStub, Reply, nominatim_result

PROXY_VARS = ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY")


@click.command()
@click.argument("names", nargs=-1)
@geocoder_options
def demo(names: tuple[str, ...], **geo: Any) -> None:
    """A stand-in for places/extract/map: resolve NAMES through the fallback."""
    fallback = fallback_from_options(**geo)
    if fallback is None:
        click.echo("offline")
        return
    click.echo(f"{fallback.name} timeout={fallback.timeout:g} cache={fallback.cache_path}")
    for name in names:
        place = fallback.geocode(name)
        click.echo(f"{name}: {place.country_code if place else '-'}")


def runner() -> CliRunner:
    """A runner that keeps stderr apart on every click 8.x (8.1 needs mix_stderr=False)."""
    if "mix_stderr" in inspect.signature(CliRunner).parameters:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    return CliRunner()


@pytest.fixture()
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in PROXY_VARS:  # geopy honours these when no proxies option is given
        monkeypatch.delenv(var, raising=False)


def test_offline_flag_and_env_turn_the_fallback_off() -> None:
    cli = runner()
    assert cli.invoke(demo, ["--offline", "Astana"]).output == "offline\n"
    assert cli.invoke(demo, ["Astana"], env={"GEOEVENTS_OFFLINE": "1"}).output == "offline\n"


def test_options_reach_the_geocoder_without_any_request(tmp_path: Path) -> None:
    cache = tmp_path / "answers.sqlite"
    result = runner().invoke(demo, ["--geocoder", "photon", "--geocode-timeout", "2.5",
                                       "--geocode-cache", str(cache)])
    assert result.exit_code == 0, result.output
    assert result.output == f"photon timeout=2.5 cache={cache}\n"
    assert not cache.exists()  # opened lazily, on the first lookup


def test_defaults_are_nominatim_with_10s_and_the_user_cache(monkeypatch: pytest.MonkeyPatch,
                                                            tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    result = runner().invoke(demo, [])
    assert result.output == f"nominatim timeout=10 cache={tmp_path / 'geoevents' / 'geocode.sqlite'}\n"


@pytest.mark.parametrize("args, message", [
    (["--geocoder", "nosuchcoder"], "unknown geocoder 'nosuchcoder'"),
    (["--geocoder-option", "no-equals-sign"], "KEY=VALUE"),
    (["--geocoder-option", "timeout=3"], "--geocode-timeout"),
    (["--geocoder-option", "colour=blue"], "has no option colour"),
])
def test_bad_geocoder_choices_are_user_errors(args: list[str], message: str) -> None:
    result = runner().invoke(demo, args)
    assert isinstance(result.exception, GeoeventsError)
    assert message in str(result.exception)


@pytest.mark.parametrize("value", ["0", "-1", "soon"])
def test_bad_timeout_is_a_usage_error(value: str) -> None:
    result = runner().invoke(demo, ["--geocode-timeout", value])
    assert result.exit_code == 2 and "--geocode-timeout" in result.stderr


def test_cli_prints_one_warning_line_when_the_service_hangs(tmp_path: Path, no_proxy: None) -> None:
    with NominatimStub(default=Reply([], delay=0.6)) as stub:
        result = runner().invoke(demo, [
            "--geocoder-option", f"domain={stub.domain}", "--geocoder-option", "scheme=http",
            "--geocode-timeout", "0.2", "--geocode-cache", str(tmp_path / "c.sqlite"),
            "Perg", "Linz", "Enns"])
        assert stub.count() == 1
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if line.startswith("geoevents: warning:")]
    assert len(warnings) == 1 and "no answer within 0.2 s" in warnings[0]
    assert "Perg: -" in result.stdout and "Enns: -" in result.stdout


def test_cli_resolves_through_a_custom_domain(tmp_path: Path, no_proxy: None) -> None:
    answer = nominatim_result(name="Perg", lat=48.25, lon=14.63, cls="boundary",
                              typ="administrative", addresstype="town", rank=16,
                              address={"town": "Perg", "country": "Österreich",
                                       "country_code": "at"})
    with NominatimStub(default=Reply([answer])) as stub:
        result = runner().invoke(demo, [
            "--geocoder-option", f"domain={stub.domain}", "--geocoder-option", "scheme=http",
            "--geocoder-option", "user_agent=newsroom-desk/2.0", "--geocode-cache",
            str(tmp_path / "c.sqlite"), "Perg"])
        assert stub.requests[0].headers["User-Agent"] == "newsroom-desk/2.0"
    assert result.output.endswith("Perg: AT\n")


def test_user_agent_names_the_application_and_a_contact() -> None:
    agent = default_user_agent()
    assert agent.startswith("geoevents/") and "(+https://" in agent


def test_public_nominatim_is_never_asked_faster_than_once_a_second(tmp_path: Path) -> None:
    public = FallbackGeocoder(min_delay_seconds=0.1, cache_path=tmp_path / "c.sqlite")
    private = FallbackGeocoder(options={"domain": "nominatim.example.org"},
                               min_delay_seconds=0.1, cache_path=tmp_path / "c.sqlite")
    assert public.min_delay_seconds == 1.0 and private.min_delay_seconds == 0.1
    assert private.name == "nominatim@nominatim.example.org"  # own cache namespace


@pytest.mark.parametrize("kwargs", [{"timeout": 0}, {"timeout": -3}, {"min_delay_seconds": -1},
                                    {"options": {"timeout": 5}}])
def test_bad_settings_are_user_errors(kwargs: dict[str, Any], tmp_path: Path) -> None:
    with pytest.raises(GeoeventsError):
        FallbackGeocoder(cache_path=tmp_path / "c.sqlite", **kwargs)


def test_parse_geocoder_options_keeps_values_verbatim() -> None:
    assert parse_geocoder_options(["domain=geo.example.org:8080", "api_key=a=b"]) == {
        "domain": "geo.example.org:8080", "api_key": "a=b"}


def test_geocoder_params_match_the_decorator() -> None:
    names = {p.name for p in demo.params} - {"names"}
    assert names == set(GEOCODER_PARAMS)


@pytest.mark.parametrize("env, expected", [
    ({"XDG_CACHE_HOME": "/var/cache/me", "HOME": "/home/a"}, "/var/cache/me/geoevents/geocode.sqlite"),
    ({"HOME": "/home/a"}, "/home/a/.cache/geoevents/geocode.sqlite"),
    ({"XDG_CACHE_HOME": "relative/dir", "HOME": "/home/a"}, "/home/a/.cache/geoevents/geocode.sqlite"),
])
def test_default_cache_path_follows_xdg(env: dict[str, str], expected: str) -> None:
    if sys.platform == "win32":
        pytest.skip("POSIX cache layout")
    assert default_cache_path(env) == Path(expected)


@pytest.mark.parametrize("raw, cleaned", [
    ("  Bad   Kreuzen\n", "Bad Kreuzen"),
    ("Ｂａｄ Ｋｒｅｕｚｅｎ", "Bad Kreuzen"),  # fullwidth forms fold to ASCII
    ("Ust-Kamenogorsk", "Ust-Kamenogorsk"),
    ("Almатy", None),
    ("", None),
    ("x" * 201, None),
])
def test_clean_query(raw: str, cleaned: str | None) -> None:
    assert clean_query(raw) == cleaned


def test_importing_the_module_neither_imports_geopy_nor_opens_sockets() -> None:
    code = ("import socket, sys\n"
            "def refuse(*a, **k): raise SystemExit('network used at import')\n"
            "socket.socket.connect = refuse\n"
            "import geoevents.geocode\n"
            "print('geopy' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parents[1])
    assert out.stdout.strip() == "False"
