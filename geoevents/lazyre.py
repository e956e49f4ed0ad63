"""Regular expressions compiled when first used.

The vocabulary of a language is a few hundred patterns; one document asks for a fraction
of them (Russian cues for an English report never, a trigger only when its word gate
opens).  Compiling all of them up front was a fifth of a cold ``geoevents extract``.  A
:class:`LazyPattern` keeps the source and compiles on the first call of any method;
from then on the calls go straight to the compiled pattern's own methods.
"""
from __future__ import annotations

import re
from typing import Any, cast

_METHODS = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split",
            "groupindex", "groups", "scanner")


class LazyPattern:
    """Stands in for ``re.compile(pattern, flags)``: ``pattern`` is its source as on a
    compiled pattern; ``flags`` also, once compiled (before, the flags given)."""

    __slots__ = ("pattern", "flags", *_METHODS)

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern, self.flags = pattern, flags

    def __getattr__(self, name: str) -> Any:
        # only reached while a slot is unset, i.e. before the first compile
        if name not in _METHODS:
            raise AttributeError(name)
        compiled = re.compile(self.pattern, self.flags)  # raises re.error as compile would
        self.flags = compiled.flags
        for method in _METHODS:
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r}, {self.flags})"


def lazy_compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile``, deferred to the first use (typed as the pattern it stands for)."""
    return cast(re.Pattern[str], LazyPattern(pattern, flags))
