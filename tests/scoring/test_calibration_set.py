"""The rubric measured on the labelled calibration set: the score must keep separating the
repositories whose reproduction worked from those whose did not at least as well as
docs/calibration.md says, and the stored data must hold facts only."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from repro_audit.scoring import RUBRIC, RUBRIC_VERSION
from tests.scoring.calibration_set import DATA, auc, bootstrap, load, scores

DOC = Path(__file__).resolve().parents[2] / "docs" / "calibration.md"
SOURCES = DATA.parent / "calibration_sources.json"
FEATURES = {
    "prose_chars", "headings", "blocks", "inline_commands", "table", "bibtex", "placeholder",
    "ml_terms", "weight_words", "weight_links", "licence_mention", "named_folders",
}  # fmt: skip


def _documented() -> tuple[float, float, float]:
    """The AUC and its interval docs/calibration.md states for the current rubric."""
    text = DOC.read_text(encoding="utf-8")
    match = re.search(
        rf"rubric {re.escape(RUBRIC_VERSION)}: AUC \*\*(\d\.\d{{3}})\*\* "
        r"\(95% bootstrap (\d\.\d{3})\W(\d\.\d{3})\)",
        text,
    )
    assert match, f"docs/calibration.md states no AUC for rubric {RUBRIC_VERSION}"
    return float(match.group(1)), float(match.group(2)), float(match.group(3))


def test_the_score_separates_reproduced_from_not_as_documented() -> None:
    attempts = load()
    labels = [a.reproduced for a in attempts]
    values = scores(attempts)
    documented, low, high = _documented()
    found = auc(values, labels)
    assert found >= documented - 5e-4, f"AUC fell to {found:.3f} from {documented:.3f}"
    if round(found, 3) == documented:
        interval = bootstrap(
            lambda idx: auc([values[i] for i in idx], [labels[i] for i in idx]), len(values)
        )
        assert (round(interval[0], 3), round(interval[1], 3)) == (low, high)
    assert low > 0.5  # the documented claim: better than chance, interval included


def test_auc_counts_pairs_and_ties() -> None:
    assert auc([3, 2, 1], [True, False, False]) == 1.0
    assert auc([1, 2, 3], [True, False, False]) == 0.0
    assert auc([2, 2], [True, False]) == 0.5


def test_every_source_is_in_the_set_or_documented_as_skipped() -> None:
    sources = json.loads(SOURCES.read_text(encoding="utf-8"))["attempts"]
    stored = {a.id for a in load()}
    missing = [f"{r[0]}:{r[1]}" for r in sources if f"{r[0]}:{r[1]}" not in stored]
    text = DOC.read_text(encoding="utf-8")
    assert all(m.split(":", 1)[1] in text for m in missing), missing
    assert len(stored) >= 60


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_the_data_holds_facts_not_text() -> None:
    rows = json.loads(DATA.read_text(encoding="utf-8"))["attempts"]
    for row in rows:
        readme = row["readme"]
        if readme is None:
            continue
        assert set(readme["features"]) == FEATURES, row["id"]
        assert all(len(s) <= 200 for s in _strings(readme["features"])), row["id"]
        assert row["licence"] is None or re.fullmatch(r"[\w.-]+", row["licence"])


def test_a_rubric_that_ranks_worse_is_caught() -> None:
    """The check above can fail: a rubric of availability alone scores every repository of the
    set alike (all of them existed), so its AUC is chance, below the documented figure."""
    attempts = load()
    only_availability = tuple(replace(c, weight=100) for c in RUBRIC if c.id == "availability")
    found = auc(scores(attempts, only_availability), [a.reproduced for a in attempts])
    assert found == 0.5 < _documented()[0]
