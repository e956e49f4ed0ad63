"""Decide whether a mention is worth a geocoder request, and normalise it for the cache.

Mentions come from document text, so they can be anything: empty, a 10 000-character
token, control characters, mixed-script homoglyph soup.  Rejecting those here keeps
them off the network and out of the cache.
"""
from __future__ import annotations

import unicodedata

MAX_QUERY_CHARS = 200  # longer than any real place name; keeps URLs and cache keys small
MAX_QUERY_WORDS = 12

# Scripts that legitimately appear together inside one name.
_SCRIPT_GROUPS = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "HANGUL": "HANGUL"}


def clean_query(name: object) -> str | None:
    """The name to send (NFKC, single spaces), or None when it should not be sent."""
    if not isinstance(name, str) or len(name) > 4 * MAX_QUERY_CHARS:
        return None
    text = unicodedata.normalize("NFKC", name)
    # Whitespace controls (tab, newline) are just spacing; any other control or format
    # character (NUL, bidi overrides) marks a broken or hostile string.
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") and not ch.isspace()
           for ch in text):
        return None
    text = " ".join(text.split())
    if not text or len(text) > MAX_QUERY_CHARS or len(text.split()) > MAX_QUERY_WORDS:
        return None
    scripts = {script_of(ch) for ch in text if ch.isalpha() and unicodedata.category(ch) != "Lm"}
    if len(scripts) != 1:  # no letters at all, or e.g. Latin mixed with Cyrillic
        return None
    return text


def cache_key(query: str) -> str:
    """The cache key of a cleaned query: case and spacing never cause a second request."""
    return query.casefold()


def script_of(ch: str) -> str:
    """The Unicode script of a letter, from its character name (LATIN, CYRILLIC, ...)."""
    first = unicodedata.name(ch, "UNKNOWN").split(" ", 1)[0]
    return _SCRIPT_GROUPS.get(first, first)


def normalize_country(code: str | None) -> str | None:
    """An ISO 3166-1 alpha-2 hint in lower case, or None; anything else is a caller bug."""
    if code is None or code == "":
        return None
    if not isinstance(code, str) or len(code) != 2 or not code.isascii() or not code.isalpha():
        raise ValueError(f"country hint must be an ISO alpha-2 code, not {code!r}")
    return code.lower()
