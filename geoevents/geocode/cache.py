"""A persistent SQLite cache of geocoder answers, so each name is asked only once.

Keyed by geocoder + normalised query + country hint.  Negative answers (no result) are
stored too.  Only validated candidate dicts are stored, as JSON; nothing read back is
evaluated, and rows that do not validate are ignored.  If the file cannot be used
(read-only directory, not a database) the run continues with an in-memory cache and
one warning.
"""
from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from geoevents.geocode.interpret import is_candidate

MEMORY = ":memory:"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    geocoder TEXT NOT NULL,
    query TEXT NOT NULL,
    hint TEXT NOT NULL,
    answer TEXT NOT NULL,
    fetched TEXT NOT NULL,
    PRIMARY KEY (geocoder, query, hint)
) WITHOUT ROWID
"""


def default_cache_path(env: Mapping[str, str] | None = None) -> Path:
    """$XDG_CACHE_HOME/geoevents/geocode.sqlite (~/.cache when unset; LOCALAPPDATA on Windows)."""
    env = os.environ if env is None else env
    base = env.get("XDG_CACHE_HOME", "").strip()
    if not base or not os.path.isabs(base):  # the XDG spec says relative values are invalid
        base = env.get("LOCALAPPDATA", "").strip() if os.name == "nt" else ""
    root = Path(base) if base else _home(env) / ".cache"
    return root / "geoevents" / "geocode.sqlite"


def _home(env: Mapping[str, str]) -> Path:
    if env.get("HOME"):
        return Path(env["HOME"])
    try:
        return Path.home()
    except (RuntimeError, KeyError):  # no home directory (some service accounts)
        return Path(tempfile.gettempdir())


class GeocodeCache:
    """Get/put candidate lists; the file is opened (and created) on first use only."""

    def __init__(self, path: str | os.PathLike[str] | None,
                 on_warning: Callable[[str], None]) -> None:
        self.path = str(path) if path is not None else str(default_cache_path())
        self._warn = on_warning
        self._lock = threading.Lock()
        self._conn: sqlite3.Connection | None = None

    def get(self, geocoder: str, query: str, hint: str | None) -> list[dict[str, Any]] | None:
        """The cached candidates ([] for a cached negative), or None when not cached."""
        row = self._run("SELECT answer FROM answers WHERE geocoder=? AND query=? AND hint=?",
                        (geocoder, query, hint or ""), fetch=True)
        if row is None:
            return None
        try:
            answer = json.loads(row[0])
        except (TypeError, ValueError):
            return None
        if not isinstance(answer, list) or not all(is_candidate(c) for c in answer):
            return None
        return answer

    def put(self, geocoder: str, query: str, hint: str | None,
            candidates: list[dict[str, Any]]) -> None:
        stamp = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
        self._run("INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?)",
                  (geocoder, query, hint or "", json.dumps(candidates, ensure_ascii=False,
                                                           sort_keys=True), stamp))

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def _run(self, sql: str, params: tuple[str, ...], fetch: bool = False) -> Any:
        with self._lock:
            for _ in range(2):
                try:
                    conn = self._connection()
                    cursor = conn.execute(sql, params)
                    return cursor.fetchone() if fetch else None
                except (sqlite3.Error, OSError) as exc:
                    if self.path == MEMORY:
                        raise
                    self._fall_back_to_memory(exc)
            return None

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            if self.path != MEMORY:
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=5.0, isolation_level=None,
                                   check_same_thread=False)
            try:
                conn.execute(_SCHEMA)
            except sqlite3.Error:
                conn.close()
                raise
            self._conn = conn
        return self._conn

    def _fall_back_to_memory(self, exc: Exception) -> None:
        self._warn(f"geocode cache {self.path} is unusable ({exc}); "
                   "answers are kept in memory for this run only")
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        self.path = MEMORY
