"""`docs/rubric.md`, generated from the rubric table so the documentation cannot drift from code.

Regenerate with `python -m repro_audit.scoring.docs > docs/rubric.md`; a test compares the file
with `render()` and fails when they differ.
"""

from __future__ import annotations

import inspect
from dataclasses import fields

from repro_audit.scoring.aggregate import FAIL_GRADE, GRADE_THRESHOLDS
from repro_audit.scoring.base import DEFAULT_THRESHOLDS, THRESHOLD_HELP, Criterion, Thresholds
from repro_audit.scoring.rubric import RUBRIC, RUBRIC_VERSION, group_weights

COMMAND = "python -m repro_audit.scoring.docs > docs/rubric.md"

_HOW = """\
Each criterion is one small pure function of the repository's facts, the paper's date and an
injected "now". It answers **pass**, **partial** (a share of its weight), **fail**, **unknown**
or **not applicable**, with a one-line reason, the evidence it looked at (file names, README
lines) and, when it is not a pass, what would raise it.

- The score is the weighted mean over the criteria that could be assessed, 0-100. **Unknown** (a
  rate limit, a timeout, a fact the source did not fetch) and **not applicable** leave both the
  numerator and the denominator: a missing fact never costs points, as with OpenSSF Scorecard's
  inconclusive checks. `coverage` says which share of the rubric's weight was assessed.
- What the unknown criteria could still do is shown beside the score: `72 (64\u201380)` is the score
  with each of them failing and with each passing, and the grade is given only when the whole
  range earns the same letter.
- A dead, blocked or private link fails *Repository available*; every other criterion then does
  not apply, so such a link scores 0 without failing a dozen questions that do not arise.
- A file missing from a listing cut short is **unknown**, not absent (see "A listing cut
  short" below): the criteria that look for a file say `unknown (listing cut at N entries)`
  instead of `fail`, so a cut listing lowers `coverage`, never the score.
- The four *ML code completeness* items do not apply to code that shows no sign of machine
  learning (no training files or weights, no ML library among the dependencies, no ML terms in
  the README); a repository with no code at all fails them.
- The same facts, paper date and "now" always give the same score. Only *Community* (which
  does not judge a repository younger than six months) lets "now" change a verdict; elsewhere
  "now" only counts days in a reason. *Freshness* is measured against the paper's date and
  never counts days up to today, so its reason stays the same from one day to the next (a
  scheduled audit commits its table daily, and "last commit 40 days ago" would change it daily).
- Outcomes reached without looking at "now" depend on the facts, the paper date and the
  thresholds alone, so the cache remembers them between runs (keyed by a hash of those and of
  the scoring code); *Community* and any reason that counts days (a placeholder's fix) are
  judged afresh every run.
"""

_WEIGHTS = """\
Weights sum to 100, so a finding's points read as percentage points.

- **Availability (30)** is the largest share: a link that leads nowhere, or to a README saying
  "coming soon", makes every other question moot. Most code links in papers stay alive for
  years; in fresh digests the common failure is not a 404 but an empty or "coming soon"
  repository, so *placeholder* weighs as much as the link itself.
- **ML code completeness (20) with Environment (12)** automate the Papers with Code ML Code
  Completeness Checklist (Stojnic, 2020): dependencies, training code, evaluation code,
  pretrained models, results with commands. In its study of NeurIPS 2019 repositories only about
  9% had all five, pretrained weights (about 24%) and results tables (about 27%) were the
  rarest, and more items went with more stars; so each item weighs 5, and dependencies, which
  any code needs, weigh 10 plus a pinning bonus of 2 (halved in 1.1: pinned repositories did
  not reproduce more often in the calibration set, docs/calibration.md).
- **Documentation (12)** and **Licence (7)** decide whether a reader can run and may reuse the
  code. Licence follows OpenSSF Scorecard's split (9 of 10 points for having a licence, the last
  for an OSI/FSF-approved one) in spirit: a recognised non-free licence still earns half. It
  weighs 7 since 1.1: it decides reuse, and showed no lift for reproduction.
- **Freshness (3)** is measured against the paper's date. Scorecard's *Maintained* check counts
  commits in the last 90 days and gives 0 to any repository created in the last 90 days, which
  would fail every new paper's code and every finished, archived one. 1.2 gave 3 of its 6 points
  to Preservation (the calibration set could not judge freshness: no paper dates).
- **Consistency (10)** checks what no other tool does: that the README names the files to run
  and that they exist. In the calibration set (docs/calibration.md) it was the strongest single
  signal of a reproduction that worked, so 1.1 doubled it from 5.
- **Preservation (3)**, since 1.2: whether the code outlives its repository (a Software Heritage
  snapshot after the paper, 2; a DOI and a CITATION.cff that validates, 1). See
  docs/preservation.md.
- **Community (3)** is a weak signal (stars measure attention, not reproducibility), log-scaled
  and capped so it never weighs much.
"""

_CONFIG = """\
Weights and thresholds can be changed in `pyproject.toml` (read from the current folder) or in a
file given with `--config FILE.toml` (which wins). A weight of 0 leaves a criterion out. Unknown
keys, wrong types and contradictory values are errors (exit code 3). Any change marks the rubric
version `+custom` in every output, since such scores are not comparable with the published ones.

```toml
[tool.repro-audit.weights]
community = 0      # ignore stars and forks
pretrained = 10    # weights matter more to us

[tool.repro-audit.thresholds]
star_cap = 500
readme_min_chars = 1500
```

In a dedicated `--config` file the same tables are called `[weights]` and `[thresholds]`.
"""


def _doc(criterion: Criterion) -> str:
    """The evaluate function's docstring: the rule, in one paragraph."""
    text = inspect.getdoc(criterion.evaluate) or ""
    return " ".join(text.split())


def _criteria_table(rubric: tuple[Criterion, ...]) -> list[str]:
    lines = ["| Group | Criterion | id | Weight |", "|---|---|---|---:|"]
    lines += [f"| {c.group} | {c.title} | `{c.id}` | {c.weight:g} |" for c in rubric]
    lines.append(f"| | **Total** | | **{sum(c.weight for c in rubric):g}** |")
    return lines


def _criterion(criterion: Criterion) -> list[str]:
    return [
        f"### {criterion.title} (`{criterion.id}`, weight {criterion.weight:g})",
        "",
        f"**Checks:** {_doc(criterion)}",
        "",
        f"**Why:** {criterion.rationale}",
        "",
        f"**Fix:** {criterion.remediation}",
        "",
    ]


_CUT = """\
Every source lists a repository's files the same way: GitHub's GraphQL round nests three folder
levels, and where it stopped, one REST request fetches the default branch's whole recursive
tree; without a token a blobless clone lists the whole tree. The listing is still cut short when
GitHub marks that tree `truncated` (past 100,000 entries or 7 MB), when a clone holds more than
200,000 entries (read breadth first, so the levels above the cut are whole), or when the request
for the rest failed (the three levels stay, with a gap naming why). The facts then say so, the
same way for every source (`listing_cut_at`: entries listed; `paths_depth`: folder levels listed
in full), and:

- a criterion that looks for a file, and would fail because it is not listed, is **unknown**
  with the reason `listing cut at N entries: ...` (or `listing cut at 3 folder levels: ...`),
  shown in every report as `unknown (listing cut at N entries)`, so it leaves the numerator and
  the denominator and `coverage` drops by its weight; a file that *is* listed still passes;
- a README or dependency text too large to read (a clone's texts past 16 MB) makes the
  criteria that read it `unknown (file too large)`;
- a README reference to a file deeper than the listing is unknown, never broken;
- with no listing at all (a clone that failed), such a criterion is unknown too, with the
  reason `file listing unknown: ...`;
- the root listing is always whole, so a path under a root folder that does not exist is
  absent however the listing was cut.

Criteria that look for a file:"""


def _cut_listing(rubric: tuple[Criterion, ...]) -> list[str]:
    looking = [f"*{c.title}* (`{c.id}`)" for c in rubric if c.looks_for_files]
    return [_CUT, ", ".join(looking) + ".", ""]


def _thresholds(values: Thresholds) -> list[str]:
    lines = ["| Key | Default | Meaning |", "|---|---:|---|"]
    for item in fields(Thresholds):
        lines.append(
            f"| `{item.name}` | {getattr(values, item.name):g} | {THRESHOLD_HELP[item.name]} |"
        )
    return lines


def render(
    rubric: tuple[Criterion, ...] = RUBRIC, thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> str:
    """The whole rubric document as markdown."""
    groups = ", ".join(f"{name} {weight:g}" for name, weight in group_weights(rubric))
    grades = ", ".join(f"{letter} ≥ {lowest}" for lowest, letter in GRADE_THRESHOLDS)
    lines = [
        f"# Reproducibility rubric {RUBRIC_VERSION}",
        "",
        f"<!-- Generated by `{COMMAND}` from src/repro_audit/scoring/rubric.py; do not edit. -->",
        "",
        "## How a score is made",
        "",
        _HOW,
        f"Grades: {grades}, else {FAIL_GRADE}. Groups: {groups}.",
        "",
        "## Criteria",
        "",
        *_criteria_table(rubric),
        "",
        "## A listing cut short",
        "",
        *_cut_listing(rubric),
        "## Why these weights",
        "",
        _WEIGHTS,
        "## Each criterion",
        "",
    ]
    for criterion in rubric:
        lines += _criterion(criterion)
    lines += ["## Thresholds", "", *_thresholds(thresholds), "", "## Configuration", "", _CONFIG]
    return "\n".join(lines).rstrip("\n") + "\n"


if __name__ == "__main__":  # pragma: no cover - the documented way to regenerate the file
    print(render(), end="")
