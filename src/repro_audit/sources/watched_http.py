"""Connections that honour `deadline.within`: the requests/urllib3 half of the deadline."""

from __future__ import annotations

from typing import Any

from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from repro_audit.sources.deadline import guarded


class _Watched(HTTPConnection):
    def getresponse(self) -> Any:
        """Reading the status line and headers: where a dripping server holds a request."""
        return guarded(super().getresponse, self.sock)


class _WatchedTLS(HTTPSConnection):
    def getresponse(self) -> Any:
        """As for plain HTTP."""
        return guarded(super().getresponse, self.sock)


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
