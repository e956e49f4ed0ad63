"""The check every writing command runs on its output paths before it writes anything.

An output that is also an input would be destroyed by the run (``extract a.txt -o a.txt``
replaces the report; ``extract DIR --db s.sqlite -o s.sqlite`` renames a GeoJSON file
over the store it has just filled), so it is refused; so is a path that cannot be
written (a directory, a parent that is a file or is not writable) -- with the cause
and exit status 2 instead of a traceback after the work is done.  A read-only file is
replaced only with ``--force``, as ``rm`` asks before removing one.  ``-`` (stdout),
devices and FIFOs are written into, never replaced, so only their writability matters.
"""
from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

import click

from geoevents.errors import GeoeventsError

force_option = click.option("--force", is_flag=True,
                            help="Replace the output file even when it is read-only.")

# SQLite keeps part of a store beside it: writing over these would corrupt it too.
_STORE_SIDECARS = ("", "-wal", "-shm", "-journal")


def check_output(output: str | None, *, option: str = "-o", inputs: Iterable[str] = (),
                 glob: str | None = None, stores: Iterable[str | None] = (),
                 force: bool = False, in_place: bool = False) -> None:
    """Raise GeoeventsError (exit 2) when ``output`` must not or cannot be written.

    ``inputs`` are the command's INPUT paths (``-`` is standard input); a directory among
    them stands for the files ``glob`` finds in it, as the command reads them.
    ``stores`` are ``--db`` event stores the run reads or writes.  A path is the same
    file as another when both exist and share device and inode (hard links, symlinks),
    else when both resolve to the same path (a store the run is about to create).
    ``in_place``: the file is updated where it is (an SQLite store), not replaced, so
    its own permissions decide and SQLite says why it cannot write.
    """
    if output is None or output == "-":
        return
    named = f"{option} {output}"
    found = _stat(output)
    if found is not None and not stat.S_ISREG(found.st_mode):
        if stat.S_ISDIR(found.st_mode):
            raise GeoeventsError(f"{named} is a directory, not a file")
        return  # a device, FIFO or socket: written into, never replaced
    if found is None and output.endswith(("/", os.sep)):
        raise GeoeventsError(f"{named} names a directory, not a file")
    for store in stores:
        if store and any(_same(output, found, store + suffix) for suffix in _STORE_SIDECARS):
            raise GeoeventsError(f"{named} is also the --db store" +
                                 (f" ({store})" if store != output else ""))
    for path in _input_files(inputs, glob):
        if _same(output, found, path):
            shown = "standard input" if path == "-" else path
            raise GeoeventsError(f"{named} is also an input" +
                                 (f" ({shown})" if shown != output else ""))
    _check_writable(named, output, found, force or in_place)


def _check_writable(named: str, output: str, found: os.stat_result | None, force: bool) -> None:
    target = Path(os.path.realpath(output))
    if found is not None:
        # root may write anything: a file without any write bit is read-only all the same
        if not force and (not os.access(target, os.W_OK) or not found.st_mode & 0o222):
            raise GeoeventsError(f"{named} is read-only (--force replaces it)")
        folder = target.parent  # the new file is made beside it, then renamed over it
    else:
        folder = target.parent
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent  # missing directories are made: check the one above
        if not folder.is_dir():
            raise GeoeventsError(f"{named}: {folder} is not a directory")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise GeoeventsError(f"{named}: cannot create files in {folder}: permission denied")


def _input_files(inputs: Iterable[str], glob: str | None) -> Iterator[str]:
    for item in inputs:
        if item != "-" and glob is not None and os.path.isdir(item):
            yield from (str(p) for p in Path(item).rglob(glob))
        else:
            yield item


def _same(output: str, found: os.stat_result | None, other: str) -> bool:
    theirs = _stdin_stat() if other == "-" else _stat(other)
    if found is not None and theirs is not None:
        return (found.st_dev, found.st_ino) == (theirs.st_dev, theirs.st_ino)
    if other == "-":
        return False
    return os.path.realpath(output) == os.path.realpath(other)


def _stat(path: str) -> os.stat_result | None:
    try:
        return os.stat(path)
    except (OSError, ValueError):  # missing, a file used as a directory, a NUL in the name
        return None


def _stdin_stat() -> os.stat_result | None:
    """Standard input when it is a regular file (``< events.geojson``), else None."""
    try:
        found = os.fstat(0)
    except OSError:
        return None
    return found if stat.S_ISREG(found.st_mode) else None
