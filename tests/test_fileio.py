"""Whole-or-nothing file replacement, and devices are written, never renamed over."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from repro_audit.fileio import write_atomically


@pytest.mark.parametrize("data", ["text é\n", b"\x00bytes"])
def test_replaces_whole_and_leaves_no_temporary(tmp_path: Path, data: str | bytes) -> None:
    target = tmp_path / "sub" / "report.json"
    write_atomically(target, "old")
    write_atomically(target, data)
    expected = data.encode() if isinstance(data, str) else data
    assert target.read_bytes() == expected
    assert sorted(p.name for p in target.parent.iterdir()) == ["report.json"]


def test_mode_is_applied(tmp_path: Path) -> None:
    target = tmp_path / "digest.md"
    write_atomically(target, "x", mode=0o640)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_a_fifo_is_written_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        write_atomically(fifo, "through the pipe")
        assert os.read(reader, 100) == b"through the pipe"
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_dev_null_stays_a_device() -> None:
    write_atomically(Path(os.devnull), "discarded")
    assert stat.S_ISCHR(Path(os.devnull).stat().st_mode)
