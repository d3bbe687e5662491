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

import functools
import re
from collections.abc import Iterable, Sequence

_CACHED = 32
"""Listings remembered per question: every criterion asks about the same root and tree in turn,
so a few entries turn repeated scans into lookups while memory stays flat over many repos."""

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
      | (?:conda|pip)[-_]?(?:reqs?|requirements)\.txt
      | reqs\.txt
      | env\.ya?ml
      | singularity(?:\.[\w.-]+)?
      | apptainer(?:\.[\w.-]+)?
      | [\w.-]+\.sif
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
    # The base name's extension without slicing the base name out: called for every path.
    name = name.rstrip("/")
    dot = name.rfind(".")
    return name[dot:].lower() if dot > name.rfind("/") + 1 else ""


def _unique(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(names))


def readme_file(names: Sequence[str]) -> str | None:
    """The README a visitor sees first, or None; root files beat `.github/` and `docs/` ones."""
    return _readme_file(tuple(names))


@functools.lru_cache(maxsize=_CACHED)
def _readme_file(names: tuple[str, ...]) -> str | None:
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


# Names that declare dependencies only by where they sit: `requirements/base.txt`, and an
# Apptainer definition (`*.def`, a name other tools use too) at the root or in a container folder.
_BY_FOLDER = re.compile(
    r"^(?:(?:[\w.-]+/)*requirements/[\w.-]+\.(?:txt|in)"
    r"|(?:(?:[\w.-]+/)*(?:singularity|apptainer|containers?)/)?[\w.-]+\.def)$",
    re.IGNORECASE,
)


def dependency_files(names: Sequence[str]) -> tuple[str, ...]:
    """Files (and environment folders) that declare what the code needs, in listing order.

    Root files and files inside `binder/` or `.binder/` count; the folders `binder/`, `.binder/`
    and `requirements/` count themselves, since a root listing cannot see inside them.
    """
    return _dependency_files(tuple(names))


@functools.lru_cache(maxsize=_CACHED)
def _dependency_files(names: tuple[str, ...]) -> tuple[str, ...]:
    found: list[str] = []
    for name in names:
        if _is_dir(name):
            if name.lower() in _ENVIRONMENT_DIRS:
                found.append(name)
            continue
        folder, _, base = name.rpartition("/")
        if folder and folder.lower() + "/" not in _BINDER_PREFIXES:
            if folder.lower() == "requirements" and _BY_FOLDER.match(name):
                found.append(name)
            continue
        if _is_dependency_name(base) or _BY_FOLDER.match(name):
            found.append(name)
    return _unique(found)


def license_file(names: Sequence[str]) -> str | None:
    """The root licence file, or None; LICENSE/LICENCE beat COPYING, plain names beat variants."""
    return _license_file(tuple(names))


@functools.lru_cache(maxsize=_CACHED)
def _license_file(names: tuple[str, ...]) -> str | None:
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
    return _code_files(tuple(names))


@functools.lru_cache(maxsize=_CACHED)
def _code_files(names: tuple[str, ...]) -> tuple[str, ...]:
    return _unique(n for n in names if not n.endswith("/") and _extension(n) in CODE_EXTENSIONS)


# Folders whose dependency files describe something other than the code: docs builds, vendored
# or generated trees, CI configuration.
_NOT_THE_CODE_DIRS = frozenset(
    {"docs", "doc", "node_modules", "site-packages", ".git", ".github", "third_party", "vendor"}
)


def dependency_paths(paths: Sequence[str]) -> tuple[str, ...]:
    """Dependency files anywhere in a tree (a Dockerfile in `docker/`, `envs/requirements.txt`).

    Files under docs/, vendored or CI folders are skipped: a `docs/requirements.txt` builds the
    documentation, not the code.
    """
    return _dependency_paths(tuple(paths))


@functools.lru_cache(maxsize=_CACHED)
def _dependency_paths(paths: tuple[str, ...]) -> tuple[str, ...]:
    found: list[str] = []
    skipped: dict[str, bool] = {}  # folder -> whether it is docs, vendored or CI; asked once
    for name in paths:
        if _is_dir(name):
            continue
        folder, _, base = name.rpartition("/")
        if folder:
            skip = skipped.get(folder)
            if skip is None:
                parts = folder.split("/")
                skip = skipped[folder] = any(p.lower() in _NOT_THE_CODE_DIRS for p in parts)
            if skip:
                continue
        if _is_dependency_name(base) or _BY_FOLDER.match(name):
            found.append(name)
    return _unique(found)


LOCK_FILES: frozenset[str] = frozenset(
    {
        "Pipfile.lock",
        "poetry.lock",
        "uv.lock",
        "pdm.lock",
        "pixi.lock",
        "conda-lock.yml",
        "conda-lock.yaml",
        "renv.lock",
        "Manifest.toml",
        "package-lock.json",
        "yarn.lock",
        "pnpm-lock.yaml",
        "Cargo.lock",
        "go.sum",
        "flake.lock",
    }
)
"""Files a tool writes with every resolved version: their presence means the versions are pinned."""


def lock_files(paths: Sequence[str]) -> tuple[str, ...]:
    """Lock files anywhere in the listing, in listing order."""
    return _lock_files(tuple(paths))


@functools.lru_cache(maxsize=_CACHED)
def _lock_files(paths: tuple[str, ...]) -> tuple[str, ...]:
    return _unique(n for n in paths if not n.endswith("/") and _basename(n) in LOCK_FILES)


WEIGHT_EXTENSIONS: frozenset[str] = frozenset(
    {
        ".pth",
        ".pt",
        ".ckpt",
        ".safetensors",
        ".h5",
        ".hdf5",
        ".keras",
        ".onnx",
        ".pdparams",
        ".tflite",
        ".mlmodel",
        ".caffemodel",
        ".gguf",
    }
)
"""Extensions (lower case) of saved model weights: checkpoints shipped in the repository."""


def weight_files(paths: Sequence[str]) -> tuple[str, ...]:
    """Model weight files by extension, in listing order."""
    return _weight_files(tuple(paths))


@functools.lru_cache(maxsize=_CACHED)
def _weight_files(paths: tuple[str, ...]) -> tuple[str, ...]:
    return _unique(n for n in paths if not n.endswith("/") and _extension(n) in WEIGHT_EXTENSIONS)


_CITATION = frozenset({"citation.cff", "citation.bib", "citation.md", "citation", "codemeta.json"})


def citation_file(names: Sequence[str]) -> str | None:
    """A root file that tells how to cite the work (CITATION.cff, codemeta.json, .zenodo.json)."""
    return _citation_file(tuple(names))


@functools.lru_cache(maxsize=_CACHED)
def _citation_file(names: tuple[str, ...]) -> str | None:
    for name in names:
        if _is_dir(name) or "/" in name:
            continue
        if name.lower() in _CITATION or name == ".zenodo.json":
            return name
    return None


_DECOR_EXTENSIONS = frozenset(
    {
        ".md",
        ".markdown",
        ".rst",
        ".txt",
        ".pdf",
        ".png",
        ".jpg",
        ".jpeg",
        ".gif",
        ".svg",
        ".webp",
        ".bmp",
        ".tif",
        ".tiff",
        ".ico",
        ".mp4",
        ".webm",
        ".html",
        ".htm",
        ".css",
        ".bib",
        ".cff",
    }
)
_DECOR_NAMES = frozenset(
    {".gitignore", ".gitattributes", ".gitmodules", ".nojekyll", "_config.yml"}
)
_DECOR_DIRS = frozenset(
    {"assets", "asset", "images", "image", "imgs", "img", "figures", "figs", "fig", "media"}
    | {"static", "docs", "doc", "pics", "resources", ".github", "teaser", "video", "videos"}
)


def is_decor(name: str) -> bool:
    """True for what a placeholder repository holds instead of code: README, licence, images,
    documents, a project page, git and GitHub housekeeping.

    Directories count when their name says they hold pictures or documents (`assets/`, `docs/`).
    """
    if _is_dir(name):
        return _basename(name).lower() in _DECOR_DIRS
    base = _basename(name)
    if name.startswith(".github/") or base in _DECOR_NAMES:
        return True
    if _LICENSE.match(base) or _README.match(base):
        return True
    # A requirements.txt is not decoration even though it ends in .txt.
    return _extension(base) in _DECOR_EXTENSIONS and not _is_dependency_name(base)
