"""Code-host links present in paper lists against those the reader finds, offline.

Run: python bench/real_lists.py LIST.md [LIST.md ...] [--missing]

*Present* counts every code-host link written in the raw text by a regular expression of its
own (github.com/<owner>/<name>, <user>.github.io, and gitlab.com, bitbucket.org, codeberg.org,
gitee.com, sourceforge.net and anonymous.4open.science paths, with or without a scheme; one per
occurrence), independent of the reader. *Found* counts
the links the reader kept (code links and links elsewhere in a row) that resolve to a code host.
The two differ where a list repeats a URL within one entry (kept once) or writes one outside any
paper (a footer's reference definitions); `--missing` prints the present URLs never found, so
each difference can be checked by eye. Used for the table in docs/reading.md.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from repro_audit.reading.digest import decode_digest, read_digest  # noqa: E402
from repro_audit.reading.finding import CODE_HOST_KINDS  # noqa: E402

PRESENT = re.compile(
    r"(?i)(?:https?://)?(?:www\.)?(?:github\.com/[A-Za-z0-9][\w.-]*/[\w.-]+"
    r"|[A-Za-z0-9-]+\.github\.io\b"
    r"|(?:gitlab\.com|bitbucket\.org|codeberg\.org|gitee\.com|sourceforge\.net)/[\w.-]+/[\w.-]+"
    r"|anonymous\.4open\.science/r/[\w.-]+)"
)


def present_links(text: str) -> list[str]:
    """Every code-host link written, one per occurrence; a host name inside another URL's path
    (`lab.github.io/m3cot.github.io/`) is part of that URL, not a link of its own."""
    return [
        match.group()
        for match in PRESENT.finditer(text)
        if match.start() == 0
        or text[match.start() - 1] not in "/.-"
        or text[max(0, match.start() - 3) : match.start()] == "://"
    ]


def _bare(url: str) -> str:
    """The comparable part of a URL: no scheme, no `www.`, lower case, no trailing `/` or `.`."""
    url = url.lower().split("://", 1)[-1].removeprefix("www.")
    return url.rstrip("/.")


def found_links(path: Path) -> tuple[str, int, list[str]]:
    """The list's text, its number of entries, and the code-host links the reader kept."""
    text = decode_digest(path.read_bytes(), str(path))
    digest = read_digest(text, path.name)
    found = [
        link.url
        for entry in digest.entries
        for link in (*entry.code_links, *entry.text_links)
        if link.link.kind in CODE_HOST_KINDS
    ]
    return text, len(digest.entries), found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lists", nargs="+", type=Path)
    parser.add_argument("--missing", action="store_true", help="print present URLs not found")
    args = parser.parse_args()
    print(f"{'list':<48}{'lines':>8}{'entries':>9}{'present':>9}{'found':>7}")
    for path in args.lists:
        text, entries, found = found_links(path)
        present = present_links(text)
        lines = text.count("\n") + (not text.endswith("\n"))
        print(f"{path.name:<48}{lines:>8}{entries:>9}{len(present):>9}{len(found):>7}")
        if args.missing:
            kept = {_bare(url) for url in found}
            for url in present:
                if not any(k.startswith(_bare(url)) for k in kept):
                    print(f"    not found: {url}")


if __name__ == "__main__":
    main()
