"""The papers API look-up, against a local stand-in for the Hugging Face papers API."""

from __future__ import annotations

import json

import pytest

from repro_audit.models import LinkKind, ResolvedLink
from repro_audit.sources.beyond import route
from repro_audit.sources.papers import PapersClient, PapersOptions, code_urls
from repro_audit.sources.retry import RetryPolicy
from tests.sources.pages import Answer, serve

FAST = RetryPolicy(attempts=2, base_delay=0.01, max_delay=0.02, max_total=5.0, max_hint=0.5)


def paper(**fields: object) -> Answer:
    body = {"id": "2501.12266", "title": "A paper", **fields}
    return Answer(200, {"Content-Type": "application/json"}, json.dumps(body).encode())


@pytest.mark.parametrize(
    ("answer", "urls"),
    [
        ({"githubRepo": "https://github.com/lab/code"}, ("https://github.com/lab/code",)),
        ({"githubRepo": " https://gitlab.com/g/p "}, ("https://gitlab.com/g/p",)),
        ({"githubRepo": None, "projectPage": "https://lab.github.io/p"}, ()),
        ({"githubRepo": "not a url"}, ()),
        ({"githubRepo": 42}, ()),
        ([], ()),
        ("text", ()),
    ],
)
def test_code_urls(answer: object, urls: tuple[str, ...]) -> None:
    assert code_urls(answer) == urls


def _client(url: str, **changes: object) -> PapersClient:
    options = {"api_url": url + "/api/papers", "timeout": 2.0, "policy": FAST, **changes}
    return PapersClient(PapersOptions(**options))  # type: ignore[arg-type]


def test_lookup_many() -> None:
    routes = {
        "/api/papers/2501.12266": [paper(githubRepo="https://github.com/lab/cbvlm")],
        "/api/papers/2502.00001": [paper()],
        "/api/papers/2503.00002": [Answer(503), paper(githubRepo="https://github.com/a/b")],
        "/api/papers/2504.00003": [Answer(500)],
        "/api/papers/2505.00004": [Answer(200, body=b"<html>")],
    }
    ids = ["2501.12266", "2502.00001", "2503.00002", "2504.00003", "2505.00004", "2509.99999"]
    with serve(routes) as api:
        found = _client(api.url).lookup_many([*ids, ids[0]])
    assert {i: (f.known, f.urls) for i, f in found.items()} == {
        "2501.12266": (True, ("https://github.com/lab/cbvlm",)),
        "2502.00001": (True, ()),
        "2503.00002": (True, ("https://github.com/a/b",)),  # a 503 is retried
        "2504.00003": (None, ()),  # still failing: unknown, not "no code"
        "2505.00004": (None, ()),
        "2509.99999": (False, ()),  # 404: the API does not have the paper
    }
    assert found["2504.00003"].reason == "papers API answered HTTP 500"
    assert found["2505.00004"].reason.startswith("papers API answered with something")
    assert sum(path == "/api/papers/2501.12266" for _, path in api.log) == 1


def test_a_refused_api_host_is_not_asked() -> None:
    with serve({}) as api:
        lookup = _client(api.url, allow=frozenset({"huggingface.co"})).lookup("2501.12266")
    assert lookup.known is None and lookup.reason.startswith("not asked: host 127.0.0.1")
    assert api.log == []


@pytest.mark.parametrize(
    ("url", "kind", "git"),
    [
        ("https://gitlab.com/g/p", LinkKind.OTHER_HOST, True),
        ("http://localhost:9/g/p.git", LinkKind.OTHER_HOST, True),
        ("https://gitlab.inria.fr/t/p", LinkKind.WEB, True),  # self-hosted GitLab
        ("https://anonymous.4open.science/r/X/", LinkKind.OTHER_HOST, False),
        ("https://lab.github.io/p", LinkKind.GITHUB_PAGES, False),
        ("https://doi.org/10.1/x", LinkKind.WEB, False),
    ],
)
def test_route(url: str, kind: LinkKind, git: bool) -> None:
    remotes, pages = route([ResolvedLink(url=url, kind=kind)])
    assert (url in remotes) is git and (url in pages) is not git
