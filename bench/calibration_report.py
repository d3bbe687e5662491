"""How well the rubric's score separates reproduced from not-reproduced repositories.

Run:  python bench/calibration_report.py [--table]
Reads the stored calibration facts (tests/scoring/data/calibration_facts.json) and prints the
AUC of the score with a bootstrap interval, each criterion's lift, and the AUC of other weights
fitted on the data, cross-validated (leave one repository out) so a fit is not judged on the
repositories it was fitted to. docs/calibration.md quotes this output.
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from repro_audit.scoring import RUBRIC, score_repository  # noqa: E402
from tests.scoring.calibration_set import DATA, auc, bootstrap, load, scores  # noqa: E402


def table() -> None:
    """The set as the markdown table docs/calibration.md shows."""
    rows = json.loads(DATA.read_text(encoding="utf-8"))["attempts"]
    sources = json.loads((DATA.parent / "calibration_sources.json").read_text(encoding="utf-8"))
    found = {f"{r[0]}:{r[1]}": r[5] for r in sources["attempts"]}
    print(
        "| # | report (repository: folder) | original code | found | commit studied | as of "
        "| outcome |"
    )
    print("|---:|---|---|---|---|---|---|")
    for number, row in enumerate(rows, 1):
        print(
            f"| {number} | {row['id']} | {row['original']} | {found[row['id']]} "
            f"| `{row['commit'][:12]}` "
            f"| {row['date']} | {row['outcome']} |"
        )


def main() -> int:
    """Print the set, the AUC with its interval, and per-criterion figures."""
    if "--table" in sys.argv:
        table()
        return 0
    attempts = list(load())
    labels = [a.reproduced for a in attempts]
    values = scores(attempts)
    print(
        f"attempts {len(attempts)}, repositories {len({a.original for a in attempts})}, "
        f"reproduced {sum(labels)}, not {len(labels) - sum(labels)}"
    )
    whole = auc(values, labels)
    low, high = bootstrap(
        lambda idx: auc([values[i] for i in idx], [labels[i] for i in idx]), len(attempts)
    )
    yes = [v for v, y in zip(values, labels, strict=True) if y]
    no = [v for v, y in zip(values, labels, strict=True) if not y]
    print(
        f"AUC {whole:.3f} (95% bootstrap {low:.3f}-{high:.3f}); "
        f"mean score reproduced {sum(yes) / len(yes):.1f}, not {sum(no) / len(no):.1f}"
    )
    for year in sorted({a.ctx.now.year for a in attempts}):
        picked = [i for i, a in enumerate(attempts) if a.ctx.now.year == year]
        part = auc([values[i] for i in picked], [labels[i] for i in picked])
        print(f"  reports due {year}: {len(picked)} attempts, AUC {part:.3f}")
    base = sum(labels) / len(labels)
    print(
        f"\n{'criterion':<13}{'weight':>7}{'AUC':>7}{'pass':>6}{'P(yes|pass)':>13}"
        f"{'P(yes|not)':>12}{'lift':>7}  verdicts"
    )
    findings = [score_repository(a.facts, a.ctx).findings for a in attempts]
    for index, criterion in enumerate(RUBRIC):
        shares, verdicts = [], defaultdict(int)
        for row in findings:
            f = row[index]
            verdicts[f.verdict.value] += 1
            shares.append(f.points / f.max_points if f.max_points else -1)
        judged = [(s, y) for s, y in zip(shares, labels, strict=True) if s >= 0]
        crit_auc = auc([s for s, _ in judged], [y for _, y in judged]) if judged else float("nan")
        passing = [y for s, y in judged if s >= 0.999]
        failing = [y for s, y in judged if s < 0.999]
        p_pass = sum(passing) / len(passing) if passing else float("nan")
        p_not = sum(failing) / len(failing) if failing else float("nan")
        print(
            f"{criterion.id:<13}{criterion.weight:>7}{crit_auc:>7.3f}{len(passing):>6}"
            f"{p_pass:>13.2f}{p_not:>12.2f}{p_pass / base:>7.2f}  {dict(verdicts)}"
        )
    fitted(attempts, labels, findings)
    return 0


def _weighted(shares: dict[str, float | None], weights: dict[str, float]) -> float:
    """The rubric's arithmetic (a weighted mean over assessed criteria) with other weights."""
    pairs = [(w, shares[k]) for k, w in weights.items() if shares.get(k) is not None and w > 0]
    total = sum(w for w, _ in pairs)
    return 100 * sum(w * (s or 0.0) for w, s in pairs) / total if total else 0.0


def fitted(attempts: list[Any], labels: list[bool], findings: list[Any]) -> None:
    """Weights fitted to the data (half the published weight, half each criterion's AUC lift),
    judged in-sample and leaving one repository out at a time, so the gain a fit shows on the
    data it saw can be told from the gain it keeps on repositories it did not."""
    shares = [
        {f.criterion: (f.points / f.max_points if f.max_points else None) for f in row}
        for row in findings
    ]
    published = {c.id: float(c.weight) for c in RUBRIC}

    def fit(indices: list[int]) -> dict[str, float]:
        lift = {}
        for key in published:
            judged = [(shares[i][key], labels[i]) for i in indices if shares[i][key] is not None]
            value = auc([s for s, _ in judged], [y for _, y in judged]) if judged else 0.5
            lift[key] = max((value if value == value else 0.5) - 0.5, 0.0)
        total = sum(lift.values()) or 1.0
        return {k: 0.5 * published[k] + 50.0 * lift[k] / total for k in published}

    everyone = list(range(len(attempts)))
    inside = auc([_weighted(s, fit(everyone)) for s in shares], labels)
    held_out = [0.0] * len(attempts)
    for repository in {a.original for a in attempts}:
        train = [i for i in everyone if attempts[i].original != repository]
        weights = fit(train)
        for i in everyone:
            if attempts[i].original == repository:
                held_out[i] = _weighted(shares[i], weights)
    print(
        f"\nfitted weights: AUC {inside:.3f} in-sample, "
        f"{auc(held_out, labels):.3f} leaving one repository out"
    )


if __name__ == "__main__":
    raise SystemExit(main())
