"""Every file the command line names is read the same way: a regular file, bounded, refused in
one line otherwise. `audit fix` on a FIFO used to wait for a writer forever and `--config
/dev/zero` to read without end; now both are refused before a byte is read."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.cli.installed import clean_env, run

TABLE = "| Title | Date | Abstract | Comment | CodeRepository |\n|---|---|---|---|---|\n"


def _plant(kind: str, path: Path) -> None:
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        path.symlink_to("/dev/zero")
    # "missing": nothing is made


@pytest.mark.parametrize(
    ("command", "kind", "says"),
    [
        (["fix", "{bad}"], "fifo", "not a regular file"),
        (["fix", "{bad}"], "device", "not a regular file"),
        (["fix", "{bad}"], "missing", "no such file"),
        (["{good}", "--config", "{bad}", "--offline"], "fifo", "not a regular file"),
        (["{good}", "--config", "{bad}", "--offline"], "device", "not a regular file"),
        (["{good}", "--config", "{bad}", "--offline"], "missing", "no such file"),
    ],
)
def test_a_named_file_that_is_not_a_regular_file_is_one_line(
    tmp_path: Path, command: list[str], kind: str, says: str
) -> None:
    good = tmp_path / "good.md"
    good.write_text(TABLE + "| A | 2025-10-01 | a | c | [Code](https://github.com/lab/tool) |\n")
    bad = tmp_path / "bad.md"
    _plant(kind, bad)
    argv = [part.format(good=good, bad=bad) for part in command]
    done = run(argv, clean_env(tmp_path), timeout=30)
    assert done.code == 3, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and says in lines[0] and "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("extra", "stdout_has"),
    [
        # a gate must not pass green on a list it never read: the others are still read
        (["--dump"], "good.md: 1 entries"),
        (["--offline", "--no-archive", "--no-cache", "--format", "csv"], "lab/tool"),
    ],
)
def test_an_unreadable_file_among_others_is_exit_3_after_the_others(
    tmp_path: Path, extra: list[str], stdout_has: str
) -> None:
    good = tmp_path / "good.md"
    good.write_text(TABLE + "| A | 2025-10-01 | a | c | [Code](https://github.com/lab/tool) |\n")
    missing = tmp_path / "missing.md"
    done = run([str(good), str(missing), *extra], clean_env(tmp_path), timeout=60)
    assert done.code == 3, done.stderr
    assert stdout_has in done.stdout
    assert f"{missing}: no such file" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("content", ["", "   \n\n", "# Only a heading\n\nSome prose.\n"])
def test_a_list_with_no_paper_is_exit_3_for_dump_as_for_audit(tmp_path: Path, content: str) -> None:
    path = tmp_path / "empty.md"
    path.write_text(content)
    dumped = run(["--dump", str(path)], clean_env(tmp_path), timeout=30)
    assert dumped.code == 3 and dumped.stdout.startswith(f"{path}: 0 entries")
    assert dumped.stderr.strip() == f"audit: error: {path}: no paper table and no code links found"
    audited = run([str(path), "--offline", "--no-cache"], clean_env(tmp_path), timeout=30)
    assert audited.code == 3 and audited.stderr.strip() == dumped.stderr.strip()
