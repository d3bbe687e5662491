"""Faults: a flaky GitHub never makes a link dead, or a fact absent, that a clean run keeps.

Each scenario audits the example digest (plus links to another host, which git and the web
checker ask) while the emulator's seeded storm injects faults: 30% 502/503, stalls past the
client's timeout, connections reset halfway through a body, secondary rate limits, and the hourly
budget running out part-way. Every row is compared with a clean run of the same path: it may only
say the same thing or `unknown` with a reason. A fault-free rerun on the same cache then finishes
the picture, answering from the cache everything the faulty run learned.
"""

from __future__ import annotations

import io
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from repro_audit.cli.main import ExitCode, Streams, main
from repro_audit.sources.cache import CACHE_FILE
from tests.emulator import GitHubEmulator, Kind, Weather
from tests.emulator.example_world import DIGEST, Case, ExampleWorld, build_example_world

NOW = datetime(2025, 11, 20, 12, 0, tzinfo=timezone.utc)
TOKEN = "ghp_faults_test_token"
FACT_KEYS = ("exists", "has_license", "license", "has_readme", "has_dependency_spec", "empty")
PATHS: dict[str, list[str]] = {"graphql": ["--token", TOKEN, "--batch-size", "10"], "rest+git": []}
TIMEOUT = 0.5  # seconds per request in a faulty run; a stall outlasts it
SCENARIOS: dict[str, Weather] = {
    # 30% of answers 502/503, a few stalls, resets and secondary limits, and the hourly budget
    # spent after the fifth API request; `plan_one_of_each` adds one sure fault of each kind
    "storm": Weather(
        seed=23,
        server_errors=0.3,
        timeouts=0.04,
        resets=0.04,
        secondary=0.04,
        stall_seconds=0.8,
        exhaust_after=5,
    ),
    "30% 502/503": Weather(seed=7, server_errors=0.3),  # and nothing else, for the whole run
}
CASES = [("graphql", "30% 502/503"), ("graphql", "storm"), ("rest+git", "storm")]
API_KIND = {"graphql": "graphql", "rest+git": "rest"}


def plan_one_of_each(emu: GitHubEmulator, path: str) -> dict[str, int]:
    """On top of the storm, the first API requests meet each fault for sure: a reset mid-body,
    a stall past the timeout, and a secondary limit (whatever the seed draws)."""
    kind, where = API_KIND[path], "/repos/" if path == "rest+git" else ""
    emu.reset_next(kind, path_contains=where)
    emu.stall_next(kind, seconds=0.8, path_contains=where)
    emu.fail_next(kind, 403, path_contains=where, retry_after=1)
    return {"planned reset mid-body": 1, "planned timeout": 1, "planned secondary limit": 1}


@dataclass(frozen=True)
class World:
    """The emulator, and the digests each path reads."""

    emu: GitHubEmulator
    digests: dict[str, tuple[str, ...]]


def sample_digest(folder: Path, example: ExampleWorld, per_case: int = 1) -> Path:
    """A few GitHub links of each kind the example world has (alive, deleted, renamed, empty,
    blocked, ...): the anonymous path clones each repository, so it gets a smaller digest."""
    chosen = [slug for case in Case for slug in example.slugs if example.cases[slug] is case]
    counts: dict[Case, int] = {}
    lines = ["## Sample", "", "| Title | Date | Abstract | Comment | CodeRepository |"]
    lines.append("|---|---|---|---|---|")
    for slug in chosen:
        case = example.cases[slug]
        counts[case] = counts.get(case, 0) + 1
        if counts[case] <= per_case:
            day = example.paper_dates[slug].isoformat()
            lines.append(f"| {slug} | {day} | a | c | [Code Link](https://github.com/{slug}) |")
    path = folder / "sample.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def elsewhere_digest(folder: Path, emu: GitHubEmulator) -> Path:
    """Links to another host (the emulator as `localhost`): git, a live page, a dead one."""
    other = emu.other_host_url
    lines = [
        "## Elsewhere",
        "",
        "| Title | Date | Abstract | Comment | CodeRepository |",
        "|---|---|---|---|---|",
        f"| By git | 2025-10-01 | a | c | [Code Link]({other}/EvolvingLMMs-Lab/lmms-eval.git) |",
        f"| Gone by git | 2025-10-02 | a | c | [Code Link]({other}/lab/never-was.git) |",
        f"| A page | 2025-10-03 | a | c | [Code Link]({other}/zju3dv/EgoAgent) |",
        f"| A dead page | 2025-10-04 | a | c | [Code Link]({other}/LQH89757/MICS) |",
    ]
    path = folder / "elsewhere.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    folder = tmp_path_factory.mktemp("faults")
    with GitHubEmulator(folder / "github", anonymous_limit=100_000) as emu:
        example = build_example_world(emu)
        elsewhere = str(elsewhere_digest(folder, emu))
        digests = {
            "graphql": (str(DIGEST), elsewhere),
            "rest+git": (str(sample_digest(folder, example)), elsewhere),
        }
        yield World(emu, digests)


def audit(world: World, path: str, cache: Path | None, timeout: float = 30) -> dict[str, Any]:
    """One run of the path's digests as JSON, with bounded retries and waits."""
    argv = [*world.digests[path], "--format", "json", "--fail-on", "never", "--retries", "2"]
    argv += ["--timeout", str(timeout), "--max-wait", "5s", "--workers", "8", *PATHS[path]]
    argv += ["--no-cache"] if cache is None else ["--cache-dir", str(cache)]
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, world.emu.env(None), Streams(out, err), clock=lambda: NOW)
    assert code == ExitCode.OK, err.getvalue()
    assert "Traceback" not in err.getvalue()
    document = json.loads(out.getvalue())
    assert isinstance(document, dict)
    return document


@pytest.fixture(scope="module")
def clean(world: World) -> dict[str, dict[str, Any]]:
    """The fault-free answer of each path, the yardstick for every scenario."""
    return {path: audit(world, path, None) for path in PATHS}


def rows_of(document: dict[str, Any]) -> dict[tuple[str, int, str], dict[str, Any]]:
    """Every audited link, suggestions included, by (digest, line, link)."""
    found = {}
    for row in document["rows"]:
        for item in (row, *row["suggestions"]):
            if item["code_link"] is not None:
                found[(row["source"], row["line"], item["code_link"])] = item
    return found


def departures(clean: dict[str, Any], faulty: dict[str, Any]) -> list[str]:
    """Where the faulty run says something the clean run does not, other than "unknown"."""
    problems = []
    good, bad = rows_of(clean), rows_of(faulty)
    assert good.keys() == bad.keys()
    for key, row in bad.items():
        was, web, was_web = good[key], row["web"], good[key]["web"]
        allowed = {was["link_status"], "unknown"}
        if web is not None and web["state"] == "unknown":
            allowed.add("not_a_repo")  # a page's row: its liveness is in the reason (docs/links.md)
        if row["link_status"] not in allowed:
            problems.append(f"{key}: {row['link_status']} instead of {was['link_status']}")
        if web is not None and web["state"] not in (was_web["state"], "unknown"):
            problems.append(f"{key}: page {web['state']} instead of {was_web['state']}")
        facts, was_facts = row["facts"] or {}, was["facts"] or {}
        for name in FACT_KEYS:
            if facts.get(name) is not None and facts.get(name) != was_facts.get(name):
                problems.append(f"{key}: {name}={facts[name]} instead of {was_facts.get(name)}")
        verdicts = {f["criterion"]: f["verdict"] for f in was["findings"]}
        for finding in row["findings"]:
            before = verdicts.get(finding["criterion"])
            if finding["verdict"] not in (before, "unknown"):
                problems.append(f"{key}: {finding['criterion']} {finding['verdict']} vs {before}")
    return problems


def unexplained(document: dict[str, Any]) -> list[str]:
    """Uncertain results without a reason: unknown links, pages, findings, and facts gaps."""
    missing = []
    for key, row in rows_of(document).items():
        if row["link_status"] == "unknown" and not row["reason"].strip():
            missing.append(f"{key}: unknown without a reason")
        if row["web"] is not None and row["web"]["state"] == "unknown" and not row["web"]["reason"]:
            missing.append(f"{key}: page unknown without a reason")
        for finding in row["findings"]:
            if finding["verdict"] == "unknown" and not finding["reason"].strip():
                missing.append(f"{key}: {finding['criterion']} unknown without a reason")
        gaps = (row["facts"] or {}).get("gaps") or []
        missing += [f"{key}: empty gap" for gap in gaps if not gap.strip()]
    return missing


def picture(document: dict[str, Any]) -> dict[tuple[str, int, str], tuple[object, ...]]:
    """What a run concluded per link: status, page state, facts, verdicts and score."""
    return {
        key: (
            row["link_status"],
            None if row["web"] is None else row["web"]["state"],
            tuple((row["facts"] or {}).get(name) for name in FACT_KEYS),
            tuple((f["criterion"], f["verdict"]) for f in row["findings"]),
            row["score"],
        )
        for key, row in rows_of(document).items()
    }


def cached_repositories(cache: Path) -> set[str]:
    """Keys of the answers stored in the cache (read-only, as another process would)."""
    uri = f"file:{cache / CACHE_FILE}?mode=ro"
    with sqlite3.connect(uri, uri=True) as db:
        return {key for (key,) in db.execute("SELECT key FROM facts")}


def reobserved_over_git(emu: GitHubEmulator, learned: set[str]) -> int:
    """Cached dead links the last run observed again over git (401/404), not through the API."""
    return len(
        {
            r.path
            for r in emu.requests
            if r.kind is Kind.GIT
            and r.status in (401, 404)
            and r.path.lower().removeprefix("/").removesuffix(".git/info/refs") in learned
        }
    )


def uncertain(document: dict[str, Any]) -> int:
    """Links the run could not fully judge: unknown, or with a facts gap."""
    return sum(
        1
        for row in rows_of(document).values()
        if row["link_status"] == "unknown" or (row["facts"] or {}).get("gaps")
    )


@pytest.mark.parametrize(("path", "scenario"), CASES)
def test_faults_give_unknown_never_a_false_verdict_and_a_rerun_completes(
    world: World,
    clean: dict[str, dict[str, Any]],
    tmp_path: Path,
    path: str,
    scenario: str,
) -> None:
    emu, cache = world.emu, tmp_path / "cache"
    emu.clear_requests()
    storm = emu.storm(SCENARIOS[scenario])
    planned = plan_one_of_each(emu, path) if scenario == "storm" else {}
    try:
        faulty = audit(world, path, cache, timeout=TIMEOUT)
    finally:
        emu.clear_faults()
        emu.restore_rate_limits()
    injected = {**storm.snapshot(), **planned}
    assert sum(injected.values()) > 0, "the storm never struck"
    if scenario == "storm":  # the seed and the plan make sure every kind of fault struck
        assert {"budget exhausted", *planned} <= injected.keys(), injected
        assert any(name.startswith("HTTP 50") for name in injected), injected
    assert departures(clean[path], faulty) == []
    assert unexplained(faulty) == []
    learned = cached_repositories(cache)

    emu.clear_requests()
    rerun = audit(world, path, cache)
    assert picture(rerun) == picture(clean[path])
    # what the faulty run learned is not re-asked: answers come from the cache, and dead links
    # the cache holds are only observed again over git
    assert rerun["requests"]["cached"] + reobserved_over_git(emu, learned) == len(learned)
    print(
        f"faults {path} / {scenario}: injected {injected}; "
        f"{uncertain(faulty)} of {len(rows_of(faulty))} links uncertain, "
        f"{len(learned)} repositories cached; rerun asked {len(emu.requests)} requests"
    )
