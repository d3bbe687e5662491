"""`--changed-since`: which digest lines a change added or edited, from a real git repository."""

from __future__ import annotations

from pathlib import Path

import git
import pytest

from repro_audit.reading.changed import (
    WHOLE_FILE,
    ChangedSinceError,
    added_lines,
    changed_lines,
    select_changed,
)
from repro_audit.reading.digest import read_digest

HEAD = "| Title | Date | CodeRepository |\n| --- | --- | --- |\n"


def row(title: str, repo: str) -> str:
    """One paper row linking github.com/<repo>."""
    return f"| {title} | 2025-10-16 | [Code Link](https://github.com/{repo}) |\n"


def digest(*rows: str) -> str:
    return "## Papers\n\n" + HEAD + "".join(rows)


@pytest.mark.parametrize(
    ("patch", "lines"),
    [
        (b"", set()),
        (b"@@ -3 +3 @@\n-a\n+b\n", {3}),  # one line replaced: count left out means 1
        (b"@@ -0,0 +1,2 @@\n+a\n+b\n", {1, 2}),  # added at the top
        (b"@@ -4,2 +3,0 @@\n-a\n-b\n", set()),  # a pure deletion adds nothing
        (b"@@ -1 +1 @@\n-a\n+b\n@@ -9,0 +10,3 @@\n+c\n+d\n+e\n", {1, 10, 11, 12}),
        (b"@@ -1 +1 @@ heading\n-x\n+@@ -5 +5 @@\n", {1}),  # a hunk header inside a line
    ],
)
def test_added_lines(patch: bytes, lines: set[int]) -> None:
    assert added_lines(patch) == lines


class Repo:
    """A real repository in a temporary folder, committed with GitPython."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.git = git.Repo.init(root, initial_branch="main")
        with self.git.config_writer() as config:
            config.set_value("user", "name", "Digest Bot")
            config.set_value("user", "email", "bot@example.invalid")

    def write(self, name: str, text: str) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def commit(self, message: str) -> str:
        self.git.git.add(A=True)
        return str(self.git.index.commit(message).hexsha)


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return Repo(tmp_path / "digests-repo")


def _pr(repo: Repo) -> str:
    """A base commit, then a PR commit that adds, changes, removes and moves rows."""
    repo.write(
        "digests/a.md",
        digest(row("One", "lab/one"), row("Two", "lab/two"), row("Three", "lab/three")),
    )
    repo.write("digests/b.md", digest(row("Bee", "lab/bee"), row("Cee", "lab/cee")))
    base = repo.commit("base")
    repo.write(
        "digests/a.md",
        digest(row("One", "lab/one"), row("Two", "lab/two-v2"), row("Four", "lab/four")),
    )
    (repo.root / "digests" / "b.md").rename(repo.root / "digests" / "renamed.md")
    repo.write(
        "digests/renamed.md",
        digest(row("Bee", "lab/bee"), row("Cee", "lab/cee"), row("Dee", "lab/dee")),
    )
    repo.commit("pr: a new paper, a fixed link, a removed row, b.md renamed")
    return base


def test_added_and_changed_rows_by_line(repo: Repo) -> None:
    base = _pr(repo)
    a, renamed = repo.root / "digests" / "a.md", repo.root / "digests" / "renamed.md"
    changed = changed_lines([str(a), str(renamed)], base)
    # a.md: rows on lines 5, 6, 7; 6 changed (two -> two-v2), 7 replaced (three -> four)
    assert changed == {str(a): {6, 7}, str(renamed): {7}}
    digests = [read_digest(a.read_text(), str(a)), read_digest(renamed.read_text(), str(renamed))]
    selection = select_changed(digests, changed)
    kept = [entry.title for d in selection.digests for entry in d.entries]
    assert kept == ["Two", "Four", "Dee"]
    assert [entry.title for entry in selection.unchanged] == ["One", "Bee", "Cee"]
    assert selection.changed_rows == 3


def test_a_pure_rename_changes_nothing_and_a_new_file_everything(repo: Repo) -> None:
    repo.write("old.md", digest(row("One", "lab/one")))
    base = repo.commit("base")
    (repo.root / "old.md").rename(repo.root / "new.md")
    repo.write("added.md", digest(row("Two", "lab/two")))
    repo.commit("rename and add")
    repo.write("untracked.md", digest(row("Three", "lab/three")))
    names = [str(repo.root / n) for n in ("new.md", "added.md", "untracked.md")]
    expected = {names[0]: frozenset(), names[1]: WHOLE_FILE, names[2]: WHOLE_FILE}
    assert changed_lines(names, base) == expected


def test_uncommitted_edits_count_and_relative_paths_work(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.write("d.md", digest(row("One", "lab/one"), row("Two", "lab/two")))
    repo.commit("base")
    repo.write("d.md", digest(row("One", "lab/one"), row("Two", "lab/other")))
    monkeypatch.chdir(repo.root)
    assert changed_lines(["d.md"], "HEAD") == {"d.md": {6}}
    assert changed_lines(["d.md"], "main") == {"d.md": {6}}


def test_errors_are_one_line(repo: Repo, tmp_path: Path) -> None:
    repo.write("d.md", digest(row("One", "lab/one")))
    repo.commit("base")
    with pytest.raises(ChangedSinceError, match="no such commit"):
        changed_lines([str(repo.root / "d.md")], "no-such-branch")
    outside = tmp_path / "loose.md"
    outside.write_text(digest(row("One", "lab/one")))
    with pytest.raises(ChangedSinceError, match="not in a git repository"):
        changed_lines([str(outside)], "HEAD")
    with pytest.raises(ChangedSinceError, match="outside the repository"):
        changed_lines([str(repo.root / "d.md"), str(outside)], "HEAD")


def test_an_external_diff_driver_is_not_run(repo: Repo) -> None:
    """The checked-out tree chooses attributes; an external diff or textconv is never run."""
    marker = repo.root.parent / "ran"
    with repo.git.config_writer() as config:
        config.set_value("diff", "external", f"touch {marker}")
        config.set_value('diff "evil"', "textconv", f"touch {marker}; cat")
    repo.write(".gitattributes", "*.md diff=evil\n")
    repo.write("d.md", digest(row("One", "lab/one")))
    base = repo.commit("base")
    repo.write("d.md", digest(row("One", "lab/two")))
    assert changed_lines([str(repo.root / "d.md")], base) == {str(repo.root / "d.md"): {5}}
    assert not marker.exists()
