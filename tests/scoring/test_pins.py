"""Counting pinned dependency entries in each format research code uses."""

from __future__ import annotations

import pytest

from repro_audit.scoring.pins import PinCount, count_pins

CONDA = """\
name: paper
channels: [conda-forge]
dependencies:
  - python=3.10
  - numpy>=1.2
  - pytorch==2.1.0
  - pip
  - pip:
      - timm==0.9.2
      - einops
prefix: /opt/conda
"""

PYPROJECT = """\
[project]
name = "x"
dependencies = ["torch==2.1.0", "numpy>=1.2", "einops"]

[tool.poetry.dependencies]
python = "^3.10"
scipy = "1.11.0"
pandas = "^2.0"
tqdm = {version = "4.66.1"}
"""

PIPFILE = '[packages]\ntorch = "==2.1.0"\nnumpy = "*"\n'

SETUP_PY = """\
from setuptools import setup
setup(name="x", install_requires=[
    "torch==2.1.0",
    'numpy>=1.2',
])
"""

SETUP_CFG = """\
[metadata]
name = x

[options]
install_requires =
    torch==2.1.0
    numpy
python_requires = >=3.9
"""


@pytest.mark.parametrize(
    ("path", "text", "entries", "pinned"),
    [
        ("requirements.txt", "torch==2.1.0\nnumpy>=1.2\n# c\n\n-r base.txt\nscipy  # x\n", 3, 1),
        ("reqs/requirements-dev.in", "black===23.1\n-e .\n", 1, 1),
        ("environment.yml", CONDA, 6, 3),
        ("binder/environment_gpu.yaml", "dependencies:\n- a=1\n- b\n", 2, 1),
        ("pyproject.toml", PYPROJECT, 6, 3),
        ("Pipfile", PIPFILE, 2, 1),
        ("setup.py", SETUP_PY, 2, 1),
        ("setup.py", "setup(install_requires=requirements)", 0, 0),
        ("setup.cfg", SETUP_CFG, 2, 1),
        ("pyproject.toml", "not = [valid", 0, 0),
    ],
)
def test_count_pins(path: str, text: str, entries: int, pinned: int) -> None:
    counted = count_pins(path, text)
    if entries == 0 and path == "pyproject.toml":
        assert counted is None  # unreadable TOML is skipped, not guessed at
        return
    assert counted == PinCount(path, entries, pinned)


@pytest.mark.parametrize("path", ["Dockerfile", "package.json", "README.md", "apt.txt"])
def test_formats_not_read(path: str) -> None:
    assert count_pins(path, "torch==2.1.0\n") is None
