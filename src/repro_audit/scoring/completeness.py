"""The Papers with Code ML Code Completeness Checklist, automated, plus the environment.

Checklist items: dependencies (the environment criteria here), training code, evaluation code,
pretrained models, and a README results table with the commands that reproduce it. Each item
is judged from the file tree and the README text and names the files or lines it relied on. The
four ML items do not apply to code that shows no sign of machine learning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from repro_audit.models import RepoFacts
from repro_audit.scoring import phrases
from repro_audit.scoring.base import (
    Assessment,
    ScoringContext,
    failed,
    graded,
    not_applicable,
    partial,
    passed,
    plural,
    unknown,
)
from repro_audit.scoring.criteria import LISTING_GAP, README_GAP, gap, needs_repository
from repro_audit.scoring.entry import entry_scripts, readme_runs
from repro_audit.scoring.filenames import (
    CODE_EXTENSIONS,
    code_files,
    dependency_files,
    dependency_paths,
    lock_files,
    readme_file,
    weight_files,
)
from repro_audit.scoring.memo import per_facts
from repro_audit.scoring.pins import count_pins
from repro_audit.scoring.readme import command_lines, has_table, links, read_readme
from repro_audit.scoring.tree import Tree, listing_cut, tree_of

SHOWN = 3
"""File names quoted in a reason before "…"."""

RESULTS_PART = 0.5
ENTRY_FRACTION = 0.5
"""Credit for an entry script (main.py, run.py, ...) when no file is named for the item: in the
calibration set named training scripts went with reproduction (78% against 43%), bare entry
scripts much less, so they earn half (docs/calibration.md)."""

_TRAIN = re.compile(
    r"(?:^|[_\-.])(?:train|training|trainer|finetune|fine[_-]tune|finetuning|pretrain|pretraining)"
    r"(?:[_\-.]|$)|^train",
    re.IGNORECASE,
)
_EVAL = re.compile(
    r"(?:^|[_\-.])(?:eval|evaluate|evaluation|evaluator|inference|infer|predict|prediction"
    r"|benchmark|validate|validation|test|testing)(?:[_\-.]|$)|^eval",
    re.IGNORECASE,
)
_TEST_FOLDERS = frozenset({"tests", "test", "unittests", "unit_tests", "testing"})
_RUNNABLE = CODE_EXTENSIONS - {".h", ".hpp", ".cuh"}


def _shown(names: tuple[str, ...] | list[str]) -> str:
    return ", ".join(names[:SHOWN]) + (", …" if len(names) > SHOWN else "")


def _stem(path: str) -> tuple[str, str]:
    base = path.rsplit("/", 1)[-1]
    dot = base.rfind(".")
    return (base[:dot], base[dot:].lower()) if dot > 0 else (base, "")


@dataclass(frozen=True, slots=True)
class _Scripts:
    """Code files whose name (or folder) says they train or evaluate, in listing order."""

    training: tuple[str, ...]
    evaluation: tuple[str, ...]


def _folder_kinds(folders: list[str]) -> tuple[bool, bool, bool]:
    """Whether a file's folders make it a unit test, training code, evaluation code."""
    return (
        any(f.lower() in _TEST_FOLDERS for f in folders),
        any(_TRAIN.fullmatch(f) for f in folders),
        any(_EVAL.fullmatch(f) for f in folders),
    )


@per_facts(maxsize=64)
def _scripts(tree: Tree) -> _Scripts:
    """Training and evaluation scripts, e.g. train.py, tools/eval_net.py.

    One pass for both, each folder judged once, and cached: the ML gate and two criteria ask of
    listings that can run to many thousand paths.
    """
    training: list[str] = []
    evaluation: list[str] = []
    kinds: dict[str | None, tuple[bool, bool, bool]] = {}
    for path in tree.files:
        stem, ext = _stem(path)
        if ext not in _RUNNABLE or stem.startswith("__"):
            continue
        folder, slash, _ = path.rpartition("/")
        key = folder if slash else None  # None: a root file, in no folder
        kind = kinds.get(key)
        if kind is None:
            kind = kinds[key] = _folder_kinds(folder.split("/") if slash else [])
        in_tests, training_folder, evaluation_folder = kind
        # Unit tests are not evaluation code: test folders, and test_*.py outside the root.
        if in_tests or (slash and stem.lower().startswith("test_")):
            continue
        if training_folder or _TRAIN.search(stem):
            training.append(path)
        if evaluation_folder or _EVAL.search(stem):
            evaluation.append(path)
    return _Scripts(tuple(training), tuple(evaluation))


def _dependency_texts(facts: RepoFacts) -> str:
    return "\n".join(text for _, text in facts.file_texts or ())


@per_facts(maxsize=64)
def ml_signal(facts: RepoFacts) -> bool | None:
    """Whether this is machine-learning code: True on any sign, False when every place a sign
    would show was read and none did, None otherwise."""
    tree = tree_of(facts)
    if tree is not None and (_scripts(tree).training or weight_files(tree.files)):
        return True
    if facts.file_texts is not None and phrases.ML_LIBRARIES.search(_dependency_texts(facts)):
        return True
    text = facts.readme_text
    if text is not None and (
        phrases.ML_TERMS.search(text) or any(phrases.WEIGHT_HOSTS.match(u) for u in links(text))
    ):
        return True
    if tree is None or not tree.complete:
        return None  # no sign in a cut listing: one may lie below the cut
    readme_read = facts.readme_text is not None or readme_file(tree.root) is None
    texts_read = facts.file_texts is not None or not dependency_paths(tree.files)
    return None if not (readme_read and texts_read) else False


@per_facts(maxsize=64)
def _ml_gate(facts: RepoFacts) -> Assessment | None:
    """N/A for code with no sign of machine learning; UNKNOWN when that cannot be told yet.

    Cached: the four ML criteria ask in turn."""
    tree = tree_of(facts)
    if tree is not None and tree.complete and not code_files(tree.files):
        return None  # no code at all: these items are missing, whatever the field
    signal = ml_signal(facts)
    if signal is None:
        why = listing_cut(facts) or gap(facts, *README_GAP, *LISTING_GAP, "text")
        return unknown(f"whether this is machine-learning code is unknown: {why}")
    if signal is False:
        return not_applicable("no sign of machine learning (files, libraries or README terms)")
    return None


@needs_repository
def environment(facts: RepoFacts, ctx: ScoringContext) -> Assessment:
    """Dependencies are specified: the repo2docker files and the usual research variants
    (requirements*.txt, environment_*.yml, setup.cfg, lock files, a Dockerfile in a subfolder)."""
    del ctx
    tree = tree_of(facts)
    if tree is None:
        return unknown(f"dependency specification unknown: {gap(facts, *LISTING_GAP)}")
    at_root = dependency_files(tree.root) + tuple(
        p for p in dependency_files(tree.files) if "/" in p
    )
    if at_root:
        return passed(f"dependencies declared in {_shown(list(at_root))}", *at_root[:SHOWN])
    nested = dependency_paths(tree.files)
    if nested:
        reason = f"dependencies declared in {_shown(list(nested))} (not at the root)"
        return passed(reason, *nested[:SHOWN])
    return failed(f"no dependency specification in {tree.scope} (requirements.txt, ...)")


@needs_repository
def pinning(facts: RepoFacts, ctx: ScoringContext) -> Assessment:
    """Dependency versions are pinned (`==`, conda `=`, exact Poetry versions) or locked."""
    tree = tree_of(facts)
    if tree is None:
        return unknown(f"pinning unknown: {gap(facts, *LISTING_GAP)}")
    declared = dependency_paths(tree.files) + tuple(
        p for p in dependency_files(tree.root) if p.endswith("/")
    )
    if not declared:
        return not_applicable("no dependency file whose versions could be pinned")
    locks = lock_files(tree.files)
    if locks:
        return passed(f"lock file {_shown(list(locks))} records every version", *locks[:SHOWN])
    if facts.file_texts is None:
        return unknown(f"pinning unknown: {gap(facts, 'text', 'requirement', 'dependenc')}")
    counts = [c for c in (count_pins(p, t) for p, t in facts.file_texts) if c and c.entries]
    entries = sum(c.entries for c in counts)
    if not entries:
        read = ", ".join(p for p, _ in facts.file_texts) or "none"
        return not_applicable(f"no version entries found in the files read ({read})")
    pinned = sum(c.pinned for c in counts)
    evidence = tuple(f"{c.path}: {c.pinned}/{c.entries} pinned" for c in counts)
    share = pinned / entries
    reason = f"{pinned} of {entries} dependency entries pinned to one version"
    target = ctx.thresholds.pinned_share
    return graded(1.0 if share >= target else share, reason, *evidence)


def _code_item(facts: RepoFacts, what: str, *, training: bool) -> Assessment:
    gated = _ml_gate(facts)
    if gated is not None:
        return gated
    tree = tree_of(facts)
    if tree is None:
        return unknown(f"{what} unknown: {gap(facts, *LISTING_GAP)}")
    scripts = _scripts(tree)
    found = scripts.training if training else scripts.evaluation
    if found:
        return passed(f"found {_shown(found)}", *found[:SHOWN])
    named = {*scripts.training, *scripts.evaluation}  # train.py is no evaluation entry
    entries = [e for e in entry_scripts(facts) if e not in named]
    if entries:
        how = "the README runs" if entries[0] in readme_runs(facts) else "named for running"
        reason = f"entry script {_shown(entries)} ({how}; its name does not say {what})"
        fix = f"Name the script that holds the {what} for it (or say in the README which runs it)"
        return partial(ENTRY_FRACTION, reason, *entries[:SHOWN], fix=fix)
    if not tree.complete and tree.depth is not None and tree.depth <= 1:
        folders = [r for r in tree.root if r.endswith("/")]
        return unknown(f"no {what} at the root; folders {_shown(folders)} were not listed")
    return failed(f"no {what} found in {tree.scope}")


@needs_repository
def training(facts: RepoFacts, ctx: ScoringContext) -> Assessment:
    """Training code: a script or notebook whose name says it trains (train.py, finetune.sh),
    else an entry script: a file the README runs, or main.py, run.py, experiments.py, ..."""
    del ctx
    return _code_item(facts, "training code", training=True)


@needs_repository
def evaluation(facts: RepoFacts, ctx: ScoringContext) -> Assessment:
    """Evaluation code: eval.py, test.py, inference or benchmark scripts (not unit tests),
    else an entry script other than a training one (main.py, a figure notebook, ...)."""
    del ctx
    return _code_item(facts, "evaluation code", training=False)


@needs_repository
def pretrained(facts: RepoFacts, ctx: ScoringContext) -> Assessment:
    """Pretrained models: weight files in the tree, or README links to Hugging Face, Google
    Drive, Zenodo, release downloads and similar hosts."""
    del ctx
    gated = _ml_gate(facts)
    if gated is not None:
        return gated
    tree = tree_of(facts)
    weights = [] if tree is None else list(weight_files(tree.files))
    if weights:
        return passed(f"weights in the repository: {_shown(weights)}", *weights[:SHOWN])
    text = facts.readme_text
    if text is None:
        if tree is not None and readme_file(tree.root) is None:
            return failed("no weights in the repository and no README to link them")
        why = gap(facts, *README_GAP, *LISTING_GAP)
        return unknown(f"pretrained models unknown: README not read: {why}")
    hosted = [url for url in links(text) if phrases.WEIGHT_HOSTS.match(url)]
    model_pages = [u for u in hosted if "huggingface.co" in u or "hf.co" in u]
    if model_pages or (hosted and phrases.WEIGHT_WORDS.search(text)):
        shown = model_pages or hosted
        return passed(f"linked from the README: {_shown(shown)}", *shown[:SHOWN])
    return failed("no weight files and no links to them in the README")


@needs_repository
def results(facts: RepoFacts, ctx: ScoringContext) -> Assessment:
    """The README has a results table and the commands that reproduce it."""
    del ctx
    gated = _ml_gate(facts)
    if gated is not None:
        return gated
    if facts.readme_text is None:
        tree = tree_of(facts)
        if tree is not None and readme_file(tree.root) is None:
            return failed("no README, so no results table or commands")
        return unknown(f"results table unknown: README not read: {gap(facts, *README_GAP)}")
    readme = read_readme(facts.readme_text)
    table = has_table(readme)
    commands = command_lines(readme)
    evidence = [f"README L{n}: {c}" for n, c in commands[:2]]
    if table and commands:
        reason = f"README has a results table and {plural(len(commands), 'command')}"
        return passed(reason, *evidence)
    if table:
        return partial(RESULTS_PART, "README has a table but no command that reproduces it")
    if commands:
        return partial(RESULTS_PART, "README has commands but no results table", *evidence)
    return failed("README has neither a results table nor commands to reproduce it")
