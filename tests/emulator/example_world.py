"""A world for the example digest: one emulated repository per GitHub repository it links.

The facts are invented but shaped like fresh paper code (dates around the papers' dates in
2025-09..10), with exactly one or two repositories for each way a link goes wrong. The digest
is parsed with a plain regex (not with repro_audit) so the world does not depend on the code
it is used to test.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import Enum
from pathlib import Path

from tests.emulator.emulator import GitHubEmulator
from tests.emulator.model import UTC, OwnerType, RepoSpec

DIGEST = Path(__file__).parents[2] / "examples/digest.md"


class Case(str, Enum):
    """How a linked repository looks on the emulated GitHub."""

    ALIVE = "alive"
    DELETED = "deleted"  # 404 everywhere
    RENAMED = "renamed"  # old name redirects to `_RENAMES[slug]`
    EMPTY = "empty"  # exists, no commit
    ARCHIVED = "archived"
    FORK = "fork"  # fork of `_FORK_PARENT`
    NO_LICENSE = "no_license"
    PLACEHOLDER = "placeholder"  # README only: "Code coming soon"
    BLOCKED = "blocked"  # 451 (DMCA)


class Profile(str, Enum):
    """Which files a repository holds."""

    TRAIN = "train"  # README with results + requirements.txt + train/eval scripts + configs
    PACKAGE = "package"  # pyproject + environment.yml + src/ package + CITATION.cff
    NOTEBOOK = "notebook"  # requirements.txt + a demo notebook
    MINIMAL = "minimal"  # README + one script, no dependency file
    BARE = "bare"  # decided by the case (empty, placeholder)


@dataclass(frozen=True, slots=True)
class _Plan:
    slug: str
    case: Case
    licence: str | None  # SPDX id; None: no LICENSE file
    stars: int
    profile: Profile
    commits: int
    last: int  # day of the newest commit, relative to the paper's date


ALIVE, DELETED, RENAMED, EMPTY = Case.ALIVE, Case.DELETED, Case.RENAMED, Case.EMPTY
ARCHIVED, FORK, NO_LICENSE = Case.ARCHIVED, Case.FORK, Case.NO_LICENSE
PLACEHOLDER, BLOCKED = Case.PLACEHOLDER, Case.BLOCKED
TRAIN, PACKAGE, NOTEBOOK = Profile.TRAIN, Profile.PACKAGE, Profile.NOTEBOOK
MINIMAL, BARE = Profile.MINIMAL, Profile.BARE
MIT, APACHE, GPL, BSD, CC_BY, OTHER = (
    "MIT", "Apache-2.0", "GPL-3.0", "BSD-3-Clause", "CC-BY-4.0", "NOASSERTION"
)  # fmt: skip

_MIAFEX = "Oscar-RamosS/Medical-Image-Attention-based-Feature-Extractor-MIAFEx"

# Every GitHub repository the example digest links, in digest order. `last` is the day of the
# newest commit relative to the paper's date; commits are four days apart before it.
# fmt: off
_ROWS: tuple[tuple[str, Case, str | None, int, Profile, int, int], ...] = (
    # slug                                       case         licence stars profile commits last
    ("brain-intelligence-lab/SPHeRe",            ALIVE,       MIT,     41, TRAIN,     6,   2),
    ("vineetkumarrakesh/lcnn-opt",               ALIVE,       APACHE,   3, MINIMAL,   2,  -1),
    ("shayangharib/GeoAdapt",                    ALIVE,       MIT,      7, TRAIN,     4,   0),
    ("altndrr/lmms-owc",                         FORK,        MIT,     12, PACKAGE,   3,   5),
    ("TianHuiLab/Falcon",                        ALIVE,       APACHE, 230, PACKAGE,  12,   9),
    ("mmunir127/LogViG-Official",                RENAMED,     MIT,     18, TRAIN,     5,   1),
    ("NK-JittorCV/Self-Supervised",              ALIVE,       APACHE, 512, PACKAGE,  30,  -3),
    ("zqhang/FairDD",                            ALIVE,       MIT,     25, TRAIN,     4,   3),
    ("basiralab/FireGNN",                        ALIVE,       GPL,      9, NOTEBOOK,  3,   0),
    ("ETH-PBL/TinyissimoYOLO",                   ARCHIVED,    APACHE,  88, TRAIN,    14, -40),
    ("milab-nsu/S3FN",                           ALIVE,       MIT,      4, MINIMAL,   2,   6),
    ("ZhouKanglei/MAGRPP",                       ALIVE,       MIT,     15, TRAIN,     5,   2),
    ("multimodallearning/MetaFormerMedImaging",  ALIVE,       APACHE,  21, PACKAGE,   7,  -2),
    ("HaoLiu-XDU/SSFin",                         PLACEHOLDER, None,     2, BARE,      1,  -5),
    ("YichuXu/MambaMoE",                         ALIVE,       MIT,     47, TRAIN,     8,   4),
    ("emaballarin/CARSO",                        ALIVE,       BSD,     11, PACKAGE,   9,   1),
    ("codeiscommitting/REQuant",                 BLOCKED,     MIT,      6, TRAIN,     3,   0),
    ("Atabuzzaman/Fine-grained-classification",  ALIVE,       MIT,      5, NOTEBOOK,  2,   7),
    ("cristianopatricio/CBVLM",                  ALIVE,       MIT,     19, TRAIN,     6,  -4),
    ("shqii1j/distillation_detection",           NO_LICENSE,  None,     8, TRAIN,     3,   2),
    ("sathiiii/microCLIP",                       ALIVE,       MIT,     33, TRAIN,     5,   1),
    ("mdppml/TEA",                               ALIVE,       GPL,      6, MINIMAL,   2,   0),
    ("SonyResearch/stella",                      ALIVE,       OTHER,   74, PACKAGE,  10,   3),
    ("perceivelab/ZeroDFL",                      ALIVE,       MIT,     10, TRAIN,     4,   8),
    ("phamleyennhi/CAVE",                        ALIVE,       CC_BY,   14, NOTEBOOK,  3,   5),
    (_MIAFEX,                                    ALIVE,       MIT,      3, NOTEBOOK,  2, -10),
    ("Bian-jh/HoP-TM",                           EMPTY,       None,     1, BARE,      0,   0),
    ("jungomi/vision-finetune",                  ALIVE,       MIT,     27, PACKAGE,   6,   2),
    ("Ashone3/LM-Searcher",                      ALIVE,       APACHE,  39, TRAIN,     7,   1),
    ("hugocarlesso/GeMix",                       ALIVE,       MIT,     12, TRAIN,     4,   4),
    ("killian31/SPCARobustness",                 ALIVE,       MIT,      2, MINIMAL,   3,   0),
    ("patrick-knab/MoTIF",                       ALIVE,       MIT,      9, TRAIN,     5,  11),
    ("YujiaoYang-work/UoE",                      ALIVE,       APACHE,   7, TRAIN,     3,   6),
    ("zanyarz/zodiac",                           ALIVE,       MIT,      5, NOTEBOOK,  2,   3),
    ("LQH89757/MICS",                            DELETED,     MIT,      0, TRAIN,     2,   1),
    ("XiudingCai/SIM-pytorch",                   ALIVE,       MIT,     16, TRAIN,     4,  -1),
    ("xiaojinying/SEVEN",                        ALIVE,       MIT,     22, TRAIN,     5,  20),
    ("EonHao/Holographic-Transformers",          ALIVE,       BSD,      4, MINIMAL,   2,   9),
    ("yyxl123/UltraUPConvNet",                   DELETED,     APACHE,   0, TRAIN,     1,   0),
    ("gonikisgo/bmvc2025-vlm-image-recognition", ALIVE,       MIT,      6, NOTEBOOK,  3,   2),
    ("zju3dv/EgoAgent",                          ALIVE,       APACHE, 156, PACKAGE,  11,  14),
    ("puskal-khadka/coswin",                     ALIVE,       MIT,      8, TRAIN,     4,   1),
    ("ToniChopp/SimCroP",                        ALIVE,       MIT,     13, TRAIN,     5,   3),
)
# fmt: on
_WORLD = tuple(_Plan(*row) for row in _ROWS)
_RENAMES = {"mmunir127/LogViG-Official": "mmunir127/LogViG"}
_FORK_PARENT = "EvolvingLMMs-Lab/lmms-eval"
_ORGANIZATIONS = {
    "brain-intelligence-lab", "TianHuiLab", "NK-JittorCV", "basiralab", "ETH-PBL", "milab-nsu",
    "multimodallearning", "SonyResearch", "perceivelab", "mdppml", "zju3dv", "EvolvingLMMs-Lab",
}  # fmt: skip
_STATUS = {Case.DELETED: "dead", Case.BLOCKED: "dead", Case.RENAMED: "moved"}


@dataclass(frozen=True, slots=True)
class ExampleWorld:
    """What the example world should look like to an auditor, per slug as the digest links it."""

    slugs: tuple[str, ...]  # digest order
    expected_status: dict[str, str]  # "alive" / "dead" / "moved"
    moved_to: dict[str, str]
    cases: dict[str, Case]
    paper_dates: dict[str, date]


_ROW_DATE = re.compile(r"^\|.*?\|\s*(\d{4}-\d{2}-\d{2})\s*\|")
_ROW_TITLE = re.compile(r"^\|\s*\*\*\[(.+?)\]\(")
_GITHUB = re.compile(r"github\.com/([\w.-]+)/([\w.-]+)")
_PAGES = re.compile(r"\[Code Link\]\(https?://([\w-]+)\.github\.io/([\w.-]+)")


def read_digest_links(path: Path = DIGEST) -> dict[str, tuple[date, str]]:
    """Every GitHub repository the digest names (code column, abstracts, github.io code links),
    in order of first mention, with the paper's date and title."""
    found: dict[str, tuple[date, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        when, title = _ROW_DATE.match(line), _ROW_TITLE.match(line)
        if when is None:
            continue
        pairs = _GITHUB.findall(line) + _PAGES.findall(line)
        for owner, name in pairs:
            name = name.rstrip(".")
            name = name[:-4] if name.endswith(".git") else name
            paper = (date.fromisoformat(when.group(1)), title.group(1) if title else "")
            found.setdefault(f"{owner}/{name}", paper)
    return found


def _readme(plan: _Plan, title: str) -> str:
    name = plan.slug.split("/")[1]
    if plan.case is Case.PLACEHOLDER:
        return f"# {name}\n\nCode coming soon.\n"
    text = f"# {name}\n\nOfficial implementation of *{title}*.\n"
    if plan.profile in (Profile.TRAIN, Profile.PACKAGE):
        text += (
            "\n## Installation\n\n```bash\npip install -r requirements.txt\n```\n"
            "\n## Training\n\n```bash\npython train.py --config configs/default.yaml\n```\n"
            "\n## Results\n\n| Dataset | Top-1 |\n| --- | --- |\n| CIFAR-10 | 93.1 |\n"
        )
    return text


def _files(plan: _Plan, title: str) -> dict[str, str]:
    files = {"README.md": _readme(plan, title)}
    module = re.sub(r"\W", "_", plan.slug.split("/")[1].lower())
    if plan.profile is Profile.TRAIN:
        files |= {
            "requirements.txt": "torch>=2.1\ntorchvision>=0.16\nnumpy\npyyaml\n",
            "train.py": "import yaml\n\n\ndef main() -> None:\n    print('training')\n",
            "eval.py": "def evaluate() -> float:\n    return 0.931\n",
            "configs/default.yaml": "epochs: 100\nlr: 0.001\nbatch_size: 128\n",
            "models/__init__.py": "",
            "models/net.py": "import torch\n\n\nclass Net(torch.nn.Module):\n    pass\n",
        }
    elif plan.profile is Profile.PACKAGE:
        files |= {
            "pyproject.toml": f'[project]\nname = "{module}"\nversion = "0.1.0"\n',
            "environment.yml": f"name: {module}\ndependencies:\n  - python=3.10\n  - pytorch\n",
            f"src/{module}/__init__.py": '__version__ = "0.1.0"\n',
            f"src/{module}/model.py": "import torch\n",
            "scripts/train.sh": f'#!/bin/sh\npython -m {module}.train "$@"\n',
            "CITATION.cff": f"cff-version: 1.2.0\ntitle: {title[:80]}\n",
        }
    elif plan.profile is Profile.NOTEBOOK:
        files |= {
            "requirements.txt": "torch\nmatplotlib\njupyter\n",
            "demo.ipynb": '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}\n',
            "utils.py": "def load(path: str) -> bytes:\n    return open(path, 'rb').read()\n",
        }
    elif plan.profile is Profile.MINIMAL:
        files["main.py"] = "if __name__ == '__main__':\n    print('run')\n"
    return files


def _spec(plan: _Plan, paper: date, title: str) -> RepoSpec:
    owner, name = plan.slug.split("/")
    noon = datetime.combine(paper, time(12), tzinfo=UTC)
    last = noon + timedelta(days=plan.last)
    dates = [last - timedelta(days=4 * (plan.commits - 1 - i)) for i in range(plan.commits)]
    return RepoSpec(
        owner=owner,
        name=name,
        files=_files(plan, title),
        commit_dates=dates or [last],
        empty=plan.case is Case.EMPTY,
        license_spdx=plan.licence,
        stars=plan.stars,
        forks=plan.stars // 6,
        archived=plan.case is Case.ARCHIVED,
        blocked=plan.case is Case.BLOCKED,
        fork_of=_FORK_PARENT if plan.case is Case.FORK else None,
        created_at=(dates[0] if dates else last) - timedelta(days=2),
        description=title[:120],
        owner_type=OwnerType.ORGANIZATION if owner in _ORGANIZATIONS else OwnerType.USER,
    )


def build_example_world(emu: GitHubEmulator, digest: Path = DIGEST) -> ExampleWorld:
    """Add every repository the example digest links to `emu`, and say what to expect."""
    papers = read_digest_links(digest)
    planned = {p.slug for p in _WORLD}
    if set(papers) != planned:
        raise ValueError(
            f"digest and world disagree: only in digest {sorted(set(papers) - planned)}, "
            f"only in world {sorted(planned - set(papers))}"
        )
    parent_owner, parent_name = _FORK_PARENT.split("/")
    emu.add_repo(
        RepoSpec(
            parent_owner,
            parent_name,
            files={"README.md": "# lmms-eval\n", "requirements.txt": "torch\n"},
            commit_dates=[datetime(2024, 3, 1, tzinfo=UTC), datetime(2025, 8, 20, tzinfo=UTC)],
            license_spdx="MIT",
            stars=2400,
            forks=300,
            owner_type=OwnerType.ORGANIZATION,
        )
    )
    plans = {p.slug: p for p in _WORLD}
    for slug, (paper, title) in papers.items():
        plan = plans[slug]
        emu.add_repo(_spec(plan, paper, title))
        if plan.case is Case.DELETED:
            emu.delete(slug)
        elif plan.case is Case.RENAMED:
            emu.rename(slug, _RENAMES[slug])
    slugs = tuple(papers)
    return ExampleWorld(
        slugs=slugs,
        expected_status={s: _STATUS.get(plans[s].case, "alive") for s in slugs},
        moved_to=dict(_RENAMES),
        cases={s: plans[s].case for s in slugs},
        paper_dates={s: papers[s][0] for s in slugs},
    )
