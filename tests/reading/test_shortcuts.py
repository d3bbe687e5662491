"""The reader's speed shortcuts give what the long way gives (issue 12, speed).

Each shortcut (one-match code cells, links resolved only when their text can name a code host,
the colon/slash walks) is checked against the long way on generated text built from the pieces
that matter to it: brackets, schemes, slashes, colons, dots, stars, badge hosts.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from repro_audit.models import LinkKind
from repro_audit.reading import finding
from repro_audit.reading.finding import all_hits, cell_hits
from repro_audit.reading.links import CODE_HOSTS, find_urls, names_code_host, resolve_link
from repro_audit.reading.urls import _schemeless_mentions

_PIECES = st.sampled_from([
    "[", "]", "(", ")", "**", "*", "code", "Code", " ", "https://", "http://", "https:/", "http//",
    "github.com", "GitHub.io", "lab.github.io", "/", "//", ":", ".", "o", "r", "-", "_", "%", "~",
    "img.shields.io/github/stars/o/r", "gitlab.com", "arxiv.org/abs/2401.1", "!", "\\", "&amp;",
])  # fmt: skip
_CELLS = st.lists(_PIECES, max_size=14).map("".join)
_SIMPLE = st.builds(
    lambda stars, label, host, path, end: f"{stars}[{label}](https://{host}{path}{end}){stars}",
    st.sampled_from(["", "*", "**"]),
    st.sampled_from(["code", "Code", "link", "GitHub", "", "official code", "my_repo-2"]),
    st.sampled_from(["github.com", "gitlab.com", "a.b.github.io", "x-y.org", "img.shields.io"]),
    st.lists(
        st.sampled_from(["/o", "/r", "/a.b", "/x-1", "/p%20q", "/v+2", "/", "/."]), max_size=5
    ).map("".join),
    st.sampled_from(["", "/", ".", ".git"]),
)


@settings(max_examples=400, deadline=None)
@given(cell=st.one_of(_SIMPLE, _CELLS))
def test_one_match_cells_read_as_the_long_way(cell: str) -> None:
    for schemeless in (True, False):
        for labels in (True, False):
            fast = cell_hits(cell, schemeless=schemeless, labels=labels)
            assert fast == all_hits(cell, schemeless=schemeless, labels=labels), cell


def test_the_common_code_cell_takes_the_shortcut() -> None:
    """The shortcut is taken (else the test above compares the long way with itself)."""
    assert finding._ONE_LINK.fullmatch("**[code](https://github.com/lab1/model-1)**")
    assert finding._ONE_LINK.fullmatch("[link](https://github.com/o/r.)") is None  # trimmed "."


_HOSTS = st.sampled_from([
    "github.com", "GITHUB.COM", "www.github.com", "gist.github.com", "raw.githubusercontent.com",
    "lab.github.io", "ghe.example:8443", "ghe.example", "arxiv.org", "x.org", "gitlab.com",
    "bitbucket.org", "codeberg.org", "gitee.com", "huggingface.co", "anonymous.4open.science",
    "sourceforge.net", "g\u0456thub.com", "xn--gthub-2ta.com", "u@github.com", "[::1]",
])  # fmt: skip
_PATHS = st.sampled_from(
    ["", "/", "/o", "/o/r", "/o/r.git", "/o/r/tree/main", "/settings", "/a.git/"]
)


@settings(max_examples=300, deadline=None)
@given(scheme=st.sampled_from(["https://", "http://", "HTTPS://", "ftp://", ""]), host=_HOSTS,
       path=_PATHS, enterprise=st.booleans())  # fmt: skip
def test_a_link_that_names_no_code_host_resolves_to_no_code(
    scheme: str, host: str, path: str, enterprise: bool
) -> None:
    hosts = frozenset({"github.com", "ghe.example:8443"} if enterprise else {"github.com"})
    url = scheme + host + path
    kind = resolve_link(url, hosts).kind
    if not names_code_host(url, hosts):
        assert kind in {LinkKind.WEB, LinkKind.INVALID}, url


@pytest.mark.parametrize("host", CODE_HOSTS)
def test_every_code_host_holding_code_is_named(host: str) -> None:
    url = f"https://{host}/o/r"
    if host == "huggingface.co":  # models, datasets and demos: never code
        assert resolve_link(url).kind is LinkKind.WEB
    else:
        assert resolve_link(url).kind is LinkKind.OTHER_HOST and names_code_host(url)


@settings(max_examples=300, deadline=None)
@given(text=_CELLS)
def test_malformed_prefilter_misses_no_malformed_link(text: str) -> None:
    if finding.repaired(text):
        assert finding._may_be_malformed(text), text


_URL_TEXT = st.lists(st.sampled_from([
    "https://", "x://", "-", "1", ".", "github.com", "lab.github.io", "/o/r", " ", "(", ")",
    "?next=",
    "gitlab.com/g/p", "a",
])).map("".join)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(text=_URL_TEXT)
@example(text="-lab.github.io.-https://https://")  # a URL whose start a host name reaches into
def test_mentions_inside_urls_are_skipped_as_the_filter_would(text: str) -> None:
    """The early skip of hosts inside found URLs drops exactly what the later filter drops."""
    every = find_urls(text, schemeless=True)
    found = find_urls(text)
    starts = [(text.find(u), u) for u in found]
    taken = [(at, at + len(u)) for at, u in starts if at != -1]
    if len(taken) == len(found) and taken == sorted(taken):
        mentions = _schemeless_mentions(text, [])
        kept = [u for start, u in mentions if not any(a <= start < b for a, b in taken)]
        assert sorted(every) == sorted([*found, *kept]), text


_SUMMARY_TEXT = st.lists(st.sampled_from([
    "<summary>", "</summary>", "<SUMMARY x>", "</summary x>", "<summary", "a", " ", "<p>", "</p>",
    "<details>", "https://github.com/o/r",
])).map("".join)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(text=_SUMMARY_TEXT)
def test_summaries_are_cut_as_one_substitution_would(text: str) -> None:
    assert finding.without_summary(text) == finding._SUMMARY.sub(" ", text)
