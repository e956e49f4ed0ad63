"""One rate limit, one time budget and one circuit breaker per run, shared by its processes.

``extract --jobs 4`` geocodes in four worker processes, yet Nominatim's "at most one
request a second", the run's ``--geocode-budget`` and the breaker (stop asking after
the first failure, say so once) must hold for the run, not for each process.  So their
state lives in a small JSON file beside the geocode cache (``geocode.sqlite-runs``; a
private temporary directory with ``:memory:``), read and rewritten only under an
exclusive ``fcntl.flock``: every process that knows the run id (the batch engine hands
it to its workers) takes part.  The rate limit in that file is per service, not per
run, so two runs at once still ask one server at most once per delay.

Without flock (Windows) or a usable directory the state is kept in this process only:
geocoding still works, with the limits per process.
"""
from __future__ import annotations

import json
import math
import os
import secrets
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

MEMORY = ":memory:"
FORGET_AFTER = 86_400.0  # entries idle this long are dropped (finished or crashed runs)
MAX_QUEUE = 64  # no request waits more than this many delays, whatever the wall clock did
MAX_STATE_BYTES = 1 << 20
T = TypeVar("T")


def new_run_id() -> str:
    return secrets.token_hex(8)


def state_path(cache_path: str) -> Path | None:
    """The run-state file for a cache path, or None where flock is unavailable."""
    if fcntl is None:
        return None
    if cache_path != MEMORY:
        return Path(f"{cache_path}-runs")  # a sidecar, like SQLite's own -journal file
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return Path(tempfile.gettempdir()) / f"geoevents-{uid}" / "geocode-runs"


@dataclass(frozen=True, slots=True)
class Turn:
    """The go-ahead for one request, or why there is none."""

    seconds: float = 0.0  # the request's deadline: the timeout, or less when the budget is low
    stopped: str | None = None  # the run stopped asking, and why
    announce: bool = False  # this call stopped it, so its caller warns (once per run)


class SharedRun:
    """The rate limit, budget and breaker of run ``run_id`` for requests to ``service``."""

    def __init__(self, run_id: str, path: Path | None, service: str, *, min_delay: float,
                 budget: float) -> None:
        self.run_id, self.path, self.service = run_id, path, service
        self.min_delay, self.budget = min_delay, budget
        self._lock = threading.Lock()
        self._memory: dict[str, Any] = {}  # the state when there is no usable file

    def begin(self, timeout: float) -> Turn:
        """Wait for this request's slot under the rate limit, then check the run may ask."""
        wait = self._update(self._reserve)
        if wait > 0:
            time.sleep(wait)
        return self._update(lambda state: self._admit(state, timeout))

    def end(self, seconds: float) -> None:
        """Charge a finished request's duration to the run's budget."""
        def charge(state: dict[str, Any]) -> None:
            entry = _entry(state, self.run_id)
            entry["spent"] += max(0.0, seconds)
        self._update(charge)

    def stop(self, reason: str) -> bool:
        """Stop asking for the rest of the run; True for the one caller that should warn."""
        def trip(state: dict[str, Any]) -> bool:
            entry = _entry(state, self.run_id)
            if entry["stopped"] is not None:
                return False
            entry["stopped"] = reason
            return True
        return self._update(trip)

    def budget_reason(self) -> str:
        return f"geocoding budget of {self.budget:g} s used up (--geocode-budget)"

    def _reserve(self, state: dict[str, Any]) -> float:
        """Book the next free slot for this service; the seconds to wait for it."""
        if _entry(state, self.run_id)["stopped"] is not None:
            return 0.0  # no wait: _admit will say why
        now = time.time()  # wall time: the one clock every process reads alike
        last = state["last"].get(self.service)
        start = now if last is None else max(now, last + self.min_delay)
        start = min(start, now + self.min_delay * MAX_QUEUE)  # a clock stepped back: no stall
        state["last"][self.service] = start
        return start - now

    def _admit(self, state: dict[str, Any], timeout: float) -> Turn:
        entry = _entry(state, self.run_id)
        if entry["stopped"] is not None:  # another process failed or spent the budget
            return Turn(stopped=entry["stopped"])
        left = self.budget - entry["spent"]
        if left <= 0:
            entry["stopped"] = self.budget_reason()
            return Turn(stopped=entry["stopped"], announce=True)
        return Turn(seconds=min(timeout, left))

    def _update(self, change: Callable[[dict[str, Any]], T]) -> T:
        """Apply ``change`` to the state under the lock and save it."""
        with self._lock:
            if self.path is not None:
                try:
                    return _update_file(self.path, change)
                except OSError:  # read-only directory, full disk, someone else's file
                    self.path = None
            return change(_clean(self._memory))


def _update_file(path: Path, change: Callable[[dict[str, Any]], T]) -> T:
    # Opened afresh for every change: a descriptor kept open would be inherited by forked
    # workers, and flock locks held through a shared descriptor do not exclude each other.
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
    try:
        if hasattr(os, "getuid") and os.fstat(fd).st_uid != os.getuid():
            raise PermissionError(f"{path} belongs to another user")
        fcntl.flock(fd, fcntl.LOCK_EX)  # released when fd is closed
        try:
            state = json.loads(os.read(fd, MAX_STATE_BYTES) or b"{}")
        except ValueError:  # a torn or foreign file: start afresh, losing only timings
            state = {}
        state = _clean(state if isinstance(state, dict) else {})
        result = change(state)
        data = json.dumps(state, separators=(",", ":")).encode()
        os.lseek(fd, 0, os.SEEK_SET)
        os.ftruncate(fd, 0)
        while data:
            data = data[os.write(fd, data):]
        return result
    finally:
        os.close(fd)


def _clean(state: dict[str, Any]) -> dict[str, Any]:
    """The state with well-typed fields and without entries idle for a day."""
    now = time.time()
    last = state.get("last") if isinstance(state.get("last"), dict) else {}
    state["last"] = {k: v for k, v in last.items()
                     if _number(v) and now - FORGET_AFTER < v}
    runs = state.get("runs") if isinstance(state.get("runs"), dict) else {}
    state["runs"] = {k: v for k, v in runs.items()
                     if isinstance(v, dict) and _number(v.get("seen"))
                     and now - FORGET_AFTER < v["seen"]}
    return state


def _entry(state: dict[str, Any], run_id: str) -> dict[str, Any]:
    entry = state["runs"].setdefault(run_id, {})
    spent, stopped = entry.get("spent"), entry.get("stopped")
    entry["spent"] = float(spent) if _number(spent) and spent >= 0 else 0.0
    entry["stopped"] = stopped if isinstance(stopped, str) else None
    entry["seen"] = time.time()
    return entry


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
