"""The rubric as an explicit, versioned tuple: the order here is the order of every report.

Weights sum to 100 so a finding's points read as percentage points. Change a weight, a threshold
or a criterion and RUBRIC_VERSION must change with it: the version travels into every output,
and `docs/rubric.md` is generated from this table (a test fails when it drifts).
"""

from __future__ import annotations

from repro_audit.scoring import completeness, criteria, documentation, preservation
from repro_audit.scoring.base import Criterion

RUBRIC_VERSION = "1.2"  # 1.1: calibrated weights; 1.2: Preservation (3 points from freshness)

AVAILABILITY = "Availability"
LICENCE = "Licence"
ENVIRONMENT = "Environment"
COMPLETENESS = "ML code completeness"
DOCUMENTATION = "Documentation"
FRESHNESS = "Freshness"
COMMUNITY = "Community"
CONSISTENCY = "Consistency"
PRESERVATION = "Preservation"

GROUPS: tuple[str, ...] = (
    AVAILABILITY,
    LICENCE,
    ENVIRONMENT,
    COMPLETENESS,
    DOCUMENTATION,
    FRESHNESS,
    COMMUNITY,
    CONSISTENCY,
    PRESERVATION,
)
"""Rubric headings in report order; every criterion belongs to one."""

RUBRIC: tuple[Criterion, ...] = (
    Criterion(
        id="availability",
        group=AVAILABILITY,
        title="Repository available",
        weight=15,
        rationale=(
            "Nothing else matters if the link is dead, private or empty. A missing repository "
            "scores 0 because every other criterion steps aside rather than failing too."
        ),
        remediation=(
            "Publish the code at the linked address (make it public, push the code), or update "
            "the paper's link to where the code lives now."
        ),
        evaluate=criteria.availability,
    ),
    Criterion(
        id="placeholder",
        group=AVAILABILITY,
        title="Code released (not a placeholder)",
        weight=15,
        rationale=(
            "For fresh digests the common failure is not a 404 but an empty or 'coming soon' "
            "repository; it weighs as much as the link itself. A README promising parts later "
            "beside real code earns half."
        ),
        remediation=(
            "Push the code the paper describes; until then say in the README when it will come, "
            "so readers know what to expect."
        ),
        evaluate=criteria.placeholder,
    ),
    Criterion(
        id="licence",
        group=LICENCE,
        title="Licence",
        weight=7,
        rationale=(
            "Without a licence the code is all rights reserved: others may read it but not "
            "legally run, modify or share it. Like OpenSSF Scorecard (9 points for a licence, "
            "+1 when OSI/FSF approved) a recognised but non-free licence still earns much: half "
            "here, as does a licence GitHub cannot identify; one named only in the README, 0.3. "
            "It decides reuse, not reproduction (no lift in the calibration set), so 7, not 10."
        ),
        remediation=(
            "Add a LICENSE file with a standard licence (e.g. MIT, BSD-3-Clause, Apache-2.0) so "
            "GitHub and other tools can identify it."
        ),
        evaluate=criteria.licence,
    ),
    Criterion(
        id="environment",
        group=ENVIRONMENT,
        title="Dependencies specified",
        weight=10,
        rationale=(
            "Checklist item 1: an environment that cannot be rebuilt is the commonest reason "
            "research code stops running. Any file repo2docker reads counts, plus "
            "requirements*.txt and requirements/, environment_*.yml, conda_reqs.txt, setup.cfg, "
            "lock files, Apptainer definitions and Dockerfiles in subfolders."
        ),
        remediation=(
            "Add a requirements.txt, environment.yml or pyproject.toml (or the equivalent for the "
            "language) at the repository root."
        ),
        evaluate=completeness.environment,
        looks_for_files=True,
    ),
    Criterion(
        id="pinning",
        group=ENVIRONMENT,
        title="Versions pinned",
        weight=2,
        rationale=(
            "A bonus on top of the dependency files: `torch>=1.8` rebuilt a year later is not "
            "the paper's environment, `torch==1.8.1` or a lock file usually is. A small one: "
            "pinned repositories reproduced no more often in the calibration set."
        ),
        remediation=(
            "Pin the versions the paper used (`pip freeze > requirements.txt`, `conda env export "
            "--from-history`, or commit the lock file)."
        ),
        evaluate=completeness.pinning,
    ),
    Criterion(
        id="training",
        group=COMPLETENESS,
        title="Training code",
        weight=5,
        rationale=(
            "Papers with Code checklist item 2. Its study of NeurIPS 2019 repositories found only "
            "about 9% had all five items and that more items went with more stars, so each item "
            "weighs the same."
        ),
        remediation="Add the script that trains the paper's models (e.g. train.py) and say how.",
        evaluate=completeness.training,
        looks_for_files=True,
    ),
    Criterion(
        id="evaluation",
        group=COMPLETENESS,
        title="Evaluation code",
        weight=5,
        rationale=(
            "Checklist item 3: the code that computes the paper's numbers, so a reader can check "
            "them on the released models."
        ),
        remediation="Add the script that evaluates the models and prints the paper's metrics.",
        evaluate=completeness.evaluation,
        looks_for_files=True,
    ),
    Criterion(
        id="pretrained",
        group=COMPLETENESS,
        title="Pretrained models",
        weight=5,
        rationale=(
            "Checklist item 4, the rarest (about 24% of repositories): without the weights a "
            "reader must retrain, often at a cost the paper's authors alone could pay."
        ),
        remediation=(
            "Publish the trained weights (Hugging Face, Zenodo or a GitHub release) and link "
            "them from the README."
        ),
        evaluate=completeness.pretrained,
        looks_for_files=True,
    ),
    Criterion(
        id="results",
        group=COMPLETENESS,
        title="Results table and commands",
        weight=5,
        rationale=(
            "Checklist item 5 (about 27% of repositories): a README table of the results with "
            "the exact commands that reproduce them; either half earns half."
        ),
        remediation=(
            "Add a results table to the README with the command that reproduces each number."
        ),
        evaluate=completeness.results,
    ),
    Criterion(
        id="readme",
        group=DOCUMENTATION,
        title="README",
        weight=8,
        rationale=(
            "The README is where a reader learns what the code does and how to run it; length, "
            "an install section, a usage section and code blocks each show it was written for "
            "readers."
        ),
        remediation=(
            "Write a README with what the repository contains, an Installation section, a Usage "
            "section and the exact commands in code blocks."
        ),
        evaluate=documentation.readme,
    ),
    Criterion(
        id="citation",
        group=DOCUMENTATION,
        title="Citation information",
        weight=4,
        rationale=(
            "A CITATION.cff (howfairis's citation category) or a BibTeX entry tells users how "
            "to credit the work; an empty BibTeX block is a template, not a citation."
        ),
        remediation="Add a CITATION.cff, or the paper's BibTeX entry to the README.",
        evaluate=documentation.citation,
    ),
    Criterion(
        id="freshness",
        group=FRESHNESS,
        title="Freshness relative to the paper",
        weight=3,
        rationale=(
            "A commit on or after the paper's date, or shortly before it, suggests the code "
            "matches the paper. Measured against the paper, never today: OpenSSF Scorecard's "
            "90-day rule would score every new paper repository 0, and finished, archived code "
            "is not punished."
        ),
        remediation=(
            "Push the code version used for the paper (and tag it) when the paper is published."
        ),
        evaluate=criteria.freshness,
    ),
    Criterion(
        id="community",
        group=COMMUNITY,
        title="Community uptake",
        weight=3,
        rationale=(
            "Stars and forks weakly suggest others could use the code; log-scaled and capped so "
            "they never weigh much, and not judged for repositories younger than six months."
        ),
        remediation="Announce the code with the paper; link it from the project page.",
        evaluate=criteria.community,
        reads_clock=True,  # unless stars alone give full credit: the repository's age
        reads_texts=False,  # stars, forks and the creation date only
    ),
    Criterion(
        id="consistency",
        group=CONSISTENCY,
        title="README instructions match the files",
        weight=10,
        rationale=(
            "A README that runs files the repository does not hold, or names none to run, fails "
            "the first reader who tries it; no other tool checks this. The strongest single "
            "signal in the calibration set (77% of passing repositories reproduced, 50% of "
            "those naming no file), hence 10. References deeper than the listed tree are left "
            "unknown."
        ),
        remediation="Fix the README's commands or add the files they run.",
        evaluate=documentation.consistency,
    ),
    Criterion(
        id="archived",
        group=PRESERVATION,
        title="Preserved in Software Heritage",
        weight=2,
        rationale=(
            "Authors delete and rename repositories; a snapshot in Software Heritage keeps the "
            "code readable after that. Full credit for a snapshot taken after the paper, half "
            "for one taken before it (the paper's version may be missing). Three points come "
            "from freshness: preservation says more about a paper staying reproducible."
        ),
        remediation=(
            "Ask Software Heritage to archive the repository (`audit archive --request`, or "
            "its save-code-now form), and again after each release."
        ),
        evaluate=preservation.archived,
        reads_archive=True,  # never remembered: the archive is asked anew every run
        reads_texts=False,  # the archive's answer only
    ),
    Criterion(
        id="doi",
        group=PRESERVATION,
        title="DOI and valid CITATION.cff",
        weight=1,
        rationale=(
            "A DOI (a Zenodo badge, `.zenodo.json`, or a DOI in CITATION.cff) means a copy "
            "deposited outside the code host. A CITATION.cff must also validate against the "
            "Citation File Format schema 1.2.0 (checked offline), or tools cannot read it."
        ),
        remediation=(
            "Connect the repository to Zenodo and add its DOI badge, or add a CITATION.cff "
            "with a `doi` that validates (`cffconvert --validate`)."
        ),
        evaluate=preservation.doi,
    ),
)


def group_weights(rubric: tuple[Criterion, ...] = RUBRIC) -> tuple[tuple[str, float], ...]:
    """(group, summed weight) in GROUPS order, groups without criteria left out."""
    totals = {group: 0.0 for group in GROUPS}
    for criterion in rubric:
        totals[criterion.group] = totals.get(criterion.group, 0.0) + criterion.weight
    return tuple((group, weight) for group, weight in totals.items() if weight > 0)
