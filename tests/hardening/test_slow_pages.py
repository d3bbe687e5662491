"""A page that drips its answer cannot hold a check past its time limit (issue 18, item 4).

requests' timeout is per read, so a server sending one header byte every so often kept a check
alive indefinitely. The server here (127.0.0.1) drips a 70-byte head at 0.4 s a byte, 28 s in
all, never pausing long enough for a per-read timeout of 2 s; the installed `audit`, with
`--timeout 2`, must give up on it well before a single drip is over and call the page unknown.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from tests.hardening.hostile_server import Answer, hostile_server
from tests.hardening.installed import run_audit

DRIP = 0.4
HEAD = (("X-Padding", "p" * 20),)


def test_a_dripping_page_is_unknown_within_the_limit(tmp_path: Path) -> None:
    answer = Answer(200, HEAD, b"", drip=DRIP)
    with hostile_server(lambda path: answer) as page:
        host = page.url.removeprefix("http://")
        head = f"HTTP/1.1 200 X\r\nContent-Length: 0\r\nX-Padding: {'p' * 20}\r\n\r\n"
        whole_drip = DRIP * len(head)
        (tmp_path / "d.md").write_text(
            "| Title | Date | Abstract | Comment | CodeRepository |\n|---|---|---|---|---|\n"
            f"| P | 2025-10-01 | a | c | [Project page]({page.url}/project) |\n"
        )
        env = {"REPRO_AUDIT_CACHE_DIR": str(tmp_path / "c"), "HOME": str(tmp_path)}
        argv = ["d.md", "--format", "json", "--web-allow", host, "--timeout", "2", "--retries", "1"]
        started = time.monotonic()
        done = run_audit(argv, env, tmp_path, timeout=120)
        took = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    [row] = json.loads(done.stdout)["rows"]
    checks = [seen for seen in page.seen if seen.path == "/project"]
    assert checks, "the page was not asked"
    assert "in time" in row["reason"], row
    # every request cut at its 2 s limit: the whole run ends before one head could drip through
    assert took < whole_drip / 2, (took, whole_drip, len(checks))
    print(f"dripping page: run took {took:.1f} s, one head drips in {whole_drip:.0f} s")
