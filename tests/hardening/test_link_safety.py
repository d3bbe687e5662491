"""No request goes where it should not (issue 7, part 2).

At the link layer (`resolve_link`), the host rule every web, git-host and papers request and every
redirect hop passes (`host_refusal`, `resolved_refusal`), and git itself: protocol allow-list, no
hooks, no submodules, no prompts, no redirects, size and time limits, with real git against the
emulator's smart HTTP and local bare repositories.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

import pytest
import requests
import urllib3
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from repro_audit.models import Existence, LinkKind, PageState
from repro_audit.reading.links import resolve_link
from repro_audit.sources.addresses import Resolver, local_host_refusal
from repro_audit.sources.gitclone import GitUnavailable, snapshot
from repro_audit.sources.githost import GitHostOptions, GitHostSource, git_remote
from repro_audit.sources.retry import RetryPolicy
from repro_audit.sources.web import WebChecker, WebOptions, host_refusal, resolved_refusal
from tests.emulator import GitHubEmulator, RepoSpec
from tests.emulator.gitrepo import run_git
from tests.hardening import TOKEN, audit_run
from tests.sources.pages import Answer, serve

ONCE = RetryPolicy(attempts=1, base_delay=0.01, max_delay=0.01, max_total=5.0)
PROPERTY = settings(
    max_examples=500,
    deadline=timedelta(seconds=2),
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


# --- the link layer ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///etc/passwd", "unsupported scheme 'file:'"),
        ("ssh://git@github.com/lab/ok.git", "unsupported scheme 'ssh:'"),
        ("git://github.com/lab/ok.git", "unsupported scheme 'git:'"),
        ("ext::sh -c touch% /tmp/pwned", "URL contains spaces"),
        ("ext::sh", "unsupported scheme 'ext:'"),
        ("git@github.com:lab/ok.git", "SSH clone address"),
        ("javascript:alert(1)", "unsupported scheme 'javascript:'"),
        ("data:text/html,<script>", "unsupported scheme 'data:'"),
        ("https://github.com@evil.example/lab/ok", "its real host is evil.example"),
        ("https://token:x-oauth@github.com/lab/ok", "user info"),
        ("https://evil.example\\@github.com/lab/ok", "backslash"),
        ("https://gíthub.com/lab/ok", "look-alike host"),
        ("https://xn--gthub-zsa.com/lab/ok", "look-alike host 'gíthub.com'"),
        ("https://g\u0456thub.com/lab/ok", "imitates github.com"),  # Cyrillic i
        ("https://\uff47\uff49\uff54\uff48\uff55\uff42.com/lab/ok", "imitates github.com"),
        ("https://github.com\u200b/lab/ok", "imitates github.com"),
    ],
)
def test_the_link_layer_refuses_tricks(url: str, reason: str) -> None:
    link = resolve_link(url)
    assert link.kind is LinkKind.INVALID and link.repo is None
    assert reason in link.reason


# --- the host rule -------------------------------------------------------------------------------
REFUSED = [
    ("http://127.0.0.1/x", "127.0.0.1 is a loopback address"),
    ("http://127.1:8080/x", "127.1 is a loopback address"),
    ("http://0x7f.1/", "0x7f.1 is a loopback address"),
    ("http://2130706433/", "2130706433 is a loopback address"),
    ("http://0177.0.0.1/", "0177.0.0.1 is a loopback address"),
    ("http://[::1]:8080/", "::1 is a loopback address"),
    ("http://[::ffff:127.0.0.1]/", "is a loopback address"),
    ("http://localhost:631/", "localhost is a loopback name"),
    ("http://LOCALHOST./", "localhost. is a loopback name"),
    ("http://admin.localhost/", "admin.localhost is a loopback name"),
    ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
    ("http://[fe80::1%25eth0]/", "is a link-local address"),
    ("http://10.0.0.5/g/p.git", "10.0.0.5 is a private address"),
    ("http://172.16.3.4/", "is a private address"),
    ("http://192.168.1.1/", "is a private address"),
    ("http://[fd00::1]/", "is a private address"),
    ("http://100.64.0.1/", "is a non-public address"),
    ("http://0.0.0.0:8080/", "is a private address"),
    ("http://%31%32%37.0.0.1/", "holds characters a host name cannot"),  # requests decodes it
    ("http://\uff11\uff12\uff17.\uff10.\uff10.\uff11/", "is a loopback address"),  # full-width
    ("http://evil.example\\@allowed.example/", "user info or a backslash"),
    ("http://user:pw@example.org/", "user info or a backslash"),
    ("http://exa%6dple.org/", "holds characters a host name cannot have"),
    ("file:///etc/passwd", "only http(s) links are checked, not 'file:'"),
    ("ssh://git@example.org/x.git", "only http(s) links are checked, not 'ssh:'"),
    ("git://example.org/x.git", "only http(s) links are checked, not 'git:'"),
]


@pytest.mark.parametrize(("url", "reason"), REFUSED)
def test_no_allow_list_still_refuses_this_machine_and_private_networks(
    url: str, reason: str
) -> None:
    refusal = host_refusal(url, None)
    assert refusal is not None and reason in refusal


@pytest.mark.parametrize(
    ("url", "allow"),
    [
        ("https://example.org/page", None),
        ("http://8.8.8.8/", None),
        ("https://bücher.example/", None),
        ("http://127.0.0.1:8080/x", frozenset({"127.0.0.1"})),  # named: an enterprise host
        ("http://10.0.0.5/g/p.git", frozenset({"10.0.0.5"})),
        ("https://git.corp.example/g/p.git", frozenset({".corp.example"})),
        ("http://localhost:631/", frozenset({"localhost:631"})),
    ],
)
def test_public_hosts_and_named_hosts_pass(url: str, allow: frozenset[str] | None) -> None:
    assert host_refusal(url, allow) is None


def test_configured_endpoints_may_be_private() -> None:
    """The papers API is the operator's setting, like GITHUB_API_URL, not a digest's link."""
    assert host_refusal("http://127.0.0.1:8000/api/papers/1", None, configured=True) is None
    assert host_refusal("http://127.0.0.1:8000/api", frozenset({"x.org"}), configured=True)


def _resolver(answers: dict[str, Sequence[str]]) -> Resolver:
    def resolve(host: str) -> Sequence[str]:
        return answers[host]

    return resolve


@pytest.mark.parametrize(
    ("host", "addresses", "reason"),
    [
        ("intranet.example", ["10.1.2.3"], "intranet.example resolves to 10.1.2.3, a private"),
        ("meta.example", ["93.184.216.34", "169.254.169.254"], "a link-local address"),
        ("rebind.example", ["::1"], "resolves to ::1, a loopback address"),
        ("public.example", ["93.184.216.34"], None),
        ("nowhere.example", [], None),  # left to the request to report
    ],
)
def test_names_pointed_inwards_are_refused(
    host: str, addresses: list[str], reason: str | None
) -> None:
    refusal = resolved_refusal(f"http://{host}/x", None, _resolver({host: addresses}))
    assert (refusal is None) if reason is None else (refusal is not None and reason in refusal)


def test_an_allow_list_is_not_second_guessed_by_dns() -> None:
    def never(host: str) -> Sequence[str]:
        raise AssertionError(f"DNS asked about {host}")

    assert (
        resolved_refusal("http://git.corp.example/x", frozenset({".corp.example"}), never) is None
    )


def test_checkers_refuse_before_any_request() -> None:
    resolve = _resolver({"intranet.example": ["10.9.8.7"]})
    web = WebChecker(WebOptions(policy=ONCE, resolve=resolve))
    check = web.check("http://intranet.example/page")
    assert check.state is PageState.UNKNOWN and "resolves to 10.9.8.7" in check.reason
    assert web.request_count == 0
    asked: list[int] = []
    git = GitHostSource(GitHostOptions(policy=ONCE, resolve=resolve), lambda: asked.append(1))
    for url in ("http://intranet.example/g/p.git", "http://10.0.0.5/g/p.git"):
        remote = git_remote(url)
        assert remote is not None
        facts = git.facts(remote)
        assert facts.existence is Existence.UNKNOWN and facts.reason.startswith("not checked:")
    assert asked == []


@pytest.mark.parametrize(
    ("location", "reason"),
    [
        ("http://169.254.169.254/latest/meta-data/", "host 169.254.169.254 is not in the allow"),
        ("http://localhost:9/admin", "is not in the allow-list"),
        ("http://evil.example\\@127.0.0.1:9/x", "user info or a backslash"),
        ("file:///etc/passwd", "not 'file:'"),
        ("gopher://127.0.0.1:9/", "not 'gopher:'"),
    ],
)
def test_every_redirect_hop_passes_the_host_rule(location: str, reason: str) -> None:
    with serve({"/p": [Answer(302, {"Location": location})]}) as pages:
        web = WebChecker(WebOptions(allow=frozenset({"127.0.0.1"}), policy=ONCE, timeout=5))
        check = web.check(pages.url + "/p")
    assert check.state is PageState.UNKNOWN
    assert check.reason.startswith("redirect not followed:") and reason in check.reason
    assert pages.log == [("HEAD", "/p")]


HOST_PIECES = ("allowed.example", "evil.example", "@", ":", "/", "\\", "?", "#", "%40", "%2F",
               "%5c", "[", "]", "::1", "80", ".", "\u3002", "127.0.0.1", "127.1", "0x7f.1",
               "localhost", "%31", "\uff11", "\t", " ", "_", "\u200b", "user")  # fmt: skip
hostish = st.builds(
    lambda scheme, parts: scheme + "".join(parts),
    st.sampled_from(["http://", "https://", "HTTP://", "http:/", "http:\\\\"]),
    st.lists(st.sampled_from(HOST_PIECES), max_size=7),
)


def _host_requests_would_contact(url: str) -> str | None:
    try:
        prepared = requests.Request("HEAD", url).prepare()
        return None if prepared.url is None else urllib3.util.parse_url(prepared.url).host
    except Exception:  # requests refuses the URL: nothing is contacted
        return None


@PROPERTY
@given(hostish)
def test_the_allow_list_approves_only_what_requests_would_contact(url: str) -> None:
    if host_refusal(url, frozenset({"allowed.example"})) is None:
        host = _host_requests_would_contact(url)
        assert host is None or host.lower() == "allowed.example"


@PROPERTY
@given(hostish)
def test_without_an_allow_list_requests_never_reaches_this_machine(url: str) -> None:
    if host_refusal(url, None) is None:
        host = _host_requests_would_contact(url)
        assert host is None or local_host_refusal(host.lower()) is None


# --- git -----------------------------------------------------------------------------------------
def _commit(repo: Path, blobs: dict[str, tuple[str, bytes]], gitlinks: Sequence[str] = ()) -> None:
    """Replace the default branch's tree with `blobs` (path -> (mode, content)) and submodule
    entries, as a new commit: shapes a clone can get that a RepoSpec cannot describe."""
    head = run_git(repo, "rev-parse", "HEAD")
    lines = [
        f"{mode} blob {run_git(repo, 'hash-object', '-w', '--stdin', data=content)}\t{path}"
        for path, (mode, content) in blobs.items()
    ]
    lines += [f"160000 commit {head}\t{path}" for path in gitlinks]
    tree = run_git(repo, "mktree", data=("\n".join(lines) + "\n").encode())
    commit = run_git(repo, "commit-tree", tree, "-p", head, "-m", "hostile")
    run_git(repo, "update-ref", "refs/heads/main", commit)


@pytest.fixture
def hostile(github_emulator: GitHubEmulator, tmp_path: Path) -> tuple[GitHubEmulator, Path]:
    """`lab/hostile`: submodules whose URLs would run a command or fetch another repository,
    symlinks out of the clone, and a marker file that any of them would create."""
    emu, marker = github_emulator, tmp_path / "marker"
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT\n")
    emu.add_repo(RepoSpec("lab", "hostile"))
    emu.add_repo(RepoSpec("lab", "other"))
    modules = (
        f'[submodule "evil"]\n\tpath = evil\n\turl = ext::sh -c touch% {marker}\n'
        f'[submodule "inner"]\n\tpath = inner\n\turl = {emu.server_url}/lab/other.git\n'
    )
    _commit(
        emu.git_dir("lab/hostile"),
        {
            ".gitmodules": ("100644", modules.encode()),
            "README.md": ("120000", str(secret).encode()),  # a symlink out of the clone
            "requirements.txt": ("120000", b"../../../../../../etc/passwd"),
            "train.py": ("100644", b"print('train')\n"),
        },
        gitlinks=("evil", "inner"),
    )
    return emu, marker


def _all_files(_root: tuple[str, ...], _paths: tuple[str, ...]) -> tuple[str, ...]:
    return (".gitmodules", "README.md", "requirements.txt", "train.py", "evil", "inner")


def test_submodules_are_never_fetched_and_symlinks_never_followed(
    hostile: tuple[GitHubEmulator, Path],
) -> None:
    emu, marker = hostile
    emu.clear_requests()
    snap = snapshot(f"{emu.server_url}/lab/hostile.git", timeout=30, choose_texts=_all_files)
    texts = dict(snap.texts)
    assert "train.py" in texts and ".gitmodules" in texts  # the checkout did happen
    assert not marker.exists()
    assert not any("lab/other" in request.path for request in emu.requests)
    assert all("TOP-SECRET" not in text and "root:" not in text for text in texts.values())
    assert "evil" not in snap.paths and "inner" not in snap.paths


def test_another_hosts_hostile_repository_is_audited_safely(
    hostile: tuple[GitHubEmulator, Path],
) -> None:
    emu, marker = hostile
    remote = git_remote(f"{emu.other_host_url}/lab/hostile.git")
    assert remote is not None
    facts = GitHostSource(GitHostOptions(allow=frozenset({"localhost"}), policy=ONCE)).facts(remote)
    assert facts.existence is Existence.EXISTS and facts.root_files is not None
    assert not marker.exists()
    assert "TOP-SECRET" not in (facts.readme_text or "")


HOOKS = ("post-checkout", "reference-transaction", "post-index-change", "post-merge",
         "post-rewrite", "pre-auto-gc", "fsmonitor-watchman", "post-update")  # fmt: skip


def test_no_hook_runs_even_when_the_environment_installs_some(
    github_emulator: GitHubEmulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hooks cannot come with a clone, but this machine's git may add them: a template folder
    (GIT_TEMPLATE_DIR) or config passed down through the environment (GIT_CONFIG_*)."""
    marker = tmp_path / "hook-ran"
    hooks = tmp_path / "template" / "hooks"
    hooks.mkdir(parents=True)
    for name in HOOKS:
        (hooks / name).write_text(f'#!/bin/sh\necho "$0" >> {marker}\n')
        (hooks / name).chmod(0o755)
    monkeypatch.setenv("GIT_TEMPLATE_DIR", str(hooks.parent))
    monkeypatch.setenv("GIT_CONFIG_COUNT", "1")
    monkeypatch.setenv("GIT_CONFIG_KEY_0", "core.hooksPath")
    monkeypatch.setenv("GIT_CONFIG_VALUE_0", str(hooks))
    github_emulator.add_repo(RepoSpec("lab", "ok", files={"README.md": "# ok\n", "a.py": "1\n"}))
    url = f"{github_emulator.server_url}/lab/ok.git"
    snap = snapshot(url, timeout=30, choose_texts=lambda root, paths: ("README.md", "a.py"))
    assert dict(snap.texts) == {"README.md": "# ok\n", "a.py": "1\n"}
    assert not marker.exists()
    # the control: plain git in the same environment does run them
    subprocess.run(["git", "clone", "-q", url, str(tmp_path / "plain")], check=True)
    assert marker.exists()


@pytest.mark.parametrize(
    "url",
    [
        "file://{bare}",
        "{bare}",
        "ext::sh -c touch% {marker}",
        "ssh://127.0.0.1:9/lab/ok.git",
        "git://127.0.0.1:9/lab/ok.git",
        "--upload-pack=touch {marker}",
    ],
    ids=["file", "path", "ext", "ssh", "git", "option"],
)
def test_git_speaks_http_only(github_emulator: GitHubEmulator, tmp_path: Path, url: str) -> None:
    github_emulator.add_repo(RepoSpec("lab", "ok"))
    marker = tmp_path / "marker"
    bare = github_emulator.git_dir("lab/ok")
    with pytest.raises(GitUnavailable) as failure:
        snapshot(url.format(bare=bare, marker=marker), timeout=10)
    assert "not allowed" in failure.value.reason or "does not exist" in failure.value.reason
    assert not marker.exists()


def test_git_follows_no_redirect() -> None:
    leave = "http://169.254.169.254/g/p.git/info/refs?service=git-upload-pack"
    routes: dict[str, Sequence[Answer]] = {
        "/g/p.git/info/refs?service=git-upload-pack": [Answer(302, {"Location": leave})]
    }
    with serve(routes) as pages:
        remote = git_remote(pages.url + "/g/p.git")
        assert remote is not None
        source = GitHostSource(GitHostOptions(allow=frozenset({"127.0.0.1"}), policy=ONCE))
        facts = source.facts(remote)
    assert facts.existence is Existence.UNKNOWN
    assert facts.reason.startswith("git host redirects elsewhere (not followed)")
    assert len(pages.log) == 1


def test_git_never_waits_for_credentials() -> None:
    challenge = Answer(401, {"WWW-Authenticate": 'Basic realm="git"'})
    with serve({"/g/p.git/info/refs?service=git-upload-pack": [challenge]}) as pages:
        remote = git_remote(pages.url + "/g/p.git")
        assert remote is not None
        started = time.monotonic()
        facts = GitHostSource(GitHostOptions(allow=frozenset({"127.0.0.1"}), policy=ONCE)).facts(
            remote
        )
    assert time.monotonic() - started < 20
    assert facts.existence is Existence.MISSING
    assert facts.reason == "the host asks for credentials: private or removed"
    assert all(method == "GET" for method, _ in pages.log)


@pytest.mark.parametrize("max_bytes", [None, 50 * 2**20], ids=["plain", "watched"])
def test_a_clone_that_hangs_is_killed(
    github_emulator: GitHubEmulator, max_bytes: int | None
) -> None:
    github_emulator.add_repo(RepoSpec("lab", "slow"))
    github_emulator.stall_next("git", seconds=4, count=5)
    started = time.monotonic()
    with pytest.raises(GitUnavailable, match="git clone timed out"):
        snapshot(f"{github_emulator.server_url}/lab/slow.git", timeout=0.5, max_bytes=max_bytes)
    assert time.monotonic() - started < 3.5
    github_emulator.clear_faults()


def test_a_clone_past_its_size_is_stopped(github_emulator: GitHubEmulator) -> None:
    github_emulator.add_repo(RepoSpec("lab", "big", files={f"f{i}.txt": "x\n" for i in range(300)}))
    with pytest.raises(GitUnavailable, match="larger than 0 MB"):
        snapshot(f"{github_emulator.server_url}/lab/big.git", timeout=30, max_bytes=1024)


# --- the whole run --------------------------------------------------------------------------------
HOSTILE_LINKS = [
    ("file:///etc/passwd", "unsupported scheme 'file:'"),
    ("ssh://git@github.com/lab/ok.git", "unsupported scheme 'ssh:'"),
    ("git://github.com/lab/ok.git", "unsupported scheme 'git:'"),
    ("ext::sh", "unsupported scheme 'ext:'"),
    ("http://127.0.0.1:9/page", "127.0.0.1 is a loopback address"),
    ("http://0x7f.1:9/page", "0x7f.1 is a loopback address"),
    ("http://2130706433:9/page", "2130706433 is a loopback address"),
    ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address"),
    ("http://10.0.0.5/g/p.git", "10.0.0.5 is a private address"),
    ("http://localhost:{port}/lab/ok.git", "localhost is a loopback name"),
    ("https://github.com@127.0.0.1:{port}/lab/ok", "user info"),
]


def _digest(path: Path, port: str) -> Path:
    rows = [f"| P{i} | 2025-10-16 | a | c | [Code Link]({url.format(port=port)}) |"
            for i, (url, _) in enumerate(HOSTILE_LINKS)]  # fmt: skip
    rows.append("| Fine | 2025-10-16 | a | c | [Code Link](https://github.com/lab/ok) |")
    header = (
        "| Title | Date | Abstract | Comment | CodeRepository |\n| --- | --- | --- | --- | --- |"
    )
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_a_hostile_digest_makes_no_request_but_to_github(
    github_emulator: GitHubEmulator, tmp_path: Path
) -> None:
    emu = github_emulator
    emu.add_repo(RepoSpec("lab", "ok"))
    port = emu.server_url.rsplit(":", 1)[1]
    digest = _digest(tmp_path / "hostile.md", port)
    env = {**emu.env(TOKEN), "REPRO_AUDIT_WEB_ALLOW": ""}  # no allow-list: any public host
    outcome = audit_run([str(digest), "--format", "json", "--fail-on", "dead"], env)
    assert outcome.code == 0, outcome.stderr  # refused is unknown or not a repo, never dead
    rows = outcome.document()["rows"]
    assert [row["link_status"] for row in rows[-1:]] == ["alive"]
    for row, (_, reason) in zip(rows, HOSTILE_LINKS, strict=False):
        assert row["link_status"] in ("not_a_repo", "unknown")
        said = row["reason"] + str((row.get("web") or {}).get("reason", ""))
        assert reason in said, row
    assert {request.kind for request in emu.requests} <= {"graphql", "rest"}
    assert not any("/lab/ok.git" in request.path for request in emu.requests)


def test_an_explicitly_allowed_host_is_checked(
    github_emulator: GitHubEmulator, tmp_path: Path
) -> None:
    emu = github_emulator
    emu.add_repo(RepoSpec("lab", "ok"))
    port = emu.server_url.rsplit(":", 1)[1]
    digest = _digest(tmp_path / "hostile.md", port)
    env = {**emu.env(TOKEN), "REPRO_AUDIT_WEB_ALLOW": f"localhost:{port}"}
    rows = audit_run([str(digest), "--format", "json", "--fail-on", "never"], env).document()[
        "rows"
    ]
    (enterprise,) = [row for row in rows if "localhost" in str(row["code_link"])]
    assert enterprise["link_status"] == "alive"  # named in the allow-list: an enterprise host
    others = [row for row in rows if row is not enterprise and row["link_status"] == "unknown"]
    assert others and all(
        "not in the allow-list" in str(row["web"]) or "not checked" in row["reason"]
        for row in others
    )
