"""Shared fixtures: a GitHub emulator on 127.0.0.1 for any test that needs one."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.emulator import GitHubEmulator
from tests.emulator.emulator import LOOPBACK_HOSTS
from tests.emulator.example_archive import ExampleArchive, add_example_archive
from tests.emulator.example_world import ExampleWorld, build_example_world
from tests.emulator.swh import SwhEmulator


@pytest.fixture(autouse=True)
def private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Every test gets its own cache folder, so no test reads another's facts or the user's."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Web and other-host checks may reach loopback only, even for a run given os.environ."""
    monkeypatch.setenv("REPRO_AUDIT_WEB_ALLOW", LOOPBACK_HOSTS)


@pytest.fixture
def github_emulator(tmp_path: Path) -> Iterator[GitHubEmulator]:
    """A started emulator with no repositories; each test adds what it needs."""
    with GitHubEmulator(tmp_path / "github") as emu:
        yield emu


@pytest.fixture(scope="module")
def example(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[GitHubEmulator, ExampleWorld]]:
    """An emulator holding the example digest's repositories, one per test module (the CLI and
    concurrency tests read it; test_digest.py has an `example` digest of its own)."""
    with GitHubEmulator(tmp_path_factory.mktemp("github")) as emu:
        yield emu, build_example_world(emu)


@pytest.fixture(scope="module")
def example_archive() -> Iterator[tuple[SwhEmulator, ExampleArchive]]:
    """A Software Heritage emulator holding archive records for some example repositories."""
    with SwhEmulator() as swh:
        yield swh, add_example_archive(swh)


@dataclass(frozen=True)
class ArchivedExample:
    """The example world with its Software Heritage records, logs cleared, budget full."""

    emu: GitHubEmulator
    world: ExampleWorld
    swh: SwhEmulator
    archive: ExampleArchive

    @property
    def parts(self) -> tuple[GitHubEmulator, ExampleWorld, SwhEmulator, ExampleArchive]:
        """All four, to unpack."""
        return self.emu, self.world, self.swh, self.archive


@pytest.fixture
def archived_example(
    example: tuple[GitHubEmulator, ExampleWorld],
    example_archive: tuple[SwhEmulator, ExampleArchive],
) -> ArchivedExample:
    """Both example emulators for one test: each run asks SWH about 49 times of the 120 an hour
    the emulator allows, so the budget and the logs start afresh."""
    (emu, world), (swh, archive) = example, example_archive
    swh.clear()
    emu.clear_requests()
    return ArchivedExample(emu, world, swh, archive)
