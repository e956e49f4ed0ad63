"""Stop on SIGTERM and SIGHUP as cleanly as on Ctrl-C, and leave no worker behind.

A service manager, ``timeout`` or a closed terminal stops a run with SIGTERM or
SIGHUP, whose default action kills the process on the spot: the temporary output
beside the target stays and the pool's workers, blocked on their task queue, live
on.  :func:`unwinding` turns both signals into :class:`Terminated`, an exception that
unwinds like KeyboardInterrupt (temp file removed, workers stopped by the engine)
and ends the run with status 128 + signal number, as a shell reports a killed job.

SIGKILL allows no clean-up at all, so each worker also watches its parent
(:func:`worker_started`, the pool's initializer) and exits when it is gone.
"""
from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from types import FrameType

PARENT_POLL_SECONDS = 0.5  # how soon a worker notices, where the kernel cannot tell it
_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived.  A BaseException, like KeyboardInterrupt, so that
    ``except Exception`` around per-document work does not swallow it."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        self.name = signal.Signals(signum).name
        super().__init__(f"stopped by {self.name}")

    @property
    def exit_status(self) -> int:
        return 128 + self.signum


def _stop_signals() -> list[signal.Signals]:
    return [s for s in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None))
            if s is not None]


@contextlib.contextmanager
def unwinding() -> Iterator[None]:
    """Within the block, SIGTERM and SIGHUP raise :class:`Terminated` in the main thread;
    the previous handlers are back afterwards (main() may run inside a test or a host).

    A signal the process was started ignoring stays ignored (``nohup`` must keep
    working).  The first signal unwinds; a second one while cleaning up kills at
    once, the way a second Ctrl-C does in most tools.
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # signal.signal works only there; the host keeps its own handling
        return
    owner = os.getpid()

    def stop(signum: int, frame: FrameType | None) -> None:
        if os.getpid() != owner:  # a forked child before its initializer reset us
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        for each in _stop_signals():
            signal.signal(each, signal.SIG_DFL)
        raise Terminated(signum)

    previous = {signum: signal.getsignal(signum) for signum in _stop_signals()}
    for signum, handler in previous.items():
        if handler is signal.SIG_DFL:
            signal.signal(signum, stop)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def worker_started(creator: int, kernel_watch: bool) -> None:
    """Pool initializer: default signal actions, and exit when the parent dies.

    ``creator`` is the pid of the process that made the pool.  ``kernel_watch`` asks
    Linux to kill this worker with its parent (PR_SET_PDEATHSIG); it is only right
    when the pool was made in the main thread, because the kernel fires it when the
    forking *thread* ends.  A polling thread covers every platform and that case.
    """
    for signum in _stop_signals():
        signal.signal(signum, signal.SIG_DFL)  # a forked worker inherits unwinding()'s handler
    first_parent = os.getppid()
    if kernel_watch and sys.platform.startswith("linux"):
        _linux_parent_death_signal()
    if _parent_gone(first_parent, creator):  # it died before the watch was set up
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(first_parent, creator),
                     name="geoevents-parent-watch", daemon=True).start()


def _linux_parent_death_signal() -> None:
    with contextlib.suppress(Exception):  # no libc prctl (musl oddities): polling remains
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)


def _watch_parent(first_parent: int, creator: int) -> None:
    while True:
        time.sleep(PARENT_POLL_SECONDS)
        if _parent_gone(first_parent, creator):
            os._exit(1)  # nobody is left to read a result; skip the interpreter's clean-up


def _parent_gone(first_parent: int, creator: int) -> bool:
    if os.getppid() != first_parent:  # POSIX re-parents an orphan (to init or a subreaper)
        return True
    if os.name == "posix":
        try:
            os.kill(creator, 0)
        except ProcessLookupError:
            return True
        except PermissionError:  # the pid now belongs to another user's process
            return True
        return False
    # Windows keeps the parent's pid in getppid(); the parent's process handle tells.
    import multiprocessing  # here: the CLI imports this module and must start fast

    parent = multiprocessing.parent_process()
    return parent is not None and not parent.is_alive()
