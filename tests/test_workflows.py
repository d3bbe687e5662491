"""The workflow files and the composite action: valid by schema, and saying what we mean.

Validity comes from check-jsonschema with the GitHub workflow and action schemas it ships (from
SchemaStore), so nothing is downloaded at test time; actionlint's PyPI wrapper fetches its
binary while installing, which an offline machine cannot do. The structural tests below check
what a schema cannot: least privilege, the triggers, the Python matrix, and that every `audit`
option a workflow uses exists.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from repro_audit.cli.commands import diff, report
from repro_audit.cli.main import build_parser

ROOT = Path(__file__).parents[1]
WORKFLOWS = ROOT / ".github" / "workflows"
ACTION = ROOT / "action.yml"
CI, AUDIT = WORKFLOWS / "ci.yml", WORKFLOWS / "audit.yml"
CRON_FIELD = re.compile(r"^[\d*/,-]+$")
UNTRUSTED = re.compile(r"\$\{\{\s*(inputs\.|github\.event\.|github\.head_ref)")


def _load(path: Path) -> Any:
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _check_jsonschema(schema: str, *files: Path) -> subprocess.CompletedProcess[str]:
    executable = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
    assert executable is not None, "check-jsonschema missing: pip install -e '.[test]'"
    return subprocess.run(
        [executable, "--builtin-schema", schema, *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _steps(document: dict[str, Any]) -> list[dict[str, Any]]:
    if "runs" in document:
        steps: list[dict[str, Any]] = document["runs"]["steps"]
        return steps
    return [step for job in document["jobs"].values() for step in job["steps"]]


@pytest.mark.parametrize(
    ("schema", "files"),
    [("vendor.github-workflows", (CI, AUDIT)), ("vendor.github-actions", (ACTION,))],
)
def test_files_are_valid_by_schema(schema: str, files: tuple[Path, ...]) -> None:
    result = _check_jsonschema(schema, *files)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_catches_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\npermissions:\n  issues: admin\njobs:\n  x:\n    steps:\n      - run: true\n"
    )
    result = _check_jsonschema("vendor.github-workflows", broken)
    assert result.returncode != 0


def test_ci_runs_tests_lint_and_types_on_every_python() -> None:
    ci = _load(CI)
    triggers = ci["on"]
    assert "push" in triggers and "pull_request" in triggers
    assert ci["permissions"] == {"contents": "read"}
    [job] = ci["jobs"].values()
    assert job["strategy"]["matrix"]["python-version"] == ["3.10", "3.11", "3.12", "3.13"]
    scripts = "\n".join(step.get("run", "") for step in job["steps"])
    for command in ("bash .ci/run", "ruff check", "ruff format --check", "mypy src"):
        assert command in scripts


def test_audit_workflow_is_scheduled_and_least_privileged() -> None:
    audit = _load(AUDIT)
    [schedule] = audit["on"]["schedule"]
    fields = schedule["cron"].split()
    assert len(fields) == 5 and all(CRON_FIELD.match(f) for f in fields)
    assert "workflow_dispatch" in audit["on"]
    assert audit["permissions"] == {}  # nothing by default
    [job] = audit["jobs"].values()
    assert job["permissions"] == {"contents": "write", "issues": "write"}
    uses = [step.get("uses", "") for step in job["steps"]]
    assert any(u.startswith("actions/cache@") for u in uses)
    scripts = "\n".join(step.get("run", "") for step in job["steps"])
    assert '--history "$HISTORY"' in scripts and "git commit" in scripts
    assert "audit report" in scripts and "--issue" in scripts
    assert "digests/**/*.md" in audit["env"]["DIGESTS"]


def test_composite_action_inputs_and_outputs() -> None:
    action = _load(ACTION)
    assert action["runs"]["using"] == "composite"
    assert {"paths", "fail-on", "token", "history-dir"} <= set(action["inputs"])
    assert set(action["outputs"]) >= {"dead-count", "report-path", "exit-code"}
    for output in action["outputs"].values():
        assert output["value"].startswith("${{ steps.audit.outputs.")
    for step in action["runs"]["steps"]:
        assert "uses" in step or step.get("shell") == "bash"


@pytest.mark.parametrize("path", [CI, AUDIT, ACTION], ids=lambda p: p.name)
def test_no_untrusted_expression_inside_a_script(path: Path) -> None:
    """Inputs reach scripts through `env:`, never pasted into the shell text (script injection)."""
    for step in _steps(_load(path)):
        assert not UNTRUSTED.search(step.get("run", "")), step.get("name")


def _options(parser: Any) -> set[str]:
    return {flag for action in parser._actions for flag in action.option_strings}


@pytest.mark.parametrize("path", [AUDIT, ACTION], ids=lambda p: p.name)
def test_every_audit_option_used_exists(path: Path) -> None:
    known = {
        "": _options(build_parser()),
        "report": _options(report.build_parser()),
        "diff": _options(diff.build_parser()),
    }
    used = 0
    for step in _steps(_load(path)):
        script = step.get("run", "").replace("\\\n", " ")
        for line in script.splitlines():
            match = re.search(r"(?:^|\s)audit\s+(report|diff)?", line)
            if not match:
                continue
            flags = set(re.findall(r"(?<![\w-])--[a-z][a-z-]+", line))
            assert flags <= known[match.group(1) or ""], (line, flags - known[match.group(1) or ""])
            used += len(flags)
        for flag in re.findall(r"args(?:\+)?=\(([^)]*)\)", script):
            options = set(re.findall(r"(?<![\w-])--[a-z][a-z-]+", flag))
            assert options <= known[""], options - known[""]
            used += len(options)
    assert used >= 3
