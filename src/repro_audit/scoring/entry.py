"""Entry points a reader runs: what the README's commands run, then scripts named for running.

Research code often has no train.py or eval.py: one `main.py --mode train`, a `run_experiments.sh`,
`experiments.py`, notebooks named for the paper's figures, or a Makefile the README drives with
`make train`. A command in the README that runs a file the repository holds is the strongest
evidence of where the code starts, so it comes first.
"""

from __future__ import annotations

import re

from repro_audit.models import RepoFacts
from repro_audit.scoring.commands import references
from repro_audit.scoring.memo import per_facts
from repro_audit.scoring.readme import read_readme
from repro_audit.scoring.tree import Presence, tree_of

_ENTRY_NAME = re.compile(
    r"^(?:main|run|runner|experiments?|examples?|learn|reproduce|launch|driver|pipeline)"
    r"(?:[_-][\w-]+)?\.(?:py|sh|bash|jl|r|m|ipynb)$",
    re.IGNORECASE,
)
# A figure word then a separator inside a notebook's stem (`_figure_notebook` finds the stem):
# one pattern over the path ran `[^/]*` to the end from every word (quadratic in the name).
# `reproduc[^\W_\d]*` is `reproduc\w*` that cannot swallow the separator (`_`, a digit).
_FIGURE_WORD = re.compile(
    r"(?:^|[_\-. ])(?:fig(?:ure)?s?|plots?|results?|reproduc[^\W_\d]*|paper|tables?|experiments?)"
    r"[_\-. \d]",
    re.IGNORECASE,
)
_NOTEBOOKS = (".ipynb", ".rmd", ".qmd")
_RUNNABLE = (".py", ".sh", ".bash", ".ipynb", ".jl", ".r", ".m", ".rmd", ".qmd")
_MAKEFILES = ("Makefile", "makefile", "GNUmakefile")
_SKIPPED_FOLDERS = frozenset(
    {"tests", "test", "docs", "doc", "third_party", "vendor", "node_modules"}
)


def _figure_notebook(path: str) -> bool:
    """A notebook named for a figure, table or result (`fig_3.ipynb`, `plot-results.Rmd`)."""
    name = path.rpartition("/")[2]
    if not name.lower().endswith(_NOTEBOOKS):
        return False
    stem = name[: name.rfind(".")]
    # inside a folder the word cannot start the name (after "/", as the path pattern had it)
    return _FIGURE_WORD.search(f"/{stem}" if "/" in path else stem) is not None


def repo_names(facts: RepoFacts) -> tuple[str, ...]:
    """The folder names a `git clone` of this repository lands in (its old and new name)."""
    names = [facts.ref.name]
    if facts.canonical:
        names.append(facts.canonical.rsplit("/", 1)[-1])
    return tuple(names)


@per_facts(maxsize=64)
def readme_runs(facts: RepoFacts) -> tuple[str, ...]:
    """Repository files the README's commands run (scripts, notebooks, a Makefile), in order."""
    tree = tree_of(facts)
    if tree is None or facts.readme_text is None:
        return ()
    found: dict[str, None] = {}
    for reference in references(read_readme(facts.readme_text), tree, repo_names(facts)):
        for path in reference.paths:
            base = path.rsplit("/", 1)[-1]
            runnable = base.lower().endswith(_RUNNABLE) or base in _MAKEFILES
            if runnable and tree.presence(path) is Presence.PRESENT:
                found.setdefault(path, None)
                break
    return tuple(found)


@per_facts(maxsize=64)
def entry_scripts(facts: RepoFacts) -> tuple[str, ...]:
    """What the README runs, then files named for running (main.py, main_cifar.py, run.py,
    run_experiments.sh, experiments.py, examples.py, learn.py, figure notebooks), outside tests,
    docs and vendored folders."""
    tree = tree_of(facts)
    if tree is None:
        return ()
    named = [
        path
        for path in tree.files
        if (_ENTRY_NAME.match(path.rsplit("/", 1)[-1]) or _figure_notebook(path))
        and not any(p.lower() in _SKIPPED_FOLDERS for p in path.split("/")[:-1])
    ]
    return tuple(dict.fromkeys([*readme_runs(facts), *named]))
