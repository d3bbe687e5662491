"""Recognise well-known files in a repository's root listing.

Pure helpers over names as the sources report them: root entries, directories ending with "/",
and optionally deeper paths such as "binder/environment.yml". Scoring and the formats both ask
these questions, so the answers live in one place.

Case rules follow the tools that read each file. A file that a tool looks up by a fixed name on a
case-sensitive file system (`pyproject.toml` for pip, `Cargo.toml`, `go.mod`, `package.json`,
`Project.toml`, `DESCRIPTION`, repo2docker's `postBuild`, ...) must match exactly; a file that
people hand to a tool by path (`requirements.txt` to `pip -r`, `environment.yml` to
`conda env create -f`, a Dockerfile to `docker build -f`) matches in any case. READMEs and
licences match in any case, as GitHub does.

`CMakeLists.txt` counts as a dependency specification: for C++/CUDA research code it is where the
build and its `find_package` requirements are declared, the nearest thing such code has to a
requirements file. A `Makefile` does not count: it says how to build, not what is needed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

# repo2docker's environment files, matched exactly (case-sensitive), at the root or in binder/.
_REPO2DOCKER_EXACT = frozenset(
    {
        "Pipfile",
        "Pipfile.lock",
        "setup.py",
        "pyproject.toml",
        "runtime.txt",
        "apt.txt",
        "postBuild",
        "start",
        "install.R",
        "DESCRIPTION",
        "Project.toml",
        "REQUIRE",
        "default.nix",
    }
)

# Manifests of other ecosystems and lock files, matched exactly: their tools look them up by name.
_OTHER_EXACT = frozenset(
    {
        "setup.cfg",
        "poetry.lock",
        "uv.lock",
        "package.json",
        "Cargo.toml",
        "go.mod",
        "CMakeLists.txt",
        "Manifest.toml",
        "renv.lock",
        "shell.nix",
        "flake.nix",
        "pom.xml",
        "build.gradle",
        "build.gradle.kts",
    }
)

# Files handed to a tool by path: any case. Dockerfile variants ("Dockerfile.gpu") included.
_ANY_CASE = re.compile(
    r"""^(?:
        dockerfile(?:\.[\w.-]+)?
      | [\w.-]+\.dockerfile
      | environment(?:[-_][\w.-]+)?\.ya?ml
      | requirements[\w.-]*\.(?:txt|in)
      | requirements\.ya?ml
      | conda\.ya?ml
    )$""",
    re.IGNORECASE | re.VERBOSE,
)

# Folders that only exist to hold environment files; seeing one in a root listing is evidence.
_ENVIRONMENT_DIRS = frozenset({"binder/", ".binder/", "requirements/"})
_BINDER_PREFIXES = ("binder/", ".binder/")

_README = re.compile(r"^readme(?:\.[\w.-]+)?$", re.IGNORECASE)
_README_DIRS = (".github/", "docs/")
# GitHub shows the first README it likes; rendered formats first, plain text after.
_README_EXT_RANK = {".md": 0, ".markdown": 1, ".rst": 2, ".org": 3, ".adoc": 4, "": 5, ".txt": 6}

_LICENSE = re.compile(
    r"^(?:(?P<lic>(?:un)?licen[cs]e)|(?P<copy>copying))(?P<rest>[-_.][\w.-]*)?$",
    re.IGNORECASE,
)

CODE_EXTENSIONS: frozenset[str] = frozenset(
    {
        ".py",
        ".pyx",
        ".ipynb",
        ".m",
        ".jl",
        ".r",
        ".rmd",
        ".qmd",
        ".cpp",
        ".cc",
        ".cxx",
        ".c",
        ".h",
        ".hpp",
        ".cu",
        ".cuh",
        ".java",
        ".kt",
        ".scala",
        ".js",
        ".mjs",
        ".jsx",
        ".ts",
        ".tsx",
        ".go",
        ".rs",
        ".sh",
        ".bash",
        ".swift",
        ".rb",
        ".pl",
        ".php",
        ".lua",
        ".cs",
        ".f",
        ".f90",
        ".hs",
        ".ml",
        ".stan",
        ".wl",
    }
)
"""Extensions (lower case) of source files; `.R`/`.r` and friends match in any case."""


def _is_dir(name: str) -> bool:
    return name.endswith("/")


def _basename(name: str) -> str:
    return name.rstrip("/").rsplit("/", 1)[-1]


def _extension(name: str) -> str:
    base = _basename(name)
    dot = base.rfind(".")
    return base[dot:].lower() if dot > 0 else ""


def _unique(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))


def readme_file(names: Sequence[str]) -> str | None:
    """The README a visitor sees first, or None; root files beat `.github/` and `docs/` ones."""
    best: tuple[int, int, int, str] | None = None
    for position, name in enumerate(names):
        if _is_dir(name):
            continue
        folder, _, base = name.rpartition("/")
        folder_rank = 0 if not folder else _folder_rank(folder + "/")
        if folder_rank < 0 or not _README.match(base):
            continue
        ext_rank = _README_EXT_RANK.get(_extension(base), len(_README_EXT_RANK))
        key = (folder_rank, ext_rank, position, name)
        if best is None or key < best:
            best = key
    return None if best is None else best[3]


def _folder_rank(folder: str) -> int:
    lowered = folder.lower()
    return _README_DIRS.index(lowered) + 1 if lowered in _README_DIRS else -1


def _is_dependency_name(base: str) -> bool:
    return base in _REPO2DOCKER_EXACT or base in _OTHER_EXACT or bool(_ANY_CASE.match(base))


def dependency_files(names: Sequence[str]) -> tuple[str, ...]:
    """Files (and environment folders) that declare what the code needs, in listing order.

    Root files and files inside `binder/` or `.binder/` count; the folders `binder/`, `.binder/`
    and `requirements/` count themselves, since a root listing cannot see inside them.
    """
    found: list[str] = []
    for name in names:
        if _is_dir(name):
            if name.lower() in _ENVIRONMENT_DIRS:
                found.append(name)
            continue
        folder, _, base = name.rpartition("/")
        if folder and folder.lower() + "/" not in _BINDER_PREFIXES:
            continue
        if _is_dependency_name(base):
            found.append(name)
    return _unique(found)


def license_file(names: Sequence[str]) -> str | None:
    """The root licence file, or None; LICENSE/LICENCE beat COPYING, plain names beat variants."""
    best: tuple[int, int, int, str] | None = None
    for position, name in enumerate(names):
        if _is_dir(name) or "/" in name:
            continue
        match = _LICENSE.match(name)
        if match is None:
            continue
        family = 0 if match.group("lic") else 1
        variant = 0 if not match.group("rest") else 1
        key = (family, variant, position, name)
        if best is None or key < best:
            best = key
    return None if best is None else best[3]


def code_files(names: Sequence[str]) -> tuple[str, ...]:
    """Source files by extension, in listing order; directories never count."""
    return _unique(n for n in names if not _is_dir(n) and _extension(n) in CODE_EXTENSIONS)
