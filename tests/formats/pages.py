"""Helpers for the HTML report's tests: a hostile report and a reader of the page's markup."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser

from repro_audit.models import (
    AuditReport,
    AuditRow,
    LinkKind,
    LinkOrigin,
    LinkStatus,
    PageState,
    ResolvedLink,
    WebCheck,
)
from tests.formats import samples

HOSTILE_TITLE = '<script>alert("title")</script><img src=x onerror=alert(1)>'
HOSTILE_SECTION = '"><svg onload=alert(2)>'
HOSTILE_REASON = "</td></tr></script><script>alert(3)</script>"
JAVASCRIPT_URL = "javascript:alert(document.domain)"
QUOTE_URL = 'https://example.org/"onmouseover="alert(4)'
DATA_URL = "data:text/html,<script>alert(5)</script>"


def hostile_report() -> AuditReport:
    """The sample report with markup in a title, a section and a reason, and links that must
    never become links (javascript:, data:, a quote that would close the attribute)."""
    base = samples.report()
    rows = list(base.rows)
    first = rows[0]
    entry = replace(first.entry, title=HOSTILE_TITLE, section=HOSTILE_SECTION)
    rows[0] = replace(first, entry=entry)
    rows[2] = replace(rows[2], reason=HOSTILE_REASON)
    no_link = rows[-1]
    script_link = ResolvedLink(JAVASCRIPT_URL, LinkKind.INVALID)
    rows[-1] = replace(no_link, missed_links=(*no_link.missed_links, script_link))
    web = WebCheck(JAVASCRIPT_URL, PageState.ALIVE, 200, final_url=DATA_URL)
    rows.append(
        AuditRow(
            replace(first.entry, line=30, title="Script link paper"),
            LinkStatus.NOT_A_REPO,
            ResolvedLink(JAVASCRIPT_URL, LinkKind.INVALID, reason="not an http(s) URL"),
            LinkOrigin.CODE_COLUMN,
            reason="not an http(s) URL",
            web=web,
        )
    )
    rows.append(
        AuditRow(
            replace(first.entry, line=31, title="Quote link paper"),
            LinkStatus.NOT_A_REPO,
            ResolvedLink(QUOTE_URL, LinkKind.WEB),
            LinkOrigin.CODE_COLUMN,
            reason="a web page",
        )
    )
    return replace(base, rows=tuple(rows))


@dataclass
class Page(HTMLParser):
    """Every start tag with its attributes, and the text of each <script> and <style>."""

    tags: list[tuple[str, dict[str, str | None]]] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    _inside: str = ""

    def __post_init__(self) -> None:
        HTMLParser.__init__(self, convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._inside = tag
            (self.scripts if tag == "script" else self.styles).append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == self._inside:
            self._inside = ""

    def handle_data(self, data: str) -> None:
        if self._inside == "script":
            self.scripts[-1] += data
        elif self._inside == "style":
            self.styles[-1] += data

    def named(self, tag: str) -> list[dict[str, str | None]]:
        """The attributes of every `tag` element, in document order."""
        return [attrs for name, attrs in self.tags if name == tag]

    def csp(self) -> dict[str, list[str]]:
        """The Content-Security-Policy meta tag's directives."""
        [meta] = [m for m in self.named("meta") if m.get("http-equiv") == "Content-Security-Policy"]
        directives = (part.split() for part in (meta.get("content") or "").split(";"))
        return {words[0]: words[1:] for words in directives if words}


def parse(text: str) -> Page:
    """The page's tags, scripts and styles."""
    page = Page()
    page.feed(text)
    page.close()
    return page


def sha256_source(text: str) -> str:
    """The CSP source expression that allows exactly `text` inline."""
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return f"'sha256-{digest}'"
