"""`python -m repro_audit` runs the same command as the `audit` script."""

from __future__ import annotations

from repro_audit.cli.entry import entry_point

entry_point()
