"""The `audit` script's entry: `audit --version` answers before anything heavy is imported.

Everything else goes to cli/main.py, which itself loads PyGithub, GitPython and requests only
when a run needs them (repro_audit.lazy); bench/bench_startup.py measures both.
"""

from __future__ import annotations

import sys


def entry_point() -> None:
    """Console-script entry."""
    if sys.argv[1:] == ["--version"]:
        from repro_audit import __version__

        print(f"audit {__version__}")
        sys.exit(0)
    from repro_audit.cli.main import entry_point as run

    run()
