"""Plain web links: the host rule and status table from literals, the checker against 127.0.0.1."""

from __future__ import annotations

import pytest

from repro_audit.models import PageState
from repro_audit.sources.retry import RetryPolicy
from repro_audit.sources.web import (
    Answer as Meaning,
)
from repro_audit.sources.web import (
    WebChecker,
    WebOptions,
    classify_status,
    host_refusal,
    parse_allow_list,
)
from tests.sources.pages import Answer, serve

FAST = RetryPolicy(attempts=3, base_delay=0.01, max_delay=0.02, max_total=5.0, max_hint=0.5)
LOOPBACK = frozenset({"127.0.0.1", "localhost"})


def checker(**changes: object) -> WebChecker:
    options = {"timeout": 2.0, "allow": LOOPBACK, "policy": FAST, **changes}
    return WebChecker(WebOptions(**options))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (None, None),
        ("", None),
        ("  ", None),
        ("127.0.0.1", frozenset({"127.0.0.1"})),
        (
            "Example.org, localhost:8080 .lab.org",
            frozenset({"example.org", "localhost:8080", ".lab.org"}),
        ),
    ],
)
def test_parse_allow_list(text: str | None, expected: frozenset[str] | None) -> None:
    assert parse_allow_list(text) == expected


@pytest.mark.parametrize(
    ("url", "allow", "refused"),
    [
        ("https://example.org/page", None, None),
        ("ftp://example.org/file", None, "only http(s) links are checked, not 'ftp:'"),
        ("https:///nohost", None, "URL has no host"),
        ("http://127.0.0.1:8080/x", frozenset({"127.0.0.1"}), None),
        ("http://127.0.0.1:8080/x", frozenset({"127.0.0.1:8080"}), None),
        ("http://127.0.0.1:8081/x", frozenset({"127.0.0.1:8080"}), "host 127.0.0.1:8081 is not"),
        ("https://Docs.Lab.org/a", frozenset({".lab.org"}), None),
        ("https://lab.org.evil.com/a", frozenset({".lab.org"}), "host lab.org.evil.com is not"),
        ("https://user.github.io/p", LOOPBACK, "host user.github.io is not in the allow-list"),
        ("http://[::1]:99999/", None, "not a valid URL"),
    ],
)
def test_host_refusal(url: str, allow: frozenset[str] | None, refused: str | None) -> None:
    reason = host_refusal(url, allow)
    if refused is None:
        assert reason is None
    else:
        assert reason is not None and reason.startswith(refused)


@pytest.mark.parametrize(
    ("status", "meaning"),
    [
        (200, Meaning.ALIVE),
        (204, Meaning.ALIVE),
        (404, Meaning.DEAD),
        (410, Meaning.DEAD),
        (451, Meaning.DEAD),
        (429, Meaning.RETRY),
        (500, Meaning.RETRY),
        (503, Meaning.RETRY),
        (401, Meaning.UNKNOWN),  # private, or behind a login: says nothing about the page
        (403, Meaning.UNKNOWN),  # often bot protection
        (400, Meaning.UNKNOWN),
    ],
)
def test_classify_status(status: int, meaning: Meaning) -> None:
    assert classify_status(status) is meaning


@pytest.mark.parametrize(
    ("routes", "state", "status", "requests", "reason"),
    [
        ({"/p": [Answer(200)]}, PageState.ALIVE, 200, 1, "page answers (HTTP 200)"),
        ({}, PageState.DEAD, 404, 1, "page not found (HTTP 404)"),
        ({"/p": [Answer(410)]}, PageState.DEAD, 410, 1, "page gone (HTTP 410)"),
        ({"/p": [Answer(405), Answer(200)]}, PageState.ALIVE, 200, 2, "page answers"),
        ({"/p": [Answer(501), Answer(404)]}, PageState.DEAD, 404, 2, "page not found"),
        ({"/p": [Answer(503), Answer(200)]}, PageState.ALIVE, 200, 2, "page answers"),
        ({"/p": [Answer(503)]}, PageState.UNKNOWN, None, 3, "page server error (HTTP 503)"),
        ({"/p": [Answer(429)]}, PageState.UNKNOWN, None, 3, "page rate limited (HTTP 429)"),
        ({"/p": [Answer(403)]}, PageState.UNKNOWN, 403, 1, "page answered HTTP 403"),
    ],
    ids=["ok", "404", "410", "head-405", "head-501", "503-then-ok", "503", "429", "403"],
)
def test_check_answers(
    routes: dict[str, list[Answer]],
    state: PageState,
    status: int | None,
    requests: int,
    reason: str,
) -> None:
    with serve(routes) as pages:
        web = checker()
        result = web.check(pages.url + "/p")
    assert result.state is state and result.http_status == status
    assert result.reason.startswith(reason)
    assert len(pages.log) == requests == web.request_count
    if requests > 1 and routes["/p"][0].status in (405, 501):
        assert [method for method, _ in pages.log] == ["HEAD", "GET"]


def test_redirects_are_followed_and_reported() -> None:
    routes = {
        "/old": [Answer(301, {"Location": "/middle"})],
        "/middle": [Answer(302, {"Location": "{base}/new"})],
        "/new": [Answer(200)],
    }
    with serve(routes) as pages:
        result = checker().check(pages.url + "/old")
    assert result.state is PageState.ALIVE and result.final_url == pages.url + "/new"
    assert [path for _, path in pages.log] == ["/old", "/middle", "/new"]


def test_redirect_loops_are_bounded() -> None:
    with serve(
        {"/a": [Answer(302, {"Location": "/b"})], "/b": [Answer(302, {"Location": "/a"})]}
    ) as pages:
        result = checker(max_redirects=4).check(pages.url + "/a")
    assert result.state is PageState.UNKNOWN and result.reason == "more than 4 redirects"
    assert len(pages.log) == 5


def test_a_redirect_to_a_refused_host_is_not_followed() -> None:
    routes = {"/out": [Answer(301, {"Location": "https://example.invalid/elsewhere"})]}
    with serve(routes) as pages:
        result = checker().check(pages.url + "/out")
    assert result.state is PageState.UNKNOWN
    assert result.reason.startswith("redirect not followed: host example.invalid")
    assert len(pages.log) == 1


def test_a_refused_host_is_never_contacted() -> None:
    with serve({"/p": [Answer(200)]}) as pages:
        web = checker(allow=frozenset({"example.org"}))
        result = web.check(pages.url + "/p")
    assert result.state is PageState.UNKNOWN and result.reason.startswith("not checked: host")
    assert pages.log == [] and web.request_count == 0


def test_a_slow_page_is_unknown_not_dead() -> None:
    with serve({"/slow": [Answer(200, delay=1.0)]}) as pages:
        result = checker(timeout=0.2).check(pages.url + "/slow")
    assert result.state is PageState.UNKNOWN and result.reason == "page did not answer in time"


def test_nothing_listening_is_unknown() -> None:
    with serve({}) as pages:
        url = pages.url
    result = checker(policy=RetryPolicy(attempts=1)).check(url + "/gone")
    assert result.state is PageState.UNKNOWN and result.reason.startswith("cannot connect")


def test_check_many_asks_once_per_url() -> None:
    with serve({"/a": [Answer(200)], "/b": [Answer(404)]}) as pages:
        seen: list[str] = []
        urls = [pages.url + "/a", pages.url + "/b", pages.url + "/a"]
        results = checker(workers=2).check_many(urls, on_check=lambda c: seen.append(c.url))
    assert {url: check.state for url, check in results.items()} == {
        pages.url + "/a": PageState.ALIVE,
        pages.url + "/b": PageState.DEAD,
    }
    assert sorted(seen) == sorted(results) and len(pages.log) == 2
