"""A second batched GraphQL round: README and dependency-file texts, once their names are known.

The first round lists the tree; this one asks for exact `HEAD:path` blobs of many repositories
in one request, so reading texts costs about one request per batch, not one per file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from repro_audit.models import TEXT_LIMIT, Existence, RepoFacts
from repro_audit.sources.selection import dependency_paths, readme_path

BLOB_FIELDS = "... on Blob { text isBinary }"


@dataclass(frozen=True, slots=True)
class TextRequest:
    """The files to read from one repository (README first when there is one)."""

    facts: RepoFacts
    readme: str | None
    dependencies: tuple[str, ...]

    @property
    def files(self) -> tuple[str, ...]:
        """Every path asked for, README first."""
        return ((self.readme,) if self.readme else ()) + self.dependencies


def text_request(facts: RepoFacts) -> TextRequest | None:
    """What to read from a repository, or None when there is nothing to read or no listing."""
    if facts.existence is not Existence.EXISTS or facts.is_empty or facts.root_files is None:
        return None
    readme = readme_path(facts.root_files)
    dependencies = dependency_paths(facts.paths or ())
    if readme is None and not dependencies:
        return None
    return TextRequest(facts, readme, dependencies)


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


def _text(blob: object) -> str | None:
    if (
        not isinstance(blob, Mapping)
        or blob.get("isBinary")
        or not isinstance(blob.get("text"), str)
    ):
        return None
    text: str = blob["text"]
    return text[:TEXT_LIMIT]


def with_texts(request: TextRequest, node: Mapping[str, Any] | None) -> RepoFacts:
    """The facts with the texts this repository's part of the answer carried."""
    if not isinstance(node, Mapping):
        return with_text_gap(request.facts, "repository missing from the texts answer")
    texts = {path: _text(node.get(f"f{number}")) for number, path in enumerate(request.files)}
    readme_text = texts.get(request.readme) if request.readme else None
    file_texts = tuple(
        (path, text) for path in request.dependencies if (text := texts.get(path)) is not None
    )
    return replace(request.facts, readme_text=readme_text, file_texts=file_texts)


def nothing_to_read(facts: RepoFacts) -> RepoFacts:
    """A listed repository with no README and no dependency file has, knowingly, no texts."""
    if facts.existence is Existence.EXISTS and facts.root_files is not None:
        return replace(facts, file_texts=facts.file_texts or ())
    return facts


def with_text_gap(facts: RepoFacts, reason: str) -> RepoFacts:
    """The facts marked as lacking their texts, with the reason the report shows."""
    gap = f"README and dependency texts unknown: {reason}"
    return replace(facts, gaps=(*facts.gaps, gap))
