"""A second batched GraphQL round: the README and dependency files the first round's guesses
missed (a `README.rst`, a `docker/Dockerfile`), once the tree has told us their names.

It asks for exact `HEAD:path` blobs of many repositories in one request, pooled across first-round
batches, so reading texts costs a request per ~100 repositories that need it, not one per file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from repro_audit.models import Existence, RepoFacts
from repro_audit.sources.selection import GUESSED_FILES, dependency_paths, readme_path
from repro_audit.sources.texts_common import BLOB_FIELDS, blob_text


@dataclass(frozen=True, slots=True)
class TextRequest:
    """Files still to read from one repository after the first round's guesses."""

    facts: RepoFacts
    readme: str | None  # the README's path when its text is still missing
    dependencies: tuple[str, ...]  # every dependency file, in the order `file_texts` keeps
    files: tuple[str, ...]  # what the second round asks for


def text_request(facts: RepoFacts) -> TextRequest | None:
    """What is left to read from a repository, or None when its texts are complete."""
    if facts.existence is not Existence.EXISTS or facts.is_empty or facts.root_files is None:
        return None
    readme = readme_path(facts.root_files)
    dependencies = dependency_paths(facts.paths or ())
    wanted = ((readme,) if readme else ()) + dependencies
    missing = tuple(path for path in wanted if path not in GUESSED_FILES)
    if not missing:
        return None
    pending_readme = readme if readme in missing else None
    return TextRequest(facts, pending_readme, dependencies, missing)


def build_texts_query(requests: Sequence[TextRequest]) -> tuple[str, dict[str, str]]:
    """One query with an alias per repository and per file; every name travels as a variable."""
    declarations: list[str] = []
    fields: list[str] = []
    variables: dict[str, str] = {}
    for index, request in enumerate(requests):
        owner, name = (request.facts.canonical or request.facts.ref.slug).split("/", 1)
        declarations.append(f"$o{index}: String!, $n{index}: String!")
        variables[f"o{index}"], variables[f"n{index}"] = owner, name
        blobs = []
        for number, path in enumerate(request.files):
            declarations.append(f"$e{index}_{number}: String!")
            variables[f"e{index}_{number}"] = f"HEAD:{path}"
            blobs.append(f"f{number}: object(expression: $e{index}_{number}) {{ {BLOB_FIELDS} }}")
        fields.append(
            f"  r{index}: repository(owner: $o{index}, name: $n{index}) {{ {' '.join(blobs)} }}"
        )
    query = f"query Texts({', '.join(declarations)}) {{\n" + "\n".join(fields) + "\n}\n"
    return query, variables


def with_texts(request: TextRequest, node: Mapping[str, Any] | None) -> RepoFacts:
    """The facts with the texts this repository's part of the answer carried."""
    if not isinstance(node, Mapping):
        return with_text_gap(request.facts, "repository missing from the texts answer")
    texts = dict(request.facts.file_texts or ())
    for number, path in enumerate(request.files):
        text = blob_text(node.get(f"f{number}"))
        if text is not None:
            texts[path] = text
    readme_text = texts.get(request.readme) if request.readme else request.facts.readme_text
    file_texts = tuple((path, texts[path]) for path in request.dependencies if path in texts)
    return replace(request.facts, readme_text=readme_text, file_texts=file_texts)


def nothing_to_read(facts: RepoFacts) -> RepoFacts:
    """A listed repository with no README and no dependency file has, knowingly, no texts."""
    if facts.existence is Existence.EXISTS and facts.root_files is not None:
        return replace(facts, file_texts=facts.file_texts or ())
    return facts


def with_text_gap(facts: RepoFacts, reason: str) -> RepoFacts:
    """The facts marked as lacking their texts, with the reason the report shows."""
    gap = f"README and dependency texts unknown: {reason}"
    return replace(facts, readme_text=None, file_texts=None, gaps=(*facts.gaps, gap))
