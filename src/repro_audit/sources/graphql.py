"""Batched GraphQL: many repositories per request as aliased `repository(owner:, name:)` fields.

PyGithub's GraphQL helper raises on any error in the answer, but a batch answer normally mixes data
with NOT_FOUND errors for the missing aliases, so this small client reads the answer per alias.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from repro_audit import __version__
from repro_audit.lazy import lazy
from repro_audit.models import Existence, RepoFacts, RepoRef
from repro_audit.sources.endpoints import API_HEADERS, Endpoints
from repro_audit.sources.retry import (
    BUDGET_REASON,
    HttpOutcome,
    Inconclusive,
    RateLimitExhausted,
    RetryPolicy,
    TransientFailure,
    call_with_retry,
    classify_http,
    is_retryable,
    retry_reason,
    wait_hint,
)
from repro_audit.sources.selection import GUESSED_FILES, dependency_paths, readme_path
from repro_audit.sources.stats import RequestCounter
from repro_audit.sources.texts_common import BLOB_FIELDS, blob_text
from repro_audit.sources.timeparse import parse_github_time

if TYPE_CHECKING:
    import requests
else:
    requests = lazy("requests")

TREE_DEPTH = 3
"""Folder levels listed in the batch: deep enough for `scripts/train.sh` or `docker/Dockerfile`
without a per-repository tree request (which would cost one request per repository)."""

REPOSITORY_FRAGMENT = """
fragment RepoFacts on Repository {
  nameWithOwner url isPrivate isDisabled isArchived isFork isEmpty
  parent { nameWithOwner }
  stargazerCount forkCount
  licenseInfo { spdxId key name }
  createdAt pushedAt
  defaultBranchRef { name target { ... on Commit {
    committedDate
    history(first: 100) { totalCount nodes { committedDate } }
  } } }
  GUESSES
  object(expression: "HEAD:") { ... on Tree { entries { name type
    object { ... on Tree { entries { name type
      object { ... on Tree { entries { name type } } }
    } } }
  } } }
}
""".replace(
    "GUESSES",
    "\n  ".join(
        f'guess{number}: object(expression: "HEAD:{path}") {{ {BLOB_FIELDS} }}'
        for number, path in enumerate(GUESSED_FILES)
    ),
)


def tree_paths(entries: Sequence[Mapping[str, Any]], prefix: str = "") -> Iterator[str]:
    """File paths of nested tree entries; a folder whose entries were not listed ends with "/".

    A submodule (type "commit") is no file, as in a clone's listing: it is left out here and
    named as a folder in the root listing."""
    for entry in entries:
        path = prefix + str(entry.get("name", ""))
        if entry.get("type") == "commit":
            continue
        if entry.get("type") != "tree":
            yield path
            continue
        subtree = entry.get("object")
        if isinstance(subtree, Mapping) and isinstance(subtree.get("entries"), list):
            yield from tree_paths(subtree["entries"], path + "/")
        else:
            yield path + "/"


class HeavyQuery(TransientFailure):
    """GitHub gave up on the query itself (a 502/504 "couldn't respond in time", our read
    timeout): the same batch again meets the same wall, a smaller one may not."""


def _heavy(status: int, message: str) -> bool:
    text = message.lower()
    return status in (502, 504) and ("in time" in text or "timeout" in text or "timed out" in text)


class AuthenticationFailed(Exception):
    """GitHub refused the token (401): a configuration problem, not a fact about repositories."""


class QueryFailed(Exception):
    """A query that did not get an answer; `reason` is what the report shows as unknown."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def build_batch_query(refs: Sequence[RepoRef]) -> tuple[str, dict[str, str]]:
    """One query with an alias per repository; owner and name travel as variables, never inline."""
    declarations = []
    fields = []
    variables: dict[str, str] = {}
    for index, ref in enumerate(refs):
        declarations.append(f"$o{index}: String!, $n{index}: String!")
        fields.append(
            f"  r{index}: repository(owner: $o{index}, name: $n{index}) {{ ...RepoFacts }}"
        )
        variables[f"o{index}"] = ref.owner
        variables[f"n{index}"] = ref.name
    query = (
        f"query Batch({', '.join(declarations)}) {{\n" + "\n".join(fields) + "\n}\n"
    ) + REPOSITORY_FRAGMENT
    return query, variables


def facts_from_node(ref: RepoRef, node: Mapping[str, Any]) -> RepoFacts:
    """Copy one `repository` answer into plain facts."""
    license_info = node.get("licenseInfo")
    branch = node.get("defaultBranchRef") or {}
    target = branch.get("target") or {}
    tree = node.get("object")
    is_empty = bool(node.get("isEmpty"))
    root_files: tuple[str, ...] | None
    gaps: tuple[str, ...] = ()
    paths: tuple[str, ...] | None = None
    paths_depth: int | None = None
    if is_empty:
        root_files, paths = (), ()
    elif isinstance(tree, Mapping) and isinstance(tree.get("entries"), list):
        root_files = tuple(
            sorted(
                entry["name"] + ("/" if entry.get("type") in ("tree", "commit") else "")
                for entry in tree["entries"]
            )
        )
        listed = tuple(tree_paths(tree["entries"]))
        paths = tuple(sorted(path for path in listed if not path.endswith("/")))
        paths_depth = TREE_DEPTH if len(paths) < len(listed) else None
    else:
        root_files = None
        gaps = ("file listing unknown: GitHub returned no tree for HEAD",)
    history_value = target.get("history")
    history: Mapping[str, Any] = history_value if isinstance(history_value, Mapping) else {}
    dates = tuple(
        moment
        for node in history.get("nodes") or []
        if isinstance(node, Mapping) and (moment := parse_github_time(node.get("committedDate")))
    )
    guessed = {
        path: text
        for number, path in enumerate(GUESSED_FILES)
        if (text := blob_text(node.get(f"guess{number}"))) is not None
    }
    readme = readme_path(root_files or ())
    parent = node.get("parent")
    return RepoFacts(
        ref=ref,
        existence=Existence.EXISTS,
        canonical=node.get("nameWithOwner"),
        html_url=node.get("url"),
        is_private=node.get("isPrivate"),
        is_disabled=node.get("isDisabled"),
        is_archived=node.get("isArchived"),
        is_fork=node.get("isFork"),
        parent=parent.get("nameWithOwner") if isinstance(parent, Mapping) else None,
        is_empty=is_empty,
        stars=node.get("stargazerCount"),
        forks=node.get("forkCount"),
        has_license=license_info is not None,
        license_spdx=(license_info or {}).get("spdxId") or (license_info and "NOASSERTION"),
        license_name=(license_info or {}).get("name"),
        created_at=parse_github_time(node.get("createdAt")),
        pushed_at=parse_github_time(node.get("pushedAt")),
        last_commit_at=parse_github_time(target.get("committedDate")),
        default_branch=branch.get("name"),
        root_files=root_files,
        paths=paths,
        paths_depth=paths_depth,
        commit_dates=() if is_empty else (dates if history else None),
        commit_count=0 if is_empty else history.get("totalCount"),
        readme_text=guessed.get(readme) if readme else None,
        file_texts=tuple(
            (path, guessed[path]) for path in dependency_paths(paths or ()) if path in guessed
        ),
        via="graphql",
        gaps=gaps,
    )


def facts_from_answer(refs: Sequence[RepoRef], answer: Mapping[str, Any]) -> list[RepoFacts]:
    """Read a batch answer alias by alias; a null alias is judged by its own error entry."""
    data = answer.get("data") or {}
    errors_by_alias: dict[str, Mapping[str, Any]] = {}
    for error in answer.get("errors") or []:
        path = error.get("path") or []
        if path:
            errors_by_alias.setdefault(str(path[0]), error)
    results = []
    for index, ref in enumerate(refs):
        alias = f"r{index}"
        node = data.get(alias)
        if isinstance(node, Mapping):
            results.append(facts_from_node(ref, node))
            continue
        error = errors_by_alias.get(alias, {})
        kind = str(error.get("type", ""))
        message = str(error.get("message", "no data and no error for this repository"))
        if kind == "NOT_FOUND":
            results.append(
                RepoFacts(ref=ref, existence=Existence.MISSING, reason="not found on GitHub (404)")
            )
        elif kind == "FORBIDDEN":
            results.append(
                RepoFacts(ref=ref, existence=Existence.BLOCKED, reason=f"access blocked: {message}")
            )
        else:
            results.append(
                RepoFacts(ref=ref, existence=Existence.UNKNOWN, reason=f"GraphQL error: {message}")
            )
    return results


class GraphQLClient:
    """Posts batch queries with a token; counts every request it sends."""

    def __init__(
        self,
        endpoints: Endpoints,
        counter: RequestCounter,
        policy: RetryPolicy,
        timeout: float = 30.0,
    ) -> None:
        if endpoints.token is None:
            raise ValueError("GraphQL needs a token")
        self._endpoints = endpoints
        self._counter = counter
        self._policy = policy
        self._timeout = timeout
        self.remaining: int | None = None  # as the last answer's rate-limit headers said
        self._session = requests.Session()
        self._session.headers.update(
            {
                "Authorization": f"bearer {endpoints.token}",
                "User-Agent": f"repro-audit/{__version__}",
                **API_HEADERS,
            }
        )

    def fetch_batch(self, refs: Sequence[RepoRef], split: bool = True) -> list[RepoFacts]:
        """Facts for every ref in one request (retried); a batch-wide failure makes all unknown.

        With `split`, a query too heavy for GitHub is retried only for a single repository: a
        larger batch fails at once, to be split by the caller (sources/batching.py)."""
        query, variables = build_batch_query(refs)
        try:
            answer = self.run(query, variables, retry_heavy=not split or len(refs) == 1)
        except QueryFailed as failure:
            return [
                RepoFacts(ref=ref, existence=Existence.UNKNOWN, reason=failure.reason)
                for ref in refs
            ]
        return facts_from_answer(refs, answer)

    def run(
        self, query: str, variables: dict[str, str], retry_heavy: bool = True
    ) -> Mapping[str, Any]:
        """One query, retried within the policy (a heavy one only with `retry_heavy`); raises
        QueryFailed with a reason when it fails."""

        def attempt() -> Mapping[str, Any]:
            try:
                return self._post(query, variables)
            except HeavyQuery as heavy:
                if retry_heavy:
                    raise
                raise Inconclusive(heavy.reason) from None  # not retried: to be split

        try:
            return call_with_retry(attempt, self._policy)
        except (TransientFailure, Inconclusive, RateLimitExhausted) as failure:
            raise QueryFailed(failure.reason) from None

    def _post(self, query: str, variables: dict[str, str]) -> Mapping[str, Any]:
        self._counter.add("graphql")
        try:
            response = self._session.post(
                self._endpoints.graphql_url,
                json={"query": query, "variables": variables},
                timeout=self._timeout,
                allow_redirects=False,
            )
        except requests.Timeout:
            raise HeavyQuery("GitHub GraphQL timed out") from None
        except requests.RequestException as error:
            raise TransientFailure(f"GitHub GraphQL unreachable: {type(error).__name__}") from None
        if response.is_redirect:  # never followed: the token would go wherever it points
            raise Inconclusive(
                f"GitHub GraphQL redirected (HTTP {response.status_code}), not followed"
            )
        message = _message_of(response)
        remaining = response.headers.get("x-ratelimit-remaining", "")
        if remaining.isdigit():
            self.remaining = int(remaining)
        outcome = classify_http(response.status_code, response.headers, message)
        hint = wait_hint(response.headers, time.time())
        if outcome is HttpOutcome.AUTH_FAILED:
            raise AuthenticationFailed("GitHub rejected the token (401 Bad credentials)")
        if is_retryable(outcome):
            failure = HeavyQuery if _heavy(response.status_code, message) else TransientFailure
            raise failure(retry_reason(outcome, response.status_code, message), hint)
        if outcome is not HttpOutcome.OK:
            raise Inconclusive(f"GitHub GraphQL answered {response.status_code}: {message}")
        try:
            answer = response.json()
        except ValueError:
            raise TransientFailure("GitHub GraphQL answered with a body that is not JSON") from None
        if not isinstance(answer, Mapping):
            raise TransientFailure("GitHub GraphQL answered with an unexpected body")
        for problem in answer.get("errors") or []:
            if problem.get("type") == "RATE_LIMITED":
                raise TransientFailure(f"{BUDGET_REASON}: GraphQL points used up)", hint or 3600.0)
        if answer.get("data") is None:
            first = (answer.get("errors") or [{}])[0]
            raise Inconclusive(f"GraphQL error: {first.get('message', 'no data')}")
        return answer


def _message_of(response: requests.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.reason or ""
    if isinstance(body, Mapping):
        return str(body.get("message", ""))
    return ""
