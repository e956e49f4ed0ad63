"""Atomic output keeps a complete file or the old one, with ordinary permissions."""
from __future__ import annotations

import os
import stat

import pytest

from geoevents.io import atomic_output


def test_new_file_gets_umask_mode(tmp_path):
    target = tmp_path / "out.geojson"
    with atomic_output(target) as handle:
        handle.write("{}")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask
    assert target.read_text() == "{}"


def test_replaced_file_keeps_its_mode(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old")
    target.chmod(0o640)
    with atomic_output(target) as handle:
        handle.write("new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640 and target.read_text() == "new"


def test_failure_keeps_the_old_file_and_leaves_no_temp(tmp_path):
    target = tmp_path / "out.geojson"
    target.write_text("old")
    with pytest.raises(RuntimeError):
        with atomic_output(target) as handle:
            handle.write("half")
            raise RuntimeError("boom")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.geojson"]


def test_fifo_target_is_streamed_into_not_replaced(tmp_path):
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read_all() -> None:
        with open(fifo, "rb") as reader:
            received.append(reader.read())

    reader = threading.Thread(target=read_all, daemon=True)
    reader.start()
    with atomic_output(fifo) as handle:
        handle.write('{"type": "FeatureCollection"}')
    reader.join(timeout=10)
    assert received == [b'{"type": "FeatureCollection"}']
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]


def test_symlink_to_a_device_writes_through_and_keeps_both(tmp_path):
    link = tmp_path / "sink"
    link.symlink_to("/dev/null")
    with atomic_output(link) as handle:
        handle.write("discarded")
    assert link.is_symlink() and os.readlink(link) == "/dev/null"
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.mark.skipif(os.geteuid() != 0, reason="creating a device node needs root")
def test_character_device_target_is_written_not_replaced(tmp_path):
    device = tmp_path / "null"
    os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    with atomic_output(device, binary=True) as handle:
        handle.write(b"discarded")
    assert stat.S_ISCHR(device.stat().st_mode)


def test_symlink_to_a_file_replaces_the_target_and_keeps_the_link(tmp_path):
    real = tmp_path / "real.geojson"
    real.write_text("old")
    link = tmp_path / "link.geojson"
    link.symlink_to(real.name)
    with atomic_output(link) as handle:
        handle.write("new")
    assert link.is_symlink() and real.read_text() == "new"
