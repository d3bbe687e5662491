"""README substance, citation information and README/tree consistency."""

from __future__ import annotations

import pytest

from repro_audit.models import RepoFacts, Verdict
from repro_audit.scoring import ScoringContext, Thresholds
from repro_audit.scoring.documentation import citation, consistency, readme
from tests.scoring.facts import CTX, NOW, PAPER, facts, listing

PROSE = "This repository holds the code of the paper. " * 15
FULL = f"# X\n\n{PROSE}\n\n## Installation\n\n```\npip install x\n```\n\n## Usage\n\nRun it.\n"


@pytest.mark.parametrize(
    ("repo", "verdict", "fraction", "snippet"),
    [
        (facts(), Verdict.PASS, 1.0, "install and usage sections, 4 code blocks"),
        (listing("a.py", readme=FULL), Verdict.PASS, 1.0, "README.md:"),
        (listing("a.py", readme="# X\n"), Verdict.PARTIAL, 0.2, "lacks enough prose (1 of 500"),
        (
            listing("a.py", readme=f"# X\n\n{PROSE}\n"),
            Verdict.PARTIAL,
            0.4,
            "lacks an install section, a usage section, code blocks",
        ),
        (
            listing(
                "a.py", readme=f"{PROSE}\n\nSetup\n=====\n\nHow to run\n----------\n\n::\n\n  x\n"
            ),
            Verdict.PASS,
            1.0,
            "install and usage",  # reStructuredText headings and literal blocks count
        ),
        (
            listing("a.py", readme=f"<h2>Quick Start</h2>\n\n{PROSE}\n\n**Requirements**\n"),
            Verdict.PARTIAL,
            0.8,
            "lacks code blocks",
        ),
        (listing("a.py", readme=None), Verdict.FAIL, 0.0, "no README at the repository root"),
        (
            listing("README.md", "a.py", readme=None, gaps=("README text: 502",)),
            Verdict.UNKNOWN,
            0.0,
            "README.md present; its text was not read: README text: 502",
        ),
        (facts(paths=None, root_files=None, gaps=("tree: 502",)), Verdict.UNKNOWN, 0.0, "502"),
    ],
)
def test_readme(repo: RepoFacts, verdict: Verdict, fraction: float, snippet: str) -> None:
    outcome = readme(repo, CTX)
    assert outcome.verdict is verdict, outcome.reason
    assert outcome.fraction == pytest.approx(fraction)
    assert snippet in outcome.reason


def test_readme_names_what_to_add() -> None:
    outcome = readme(listing("a.py", readme="# X\n"), CTX)
    assert outcome.fix == (
        "Add to README.md: enough prose (1 of 500 characters), an install section, "
        "a usage section, code blocks"
    )


def test_readme_length_counts_cjk_three_times() -> None:
    chinese = "本仓库提供论文的训练与评估代码。" * 12  # 192 characters
    text = f"# 项目\n\n{chinese}\n\n## 安装\n\n```\npip install x\n```\n\n## 使用\n"
    assert readme(listing("a.py", readme=text), CTX).verdict is Verdict.PASS
    strict = ScoringContext(NOW, PAPER, Thresholds(readme_min_chars=2000))
    assert readme(listing("a.py", readme=text), strict).verdict is Verdict.PARTIAL


BIB = "\n```bibtex\n@article{x2025,\n  title={X},\n  author={Y}\n}\n```\n"


@pytest.mark.parametrize(
    ("repo", "verdict", "snippet"),
    [
        (facts(), Verdict.PASS, "BibTeX entry in the README (line 44)"),
        (listing("CITATION.cff", "a.py"), Verdict.PASS, "citation file CITATION.cff"),
        (listing(".zenodo.json", "a.py"), Verdict.PASS, ".zenodo.json"),
        (listing("a.py", readme="# X\n" + BIB), Verdict.PASS, "BibTeX entry"),
        (listing("a.py", readme="# X\n\n```bibtex\n\n```\n"), Verdict.FAIL, "is empty"),
        (listing("a.py", readme="# X\n\n@article{todo,\n}\n"), Verdict.FAIL, "is empty"),
        (listing("a.py", readme="# X\n"), Verdict.FAIL, "no CITATION.cff and no BibTeX"),
        (listing("a.py", readme=None), Verdict.FAIL, "no README"),
        (listing("README.md", "a.py", readme=None), Verdict.UNKNOWN, "README not read"),
        (facts(paths=None, root_files=None), Verdict.PASS, "BibTeX"),  # the text is enough
        (facts(paths=None, root_files=None, readme_text="# X\n"), Verdict.UNKNOWN, "unknown"),
    ],
)
def test_citation(repo: RepoFacts, verdict: Verdict, snippet: str) -> None:
    outcome = citation(repo, CTX)
    assert outcome.verdict is verdict, outcome.reason
    assert snippet in outcome.reason


def _run(*commands: str) -> str:
    return "# X\n\n```bash\n" + "\n".join(commands) + "\n```\n"


@pytest.mark.parametrize(
    ("repo", "verdict", "snippet"),
    [
        (facts(), Verdict.PASS, "all 4 files the README runs exist"),
        (
            listing("a.py", readme=_run("python train.py", "bash scripts/x.sh")),
            Verdict.FAIL,
            "2 of 2 files the README runs are missing: train.py, scripts/x.sh",
        ),
        (
            listing("a.py", readme=_run("python a.py", "python b.py")),
            Verdict.PARTIAL,
            "1 of 2 files the README runs is missing: b.py",
        ),
        (
            listing("Train.py", readme=_run("python train.py")),
            Verdict.FAIL,
            "missing: train.py",
        ),
        (listing("a.py", readme="# X\n\nNo commands.\n"), Verdict.FAIL, "names no"),
        (listing("a.py", readme=None), Verdict.FAIL, "no README"),
        (listing("README.md", "a.py", readme=None), Verdict.UNKNOWN, "README not read"),
        (facts(paths=None, root_files=None, gaps=("tree: 502",)), Verdict.UNKNOWN, "502"),
        # a listing cut at 3 levels: deeper references are unknown, never broken
        (
            facts(
                paths=("README.md", "a/b/c.py"),
                paths_depth=3,
                root_files=("README.md", "a/"),
                readme_text=_run("python a/b/c/d/e.py"),
            ),
            Verdict.UNKNOWN,
            "lie deeper than the top 3 folder levels",
        ),
        (
            facts(
                paths=("README.md", "a/b/c.py"),
                paths_depth=3,
                root_files=("README.md", "a/"),
                readme_text=_run("python a/b/c.py", "python a/b/c/d/e.py", "python z/y/x/w.py"),
            ),
            Verdict.PARTIAL,  # z/ is not a root folder, so z/y/x/w.py is known to be missing
            "is missing: z/y/x/w.py; 1 reference deeper than the top 3 folder levels not checked",
        ),
    ],
)
def test_consistency(repo: RepoFacts, verdict: Verdict, snippet: str) -> None:
    outcome = consistency(repo, CTX)
    assert outcome.verdict is verdict, outcome.reason
    assert snippet in outcome.reason


def test_broken_instruction_evidence_points_at_the_line_and_a_case_twin() -> None:
    outcome = consistency(listing("Train.py", readme=_run("python train.py --lr 1")), CTX)
    assert outcome.evidence == (
        "README L4: `python train.py --lr 1` needs train.py (there is Train.py)",
    )
    assert outcome.fix == "Fix the README commands or add the missing files: train.py"
