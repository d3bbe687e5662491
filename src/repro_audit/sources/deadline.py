"""A time limit for a whole HTTP request, which requests' own `timeout` is not.

requests (urllib3) applies its timeout to each read of the socket, so a server that sends its
headers one byte every two seconds keeps a request alive for as long as it likes. Here a
session's connections are built by a pool whose connection class arms a timer around connecting
and around reading the answer's head: when the request's deadline passes, the timer shuts the
socket down, the read fails at once, and `within` reports that the deadline cut it.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

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


def _guarded(call: Any, sock: socket.socket | None) -> Any:
    deadline: Deadline | None = getattr(_LOCAL, "deadline", None)
    timer = deadline.arm(sock) if deadline is not None else None
    try:
        return call()
    finally:
        if timer is not None:
            timer.cancel()


class _Watched(HTTPConnection):
    def getresponse(self) -> Any:
        """Reading the status line and headers: where a dripping server holds a request."""
        return _guarded(super().getresponse, self.sock)


class _WatchedTLS(HTTPSConnection):
    def getresponse(self) -> Any:
        """As for plain HTTP."""
        return _guarded(super().getresponse, self.sock)


class _Pool(HTTPConnectionPool):
    ConnectionCls = _Watched


class _TLSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedTLS


class DeadlineAdapter(HTTPAdapter):
    """An adapter whose connections honour `within`."""

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        """The usual pool manager, with pools of watched connections."""
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _Pool, "https": _TLSPool}


def watched_session() -> requests.Session:
    """A session whose requests honour `within` (proxied requests excepted: see docs)."""
    session = requests.Session()
    session.mount("http://", DeadlineAdapter())
    session.mount("https://", DeadlineAdapter())
    return session
