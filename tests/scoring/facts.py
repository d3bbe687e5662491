"""Literal facts for scoring tests: one well-kept repository, varied per case."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from typing import Any

from repro_audit.models import ArchiveFacts, ArchiveState, Existence, RepoFacts, RepoRef
from repro_audit.scoring import ScoringContext

UTC = timezone.utc
NOW = datetime(2025, 11, 1, 12, 0, tzinfo=UTC)
PAPER = date(2025, 10, 16)
REF = RepoRef("github.com", "lab", "paper-code")
ARCHIVED = ArchiveFacts(
    "https://github.com/lab/paper-code",
    ArchiveState.ARCHIVED,
    "https://archive.softwareheritage.org/browse/origin/directory/?snapshot=" + "e" * 40,
    "swh:1:snp:" + "e" * 40,
    datetime(2025, 10, 25, tzinfo=UTC),
)
"""Software Heritage's answer for the well-kept repository: a snapshot after the paper."""
CTX = ScoringContext(now=NOW, paper_date=PAPER, archive=ARCHIVED)

GOOD_README = """\
# paper-code

[![DOI](https://zenodo.org/badge/DOI/10.5281/zenodo.1234567.svg)](https://doi.org/10.5281/zenodo.1234567)

Official PyTorch implementation of *A Paper*, with the training and evaluation code and the
pretrained checkpoints used for every table of the paper. The repository reproduces the main
results on CIFAR-10 and ImageNet; each experiment has its own configuration file so the numbers
can be checked one by one. Questions and bug reports are welcome in the issue tracker, and pull
requests that add new datasets or backbones are welcome as well. The code was tested on Linux
with CUDA 12 and on a single GPU; training on ImageNet takes about two days on eight GPUs, the
CIFAR-10 experiments take an hour. Please open an issue if a number does not match the paper.

## Installation

```bash
git clone https://github.com/lab/paper-code.git
cd paper-code
pip install -r requirements.txt
```

## Training

```bash
python train.py --config configs/cifar10.yaml
```

## Evaluation

```bash
python eval.py --checkpoint checkpoints/best.pth
```

Pretrained weights are on [Hugging Face](https://huggingface.co/lab/paper-code).

## Results

| Dataset | Top-1 |
| --- | --- |
| CIFAR-10 | 93.1 |

## Citation

```bibtex
@inproceedings{lab2025paper,
  title = {A Paper},
  author = {Lab, A.},
  year = {2025}
}
```
"""

GOOD_PATHS = (
    "README.md",
    "LICENSE",
    "requirements.txt",
    "train.py",
    "eval.py",
    "configs/cifar10.yaml",
    "models/__init__.py",
    "models/net.py",
)

GOOD_REQUIREMENTS = "torch==2.1.0\ntorchvision==0.16.0\nnumpy==1.26.4\npyyaml==6.0.1\n"

GOOD = RepoFacts(
    ref=REF,
    existence=Existence.EXISTS,
    canonical="lab/paper-code",
    html_url="https://github.com/lab/paper-code",
    is_private=False,
    is_disabled=False,
    is_archived=False,
    is_fork=False,
    is_empty=False,
    stars=250,
    forks=12,
    has_license=True,
    license_spdx="MIT",
    license_name="MIT License",
    created_at=datetime(2024, 3, 1, tzinfo=UTC),
    pushed_at=datetime(2025, 10, 20, tzinfo=UTC),
    last_commit_at=datetime(2025, 10, 20, 8, 30, tzinfo=UTC),
    default_branch="main",
    root_files=(
        "README.md",
        "LICENSE",
        "requirements.txt",
        "train.py",
        "eval.py",
        "configs/",
        "models/",
    ),
    paths=GOOD_PATHS,
    paths_depth=None,
    readme_text=GOOD_README,
    file_texts=(("requirements.txt", GOOD_REQUIREMENTS),),
    commit_dates=tuple(
        datetime(2025, 10, 20, tzinfo=UTC) - timedelta(days=5 * i) for i in range(8)
    ),
    commit_count=8,
    via="graphql",
)


def facts(**changes: Any) -> RepoFacts:
    """GOOD with some fields replaced."""
    return replace(GOOD, **changes)


def listing(*paths: str, readme: str | None = "# x\n", **changes: Any) -> RepoFacts:
    """Facts for a repository holding exactly `paths` (a complete tree) and a README.md with
    that text; with `readme=None` a README is there only when `paths` names one (text unread)."""
    if readme is not None and "README.md" not in paths:
        paths = ("README.md", *paths)
    root = tuple(dict.fromkeys(p if "/" not in p else p.split("/")[0] + "/" for p in paths))
    return facts(root_files=root, paths=paths, paths_depth=None, readme_text=readme, **changes)


def ctx(paper_date: date | None = PAPER, now: datetime = NOW) -> ScoringContext:
    """A scoring context at the fixed test time."""
    return ScoringContext(now=now, paper_date=paper_date, archive=ARCHIVED)
