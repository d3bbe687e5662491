"""Shapes seen on real research repositories that the rubric used to misread (issue 19): entry
scripts, commands outside fenced blocks, false consistency alarms, dependency files by other
names, placeholders in other words, code only as an archive, and ML code without train.py.

Each row is a small hand-made repository (a complete listing and a README) with the verdict one
criterion must reach and a snippet its reason must hold.
"""

from __future__ import annotations

import pytest

from repro_audit.models import RepoFacts, Verdict
from repro_audit.scoring import score_repository
from repro_audit.scoring.completeness import ml_signal
from repro_audit.scoring.filenames import dependency_files, dependency_paths
from repro_audit.scoring.pins import count_pins
from tests.scoring.facts import CTX, listing

P, H, F, NA = Verdict.PASS, Verdict.PARTIAL, Verdict.FAIL, Verdict.NOT_APPLICABLE
ML = "# X\n\nA PyTorch model for CIFAR-10.\n"


def _verdict(repo: RepoFacts, criterion: str) -> tuple[Verdict, str]:
    found = next(f for f in score_repository(repo, CTX).findings if f.criterion == criterion)
    return found.verdict, found.reason


CASES: list[tuple[str, RepoFacts, str, Verdict, str]] = [
    # entry scripts: what the README runs first, then names made for running; half credit, as
    # a bare entry script went with reproduction much less often than a named training script
    (
        "readme-runs-main",
        listing(
            "main.py", "models/net.py", readme=ML + "\n```\npython main.py --mode train\n```\n"
        ),
        "training",
        H,
        "entry script main.py (the README runs",
    ),
    (
        "main-name",
        listing("main_cifar.py", "lib/x.py", readme=ML),
        "evaluation",
        H,
        "main_cifar.py",
    ),
    ("run-py", listing("run.py", readme=ML), "training", H, "named for running"),
    ("run-experiments-sh", listing("run_experiments.sh", "a.py", readme=ML), "training", H, "run_"),
    ("experiments-py", listing("src/experiments.py", readme=ML), "evaluation", H, "experiments.py"),
    ("examples-py", listing("examples.py", readme=ML), "training", H, "examples.py"),
    ("learn-py", listing("learn.py", readme=ML), "training", H, "learn.py"),
    ("figure-notebook", listing("Figure_3.ipynb", readme=ML), "evaluation", H, "Figure_3.ipynb"),
    (
        "makefile-target",
        listing("Makefile", "src/model.py", readme=ML + "\n```\nmake train\n```\n"),
        "training",
        H,
        "Makefile",
    ),
    ("tests-are-no-entry", listing("tests/run.py", "lib.py", readme=ML), "training", F, "no "),
    (
        "train-py-is-no-evaluation",
        listing("train.py", readme=ML + "\n```\npython train.py\n```\n"),
        "evaluation",
        F,
        "no evaluation code",
    ),
    # commands in inline code, indented blocks and make
    (
        "inline-command",
        listing("main.py", readme=ML + "\n- train: `python main.py --epochs 3`\n"),
        "results",
        H,
        "commands but no results table",
    ),
    (
        "indented-block",
        listing("main.py", readme=ML + "\nRun:\n\n    python main.py --x 1\n"),
        "results",
        H,
        "commands but no results table",
    ),
    (
        "indented-block-missing-file",
        listing("main.py", readme=ML + "\nRun:\n\n    python other.py\n"),
        "consistency",
        F,
        "other.py",
    ),
    (
        "make-without-makefile",
        listing("a.py", readme=ML + "\n```\nmake figures\n```\n"),
        "consistency",
        F,
        "Makefile",
    ),
    # consistency false alarms
    (
        "cd-in-earlier-block",
        listing("code/main.py", readme=ML + "\n```\ncd code\n```\n\n```\npython main.py\n```\n"),
        "consistency",
        P,
        "exist",
    ),
    (
        "experiment-folders",
        listing(
            "exp_mnist/main.py",
            "exp_cifar/main.py",
            readme=ML + "\nGo to exp_mnist or exp_cifar, then\n\n```\npython main.py\n```\n",
        ),
        "consistency",
        P,
        "main.py",
    ),
    (
        "folder-not-named-still-missing",
        listing("exp_mnist/main.py", readme=ML + "\n```\npython main.py\n```\n"),
        "consistency",
        F,
        "main.py",
    ),
    # dependency files by other names
    ("conda-reqs", listing("conda_reqs.txt", "a.py", readme=ML), "environment", P, "conda_reqs"),
    ("pip-reqs", listing("pip_reqs.txt", "a.py", readme=ML), "environment", P, "pip_reqs.txt"),
    ("reqs", listing("reqs.txt", "a.py", readme=ML), "environment", P, "reqs.txt"),
    ("req-folder", listing("requirements/base.txt", "a.py", readme=ML), "environment", P, "base"),
    ("env-yaml", listing("env.yaml", "a.py", readme=ML), "environment", P, "env.yaml"),
    ("conda-yaml", listing("conda.yaml", "a.py", readme=ML), "environment", P, "conda.yaml"),
    ("apptainer-def", listing("container.def", "a.py", readme=ML), "environment", P, ".def"),
    ("apptainer-sif", listing("env/image.sif", "a.py", readme=ML), "environment", P, ".sif"),
    ("renv", listing("renv.lock", "a.R", readme=ML), "environment", P, "renv.lock"),
    ("julia", listing("Project.toml", "src/a.jl", readme=ML), "environment", P, "Project.toml"),
    ("other-def-is-not", listing("lib/exports.def", "a.c", readme=ML), "environment", F, "no "),
    # placeholders in other words
    ("to-be-updated", listing("a.py", readme=ML + "\nCode to be updated.\n"), "placeholder", H, ""),
    ("tbd", listing("a.py", readme=ML + "\n## Training\n\nTBD\n"), "placeholder", H, "TBD"),
    (
        "section-only-todo",
        listing("README.md", readme=ML + "\n## Code\n\nComing.\n"),
        "placeholder",
        F,
        "Coming",
    ),
    (
        "construction",
        listing("README.md", readme="# X\n\nUnder construction\n"),
        "placeholder",
        F,
        "",
    ),
    ("stay-tuned", listing("a.py", readme=ML + "\nStay tuned!\n"), "placeholder", H, "Stay tuned"),
    (
        "todo-in-prose-is-not",
        listing("a.py", readme=ML + "\nTodo list below.\n"),
        "placeholder",
        P,
        "",
    ),
    # code only as an archive is its own finding
    ("code-zip", listing("code.zip", readme=ML), "placeholder", H, "code only as an archive"),
    ("src-tar", listing("src.tar.gz", "data.csv", readme=ML), "placeholder", H, "src.tar.gz"),
    ("archive-beside-code", listing("a.py", "old.zip", readme=ML), "placeholder", P, "a.py"),
]


@pytest.mark.parametrize(
    ("repo", "criterion", "verdict", "snippet"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_detection(repo: RepoFacts, criterion: str, verdict: Verdict, snippet: str) -> None:
    found, reason = _verdict(repo, criterion)
    assert found is verdict, reason
    assert snippet in reason


@pytest.mark.parametrize(
    ("repo", "expected"),
    [
        # an active-learning repository on CIFAR: no train.py, no ML library read
        (
            listing("al.py", readme="# Active learning\n\nQueries on CIFAR-10.\n", file_texts=()),
            True,
        ),
        (
            listing("a.py", readme="# X\n\nWeights: https://huggingface.co/lab/m\n", file_texts=()),
            True,
        ),
        (
            listing(
                "setup.py",
                "a.py",
                readme="# X\n\nA tool.\n",
                file_texts=(("setup.py", "install_requires=['numpy', 'torch>=1.8']"),),
            ),
            True,
        ),
        (
            listing(
                "requirements.txt",
                "a.py",
                readme="# X\n\nA tool.\n",
                file_texts=(("requirements.txt", "torch-geometric\n"),),
            ),
            True,
        ),
        (listing("a.py", readme="# Bib tool\n\nFormats references.\n", file_texts=()), False),
    ],
)
def test_wider_machine_learning_signals(repo: RepoFacts, expected: bool) -> None:
    assert ml_signal(repo) is expected


@pytest.mark.parametrize(
    ("path", "text", "entries", "pinned"),
    [
        ("conda_reqs.txt", "numpy=1.21\ntorch==1.8.1\n", 2, 2),
        ("pip_reqs.txt", "numpy>=1\n", 1, 0),
        ("requirements/dev.txt", "pytest==8.0\n", 1, 1),
        ("env.yaml", "dependencies:\n  - numpy=1.21\n  - scipy\n", 2, 1),
    ],
)
def test_other_names_are_read_for_pins(path: str, text: str, entries: int, pinned: int) -> None:
    counted = count_pins(path, text)
    assert counted is not None and (counted.entries, counted.pinned) == (entries, pinned)


def test_requirements_folder_files_count_at_the_root_and_deeper() -> None:
    assert dependency_files(["requirements/base.txt", "a.py"]) == ("requirements/base.txt",)
    assert dependency_paths(["svc/requirements/base.txt"]) == ("svc/requirements/base.txt",)
    assert dependency_paths(["docs/requirements/base.txt"]) == ()
