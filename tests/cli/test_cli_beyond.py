"""`audit` end to end beyond github.com: another git host, plain web links, the papers API and the
annotated digest, all on 127.0.0.1 (the emulator under the name `localhost`, a stdlib API)."""

from __future__ import annotations

import io
import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from repro_audit.cli.main import ExitCode, Streams, main
from tests.emulator import GitHubEmulator, RepoSpec
from tests.sources.pages import Answer, PageServer, serve

ROOT = Path(__file__).parents[2]
SCHEMA = json.loads((ROOT / "src/repro_audit/schema/audit-report.schema.json").read_text())
NOW = datetime(2025, 11, 20, 12, 0, tzinfo=timezone.utc)
TOKEN = "ghp_beyond_token"


def _run(argv: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, env, Streams(out, err), clock=lambda: NOW)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def papers_api() -> Any:
    answer = {"id": "2509.00007", "githubRepo": "https://github.com/lab/found"}
    body = json.dumps(answer).encode()
    with serve({"/api/papers/2509.00007": [Answer(200, body=body)]}) as api:
        yield api


def _digest(folder: Path, emu: GitHubEmulator) -> Path:
    port = emu.server_url.rsplit(":", 1)[1]
    other = f"http://localhost:{port}"
    cells = [
        ("GitLab", f"[Code Link]({other}/group/project.git)"),
        ("Gone host repo", f"[Code Link]({other}/group/missing.git)"),
        ("Dead page", f"[Code Link]({other}/nobody/nothing)"),
        ("Live page", f"[Code Link]({other}/group/project)"),
        ("Asked API", "None"),
    ]
    lines = ["| Title | Date | Abstract | Comment | Code |", "| --- | --- | --- | --- | --- |"]
    for number, (title, code) in enumerate(cells, 3):
        lines.append(
            f"| [{title}](http://arxiv.org/abs/2509.0000{number}v1) | 2025-10-01 | x | | {code} |"
        )
    path = folder / "digest.md"
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture
def world(github_emulator: GitHubEmulator) -> GitHubEmulator:
    files = {"README.md": "# p\n", "LICENSE": "MIT License\n", "environment.yml": "name: p\n"}
    github_emulator.add_repo(RepoSpec("group", "project", files=files, stars=500))
    github_emulator.add_repo(RepoSpec("lab", "found", license_spdx="MIT"))
    return github_emulator


@pytest.mark.parametrize("token", [TOKEN, None], ids=["graphql", "rest+git"])
def test_beyond_github(
    world: GitHubEmulator, papers_api: PageServer, tmp_path: Path, token: str | None
) -> None:
    path = _digest(tmp_path, world)
    argv = [str(path), "--format", "json", "--no-cache", "--lookup-papers"]
    argv += ["--papers-api-url", papers_api.url + "/api/papers"]
    code, out, err = _run(argv, world.env(token))
    assert code == ExitCode.FAIL_CONDITION, err  # two dead links
    document = json.loads(out)
    jsonschema.validate(document, SCHEMA)
    rows = {row["title"]: row for row in document["rows"]}
    gitlab = rows["GitLab"]
    assert gitlab["link_status"] == "alive" and gitlab["facts"]["via"] == "git"
    assert gitlab["facts"]["license"] == "MIT" and gitlab["facts"]["stars"] is None
    assert gitlab["facts"]["dependency_files"] == ["environment.yml"]
    assert gitlab["score"] is not None
    assert rows["Gone host repo"]["link_status"] == "dead"
    dead = rows["Dead page"]
    assert dead["link_status"] == "dead" and dead["web"]["http_status"] == 404
    live = rows["Live page"]
    assert live["link_status"] == "not_a_repo" and live["web"]["state"] == "alive"
    [found] = rows["Asked API"]["suggestions"]
    assert found["origin"] == "paper_lookup" and found["link_status"] == "alive"
    assert found["repo"] == "lab/found" and found["flags"] == ["missed_link"]
    assert document["summary"]["suggestions_alive"] == 1
    # papers: one look-up per row without a link; pages: HEAD for each page
    assert [path for _, path in papers_api.log] == ["/api/papers/2509.00007"]
    assert document["requests"]["web"] == 3
    assert TOKEN not in out + err


def test_web_allow_refuses_every_other_host(world: GitHubEmulator, tmp_path: Path) -> None:
    path = _digest(tmp_path, world)
    world.clear_requests()
    argv = [str(path), "--format", "json", "--no-cache", "--web-allow", "example.org"]
    code, out, _ = _run(argv, world.env(TOKEN))
    rows = {row["title"]: row for row in json.loads(out)["rows"]}
    assert code == ExitCode.OK  # nothing could be called dead
    assert rows["GitLab"]["link_status"] == "unknown"
    assert rows["Dead page"]["link_status"] == "not_a_repo"
    assert "not in the allow-list" in rows["Dead page"]["reason"]
    assert not [r for r in world.requests if r.kind in ("git", "web")]


def test_annotated_digest(world: GitHubEmulator, tmp_path: Path) -> None:
    path = _digest(tmp_path, world)
    target = tmp_path / "annotated.md"
    argv = [str(path), "--format", "annotated", "--no-cache", "-o", str(target)]
    code, out, err = _run([*argv, "--fail-on", "never"], world.env(TOKEN))
    assert code == ExitCode.OK and out == "", err
    original = path.read_text().splitlines()
    annotated = target.read_text().splitlines()
    assert annotated[0] == original[0] + " Audit |"
    assert annotated[1] == original[1] + " --- |"
    assert annotated[2].startswith(original[2]) and "alive · MIT" in annotated[2]
    assert "dead (page not found" in annotated[4]
    assert annotated[6].endswith("| no link |")
