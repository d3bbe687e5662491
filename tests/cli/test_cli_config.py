"""`--config` and `[tool.repro-audit]`: configured rubrics reach every output; mistakes exit 3."""

from __future__ import annotations

import io
import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from repro_audit.cli.audit_command import load_rubric
from repro_audit.cli.main import ExitCode, Streams, main
from repro_audit.scoring import DEFAULT_CONFIG, RubricConfigError
from tests.emulator import GitHubEmulator, RepoSpec

NOW = datetime(2025, 11, 20, 12, 0, tzinfo=timezone.utc)
TOKEN = "ghp_config_test_token"
README = (
    "# Model\n\nOfficial PyTorch code.\n\n## Installation\n\n```bash\npip install -r "
    "requirements.txt\n```\n\n## Training\n\n```bash\npython train.py\nbash scripts/eval.sh\n```\n"
)


def _world(emu: GitHubEmulator, folder: Path) -> Path:
    day = datetime(2025, 10, 20, 12, tzinfo=timezone.utc)
    emu.add_repo(
        RepoSpec(
            "lab",
            "model",
            files={"README.md": README, "requirements.txt": "torch==2.1\n", "train.py": "x = 1\n"},
            commit_dates=[day],
            license_spdx="MIT",
            stars=3,
            created_at=day,
        )
    )
    emu.add_repo(
        RepoSpec(
            "lab",
            "soon",
            files={"README.md": "# Soon\n\nCode will be released upon acceptance.\n"},
            commit_dates=[day],
            created_at=day,
        )
    )
    digest = folder / "digest.md"
    server = emu.server_url
    digest.write_text(
        "| Title | Date | Abstract | Comment | CodeRepository |\n|---|---|---|---|---|\n"
        f"| Model paper | 2025-10-16 | a | c | [Code Link]({server}/lab/model) |\n"
        f"| Soon paper | 2025-10-16 | a | c | [Code Link]({server}/lab/soon) |\n"
    )
    return digest


def _run(argv: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([*argv, "--no-cache", "--fail-on", "never"], env, Streams(out, err), lambda: NOW)
    return code, out.getvalue(), err.getvalue()


def _rows(stdout: str) -> dict[str, Any]:
    document = json.loads(stdout)
    return {"version": document["rubric_version"], **{r["repo"]: r for r in document["rows"]}}


def test_published_rubric_flags_the_placeholder(
    github_emulator: GitHubEmulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no pyproject.toml here
    digest = _world(github_emulator, tmp_path)
    code, out, err = _run([str(digest), "--format", "json"], github_emulator.env(TOKEN))
    assert code == ExitCode.OK, err
    rows = _rows(out)
    assert rows["version"] == "1.2"
    soon = rows["lab/soon"]
    assert soon["reason"].startswith("placeholder: README says")
    assert "35 days after the paper (2025-10-16)" in soon["reason"]
    placeholder = next(f for f in soon["findings"] if f["criterion"] == "placeholder")
    assert placeholder["verdict"] == "fail" and placeholder["remediation"]
    model = {f["criterion"]: f for f in rows["lab/model"]["findings"]}
    assert model["consistency"]["verdict"] == "partial"
    assert "scripts/eval.sh" in model["consistency"]["reason"]
    assert TOKEN not in out + err


def test_config_file_changes_weights_and_version(
    github_emulator: GitHubEmulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    digest = _world(github_emulator, tmp_path)
    config = tmp_path / "rubric.toml"
    config.write_text("[weights]\nconsistency = 0\nplaceholder = 40\n")
    env = github_emulator.env(TOKEN)
    _, plain, _ = _run([str(digest), "--format", "json"], env)
    code, out, err = _run([str(digest), "--format", "json", "--config", str(config)], env)
    assert code == ExitCode.OK, err
    before, after = _rows(plain), _rows(out)
    assert after["version"] == "1.2+custom"
    ids = [f["criterion"] for f in after["lab/model"]["findings"]]
    assert "consistency" not in ids and len(ids) == 15
    assert after["lab/soon"]["score"] < before["lab/soon"]["score"]  # the placeholder weighs more
    _, text, _ = _run([str(digest), "--format", "markdown", "--config", str(config)], env)
    assert "rubric 1.2+custom" in text and "weights and thresholds from the configuration" in text


def test_pyproject_in_the_current_folder_is_read(
    github_emulator: GitHubEmulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    digest = _world(github_emulator, tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "digests"\n\n[tool.repro-audit.thresholds]\nreadme_min_chars = 5\n'
    )
    code, out, err = _run([str(digest), "--format", "json"], github_emulator.env(TOKEN))
    assert code == ExitCode.OK, err
    rows = _rows(out)
    assert rows["version"] == "1.2+custom"
    readme = next(f for f in rows["lab/model"]["findings"] if f["criterion"] == "readme")
    assert readme["verdict"] == "pass"


@pytest.mark.parametrize(
    ("config", "pyproject", "message"),
    [
        ("missing.toml", None, "missing.toml: no such file"),
        ("bad.toml", None, "bad.toml: [weights]: unknown criterion 'stars'"),
        (None, "[tool.repro-audit.thresholds]\nstar_cap = -1\n", "must be a whole number"),
        (None, "[tool.repro-audit\n", "pyproject.toml: not valid TOML"),
    ],
)
def test_bad_config_is_one_line_and_exit_3(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    config: str | None,
    pyproject: str | None,
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    digest = tmp_path / "digest.md"
    digest.write_text("| Title | Date | Code |\n|---|---|---|\n| P | 2025-10-16 | None |\n")
    (tmp_path / "bad.toml").write_text("[weights]\nstars = 3\n")
    if pyproject is not None:
        (tmp_path / "pyproject.toml").write_text(pyproject)
    argv = [str(digest)] + (["--config", config] if config else [])
    code, out, err = _run(argv, {})
    assert code == ExitCode.USAGE_ERROR
    assert message in err and err.startswith("audit: error: ")
    assert len(err.strip().splitlines()) == 1 and out == ""


def test_load_rubric_defaults(tmp_path: Path) -> None:
    assert load_rubric(None, tmp_path) is DEFAULT_CONFIG
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert load_rubric(None, tmp_path) is DEFAULT_CONFIG
    (tmp_path / "rubric.toml").mkdir()
    with pytest.raises(RubricConfigError, match="is a directory"):
        load_rubric(str(tmp_path / "rubric.toml"))
