"""Shared fixtures: a GitHub emulator on 127.0.0.1 for any test that needs one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.emulator import GitHubEmulator


@pytest.fixture
def github_emulator(tmp_path: Path) -> Iterator[GitHubEmulator]:
    """A started emulator with no repositories; each test adds what it needs."""
    with GitHubEmulator(tmp_path / "github") as emu:
        yield emu
