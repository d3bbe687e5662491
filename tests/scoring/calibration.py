"""Calibration fixtures: repositories as they really come up in paper digests, with the verdicts
a careful curator would give them. Each is a RepoFacts literal, so the whole rubric is checked
from data alone."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from repro_audit.models import Existence, RepoFacts, Verdict
from tests.scoring.facts import GOOD_README, UTC, facts, listing

P, H, F = Verdict.PASS, Verdict.PARTIAL, Verdict.FAIL
U, NA = Verdict.UNKNOWN, Verdict.NOT_APPLICABLE


@dataclass(frozen=True)
class Case:
    """A fixture, the verdict expected per criterion id, and reason snippets that must appear."""

    name: str
    facts: RepoFacts
    verdicts: dict[str, Verdict]
    reasons: dict[str, str] = field(default_factory=dict)
    grade: str | None = None  # expected grade; None when the score must be None


_PLACEHOLDER_README = (
    "# SSFin\n\nOfficial PyTorch implementation of our paper.\n\n"
    "The code will be released upon acceptance. Stay tuned!\n"
)
_CHINESE_README = """\
# 图像分类

本仓库是论文的官方 PyTorch 实现。训练代码已经发布\uff0c预训练模型即将发布\uff0c敬请期待。

## 安装

```bash
pip install -r requirements.txt
```

## 使用方法

```bash
python train.py
```
"""
_BROKEN_README = (
    GOOD_README + "\n## More\n\n```bash\nbash scripts/eval.sh\n"
    "python tools/export.py --config configs/x.yaml\n```\n"
)
_MONOREPO_PATHS = (
    "README.md",
    "LICENSE",
    "pyproject.toml",
    "uv.lock",
    *(f"tools/train_{i}.py" for i in range(3)),
    *(f"projects/p{i}/part{k}.py" for i in range(40) for k in range(500)),
)
_MONOREPO_README = (
    "# Big lab monorepo\n\nPyTorch code of many papers.\n\n```bash\n"
    "python tools/train_0.py\npython projects/p1/module2/deep/er/run.py\n```\n"
)

CASES: tuple[Case, ...] = (
    Case(
        "healthy",
        facts(),
        {c: P for c in ("availability", "placeholder", "licence", "environment", "pinning")}
        | {c: P for c in ("training", "evaluation", "pretrained", "results", "readme")}
        | {c: P for c in ("citation", "freshness", "community", "consistency")},
        grade="A",
    ),
    Case(
        "placeholder",
        listing(
            "README.md",
            "assets/teaser.png",
            readme=_PLACEHOLDER_README,
            has_license=False,
            license_spdx=None,
            stars=2,
            forks=0,
            created_at=datetime(2025, 10, 10, tzinfo=UTC),
            file_texts=(),
        ),
        {
            "availability": P,
            "placeholder": F,
            "licence": F,
            "environment": F,
            "pinning": NA,
            "training": F,
            "evaluation": F,
            "pretrained": F,
            "results": F,
            "readme": H,
            "citation": F,
            "freshness": P,
            "community": NA,
            "consistency": F,
        },
        {"placeholder": "16 days after the paper", "licence": "all rights reserved"},
        grade="F",
    ),
    Case(
        "readme-only",
        listing("README.md", readme="# Paper\n\nA short note about the method.\n", file_texts=()),
        {"placeholder": F, "environment": F, "training": F, "results": F, "consistency": F},
        {"placeholder": "placeholder: no code files"},
        grade="F",
    ),
    Case(
        "no-licence",
        listing(
            *(p for p in facts().paths or () if p != "LICENSE"),
            readme=GOOD_README,
            has_license=False,
            license_spdx=None,
            license_name=None,
        ),
        {"licence": F, "placeholder": P},
        {"licence": "no licence: all rights reserved"},
    ),
    Case(
        "licence-in-readme",
        listing(
            *(p for p in facts().paths or () if p != "LICENSE"),
            readme=GOOD_README + "\n## License\n\nThis code is licensed under the MIT License.\n",
            has_license=False,
            license_spdx=None,
        ),
        {"licence": H},
        {"licence": "only mentioned in the README"},
    ),
    Case(
        "non-commercial",
        facts(license_spdx="CC-BY-NC-4.0", license_name="Creative Commons NC"),
        {"licence": H},
        {"licence": "not OSI/FSF approved"},
    ),
    Case(
        "archived-old",
        facts(
            is_archived=True,
            last_commit_at=datetime(2019, 5, 1, tzinfo=UTC),
            commit_dates=(datetime(2019, 5, 1, tzinfo=UTC),),
            commit_count=40,
        ),
        {"freshness": F, "availability": P},
        {"freshness": "archived"},
    ),
    Case(
        "notebook-only",
        listing("README.md", "demo.ipynb", readme="# Demo\n\nA PyTorch notebook.\n", file_texts=()),
        {"placeholder": P, "environment": F, "pinning": NA, "training": F, "evaluation": F},
    ),
    Case(
        "huge-monorepo",
        facts(
            root_files=("README.md", "LICENSE", "pyproject.toml", "uv.lock", "tools/", "projects/"),
            paths=_MONOREPO_PATHS,
            paths_depth=3,
            readme_text=_MONOREPO_README,
        ),
        {"placeholder": P, "environment": P, "pinning": P, "training": P, "consistency": P},
        {"consistency": "deeper than the top 3 folder levels"},
    ),
    Case(
        "non-english-readme",
        facts(readme_text=_CHINESE_README),
        {"placeholder": H, "readme": H, "results": H},
        {"placeholder": "即将发布", "readme": "lacks enough prose"},
    ),
    Case(
        "broken-instructions",
        facts(readme_text=_BROKEN_README),
        {"consistency": H},
        {"consistency": "3 of 7 files the README runs are missing"},
    ),
    Case(
        "texts-not-fetched",
        facts(readme_text=None, file_texts=None, gaps=("README text: rate limited",)),
        {
            "placeholder": P,
            "licence": P,
            "pinning": U,
            "training": P,
            "pretrained": U,
            "results": U,
            "readme": U,
            "citation": U,
            "consistency": U,
        },
        {"readme": "rate limited"},
    ),
    Case(
        "root-listing-only",
        facts(paths=None, paths_depth=None),
        {"placeholder": P, "training": P, "consistency": P},
        {"consistency": "deeper than the root listing"},
    ),
    Case(
        "rate-limited",
        facts(existence=Existence.UNKNOWN, reason="rate limited (primary limit)"),
        {"availability": U, "placeholder": U, "licence": U, "community": U},
        {"licence": "rate limited"},
        grade=None,
    ),
    Case(
        "dead",
        facts(existence=Existence.MISSING, reason="not found on GitHub (404)"),
        {"availability": F, "placeholder": NA, "consistency": NA},
        grade="F",
    ),
    Case(
        "non-ml-tool",
        listing(
            "README.md",
            "LICENSE",
            "package.json",
            "src/index.js",
            readme="# Bib tool\n\nFormats bibliographies for the paper.\n",
            file_texts=(("package.json", '{"dependencies": {"citeproc": "2.4.0"}}'),),
        ),
        {"training": NA, "evaluation": NA, "pretrained": NA, "results": NA, "placeholder": P},
    ),
)
