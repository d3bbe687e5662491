"""A row has one status: a rename that ends at a private repository is dead, with no new home.

End to end against the emulator: REST answers the old name with a 301 to a repository that is
private (dead to a reader of the digest), GraphQL resolves the rename too; every format that
names a new home (JSON, CSV, the table's "→") must say nothing of one on that dead row.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from repro_audit.cli.main import Streams, main
from tests.emulator import GitHubEmulator, RepoSpec

NOW = datetime(2025, 11, 20, 12, 0, tzinfo=timezone.utc)
TOKEN = "ghp_one_status_token"
DIGEST = (
    "| Title | Date | Abstract | Comment | CodeRepository |\n|---|---|---|---|---|\n"
    "| Went private | 2025-10-01 | a | c | [Code Link](https://github.com/lab/old-name) |\n"
    "| Renamed | 2025-10-02 | a | c | [Code Link](https://github.com/lab/renamed) |\n"
)


def _run(emu: GitHubEmulator, digest: Path, fmt: str, token: str | None) -> str:
    out, err = io.StringIO(), io.StringIO()
    argv = [str(digest), "--format", fmt, "--fail-on", "never", "--no-cache"]
    main(argv, emu.env(token), Streams(out, err), clock=lambda: NOW)
    assert "Traceback" not in err.getvalue()
    return out.getvalue()


@pytest.mark.parametrize("token", [None, TOKEN], ids=["rest+git", "graphql"])
def test_a_rename_to_a_private_repository_is_dead_without_moved_to(
    github_emulator: GitHubEmulator, tmp_path: Path, token: str | None
) -> None:
    emu = github_emulator
    emu.private_readable = True  # GitHub answers `private: true` (to a member), not a 404
    emu.add_repo(RepoSpec("lab", "old-name", private=True))
    emu.rename("lab/old-name", "lab/secret-home")
    emu.add_repo(RepoSpec("lab", "renamed"))
    emu.rename("lab/renamed", "lab/new-home")
    digest = tmp_path / "digest.md"
    digest.write_text(DIGEST, encoding="utf-8")

    rows = {row["code_link"]: row for row in json.loads(_run(emu, digest, "json", token))["rows"]}
    private = rows["https://github.com/lab/old-name"]
    assert (private["link_status"], private["moved_to"]) == ("dead", None)
    moved = rows["https://github.com/lab/renamed"]
    assert (moved["link_status"], moved["moved_to"]) == ("moved", "lab/new-home")

    table = {
        r["code_link"]: r for r in csv.DictReader(io.StringIO(_run(emu, digest, "csv", token)))
    }
    assert table["https://github.com/lab/old-name"]["moved_to"] == ""
    assert table["https://github.com/lab/renamed"]["moved_to"] == "lab/new-home"
    text = _run(emu, digest, "table", token)
    assert "secret-home" not in text and "lab/new-home" in text
