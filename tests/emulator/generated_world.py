"""Worlds made up for comparing the paths: odd shapes real repositories have, and a seeded mix.

`add_odd_world` adds one repository per shape that has made the token and no-token paths disagree
(trees deeper than GraphQL nests, trees past the recursive-tree limit, README names other than
README.md, submodules, LFS pointers, empty repositories, renames); `add_random_world` adds a
seeded mix of those shapes and ordinary research layouts. The shapes follow listings seen in
public research repositories; every file's text is ours.
"""

from __future__ import annotations

import random
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

from tests.emulator.emulator import GitHubEmulator
from tests.emulator.model import UTC, RepoSpec

HUGE_ENTRIES = 400
"""Entries in the `huge` repository: more than the world's recursive-tree limit is set to."""
TREE_LIMIT = 300
"""The recursive-tree limit odd worlds run with (GitHub's is 100,000): `huge` passes it."""

_LFS = (
    "version https://git-lfs.github.com/spec/v1\n"
    "oid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\n"
    "size 104857600\n"
)
_README = "# {name}\n\n## Installation\n\n```bash\npip install -r requirements.txt\n```\n"
_DATES = (datetime(2025, 8, 1, 12, tzinfo=UTC), datetime(2025, 9, 15, 12, tzinfo=UTC))


def _deep() -> dict[str, str]:
    return {
        "README.md": _README.format(name="deep")
        + "\nRun `python experiments/x/tools/train_x.py`\n",
        "experiments/x/tools/evaluate_x.py": "print('eval')\n",
        "experiments/x/tools/train_x.py": "print('train')\n",
        "experiments/x/configs/base/model.yaml": "depth: 4\n",
        "envs/docker/gpu/cuda12/requirements.txt": "torch==2.3.1\n",
    }


def _huge() -> dict[str, str]:
    files = {"README.md": _README.format(name="huge"), "pyproject.toml": "[project]\nname='m'\n"}
    for index in range(HUGE_ENTRIES):
        files[f"packages/p{index % 20}/src/mod/sub/f{index}.py"] = f"x = {index}\n"
    files["packages/p7/src/mod/sub/tools/train_all.py"] = "print('train')\n"
    return files


ODD_SPECS: tuple[RepoSpec, ...] = (
    RepoSpec("odd", "deep", files=_deep(), commit_dates=_DATES, license_spdx="MIT"),
    RepoSpec("odd", "huge", files=_huge(), commit_dates=_DATES, license_spdx="Apache-2.0"),
    RepoSpec("odd", "rst-readme", files={"README.rst": "Title\n=====\n\nUsage\n-----\n",
                                         "setup.py": "from setuptools import setup\n",
                                         "train.py": "print()\n"}),
    RepoSpec("odd", "lower-readme", files={"readme.markdown": "# lower\n\nSee train.py\n",
                                           "train.py": "print()\n",
                                           "docs/requirements.txt": "sphinx==7.2\n"}),
    RepoSpec("odd", "txt-readme", files={"Readme.txt": "plain text readme\n", "main.m": "x=1;\n"}),
    RepoSpec("odd", "lfs", files={".gitattributes": "*.pt filter=lfs diff=lfs merge=lfs -text\n",
                                  "README.md": "# lfs\n\nWeights in checkpoints/.\n",
                                  "checkpoints/model.pt": _LFS, "requirements.txt": "torch\n",
                                  "eval.py": "print()\n"}),
    RepoSpec("odd", "submodule", files={"README.md": "# sub\n", "train.py": "print()\n",
                                        "requirements.txt": "numpy==1.26.4\n"}),
    RepoSpec("odd", "empty", empty=True),
    RepoSpec("odd", "old-name", files={"README.md": "# moved\n", "eval.py": "print()\n"},
             license_spdx="BSD-3-Clause"),
    RepoSpec("odd", "long-history", files={"README.md": "# long\n", "train.py": "x\n"},
             commit_dates=tuple(_DATES[0] + timedelta(days=i) for i in range(105))),
)  # fmt: skip


def _git(repo: Path, *args: str, data: bytes | None = None) -> str:
    done = subprocess.run(
        ["git", *args], cwd=repo, input=data, capture_output=True, check=True, env=_GIT_ENV
    )
    return done.stdout.decode().strip()


_GIT_ENV = {
    "GIT_AUTHOR_NAME": "Lab",
    "GIT_AUTHOR_EMAIL": "lab@example.org",
    "GIT_COMMITTER_NAME": "Lab",
    "GIT_COMMITTER_EMAIL": "lab@example.org",
    "GIT_AUTHOR_DATE": "1759320000 +0000",
    "GIT_COMMITTER_DATE": "1759320000 +0000",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": "/dev/null",
    "HOME": "/dev/null",
    "PATH": "/usr/bin:/bin:/usr/local/bin",
}


def add_submodule(emu: GitHubEmulator, full_name: str, path: str, url: str) -> None:
    """Give `full_name` a commit adding a submodule at `path` (a gitlink and .gitmodules), as
    `git submodule add` would (at the root: `path` holds no "/"); the API faces see it too."""
    repo = emu.git_dir(full_name)
    head = _git(repo, "rev-parse", "HEAD")
    listing = _git(repo, "ls-tree", "HEAD")
    modules = f'[submodule "{path}"]\n\tpath = {path}\n\turl = {url}\n'
    blob = _git(repo, "hash-object", "-w", "--stdin", data=modules.encode())
    rows = [
        *listing.splitlines(),
        f"100644 blob {blob}\t.gitmodules",
        f"160000 commit {head}\t{path}",
    ]
    tree = _git(repo, "mktree", data=("\n".join(rows) + "\n").encode())
    commit = _git(repo, "commit-tree", tree, "-p", head, "-m", "add submodule")
    _git(repo, "update-ref", "refs/heads/main", commit)
    emu.reread(full_name)


def add_odd_world(emu: GitHubEmulator) -> tuple[str, ...]:
    """Add ODD_SPECS (and their twists) to `emu`; the slugs a digest would link, in order."""
    for spec in ODD_SPECS:
        emu.add_repo(spec)
    add_submodule(emu, "odd/submodule", "extern", "https://github.com/odd/lib.git")
    emu.rename("odd/old-name", "odd-lab/new-name")
    emu.tree_entry_limit = TREE_LIMIT
    return tuple(spec.full_name for spec in ODD_SPECS)


_LAYOUTS: tuple[dict[str, str], ...] = (
    {"README.md": "# a\n\n## Usage\n\n```\npython train.py\n```\n", "train.py": "x\n",
     "requirements.txt": "torch==2.1.0\nnumpy>=1.24\n", "eval.py": "x\n"},
    {"README.md": "# b\n", "src/b/model.py": "import torch\n", "pyproject.toml": "[project]\n",
     "scripts/train.sh": "python -m b.train\n", "CITATION.cff": "cff-version: 1.2.0\n"},
    {"README.md": "Code coming soon.\n"},
    {"README.md": "# d\n", "notebooks/demo.ipynb": "{}\n", "environment.yml": "name: d\n"},
    {"README.md": "# e\n", "a/b/c/d/train.py": "x\n", "a/b/c/d/e/evaluate.py": "x\n",
     "a/requirements.txt": "jax==0.4.30\n"},
    {"README.rst": "E\n=\n", "setup.py": "x\n", "tools/test_net.py": "x\n"},
    {"main.m": "x\n"},
)  # fmt: skip


def add_random_world(emu: GitHubEmulator, seed: int, count: int) -> tuple[str, ...]:
    """`count` repositories drawn from ordinary layouts and the odd shapes (no submodule, which
    needs a hand-made commit); the slugs in order. Same seed, same world."""
    chance = random.Random(seed)
    slugs = []
    for number in range(count):
        name = f"r{number:03d}"
        roll = chance.random()
        if roll < 0.05:
            spec = RepoSpec("rand", name, empty=True)
        else:
            files = dict(chance.choice(_LAYOUTS))
            if roll < 0.25:  # deeper than GraphQL nests
                files[f"deep/er/than/three/{name}_train.py"] = "x\n"
            if roll > 0.95:  # an LFS pointer among the weights
                files["weights/model.pt"] = _LFS
            licence = chance.choice((None, "MIT", "Apache-2.0", "GPL-3.0", "CC-BY-4.0"))
            days = chance.randint(1, 6)
            dates = tuple(_DATES[0] + timedelta(days=7 * i) for i in range(days))
            spec = RepoSpec("rand", name, files=files, commit_dates=dates, license_spdx=licence,
                            stars=chance.randint(0, 300))  # fmt: skip
        emu.add_repo(spec)
        slugs.append(spec.full_name)
        if 0.70 < roll < 0.73 and not spec.empty:
            emu.rename(spec.full_name, f"rand-moved/{name}")
    return tuple(slugs)
