"""Preservation: will the code outlive its repository? Two criteria, both pure.

`archived` reads Software Heritage's answer from `ctx.archive` (asked apart from GitHub, every
run), so it is flagged `reads_archive`: judged afresh each run, never remembered. `doi` reads
the README, the root listing and CITATION.cff's text, and validates that file against the
Citation File Format's official schema (1.2.0, shipped in the package: no network at run time).
"""

from __future__ import annotations

import functools
import json
import re
from datetime import date, datetime
from importlib import resources
from typing import TYPE_CHECKING, Any

from repro_audit.models import ArchiveState, RepoFacts
from repro_audit.scoring.base import (
    Assessment,
    ScoringContext,
    failed,
    partial,
    passed,
    unknown,
)
from repro_audit.scoring.criteria import LISTING_GAP, README_GAP, gap, needs_repository
from repro_audit.scoring.tree import tree_of

CFF_SCHEMA = "citation-cff-1.2.0.schema.json"
"""The official schema (citation-file-format/citation-file-format, schema.json, CC-BY-4.0)."""
CFF_NAME = "CITATION.cff"
ZENODO_JSON = ".zenodo.json"
DOI = re.compile(r"\b10\.\d{4,9}/[^\s\"'<>()\]]+", re.IGNORECASE)
_BADGE = re.compile(r"zenodo\.org/(?:badge|records?/\d+)|doi\.org/10\.|DOI-10\.", re.I)
_MESSAGE_LIMIT = 120

if TYPE_CHECKING:
    import jsonschema


@needs_repository
def archived(facts: RepoFacts, ctx: ScoringContext) -> Assessment:
    """Preserved in Software Heritage, with a snapshot taken after the paper."""
    del facts
    archive = ctx.archive
    if archive is None:
        return unknown("Software Heritage was not asked (--no-archive, or not a GitHub host)")
    if archive.state is ArchiveState.UNKNOWN:
        return unknown(f"archive status unknown: {archive.reason or 'no answer'}")
    if archive.state is ArchiveState.NOT_ARCHIVED:
        return failed(f"not in Software Heritage ({archive.reason or 'no snapshot'})")
    visited = archive.visited_at
    evidence = tuple(item for item in (archive.swhid, archive.url) if item)
    if visited is None:
        return passed("preserved in Software Heritage (visit date not given)", *evidence)
    if ctx.paper_date is None:
        day = visited.date().isoformat()
        return passed(f"preserved in Software Heritage (last visit {day})", *evidence)
    days = (visited.date() - ctx.paper_date).days
    if days >= 0:
        return passed(
            f"preserved in Software Heritage (last visit {days} days after the paper)", *evidence
        )
    return partial(
        0.5,
        f"preserved in Software Heritage, but the last visit is {-days} days before the paper: "
        "the paper's version may not be in it",
        *evidence,
        fix="Ask Software Heritage for a new visit (`audit archive --request`, or its "
        "save-code-now form).",
    )


@functools.cache
def _validator() -> jsonschema.Draft7Validator:
    # Imported here: jsonschema and ruamel.yaml take ~90 ms to import, and most repositories
    # have no CITATION.cff, so a run that never meets one does not pay for them.
    import jsonschema

    text = resources.files("repro_audit.schema").joinpath(CFF_SCHEMA).read_text("utf-8")
    return jsonschema.Draft7Validator(json.loads(text), format_checker=jsonschema.FormatChecker())


def _plain(value: Any) -> Any:
    """YAML's dates as the ISO strings the schema expects (cffconvert does the same)."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def validate_cff(text: str) -> tuple[Any, str | None]:
    """(the parsed document, None) when `text` is a valid CITATION.cff, else (whatever was
    parsed, the first problem as one line)."""
    from jsonschema.exceptions import best_match
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        document = _plain(YAML(typ="safe", pure=True).load(text))
    except YAMLError as error:
        problem = str(getattr(error, "problem", None) or "not YAML")
        return None, f"not valid YAML: {problem}"[:_MESSAGE_LIMIT]
    first = best_match(_validator().iter_errors(document))
    if first is None:
        return document, None
    where = "/".join(str(part) for part in first.absolute_path) or "top level"
    return document, f"{where}: {first.message}"[:_MESSAGE_LIMIT]


def cff_dois(document: Any) -> tuple[str, ...]:
    """DOIs a CITATION.cff names: `doi`, identifiers of type doi, the preferred citation's."""
    if not isinstance(document, dict):
        return ()
    found = [document.get("doi")]
    for item in document.get("identifiers") or ():
        if isinstance(item, dict) and item.get("type") == "doi":
            found.append(item.get("value"))
    preferred = document.get("preferred-citation")
    if isinstance(preferred, dict):
        found.append(preferred.get("doi"))
    return tuple(dict.fromkeys(str(doi) for doi in found if isinstance(doi, str) and doi))


def readme_doi(text: str) -> str | None:
    """A DOI badge or DOI link in the README, as written."""
    for line in text.splitlines():
        if _BADGE.search(line):
            match = DOI.search(line) or _BADGE.search(line)
            return match.group(0) if match else None
    return None


@needs_repository
def doi(facts: RepoFacts, ctx: ScoringContext) -> Assessment:
    """A DOI (README badge, `.zenodo.json`, CITATION.cff) and a CITATION.cff that validates."""
    del ctx
    tree = tree_of(facts)
    if tree is None:
        return unknown(f"files unknown: {gap(facts, *LISTING_GAP)}")
    evidence: list[str] = []
    if ZENODO_JSON in tree.root:
        evidence.append(ZENODO_JSON)
    if facts.readme_text is not None:
        badge = readme_doi(facts.readme_text)
        if badge:
            evidence.append(f"README: {badge}")
    problem = None
    has_cff = CFF_NAME in tree.root
    if has_cff:
        text = dict(facts.file_texts or ()).get(CFF_NAME)
        if text is None:
            return unknown(f"{CFF_NAME} not read: {gap(facts, *README_GAP, 'text')}")
        document, problem = validate_cff(text)
        evidence += [f"{CFF_NAME}: {found}" for found in cff_dois(document)]
    has_doi = bool(evidence)
    if problem is not None:
        reason = f"{CFF_NAME} does not validate against schema 1.2.0 ({problem})"
        fix = "Fix CITATION.cff (`cffconvert --validate` shows every problem)."
        if has_doi:
            return partial(0.5, f"DOI given, but {reason}", *evidence, fix=fix)
        return failed(f"no DOI, and {reason}", fix=fix)
    if has_doi:
        valid = f"; {CFF_NAME} valid" if has_cff else ""
        return passed(f"DOI found{valid}", *evidence)
    if has_cff:
        return partial(0.5, f"{CFF_NAME} valid but names no DOI", CFF_NAME)
    if (
        facts.readme_text is None
        and tree.root
        and any(name.lower().startswith("readme") for name in tree.root)
    ):
        return unknown(f"no DOI file; README not read: {gap(facts, *README_GAP)}")
    return failed("no DOI: no Zenodo badge, no .zenodo.json, no CITATION.cff")
