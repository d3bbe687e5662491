"""The labelled calibration set: real repositories as they were when people tried to reproduce
their paper, and what those people concluded (tests/scoring/data/calibration_facts.json, made by
bench/calibration_extract.py; sources in docs/calibration.md).

The data file holds facts only: file listings, dates, licence ids, dependency names with their
version specifiers, and features of each README derived by our own code (heading kinds, prose
length, the commands its code blocks and inline spans run, whether it has a table, BibTeX, weight
links, placeholder wording). `skeleton_readme` turns those features back into a README of our
own words that the rubric reads as it read the original, so the whole rubric is measured on data
alone.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from repro_audit.models import Existence, RepoFacts, RepoRef
from repro_audit.scoring import ScoringContext, score_repository
from repro_audit.scoring.readme import read_readme, substance

DATA = Path(__file__).parent / "data" / "calibration_facts.json"

HEADINGS = {
    "install": "Installation",
    "usage": "Usage",
    "train": "Training",
    "eval": "Evaluation",
    "results": "Results",
    "pretrained": "Pretrained models",
    "data": "Data",
    "citation": "Citation",
    "licence": "License",
    "other": "Notes",
}
"""Heading kinds the features keep, and the words the skeleton writes for each."""


def _block(info: str, lines: Sequence[str]) -> str:
    return f"```{info}\n" + "\n".join(lines) + "\n```\n"


def skeleton_readme(features: dict[str, Any]) -> str:
    """A README in our own words with the features the rubric reads: headings of the same
    kinds, the same commands in the same kinds of blocks, the same amount of prose."""
    parts = ["# Project\n"]
    if features["ml_terms"]:
        parts.append("Keywords: " + ", ".join(features["ml_terms"]) + ".\n")
    if features["placeholder"]:
        parts.append(features["placeholder"] + "\n")
    if features["weight_words"]:
        parts.append("Checkpoints are linked below.\n")
    parts.extend(f"[link]({url})\n" for url in features["weight_links"])
    if features["licence_mention"]:
        parts.append("Licensed under the terms in the licence file.\n")
    if features.get("named_folders"):
        parts.append("Folders: " + ", ".join(features["named_folders"]) + ".\n")
    parts.extend(f"- `{command}`\n" for command in features["inline_commands"])
    blocks = list(features["blocks"])
    for kind in features["headings"]:
        parts.append(f"## {HEADINGS.get(kind, 'Notes')}\n")
        if blocks:
            block = blocks.pop(0)
            parts.append(_block(block["info"], block["commands"] or ["pass"] * block["lines"]))
    for block in blocks:
        parts.append(_block(block["info"], block["commands"] or ["pass"] * block["lines"]))
    if features["table"]:
        parts.append("| a | b |\n|---|---|\n| 1 | 2 |\n")
    filled, empty = features["bibtex"]
    parts.extend(_block("bibtex", ["@article{x,", "  title={T},", "}"]) for _ in range(filled))
    parts.extend(_block("bibtex", []) for _ in range(empty if not filled else 0))
    text = "\n".join(parts)
    missing = features["prose_chars"] - substance(read_readme(text))
    if missing > 0:
        words = "lorem " * (missing // 5 + 1)
        text += "\n" + "\n".join(words[i : i + 90] for i in range(0, len(words), 90)) + "\n"
    return text


def dependency_text(dependency: dict[str, Any]) -> str | None:
    """A dependency file in its own format, written from the stored (name, specifier) pairs."""
    entries = [(name, spec) for name, spec in dependency["entries"]]
    kind = dependency["format"]
    if kind == "requirements":
        return "".join(f"{name}{spec}\n" for name, spec in entries)
    if kind == "conda-list":
        return "".join(f"{name}{spec}\n" for name, spec in entries)
    if kind == "conda":
        return "dependencies:\n" + "".join(f"  - {name}{spec}\n" for name, spec in entries)
    if kind == "setup.py":
        return "install_requires=[" + ", ".join(f'"{n}{s}"' for n, s in entries) + "]\n"
    if kind == "pyproject":
        quoted = ", ".join(json.dumps(f"{n}{s}") for n, s in entries)
        return f"[project]\nname = 'x'\ndependencies = [{quoted}]\n"
    return None


def _moment(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)


@dataclass(frozen=True)
class Attempt:
    """One reproduction attempt: the repository's facts on the day and the outcome reached."""

    id: str
    original: str
    outcome: str  # "yes", "partial" or "no"
    facts: RepoFacts
    ctx: ScoringContext

    @property
    def reproduced(self) -> bool:
        """The binary label: the main claims were reproduced."""
        return self.outcome == "yes"


def _facts(row: dict[str, Any]) -> RepoFacts:
    owner, name = row["original"].split("/")
    readme = row["readme"]
    texts = tuple(
        (d["path"], text) for d in row["dependencies"] if (text := dependency_text(d)) is not None
    )
    return RepoFacts(
        ref=RepoRef("github.com", owner, name),
        existence=Existence.EXISTS,
        canonical=row["original"],
        is_private=False,
        is_empty=not row["paths"],
        has_license=row["licence"] is not None,
        license_spdx=row["licence"],
        created_at=_moment(row["created_at"]),
        pushed_at=_moment(row["last_commit_at"]),
        last_commit_at=_moment(row["last_commit_at"]),
        paths=tuple(row["paths"]),
        paths_depth=None,
        readme_text=None if readme is None else skeleton_readme(readme["features"]),
        file_texts=texts,
        commit_dates=tuple(datetime.fromisoformat(d) for d in row["commit_dates"]),
        commit_count=row["commit_count"],
        via="calibration",
    )


def load(path: Path = DATA) -> tuple[Attempt, ...]:
    """Every attempt of the stored set, as RepoFacts scored on the day of the attempt."""
    rows = json.loads(path.read_text(encoding="utf-8"))["attempts"]
    return tuple(
        Attempt(
            row["id"],
            row["original"],
            row["outcome"],
            _facts(row),
            ScoringContext(
                now=datetime.fromisoformat(row["date"] + "T12:00:00+00:00"), paper_date=None
            ),
        )
        for row in rows
    )


def auc(scores: Sequence[float], labels: Sequence[bool]) -> float:
    """Area under the ROC curve: the chance that a reproduced repository outscores one that was
    not (ties count half), i.e. the Mann-Whitney U statistic over the pairs."""
    positives = [s for s, y in zip(scores, labels, strict=True) if y]
    negatives = [s for s, y in zip(scores, labels, strict=True) if not y]
    if not positives or not negatives:
        return float("nan")
    wins = sum((p > n) + 0.5 * (p == n) for p in positives for n in negatives)
    return wins / (len(positives) * len(negatives))


def bootstrap(
    statistic: Callable[[Sequence[int]], float], size: int, rounds: int = 2000, seed: int = 19
) -> tuple[float, float]:
    """A 95% percentile interval of `statistic` over resamples (with replacement) of the
    indices 0..size-1; seeded, so the documented interval is the one a rerun prints."""
    generator = random.Random(seed)
    values = sorted(
        value
        for _ in range(rounds)
        if (value := statistic([generator.randrange(size) for _ in range(size)])) == value
    )
    return values[int(0.025 * len(values))], values[int(0.975 * len(values)) - 1]


def scores(attempts: Sequence[Attempt], rubric: Any = None) -> list[float]:
    """Each attempt's score under the rubric (the published one by default); None counts 0."""
    kwargs = {} if rubric is None else {"rubric": rubric}
    return [float(score_repository(a.facts, a.ctx, **kwargs).value or 0) for a in attempts]
