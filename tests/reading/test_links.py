"""Tests for the URL resolver: every shape of link a digest has been seen to hold."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from repro_audit.models import LinkKind
from repro_audit.reading.links import find_urls, markup_links, normalise_url, resolve_link

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "digest.md"
GHE = frozenset({"github.com", "127.0.0.1:8080"})

REPO = LinkKind.GITHUB_REPO
PAGES = LinkKind.GITHUB_PAGES
OTHER = LinkKind.GITHUB_OTHER
HOST = LinkKind.OTHER_HOST
WEB = LinkKind.WEB
INVALID = LinkKind.INVALID


@pytest.mark.parametrize(
    ("url", "kind", "slug", "subpath"),
    [
        # plain repository links, every spelling
        ("https://github.com/owner/repo", REPO, "owner/repo", ""),
        ("http://github.com/owner/repo", REPO, "owner/repo", ""),
        ("https://www.github.com/owner/repo", REPO, "owner/repo", ""),
        ("HTTPS://GitHub.COM/Owner/Repo", REPO, "Owner/Repo", ""),
        ("https://github.com/owner/repo.git", REPO, "owner/repo", ""),
        ("https://github.com/owner/repo.GIT", REPO, "owner/repo", ""),
        ("https://github.com/owner/repo/", REPO, "owner/repo", ""),
        ("https://github.com/owner/repo.git/", REPO, "owner/repo", ""),
        ("https://github.com:443/owner/repo", REPO, "owner/repo", ""),
        ("http://github.com:80/owner/repo", REPO, "owner/repo", ""),
        ("https://github.com./owner/repo", REPO, "owner/repo", ""),
        ("https://github.com//owner//repo", REPO, "owner/repo", ""),
        # deeper paths become the subpath
        ("https://github.com/o/r/tree/clean_code", REPO, "o/r", "tree/clean_code"),
        ("https://github.com/o/r/tree/main/src/model.py", REPO, "o/r", "tree/main/src/model.py"),
        ("https://github.com/o/r/blob/main/README.md", REPO, "o/r", "blob/main/README.md"),
        ("https://github.com/o/r/releases", REPO, "o/r", "releases"),
        ("https://github.com/o/r/releases/tag/v1.0", REPO, "o/r", "releases/tag/v1.0"),
        ("https://github.com/o/r/issues/12", REPO, "o/r", "issues/12"),
        ("https://github.com/o/r/wiki", REPO, "o/r", "wiki"),
        ("https://github.com/o/r/tree/main/", REPO, "o/r", "tree/main"),
        # queries and fragments are not part of the subpath
        ("https://github.com/o/r?tab=readme-ov-file", REPO, "o/r", ""),
        ("https://github.com/o/r#readme", REPO, "o/r", ""),
        ("https://github.com/o/r/tree/dev?x=1#y", REPO, "o/r", "tree/dev"),
        # wrappers and trailing punctuation from prose
        ("<https://github.com/o/r>", REPO, "o/r", ""),
        ("  https://github.com/o/r  ", REPO, "o/r", ""),
        ("https://github.com/o/r.", REPO, "o/r", ""),
        ("https://github.com/o/r,", REPO, "o/r", ""),
        ("https://github.com/o/r;", REPO, "o/r", ""),
        ("https://github.com/o/r:", REPO, "o/r", ""),
        ("https://github.com/o/r!", REPO, "o/r", ""),
        ("https://github.com/o/r?", REPO, "o/r", ""),
        ("https://github.com/o/r).", REPO, "o/r", ""),
        ("(https://github.com/o/r)", REPO, "o/r", ""),
        ('"https://github.com/o/r"', REPO, "o/r", ""),
        ("'https://github.com/o/r'.", REPO, "o/r", ""),
        ("https://github.com/o/r/.", REPO, "o/r", ""),
        ("https://github.com/o/r]", REPO, "o/r", ""),
        ("https://github.com/o/r\u3002", REPO, "o/r", ""),
        # names at the edges of GitHub's rules
        ("https://github.com/a/b", REPO, "a/b", ""),
        ("https://github.com/" + "a" * 39 + "/r", REPO, "a" * 39 + "/r", ""),
        ("https://github.com/my-org/my.repo_name-2", REPO, "my-org/my.repo_name-2", ""),
        ("https://github.com/o/.github", REPO, "o/.github", ""),
        ("https://github.com/o/r.js", REPO, "o/r.js", ""),
        # raw files are resolved to their repository, said explicitly in the subpath
        ("https://raw.githubusercontent.com/o/r/main/a/b.txt", REPO, "o/r", "raw/main/a/b.txt"),
        # GitHub Pages: the candidate repository behind the site
        ("https://user.github.io/project", PAGES, "user/project", ""),
        ("https://user.github.io/project/docs/a.html", PAGES, "user/project", "docs/a.html"),
        ("https://User.GitHub.io/Project/", PAGES, "user/Project", ""),
        ("https://user.github.io", PAGES, "user/user.github.io", ""),
        ("https://user.github.io/", PAGES, "user/user.github.io", ""),
        ("https://user.github.io/index.html", PAGES, "user/user.github.io", "index.html"),
        ("https://cristianopatricio.github.io/CBVLM/.", PAGES, "cristianopatricio/CBVLM", ""),
        # github.com pages that are not repositories
        ("https://github.com", OTHER, None, None),
        ("https://github.com/", OTHER, None, None),
        ("https://github.com/someuser", OTHER, None, None),
        ("https://github.com/someuser?tab=repositories", OTHER, None, None),
        ("https://github.com/orgs/acme/repositories", OTHER, None, None),
        ("https://github.com/topics/deep-learning", OTHER, None, None),
        ("https://github.com/sponsors/someuser", OTHER, None, None),
        ("https://github.com/marketplace/actions/x", OTHER, None, None),
        ("https://github.com/features/copilot", OTHER, None, None),
        ("https://github.com/settings/profile", OTHER, None, None),
        ("https://github.com/explore", OTHER, None, None),
        ("https://github.com/collections/ml", OTHER, None, None),
        ("https://github.com/trending/python", OTHER, None, None),
        ("https://github.com/search?q=x", OTHER, None, None),
        ("https://github.com/login", OTHER, None, None),
        ("https://github.com/about", OTHER, None, None),
        ("https://github.com/pricing", OTHER, None, None),
        ("https://github.com/enterprise", OTHER, None, None),
        ("https://github.com/apps/dependabot", OTHER, None, None),
        ("https://github.com/site/terms", OTHER, None, None),
        ("https://github.com/notifications", OTHER, None, None),
        ("https://github.com/codespaces", OTHER, None, None),
        ("https://gist.github.com/user/0123abcd", OTHER, None, None),
        ("https://api.github.com/repos/o/r", OTHER, None, None),
        ("https://user-images.githubusercontent.com/1/2.png", OTHER, None, None),
        ("https://github.com/-leading/r", OTHER, None, None),
        ("https://github.com/" + "a" * 40 + "/r", OTHER, None, None),
        ("https://github.com/under_score/r", OTHER, None, None),
        ("https://github.com/o/..", OTHER, None, None),
        ("https://github.com/o/../r", OTHER, None, None),
        ("https://github.com/o/.git", OTHER, None, None),
        ("https://github.com/o/r%20x", OTHER, None, None),
        # other code hosts
        ("https://gitlab.com/group/project", HOST, None, None),
        ("https://www.gitlab.com/group/project", HOST, None, None),
        ("https://bitbucket.org/team/repo", HOST, None, None),
        ("https://codeberg.org/user/repo", HOST, None, None),
        ("https://gitee.com/user/repo", HOST, None, None),
        ("https://huggingface.co/org/model", WEB, None, None),  # a model, not code (issue 12)
        ("https://huggingface.co/datasets/org/set", WEB, None, None),
        ("https://sourceforge.net/projects/tool/", HOST, None, None),
        ("https://tool.sourceforge.net/", HOST, None, None),
        ("https://anonymous.4open.science/r/MemAttack-5413/", HOST, None, None),
        ("https://git.example.org/group/repo.git", HOST, None, None),
        # everything else on the web
        ("https://doi.org/10.1145/3672608.3707887", WEB, None, None),
        ("https://www.lix.polytechnique.fr/vista/projects/2025_bmvc_dipsy/", WEB, None, None),
        ("http://arxiv.org/abs/2510.14810v1", WEB, None, None),
        ("https://en.wikipedia.org/wiki/Foo_(bar)", WEB, None, None),
        ("https://github.community/t/x", WEB, None, None),
        ("https://notgithub.com/o/r", WEB, None, None),
        ("https://github.com.evil.example/o/r", WEB, None, None),
        ("https://m\u00fcnchen.de/code", WEB, None, None),
        ("https://xn--gthub-zsa.com/o/r", INVALID, None, None),  # punycode of gíthub.com
        ("https://127.0.0.1:8080/o/r", WEB, None, None),
        # not usable, or a trick: never a repository
        ("", INVALID, None, None),
        ("   ", INVALID, None, None),
        ("github.com/o/r", INVALID, None, None),
        ("www.github.com/o/r", INVALID, None, None),
        ("//github.com/o/r", INVALID, None, None),
        ("https:github.com/o/r", INVALID, None, None),
        ("javascript:alert(1)", INVALID, None, None),
        ("data:text/html,<b>x</b>", INVALID, None, None),
        ("file:///home/u/repo", INVALID, None, None),
        ("ftp://github.com/o/r", INVALID, None, None),
        ("ssh://git@github.com/o/r.git", INVALID, None, None),
        ("git://github.com/o/r.git", INVALID, None, None),
        ("git@github.com:o/r.git", INVALID, None, None),
        ("https://github.com/o/r with spaces", INVALID, None, None),
        ("https://git hub.com/o/r", INVALID, None, None),
        ("https://github.com:99999/o/r", INVALID, None, None),
        ("https://github.com:0/o/r", INVALID, None, None),
        ("https://github.com:http/o/r", INVALID, None, None),
        ("https://github.com@evil.example/x/y", INVALID, None, None),
        ("https://user:pw@github.com/o/r", INVALID, None, None),
        ("https://evil.example\\@github.com/o/r", INVALID, None, None),
        ("https://g\u00edthub.com/o/r", INVALID, None, None),
        ("https://\uff47\uff49\uff54\uff48\uff55\uff42.com/o/r", INVALID, None, None),
        ("https://github\u3002com/o/r", INVALID, None, None),
        ("https://gith\u0075\u0308b.com/o/r", INVALID, None, None),
        ("https://github.com\u200b/o/r", INVALID, None, None),
        ("https:///o/r", INVALID, None, None),
        ("https://exa_mple.com/o/r", INVALID, None, None),
        ("https://[::1/o/r", INVALID, None, None),
    ],
)
def test_resolve_link(url: str, kind: LinkKind, slug: str | None, subpath: str | None) -> None:
    resolved = resolve_link(url)
    assert resolved.kind is kind, resolved.reason
    if slug is None:
        assert resolved.repo is None or kind is PAGES
        assert resolved.reason, "a link that is not a repository must say why"
    else:
        assert resolved.repo is not None
        assert resolved.repo.slug == slug
        assert resolved.repo.subpath == subpath
        assert resolved.repo.host == "github.com"


@pytest.mark.parametrize(
    ("url", "reason_part"),
    [
        ("https://github.com/someuser", "user or organisation page 'someuser'"),
        ("https://github.com/topics/x", "'topics'"),
        ("https://gist.github.com/u/1", "gist"),
        ("https://user.github.io/p", "GitHub Pages site"),
        ("https://gitlab.com/g/p", "gitlab.com"),
        ("https://tool.sourceforge.net/", "sourceforge.net"),
        ("https://git.example.org/g/p.git", "git repository on git.example.org"),
        ("https://example.org/x", "web page on example.org"),
        ("https://github.com@evil.example/x/y", "real host is evil.example"),
        ("https://g\u00edthub.com/o/r", "look-alike"),
        ("javascript:alert(1)", "unsupported scheme 'javascript:'"),
        ("github.com/o/r", "no scheme"),
        ("git@github.com:o/r.git", "SSH"),
        ("https://github.com:99999/o/r", "invalid port '99999'"),
        ("https://github.com/o/r x", "spaces"),
        ("", "empty"),
    ],
)
def test_reasons_name_the_problem(url: str, reason_part: str) -> None:
    assert reason_part in resolve_link(url).reason


@pytest.mark.parametrize(
    ("url", "kind", "host", "slug"),
    [
        ("http://127.0.0.1:8080/owner/repo", REPO, "127.0.0.1:8080", "owner/repo"),
        ("http://127.0.0.1:8080/owner/repo/tree/main", REPO, "127.0.0.1:8080", "owner/repo"),
        ("http://127.0.0.1:8080/owner", OTHER, None, None),
        ("http://127.0.0.1:8081/owner/repo", WEB, None, None),
        ("http://127.0.0.1/owner/repo", WEB, None, None),
        ("https://github.com/owner/repo", REPO, "github.com", "owner/repo"),
        ("http://user@127.0.0.1:8080/owner/repo", INVALID, None, None),
    ],
)
def test_enterprise_hosts(url: str, kind: LinkKind, host: str | None, slug: str | None) -> None:
    resolved = resolve_link(url, GHE)
    assert resolved.kind is kind
    assert (resolved.repo.host if resolved.repo else None) == host
    assert (resolved.repo.slug if resolved.repo else None) == slug


def test_enterprise_host_list_is_normalised() -> None:
    hosts = frozenset({"www.Git.Corp.Example"})
    resolved = resolve_link("https://git.corp.example/o/r", hosts)
    assert resolved.kind is REPO
    assert resolved.repo is not None and resolved.repo.host == "git.corp.example"
    # github.com stays a GitHub host even when the list names only the enterprise server
    public = resolve_link("https://github.com/o/r", hosts)
    assert public.repo is not None and public.repo.host == "github.com"


def test_repo_key_ignores_case_and_url_is_cleaned() -> None:
    resolved = resolve_link(" <https://github.com/Owner/Repo.git>. ")
    assert resolved.url == "https://github.com/Owner/Repo.git"
    assert resolved.repo is not None
    assert resolved.repo.key == "owner/repo"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("https://github.com/zju3dv/EgoAgent.", "https://github.com/zju3dv/EgoAgent"),
        (
            "https://github.com/NK-JittorCV/Self-Supervised/.",
            "https://github.com/NK-JittorCV/Self-Supervised/",
        ),
        ("https://github.com/TianHuiLab/Falcon,", "https://github.com/TianHuiLab/Falcon"),
        ("<https://x.org/a>", "https://x.org/a"),
        ("  https://x.org/a\n", "https://x.org/a"),
        ("https://x.org/a).", "https://x.org/a"),
        ("https://x.org/a_(b)", "https://x.org/a_(b)"),
        ("https://x.org/a_(b)).", "https://x.org/a_(b)"),
        ("https://x.org/a]", "https://x.org/a"),
        ("https://x.org/[a]", "https://x.org/[a]"),
        ('"https://x.org/a"', "https://x.org/a"),
        ("\u201chttps://x.org/a\u201d", "https://x.org/a"),
        ("https://x.org/a?!", "https://x.org/a"),
        ("https://x.org/a**", "https://x.org/a"),
        ("https://x.org/a...", "https://x.org/a"),
        ("https://x.org/a_", "https://x.org/a_"),
        ("https://x.org/a#frag", "https://x.org/a#frag"),
        ("", ""),
        ("...", ""),
        ("https://x.org/a_(b)c)", "https://x.org/a_(b)c"),
        ("((https://x.org/a))", "https://x.org/a"),
        ("https://x.org/a)]", "https://x.org/a"),
        ("[https://x.org/(a)].", "https://x.org/(a)"),
        # a markdown link's `)` with no `(` in the URL, then what the cut leaves at the end
        ("https://x.org/a))", "https://x.org/a"),
        ("https://x.org/a~)", "https://x.org/a"),
        ("https://x.org/a )", "https://x.org/a"),
        ("https://x.org/a).)", "https://x.org/a"),
        ("https://x.org/a)b)", "https://x.org/a)b"),
        ("<(~)", ""),
    ],
)
def test_normalise_url(raw: str, clean: str) -> None:
    assert normalise_url(raw) == clean


@pytest.mark.parametrize(
    ("text", "schemeless", "urls"),
    [
        ("no links at all", True, []),
        ("see https://github.com/a/b.", False, ["https://github.com/a/b"]),
        ("[Code Link](https://github.com/a/b)", False, ["https://github.com/a/b"]),
        ("**[link](https://github.com/a/b)**", False, ["https://github.com/a/b"]),
        ('<a href="https://github.com/a/b">x</a>', False, ["https://github.com/a/b"]),
        ("<https://github.com/a/b>", False, ["https://github.com/a/b"]),
        ("<p>at https://github.com/a/b.</p>", False, ["https://github.com/a/b"]),
        ("a https://x.org/1, b http://y.org/2", False, ["https://x.org/1", "http://y.org/2"]),
        ("ftp://files.example/x", False, ["ftp://files.example/x"]),
        ("weird ://nothing", False, []),
        ("https://", False, []),
        ("code: github.com/a/b", False, []),
        ("code: github.com/a/b", True, ["https://github.com/a/b"]),
        ("see www.github.com/a/b; thanks", True, ["https://www.github.com/a/b"]),
        ("page user.github.io.", True, ["https://user.github.io"]),
        ("on github.com or GitHub.", True, []),
        ("mail me@github.com/x", True, []),
        ("see github.company/x", True, []),
        (
            "GITHUB.COM/A/B and gitlab.com/c/d",
            True,
            ["https://GITHUB.COM/A/B", "https://gitlab.com/c/d"],
        ),
        (
            "https://github.com/a/b and github.com/c/d",
            True,
            ["https://github.com/a/b", "https://github.com/c/d"],
        ),
        ("\u4ee3\u7801https://github.com/a/b\u3002\u8c22", True, ["https://github.com/a/b"]),
        ("x https://github.com/a/b?x=1&amp;y=2 y", False, ["https://github.com/a/b?x=1&y=2"]),
        ("x" * 40 + "://h/p", False, ["x" * 32 + "://h/p"]),  # a scheme is 32 characters at most
        ("3d+https://x.org/a", False, ["d+https://x.org/a"]),  # and starts with a letter
        ("\u00e9https://x.org/a", False, ["https://x.org/a"]),  # of ASCII
        ("Abstract 0.", True, []),
        # lower() lengthens the \u0130, so a case-blind regex looks, which takes \u0131 for i
        ("\u0130 g\u0131thub.com/a/b", True, ["https://g\u0131thub.com/a/b"]),
        ("g\u0131thub.com/a/b", True, []),
        ("\u0130 GitLab.com/c/d", True, ["https://GitLab.com/c/d"]),
        # two links glued: `[Title](paper)(page)`; a redirect keeps the address it carries
        (
            "[T](https://a.org/x)(https://b.github.io/)",
            False,
            ["https://a.org/x", "https://b.github.io/"],
        ),
        ("https://x.org/a_(b)(c)", False, ["https://x.org/a_(b)(c)"]),
        ("https://t.co/?u=https://y.org", False, ["https://t.co/?u=https://y.org"]),
    ],
)
def test_find_urls(text: str, schemeless: bool, urls: list[str]) -> None:
    assert find_urls(text, schemeless=schemeless) == urls


@pytest.mark.parametrize(
    ("text", "links"),
    [
        ("[a](https://x.org)", [("a", "https://x.org")]),
        (
            "**[[Re] A study](http://arxiv.org/abs/1)**",
            [("[Re] A study", "http://arxiv.org/abs/1")],
        ),
        ('<a href="https://x.org/a">A <b>b</b></a>', [("A <b>b</b>", "https://x.org/a")]),
        (
            "[code](github.com/o/r) [x](<https://y.org>)",
            [("code", "github.com/o/r"), ("x", "https://y.org")],
        ),
        ("[wiki](https://w.org/A_(b))", [("wiki", "https://w.org/A_(b)")]),
        ("not [a link] (here)", []),
        ("[a \\] b](u) [x [y] z](v)", [("a \\] b", "u"), ("x [y] z", "v")]),
        ("[a\nb](u) [\\\n](v) [a]](w) [[b](x)", [("a\nb", "u"), ("b", "x")]),
        ("<a href='v'>x</a> [y](w)", [("x", "v"), ("y", "w")]),
        ("[" + "\\_" * 64 + "](u)", [("\\_" * 64, "u")]),  # 64 escapes or nested brackets
        ("[" + "\\_" * 65 + "](u)", []),  # and no more: past that a label is hostile
    ],
)
def test_markup_links(text: str, links: list[tuple[str, str]]) -> None:
    assert markup_links(text) == links


def _example_github_urls() -> list[str]:
    """Every github.com / github.io URL written anywhere in the example digest, as written."""
    text = EXAMPLE.read_text(encoding="utf-8")
    return sorted(set(re.findall(r"https?://[^\s<>()\"'|\]]*github[^\s<>()\"'|\]]*", text)))


EXAMPLE_URLS = _example_github_urls()


def test_example_has_the_expected_number_of_github_urls() -> None:
    assert len(EXAMPLE_URLS) >= 70
    assert "https://github.com/zju3dv/EgoAgent." in EXAMPLE_URLS


@pytest.mark.parametrize("url", EXAMPLE_URLS)
def test_every_github_url_in_the_example_resolves(url: str) -> None:
    resolved = resolve_link(url)
    match = re.match(r"https?://(?:(\w[\w-]*)\.github\.io|github\.com)/?([^/]*)/?([^/]*)", url)
    assert match is not None
    pages_user, first, second = match.groups()
    if pages_user:
        assert resolved.kind is PAGES
        name = first.rstrip(".,") or f"{pages_user}.github.io"
        assert resolved.repo is not None and resolved.repo.slug == f"{pages_user}/{name}"
    else:
        assert resolved.kind is REPO
        assert resolved.repo is not None
        assert resolved.repo.slug == f"{first}/{second.rstrip('.,')}"
        assert resolved.repo.subpath in {"", "tree/clean_code"}
