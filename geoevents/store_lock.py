"""One writing run at a time on an event store.

SQLite already serialises transactions, but two ``extract --db`` runs on one store would
each process every changed document (each planned before the other stored anything),
take turns at the write lock for the whole of both runs, and say nothing.  So a writing
run holds an exclusive ``fcntl.flock`` on a sidecar file (``STORE-lock``, beside
SQLite's own ``-wal`` and ``-shm``) holding its PID.  A second run says once that it is
waiting and for whom, waits until the first finishes (up to ``wait`` seconds), and then
re-plans against what the first one stored.  Readers (``export``, ``map``) take no part:
WAL mode lets them read during a run.

The kernel drops the lock when its holder dies, even by SIGKILL, so a stale file never
blocks anyone.  Without flock (Windows) there is no run lock: the runs interleave their
per-document transactions, as before.
"""
from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator

from geoevents.errors import GeoeventsError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

POLL_SECONDS = 0.1


def lock_path(store: str) -> str:
    return f"{store}-lock"


@contextlib.contextmanager
def writer_lock(store: str, wait: float, say: Callable[[str], None]) -> Iterator[None]:
    """Hold the store's run lock for the block; ``say`` gets the one waiting line.
    GeoeventsError (exit 2) when another run still holds it after ``wait`` seconds
    (0: at once)."""
    fd = _acquire(store, wait, say) if fcntl is not None else None
    try:
        yield
    finally:
        if fd is not None:
            _release(store, fd)


def _acquire(store: str, wait: float, say: Callable[[str], None]) -> int | None:
    path = lock_path(store)
    began = time.monotonic()
    deadline = began + wait
    told = False
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError:
            return None  # an unwritable directory: SQLite will say why the store cannot be written
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = _holder(fd)
            os.close(fd)
            if time.monotonic() >= deadline:
                waited = f" (waited {wait:g}s, --db-wait)" if wait else ""
                raise GeoeventsError(f"store {store} in use by PID {holder or '?'}{waited}")
            # The holder writes its PID just after locking: give it a moment to.
            if not told and (holder or time.monotonic() - began > 1.0):
                whom = f"PID {holder}" if holder else "another process"
                say(f"geoevents: waiting for the store {store}, in use by {whom}")
                told = True
            time.sleep(min(POLL_SECONDS, max(deadline - time.monotonic(), 0.0)))
            continue
        if not _names(path, fd):
            os.close(fd)  # the previous holder removed this file after we opened it
            continue
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        return fd


def _release(store: str, fd: int) -> None:
    # Removed while still locked, so no one can lock this file afterwards and believe
    # it is the store's lock: a waiter that had it open sees it unlinked and reopens.
    path = lock_path(store)
    try:
        if _names(path, fd):
            os.unlink(path)
    except OSError:
        pass
    finally:
        os.close(fd)


def _names(path: str, fd: int) -> bool:
    """True when ``path`` is still the file open as ``fd``."""
    try:
        found, mine = os.stat(path), os.fstat(fd)
    except OSError:
        return False
    return (found.st_dev, found.st_ino) == (mine.st_dev, mine.st_ino)


def _holder(fd: int) -> str:
    """The PID the holder wrote, waiting briefly if it has only just taken the lock."""
    for _ in range(10):
        try:
            text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        except OSError:
            return ""
        if text.isdigit():
            return text
        time.sleep(0.02)
    return ""
