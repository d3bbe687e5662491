"""Orchestration: read digests, ask the fact source once per repository, build the report.

Facts are collected as they arrive, so an interrupted run still reports everything it learned;
the report itself is built by the pure `report` module.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from repro_audit.digest import DigestInputError, decode_digest, read_digest
from repro_audit.models import AuditReport, Digest, RepoFacts
from repro_audit.report import build_report, repos_to_ask
from repro_audit.sources import GitHubSource

MAX_DIGEST_BYTES = 200 * 1024 * 1024


class InputError(Exception):
    """A digest that cannot be read at all; the CLI prints it as one line and exits 3."""


def load_digest(path: Path, label: str) -> Digest:
    """Read and parse one digest file; any problem reading it becomes an InputError."""
    try:
        if path.is_dir():
            raise InputError(f"{label}: is a directory, not a digest file")
        size = path.stat().st_size
        if size > MAX_DIGEST_BYTES:
            raise InputError(f"{label}: {size} bytes is larger than the {MAX_DIGEST_BYTES} limit")
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{label}: no such file") from None
    except PermissionError:
        raise InputError(f"{label}: permission denied") from None
    except OSError as error:
        raise InputError(f"{label}: cannot read ({error.strerror or error})") from None
    try:
        text = decode_digest(data, label)
    except DigestInputError as error:
        raise InputError(str(error)) from None
    return read_digest(text, label)


@dataclass
class AuditRun:
    """One run's state: the digests, and the facts learned so far (kept if the run is cut short)."""

    digests: list[Digest]
    source: GitHubSource
    facts: dict[str, RepoFacts] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def fetch(self) -> None:
        """Ask about every repository once; facts land in `self.facts` as they arrive."""
        hosts = self.source.endpoints.github_hosts
        refs = [ref for ref in repos_to_ask(self.digests, hosts) if ref.key not in self.facts]
        if not refs:
            return
        self.notes.extend(self.source.budget_notes(refs))
        self.source.fetch(refs, on_facts=lambda facts: self.facts.__setitem__(facts.ref.key, facts))

    def report(self, now: datetime) -> AuditReport:
        """The report over what is known now; repositories not asked yet show as unknown."""
        return build_report(
            self.digests,
            self.facts,
            now,
            self.source.endpoints.github_hosts,
            requests=self.source.stats,
            notes=self.notes,
        )


def load_digests(paths: Sequence[str]) -> list[Digest]:
    """Every digest named; a folder stands for the markdown files inside it."""
    digests: list[Digest] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files = sorted(path.rglob("*.md"))
            if not files:
                raise InputError(f"{name}: folder holds no .md files")
            digests.extend(load_digest(file, str(file)) for file in files)
        else:
            digests.append(load_digest(path, name))
    return digests
