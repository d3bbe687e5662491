"""Which files' texts are worth fetching: the root README and the dependency specifications.

Kept in one place so the GraphQL and the git paths read the same files, and capped so a
repository with hundreds of requirement files cannot blow up a batch.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

MAX_TEXT_FILES = 8
GUESSED_FILES = ("README.md", "requirements.txt", "environment.yml", "pyproject.toml", "setup.py")
"""Read in the first GraphQL round without knowing the tree: most research repositories keep
their README and dependencies under these names, so most need no second round at all."""
MAX_DEPTH = 2  # a dependency file deeper than `folder/file` is rarely the one a README means

README = re.compile(r"^readme(\.[a-z0-9]+)?$", re.IGNORECASE)
TEXT_DEPENDENCY = re.compile(
    r"^("
    r"requirements[\w.-]*\.(txt|in|ya?ml)"
    r"|environment[\w.-]*\.ya?ml|conda[\w.-]*\.ya?ml"
    r"|pyproject\.toml|setup\.py|setup\.cfg|pipfile"
    r"|install\.r|description|project\.toml|dockerfile|apt\.txt|runtime\.txt"
    r")$",
    re.IGNORECASE,
)


def readme_path(root_files: Sequence[str]) -> str | None:
    """The root README GitHub would show: plain `README.md` first, then any other README file."""
    candidates = [name for name in root_files if README.match(name)]
    candidates.sort(key=lambda name: (name.lower() != "readme.md", name.lower()))
    return candidates[0] if candidates else None


CITATION_CFF = "CITATION.cff"
"""Read beside the dependency files: the Preservation criterion validates it and reads its DOI."""


def dependency_paths(paths: Sequence[str]) -> tuple[str, ...]:
    """Dependency files to read, shallowest first, at most MAX_TEXT_FILES; then the root
    CITATION.cff when there is one (outside the cap: it never displaces a dependency file)."""
    chosen = [
        path
        for path in paths
        if path.count("/") < MAX_DEPTH and TEXT_DEPENDENCY.match(path.rsplit("/", 1)[-1])
    ]
    chosen.sort(key=lambda path: (path.count("/"), path.lower()))
    citation = (CITATION_CFF,) if CITATION_CFF in paths else ()
    return tuple(chosen[:MAX_TEXT_FILES]) + citation


def texts_to_read(root_files: tuple[str, ...], paths: tuple[str, ...]) -> tuple[str, ...]:
    """Every file whose text is read: the README, then the dependency files."""
    readme = readme_path(root_files)
    return ((readme,) if readme else ()) + dependency_paths(paths)
