"""How many dependency entries pin one exact version, read from the files' text.

An environment rebuilt a year later from `torch>=1.8` is not the environment of the paper; one
from `torch==1.8.1` (or a lock file) usually is. Each format is read with the smallest rule that
finds its entries; a file that cannot be read is skipped, never guessed at.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from repro_audit.scoring import tomlcompat

_COMMENT = re.compile(r"(^|\s)#.*$")
_CONDA_PIN = re.compile(r"(?<![<>!~=])==?(?!=)\s*[\w*]")  # numpy=1.21 or numpy==1.21, not >=
_PEP440_PIN = re.compile(r"===?\s*[\w.*+!-]+")
# not `\s*=?=?\s*`: two runs of blanks side by side made 64,000 spaces take 39 s
_EXACT_POETRY = re.compile(r"^\s*(?:==?\s*)?\d[\w.+!-]*\s*$")
_LIST_ITEM = re.compile(r"^(\s*)-\s+(.*)$")
# the list is closed by `str.find`: `\[(.*?)\]` searched to the end from every opening
_SETUP_PY = re.compile(r"install_requires\s*=\s*\[")
_QUOTED = re.compile(r"""["']([^"']+)["']""")


@dataclass(frozen=True, slots=True)
class PinCount:
    """Entries of one dependency file and how many name a single version."""

    path: str
    entries: int
    pinned: int


def _requirements(text: str) -> tuple[int, int]:
    entries = pinned = 0
    for raw in text.splitlines():
        line = _COMMENT.sub("", raw).strip()
        if not line or line.startswith("-"):  # -r other.txt, -e ., --index-url: not entries
            continue
        entries += 1
        pinned += bool(_PEP440_PIN.search(line))
    return entries, pinned


def _conda_list(text: str) -> tuple[int, int]:
    """A `conda create --file` list (conda_reqs.txt): one `name=version` spec a line."""
    lines = [_COMMENT.sub("", raw).strip() for raw in text.splitlines()]
    specs = [line for line in lines if line and not line.startswith("@")]
    return len(specs), sum(bool(_CONDA_PIN.search(s) or _PEP440_PIN.search(s)) for s in specs)


def _conda(text: str) -> tuple[int, int]:
    """Items under `dependencies:`, including the nested `- pip:` list."""
    entries = pinned = 0
    inside = False
    for raw in text.splitlines():
        line = _COMMENT.sub("", raw).rstrip()
        if not line.strip():
            continue
        if not line.startswith((" ", "-", "\t")):
            inside = line.strip().startswith("dependencies:")
            continue
        item = _LIST_ITEM.match(line)
        if not inside or item is None:
            continue
        value = item.group(2).strip().strip("'\"")
        if value.rstrip(":") == "pip" and value.endswith(":"):
            continue
        entries += 1
        pinned += bool(_CONDA_PIN.search(value) or _PEP440_PIN.search(value))
    return entries, pinned


def _pep508(requirements: Iterable[Any]) -> tuple[int, int]:
    items = [r for r in requirements if isinstance(r, str)]
    return len(items), sum(bool(_PEP440_PIN.search(r)) for r in items)


def _table_pins(table: Any, skip: frozenset[str] = frozenset()) -> tuple[int, int]:
    """Poetry and Pipfile style `name = "version"` tables: exact versions count as pinned."""
    if not isinstance(table, dict):
        return 0, 0
    entries = pinned = 0
    for name, spec in table.items():
        if name.lower() in skip:
            continue
        entries += 1
        version = spec.get("version", "") if isinstance(spec, dict) else spec
        pinned += isinstance(version, str) and bool(_EXACT_POETRY.match(version))
    return entries, pinned


def _toml(text: str, name: str) -> tuple[int, int] | None:
    try:
        document = tomlcompat.loads(text)
    except tomlcompat.TOMLDecodeError:
        return None
    if name == "Pipfile":
        counts = [_table_pins(document.get("packages"))]
    else:
        project = document.get("project", {})
        poetry = document.get("tool", {}).get("poetry", {})
        counts = [
            _pep508(project.get("dependencies", []) if isinstance(project, dict) else []),
            _table_pins(poetry.get("dependencies") if isinstance(poetry, dict) else None, _PY),
        ]
    return sum(c[0] for c in counts), sum(c[1] for c in counts)


_PY = frozenset({"python"})


def _setup_cfg(text: str) -> tuple[int, int]:
    lines = text.splitlines()
    for index, line in enumerate(lines):
        if line.strip().startswith("install_requires"):
            first = line.partition("=")[2].strip()
            body = [first] if first else []
            for following in lines[index + 1 :]:
                if following.strip() and not following[:1].isspace():
                    break
                body.append(following.strip())
            return _requirements("\n".join(body))
    return 0, 0


def _setup_py(text: str) -> tuple[int, int]:
    match = _SETUP_PY.search(text)
    end = -1 if match is None else text.find("]", match.end())
    if match is None or end == -1:  # no later opening can have a `]` after it either
        return 0, 0
    return _pep508(_QUOTED.findall(text, match.end(), end))


@functools.lru_cache(maxsize=64)
def count_pins(path: str, text: str) -> PinCount | None:
    """Entries and pinned entries of one dependency file; None for a format not read here.

    Cached: many repositories ship the same requirements file, and a repository is scored again
    for every paper that links it."""
    name = path.rsplit("/", 1)[-1]
    lowered = name.lower()
    counts: tuple[int, int] | None
    in_folder = path.lower().rpartition("/")[0].endswith("requirements")
    if lowered.startswith("conda") and lowered.endswith(".txt"):
        counts = _conda_list(text)
    elif lowered.endswith((".txt", ".in")) and (
        in_folder or lowered.startswith(("requirements", "reqs", "conda_req", "pip_req"))
    ):
        counts = _requirements(text)
    elif lowered.endswith((".yml", ".yaml")) and (
        lowered.startswith(("environment", "conda", "requirements", "env."))
    ):
        counts = _conda(text)
    elif name in ("pyproject.toml", "Pipfile"):
        counts = _toml(text, name)
    elif name == "setup.cfg":
        counts = _setup_cfg(text)
    elif name == "setup.py":
        counts = _setup_py(text)
    else:
        counts = None
    return None if counts is None else PinCount(path, counts[0], counts[1])
