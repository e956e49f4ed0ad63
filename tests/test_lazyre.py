"""Patterns compiled on first use behave as compiled ones, and cost nothing until used."""
from __future__ import annotations

import re

import pytest

from geoevents.lazyre import LazyPattern, lazy_compile


def test_a_lazy_pattern_answers_as_the_compiled_one():
    source, text = r"(?P<n>\d+)\s*kg", "seized 12 kg and 7kg of hashish"
    lazy, compiled = lazy_compile(source, re.I), re.compile(source, re.I)
    assert lazy.search(text).span() == compiled.search(text).span()
    assert [m.group("n") for m in lazy.finditer(text)] == ["12", "7"]
    assert lazy.sub("#", text) == compiled.sub("#", text)
    assert lazy.groupindex == compiled.groupindex and lazy.pattern == source
    assert lazy.flags == compiled.flags  # once compiled, the flags a compiled pattern reports


def test_nothing_is_compiled_until_first_use_then_once():
    broken = LazyPattern("(unclosed")  # a bad pattern costs nothing while unused
    with pytest.raises(re.error):
        broken.search("text")
    lazy = LazyPattern(r"\bheroin\b")
    first = lazy.search
    assert isinstance(first.__self__, re.Pattern)  # the compiled pattern's own method
    assert lazy.search.__self__ is first.__self__  # kept: later calls never compile again


def test_an_unknown_attribute_is_an_attribute_error():
    with pytest.raises(AttributeError):
        LazyPattern("x").no_such_method  # noqa: B018
