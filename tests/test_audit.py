"""A run that scores repositories as their facts arrive reports exactly what scoring at the end
would, while keeping none of the texts only scoring reads."""

from __future__ import annotations

import gc
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

import orjson
import pytest

from repro_audit.audit import FEWER_COLLECTIONS, AuditRun, fewer_collections
from repro_audit.formats import RenderOptions
from repro_audit.formats import json as json_format
from repro_audit.models import AuditReport, LinkStatus, Score
from repro_audit.reading.digest import read_digest
from repro_audit.report.linkrows import ScoreMemo
from repro_audit.sources import GitHubSource, endpoints_from_env
from repro_audit.sources.cache import FactCache
from tests.emulator import GitHubEmulator, RepoSpec

NOW = datetime(2025, 11, 20, 12, tzinfo=timezone.utc)
TOKEN = "ghp_audit_run_test"
README = "# Code\n\n## Install\n\n```\npip install -r requirements.txt\n```\n\n## Train\n\n" + (
    "```\npython train.py\n```\n"
)
ROWS = (  # title, paper date, abstract, code cell
    ("One", "2025-10-01", "A.", "[Code Link](https://github.com/lab/full)"),
    ("Two", "2024-01-05", "B.", "[Code Link](https://github.com/lab/full)"),
    ("Three", "2025-10-02", "C.", "[Code Link](https://github.com/lab/soon)"),
    ("Four", "2025-10-03", "See https://github.com/lab/full.", "None"),
    ("Five", "2025-10-04", "D.", "[Code Link](https://github.com/gone/away)"),
)
DIGEST = "\n".join(
    [
        "## Papers",
        "",
        "| **Title** | **Date** | **Abstract** | **Comment** | **CodeRepository** |",
        "| --- | --- | --- | --- | --- |",
        *(
            f"| **[{title}](http://arxiv.org/abs/2510.0000{n}v1)** | {day} | {text} |  | {code} |"
            for n, (title, day, text, code) in enumerate(ROWS, start=1)
        ),
    ]
)


def _run(emu: GitHubEmulator, cache: Path, scores: ScoreMemo | None) -> AuditRun:
    endpoints = endpoints_from_env(emu.env(TOKEN))
    source = GitHubSource(endpoints, cache=FactCache(cache / "facts.sqlite3"))
    run = AuditRun(digests=[read_digest(DIGEST, "d.md")], source=source, scores=scores)
    run.fetch()
    return run


@pytest.mark.parametrize("cache_state", ["cold", "warm"])
def test_scores_made_as_facts_arrive_are_the_scores_made_at_the_end(
    github_emulator: GitHubEmulator, tmp_path: Path, cache_state: str
) -> None:
    files = {"README.md": README, "requirements.txt": "torch==2.1.0\n", "train.py": "x = 1\n"}
    github_emulator.add_repo(RepoSpec("lab", "full", files=files, license_spdx="MIT"))
    github_emulator.add_repo(RepoSpec("lab", "soon", files={"README.md": "Code coming soon.\n"}))
    caches = [tmp_path / "end", tmp_path / "streamed"]
    if cache_state == "warm":  # both read one cache (dead links are then re-checked over git)
        caches = [tmp_path / "warm"] * 2
        _run(github_emulator, caches[0], None)
    at_the_end = _run(github_emulator, caches[0], None).report(NOW)
    streamed = _run(github_emulator, caches[1], ScoreMemo(NOW))
    as_it_came = streamed.report(NOW)
    assert _scores(as_it_came) == _scores(at_the_end)
    assert len([score for score in _scores(at_the_end) if score is not None]) == 5
    shown = [json_format.document(r, RenderOptions())["rows"] for r in (as_it_came, at_the_end)]
    assert shown[0] == shown[1]
    for facts in streamed.facts.values():
        assert facts.readme_text is None and facts.file_texts is None and facts.paths is None


def _scores(report: AuditReport) -> list[Score | None]:
    """Every row's score and its suggestions' scores, in order."""
    return [item.score for row in report.rows for item in (row, *row.suggestions)]


def test_a_report_with_another_time_than_its_scores_is_refused(
    github_emulator: GitHubEmulator, tmp_path: Path
) -> None:
    run = _run(github_emulator, tmp_path, ScoreMemo(NOW))
    with pytest.raises(ValueError, match="another time or rubric"):
        run.report(datetime(2026, 1, 1, tzinfo=timezone.utc))


def _remembering_run(emu: GitHubEmulator, folder: Path) -> AuditReport:
    """A run as the CLI makes it: outcomes of earlier runs recalled from the fact cache."""
    endpoints = endpoints_from_env(emu.env(TOKEN))
    cache = FactCache(folder / "facts.sqlite3")
    source = GitHubSource(endpoints, cache=cache)
    run = AuditRun([read_digest(DIGEST, "d.md")], source, scores=ScoreMemo(NOW, store=cache))
    run.fetch()
    cache.close()
    return run.report(NOW)


def test_a_warm_run_scores_from_remembered_outcomes_exactly_as_afresh(
    github_emulator: GitHubEmulator, tmp_path: Path
) -> None:
    files = {"README.md": README, "requirements.txt": "torch==2.1.0\n", "train.py": "x = 1\n"}
    github_emulator.add_repo(RepoSpec("lab", "full", files=files, license_spdx="MIT"))
    github_emulator.add_repo(RepoSpec("lab", "soon", files={"README.md": "Code coming soon.\n"}))
    afresh = _run(github_emulator, tmp_path / "plain", ScoreMemo(NOW)).report(NOW)
    cold = _remembering_run(github_emulator, tmp_path / "kept")
    warm = _remembering_run(github_emulator, tmp_path / "kept")
    shown = [json_format.document(r, RenderOptions())["rows"] for r in (afresh, cold)]
    assert shown[0] == shown[1]
    assert _scores(warm) == _scores(cold)  # its dead link was seen over git: scores only

    db = sqlite3.connect(str(tmp_path / "kept" / "facts.sqlite3"))
    rows = db.execute("SELECT content, data FROM outcomes").fetchall()
    assert len(rows) == 4  # lab/full for three paper dates, lab/soon; never the dead link
    for content, data in rows:
        outcomes = orjson.loads(data)
        # community judges these few stars by the repository's age, which reads the clock;
        # freshness is measured against the paper alone
        assert "community" not in outcomes and "freshness" in outcomes
        outcomes["licence"][2] = "taken from memory"
        with db:
            db.execute(
                "UPDATE outcomes SET data = ? WHERE content = ?", (orjson.dumps(outcomes), content)
            )
    db.close()
    recalled = _remembering_run(github_emulator, tmp_path / "kept")
    scored = [item for row in recalled.rows for item in (row, *row.suggestions) if item.score]
    alive = [item.score for item in scored if item.status is not LinkStatus.DEAD]
    assert len(alive) == 4
    licences = {
        f.reason for score in alive if score for f in score.findings if f.criterion == "licence"
    }
    assert licences == {"taken from memory"}


def test_a_run_gives_the_collector_settings_back() -> None:
    before = gc.get_threshold()
    with fewer_collections():
        assert gc.get_threshold() == FEWER_COLLECTIONS
        assert gc.get_freeze_count() > 0  # the imported modules are left out of the scans
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
