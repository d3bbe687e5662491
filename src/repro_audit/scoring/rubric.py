"""The v0 rubric as an explicit, versioned tuple: the order here is the order of every report.

Weights sum to 100 so a finding's points read as percentage points. Change a weight, a threshold
or a criterion and RUBRIC_VERSION must change with it: the version travels into every output.
"""

from __future__ import annotations

from repro_audit.scoring import criteria
from repro_audit.scoring.base import Criterion

RUBRIC_VERSION = "0.1"

RUBRIC: tuple[Criterion, ...] = (
    Criterion(
        id="availability",
        title="Repository available",
        weight=30,
        rationale=(
            "Nothing else matters if the link is dead or the repository is empty; the largest "
            "weight, and a missing repository scores 0 because every other criterion steps aside."
        ),
        remediation=(
            "Publish the code at the linked address (make it public, push the code), or update "
            "the paper's link to where the code lives now."
        ),
        evaluate=criteria.availability,
    ),
    Criterion(
        id="licence",
        title="Licence",
        weight=20,
        rationale=(
            "Without a licence the code is all rights reserved: others may read it but not legally "
            "run, modify or share it. An unidentified licence earns half: it needs a lawyer's read."
        ),
        remediation=(
            "Add a LICENSE file with a standard licence (e.g. MIT, BSD-3-Clause, Apache-2.0) so "
            "GitHub can identify it."
        ),
        evaluate=criteria.licence,
    ),
    Criterion(
        id="readme",
        title="README",
        weight=15,
        rationale=(
            "The README is where a reader learns what the code does and which commands reproduce "
            "the paper; the ML Code Completeness Checklist puts it first."
        ),
        remediation=(
            "Add a README.md stating what the repository contains, how to install it, and the "
            "exact commands that reproduce the paper's results."
        ),
        evaluate=criteria.readme,
    ),
    Criterion(
        id="dependencies",
        title="Dependency specification",
        weight=20,
        rationale=(
            "An environment that cannot be rebuilt is the commonest reason research code stops "
            "running; a requirements/environment file is what repo2docker and Binder need."
        ),
        remediation=(
            "Add a requirements.txt, environment.yml or pyproject.toml (or the equivalent for the "
            "language) with pinned versions."
        ),
        evaluate=criteria.dependencies,
    ),
    Criterion(
        id="activity",
        title="Activity around the paper",
        weight=10,
        rationale=(
            "A commit on or after the paper's date, or within a year before it, suggests the code "
            "matches the paper. Measured against the paper, not today, so new repositories are "
            "never penalised and finished, archived code is not punished."
        ),
        remediation=(
            "Push the code version used for the paper (and tag it) when the paper is published."
        ),
        evaluate=criteria.activity,
    ),
    Criterion(
        id="community",
        title="Community uptake",
        weight=5,
        rationale=(
            "Stars weakly suggest others could use the code; log-scaled and capped at 100 so it "
            "never dominates, and not judged for repositories younger than six months."
        ),
        remediation="Announce the code with the paper; link it from the project page.",
        evaluate=criteria.community,
    ),
)
