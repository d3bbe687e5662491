"""A project page's code link: its HTML read with a real parser, from literals and over HTTP."""

from __future__ import annotations

import pytest

from repro_audit.models import PageState
from repro_audit.sources.pagecode import code_links_in_page
from repro_audit.sources.retry import RetryPolicy
from repro_audit.sources.web import WebChecker, WebOptions
from tests.sources.pages import Answer, serve

PAGE = "https://site-lab.github.io/proj/"


@pytest.mark.parametrize(
    ("html", "links"),
    [
        ('<a href="https://github.com/site-lab/proj-code">Code</a>',
         ("https://github.com/site-lab/proj-code",)),
        # attributes in any order, single quotes, an icon for a label, a deeper path
        ("<a class=btn href='https://github.com/o/r/tree/main'><i class='fab fa-github'></i></a>",
         ("https://github.com/o/r",)),
        ('<a href="https://gitlab.com/g/p" title="Source code">here</a>', ("https://gitlab.com/g/p",)),
        # not labelled code: related work, a profile, the paper
        ('<a href="https://github.com/other/related">Related work</a>', ()),
        ('<a href="https://github.com/someone">GitHub</a>', ()),
        ('<a href="https://arxiv.org/abs/2501.00001">Paper (code soon)</a>', ()),
        # the user site's own source is not the paper's code
        ('<a href="https://github.com/site-lab/site-lab.github.io">GitHub</a>', ()),
        # relative links resolve against the page, entities are decoded, unclosed anchors end
        ('<a href="https://github.com/a/b?x=1&amp;y=2">Code<a href="https://github.com/c/d">GitHub',
         ("https://github.com/a/b", "https://github.com/c/d")),
        ("<p>No links at all</p>", ()),
        ("<a href=", ()),
    ],
)  # fmt: skip
def test_code_links_in_page(html: str, links: tuple[str, ...]) -> None:
    page = "https://site-lab.github.io/" if "site-lab.github.io" in html else PAGE
    assert code_links_in_page(html, page) == links


def test_a_project_page_is_read_for_its_code_link() -> None:
    html = b'<html><body><a href="https://github.com/lab/code-repo">Code</a></body></html>'
    routes = {"/proj/": [Answer(200, {"Content-Type": "text/html; charset=utf-8"}, html)]}
    policy = RetryPolicy(attempts=1, base_delay=0.01, max_delay=0.02, max_total=1.0)
    with serve(routes) as pages:
        web = WebChecker(WebOptions(timeout=2.0, allow=frozenset({"127.0.0.1"}), policy=policy))
        read = web.check(pages.url + "/proj/", read_code=True)
        plain = web.check(pages.url + "/proj/")
    assert read.state is PageState.ALIVE and read.code_links == (
        "https://github.com/lab/code-repo",
    )
    assert plain.code_links == ()  # a liveness check alone reads no body
    assert [method for method, _ in pages.log] == ["GET", "HEAD"]
