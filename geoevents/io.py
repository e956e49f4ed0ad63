"""Atomic output: write to a temp file beside the target, then rename over it.

An interrupted or failed run never leaves a half-written file, and an existing
output is replaced only when the new one is complete.  Standard output gets the same
promise: what a command writes there is spooled (in memory, then in a temporary file
past a few MB, so memory stays flat) and copied out only when the command succeeds, so
``geoevents filter bad.geojson > out.geojson`` leaves an empty file, never a broken one. Atomic replace is for regular
files and new paths: a device, FIFO or socket is written to directly (renaming over
``/dev/null`` would break the machine), and a symlink's target is replaced, never
the link itself.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from geoevents.errors import GeoeventsError


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike[str] | None, *, binary: bool = False,
                  newline: str | None = "\n") -> Iterator[IO]:
    """Yield a writable stream for ``path`` (``-`` or None means stdout)."""
    if path is None or str(path) == "-":
        yield from _spooled_stdout(binary)
        return
    target = Path(os.path.realpath(path))
    if _is_special(target):
        yield from _write_directly(target, binary=binary, newline=newline)
        return
    if target.is_dir():
        raise GeoeventsError(f"cannot write {path}: is a directory")
    try:  # commands check first (geoevents.commands._output); this catches a race
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                        dir=target.parent)
    except OSError as exc:
        raise GeoeventsError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        mode = "wb" if binary else "w"
        kwargs = {} if binary else {"encoding": "utf-8", "newline": newline}
        with os.fdopen(fd, mode, **kwargs) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file private (0600); give it the mode a plain open() would,
        # or keep the mode of the file it replaces
        os.chmod(tmp_name, _final_mode(target))
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise


# Past this much, the stdout spool moves from memory to a temporary file.
STDOUT_SPOOL_BYTES = 8 << 20


def _spooled_stdout(binary: bool) -> Iterator[IO]:
    """A spool that reaches stdout only when the block ends without an exception."""
    kwargs = {} if binary else {"encoding": "utf-8", "newline": ""}  # written as is, as
    # sys.stdout itself would receive it (the csv writer makes its own CRLF)
    with tempfile.SpooledTemporaryFile(max_size=STDOUT_SPOOL_BYTES, mode="w+b" if binary
                                       else "w+", **kwargs) as spool:
        yield spool
        spool.seek(0)
        target = sys.stdout.buffer if binary else sys.stdout
        shutil.copyfileobj(spool, target, 1 << 16)
        target.flush()


def _is_special(target: Path) -> bool:
    """True for an existing path that is neither a regular file nor a directory."""
    try:
        mode = target.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))


def _write_directly(target: Path, *, binary: bool, newline: str | None) -> Iterator[IO]:
    """Stream into a device, FIFO or socket: there is nothing to replace atomically."""
    mode = "wb" if binary else "w"
    kwargs = {} if binary else {"encoding": "utf-8", "newline": newline}
    try:
        handle = open(target, mode, **kwargs)  # noqa: SIM115 (closed below)
    except OSError as exc:
        raise GeoeventsError(f"cannot write {target}: {exc.strerror or exc}") from None
    with handle:
        yield handle
        handle.flush()


def _final_mode(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
