"""Hostile and broken digests (issue 7, part 1).

Three layers: properties of the reader and the resolver over generated input (hypothesis), a
corpus of nasty files run through the CLI in process, and inputs built to be huge or to make a
regular expression backtrack. Every outcome is a report or one clear error line, never a
traceback, in bounded time and memory.
"""

from __future__ import annotations

import os
import re
import stat
import threading
import time
import tracemalloc
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from repro_audit.models import LinkKind
from repro_audit.reading import limits
from repro_audit.reading.digest import (
    MAX_ENTRIES,
    MAX_ROW_LINKS,
    DigestInputError,
    decode_digest,
    read_digest,
)
from repro_audit.reading.links import find_urls, normalise_url, resolve_link
from tests.emulator import GitHubEmulator, RepoSpec
from tests.hardening import TOKEN, Outcome, audit_run

CORPUS = Path(__file__).parent / "corpus"
HEADER = "| Title | Date | Abstract | Comment | CodeRepository |\n| --- | --- | --- | --- | --- |\n"
CODE_KINDS = {
    LinkKind.GITHUB_REPO,
    LinkKind.GITHUB_PAGES,
    LinkKind.GITHUB_OTHER,
    LinkKind.OTHER_HOST,
}
PROPERTY = settings(
    max_examples=300,
    deadline=timedelta(seconds=2),
    derandomize=True,  # the same inputs on every run: CI stays reproducible
    database=None,  # nothing written into the work tree
    suppress_health_check=[HealthCheck.too_slow],
)

# --- properties --------------------------------------------------------------------------------
PIECES = (
    "|", " | ", "\n", "\r\n", "\r", " ", "\t", "---", "| --- |", ":-:", "# ", "## ", "```", "~~~",
    "<details>", "</details>", "<summary>", "</summary>", "<p>", "</p>", "<br>", "<a href='",
    "'>", "</a>", "[", "]", "(", ")", "](", "**", "\\", "\\|", "`", "None", "2025-10-16",
    "arXiv:2510.12345v2", "https://", "http://", "github.com/", "lab/ok", ".github.io", "://",
    "gíthub.com", "@", "javascript:", "&amp;", "\ufeff", "é", "\u3002", "code", "\u00a0",
)  # fmt: skip
markdown = st.builds(
    lambda header, parts: (HEADER if header else "") + "".join(parts),
    st.booleans(),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=4)), max_size=60),
)


def line_count(text: str) -> int:
    """Lines as the reader counts them (CRLF, CR and LF each end one): an independent oracle."""
    return len(re.findall(r"\r\n|\r|\n", text)) + 1


@PROPERTY
@given(markdown)
def test_read_digest_never_raises_and_stays_sane(text: str) -> None:
    digest = read_digest(text, "p.md")
    last = line_count(text)
    assert len(digest.entries) <= MAX_ENTRIES
    for entry in digest.entries:
        assert 1 <= entry.line <= last
        assert len(entry.code_links) <= MAX_ROW_LINKS and len(entry.text_links) <= MAX_ROW_LINKS
        for link in (*entry.code_links, *entry.text_links):
            assert entry.line <= link.line <= last
            assert link.url and not any(ch.isspace() for ch in link.url)
        assert all(resolve_link(link.url).kind in CODE_KINDS for link in entry.text_links)
    assert all(1 <= problem.line <= last for problem in digest.problems)
    assert read_digest(text, "p.md") == digest  # pure: the same text reads the same


@PROPERTY
@given(markdown.filter(lambda text: "\r" not in text))
def test_line_endings_do_not_change_what_is_read(text: str) -> None:
    lf = read_digest(text, "p.md")
    assert read_digest(text.replace("\n", "\r\n"), "p.md") == lf
    assert read_digest(text.replace("\n", "\r"), "p.md") == lf


@PROPERTY
@given(st.binary(max_size=3000))
def test_any_bytes_decode_or_fail_with_one_line(data: bytes) -> None:
    try:
        text = decode_digest(data, "p.md")
    except DigestInputError as error:
        assert str(error).startswith("p.md: ") and "\n" not in str(error)
    else:
        assert isinstance(text, str)


@PROPERTY
@given(
    st.text(
        st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufeff")
        | st.sampled_from("\t\n\r"),
        max_size=400,
    ),
    st.booleans(),
)
def test_utf8_text_comes_back_unchanged(text: str, bom: bool) -> None:
    data = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
    assert decode_digest(data, "p.md") == text


URL_PARTS = {
    "scheme": ("https://", "http://", "HTTPS://", "https:/", "https:", "ftp://", "file://",
               "javascript:", "data:", "ssh://", "git://", "ext::", "git@", ""),
    "userinfo": ("", "", "", "user@", "github.com@", "a:b@", "@"),
    "host": ("github.com", "GitHub.COM", "www.github.com", "github.com.", "gíthub.com",
             "xn--gthub-zsa.com", "g\u0456thub.com", "github.com\u200b", "evil.example",
             "github.com.evil.example", "127.0.0.1", "[::1]", "user.github.io",
             "raw.githubusercontent.com", "gitlab.com", "", "github.com\\"),
    "port": ("", "", ":443", ":80", ":8080", ":0", ":99999", ":x"),
    "path": ("", "/", "/lab", "/lab/ok", "/lab/ok.git", "/lab/ok/tree/main", "/lab/..",
             "/-x/ok", "/lab/ok%2F..", "/lab/ok?x=@evil", "/lab/ok#@evil", "/topics/ok",
             "/lab/ok)", "/lab/ok.", "//lab/ok", "/ lab/ok"),
}  # fmt: skip
urls = st.builds(
    lambda *parts: "".join(parts), *(st.sampled_from(v) for v in URL_PARTS.values())
) | st.text(max_size=40)
OWNER = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,38}")
NAME = re.compile(r"[A-Za-z0-9._-]{1,100}")


@PROPERTY
@given(urls)
def test_only_well_formed_github_links_become_repositories(url: str) -> None:
    link = resolve_link(url)
    assert link.url == normalise_url(url)
    if link.kind is not LinkKind.GITHUB_REPO:
        assert link.reason  # every other outcome says why
        assert link.kind is not LinkKind.INVALID or link.repo is None
        return
    ref = link.repo
    assert ref is not None and ref.host == "github.com"
    assert OWNER.fullmatch(ref.owner) and NAME.fullmatch(ref.name) and ref.name not in {".", ".."}
    scheme, _, rest = link.url.partition("://")
    authority = re.split(r"[/?#]", rest, maxsplit=1)[0].lower()
    assert scheme.lower() in ("http", "https") and "@" not in authority and "\\" not in link.url
    host = authority.rsplit(":", 1)[0] if authority.count(":") == 1 else authority
    assert host.rstrip(".").removeprefix("www.") in {"github.com", "raw.githubusercontent.com"}


@PROPERTY
@given(st.text(max_size=80))
def test_normalise_url_only_trims(text: str) -> None:
    once = normalise_url(text)
    assert once in text
    assert once == once.strip()


@PROPERTY
@given(markdown)
def test_found_urls_are_already_normal(text: str) -> None:
    for url in find_urls(text, schemeless=True):
        assert "://" in url and not any(ch.isspace() for ch in url)
        assert normalise_url(url) == url


# --- inputs built to backtrack or to grow -------------------------------------------------------
def _urls(count: int, base: str) -> str:
    return " ".join(f"{base}{i}" for i in range(count))


def _row(abstract: str = "a", comment: str = "c", code: str = "None", title: str = "t") -> str:
    return f"{HEADER}| {title} | 2025-10-16 | {abstract} | {comment} | {code} |\n"


SLOW_INPUTS: dict[str, Callable[[], str]] = {
    # each of these took minutes to hours before issue 7: quadratic or exponential patterns
    "unclosed <summary> in a comment": lambda: _row(comment="<summary>" * 200_000),
    "<summary without '>'": lambda: _row(abstract="<summary" * 200_000),
    "unclosed anchors in a title": lambda: _row(title="<a href='x'>" * 100_000),
    "unclosed anchors in prose": lambda: "<a href='https://x.y/'>" * 100_000 + " x.y\n",
    "generic-label backtracking": lambda: "[" + "!" * 5_000 + "x](https://github.com/lab/ok)\n",
    "escaped brackets in a title": lambda: _row(title="[\\" * 100_000),  # hours before the cap
    "escaped pairs before a link": lambda: _row(title="[\\]" * 70_000 + "](https://x.y/z)"),
    "heading with a long run of spaces": lambda: "# a" + " " * 1_000_000 + "b\n",
    "github.io run": lambda: "github.io." * 300_000,
    "code URLs in one cell": lambda: _row(abstract=_urls(50_000, "https://github.com/o/r")),
    "web URLs in one cell": lambda: _row(abstract=_urls(50_000, "https://x.y/p")),
    "URLs on one prose line": lambda: _urls(50_000, "github.com/o/r"),
    "deeply nested HTML": lambda: _row(abstract="<div>" * 200_000 + "a | b" + "</div>" * 200_000),
    "unbalanced <details>": lambda: _row(comment="<details><summary>x" * 100_000),
    "pipes only": lambda: HEADER + "|" * 2_000_000 + "\n",
    "a 20 MB line": lambda: "x" * 20_000_000,
}  # fmt: skip


@pytest.mark.parametrize("build", SLOW_INPUTS.values(), ids=SLOW_INPUTS.keys())
def test_hostile_shapes_read_in_linear_time(build: Callable[[], str]) -> None:
    text = build()
    started = time.perf_counter()
    digest = read_digest(text, "slow.md")
    elapsed = time.perf_counter() - started
    assert elapsed < 15, f"{len(text)} characters took {elapsed:.1f} s"
    assert all(len(e.code_links) + len(e.text_links) <= 2 * MAX_ROW_LINKS for e in digest.entries)


def test_rows_keep_at_most_the_row_limit_of_links() -> None:
    many = " ".join(f"https://github.com/o/r{i}" for i in range(MAX_ROW_LINKS + 30))
    digest = read_digest(_row(abstract=many, code=many), "many.md")
    (entry,) = digest.entries
    assert len(entry.code_links) == len(entry.text_links) == MAX_ROW_LINKS
    assert entry.code_links[0].url == "https://github.com/o/r0"  # the first ones, in order
    assert any("the first 50 are kept" in p for p in entry.problems)
    assert any("50 kept" in p for p in entry.problems)


def test_entry_and_link_budgets_stop_reading_with_a_problem(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(limits, "MAX_ENTRIES", 100)
    monkeypatch.setattr(limits, "MAX_LINKS", 30)
    rows = "".join(
        f"| t{i} | 2025-10-16 | a | c | https://github.com/o/r{i} |\n" for i in range(150)
    )
    table = read_digest(HEADER + rows, "t.md")
    assert len(table.entries) == 100 and table.entries[-1].line == 102
    assert sum(1 for e in table.entries if e.code_links) == 30
    messages = [p.message for p in table.problems]
    assert any("30 links read" in m for m in messages)
    assert messages[-1] == "more than 100 entries: line 103 and the rest were not read"
    prose = read_digest(" ".join(f"github.com/o/r{i}" for i in range(150)), "p.md")
    assert len(prose.entries) == 100
    assert prose.problems[-1].message.startswith("more than 100 entries")


# --- the corpus, through the CLI ----------------------------------------------------------------
@pytest.fixture(scope="module")
def github(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GitHubEmulator]:
    with GitHubEmulator(tmp_path_factory.mktemp("github")) as emu:
        emu.add_repo(RepoSpec("lab", "ok"))
        yield emu


def run(path: Path, emu: GitHubEmulator, *extra: str) -> Outcome:
    return audit_run([str(path), "--fail-on", "never", *extra], emu.env(TOKEN))


# Not `.md`: ruff reads markdown files and stops at bytes that are not UTF-8.
FAILS = {  # file -> the one error line's gist (exit code 3)
    "binary.digest": "binary data (NUL byte at offset 8), not markdown",
    "random_bytes.digest": "mostly non-text bytes, not a markdown digest",
    "utf16.digest": "UTF-16 text is not supported; save it as UTF-8",
    "empty.digest": "no paper table and no code links found",
    "whitespace.digest": "no paper table and no code links found",
}
REPORTS = {  # file -> (entries, alive, dead, not a repository)
    "crlf_mixed.digest": (4, 1, 1, 0),
    "invalid_utf8.digest": (2, 1, 0, 0),
    "mixed_encoding.digest": (3, 1, 0, 0),
    "pipes_everywhere.digest": (7, 2, 0, 0),
    "unbalanced_details.digest": (4, 1, 0, 0),
    "lookalikes.digest": (17, 0, 0, 17),  # `\@` is markdown for `@`: user info, not a path
    "html_prose.digest": (2, 1, 1, 0),
    "unclosed_fence.digest": (1, 1, 0, 0),
}


def test_the_corpus_is_all_covered() -> None:
    assert {p.name for p in CORPUS.glob("*.digest")} == set(FAILS) | set(REPORTS)


@pytest.mark.parametrize(("name", "message"), FAILS.items(), ids=FAILS.keys())
def test_unreadable_files_are_one_error_line(
    github: GitHubEmulator, name: str, message: str
) -> None:
    outcome = run(CORPUS / name, github)
    assert outcome.code == 3 and outcome.stdout == ""
    assert outcome.errors() == [f"audit: error: {CORPUS / name}: {message}"]
    assert outcome.stderr.count("\n") == 1


@pytest.mark.parametrize(("name", "counts"), REPORTS.items(), ids=REPORTS.keys())
def test_broken_but_readable_files_give_a_report(
    github: GitHubEmulator, name: str, counts: tuple[int, int, int, int]
) -> None:
    outcome = run(CORPUS / name, github, "--format", "json")
    assert outcome.code == 0 and outcome.errors() == []
    summary = outcome.document()["summary"]
    got = (summary["entries"], summary["alive"], summary["dead"], summary["not_a_repo"])
    assert got == counts


def test_line_numbers_survive_mixed_line_endings(github: GitHubEmulator) -> None:
    rows = run(CORPUS / "crlf_mixed.digest", github, "--format", "json").document()["rows"]
    assert [row["line"] for row in rows] == [5, 6, 7, 8]  # CRLF, CR, LF, CRLF each end one line


def test_look_alike_and_trick_links_are_never_asked_about(github: GitHubEmulator) -> None:
    github.clear_requests()
    rows = run(CORPUS / "lookalikes.digest", github, "--format", "json").document()["rows"]
    assert all(row["link_status"] == "not_a_repo" and row["reason"] for row in rows)
    assert github.requests == []  # not GitHub, not the web, not git: nothing was contacted
    reasons = " ".join(row["reason"] for row in rows)
    for gist in ("look-alike host", "user info", "backslash", "'javascript:'", "'data:'",
                 "'file:'", "'ssh:'", "'git:'", "'ext:'", "SSH clone address"):  # fmt: skip
        assert gist in reasons


# --- huge inputs ---------------------------------------------------------------------------------
def test_a_100_mb_digest_reads_in_bounded_memory(github: GitHubEmulator, tmp_path: Path) -> None:
    path = tmp_path / "huge.md"
    filler = ("Lorem ipsum — dolor <b>sit</b> amet, naïve résumé; see arXiv:2510.12345. " * 2_000)[
        :100_000
    ]  # non-ASCII, so the text costs 2 bytes a character (pipes cost time: see SLOW_INPUTS)
    with path.open("w", encoding="utf-8") as stream:
        stream.write("## Huge\n\n" + HEADER)
        rows = 0
        while stream.tell() < 100 * 2**20:
            stream.write(f"| P{rows} | 2025-10-16 | {filler} | c | https://github.com/lab/ok |\n")
            rows += 1
    size = path.stat().st_size
    tracemalloc.start()
    try:
        started = time.perf_counter()
        outcome = run(path, github)
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    path.unlink()
    print(f"100 MB digest: {rows} rows, {elapsed:.1f} s, peak {peak / size:.2f} x input")
    assert outcome.code == 0 and outcome.errors() == []
    assert re.search(rf"entries\s+{rows}\b", outcome.stdout)
    assert peak < 6 * size, f"peak {peak / 2**20:.0f} MiB for a {size / 2**20:.0f} MiB digest"


def test_a_100_000_row_table_is_audited(github: GitHubEmulator, tmp_path: Path) -> None:
    path = tmp_path / "rows.md"
    lines = (
        f"| **[Paper {i}](http://arxiv.org/abs/2510.{i:05d}v1)** | 2025-10-16 | abstract {i} | c "
        f"| {'[Code Link](https://github.com/lab/ok)' if i % 100 == 0 else 'None'} |\n"
        for i in range(100_000)
    )
    path.write_text("## Rows\n\n" + HEADER + "".join(lines), encoding="utf-8")
    started = time.perf_counter()
    outcome = run(path, github)
    elapsed = time.perf_counter() - started
    print(f"100,000 rows: {elapsed:.1f} s")
    assert outcome.code == 0 and outcome.errors() == []
    assert re.search(r"entries\s+100000\b", outcome.stdout)
    assert re.search(r"with code link\s+1000\b", outcome.stdout)
    assert elapsed < 90  # about 4 s on a laptop; CI machines are slower


def test_a_file_past_the_size_limit_is_refused_unread(
    github: GitHubEmulator, tmp_path: Path
) -> None:
    path = tmp_path / "sparse.md"
    with path.open("wb") as stream:
        stream.truncate(201 * 2**20)  # sparse: no disk written, nothing read
    outcome = run(path, github)
    assert outcome.code == 3
    assert outcome.errors() == [
        f"audit: error: {path}: {201 * 2**20} bytes is larger than the 209715200 limit"
    ]


def test_a_report_to_a_fifo_leaves_the_fifo_in_place(
    github: GitHubEmulator, tmp_path: Path
) -> None:
    """`--output /dev/null` once replaced /dev/null with a file (atomic rename); a FIFO shows
    the same rule without touching /dev: a special file is written to, never renamed over."""
    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    outcome = run(CORPUS / "crlf_mixed.digest", github, "--output", str(fifo))
    reader.join(timeout=30)
    assert outcome.code == 0
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert received and b"Row one (CRLF)" in received[0]
