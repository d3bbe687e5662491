"""Public value types of the emulator and the licence facts it reports.

Kept apart from the server so that tests and the benchmark can describe a world of repositories
with plain frozen data before any socket or git process exists.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from enum import Enum

UTC = timezone.utc
DEFAULT_DATE = datetime(2025, 10, 1, 12, 0, tzinfo=UTC)


class Kind(str, Enum):
    """Which face of GitHub a request reached; faults and records are filed by it."""

    REST = "rest"
    GRAPHQL = "graphql"
    GIT = "git"
    WEB = "web"


class OwnerType(str, Enum):
    """GitHub's two kinds of repository owner (REST `owner.type`, GraphQL `__typename`)."""

    USER = "User"
    ORGANIZATION = "Organization"


def _default_files() -> Mapping[str, str | bytes]:
    return {"README.md": "# Project\n\nResearch code for the paper.\n"}


@dataclass(frozen=True, slots=True)
class RepoSpec:
    """Everything the emulator needs to build one repository; git content is made from it."""

    owner: str
    name: str
    files: Mapping[str, str | bytes] = field(default_factory=_default_files)
    commit_dates: Sequence[datetime] = (DEFAULT_DATE,)
    empty: bool = False
    license_spdx: str | None = None
    stars: int = 0
    forks: int = 0
    archived: bool = False
    disabled: bool = False
    private: bool = False
    blocked: bool = False
    fork_of: str | None = None
    created_at: datetime | None = None
    pushed_at: datetime | None = None
    default_branch: str = "main"
    description: str = ""
    homepage: str = ""
    owner_type: OwnerType = OwnerType.USER

    def __post_init__(self) -> None:
        for part in (self.owner, self.name):
            if part in ("", ".", "..") or "/" in part or part.lower().endswith(".git"):
                raise ValueError(f"bad repository name part: {part!r}")
        if not self.empty and not self.commit_dates:
            raise ValueError("a non-empty repository needs at least one commit date")
        if self.fork_of is not None and self.fork_of.count("/") != 1:
            raise ValueError(f"fork_of must be 'owner/name', got {self.fork_of!r}")
        for path in self.files:
            if not path or path.startswith(("/", '"')) or "\n" in path or path.endswith("/"):
                raise ValueError(f"bad file path: {path!r}")

    @property
    def full_name(self) -> str:
        """`owner/name` as the spec spells it."""
        return f"{self.owner}/{self.name}"


@dataclass(frozen=True, slots=True)
class RequestRecord:
    """One request the emulator answered; holds no credential, only whether one was valid.

    `host` (the Host header) and `credential` (a SHA-256 digest of whatever credential came,
    valid or not) let secrets tests tell which host a token reached without storing the token.
    """

    kind: Kind
    method: str
    path: str
    status: int  # 0 when the connection was dropped or reset on purpose
    authenticated: bool
    aliases: int
    at: float
    host: str = ""
    credential: str = ""  # "" when the request carried no credential
    operation: str = ""  # GraphQL: the operation's name (e.g. "Batch"), so rounds can be told apart
    accept: str = ""  # the Accept header as sent
    api_version: str = ""  # the X-GitHub-Api-Version header as sent ("" when absent)


@dataclass(frozen=True, slots=True)
class License:
    """A licence as GitHub's licence detector names it."""

    key: str
    name: str
    spdx_id: str
    index: int
    header: str  # first line of the LICENSE text we write; also what detection looks for

    @property
    def pseudo(self) -> bool:
        """GitHub calls "other"/"no licence" pseudo-licences."""
        return self.key == "other"

    @property
    def node_id(self) -> str:
        """GitHub-style legacy global id."""
        return base64.b64encode(f"07:License{self.index}".encode()).decode()

    def rest_json(self, api_url: str) -> dict[str, object]:
        """The `license` object of REST repository and licence answers."""
        return {
            "key": self.key,
            "name": self.name,
            "spdx_id": self.spdx_id,
            "url": None if self.pseudo else f"{api_url}/licenses/{self.key}",
            "node_id": self.node_id,
        }


_KNOWN = (
    License("mit", "MIT License", "MIT", 13, "MIT License"),
    License("apache-2.0", "Apache License 2.0", "Apache-2.0", 2, "Apache License Version 2.0"),
    License(
        "gpl-3.0", "GNU General Public License v3.0", "GPL-3.0", 9, "GNU GENERAL PUBLIC LICENSE v3"
    ),
    License(
        "bsd-3-clause",
        'BSD 3-Clause "New" or "Revised" License',
        "BSD-3-Clause",
        5,
        "BSD 3-Clause License",
    ),
    License(
        "bsd-2-clause",
        'BSD 2-Clause "Simplified" License',
        "BSD-2-Clause",
        4,
        "BSD 2-Clause License",
    ),
    License(
        "cc-by-4.0",
        "Creative Commons Attribution 4.0 International",
        "CC-BY-4.0",
        25,
        "Creative Commons Attribution 4.0 International",
    ),
    License("unlicense", "The Unlicense", "Unlicense", 15, "The Unlicense"),
)
OTHER_LICENSE = License("other", "Other", "NOASSERTION", 0, "Custom research licence")
LICENSES: Mapping[str, License] = {lic.spdx_id: lic for lic in (*_KNOWN, OTHER_LICENSE)}
LICENSE_FILE_STEMS = ("license", "licence", "copying")


def license_for_spdx(spdx_id: str) -> License:
    """The licence GitHub would report for an SPDX id; unknown ids become "Other"."""
    return LICENSES.get(spdx_id, OTHER_LICENSE)


def license_text(lic: License, owner: str, year: int) -> str:
    """A short LICENSE file that our detector (and a human) recognises; not legal text."""
    return (
        f"{lic.header}\n\nCopyright (c) {year} {owner}\n\n"
        "This file stands in for the full licence text in test repositories.\n"
    )


def detect_license(text: str) -> License:
    """Name a licence from its first non-blank line, as GitHub's detector would, roughly."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    for lic in _KNOWN:
        if first.lower() == lic.header.lower():
            return lic
    return OTHER_LICENSE


def is_license_file(name: str) -> bool:
    """Root files GitHub inspects for a licence: LICENSE, LICENCE.md, COPYING.txt, ..."""
    return name.lower().split(".", 1)[0] in LICENSE_FILE_STEMS


def utc(dt: datetime) -> datetime:
    """Naive datetimes in specs mean UTC."""
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def iso(dt: datetime) -> str:
    """GitHub's timestamp format: second precision, `Z`."""
    return utc(dt).strftime("%Y-%m-%dT%H:%M:%SZ")
