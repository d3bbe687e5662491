"""Issue 7, parts 1-2: hostile digests, and no request going where it should not.

`audit_run` runs the CLI in process, the way a scheduled job would, and keeps what it printed, so
each test can say "a report, or one clear error line, and never a traceback".
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from repro_audit.cli.console import Streams
from repro_audit.cli.main import main

NOW = datetime(2025, 11, 20, 12, 0, tzinfo=timezone.utc)
TOKEN = "ghp_hardening_test_token"


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one in-process run returned and printed."""

    code: int
    stdout: str
    stderr: str

    def errors(self) -> list[str]:
        """The `audit: error:` lines: a failed run has exactly one."""
        return [line for line in self.stderr.splitlines() if line.startswith("audit: error:")]

    def document(self) -> dict[str, Any]:
        """The JSON report (for runs with `--format json`)."""
        parsed = json.loads(self.stdout)
        assert isinstance(parsed, dict)
        return parsed


def audit_run(argv: list[str], env: Mapping[str, str]) -> Outcome:
    """Run `audit ARGV` in process; an exception escaping `main` fails the calling test."""
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, dict(env), Streams(out, err), clock=lambda: NOW)
    outcome = Outcome(code, out.getvalue(), err.getvalue())
    assert "Traceback" not in outcome.stderr + outcome.stdout
    return outcome
