"""Reading a README the way a researcher skims it: headings, code blocks, tables, links, BibTeX.

Markdown, reStructuredText and the HTML people paste into READMEs are all read with a few line
rules rather than a full parser: the questions asked (is there an install section? a results
table? a command?) need structure, not rendering, and must never fail on odd input.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from repro_audit.scoring import phrases

SNIPPET = 70
"""Characters of README text quoted in a reason."""

_CACHED = 64
"""READMEs whose answers are remembered. Each answer depends on the text alone, and the same text
comes back: a repository scored for several papers, forks and template READMEs ("Code coming
soon")."""


@dataclass(frozen=True, slots=True)
class CodeBlock:
    """A fenced, indented-directive or <pre> block; `line` is its first content line (1-based)."""

    line: int
    info: str  # the fence's language tag, lower case ("bash", "bibtex", "")
    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True, eq=False)
class Readme:
    """The parts of a README the criteria look at; built once per text.

    Compared and hashed by identity (read_readme hands out one per text), so the questions
    below can be cached on it without hashing every line of a long README.
    """

    lines: tuple[str, ...]
    headings: tuple[tuple[int, str], ...]  # (line, heading text)
    blocks: tuple[CodeBlock, ...]
    prose: tuple[tuple[int, str], ...]  # (line, text) outside code blocks
    inline_code: tuple[tuple[int, str], ...]  # (line, `span`) in the prose


_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})\s*([\w+#.-]*)")
_RST_CODE = re.compile(r"^(\s*)\.\.\s+(?:code-block|code|sourcecode)::\s*([\w+-]*)")
# `\s+(\S.*)`, then the closing `#`s stripped in code (`_atx_text`): `(.+?)\s*#*\s*$` tried
# every split of a run of blanks, cubic in it (a heading of 1,000 spaces took 1 s)
_ATX = re.compile(r"\s{0,3}#{1,6}\s+(\S.*)")
_UNDERLINE = re.compile(r"^\s{0,3}([=\-~^\"'`#*+])\1{2,}\s*$")
# each opening looks no further than the next one: `(.*?)` ran to the end of the line from
# every `<h1>` of a line of them (quadratic); the same for `<code>` below
_HTML_HEADING = re.compile(r"<h[1-6][^<>]*>((?:(?!<h[1-6]).)*?)</h[1-6]>", re.IGNORECASE)
_BOLD_LINE = re.compile(r"^\s*\*\*([^*]{2,60})\*\*:?\s*$")
_TAG = re.compile(r"<[^<>]+>")  # not `[^>]`: from every `<` of `<<<...` to the end
_INLINE = re.compile(r"`([^`\n]+)`|<code>((?:(?!<code>).)*?)</code>", re.IGNORECASE)
# One cell of a table's delimiter row; the row is split in code (`_table_rule`): as one pattern,
# `\s*\|?\s*` side by side made a row of blanks quadratic.
_RULE_CELL = re.compile(r":?-{3,}:?")
_GRID_RULE = re.compile(r"^\s*\+(?:[-=]{3,}+\+)++\s*$")  # possessive: nothing to give back
_URL = re.compile(r"https?://[^\s<>()\[\]\"'`]+")
_MARKUP_URL = re.compile(r"\]\([^()]*\)|https?://\S+|<[^<>]+>")  # each stops at the next opening
_SPACES = re.compile(r"\s+")
_MARKUP_CHARS = re.compile(r"[\s#*_`|>\-=\[\]!]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_BIB_START = re.compile(
    r"@(article|inproceedings|misc|inbook|book|incollection|phdthesis|mastersthesis|techreport"
    r"|unpublished|software|online|conference|proceedings|dataset)\s*\{",
    re.IGNORECASE,
)
_BIB_FIELD = re.compile(r"\b(?:title|author|year|journal|booktitle|eprint|url)\s*=", re.I)
_PROMPT = re.compile(r"^\s*(?:\([\w.-]+\)\s*)?(?:[$>%#]|>>>)\s+")
_COMMAND_START = re.compile(
    r"^(?:[A-Z_][A-Z0-9_]*=\S*\s+)*(?:sudo\s+|nohup\s+|time\s+)?"
    r"(?:python[\d.]*|bash|sh|zsh|torchrun|accelerate|deepspeed|srun|sbatch|julia|Rscript|java"
    r"|node|make|docker\s+run|matlab|\./[\w./-]+|[\w./-]+\.(?:py|sh))\b",
)


_INDENT = re.compile(r"^(?: {4}|\t)")
_SHELL_START = re.compile(r"(?:pip3?|conda|git|cd|wget|curl|docker|mkdir|export)\s")


def _indented_command(lines: list[str], index: int) -> bool:
    """A Markdown indented code block (four spaces or a tab after a blank line) whose first line
    is a command; indented prose (a list item's second paragraph) is left as prose."""
    if not _INDENT.match(lines[index]) or (index and lines[index - 1].strip()):
        return False
    first = _PROMPT.sub("", lines[index]).strip()
    return bool(_COMMAND_START.match(first) or _SHELL_START.match(first))


def _atx_text(text: str) -> str:
    """An ATX heading's text without its closing `#`s and the blanks around them."""
    return text.rstrip().rstrip("#").rstrip() or text[:1]


def _table_rule(line: str) -> bool:
    """A markdown table's delimiter row: cells of `---`, `:--`, `--:` between optional pipes."""
    row = line.strip()
    row = row[1:] if row.startswith("|") else row
    row = row[:-1] if row.endswith("|") else row
    return all(_RULE_CELL.fullmatch(cell.strip()) for cell in row.split("|"))


def _clean_heading(text: str) -> str:
    text = _TAG.sub("", text).replace("**", "").replace("__", "")
    return _SPACES.sub(" ", text).strip(" :#*_`")


def _split_blocks(lines: list[str]) -> tuple[list[CodeBlock], set[int]]:
    """Code blocks and the (0-based) indices of every line that belongs to one."""
    blocks: list[CodeBlock] = []
    inside: set[int] = set()
    index = 0
    while index < len(lines):
        line = lines[index]
        fence = _FENCE.match(line)
        rst = _RST_CODE.match(line)
        if fence:
            marker = fence.group(1)
            end = index + 1
            while end < len(lines) and not lines[end].strip().startswith(marker):
                end += 1
            content = lines[index + 1 : end]
            while content and not content[-1].strip():  # an unclosed fence ends at the end
                content.pop()
            blocks.append(CodeBlock(index + 2, fence.group(2).lower(), tuple(content)))
            inside.update(range(index, min(end + 1, len(lines))))
            index = end + 1
            continue
        if rst or (line.rstrip().endswith("::") and not line.lstrip().startswith("..")):
            indent = len(rst.group(1)) if rst else len(line) - len(line.lstrip())
            end = index + 1
            while end < len(lines) and (
                not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent
            ):
                end += 1
            body = tuple(x for x in lines[index + 1 : end] if x.strip())
            if body:
                info = rst.group(2).lower() if rst else ""
                blocks.append(CodeBlock(index + 2, info, tuple(x.strip() for x in body)))
                inside.update(range(index + 1, end))
            index = max(end, index + 1)
            continue
        if _indented_command(lines, index):
            end = index + 1
            while end < len(lines) and (not lines[end].strip() or _INDENT.match(lines[end])):
                end += 1
            while end > index + 1 and not lines[end - 1].strip():
                end -= 1
            body = tuple(x.strip() for x in lines[index:end] if x.strip())
            blocks.append(CodeBlock(index + 1, "", body))
            inside.update(range(index, end))
            index = end
            continue
        if line.strip().lower().startswith("<pre"):
            end = index
            while end < len(lines) and "</pre>" not in lines[end].lower():
                end += 1
            stripped = [_TAG.sub("", x) for x in lines[index : end + 1]]
            blocks.append(CodeBlock(index + 1, "", tuple(x for x in stripped if x.strip())))
            inside.update(range(index, min(end + 1, len(lines))))
            index = end + 1
            continue
        index += 1
    return blocks, inside


def _headings(lines: list[str], inside: set[int]) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for index, line in enumerate(lines):
        if index in inside or not line.strip():
            continue
        atx = _ATX.match(line)
        bold = _BOLD_LINE.match(line)
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if atx:
            found.append((index + 1, _clean_heading(_atx_text(atx.group(1)))))
        elif bold:
            found.append((index + 1, _clean_heading(bold.group(1))))
        elif (
            index + 1 not in inside
            and _UNDERLINE.match(following)
            and not line.startswith("|")
            and not _UNDERLINE.match(line)
        ):
            found.append((index + 1, _clean_heading(line)))
        found.extend((index + 1, _clean_heading(h)) for h in _HTML_HEADING.findall(line))
    return [(number, text) for number, text in found if text]


@functools.lru_cache(maxsize=_CACHED)
def read_readme(text: str) -> Readme:
    """Split a README into headings, code blocks, prose and inline code; cached per text."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks, inside = _split_blocks(lines)
    prose = tuple((i + 1, line) for i, line in enumerate(lines) if i not in inside)
    inline = tuple(
        (number, (match.group(1) or match.group(2) or "").strip())
        for number, line in prose
        for match in _INLINE.finditer(line)
    )
    return Readme(
        lines=tuple(lines),
        headings=tuple(_headings(lines, inside)),
        blocks=tuple(blocks),
        prose=prose,
        inline_code=tuple((n, code) for n, code in inline if code),
    )


# ASCII sentence ends, then the CJK full stop and the fullwidth ! ? : ; and comma.
_SENTENCE_BREAK = re.compile(r"[.!?:;]\s|[\u3002\uff01\uff1f\uff1a\uff1b\uff0c]")


def snippet(text: str, start: int = 0) -> str:
    """A one-line quote of `text` around `start`: from the sentence `start` falls in, cut to
    SNIPPET characters, so a reason quotes what the README says rather than a stray fragment."""
    flat = _SPACES.sub(" ", _TAG.sub(" ", text)).strip()
    if len(flat) <= SNIPPET:
        return flat
    offset = min(start, len(flat))
    breaks = [m.end() for m in _SENTENCE_BREAK.finditer(flat, 0, offset)]
    begin = breaks[-1] if breaks and offset - breaks[-1] <= SNIPPET // 2 else 0
    if offset - begin > SNIPPET // 2:
        space = flat.find(" ", offset - SNIPPET // 3)
        begin = space + 1 if 0 <= space < offset else offset
    quote = flat[begin:].strip()
    return quote if len(quote) <= SNIPPET else quote[: SNIPPET - 1].rstrip() + "…"


@functools.lru_cache(maxsize=_CACHED * 2)
def section(readme: Readme, pattern: re.Pattern[str]) -> tuple[int, str] | None:
    """The first heading matching `pattern`, as (line, text)."""
    return next(((n, h) for n, h in readme.headings if pattern.search(h)), None)


@functools.lru_cache(maxsize=_CACHED)
def substance(readme: Readme) -> int:
    """Characters of prose outside code blocks, markup and URLs; a CJK character counts three,
    since one carries about as much as a short English word."""
    total = 0
    for _, line in readme.prose:
        visible = _MARKUP_URL.sub(" ", line)
        plain = _MARKUP_CHARS.sub("", visible)
        total += len(plain) + (0 if plain.isascii() else 2 * len(_CJK.findall(plain)))
    return total


@functools.lru_cache(maxsize=_CACHED)
def has_table(readme: Readme) -> bool:
    """A markdown pipe table, an rst grid table or an HTML table outside code blocks."""
    for _, line in readme.prose:
        if ("|" in line and _table_rule(line)) or _GRID_RULE.match(line):
            return True
        if "<table" in line.lower():
            return True
    return False


@functools.lru_cache(maxsize=_CACHED)
def command_lines(readme: Readme) -> tuple[tuple[int, str], ...]:
    """Lines in code blocks, and inline code spans of more than one word, that run something
    (python, bash, torchrun, ./x.sh, make, ...), in README order."""
    found: list[tuple[int, str]] = []
    for block in readme.blocks:
        if block.info in ("bibtex", "bib", "latex", "tex", "json", "yaml", "yml", "text"):
            continue
        for offset, raw in enumerate(block.lines):
            line = _PROMPT.sub("", raw).strip()
            if _COMMAND_START.match(line):
                found.append((block.line + offset, line))
    for number, code in readme.inline_code:
        command = _PROMPT.sub("", code).strip()
        if " " in command and _COMMAND_START.match(command):
            found.append((number, command))
    return tuple(sorted(found))


@functools.lru_cache(maxsize=_CACHED)
def links(text: str) -> tuple[str, ...]:
    """Every http(s) URL in the text, in order, trailing punctuation dropped."""
    return tuple(url.rstrip(".,;:") for url in _URL.findall(text))


@dataclass(frozen=True, slots=True)
class Citation:
    """BibTeX found in a README: `filled` entries have fields; `empty` ones do not."""

    filled: int
    empty: int
    line: int | None  # the first entry's line


@functools.lru_cache(maxsize=_CACHED)
def bibtex(text: str) -> Citation:
    """Count BibTeX entries and how many have real fields; an empty ```bibtex``` fence counts
    as an empty entry (a template nobody filled in)."""
    filled = empty = 0
    first: int | None = None
    for match in _BIB_START.finditer(text):
        depth, end = 1, match.end()
        while end < len(text) and depth and end - match.end() < 5000:
            depth += {"{": 1, "}": -1}.get(text[end], 0)
            end += 1
        if _BIB_FIELD.search(text[match.end() : end]):
            filled += 1
        else:
            empty += 1
        if first is None:
            first = text.count("\n", 0, match.start()) + 1
    for block in read_readme(text).blocks:
        if block.info in ("bibtex", "bib") and not any(x.strip() for x in block.lines):
            empty += 1
            first = block.line if first is None else first
    return Citation(filled, empty, first)


@functools.lru_cache(maxsize=_CACHED)
def placeholder_phrase(text: str) -> tuple[int, str] | None:
    """The first line saying the code is still to come, as (line, quote); None when none does.

    One search over the whole text with every wording joined (not one search per line and
    wording): the README of a large project is read in microseconds, not milliseconds.
    """
    match = phrases.PLACEHOLDER_ANY.search(text)
    if match is None:
        return None
    start = text.rfind("\n", 0, match.start()) + 1
    end = text.find("\n", match.end())
    line = text[start : end if end >= 0 else len(text)]
    return text.count("\n", 0, start) + 1, snippet(line, match.start() - start)


@functools.lru_cache(maxsize=_CACHED)
def licence_mention(readme: Readme) -> tuple[int, str] | None:
    """Where the README names a licence (a "License" section or "licensed under ..."), quoted."""
    for number, line in readme.prose:
        match = phrases.LICENCE_MENTION.search(line)
        if match:
            return number, snippet(line, match.start())
    heading = section(readme, phrases.LICENCE_HEADING)
    if heading is None:
        return None
    number = heading[0]
    body = [text for n, text in readme.prose if number < n <= number + 6 and text.strip()]
    words = next((b for b in body if not b.lstrip().startswith("#")), "")
    return (number, snippet(words)) if words else None
