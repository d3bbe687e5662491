"""One request to a JSON API the operator configured (Software Heritage, the papers API): the
session set-up and failure wording both clients share, so they cannot drift apart."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from repro_audit.lazy import lazy
from repro_audit.sources.retry import Inconclusive, TransientFailure
from repro_audit.sources.web import USER_AGENT

if TYPE_CHECKING:
    import requests
else:
    requests = lazy("requests")


def ask_json_api(
    method: str, url: str, timeout: float, what: str, headers: Mapping[str, str] | None = None
) -> requests.Response:
    """The answer to one request, never a redirect followed (a token stays with its host), no
    `~/.netrc` credential (`trust_env=False`; proxies are still taken from the environment).
    A timeout is TransientFailure (worth retrying), any other failure Inconclusive; `what`
    names the service in the reason ("Software Heritage did not answer in time")."""
    sent = {"Accept": "application/json", "User-Agent": USER_AGENT, **(headers or {})}
    try:
        with requests.Session() as session:
            session.trust_env = False
            return session.request(
                method,
                url,
                timeout=timeout,
                headers=sent,
                allow_redirects=False,
                proxies=requests.utils.get_environ_proxies(url),
            )
    except requests.Timeout:
        raise TransientFailure(f"{what} did not answer in time") from None
    except requests.RequestException as error:
        raise Inconclusive(f"{what} unreachable: {type(error).__name__}") from None


def json_of(response: requests.Response, what: str) -> Any:
    """The decoded body; Inconclusive when it is not JSON."""
    try:
        return response.json()
    except ValueError:
        raise Inconclusive(f"{what} answered with something that is not JSON") from None
