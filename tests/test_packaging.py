"""The built wheel: it holds the JSON schemas, and once installed in a fresh venv it runs
`audit --version` and audits the example digest (against the emulator) without the sources.

The wheel is built offline from a copy of the project (`python -m build --no-isolation`, with
the setuptools of this venv), or taken from REPRO_AUDIT_WHEEL (the release workflow passes the
wheel it is about to publish). The fresh venv has no pip and no packages of its own: the wheel is
installed into it with this venv's pip (`--no-deps`), and its dependencies are this venv's
site-packages, named in a `.pth` file, so nothing is downloaded and it stays quick.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from repro_audit import __version__
from tests.emulator import GitHubEmulator
from tests.emulator.example_world import ExampleWorld

ROOT = Path(__file__).parents[1]
SCHEMAS = ("audit-report.schema.json", "history-record.schema.json")
PROJECT_FILES = ("pyproject.toml", "README.md", "LICENSE", "src")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get("REPRO_AUDIT_WHEEL")
    if given:
        return Path(given)
    source = tmp_path_factory.mktemp("project")
    for name in PROJECT_FILES:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("*.egg-info"))
        else:
            shutil.copy2(path, source / name)
    out = tmp_path_factory.mktemp("dist")
    built = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out)],
        cwd=source,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    [found] = out.glob("*.whl")
    return found


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A new venv holding the wheel, and this venv's packages for its dependencies."""
    home = tmp_path_factory.mktemp("fresh") / "venv"
    venv.EnvBuilder(with_pip=False).create(home)
    python = home / ("Scripts" if os.name == "nt" else "bin") / "python"
    target = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout.strip()
    Path(target, "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps"]
    done = subprocess.run(
        [*pip, "--no-index", "--disable-pip-version-check", "--quiet", str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    yield python


def test_the_wheel_holds_the_schemas_and_the_script(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        info = f"repro_audit-{__version__}.dist-info"
        metadata = archive.read(f"{info}/METADATA").decode()
        scripts = archive.read(f"{info}/entry_points.txt").decode()
        for schema in SCHEMAS:
            json.loads(archive.read(f"repro_audit/schema/{schema}"))  # whole and valid JSON
    assert f"Version: {__version__}\n" in metadata
    assert "audit = repro_audit.cli.entry:entry_point" in scripts  # --version before imports
    assert "repro_audit/py.typed" in names
    assert not [name for name in names if name.startswith("tests/") or name.endswith(".pyc")]


def _run(python: Path, *args: str, cwd: Path, env: dict[str, str] | None = None) -> Any:
    script = python.parent / "audit"
    return subprocess.run(
        [str(script), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**(env or {}), "PATH": os.environ.get("PATH", ""), "HOME": str(cwd)},
    )


def test_installed_wheel_runs_without_the_sources(installed: Path, tmp_path: Path) -> None:
    version = _run(installed, "--version", cwd=tmp_path)
    assert (version.returncode, version.stdout.strip()) == (0, f"audit {__version__}")
    where = subprocess.run(
        [str(installed), "-c", "import repro_audit; print(repro_audit.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout.strip()
    assert Path(where).is_relative_to(installed.parents[1])  # the venv's copy, not src/


def test_installed_wheel_audits_the_example(
    installed: Path, example: tuple[GitHubEmulator, ExampleWorld], tmp_path: Path
) -> None:
    emu, _ = example
    digest = tmp_path / "digest.md"
    shutil.copy2(ROOT / "examples" / "digest.md", digest)
    env = {**emu.env("ghp_packaging_token"), "REPRO_AUDIT_CACHE_DIR": str(tmp_path / "cache")}
    env["REPRO_AUDIT_WEB_ALLOW"] = os.environ.get("REPRO_AUDIT_WEB_ALLOW", "127.0.0.1")
    run = _run(installed, str(digest), "--format", "json", cwd=tmp_path, env=env)
    assert run.returncode == 2, run.stderr  # the example world holds dead links
    schema_file = installed.parents[1] / "lib"
    [schema] = schema_file.glob("python*/site-packages/repro_audit/schema/audit-report.schema.json")
    jsonschema.validate(json.loads(run.stdout), json.loads(schema.read_text()))
