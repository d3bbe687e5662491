"""A small digest and a way to audit it run after run with distinct, injected timestamps."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from repro_audit.cli.main import Streams, main
from tests.emulator import GitHubEmulator, RepoSpec

TOKEN = "ghp_history_runs_token"
START = datetime(2025, 11, 20, 6, 0, tzinfo=timezone.utc)


@dataclass
class Result:
    """One in-process command: exit code and both streams."""

    code: int
    stdout: str
    stderr: str


def run(argv: list[str], env: dict[str, str], at: datetime = START) -> Result:
    """`audit ...` in process with the clock fixed at `at`."""
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, env, Streams(out, err), clock=lambda: at)
    return Result(code, out.getvalue(), err.getvalue())


def write_digest(folder: Path, server: str, name: str = "weekly.md") -> Path:
    """Three papers with code (kept, doomed, renamed) and one without."""
    path = folder / name
    lines = [
        "## Papers",
        "",
        "| Title | Date | Abstract | Comment | CodeRepository |",
        "|---|---|---|---|---|",
        f"| Kept paper | 2025-10-01 | a | c | [Code Link]({server}/lab/kept) |",
        f"| Doomed paper | 2025-10-02 | a | c | [Code Link]({server}/lab/doomed) |",
        "| Quiet paper | 2025-10-02 | a | c | None |",
        f"| Renamed paper | 2025-10-03 | a | c | [Code Link]({server}/lab/old) |",
    ]
    path.write_text("\n".join(lines) + "\n")
    return path


@dataclass
class History:
    """The emulator world, the digest, the history folder, and how many runs were made."""

    emu: GitHubEmulator
    digest: Path
    audits: Path
    runs: int = 0

    def add_world(self) -> None:
        """The three repositories, all alive."""
        self.emu.add_repo(RepoSpec("lab", "kept", license_spdx="MIT"))
        self.emu.add_repo(RepoSpec("lab", "doomed"))
        self.emu.add_repo(RepoSpec("lab", "old"))

    @property
    def later(self) -> datetime:
        """A moment after the last run: when a later step (report, diff) reads the history.
        Records dated after the reading run are not trusted, so it must not be earlier."""
        return START + timedelta(days=max(0, self.runs - 1), hours=1)

    def audit(self, *extra: str) -> Result:
        """One scheduled run, a day after the previous one."""
        at = START + timedelta(days=self.runs)
        self.runs += 1
        argv = [str(self.digest), "--history", str(self.audits), "--no-cache", *extra]
        return run(argv, self.emu.env(TOKEN), at)
