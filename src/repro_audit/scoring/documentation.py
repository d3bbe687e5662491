"""Criteria about what the README tells a reader: how to install and run, how to cite, and
whether the files its commands name are really there."""

from __future__ import annotations

import re

from repro_audit.models import RepoFacts
from repro_audit.scoring import phrases
from repro_audit.scoring.base import (
    Assessment,
    ScoringContext,
    failed,
    graded,
    passed,
    plural,
    unknown,
)
from repro_audit.scoring.commands import Reference, references
from repro_audit.scoring.criteria import LISTING_GAP, README_GAP, gap, needs_repository
from repro_audit.scoring.entry import repo_names
from repro_audit.scoring.filenames import citation_file, readme_file
from repro_audit.scoring.readme import bibtex, read_readme, section, substance
from repro_audit.scoring.tree import Presence, Tree, tree_of

SHOWN = 3


@needs_repository
def readme(facts: RepoFacts, ctx: ScoringContext) -> Assessment:
    """A README at the root with substance: enough prose, an install section, a usage section
    and code blocks. Presence earns a fifth; each of the four earns another."""
    tree = tree_of(facts)
    if tree is None:
        return unknown(f"README unknown: {gap(facts, *LISTING_GAP)}")
    name = readme_file(tree.root)
    if name is None:
        return failed("no README at the repository root")
    if facts.readme_text is None:
        return unknown(f"{name} present; its text was not read: {gap(facts, *README_GAP)}", name)
    text = read_readme(facts.readme_text)
    minimum = ctx.thresholds.readme_min_chars
    size = substance(text)
    install = section(text, phrases.INSTALL_SECTION)
    usage = section(text, phrases.USAGE_SECTION)
    blocks = len(text.blocks)
    checks = {
        f"enough prose ({size} of {minimum} characters)": size >= minimum,
        "an install section": install is not None,
        "a usage section": usage is not None,
        "code blocks": blocks > 0,
    }
    missing = [label for label, ok in checks.items() if not ok]
    found = [f"L{s[0]}: {s[1]}" for s in (install, usage) if s is not None]
    evidence = (name, *found, f"{blocks} code blocks", f"{size} characters of prose")
    if not missing:
        sections = f"install and usage sections, {plural(blocks, 'code block')}"
        reason = f"{name}: {size} characters, {sections}"
        return passed(reason, *evidence)
    fraction = (1 + len(checks) - len(missing)) / (1 + len(checks))
    fix = f"Add to {name}: {', '.join(missing)}"
    return graded(fraction, f"{name} lacks {', '.join(missing)}", *evidence, fix=fix)


@needs_repository
def citation(facts: RepoFacts, ctx: ScoringContext) -> Assessment:
    """Citation information: CITATION.cff (or codemeta.json, .zenodo.json) or a BibTeX entry
    in the README that is not empty."""
    del ctx
    tree = tree_of(facts)
    cff = None if tree is None else citation_file(tree.root)
    if cff is not None:
        return passed(f"citation file {cff}", cff)
    text = facts.readme_text
    found = None if text is None else bibtex(text)
    if found is not None and found.filled:
        return passed(f"BibTeX entry in the README (line {found.line})", f"README L{found.line}")
    if tree is None:
        return unknown(f"citation information unknown: {gap(facts, *LISTING_GAP)}")
    if found is None:
        if readme_file(tree.root) is None:
            return failed("no CITATION.cff and no README to cite from")
        return unknown(f"no citation file; README not read: {gap(facts, *README_GAP)}")
    if found.empty:
        return failed(f"the README's BibTeX block (line {found.line}) is empty")
    return failed("no CITATION.cff and no BibTeX entry in the README")


def _reference_state(reference: Reference, tree: Tree, folders: frozenset[str]) -> Presence:
    states = [tree.presence(path) for path in reference.paths]
    if Presence.PRESENT in states:
        return Presence.PRESENT
    if Presence.UNKNOWN in states:
        return Presence.UNKNOWN
    return (
        Presence.PRESENT
        if _in_named_folder(reference.paths[0], tree, folders)
        else (Presence.ABSENT)
    )


def _in_named_folder(path: str, tree: Tree, folders: frozenset[str]) -> bool:
    """`python main.py` when main.py sits in experiment folders the README names (`exp_mnist/`,
    "the cifar folder"): the reader is meant to run it from there, so it is not missing."""
    if "/" in path:
        return False
    suffix = "/" + path
    return any(
        f.endswith(suffix) and f[: -len(suffix)].rsplit("/", 1)[-1].lower() in folders
        for f in tree.files
    )


_WORD = re.compile(r"[\w.-]+")


def _named_folders(text: str, tree: Tree) -> frozenset[str]:
    """Folder names of the tree (last component, lower case) that the README text mentions."""
    names = {f.rsplit("/", 1)[-1].lower() for f in tree.folders}
    return frozenset(w for w in (m.lower().strip(".") for m in _WORD.findall(text)) if w in names)


def _broken(reference: Reference, tree: Tree) -> str:
    twin = tree.case_twin(reference.paths[0]) if len(reference.paths) == 1 else None
    hint = f" (there is {twin})" if twin else ""
    return f"README L{reference.line}: `{reference.command}` needs {reference.label}{hint}"


_NO_COMMAND_FIX = "Add the exact command that runs the code to the README (python train.py ...)"


@needs_repository
def consistency(facts: RepoFacts, ctx: ScoringContext) -> Assessment:
    """Files the README tells you to run (`python train.py`, `bash scripts/x.sh`, `pip install
    -r requirements.txt`, `conda env create -f env.yml`, `python -m pkg.mod`, `make`) exist; a
    README that names no file to run fails, since the reader must guess where the code starts
    (in the calibration set such repositories reproduced no more often than broken ones)."""
    del ctx
    tree = tree_of(facts)
    if tree is None:
        return unknown(f"instructions unchecked: {gap(facts, *LISTING_GAP)}")
    if facts.readme_text is None:
        if readme_file(tree.root) is None:
            return failed("no README, so nothing says which file to run", fix=_NO_COMMAND_FIX)
        return unknown(f"instructions unchecked: README not read: {gap(facts, *README_GAP)}")
    refs = references(read_readme(facts.readme_text), tree, repo_names(facts))
    if not refs:
        reason = "the README names no repository file to run: a reader must guess the entry point"
        return failed(reason, fix=_NO_COMMAND_FIX)
    folders = _named_folders(facts.readme_text, tree)
    states = [(r, _reference_state(r, tree, folders)) for r in refs]
    present = [r for r, s in states if s is Presence.PRESENT]
    absent = [r for r, s in states if s is Presence.ABSENT]
    deeper = len(refs) - len(present) - len(absent)
    skipped = f"; {plural(deeper, 'reference')} deeper than {tree.scope} not checked"
    unchecked = skipped if deeper else ""
    if not present and not absent:
        where = f"deeper than {tree.scope}"
        return unknown(f"the README's {plural(deeper, 'file reference')} lie {where}")
    if not absent:
        shown = ", ".join(r.label for r in present[:SHOWN])
        every = "the file" if len(present) == 1 else f"all {len(present)} files"
        return passed(f"{every} the README runs exist ({shown}){unchecked}")
    labels = ", ".join(r.label for r in absent[:SHOWN]) + (", …" if len(absent) > SHOWN else "")
    checked = len(present) + len(absent)
    share = f"{len(absent)} of {plural(checked, 'file')}"
    verb = "is" if len(absent) == 1 else "are"
    reason = f"broken instructions: {share} the README runs {verb} missing: {labels}"
    fix = f"Fix the README commands or add the missing files: {labels}"
    evidence = tuple(_broken(r, tree) for r in absent)
    return graded(len(present) / checked, reason + unchecked, *evidence, fix=fix)
