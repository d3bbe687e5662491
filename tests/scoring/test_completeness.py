"""The environment criteria and the ML code completeness checklist, item by item."""

from __future__ import annotations

import pytest

from repro_audit.models import RepoFacts, Verdict
from repro_audit.scoring import ScoringContext, Thresholds
from repro_audit.scoring.completeness import (
    environment,
    evaluation,
    ml_signal,
    pinning,
    pretrained,
    results,
    training,
)
from tests.scoring.facts import CTX, NOW, PAPER, facts, listing

ML = "# X\n\nA PyTorch model.\n"


@pytest.mark.parametrize(
    ("repo", "verdict", "snippet", "evidence"),
    [
        (facts(), Verdict.PASS, "declared in requirements.txt", ("requirements.txt",)),
        (
            listing("environment_cuda.yml", "setup.cfg", "x.py"),
            Verdict.PASS,
            "environment_cuda.yml, setup.cfg",
            ("environment_cuda.yml", "setup.cfg"),
        ),
        (
            listing("binder/environment.yml", "x.py"),
            Verdict.PASS,
            "binder/",
            ("binder/", "binder/environment.yml"),
        ),
        (
            listing("docker/Dockerfile", "x.py"),
            Verdict.PASS,
            "docker/Dockerfile (not at the root)",
            ("docker/Dockerfile",),
        ),
        (listing("docs/requirements.txt", "x.py"), Verdict.FAIL, "no dependency", ()),
        (listing("README.md", "train.py"), Verdict.FAIL, "in the whole tree", ()),
        (facts(paths=None, root_files=("a.py", "src/")), Verdict.FAIL, "in the root listing", ()),
        (facts(is_empty=True, paths=None, root_files=None), Verdict.FAIL, "no dependency", ()),
        (facts(paths=None, root_files=None, gaps=("tree: 502",)), Verdict.UNKNOWN, "502", ()),
    ],
)
def test_environment(
    repo: RepoFacts, verdict: Verdict, snippet: str, evidence: tuple[str, ...]
) -> None:
    outcome = environment(repo, CTX)
    assert outcome.verdict is verdict
    assert snippet in outcome.reason
    assert outcome.evidence == evidence


def _texts(*pairs: tuple[str, str]) -> tuple[tuple[str, str], ...]:
    return pairs


@pytest.mark.parametrize(
    ("repo", "verdict", "fraction", "snippet"),
    [
        (facts(), Verdict.PASS, 1.0, "4 of 4 dependency entries pinned"),
        (
            facts(file_texts=_texts(("requirements.txt", "torch>=2\nnumpy\nscipy==1.1\n"))),
            Verdict.PARTIAL,
            1 / 3,
            "1 of 3",
        ),
        (
            facts(file_texts=_texts(("requirements.txt", "torch\nnumpy\n"))),
            Verdict.FAIL,
            0.0,
            "0 of 2",
        ),
        (  # 4 of 5 reaches the default 0.8 share: full credit
            facts(file_texts=_texts(("requirements.txt", "a==1\nb==1\nc==1\nd==1\ne\n"))),
            Verdict.PASS,
            1.0,
            "4 of 5",
        ),
        (listing("pyproject.toml", "poetry.lock", "a.py"), Verdict.PASS, 1.0, "poetry.lock"),
        (listing("README.md", "a.py"), Verdict.NOT_APPLICABLE, 0.0, "no dependency file"),
        (
            listing("Dockerfile", "a.py", file_texts=()),
            Verdict.NOT_APPLICABLE,
            0.0,
            "no version entries",
        ),
        (
            facts(file_texts=None, gaps=("requirements text: timeout",)),
            Verdict.UNKNOWN,
            0.0,
            "requirements text: timeout",
        ),
    ],
)
def test_pinning(repo: RepoFacts, verdict: Verdict, fraction: float, snippet: str) -> None:
    outcome = pinning(repo, CTX)
    assert outcome.verdict is verdict
    assert outcome.fraction == pytest.approx(fraction)
    assert snippet in outcome.reason


def test_pinning_share_is_a_threshold() -> None:
    repo = facts(file_texts=_texts(("requirements.txt", "a==1\nb==1\nc\nd\n")))
    strict = pinning(repo, CTX)
    lenient = pinning(repo, ScoringContext(NOW, PAPER, Thresholds(pinned_share=0.5)))
    assert (strict.verdict, lenient.verdict) == (Verdict.PARTIAL, Verdict.PASS)
    assert strict.evidence == ("requirements.txt: 2/4 pinned",)


@pytest.mark.parametrize(
    ("repo", "expected"),
    [
        (facts(), True),
        (listing("train.py", readme="# x\n"), True),  # a training script says enough
        (listing("a.py", "model.ckpt", readme="# x\n"), True),
        (listing("a.py", "requirements.txt", readme="# x\n", file_texts=None), None),  # unread
        (
            listing("a.py", "requirements.txt", readme="# x\n", file_texts=(("r", "jax\n"),)),
            True,
        ),
        (listing("a.py", readme="# Fine-tuning notes\n"), True),
        (listing("index.js", readme="# A bibliography formatter\n", file_texts=()), False),
        (listing("README.md", "index.js", readme=None, file_texts=()), None),
        (listing("index.js", readme=None, file_texts=()), False),  # no README to read
        (facts(paths=None, root_files=None, readme_text=None, file_texts=None), None),
    ],
)
def test_ml_signal(repo: RepoFacts, expected: bool | None) -> None:
    assert ml_signal(repo) is expected


@pytest.mark.parametrize(
    ("repo", "verdict", "snippet"),
    [
        (facts(), Verdict.PASS, "found train.py"),
        (listing("tools/finetune_lora.sh", readme=ML), Verdict.PASS, "tools/finetune_lora.sh"),
        (listing("training/loop.py", readme=ML), Verdict.PASS, "training/loop.py"),
        (listing("train_notebook.ipynb", readme=ML), Verdict.PASS, "train_notebook.ipynb"),
        (listing("constrain.py", "demo.py", readme=ML), Verdict.FAIL, "no training code found"),
        (listing("README.md", readme="# Code coming soon\n"), Verdict.FAIL, "no training"),
        (
            facts(paths=None, root_files=("README.md", "src/"), readme_text=ML),
            Verdict.UNKNOWN,
            "folders src/ were not listed",
        ),
        (
            facts(
                paths=("README.md", "src/a/b.py"),
                paths_depth=3,
                root_files=("README.md", "src/"),
                readme_text=ML,
            ),
            Verdict.FAIL,
            "in the top 3 folder levels",
        ),
        (
            listing("index.js", readme="# Formatter\n", file_texts=()),
            Verdict.NOT_APPLICABLE,
            "no sign",
        ),
        (
            listing(
                "README.md",
                "a.py",
                "requirements.txt",
                readme=None,
                file_texts=None,
                gaps=("README text: 403",),
            ),
            Verdict.UNKNOWN,
            "README text: 403",
        ),
    ],
)
def test_training(repo: RepoFacts, verdict: Verdict, snippet: str) -> None:
    outcome = training(repo, CTX)
    assert outcome.verdict is verdict, outcome.reason
    assert snippet in outcome.reason


@pytest.mark.parametrize(
    ("paths", "verdict", "snippet"),
    [
        (("eval.py",), Verdict.PASS, "eval.py"),
        (("tools/test.py",), Verdict.PASS, "tools/test.py"),
        (("test_imagenet.py",), Verdict.PASS, "test_imagenet.py"),  # a root test_* script
        (("scripts/inference.sh",), Verdict.PASS, "scripts/inference.sh"),
        (("evaluation/metrics.py",), Verdict.PASS, "evaluation/metrics.py"),
        (("tests/test_model.py", "train.py"), Verdict.FAIL, "no evaluation code"),  # unit tests
        (("src/test_utils.py", "train.py"), Verdict.FAIL, "no evaluation code"),
        (("latest.py", "train.py"), Verdict.FAIL, "no evaluation code"),
    ],
)
def test_evaluation(paths: tuple[str, ...], verdict: Verdict, snippet: str) -> None:
    outcome = evaluation(listing(*paths, readme=ML), CTX)
    assert outcome.verdict is verdict, outcome.reason
    assert snippet in outcome.reason


@pytest.mark.parametrize(
    ("repo", "verdict", "snippet"),
    [
        (facts(), Verdict.PASS, "https://huggingface.co/lab/paper-code"),
        (listing("a.py", "weights/best.safetensors", readme=ML), Verdict.PASS, "best.safetensors"),
        (
            listing("a.py", readme=ML + "Download the checkpoints: https://drive.google.com/x\n"),
            Verdict.PASS,
            "drive.google.com",
        ),
        (
            listing("a.py", readme=ML + "Weights: https://zenodo.org/records/123\n"),
            Verdict.PASS,
            "zenodo.org",
        ),
        (
            listing("a.py", readme=ML + "Pretrained: https://github.com/lab/x/releases/tag/v1\n"),
            Verdict.PASS,
            "releases",
        ),
        (
            listing("a.py", readme=ML + "Data: https://drive.google.com/x\n"),  # no model words
            Verdict.FAIL,
            "no weight files and no links",
        ),
        (
            listing("a.py", readme=ML + "Paper: https://huggingface.co/papers/2510.1\n"),
            Verdict.FAIL,
            "no weight files and no links",
        ),
        (listing("a.py", "model.py", readme=ML), Verdict.FAIL, "no weight files"),
        (
            listing("README.md", "a.py", readme=None, gaps=("readme: 502",)),
            Verdict.UNKNOWN,
            "readme: 502",
        ),
        (listing("README.md", "train.py", readme=None), Verdict.UNKNOWN, "README not read"),
        (listing("train.py", readme=None), Verdict.FAIL, "no README to link them"),
    ],
)
def test_pretrained(repo: RepoFacts, verdict: Verdict, snippet: str) -> None:
    outcome = pretrained(repo, CTX)
    assert outcome.verdict is verdict, outcome.reason
    assert snippet in outcome.reason


TABLE = "\n| Model | Acc |\n|---|---|\n| ours | 90 |\n"
COMMAND = "\n```bash\npython train.py\n```\n"


@pytest.mark.parametrize(
    ("readme", "verdict", "snippet"),
    [
        (ML + TABLE + COMMAND, Verdict.PASS, "results table and 1 command"),
        (ML + TABLE, Verdict.PARTIAL, "no command"),
        (ML + COMMAND, Verdict.PARTIAL, "no results table"),
        (ML + "<table><tr><td>90</td></tr></table>" + COMMAND, Verdict.PASS, "results table"),
        (ML + "\n```\n$ CUDA_VISIBLE_DEVICES=0 torchrun x.py\n```\n" + TABLE, Verdict.PASS, "1"),
        (ML + '\n```json\n{"a": 1}\n```\n', Verdict.FAIL, "neither"),
        (ML, Verdict.FAIL, "neither a results table nor commands"),
    ],
)
def test_results(readme: str, verdict: Verdict, snippet: str) -> None:
    outcome = results(listing("train.py", readme=readme), CTX)
    assert outcome.verdict is verdict, outcome.reason
    assert snippet in outcome.reason


def test_results_without_readme_text() -> None:
    unread = listing("README.md", "train.py", readme=None)
    assert results(unread, CTX).verdict is Verdict.UNKNOWN
    no_readme = facts(paths=("train.py",), root_files=("train.py",), readme_text=None)
    assert results(no_readme, CTX).verdict is Verdict.FAIL
