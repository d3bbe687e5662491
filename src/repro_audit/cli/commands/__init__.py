"""Subcommands of `audit` (`audit NAME ...`); plain `audit FILE...` is the audit itself
(cli/main.py).

Each module offers `run(argv: list[str], invocation: Invocation) -> int`; cli/main.py lists them
in an explicit table, so nothing registers itself at import time.
"""
