"""Which repository files a README's commands need, and which commands are left alone."""

from __future__ import annotations

import pytest

from repro_audit.scoring.commands import references
from repro_audit.scoring.readme import read_readme
from repro_audit.scoring.tree import Tree, tree_of
from tests.scoring.facts import listing

MAKEFILES = ("Makefile", "makefile", "GNUmakefile")
TREE_PATHS = (
    "README.md",
    "train.py",
    "setup.py",
    "scripts/run.sh",
    "mypkg/__init__.py",
    "mypkg/cli.py",
    "src/other/__main__.py",
    "configs/a.yaml",
    "sub/requirements.txt",
)


def _tree() -> Tree:
    tree = tree_of(listing(*TREE_PATHS))
    assert tree is not None
    return tree


def _needed(block: str, info: str = "bash") -> list[tuple[str, ...]]:
    readme = read_readme(f"# X\n\n```{info}\n{block}\n```\n")
    return [r.paths for r in references(readme, _tree(), ["paper-code"])]


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        ("python train.py", [("train.py",)]),
        ("python3 -u train.py --epochs 3", [("train.py",)]),
        ("$ python train.py", [("train.py",)]),  # prompts are dropped
        ("(venv) $ python train.py", [("train.py",)]),
        ("CUDA_VISIBLE_DEVICES=0,1 nohup python train.py &", [("train.py",)]),
        ("python -W ignore train.py", [("train.py",)]),
        ("bash scripts/run.sh 8", [("scripts/run.sh",)]),
        ("sh ./scripts/run.sh", [("scripts/run.sh",)]),
        ("./scripts/run.sh", [("scripts/run.sh",)]),
        (
            "torchrun --nproc_per_node 8 train.py --config configs/a.yaml",
            [("train.py",), ("configs/a.yaml",)],
        ),
        ("python -m torch.distributed.launch --nproc_per_node=2 train.py", [("train.py",)]),
        ("accelerate launch train.py", [("train.py",)]),
        ("python train.py --config=configs/b.yaml", [("train.py",), ("configs/b.yaml",)]),
        ("pip install -r requirements.txt", [("requirements.txt",)]),
        ("python -m pip install -r sub/requirements.txt", [("sub/requirements.txt",)]),
        ("pip install -e .", [("setup.py", "pyproject.toml", "setup.cfg")]),
        ("conda env create -f environment.yml", [("environment.yml",)]),
        ("conda env create", [("environment.yml", "environment.yaml")]),
        ("mamba env update --file=env/dev.yml", [("env/dev.yml",)]),
        (
            "python -m mypkg.cli",
            [("mypkg/cli.py", "mypkg/cli/__main__.py", "mypkg/cli/__init__.py")],
        ),
        ("python -m other", [("src/other/__main__.py",)]),  # a src/ layout
        ("python train.py \\\n  --config configs/c.yaml", [("train.py",), ("configs/c.yaml",)]),
        ("python train.py && bash scripts/run.sh", [("train.py",), ("scripts/run.sh",)]),
        ("Rscript analysis/fit.R", [("analysis/fit.R",)]),
        # make reads a Makefile: the folder's own, -C's or -f's
        ("make all", [("Makefile", "makefile", "GNUmakefile")]),
        ("make -C scripts figures", [tuple(f"scripts/{n}" for n in MAKEFILES)]),
        ("make -f build.mk train", [("build.mk",)]),
        ("cd scripts && make", [tuple(f"scripts/{n}" for n in MAKEFILES)]),
        # following `cd` into folders of the repository
        ("cd scripts\nbash run.sh", [("scripts/run.sh",)]),
        ("cd scripts && cd .. && python train.py", [("train.py",)]),
        (
            "git clone https://github.com/lab/paper-code.git\ncd paper-code\npython train.py",
            [("train.py",)],
        ),
        (
            "git clone https://github.com/lab/paper-code.git pc\ncd pc\npython train.py",
            [("train.py",)],
        ),
    ],
)
def test_commands_name_repository_files(block: str, expected: list[tuple[str, ...]]) -> None:
    assert _needed(block) == expected


@pytest.mark.parametrize(
    "block",
    [
        "python -m pip install torch",  # an installed module
        "python -m venv .venv",
        "python -c 'import torch'",
        "python $SCRIPT",
        "python path/to/your_script.py",
        "python /opt/tool/run.py",
        "python <script>.py",
        "bash ~/setup.sh",
        "python ../other/train.py",  # outside the repository
        "cd /tmp && python train.py",  # the working folder is unknown from here on
        "git clone https://github.com/other/dep.git\ncd dep\npython setup.py install",
        "wget https://x.org/get.sh\nbash get.sh",  # downloaded first
        "gdown 1abc -O ckpt.py\npython ckpt.py",
        "pip install torch==2.1",
        "echo hello",
    ],
)
def test_commands_that_name_no_repository_file(block: str) -> None:
    assert _needed(block) == []


@pytest.mark.parametrize("info", ["python", "yaml", "bibtex", "json"])
def test_only_shell_blocks_are_read(info: str) -> None:
    assert _needed("python train.py", info) == []


def test_inline_code_and_line_numbers() -> None:
    text = "# X\n\nRun `python train.py` and then `bash scripts/run.sh`.\n"
    found = references(read_readme(text), _tree(), ["paper-code"])
    assert [(r.label, r.line) for r in found] == [("train.py", 3), ("scripts/run.sh", 3)]


def test_each_reference_once_with_its_first_command() -> None:
    text = "```\npython train.py --a 1\n```\n\n```\npython train.py --a 2\n```\n"
    found = references(read_readme(text), _tree(), ["paper-code"])
    assert [(r.command, r.line) for r in found] == [("python train.py --a 1", 2)]


def test_package_reference_has_a_readable_label() -> None:
    found = references(read_readme("```\npip install -e .\n```\n"), _tree(), ["x"])
    assert found[0].label == "a Python package in . (setup.py or pyproject.toml)"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a `cd` in an earlier block: later root-relative commands may be meant from there
        (
            "```\ncd scripts\n```\n\n```\nbash run.sh\n```\n",
            [("run.sh", "scripts/run.sh")],
        ),
        ("`cd scripts` then `bash run.sh`", [("run.sh", "scripts/run.sh")]),
        # a `cd` inside the block itself is followed exactly, with no second place
        ("```\ncd scripts\n```\n\n```\ncd mypkg\npython cli.py\n```\n", [("mypkg/cli.py",)]),
        # without an earlier `cd`, only the root
        ("```\nbash run.sh\n```\n", [("run.sh",)]),
    ],
)
def test_earlier_blocks_cd_is_a_second_place_to_look(
    text: str, expected: list[tuple[str, ...]]
) -> None:
    assert [r.paths for r in references(read_readme(text), _tree(), ["x"])] == expected
