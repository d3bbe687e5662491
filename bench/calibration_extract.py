"""Derive the calibration set's facts from the original repositories' git history.

Run:  python bench/calibration_extract.py MIRRORS [--check]
MIRRORS holds one bare git directory per repository, as `MIRRORS/<owner>+<name>/repo` (what the
study's `fetch` step produced). For every attempt in tests/scoring/data/calibration_sources.json
the repository is read at the last commit before the challenge's report deadline
(`git rev-list -1 --before=DATE HEAD`), and only facts are written to
tests/scoring/data/calibration_facts.json: the file listing, total size, commit dates, a licence
id told from the licence file by a few keyword rules of our own, dependency names with their
version specifiers, and README features derived by our own code. No README, licence or code
text is stored. `--check` also scores each repository with its real README beside the skeleton
the features rebuild and prints where the two disagree, so the features can be trusted.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from repro_audit.scoring import phrases, tomlcompat  # noqa: E402
from repro_audit.scoring.filenames import dependency_paths, license_file, readme_file  # noqa: E402
from repro_audit.scoring.readme import (  # noqa: E402
    bibtex,
    has_table,
    licence_mention,
    links,
    placeholder_phrase,
    read_readme,
    substance,
)

SOURCES = ROOT / "tests" / "scoring" / "data" / "calibration_sources.json"
OUTPUT = ROOT / "tests" / "scoring" / "data" / "calibration_facts.json"
COMMIT_SAMPLE = 30
COMMAND_PROGRAMS = re.compile(
    r"^(?:[A-Z_][A-Z0-9_]*=\S*\s+)*(?:sudo\s+|nohup\s+)?(?:python[\d.]*|py|bash|sh|zsh|source|cd"
    r"|pip3?|conda|mamba|git|wget|curl|gdown|unzip|tar|mkdir|make|torchrun|accelerate|deepspeed"
    r"|Rscript|julia|node|docker|srun|sbatch|jupyter|\./[\w./-]+)(?:\s|$)"
)
_PROMPT = re.compile(r"^\s*(?:\([\w.-]+\)\s*)?(?:[$>%#]|>>>)\s+")
_HEADING_KINDS = (
    ("citation", re.compile(r"cit(e|ation)|bibtex|reference", re.I)),
    ("licence", phrases.LICENCE_HEADING),
    ("install", phrases.INSTALL_SECTION),
    ("results", re.compile(r"result|performance|benchmark", re.I)),
    ("pretrained", re.compile(r"pre-?train|checkpoint|model zoo|weights", re.I)),
    ("train", re.compile(r"train", re.I)),
    ("eval", re.compile(r"eval|test|inference", re.I)),
    ("data", re.compile(r"data", re.I)),
    ("usage", phrases.USAGE_SECTION),
)
# Licence files told apart by wordings every copy of that licence carries; anything else that
# is a licence file is NOASSERTION, as GitHub reports a licence it cannot name.
_LICENCES = (
    ("Apache-2.0", ("apache license", "version 2.0")),
    ("AGPL-3.0", ("gnu affero general public license",)),
    ("LGPL-3.0", ("gnu lesser general public license", "version 3")),
    ("LGPL-2.1", ("gnu lesser general public license", "version 2.1")),
    ("GPL-3.0", ("gnu general public license", "version 3")),
    ("GPL-2.0", ("gnu general public license", "version 2")),
    ("MPL-2.0", ("mozilla public license", "2.0")),
    ("CC-BY-NC-SA-4.0", ("attribution-noncommercial-sharealike 4.0",)),
    ("CC-BY-NC-4.0", ("attribution-noncommercial 4.0",)),
    ("CC-BY-4.0", ("attribution 4.0 international",)),
    ("MIT", ("permission is hereby granted, free of charge",)),
    ("BSD-3-Clause", ("redistribution and use in source and binary forms", "neither the name")),
    ("BSD-2-Clause", ("redistribution and use in source and binary forms",)),
    ("Unlicense", ("this is free and unencumbered software",)),
    ("CC0-1.0", ("cc0 1.0 universal",)),
)


def git(directory: Path, *args: str) -> str:
    """Output of one git command on a bare repository."""
    done = subprocess.run(
        ["git", "--git-dir", str(directory), *args], capture_output=True, check=True
    )
    return done.stdout.decode("utf-8", "replace")


def git_dir(mirrors: Path, repository: str) -> Path:
    base = mirrors / repository.replace("/", "+") / "repo"
    return base / ".git" if (base / ".git").is_dir() else base


def licence_id(text: str) -> str:
    flat = re.sub(r"\s+", " ", text.lower())
    for spdx, wordings in _LICENCES:
        if all(w in flat for w in wordings):
            return spdx
    return "NOASSERTION"


def _heading_kind(text: str) -> str:
    return next((kind for kind, pattern in _HEADING_KINDS if pattern.search(text)), "other")


def _commands(lines: tuple[str, ...]) -> list[str]:
    joined: list[str] = []
    pending = ""
    for line in lines:  # `\` continuations joined, as the rubric reads them
        text = _PROMPT.sub("", line).rstrip()
        if text.endswith("\\"):
            pending += text[:-1] + " "
            continue
        joined.append((pending + text).strip())
        pending = ""
    if pending:  # a block that ends inside a continuation
        joined.append(pending.strip())
    return [c[:200] for c in joined if COMMAND_PROGRAMS.match(c)]


def readme_features(text: str, paths: list[str]) -> dict[str, Any]:
    """What the rubric reads in a README, as facts: no sentence of it is kept."""
    readme = read_readme(text)
    folders = {p.rsplit("/", 2)[-2].lower() for p in paths if "/" in p}
    words = {w.lower().strip(".") for w in re.findall(r"[\w.-]+", text)}
    placeholder = placeholder_phrase(text)
    match = phrases.PLACEHOLDER_ANY.search(text)
    weight = [u for u in links(text) if phrases.WEIGHT_HOSTS.match(u)]
    citation = bibtex(text)
    return {
        "prose_chars": substance(readme),
        "headings": [_heading_kind(h) for _, h in readme.headings[1:]],
        "blocks": [
            {"info": b.info, "commands": _commands(b.lines), "lines": min(len(b.lines), 3)}
            for b in readme.blocks
            if b.info not in ("bibtex", "bib")
        ],
        "inline_commands": _commands(tuple(code for _, code in readme.inline_code)),
        "table": has_table(readme),
        "bibtex": [citation.filled, citation.empty],
        "placeholder": match.group(0).strip().lower() if placeholder and match else None,
        "ml_terms": sorted({m.group(0).lower() for m in phrases.ML_TERMS.finditer(text)})[:12],
        "weight_words": bool(phrases.WEIGHT_WORDS.search(text)),
        "weight_links": sorted({re.sub(r"[?#].*$", "", u) for u in weight})[:8],
        "licence_mention": licence_mention(readme) is not None,
        "named_folders": sorted(folders & words)[:20],
    }


_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._\-\[\],]*)\s*(.*?)\s*(?:;.*)?$")


def _split(spec: str) -> list[str]:
    match = _NAME.match(spec.strip().strip("'\""))
    return [match.group(1), match.group(2).replace(" ", "")] if match else []


def dependency(path: str, text: str) -> dict[str, Any]:
    """A dependency file as its format and (name, specifier) pairs."""
    name = path.rsplit("/", 1)[-1].lower()
    entries: list[list[str]] = []
    kind = "other"
    if name.endswith((".txt", ".in")):
        kind = "conda-list" if name.startswith("conda") else "requirements"
        for raw in text.splitlines():
            line = re.sub(r"(^|\s)#.*$", "", raw).strip()
            if line and not line.startswith(("-", "@")) and (pair := _split(line)):
                entries.append(pair)
    elif name.endswith((".yml", ".yaml")):
        kind, inside = "conda", False
        for raw in text.splitlines():
            line = re.sub(r"(^|\s)#.*$", "", raw).rstrip()
            if line and not line.startswith((" ", "-", "\t")):
                inside = line.strip().startswith("dependencies:")
            item = re.match(r"^\s*-\s+(.*)$", line)
            wanted = inside and item and not item.group(1).strip().endswith(":")
            if wanted and item and (pair := _split(item.group(1))):
                entries.append(pair)
    elif name == "setup.py":
        kind = "setup.py"
        block = re.search(r"install_requires\s*=\s*\[(.*?)\]", text, re.S)
        quoted = re.findall(r"[\"']([^\"']+)[\"']", block.group(1)) if block else []
        entries = [pair for q in quoted if (pair := _split(q))]
    elif name == "pyproject.toml":
        kind = "pyproject"
        try:
            project = tomlcompat.loads(text).get("project", {})
        except tomlcompat.TOMLDecodeError:
            project = {}
        entries = [pair for q in project.get("dependencies", []) if (pair := _split(q))]
    return {"path": path, "format": kind, "entries": entries}


def attempt(mirrors: Path, row: list[str], deadlines: dict[str, str]) -> dict[str, Any] | None:
    report_repo, report_path, original, challenge, outcome = row[:5]
    directory = git_dir(mirrors, original)
    date = deadlines[challenge]
    commit = git(directory, "rev-list", "-1", "--first-parent", f"--before={date}", "HEAD").strip()
    if not commit:
        print(f"skipped {original}: no commit before {date}", file=sys.stderr)
        return None
    listing = [
        line.split(None, 4) for line in git(directory, "ls-tree", "-r", "-l", commit).splitlines()
    ]
    blobs = [(parts[4], parts[3]) for parts in listing if parts[1] == "blob"]
    paths = [path for path, _ in blobs]
    dates = git(directory, "log", f"-{COMMIT_SAMPLE}", "--first-parent", "--format=%cI", commit)
    first = git(directory, "log", "--reverse", "--first-parent", "--format=%cI", commit)
    readme = readme_file(paths)
    licence = license_file(paths)
    deps = [
        dependency(p, git(directory, "show", f"{commit}:{p}"))
        for p in dependency_paths(paths)
        if p.rsplit("/", 1)[-1].lower().endswith((".txt", ".in", ".yml", ".yaml", ".py", ".toml"))
    ]
    return {
        "id": f"{report_repo}:{report_path}",
        "original": original,
        "date": date,
        "commit": commit,
        "outcome": outcome,
        "paths": paths,
        "total_bytes": sum(int(size) for _, size in blobs if size.isdigit()),
        "licence": None
        if licence is None
        else licence_id(git(directory, "show", f"{commit}:{licence}")),
        "created_at": first.split("\n", 1)[0].strip() or None,
        "last_commit_at": dates.split("\n", 1)[0].strip() or None,
        "commit_dates": dates.split(),
        "commit_count": int(git(directory, "rev-list", "--count", "--first-parent", commit)),
        "readme": None
        if readme is None
        else {
            "path": readme,
            "features": readme_features(git(directory, "show", f"{commit}:{readme}"), paths),
        },
        "dependencies": deps,
    }


def check(mirrors: Path, rows: list[dict[str, Any]]) -> None:
    """Score each repository with its real README and with the skeleton; print disagreements."""
    from dataclasses import replace

    from repro_audit.scoring import score_repository
    from tests.scoring.calibration_set import load

    worst = 0
    for attempt_, row in zip(load(OUTPUT), rows, strict=True):
        if row["readme"] is None:
            continue
        real = git(
            git_dir(mirrors, row["original"]), "show", f"{row['commit']}:{row['readme']['path']}"
        )
        facts = replace(attempt_.facts, readme_text=real)
        a = score_repository(facts, attempt_.ctx)
        b = score_repository(attempt_.facts, attempt_.ctx)
        differ = [
            f"{x.criterion}:{x.verdict.value}/{y.verdict.value}"
            for x, y in zip(a.findings, b.findings, strict=True)
            if x.verdict is not y.verdict
        ]
        worst = max(worst, abs((a.value or 0) - (b.value or 0)))
        if differ:
            print(f"{row['id']}: real {a.value} skeleton {b.value}: {' '.join(differ)}")
    print(f"largest score difference, real README vs skeleton: {worst}")


def main() -> int:
    """Write the facts file; with --check, compare real READMEs with their skeletons."""
    if len(sys.argv) < 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    mirrors = Path(sys.argv[1])
    sources = json.loads(SOURCES.read_text(encoding="utf-8"))
    rows = [r for row in sources["attempts"] if (r := attempt(mirrors, row, sources["deadlines"]))]
    body = ",\n".join("    " + json.dumps(r, separators=(",", ":")) for r in rows)
    started = datetime.now().astimezone().date().isoformat()
    OUTPUT.write_text(
        '{\n  "made_by": "bench/calibration_extract.py", "made_on": "' + started + '",\n'
        '  "attempts": [\n' + body + "\n  ]\n}\n",
        encoding="utf-8",
    )
    print(f"{len(rows)} attempts, {len({r['original'] for r in rows})} repositories -> {OUTPUT}")
    if "--check" in sys.argv:
        check(mirrors, rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
