"""The code stays ruff- and mypy-clean: the checks run as tests so `.ci/run` enforces them."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]


PATHS = ("src", "tests", "bench")


@pytest.mark.parametrize(
    ("tool", "options"),
    [("ruff", ["check"]), ("ruff", ["format", "--check"]), ("mypy", [])],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_static_checks_pass(tool: str, options: list[str]) -> None:
    executable = shutil.which(tool, path=str(Path(sys.executable).parent))
    assert executable is not None, f"{tool} is not installed (pip install -e '.[test]')"
    paths = ["src"] if tool == "mypy" else [p for p in PATHS if (ROOT / p).exists()]
    result = subprocess.run(
        [executable, *options, *paths],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_module_is_overlong() -> None:
    sizes = {
        path.relative_to(ROOT).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for path in (ROOT / "src").rglob("*.py")
    }
    assert {name: lines for name, lines in sizes.items() if lines > 450} == {}
