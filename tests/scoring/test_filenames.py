"""Recognising READMEs, dependency specifications, licences and code in a root listing."""

from __future__ import annotations

import pytest

from repro_audit.scoring.filenames import (
    citation_file,
    code_files,
    dependency_files,
    dependency_paths,
    is_decor,
    license_file,
    lock_files,
    readme_file,
    weight_files,
)


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["README.md", "main.py"], "README.md"),
        (["readme.rst"], "readme.rst"),
        (["Readme.txt"], "Readme.txt"),
        (["README"], "README"),
        (["README.markdown"], "README.markdown"),
        (["README.txt", "README.md"], "README.md"),  # rendered formats first
        (["README.rst", "README"], "README.rst"),
        (["docs/README.md", ".github/README.md"], ".github/README.md"),
        (["docs/README.md", "readme.org"], "readme.org"),  # the root beats folders
        (["README/"], None),  # a directory is not a README
        (["README_zh.md"], None),  # GitHub only shows README.*
        (["src/README.md"], None),
        (["main.py", "LICENSE"], None),
        ([], None),
    ],
)
def test_readme_file(names: list[str], expected: str | None) -> None:
    assert readme_file(names) == expected


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["requirements.txt", "README.md"], ("requirements.txt",)),
        (["Requirements.txt"], ("Requirements.txt",)),  # handed to pip -r: any case
        (
            ["requirements-dev.txt", "requirements_gpu.txt"],
            ("requirements-dev.txt", "requirements_gpu.txt"),
        ),
        (["requirements.in", "requirements.yml"], ("requirements.in", "requirements.yml")),
        (["environment.yml", "environment.yaml"], ("environment.yml", "environment.yaml")),
        (
            ["environment_cuda11.yml", "Environment-cpu.yaml"],
            ("environment_cuda11.yml", "Environment-cpu.yaml"),
        ),
        (["conda.yaml"], ("conda.yaml",)),
        (
            ["Dockerfile", "dockerfile.gpu", "train.Dockerfile"],
            ("Dockerfile", "dockerfile.gpu", "train.Dockerfile"),
        ),
        (
            ["Pipfile", "Pipfile.lock", "setup.py", "setup.cfg"],
            ("Pipfile", "Pipfile.lock", "setup.py", "setup.cfg"),
        ),
        (
            ["pyproject.toml", "poetry.lock", "uv.lock"],
            ("pyproject.toml", "poetry.lock", "uv.lock"),
        ),
        (
            ["runtime.txt", "apt.txt", "postBuild", "start"],
            ("runtime.txt", "apt.txt", "postBuild", "start"),
        ),
        (["install.R", "DESCRIPTION", "renv.lock"], ("install.R", "DESCRIPTION", "renv.lock")),
        (
            ["Project.toml", "Manifest.toml", "REQUIRE"],
            ("Project.toml", "Manifest.toml", "REQUIRE"),
        ),
        (["default.nix", "flake.nix"], ("default.nix", "flake.nix")),
        (["package.json", "Cargo.toml", "go.mod"], ("package.json", "Cargo.toml", "go.mod")),
        (["CMakeLists.txt", "Makefile"], ("CMakeLists.txt",)),  # a Makefile says how, not what
        (["binder/", "binder/environment.yml"], ("binder/", "binder/environment.yml")),
        ([".binder/postBuild"], (".binder/postBuild",)),
        (["requirements/"], ("requirements/",)),
        (["docs/requirements.txt", "src/setup.py"], ()),  # only root and binder/ count
        (["PYPROJECT.TOML", "setup.PY", "Package.json", "go.MOD"], ()),  # exact-name ecosystems
        (["requirements.txt", "requirements.txt"], ("requirements.txt",)),
        (["requirements.txt/"], ()),  # a directory with a file's name
        (["README.md", "train.py", "LICENSE"], ()),
        ([], ()),
    ],
)
def test_dependency_files(names: list[str], expected: tuple[str, ...]) -> None:
    assert dependency_files(names) == expected


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["LICENSE"], "LICENSE"),
        (["licence.md"], "licence.md"),
        (["LICENSE.txt", "README.md"], "LICENSE.txt"),
        (["COPYING"], "COPYING"),
        (["COPYING.LESSER", "COPYING"], "COPYING"),
        (["COPYING", "LICENSE.md"], "LICENSE.md"),  # LICENSE beats COPYING
        (["LICENSE-APACHE", "LICENSE-MIT"], "LICENSE-APACHE"),
        (["LICENSE-MIT", "LICENSE"], "LICENSE"),  # the plain name beats variants
        (["UNLICENSE"], "UNLICENSE"),
        (["LICENSE/"], None),
        (["docs/LICENSE"], None),
        (["licenses.py"], None),
        (["README.md"], None),
        ([], None),
    ],
)
def test_license_file(names: list[str], expected: str | None) -> None:
    assert license_file(names) == expected


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["train.py", "README.md", "demo.ipynb"], ("train.py", "demo.ipynb")),
        (
            ["analysis.R", "model.r", "fit.jl", "run.m"],
            ("analysis.R", "model.r", "fit.jl", "run.m"),
        ),
        (["kernel.cu", "ops.cpp", "ops.h", "main.c"], ("kernel.cu", "ops.cpp", "ops.h", "main.c")),
        (
            ["App.java", "index.js", "app.ts", "main.go", "lib.rs"],
            ("App.java", "index.js", "app.ts", "main.go", "lib.rs"),
        ),
        (["run.sh", "Main.scala"], ("run.sh", "Main.scala")),
        (["src/model.py"], ("src/model.py",)),
        (["src/", "data.csv", "weights.pt", "Makefile", ".py"], ()),
        ([], ()),
    ],
)
def test_code_files(names: list[str], expected: tuple[str, ...]) -> None:
    assert code_files(names) == expected


@pytest.mark.parametrize(
    ("paths", "expected"),
    [
        (["requirements.txt", "docker/Dockerfile"], ("requirements.txt", "docker/Dockerfile")),
        (["envs/environment_cuda.yml", "a.py"], ("envs/environment_cuda.yml",)),
        (["binder/postBuild", "sub/pkg/setup.py"], ("binder/postBuild", "sub/pkg/setup.py")),
        (["docs/requirements.txt", "doc/conf.py"], ()),  # builds the docs, not the code
        ([".github/workflows/requirements.txt", "vendor/x/setup.py"], ()),
        (["node_modules/a/package.json"], ()),
        (["requirements/", "a.py"], ()),  # folders are not files
    ],
)
def test_dependency_paths(paths: list[str], expected: tuple[str, ...]) -> None:
    assert dependency_paths(paths) == expected


@pytest.mark.parametrize(
    ("paths", "expected"),
    [
        (["poetry.lock", "uv.lock", "pyproject.toml"], ("poetry.lock", "uv.lock")),
        (["web/package-lock.json", "conda-lock.yml"], ("web/package-lock.json", "conda-lock.yml")),
        (["Pipfile", "requirements.txt", "lock.txt"], ()),
    ],
)
def test_lock_files(paths: list[str], expected: tuple[str, ...]) -> None:
    assert lock_files(paths) == expected


@pytest.mark.parametrize(
    ("paths", "expected"),
    [
        (["ckpt/best.PTH", "model.safetensors"], ("ckpt/best.PTH", "model.safetensors")),
        (["w.ckpt", "net.onnx", "m.h5"], ("w.ckpt", "net.onnx", "m.h5")),
        (["model.py", "weights/", "data.bin"], ()),
    ],
)
def test_weight_files(paths: list[str], expected: tuple[str, ...]) -> None:
    assert weight_files(paths) == expected


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["README.md", "CITATION.cff"], "CITATION.cff"),
        (["citation.bib"], "citation.bib"),
        ([".zenodo.json"], ".zenodo.json"),
        (["codemeta.json"], "codemeta.json"),
        (["docs/CITATION.cff", "CITATION/"], None),
        (["README.md"], None),
    ],
)
def test_citation_file(names: list[str], expected: str | None) -> None:
    assert citation_file(names) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("README.md", True),
        ("LICENSE", True),
        ("assets/teaser.png", True),
        ("figures/", True),
        ("docs/index.html", True),
        (".gitignore", True),
        (".github/workflows/ci.yml", True),
        ("paper.pdf", True),
        ("requirements.txt", False),  # a .txt that declares dependencies
        ("train.py", False),
        ("data.csv", False),
        ("src/", False),
    ],
)
def test_is_decor(name: str, expected: bool) -> None:
    assert is_decor(name) is expected
