"""Errors a user can act on: the CLI prints them as one line and exits 2."""
from __future__ import annotations


class GeoeventsError(Exception):
    """Base class for errors caused by input or options, not by a bug."""


class InputError(GeoeventsError):
    """A file or stream that cannot be used; names the path."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
