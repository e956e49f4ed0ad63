"""The JavaScript and CSS the map page needs, read from ``geoevents/assets``.

Only Leaflet is third-party (vendored byte-for-byte from the npm package leaflet 1.9.3,
the version folium 0.20 links; BSD-2-Clause, see assets/NOTICE).  The slider, timeline,
glyph markers and arrowed routes are this project's own ``assets/js/*.js``.  Inline
mode puts every byte in the page (images as data: URIs, the source-map comment dropped
so even developer tools fetch nothing); CDN mode links Leaflet with Subresource Integrity
hashes computed from the same vendored files, so both variants run identical code.
"""
from __future__ import annotations

import base64
import hashlib
import re
from functools import lru_cache
from importlib.resources import files

LEAFLET_VERSION = "1.9.3"
LEAFLET_CDN = f"https://cdn.jsdelivr.net/npm/leaflet@{LEAFLET_VERSION}/dist"

_SCRIPT_END = re.compile(r"</(script)", re.IGNORECASE)


@lru_cache(maxsize=None)
def asset_bytes(name: str) -> bytes:
    """A file under geoevents/assets (found through importlib.resources, so wheels work)."""
    resource = files("geoevents").joinpath("assets", *name.split("/"))
    return resource.read_bytes()


def asset_text(name: str) -> str:
    return asset_bytes(name).decode("utf-8")


def inline_script(code: str) -> str:
    """A ``<script>`` element holding ``code``; a literal ``</script`` cannot end it early."""
    return "<script>" + _SCRIPT_END.sub(r"<\\/\1", code) + "</script>"


def inline_style(css: str) -> str:
    """A ``<style>`` element; our CSS never contains ``</style``, and is checked for it."""
    if "</style" in css.lower():
        raise ValueError("stylesheet contains '</style'")
    return "<style>" + css + "</style>"


@lru_cache(maxsize=None)
def leaflet_js() -> str:
    code = asset_text("leaflet/leaflet.js")
    return re.sub(r"\n//# sourceMappingURL=\S*\s*$", "\n", code)


@lru_cache(maxsize=None)
def leaflet_css() -> str:
    """Leaflet's CSS with its images (layer-control icon, default marker) as data: URIs."""
    def data_uri(match: re.Match[str]) -> str:
        name = match.group(1)
        encoded = base64.b64encode(asset_bytes(f"leaflet/images/{name}")).decode("ascii")
        return f"url(data:image/png;base64,{encoded})"

    return re.sub(r"url\(images/([\w.-]+\.png)\)", data_uri, asset_text("leaflet/leaflet.css"))


def sri(name: str) -> str:
    """Subresource Integrity value of a vendored file (the CDN serves the same bytes)."""
    digest = hashlib.sha384(asset_bytes(name)).digest()
    return "sha384-" + base64.b64encode(digest).decode("ascii")


# Runs right after the CDN's Leaflet script tag.  Offline, Leaflet is missing and folium's
# own script (which calls L.map, L.geoJson, ...) would stop at its first line with a
# ReferenceError, leaving a blank page.  A stand-in L answers every property access and
# call with itself, so that script runs through harmlessly, and the page's start()
# sees the flag and shows one line saying what happened (assets/js/6-page.js).
NO_LEAFLET_STANDIN = """if (!window.L) {
  window.GEOEVENTS_NO_LEAFLET = true;
  window.L = (function () {
    var standIn = new Proxy(function () {}, {
      get: function (target, key) {
        if (key === Symbol.toPrimitive) { return function () { return ""; }; }
        return key === "then" ? undefined : standIn;
      },
      apply: function () { return standIn; },
      construct: function () { return standIn; }
    });
    return standIn;
  })();
}"""


def head_assets(cdn: bool) -> str:
    """The ``<head>`` markup that loads Leaflet and the page's own CSS."""
    own_css = inline_style(asset_text("geoevents-map.css"))
    if cdn:
        return (f'<link rel="stylesheet" href="{LEAFLET_CDN}/leaflet.css" '
                f'integrity="{sri("leaflet/leaflet.css")}" crossorigin="anonymous"/>\n'
                f'<script src="{LEAFLET_CDN}/leaflet.js" '
                f'integrity="{sri("leaflet/leaflet.js")}" crossorigin="anonymous"></script>\n'
                + inline_script(NO_LEAFLET_STANDIN) + "\n" + own_css)
    return inline_style(leaflet_css()) + "\n" + inline_script(leaflet_js()) + "\n" + own_css


# The page's own script, in load order (each part adds to window.GeoeventsMap).
APP_SCRIPTS = ("js/1-core.js", "js/2-canvas.js", "js/3-popup.js", "js/4-timeline.js",
               "js/5-summary.js", "js/6-page.js", "js/7-labels.js")


def app_source() -> str:
    return "\n".join(asset_text(name) for name in APP_SCRIPTS)


def app_script() -> str:
    return inline_script(app_source())
