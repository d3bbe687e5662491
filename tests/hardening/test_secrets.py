"""Secrets: a canary token reaches only the configured API hosts and is written nowhere.

Each test makes a token no file in the repository holds, runs whole audits with it (every format,
history, cache, GitHub Actions outputs, `audit diff` and `audit report --issue`), then greps all a
run produced: both streams, every log record, every byte under the test's folders (the SQLite
cache with its WAL, audits/, outputs, git scratch clones) and what the emulator kept (its request
log and the tracking issue). The emulator logs, per request, the Host header and a digest of the
credential shown, so the tests can also say where the token went.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import logging
import secrets
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import pytest
import requests

from repro_audit.cli.main import ExitCode, Streams, main
from repro_audit.formats import OutputFormat
from tests.emulator import GitHubEmulator, Kind, RepoSpec, RequestRecord
from tests.emulator.example_world import DIGEST, build_example_world

NOW = datetime(2025, 11, 20, 12, 0, tzinfo=timezone.utc)
TRACKER = "lab/digests"
API_KINDS = frozenset({Kind.REST, Kind.GRAPHQL})


def canary() -> str:
    """A token-shaped string made for one test: finding it anywhere is a leak."""
    return f"ghp_canary{secrets.token_hex(16)}"


def needles(secret: str) -> set[bytes]:
    """The secret as bytes, and the middle of its base64 at each of the three alignments (an
    `Authorization: Basic` header or a credential-bearing URL would hold one of those)."""
    found = {secret.encode()}
    for shift in range(3):
        encoded = base64.b64encode(b"\0" * shift + secret.encode())
        found.add(encoded[4:-4])  # drop the characters the padding bytes and the end touch
    return found


def digest_of(secret: str) -> str:
    """How the emulator logs a credential (the same SHA-256 it keys budgets by)."""
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass
class Evidence:
    """Everything a set of runs produced, to be searched for the canary."""

    texts: list[tuple[str, str]] = field(default_factory=list)  # (where, text)
    files: int = 0
    file_bytes: int = 0

    def add(self, where: str, text: str) -> None:
        """One stream, log or answer."""
        self.texts.append((where, text))

    def leaks(self, secret: str, roots: list[Path]) -> list[str]:
        """Where any form of the secret was found: streams, logs, and every file under `roots`."""
        marks = needles(secret)
        found = [where for where, text in self.texts if any(m in text.encode() for m in marks)]
        for root in roots:
            for path in sorted(p for p in root.rglob("*") if p.is_file()):
                data = path.read_bytes()
                self.files += 1
                self.file_bytes += len(data)
                if any(m in data for m in marks):
                    found.append(str(path))
        return found


def run(argv: list[str], env: dict[str, str], evidence: Evidence) -> int:
    """`audit ...` in process; both streams go to the evidence."""
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, env, Streams(out, err), clock=lambda: NOW)
    evidence.add(f"stdout of {argv[:2]}", out.getvalue())
    evidence.add(f"stderr of {argv[:2]}", err.getvalue())
    return code


def other_host_digest(folder: Path, emu: GitHubEmulator) -> Path:
    """Links the auditor must treat as another host: git over `localhost`, pages, a redirect."""
    other = emu.other_host_url
    rows = [
        ("Elsewhere by git", f"{other}/EvolvingLMMs-Lab/lmms-eval.git"),
        ("A project page", f"{other}/zju3dv/EgoAgent"),
        ("A page that moved", f"{other}/mmunir127/LogViG-Official"),
        ("A page that is gone", f"{other}/LQH89757/MICS"),
    ]
    lines = ["## Elsewhere", "", "| Title | Date | Abstract | Comment | CodeRepository |"]
    lines.append("|---|---|---|---|---|")
    for number, (title, url) in enumerate(rows, 1):
        lines.append(f"| {title} | 2025-10-0{number} | a | c | [Code Link]({url}) |")
    path = folder / "elsewhere.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GitHubEmulator]:
    with GitHubEmulator(tmp_path_factory.mktemp("github"), anonymous_limit=5000) as emu:
        build_example_world(emu)
        emu.add_repo(RepoSpec(*TRACKER.split("/")))
        yield emu


def actions_env(emu: GitHubEmulator, folder: Path) -> dict[str, str]:
    """A GitHub Actions job's environment, its files under `folder`, without a token."""
    summary, outputs = folder / "step-summary.md", folder / "step-output.txt"
    summary.touch()
    outputs.touch()
    return {
        **emu.env(None),
        "GITHUB_ACTIONS": "true",
        "CI": "true",
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_OUTPUT": str(outputs),
        "GITHUB_WORKSPACE": str(folder),
        "GITHUB_REPOSITORY": TRACKER,
        "REPRO_AUDIT_CACHE_DIR": str(folder / "cache"),
    }


def issue_texts(emu: GitHubEmulator) -> str:
    """The tracking issue's titles and bodies, as the emulator stored them."""
    answer = requests.get(
        f"{emu.api_url}/repos/{TRACKER}/issues", params={"state": "all"}, timeout=10
    )
    return answer.text


def where_credentials_went(records: list[RequestRecord]) -> dict[tuple[str, str, str], int]:
    """(credential digest, kind, host) -> requests; anonymous requests left out."""
    seen: dict[tuple[str, str, str], int] = {}
    for record in records:
        if record.credential:
            key = (record.credential, record.kind.value, record.host)
            seen[key] = seen.get(key, 0) + 1
    return seen


@pytest.mark.parametrize("mode", ["flag", "env", "anonymous"])
def test_canary_token_goes_only_to_the_api_and_is_written_nowhere(
    emulator: GitHubEmulator,
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    mode: str,
) -> None:
    emu, secret, evidence = emulator, canary(), Evidence()
    caplog.set_level(logging.DEBUG)  # PyGithub, urllib3 and our own loggers, all of them
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))  # git clones land where we grep
    # A job environment that holds the token where git could pick it up: the variable itself,
    # an env-injected git config header (as `git -c` or a CI runner would pass it down), and a
    # ~/.netrc entry for the other host, which then asks git for credentials (401 challenge).
    monkeypatch.setenv("GITHUB_TOKEN", secret)
    monkeypatch.setenv("GIT_CONFIG_COUNT", "1")
    monkeypatch.setenv("GIT_CONFIG_KEY_0", "http.extraHeader")
    monkeypatch.setenv("GIT_CONFIG_VALUE_0", f"Authorization: bearer {secret}")
    home = tmp_path_factory.mktemp("home")  # outside the folder searched for leaks
    (home / ".netrc").write_text(f"machine localhost login x-access-token password {secret}\n")
    monkeypatch.setenv("HOME", str(home))
    env = actions_env(emu, tmp_path)
    token_args: list[str] = []
    if mode == "env":
        env["GITHUB_TOKEN"] = secret
    elif mode == "flag":
        token_args = ["--token", secret]
    digests = [str(DIGEST), str(other_host_digest(tmp_path, emu))]
    history = tmp_path / "audits"
    emu.clear_requests()
    emu.fail_next("git", 401, count=2, path_contains="lmms-eval.git")

    # every format with --token; the formats are pure, so the other modes render two of them
    formats = list(OutputFormat) if mode == "flag" else [OutputFormat.JSON, OutputFormat.MARKDOWN]
    for fmt in formats:
        target = tmp_path / "out" / f"report.{fmt.value}"
        target.parent.mkdir(exist_ok=True)
        argv = [*digests, "--format", fmt.value, "--history", str(history), "--explain"]
        argv += ["--output", str(target)] if fmt is OutputFormat.JSON else ["--all"]
        assert run([*argv, *token_args], env, evidence) in (ExitCode.OK, ExitCode.FAIL_CONDITION)
    assert run(["diff", "--history", str(history)], env, evidence) == ExitCode.OK
    report = ["report", "--history", str(history), *token_args]
    report += [] if mode == "anonymous" else ["--issue"]
    assert run(report, env, evidence) == ExitCode.OK
    records = emu.requests
    evidence.add("emulator request log", repr(records))
    evidence.add("tracking issue", issue_texts(emu))
    evidence.add("log records", caplog.text)

    assert evidence.leaks(secret, [tmp_path]) == []
    went = where_credentials_went(records)
    api_host = emu.server_url.split("//", 1)[1]
    mine = digest_of(secret)
    assert {host for (_, _, host) in went} <= {api_host}, went  # never to another host
    assert {kind for (_, kind, _) in went} <= {k.value for k in API_KINDS}, went  # nor to git
    if mode == "anonymous":
        assert went == {}
    else:
        assert {cred for (cred, _, _) in went} == {mine}
        assert went[(mine, "graphql", api_host)] >= 1
        assert went.get((mine, "rest", api_host), 0) >= 1  # the tracking issue, at least
    other = [r for r in records if r.host != api_host]
    assert {r.kind for r in other} >= {Kind.GIT, Kind.WEB}  # the other host was really asked
    assert any(r.status == 401 for r in other)  # and it asked for credentials
    print(
        f"canary checks ({mode}): {len(evidence.texts)} streams/logs/answers, "
        f"{evidence.files} files ({evidence.file_bytes} bytes), {len(records)} requests "
        f"({len(other)} to the other host)"
    )


@pytest.mark.parametrize(
    ("mode", "status"),
    [("graphql", 307), ("graphql", 301), ("rest", 301), ("rest", 307), ("issue", 301)],
)
def test_token_never_follows_a_redirect_to_another_host(
    emulator: GitHubEmulator, tmp_path: Path, mode: str, status: int
) -> None:
    emu, secret, evidence = emulator, canary(), Evidence()
    env = {**emu.env(None), "REPRO_AUDIT_CACHE_DIR": str(tmp_path / "cache")}
    history = tmp_path / "audits"
    if mode == "issue":  # a recorded run for the report to read
        run([str(DIGEST), "--history", str(history), "--token", secret], env, Evidence())
    emu.clear_requests()
    emu.redirect_next("graphql", emu.other_host_url, count=1000, status=status)
    emu.redirect_next("rest", emu.other_host_url, count=1000, status=status)
    try:
        if mode == "issue":
            argv = ["report", "--history", str(history), "--issue", "--repo", TRACKER]
        else:  # GraphQL (and the REST budget check) with a token; REST alone without one
            argv = [str(DIGEST), "--format", "json", "--retries", "2", "--no-git"]
        code = run([*argv, "--token", secret] if mode != "rest" else argv, env, evidence)
    finally:
        emu.clear_faults()
    records = emu.requests
    api_host = emu.server_url.split("//", 1)[1]
    assert evidence.leaks(secret, [tmp_path]) == []
    assert records and all(r.host == api_host and r.status == status for r in records), (
        evidence.texts
    )
    if mode == "issue":  # one error line, no traceback
        assert code == ExitCode.RUNTIME_ERROR
        assert "redirected" in evidence.texts[1][1] and "Traceback" not in evidence.texts[1][1]
        return
    assert code == ExitCode.OK, evidence.texts
    rows = json.loads(evidence.texts[0][1])["rows"]
    linked = [row for row in rows if row["link_status"] != "no_link"]
    assert {row["link_status"] for row in linked} == {"unknown"}  # never dead, never alive
    assert all("redirect" in row["reason"].lower() for row in linked), {r["reason"] for r in linked}


def test_a_rejected_token_is_not_echoed(tmp_path: Path) -> None:
    secret, evidence = canary(), Evidence()
    with GitHubEmulator(tmp_path / "github", tokens=frozenset({"another"})) as emu:
        emu.add_repo(RepoSpec("lab", "kept"))
        digest = tmp_path / "d.md"
        digest.write_text(
            "| Title | Date | Abstract | Comment | CodeRepository |\n|---|---|---|---|---|\n"
            f"| P | 2025-10-01 | a | c | [Code Link]({emu.server_url}/lab/kept) |\n"
        )
        env = {**emu.env(secret), "REPRO_AUDIT_CACHE_DIR": str(tmp_path / "cache")}
        code = run([str(digest), "--history", str(tmp_path / "audits")], env, evidence)
    assert code == ExitCode.USAGE_ERROR
    stderr = evidence.texts[1][1]
    assert "rejected the token" in stderr and len(stderr.strip().splitlines()) == 1
    assert evidence.leaks(secret, [tmp_path]) == []
