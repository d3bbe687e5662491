"""Other git hosts: URL rules and licence names from literals; ls-remote and the blobless clone
against the emulator's git smart HTTP, reached as `localhost` (a host GitHub links never use)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from repro_audit.models import Existence, RepoRef
from repro_audit.scoring import ScoringContext, score_repository
from repro_audit.sources.githost import (
    GitHostOptions,
    GitHostSource,
    GitRemote,
    RemoteAnswer,
    classify_remote_failure,
    git_remote,
    licence_from_text,
    read_ls_remote,
)
from repro_audit.sources.retry import RetryPolicy
from tests.emulator import GitHubEmulator, RepoSpec

FAST = RetryPolicy(attempts=2, base_delay=0.01, max_delay=0.02, max_total=10.0)
LOOPBACK = frozenset({"localhost"})  # named explicitly: loopback is refused unless allowed
WHEN = datetime(2025, 9, 20, 12, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("url", "clone", "owner", "name", "subpath"),
    [
        ("https://gitlab.com/grp/proj", "https://gitlab.com/grp/proj.git", "grp", "proj", ""),
        (
            "https://gitlab.com/grp/sub/proj/-/tree/main/src",
            "https://gitlab.com/grp/sub/proj.git",
            "grp/sub",
            "proj",
            "tree/main/src",
        ),
        (
            "https://gitlab.inria.fr/team/tool/blob/master/x.py",
            "https://gitlab.inria.fr/team/tool.git",
            "team",
            "tool",
            "blob/master/x.py",
        ),
        ("https://www.bitbucket.org/o/r/src/", "https://bitbucket.org/o/r.git", "o", "r", "src"),
        ("https://codeberg.org/o/r", "https://codeberg.org/o/r.git", "o", "r", ""),
        ("https://gitee.com/o/r.git", "https://gitee.com/o/r.git", "o", "r", ""),
        (
            "https://huggingface.co/org/model",
            "https://huggingface.co/org/model",
            "org",
            "model",
            "",
        ),
        (
            "https://huggingface.co/spaces/org/demo/blob/main/app.py",
            "https://huggingface.co/spaces/org/demo",
            "spaces/org",
            "demo",
            "blob/main/app.py",
        ),
        ("http://localhost:8080/g/p.git", "http://localhost:8080/g/p.git", "g", "p", ""),
        ("https://git.lab.org/a/b/c.git/", "https://git.lab.org/a/b/c.git", "a/b", "c", ""),
    ],
)
def test_git_remote(url: str, clone: str, owner: str, name: str, subpath: str) -> None:
    remote = git_remote(url)
    assert remote is not None
    assert remote.url == clone
    assert (remote.ref.owner, remote.ref.name, remote.ref.subpath) == (owner, name, subpath)


@pytest.mark.parametrize(
    "url",
    [
        "https://anonymous.4open.science/r/MemAttack-5413/",  # a review mirror: a web page
        "https://sourceforge.net/projects/tool/",
        "https://gitlab.com/grp",  # a group page
        "https://huggingface.co/papers/2501.12266",
        "https://huggingface.co/spaces/org",
        "https://bitbucket.org/owner",
        "https://example.org/docs/page.html",
        "https://example.org/.git",
        "ftp://gitlab.com/a/b",
        "https://user:pw@gitlab.com/a/b",
    ],
)
def test_not_a_git_remote(url: str) -> None:
    assert git_remote(url) is None


@pytest.mark.parametrize(
    ("text", "spdx"),
    [
        ("MIT License\n\nCopyright (c) 2025 lab\n", "MIT"),
        ("Permission is hereby granted, free of charge, to any person", "MIT"),
        ("Apache License\n                           Version 2.0, January 2004", "Apache-2.0"),
        ("GNU GENERAL PUBLIC LICENSE\n Version 3, 29 June 2007", "GPL-3.0"),
        ("GNU GENERAL PUBLIC LICENSE v3", "GPL-3.0"),
        ("GNU GENERAL PUBLIC LICENSE\n Version 2, June 1991", "GPL-2.0"),
        ("GNU LESSER GENERAL PUBLIC LICENSE\n Version 3, 29 June 2007", "LGPL-3.0"),
        ("GNU AFFERO GENERAL PUBLIC LICENSE\n Version 3", "AGPL-3.0"),
        ("BSD 3-Clause License\n\nCopyright", "BSD-3-Clause"),
        ("BSD 2-Clause License", "BSD-2-Clause"),
        ("Mozilla Public License Version 2.0", "MPL-2.0"),
        ("This is free and unencumbered software released into the public domain.", "Unlicense"),
        ("Creative Commons Attribution 4.0 International", "CC-BY-4.0"),
        ("Attribution-NonCommercial 4.0 International", "CC-BY-NC-4.0"),
        ("Custom research licence: ask us first.", None),
        ("", None),
    ],
)
def test_licence_from_text(text: str, spdx: str | None) -> None:
    assert licence_from_text(text) == spdx


MISSING, TRANSIENT, UNKNOWN = RemoteAnswer.MISSING, RemoteAnswer.TRANSIENT, RemoteAnswer.UNKNOWN
ACCESS = "fatal: unable to access 'x': "


@pytest.mark.parametrize(
    ("stderr", "answer", "reason"),
    [
        ("remote: Repository not found.\nfatal: not found", MISSING, "repository not found"),
        ("fatal: could not read Username: terminal prompts disabled", MISSING, "the host asks"),
        (ACCESS + "The requested URL returned error: 503", TRANSIENT, "git host did not answer"),
        (ACCESS + "Operation timed out after 30000 ms", TRANSIENT, "git host did not answer"),
        (ACCESS + "Could not resolve host: gitlab.example", UNKNOWN, "git host unreachable"),
        (ACCESS + "The requested URL returned error: 403", UNKNOWN, "git host unreachable"),
        ("", UNKNOWN, "git host unreachable: no message"),
    ],
)
def test_classify_remote_failure(stderr: str, answer: RemoteAnswer, reason: str) -> None:
    got, text = classify_remote_failure(stderr)
    assert got is answer and text.startswith(reason)


@pytest.mark.parametrize(
    ("output", "branch", "empty"),
    [
        ("ref: refs/heads/main\tHEAD\n9c53\tHEAD\n", "main", False),
        ("ref: refs/heads/dev/x\tHEAD\nabcd\tHEAD\n", "dev/x", False),
        ("abcd\tHEAD\n", None, False),
        ("", None, True),
    ],
)
def test_read_ls_remote(output: str, branch: str | None, empty: bool) -> None:
    assert read_ls_remote(output) == (branch, empty)


def _remote(emu: GitHubEmulator, slug: str) -> GitRemote:
    """The emulator's git server under the name `localhost`: not a GitHub host to the auditor."""
    port = emu.server_url.rsplit(":", 1)[1]
    remote = git_remote(f"http://localhost:{port}/{slug}.git")
    assert remote is not None
    return remote


def _source(**changes: object) -> GitHostSource:
    options = {"timeout": 10.0, "clone_timeout": 30.0, "policy": FAST, "allow": LOOPBACK, **changes}
    return GitHostSource(GitHostOptions(**options))  # type: ignore[arg-type]


@pytest.fixture
def gitlab(github_emulator: GitHubEmulator) -> GitHubEmulator:
    github_emulator.add_repo(
        RepoSpec(
            "group",
            "project",
            files={
                "README.md": "# project\n\nRun `python train.py`.\n",
                "LICENSE": "BSD 3-Clause License\n\nCopyright (c) 2025 group\n",
                "requirements.txt": "torch\n",
                "train.py": "print('train')\n",
            },
            commit_dates=(datetime(2025, 9, 1, tzinfo=timezone.utc), WHEN),
            license_spdx="BSD-3-Clause",
            stars=99,
        )
    )
    github_emulator.add_repo(RepoSpec("group", "blank", empty=True))
    github_emulator.add_repo(
        RepoSpec("group", "custom", files={"README.md": "x\n", "LICENCE.txt": "Ask us first.\n"})
    )
    return github_emulator


def test_a_gitlab_style_repository_is_scored_from_a_blobless_clone(gitlab: GitHubEmulator) -> None:
    remote = _remote(gitlab, "group/project")
    requests: list[int] = []
    source = GitHostSource(
        GitHostOptions(timeout=10.0, clone_timeout=30.0, policy=FAST, allow=LOOPBACK),
        on_request=lambda: requests.append(1),
    )
    facts = source.facts(remote)
    assert facts.existence is Existence.EXISTS and facts.via == "git"
    assert facts.ref == RepoRef(host=remote.ref.host, owner="group", name="project")
    assert facts.default_branch == "main" and facts.is_empty is False
    assert facts.last_commit_at == WHEN
    assert facts.root_files is not None and "requirements.txt" in facts.root_files
    assert facts.license_spdx == "BSD-3-Clause" and facts.has_license is True
    assert facts.readme_text is not None and "python train.py" in facts.readme_text
    assert dict(facts.file_texts or ()) == {"requirements.txt": "torch\n"}
    assert facts.commit_dates is not None and len(facts.commit_dates) == 2
    # no API: stars and forks are unknown, never 0
    assert facts.stars is None and facts.forks is None and facts.created_at is None
    assert len(requests) == 2  # ls-remote, then the clone
    score = score_repository(facts, ScoringContext(now=WHEN, paper_date=WHEN.date()))
    verdicts = {finding.criterion: finding.verdict.value for finding in score.findings}
    assert verdicts["availability"] == "pass" and verdicts["licence"] == "pass"
    assert verdicts["community"] == "unknown"  # not "fail": nobody asked for stars
    assert score.value is not None and score.coverage < 1.0


@pytest.mark.parametrize(
    ("slug", "existence", "check"),
    [
        ("group/blank", Existence.EXISTS, lambda f: f.is_empty is True and f.root_files is None),
        ("group/custom", Existence.EXISTS, lambda f: f.license_spdx == "NOASSERTION"),
        ("group/nothing", Existence.MISSING, lambda f: f.reason.startswith("repository not")),
    ],
)
def test_liveness_and_licences(
    gitlab: GitHubEmulator, slug: str, existence: Existence, check: object
) -> None:
    facts = _source().facts(_remote(gitlab, slug))
    assert facts.existence is existence
    assert callable(check) and check(facts)


def test_a_failing_host_is_unknown_never_missing(gitlab: GitHubEmulator) -> None:
    gitlab.fail_next("git", 503, count=10)
    facts = _source().facts(_remote(gitlab, "group/project"))
    gitlab.clear_faults()
    assert facts.existence is Existence.UNKNOWN
    assert facts.reason.startswith("git host did not answer")


def test_a_refused_host_is_not_contacted(gitlab: GitHubEmulator) -> None:
    gitlab.clear_requests()
    facts = _source(allow=frozenset({"gitlab.com"})).facts(_remote(gitlab, "group/project"))
    assert facts.existence is Existence.UNKNOWN and facts.reason.startswith("not checked: host")
    assert gitlab.requests == []


def test_a_clone_past_the_size_limit_is_stopped(gitlab: GitHubEmulator) -> None:
    facts = _source(max_bytes=1).facts(_remote(gitlab, "group/project"))
    assert facts.existence is Existence.EXISTS  # ls-remote said so; only the details are lost
    assert facts.root_files is None
    assert any("larger than 0 MB" in gap for gap in facts.gaps)


def test_without_clone_only_liveness_is_known(gitlab: GitHubEmulator) -> None:
    gitlab.clear_requests()
    facts = _source(use_clone=False).facts(_remote(gitlab, "group/project"))
    assert facts.existence is Existence.EXISTS and facts.root_files is None
    assert len(gitlab.requests) == 2  # ls-remote's two requests (protocol v2); no clone


def test_fetch_many_clones_each_url_once(gitlab: GitHubEmulator) -> None:
    remotes = [_remote(gitlab, "group/project"), _remote(gitlab, "group/blank")]
    seen: dict[str, Existence] = {}
    _source(workers=2).fetch_many(
        [*remotes, remotes[0]], lambda url, facts: seen.__setitem__(url, facts.existence)
    )
    assert seen == {remotes[0].url: Existence.EXISTS, remotes[1].url: Existence.EXISTS}
