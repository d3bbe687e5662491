"""Where the ignore list is read from: `.repro-audit-ignore` and `[tool.repro-audit] exclude`
in ./pyproject.toml, both in the current folder (as lychee reads `.lycheeignore`)."""

from __future__ import annotations

from pathlib import Path

from repro_audit.report.ignore import IgnoreError, IgnoreRule, parse_ignore_file, rules_from_table
from repro_audit.scoring import tomlcompat as tomllib

IGNORE_FILE = ".repro-audit-ignore"


def load_ignore_rules(folder: Path | None = None) -> list[IgnoreRule]:
    """Every rule of both places; a file that cannot be read or parsed is an IgnoreError."""
    here = folder or Path.cwd()
    rules: list[IgnoreRule] = []
    listed = here / IGNORE_FILE
    if listed.is_file():
        rules += parse_ignore_file(_text(listed), IGNORE_FILE)
    project = here / "pyproject.toml"
    if project.is_file():
        try:
            document = tomllib.loads(_text(project))
        except tomllib.TOMLDecodeError:
            return rules  # the rubric's reader reports a broken pyproject.toml in its own words
        section = document.get("tool", {}).get("repro-audit", {})
        if isinstance(section, dict) and "exclude" in section:
            rules += rules_from_table(section["exclude"], "pyproject.toml")
    return rules


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise IgnoreError(f"{path.name}: cannot read ({error})") from None
