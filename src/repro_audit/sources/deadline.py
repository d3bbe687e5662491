"""A time limit for a whole HTTP request, which requests' own `timeout` is not.

requests (urllib3) applies its timeout to each read of the socket, so a server that sends its
headers one byte every two seconds keeps a request alive for as long as it likes. Here a
session's connections are built by a pool whose connection class arms a timer around connecting
and around reading the answer's head: when the request's deadline passes, the timer shuts the
socket down, the read fails at once, and `within` reports that the deadline cut it.

The pool classes live in `watched_http`, imported only when a session is made, so a command that
asks no web page (`--help`, `--dump`, a cached run) does not load requests and urllib3.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import requests

_LOCAL = threading.local()


class Deadline:
    """When the request in this thread must be over, and whether a timer had to cut it."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds
        self.cut = False

    def arm(self, sock: socket.socket | None) -> threading.Timer | None:
        """Shut `sock` down when the deadline passes (cancel the timer once done)."""
        if sock is None:
            return None
        timer = threading.Timer(max(0.0, self.at - time.monotonic()), self._cut, (sock,))
        timer.daemon = True
        timer.start()
        return timer

    def _cut(self, sock: socket.socket) -> None:
        self.cut = True
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)


@contextlib.contextmanager
def within(seconds: float) -> Iterator[Deadline]:
    """Requests made in this thread inside the block end by `seconds` from now."""
    deadline = Deadline(seconds)
    _LOCAL.deadline = deadline
    try:
        yield deadline
    finally:
        _LOCAL.deadline = None


def guarded(call: Any, sock: socket.socket | None) -> Any:
    deadline: Deadline | None = getattr(_LOCAL, "deadline", None)
    timer = deadline.arm(sock) if deadline is not None else None
    try:
        return call()
    finally:
        if timer is not None:
            timer.cancel()


def watched_session() -> requests.Session:
    """A session whose requests honour `within` (proxied requests excepted: see docs)."""
    import requests

    from repro_audit.sources.watched_http import DeadlineAdapter

    session = requests.Session()
    session.mount("http://", DeadlineAdapter())
    session.mount("https://", DeadlineAdapter())
    return session
