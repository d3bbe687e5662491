"""The files a README tells its reader to run, read from its shell commands.

`python train.py`, `bash scripts/x.sh`, `pip install -r requirements.txt`, `conda env create -f
env.yml`, `python -m pkg.mod`, `--config configs/a.yaml`, `make train`: each names a file that
must exist in the repository. Commands are read within their code block, following `cd` into
folders of the repository (a `cd code` in an earlier block makes `code/` a second place to
look); anything that is not plainly a repository path (variables, placeholders, absolute paths,
files an earlier command downloads or creates) is left alone rather than guessed at.
"""

from __future__ import annotations

import functools
import posixpath
import re
import shlex
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from repro_audit.scoring.readme import Readme
from repro_audit.scoring.tree import Tree

_PYTHON = re.compile(r"^(?:python|python[23](?:\.\d+)?|py|pythonw)$")
_PYTHON_VALUE_OPTIONS = frozenset({"-W", "-X", "-Q"})
_SHELLS = frozenset({"bash", "sh", "zsh", "source", "."})
_LAUNCHERS = frozenset({"torchrun", "deepspeed", "accelerate", "horovodrun", "mpirun", "srun"})
_MODULE_LAUNCHERS = ("torch.distributed", "accelerate", "deepspeed", "torch.backends")
_INTERPRETERS = {"Rscript": (".r",), "julia": (".jl",), "node": (".js", ".mjs")}
_PREFIXES = frozenset({"sudo", "nohup", "time", "exec", "env"})
_CONFIG_OPTIONS = frozenset({"--config", "--cfg", "--config-file", "--config_file", "--cfg-file"})
_CONFIG_SUFFIXES = (".yaml", ".yml", ".json", ".py", ".toml", ".cfg", ".ini")
_PRODUCERS = frozenset(
    {"wget", "curl", "gdown", "unzip", "tar", "mkdir", "touch", "cp", "mv", "ln", "git", "echo"}
    | {"cat", "huggingface-cli", "aria2c", "7z", "rsync", "scp", "gsutil", "aws", "hf"}
)
_PLACEHOLDER = re.compile(r"[$<>{}*?~%\[\]]|path/to|/your|your_|^your|xxx|\.\.\.|://", re.I)
_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
_SPLIT = re.compile(r"&&|\|\||;|\|")  # parts are stripped: `\s*` around was quadratic in blanks
_PROMPT = re.compile(r"^\s*(?:\([\w.-]+\)\s*)?(?:[$>%#]|>>>)\s+")
_SHLEX_SPECIAL = re.compile(r"[\"'\\#]")
_SHLEX_WORD = re.compile(r"[^ \t\r\n]+")
_SHELL_INFO = frozenset({"", "bash", "sh", "shell", "console", "zsh", "shell-session", "cmd"})


@dataclass(frozen=True, slots=True)
class Reference:
    """A file a README command needs; any of `paths` will do (`pip install .` wants setup.py,
    setup.cfg or pyproject.toml)."""

    paths: tuple[str, ...]
    label: str  # how to name it in a reason: "scripts/eval.sh", "a package in ."
    line: int  # README line of the command
    command: str


def _tokens(command: str) -> list[str]:
    # Without quotes, escapes or comments shlex only splits on its own whitespace (" \t\r\n");
    # a regex does that many times faster, and most README commands are that plain.
    if _SHLEX_SPECIAL.search(command) is None:
        return _SHLEX_WORD.findall(command)
    try:
        return shlex.split(command, comments=True)
    except ValueError:
        return command.split()


def _strip_prefixes(tokens: list[str]) -> list[str]:
    while tokens and (_ASSIGNMENT.match(tokens[0]) or tokens[0] in _PREFIXES):
        tokens = tokens[1:]
    return tokens


def _plain(path: str) -> bool:
    return bool(path) and not path.startswith("/") and not _PLACEHOLDER.search(path)


def _option_value(tokens: list[str], names: frozenset[str]) -> Iterator[str]:
    for index, token in enumerate(tokens):
        name, equals, value = token.partition("=")
        if name in names:
            if equals:
                yield value
            elif index + 1 < len(tokens):
                yield tokens[index + 1]


def _python_targets(args: list[str]) -> Iterator[tuple[str, ...]]:
    index = 0
    while index < len(args):
        token = args[index]
        if token == "-m" and index + 1 < len(args):
            module = args[index + 1]
            if module.startswith(_MODULE_LAUNCHERS):  # python -m torch.distributed.run x.py
                script = next((a for a in args[index + 2 :] if a.endswith(".py")), None)
                if script:
                    yield (script,)
            elif module.replace(".", "").replace("_", "").isalnum():
                yield ("module:" + module,)
            return
        if token == "-c":
            return
        if token in _PYTHON_VALUE_OPTIONS:
            index += 2
            continue
        if token.startswith("-"):
            index += 1
            continue
        if token.endswith((".py", ".pyw")):
            yield (token,)
        return


def _targets(tokens: list[str]) -> Iterator[tuple[str, ...]]:
    """The paths one simple command needs, before resolving them against the working folder."""
    tokens = _strip_prefixes(tokens)
    if not tokens:
        return
    program, args = tokens[0], tokens[1:]
    if _PYTHON.match(program):
        if args[:2] == ["-m", "pip"]:
            yield from _targets(["pip", *args[2:]])
            return
        yield from _python_targets(args)
        yield from (
            (v,) for v in _option_value(args, _CONFIG_OPTIONS) if v.endswith(_CONFIG_SUFFIXES)
        )
    elif program in _SHELLS:
        script = next((a for a in args if not a.startswith("-")), "")
        if script.endswith((".sh", ".bash")) or "/" in script:
            yield (script,)
    elif program.startswith("./") and len(program) > 2:
        yield (program[2:],)
    elif program in _LAUNCHERS or program.endswith("/launch"):
        launched = next((a for a in args if a.endswith(".py")), None)
        if launched:
            yield (launched,)
            yield from ((v,) for v in _option_value(args, _CONFIG_OPTIONS))
    elif program in _INTERPRETERS:
        source = next((a for a in args if a.lower().endswith(_INTERPRETERS[program])), None)
        if source:
            yield (source,)
    elif program in ("pip", "pip3", "uv") and "install" in args:
        yield from _pip_targets(args)
    elif program in ("conda", "mamba", "micromamba"):
        yield from _conda_targets(args)
    elif program in ("make", "gmake"):
        folder = next(iter(_option_value(args, frozenset({"-C", "--directory"}))), "")
        makefile = next(iter(_option_value(args, frozenset({"-f", "--file"}))), "")
        names = (makefile,) if makefile else ("Makefile", "makefile", "GNUmakefile")
        yield tuple(posixpath.join(folder, n) for n in names)


def _pip_targets(args: list[str]) -> Iterator[tuple[str, ...]]:
    yield from ((v,) for v in _option_value(args, frozenset({"-r", "--requirement", "-c"})))
    for index, token in enumerate(args):
        folder = args[index + 1] if token in ("-e", "--editable") and index + 1 < len(args) else ""
        after_r = index > 0 and args[index - 1] in ("-r", "--requirement", "-c")
        if not folder and (token == "." or token.startswith("./")) and not after_r:
            folder = token
        if folder == "." or folder.startswith("./"):
            base = folder.rstrip("/")
            yield tuple(
                posixpath.join(base, n) for n in ("setup.py", "pyproject.toml", "setup.cfg")
            )


def _conda_targets(args: list[str]) -> Iterator[tuple[str, ...]]:
    files = list(_option_value(args, frozenset({"-f", "--file"})))
    yield from ((f,) for f in files)
    if not files and args[:2] in (["env", "create"], ["env", "update"]):
        yield ("environment.yml", "environment.yaml")


def _produced(tokens: list[str]) -> set[str]:
    """Names an earlier command downloads, unpacks or creates, so later uses are not checked."""
    tokens = _strip_prefixes(tokens)
    if not tokens or tokens[0] not in _PRODUCERS:
        return set()
    return {t for token in tokens[1:] for t in (token, posixpath.basename(token.rstrip("/")))}


@dataclass(frozen=True, slots=True)
class _Part:
    """One simple command of a README line, with what it needs and what it creates."""

    text: str
    tokens: tuple[str, ...]  # never empty; `sudo`, `VAR=1` and such stripped
    targets: tuple[tuple[str, ...], ...]  # as _targets yields them, not yet resolved
    produced: frozenset[str]


@functools.lru_cache(maxsize=1024)
def _parse(command: str) -> tuple[_Part, ...]:
    """A command line split at `&&`, `;`, `|` and read, without the repository's tree.

    Cached by text: READMEs repeat the same few lines (`pip install -r requirements.txt`), and
    tokenising is most of the cost of checking one.
    """
    parts: list[_Part] = []
    for part in _SPLIT.split(command):
        text = part.strip()
        tokens = _strip_prefixes(_tokens(text))
        if tokens:
            targets = tuple(_targets(tokens))
            parts.append(_Part(text, tuple(tokens), targets, frozenset(_produced(tokens))))
    return tuple(parts)


class _Walker:
    """Follows one code block's commands, keeping the working folder and what was created."""

    def __init__(
        self, tree: Tree, repo_names: frozenset[str], earlier: tuple[str, ...] = ()
    ) -> None:
        self.tree = tree
        self.repo_names = repo_names
        self.cwd: str | None = ""
        self.made: set[str] = set()
        self.earlier = earlier  # folders an earlier block `cd`-ed into: its readers may be there
        self.entered: list[str] = []

    def resolve(self, path: str) -> str | None:
        if self.cwd is None or not _plain(path) or path in self.made:
            return None
        if posixpath.basename(path) in self.made:
            return None
        joined = posixpath.normpath(posixpath.join(self.cwd, path))
        return None if joined.startswith("..") or joined == "." else joined

    def change_folder(self, tokens: Sequence[str]) -> None:
        target = tokens[1] if len(tokens) > 1 else ""
        clean = target.rstrip("/")
        if clean.lower() in self.repo_names:  # `git clone .../name && cd name`
            self.cwd = ""
            return
        if self.cwd is None or not _plain(clean):
            self.cwd = None
            return
        joined = posixpath.normpath(posixpath.join(self.cwd, clean))
        if joined == ".":
            self.cwd = ""
            return
        inside = not joined.startswith("..") and self.tree.is_folder(joined)
        self.cwd = joined if inside else None
        if self.cwd:
            self.entered.append(self.cwd)

    def references(self, command: str, line: int) -> Iterator[Reference]:
        for part in _parse(command):
            tokens = part.tokens
            if tokens[0] == "cd":
                self.change_folder(tokens)
                continue
            if tokens[0] == "git" and "clone" in tokens:
                self.repo_names = self.repo_names | _clone_names(tokens, self.repo_names)
            yield from self._needed(part.targets, part.text, line)
            self.made |= part.produced

    def _needed(
        self, targets: tuple[tuple[str, ...], ...], command: str, line: int
    ) -> Iterator[Reference]:
        for target in targets:
            if target[0].startswith("module:"):
                reference = self._module(target[0].removeprefix("module:"), command, line)
                if reference is not None:
                    yield reference
                continue
            resolved = [self.resolve(path) for path in target]
            if all(r is not None for r in resolved):
                paths = tuple(r for r in resolved if r is not None)
                label = paths[0] if len(paths) == 1 else _package_label(paths)
                if self.cwd == "":  # still at the root: or where an earlier block went
                    paths += tuple(posixpath.join(f, p) for f in self.earlier for p in paths)
                yield Reference(paths, label, line, command.strip())

    def _module(self, module: str, command: str, line: int) -> Reference | None:
        """`python -m pkg.mod`: checked only when `pkg` is a folder of this repository, since
        `python -m pip` or `-m torch.distributed.launch` name installed modules."""
        if self.cwd is None:
            return None
        parts = module.split(".")
        for base in (self.cwd, posixpath.join(self.cwd, "src")):
            top = posixpath.normpath(posixpath.join(base, parts[0]))
            if self.tree.is_folder(top) is True:
                stem = posixpath.normpath(posixpath.join(base, *parts))
                paths = (f"{stem}.py", f"{stem}/__main__.py", f"{stem}/__init__.py")
                return Reference(paths if len(parts) > 1 else paths[1:2], module, line, command)
        return None


def _package_label(paths: tuple[str, ...]) -> str:
    folder = posixpath.dirname(paths[0]) or "."
    names = {posixpath.basename(p) for p in paths}
    if "setup.py" in names:
        return f"a Python package in {folder} (setup.py or pyproject.toml)"
    return " or ".join(paths)


def _clone_names(tokens: Sequence[str], names: frozenset[str]) -> frozenset[str]:
    """The folder a clone of this repository lands in (`git clone URL [folder]`); clones of other
    repositories add nothing, so a later `cd` into them leaves the checked tree."""
    args = [t for t in tokens[tokens.index("clone") + 1 :] if not t.startswith("-")]
    if not args:
        return frozenset()
    cloned = posixpath.basename(args[0].rstrip("/")).removesuffix(".git").lower()
    if cloned not in names:
        return frozenset()
    return frozenset({(args[1] if len(args) > 1 else cloned).rstrip("/").lower()})


def _block_commands(lines: tuple[str, ...], first: int) -> Iterator[tuple[int, str]]:
    """Commands of a block with `\\` continuations joined, numbered by their first line."""
    pending, start = "", first
    for offset, raw in enumerate(lines):
        text = _PROMPT.sub("", raw).rstrip()
        if not pending:
            start = first + offset
        if text.endswith("\\"):
            pending += text[:-1] + " "
            continue
        yield start, pending + text
        pending = ""
    if pending:
        yield start, pending


@functools.lru_cache(maxsize=64)
def _command_groups(readme: Readme) -> tuple[tuple[tuple[int, str], ...], ...]:
    """The README's commands as (line, command), one group per shell block and per inline code
    span: each group is followed from the repository root. Depends on the text alone, so cached
    on the (per-text) Readme."""
    groups = [
        tuple(_block_commands(block.lines, block.line))
        for block in readme.blocks
        if block.info in _SHELL_INFO
    ]
    groups.extend(((line, code),) for line, code in readme.inline_code)
    return tuple(groups)


def references(readme: Readme, tree: Tree, repo_names: Iterable[str]) -> tuple[Reference, ...]:
    """Every repository file the README's commands need, once each, in README order.

    `repo_names` are the names a `git clone` of this repository lands in (old and new name).
    """
    names = frozenset(name.lower() for name in repo_names)
    found: dict[tuple[str, ...], Reference] = {}
    earlier: dict[str, None] = {}
    for commands in _command_groups(readme):
        walker = _Walker(tree, names, tuple(earlier))
        for line, command in commands:
            for reference in walker.references(command, line):
                found.setdefault(reference.paths, reference)
        earlier.update(dict.fromkeys(walker.entered))
    return tuple(found.values())
