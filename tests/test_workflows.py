"""The workflow files and the composite action: valid by schema, and saying what we mean.

Validity comes from check-jsonschema with the GitHub workflow and action schemas it ships (from
SchemaStore), so nothing is downloaded at test time; actionlint's PyPI wrapper fetches its
binary while installing, which an offline machine cannot do. The structural tests below check
what a schema cannot: least privilege, the triggers, the Python matrix, and that every `audit`
option a workflow uses exists.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from repro_audit import __version__
from repro_audit.cli.commands import archive, comment, diff, history, report
from repro_audit.cli.main import build_parser
from repro_audit.scoring import tomlcompat

ROOT = Path(__file__).parents[1]
WORKFLOWS = ROOT / ".github" / "workflows"
ACTION = ROOT / "action.yml"
CI, AUDIT = WORKFLOWS / "ci.yml", WORKFLOWS / "audit.yml"
PR, RELEASE = WORKFLOWS / "pr.yml", WORKFLOWS / "release.yml"
ALL_WORKFLOWS = sorted(WORKFLOWS.glob("*.yml"))
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
    [("vendor.github-workflows", tuple(ALL_WORKFLOWS)), ("vendor.github-actions", (ACTION,))],
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
    assert set(audit["jobs"]) == {"audit", "record", "pages"}
    reader, recorder = audit["jobs"]["audit"], audit["jobs"]["record"]
    # the job that reads the hostile list can neither push nor post
    assert reader["permissions"] == {"contents": "read"}
    assert recorder["permissions"] == {"contents": "write", "issues": "write"}
    assert recorder["needs"] == "audit"
    uses = [step.get("uses", "") for step in reader["steps"]]
    assert any(u.startswith("actions/cache@") for u in uses)
    reads = "\n".join(step.get("run", "") for step in reader["steps"])
    writes = "\n".join(step.get("run", "") for step in recorder["steps"])
    assert '--history "$HISTORY"' in reads and "git commit" not in reads
    assert "git commit" in writes and "audit report" in writes and "--issue" in writes
    assert not re.search(r"(?m)^\s*audit (?!report)", writes)  # the recorder audits nothing
    assert "digests/**/*.md" in audit["env"]["DIGESTS"]


PINNED = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40}$")


def test_pages_are_published_only_when_asked_with_least_privilege() -> None:
    audit = _load(AUDIT)
    text = AUDIT.read_text(encoding="utf-8")
    pages_input = audit["on"]["workflow_dispatch"]["inputs"]["pages"]
    assert pages_input["type"] == "boolean" and pages_input["default"] is False
    assert "vars.REPRO_AUDIT_PAGES" in audit["env"]["PAGES"]
    steps = audit["jobs"]["audit"]["steps"]
    upload = next(s for s in steps if "upload-pages-artifact" in s.get("uses", ""))
    assert upload["if"] == "env.PAGES == 'true'" and upload["id"] == "pages"
    assert upload["with"]["path"] == "${{ runner.temp }}/site"
    audit_step = next(s for s in steps if s.get("id") == "audit")
    script = " ".join(audit_step["run"].replace("\\\n", " ").split())
    assert '--format html --output "$RUNNER_TEMP/site/index.html"' in script
    deploy = audit["jobs"]["pages"]
    assert deploy["needs"] == "audit" and "needs.audit.outputs.pages" in deploy["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    for uses in (upload["uses"], deploy["steps"][0]["uses"]):
        assert PINNED.match(uses), uses  # a full commit SHA, the tag in a comment
        assert re.search(re.escape(uses) + r" # v\d+\.\d+\.\d+", text)


def test_archive_requests_are_an_opt_in_step_that_cannot_fail_the_job() -> None:
    job = _load(AUDIT)["jobs"]["audit"]
    [step] = [s for s in job["steps"] if "audit archive" in s.get("run", "")]
    assert step["if"] == "vars.REPRO_AUDIT_ARCHIVE_REQUESTS == 'true'"
    assert step["continue-on-error"] is True
    assert "--request" in step["run"] and '--max-requests "$MAX_REQUESTS"' in step["run"]
    assert step["env"]["SWH_TOKEN"] == "${{ secrets.SWH_TOKEN }}"


@pytest.mark.parametrize("path", [CI, AUDIT, ACTION], ids=lambda p: p.name)
def test_actions_are_pinned_to_commits_and_checkouts_keep_no_token(path: Path) -> None:
    for step in _steps(_load(path)):
        uses = step.get("uses", "")
        if uses and not uses.startswith("./"):
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", uses), uses
        if uses.startswith("actions/checkout@"):
            assert step["with"]["persist-credentials"] is False
    text = path.read_text(encoding="utf-8")
    assert all(
        re.search(r"# v\d+\.\d+\.\d+$", line)
        for line in text.splitlines()
        if re.search(r"uses: \S+@[0-9a-f]{40}", line)
    )  # each pinned commit says which tag it is


def _zizmor(*paths: Path) -> subprocess.CompletedProcess[str]:
    executable = shutil.which("zizmor", path=str(Path(sys.executable).parent))
    assert executable is not None, "zizmor missing: pip install -e '.[test]'"
    return subprocess.run(
        [executable, "--offline", "--no-progress", "--format", "plain", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"PATH": os.environ.get("PATH", ""), "NO_COLOR": "1"},  # and no GH_TOKEN: offline
    )


def test_zizmor_finds_nothing_in_the_workflows_and_the_action() -> None:
    result = _zizmor(WORKFLOWS, ACTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings" in result.stdout + result.stderr


def test_zizmor_would_catch_an_unpinned_action_and_a_kept_token(tmp_path: Path) -> None:
    """The control: the analyser run the same way flags what the pinning above removed."""
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    (folder / "bad.yml").write_text(
        "on: push\npermissions: {}\njobs:\n  x:\n    runs-on: ubuntu-latest\n"
        "    permissions: {}\n    steps:\n      - uses: actions/checkout@v4\n"
    )
    result = _zizmor(folder)
    assert result.returncode != 0
    assert "unpinned-uses" in result.stdout and "artipacked" in result.stdout


def test_composite_action_inputs_and_outputs() -> None:
    action = _load(ACTION)
    assert action["runs"]["using"] == "composite"
    assert {"paths", "fail-on", "token", "history-dir"} <= set(action["inputs"])
    assert set(action["outputs"]) >= {"dead-count", "report-path", "exit-code"}
    for output in action["outputs"].values():
        assert output["value"].startswith("${{ steps.audit.outputs.")
    for step in action["runs"]["steps"]:
        assert "uses" in step or step.get("shell") == "bash"


@pytest.mark.parametrize("path", [*ALL_WORKFLOWS, ACTION], ids=lambda p: p.name)
def test_no_untrusted_expression_inside_a_script(path: Path) -> None:
    """Inputs reach scripts through `env:`, never pasted into the shell text (script injection)."""
    for step in _steps(_load(path)):
        assert not UNTRUSTED.search(step.get("run", "")), step.get("name")


def _options(parser: Any) -> set[str]:
    return {flag for action in parser._actions for flag in action.option_strings}


@pytest.mark.parametrize("path", [AUDIT, ACTION, PR], ids=lambda p: p.name)
def test_every_audit_option_used_exists(path: Path) -> None:
    known = {
        "": _options(build_parser()),
        "report": _options(report.build_parser()),
        "diff": _options(diff.build_parser()),
        "comment": _options(comment.build_parser()),
        "history": _options(history.build_parser()),
        "archive": _options(archive.build_parser()),
    }
    used = 0
    for step in _steps(_load(path)):
        script = step.get("run", "").replace("\\\n", " ")
        for line in script.splitlines():
            match = re.search(r"(?:^|\s)audit\s+(report|diff|comment|history|archive)?", line)
            if not match:
                continue
            flags = set(re.findall(r"(?<![\w-])--[a-z][a-z-]+", line))
            assert flags <= known[match.group(1) or ""], (line, flags - known[match.group(1) or ""])
            used += len(flags)
        for flag in re.findall(r"args(?:\+)?=\(([^)]*)\)", script):
            options = set(re.findall(r"(?<![\w-])--[a-z][a-z-]+", flag))
            assert options <= known[""], options - known[""]
            used += len(options)
    assert used >= 2


def _jobs_permissions(path: Path) -> dict[str, dict[str, str]]:
    return {name: job.get("permissions", {}) for name, job in _load(path)["jobs"].items()}


def test_pull_requests_write_only_in_the_pr_comment_job() -> None:
    for path in ALL_WORKFLOWS:
        document = _load(path)
        assert "pull_request_target" not in document["on"], path.name  # see docs/github-actions
        assert "pull-requests" not in document.get("permissions", {}), path.name
        for name, permissions in _jobs_permissions(path).items():
            if (path, name) != (PR, "comment"):
                assert "pull-requests" not in permissions, (path.name, name)
    assert _jobs_permissions(PR) == {
        "audit": {"contents": "read"},
        "comment": {"contents": "read", "pull-requests": "write"},
    }


def test_pr_workflow_audits_changed_rows_and_comments_from_the_base() -> None:
    pr = _load(PR)
    assert set(pr["on"]) == {"pull_request"} and pr["permissions"] == {}
    assert "github.event.pull_request.number" in pr["concurrency"]["group"]
    assert pr["concurrency"]["cancel-in-progress"] is True
    audit, comment = pr["jobs"]["audit"], pr["jobs"]["comment"]
    [checkout, action, *_] = audit["steps"]
    assert checkout["with"]["fetch-depth"] == 0  # the base commit must be there to diff with
    assert action["uses"] == "./" and "base.sha" in action["with"]["changed-since"]
    assert action["with"]["format"] == "json"
    assert comment["needs"] == "audit"
    assert "head.repo.full_name == github.repository" in comment["if"]
    base_checkout = comment["steps"][0]
    assert "pull_request.base.sha" in base_checkout["with"]["ref"]  # the tool of the base
    scripts = "\n".join(step.get("run", "") for step in comment["steps"])
    assert "audit comment" in scripts and '--pr "$PR_NUMBER"' in scripts


def test_release_publishes_by_oidc_from_one_job_only() -> None:
    release = _load(RELEASE)
    assert set(release["on"]) == {"push"} and release["on"]["push"]["tags"]
    assert release["permissions"] == {}
    permissions = _jobs_permissions(RELEASE)
    assert permissions == {
        "build": {"contents": "read"},
        "publish": {"id-token": "write"},
        "major-tag": {"contents": "write"},
    }
    publish = release["jobs"]["publish"]
    assert publish["environment"]["name"] == "pypi" and publish["needs"] == "build"
    [*_, upload] = publish["steps"]
    assert upload["uses"].startswith("pypa/gh-action-pypi-publish@") and "with" not in upload
    text = RELEASE.read_text(encoding="utf-8")
    assert "password" not in text and "PYPI_TOKEN" not in text  # no stored token
    build = "\n".join(step.get("run", "") for step in release["jobs"]["build"]["steps"])
    for command in ("python -m build", "twine check", "tests/test_packaging.py", "__version__"):
        assert command in build


def test_the_version_lives_in_one_place() -> None:
    project = tomlcompat.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"] and project["project"]["dynamic"] == ["version"]
    attr = project["tool"]["setuptools"]["dynamic"]["version"]["attr"]
    assert attr == "repro_audit.__version__"
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## [{__version__}]" in changelog


def test_composite_action_caches_and_audits_changed_rows() -> None:
    action = _load(ACTION)
    assert action["inputs"]["cache"]["default"] == "true"
    assert action["inputs"]["changed-since"]["default"] == ""
    steps = action["runs"]["steps"]
    restore = next(s for s in steps if s.get("uses", "").startswith("actions/cache/restore@"))
    save = next(s for s in steps if s.get("uses", "").startswith("actions/cache/save@"))
    assert restore["if"] == "inputs.cache == 'true'"
    assert save["if"] == "always() && inputs.cache == 'true'"  # a failing audit still saves
    assert restore["with"]["key"] == save["with"]["key"]
    assert save["with"]["key"].startswith(restore["with"]["restore-keys"])  # yesterday's entry
    assert "github.run_id" in save["with"]["key"]  # one entry per run: entries are immutable
    audit = next(s for s in steps if s.get("id") == "audit")
    assert audit["env"]["REPRO_AUDIT_CACHE_DIR"] == restore["with"]["path"] == save["with"]["path"]
    assert audit["env"]["CHANGED_SINCE"] == "${{ inputs.changed-since }}"
    assert '--changed-since "$CHANGED_SINCE"' in audit["run"]
