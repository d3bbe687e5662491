"""The installed `audit` script as a separate process, the way a workflow step runs it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

SCRIPT = Path(sys.executable).parent / "audit"
BASE_ENV = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8"}


def run_audit(
    args: list[str],
    env: Mapping[str, str],
    cwd: Path,
    timeout: float = 120,
    stdin: str | None = None,
) -> subprocess.CompletedProcess[str]:
    """`audit ARGS` in `cwd` with only `env` (plus a PATH), its streams captured as text."""
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "repro_audit"]
    return subprocess.run(
        [*command, *args],
        env={**BASE_ENV, **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        input=stdin,
        check=False,
    )
