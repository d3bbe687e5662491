"""Run the installed `audit` script as a user would: in a clean environment, on a pipe or under
a real pseudo-terminal of a given width."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from dataclasses import dataclass
from pathlib import Path

SCRIPT = Path(sys.executable).parent / "audit"
ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "examples" / "digest.md"


def command() -> list[str]:
    """The console script pip installed (the module when run from a source tree)."""
    return [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "repro_audit"]


def clean_env(home: Path, **extra: str) -> dict[str, str]:
    """Only what a fresh shell has, so no proxy, token or cache of this machine leaks in."""
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "REPRO_AUDIT_CACHE_DIR": str(home / "cache"),
        "NO_PROXY": "",
        "no_proxy": "",
    }
    env.update(extra)
    return env


@dataclass(frozen=True)
class Finished:
    """Exit code, output and how long the run took."""

    code: int
    stdout: str
    stderr: str
    seconds: float


def run(
    args: list[str],
    env: dict[str, str],
    *,
    stdin: str | None = None,
    cwd: Path | None = None,
    timeout: float = 120,
) -> Finished:
    """The script on pipes (not a terminal)."""
    started = time.monotonic()
    done = subprocess.run(
        [*command(), *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        cwd=cwd,
    )
    return Finished(done.returncode, done.stdout, done.stderr, time.monotonic() - started)


def run_in_pty(
    args: list[str], env: dict[str, str], *, columns: int = 80, timeout: float = 120
) -> Finished:
    """The script with stdin, stdout and stderr on one pseudo-terminal `columns` wide; what it
    wrote comes back as `stdout` (with the terminal's \\r\\n turned into \\n)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    started = time.monotonic()
    process = subprocess.Popen(
        [*command(), *args], env=env, stdin=slave, stdout=slave, stderr=slave, close_fds=True
    )
    os.close(slave)
    chunks: list[bytes] = []
    deadline = started + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    data = os.read(master, 65536)
                except OSError:  # EIO: the child closed the terminal
                    break
                if not data:
                    break
                chunks.append(data)
            elif process.poll() is not None:
                break
        code = process.wait(timeout=max(1.0, deadline - time.monotonic()))
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(master)
    text = b"".join(chunks).decode("utf-8", "replace").replace("\r\n", "\n")
    return Finished(code, text, "", time.monotonic() - started)


def write_digest(path: Path, names: list[str], server: str) -> Path:
    """A small digest at `path`: one paper row per repository `owner/name` on `server`."""
    lines = ["| Title | Date | Abstract | Comment | CodeRepository |", "|---|---|---|---|---|"]
    lines += [
        f"| Paper {n} | 2025-10-01 | text | none | [Code Link]({server}/{name}) |"
        for n, name in enumerate(names)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
