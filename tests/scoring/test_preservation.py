"""Preservation: the Software Heritage finding and the DOI / CITATION.cff finding, from literals."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone

import pytest

from repro_audit.models import ArchiveFacts, ArchiveState, Existence, RepoFacts, Verdict
from repro_audit.scoring.preservation import archived, cff_dois, doi, readme_doi, validate_cff
from tests.scoring.facts import CTX, facts, listing

UTC = timezone.utc
ORIGIN = "https://github.com/lab/paper-code"
SNAPSHOT = "swh:1:snp:" + "d" * 40


def _archive(state: ArchiveState, day: int | None = 20, reason: str = "") -> ArchiveFacts:
    visited = None if day is None else datetime(2025, 10, day, tzinfo=UTC)
    swhid = SNAPSHOT if state is ArchiveState.ARCHIVED else None
    return ArchiveFacts(ORIGIN, state, "https://archive.example/browse/x", swhid, visited, reason)


@pytest.mark.parametrize(
    ("archive", "paper", "verdict", "snippet"),
    [
        (None, True, Verdict.UNKNOWN, "not asked"),
        (_archive(ArchiveState.UNKNOWN, None, "HTTP 503"), True, Verdict.UNKNOWN, "HTTP 503"),
        (_archive(ArchiveState.NOT_ARCHIVED, None, "no origin"), True, Verdict.FAIL, "not in"),
        (_archive(ArchiveState.ARCHIVED, 20), True, Verdict.PASS, "last visit 4 days after"),
        (_archive(ArchiveState.ARCHIVED, 16), True, Verdict.PASS, "last visit 0 days after"),
        (_archive(ArchiveState.ARCHIVED, 6), True, Verdict.PARTIAL, "10 days before the paper"),
        (_archive(ArchiveState.ARCHIVED, 6), False, Verdict.PASS, "last visit 2025-10-06"),
    ],
)
def test_archived(
    archive: ArchiveFacts | None, paper: bool, verdict: Verdict, snippet: str
) -> None:
    ctx = replace(CTX, archive=archive, paper_date=CTX.paper_date if paper else None)
    outcome = archived(facts(), ctx)
    assert outcome.verdict is verdict and snippet in outcome.reason
    if verdict is Verdict.PASS:
        assert SNAPSHOT in outcome.evidence


def test_archived_steps_aside_for_a_dead_repository() -> None:
    gone = replace(facts(), existence=Existence.MISSING)
    ctx = replace(CTX, archive=_archive(ArchiveState.ARCHIVED))
    assert archived(gone, ctx).verdict is Verdict.NOT_APPLICABLE


VALID = """\
cff-version: 1.2.0
message: If you use this code, please cite it as below.
title: paper-code
authors:
  - family-names: Lab
    given-names: Ada
date-released: 2025-10-16
doi: 10.5281/zenodo.1234567
"""
NO_DOI = VALID.replace("doi: 10.5281/zenodo.1234567\n", "")
NO_AUTHORS = "cff-version: 1.2.0\nmessage: cite me\ntitle: paper-code\n"
AUTHORS_AS_TEXT = VALID.replace("authors:\n  - family-names: Lab\n    given-names: Ada\n",
                                "authors: Ada Lab\n")  # fmt: skip
BAD_DATE = NO_DOI.replace("date-released: 2025-10-16", "date-released: 16/10/2025")
NOT_YAML = "cff-version: [1.2.0\n"
BADGE = "# x\n\n[![DOI](https://zenodo.org/badge/DOI/10.5281/zenodo.7654321.svg)](https://doi.org/10.5281/zenodo.7654321)\n"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (VALID, None),
        (NO_DOI, None),
        (NO_AUTHORS, "'authors' is a required property"),
        (AUTHORS_AS_TEXT, "authors"),
        (BAD_DATE, "date-released"),
        (NOT_YAML, "not valid YAML"),
        ("- just\n- a list\n", "top level"),
    ],
)
def test_validate_cff(text: str, problem: str | None) -> None:
    _, found = validate_cff(text)
    if problem is None:
        assert found is None
    else:
        assert found is not None and problem in found


def _with_cff(text: str | None, *extra: str, readme: str = "# x\n") -> RepoFacts:
    repo = listing("train.py", "CITATION.cff", *extra, readme=readme)
    texts = () if text is None else (("CITATION.cff", text),)
    return replace(repo, file_texts=texts if text is not None else ())


@pytest.mark.parametrize(
    ("repo", "verdict", "snippet"),
    [
        (_with_cff(VALID), Verdict.PASS, "DOI found; CITATION.cff valid"),
        (_with_cff(NO_DOI), Verdict.PARTIAL, "valid but names no DOI"),
        (_with_cff(NO_AUTHORS, readme=BADGE), Verdict.PARTIAL, "does not validate"),
        (_with_cff(NO_AUTHORS), Verdict.FAIL, "'authors' is a required property"),
        (_with_cff(None), Verdict.UNKNOWN, "CITATION.cff not read"),
        (listing("train.py", ".zenodo.json"), Verdict.PASS, "DOI found"),
        (listing("train.py", readme=BADGE), Verdict.PASS, "DOI found"),
        (listing("train.py"), Verdict.FAIL, "no DOI"),
        (listing("README.md", "train.py", readme=None), Verdict.UNKNOWN, "README not read"),
        (facts(root_files=None, paths=None), Verdict.UNKNOWN, "files unknown"),
    ],
)
def test_doi(repo: RepoFacts, verdict: Verdict, snippet: str) -> None:
    outcome = doi(repo, CTX)
    assert outcome.verdict is verdict and snippet in outcome.reason, outcome


def test_dois_and_badges() -> None:
    document, _ = validate_cff(VALID)
    assert cff_dois(document) == ("10.5281/zenodo.1234567",)
    assert cff_dois({"identifiers": [{"type": "doi", "value": "10.1/x"}, {"type": "url"}]}) == (
        "10.1/x",
    )
    assert readme_doi(BADGE) == "10.5281/zenodo.7654321.svg"
    assert readme_doi("# plain readme\n") is None
