"""The GraphQL face (`POST /api/graphql`): graphql-core parses, validates and executes every
query against our SDL, with resolvers reading the same world and git data as REST.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLAbstractType,
    GraphQLError,
    GraphQLResolveInfo,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    build_schema,
    execute_sync,
    parse,
    validate,
)

from tests.emulator.graphql_exec import Plan, Run, Unsupported, make_plan
from tests.emulator.graphql_git import Blob, Commit, Tree, TreeEntryNode
from tests.emulator.model import UTC, OwnerType, iso
from tests.emulator.state import RateSnapshot, RepoState, World
from tests.emulator.wire import Call, Reply, fault_body, json_reply, node_id, not_found

SCHEMA_PATH = Path(__file__).with_name("schema.graphql")
SCHEMA = build_schema(SCHEMA_PATH.read_text(encoding="utf-8"))
AUTH_DOC = (
    "https://docs.github.com/graphql/guides/forming-calls-with-graphql#authenticating-with-graphql"
)


@dataclass(frozen=True, slots=True)
class _Env:
    """What every resolver of one request may read."""

    world: World
    rate: RateSnapshot
    aliases: int


class _Owner:
    """`User` or `Organization`, told apart by `typename` for the interface."""

    def __init__(self, env: _Env, login: str, kind: OwnerType) -> None:
        self.typename = kind.value
        self.login = login
        self.id = node_id(kind.value, login.lower())
        self.resourcePath = f"/{login}"
        self.url = f"{env.world.server_url}/{login}"


class _Repo:
    """GraphQL `Repository`: plain attributes, methods for fields that do work."""

    def __init__(self, env: _Env, repo: RepoState) -> None:
        spec = repo.spec
        self._env, self._repo = env, repo
        self.id = repo.node_id
        self.databaseId = repo.id
        self.name = repo.name
        self.nameWithOwner = repo.full_name
        self.owner = _Owner(env, repo.owner, spec.owner_type)
        self.url = f"{env.world.server_url}/{repo.full_name}"
        self.resourcePath = f"/{repo.full_name}"
        self.description = spec.description or None
        self.homepageUrl = spec.homepage or None
        self.visibility = "PRIVATE" if spec.private else "PUBLIC"
        self.isPrivate = spec.private
        self.isDisabled = spec.disabled
        self.isArchived = spec.archived
        self.isFork = spec.fork_of is not None
        self.isEmpty = repo.is_empty
        self.isLocked = self.isMirror = self.isTemplate = False
        self.stargazerCount = spec.stars
        self.forkCount = spec.forks
        self.createdAt = iso(repo.created_at)
        self.pushedAt = iso(repo.pushed_at)
        self.updatedAt = iso(max(repo.created_at, repo.pushed_at))
        self.archivedAt = iso(repo.pushed_at) if spec.archived else None
        self.diskUsage = repo.git.disk_kb()

    def licenseInfo(self, _info: GraphQLResolveInfo[Any]) -> dict[str, object] | None:
        lic = self._repo.license
        if lic is None:
            return None
        return {
            "id": lic.node_id,
            "key": lic.key,
            "name": lic.name,
            "nickname": None,
            "pseudoLicense": lic.pseudo,
            "spdxId": lic.spdx_id,
            "url": None if lic.pseudo else f"https://choosealicense.com/licenses/{lic.key}/",
        }

    def parent(self, _info: GraphQLResolveInfo[Any]) -> _Repo | None:
        fork_of = self._repo.spec.fork_of
        if fork_of is None:
            return None
        parent, _ = self._env.world.lookup(*fork_of.split("/"))
        return None if parent is None or parent.spec.blocked else _Repo(self._env, parent)

    def defaultBranchRef(self, _info: GraphQLResolveInfo[Any]) -> dict[str, object] | None:
        git = self._repo.git
        if git.head is None:
            return None
        return {
            "id": node_id("Ref", f"{self._repo.id}:refs/heads/{git.branch}"),
            "name": git.branch,
            "prefix": "refs/heads/",
            "target": Commit(self._env.world, self._repo, git.head),
        }

    def object(
        self, _info: GraphQLResolveInfo[Any], expression: str | None = None, oid: str | None = None
    ) -> Commit | Tree | Blob | None:
        git = self._repo.git
        if git.head is None:
            return None
        if oid is not None:
            commit = next((c for c in git.commits if c.sha == oid.lower()), None)
            if commit is not None:
                return Commit(self._env.world, self._repo, commit)
            kind = git.object_type(oid) if len(oid) == 40 else None
            if kind == "tree":
                return Tree(self._repo, oid, "")
            return Blob(self._repo, oid, len(git.blob(oid))) if kind == "blob" else None
        rev, colon, path = (expression or "HEAD").partition(":")
        commit = git.resolve_commit(rev or "HEAD")
        if commit is None:
            return None
        if not colon:
            return Commit(self._env.world, self._repo, commit)
        path = path.strip("/")
        if not path:
            return Tree(self._repo, commit.tree, "")
        entry = next((e for e in git.files_at(commit) if e.path == path), None)
        if entry is None:
            return None
        return TreeEntryNode(self._repo, entry, "").object(_info)


class _Query:
    """Root resolvers; errors carry GitHub's `type` (NOT_FOUND, FORBIDDEN)."""

    def __init__(self, env: _Env) -> None:
        self._env = env

    def repository(
        self, _info: GraphQLResolveInfo[Any], owner: str, name: str, followRenames: bool = True
    ) -> _Repo:
        repo, moved = self._env.world.lookup(owner, name)
        if repo is None or (moved and not followRenames):
            raise GraphQLError(
                f"Could not resolve to a Repository with the name '{owner}/{name}'.",
                extensions={"type": "NOT_FOUND"},
            )
        if repo.spec.blocked:
            raise GraphQLError("Repository access blocked", extensions={"type": "FORBIDDEN"})
        return _Repo(self._env, repo)

    def rateLimit(self, _info: GraphQLResolveInfo[Any], dryRun: bool = False) -> dict[str, object]:
        rate = self._env.rate
        return {
            "cost": 1,
            "limit": rate.limit,
            "nodeCount": max(1, self._env.aliases),
            "remaining": rate.remaining,
            "resetAt": iso(datetime.fromtimestamp(rate.reset, UTC)),
            "used": rate.used,
        }


def _type_of(value: Any, _info: GraphQLResolveInfo[Any], _type: GraphQLAbstractType) -> str:
    return str(value.typename)


def format_error(error: GraphQLError) -> dict[str, object]:
    """GitHub's error shape: `type` at the top level, then path, locations, message."""
    extensions = dict(error.extensions or {})
    out: dict[str, object] = {}
    if "type" in extensions:
        out["type"] = extensions.pop("type")
    if error.path:
        out["path"] = list(error.path)
    if error.locations:
        out["locations"] = [{"line": loc.line, "column": loc.column} for loc in error.locations]
    out["message"] = error.message
    if extensions:
        out["extensions"] = extensions
    return out


def count_repository_fields(document: DocumentNode, operation: str | None) -> int:
    """How many top-level `repository` fields (aliases) the chosen operation asks for."""
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    ops = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    chosen = next(
        (o for o in ops if operation is None or (o.name and o.name.value == operation)), None
    )

    def walk(selection_set: SelectionSetNode, seen: frozenset[str]) -> int:
        total = 0
        for sel in selection_set.selections:
            if isinstance(sel, FieldNode):
                total += sel.name.value == "repository"
            elif isinstance(sel, InlineFragmentNode):
                total += walk(sel.selection_set, seen)
            elif isinstance(sel, FragmentSpreadNode) and sel.name.value not in seen:
                frag = fragments.get(sel.name.value)
                if frag is not None:
                    total += walk(frag.selection_set, seen | {sel.name.value})
        return total

    return 0 if chosen is None else walk(chosen.selection_set, frozenset())


def _answer(
    payload: dict[str, object],
    aliases: int,
    headers: dict[str, str],
    operation: str = "",
    status: int = 200,
) -> Reply:
    return replace(json_reply(status, payload, headers), aliases=aliases, operation=operation)


def _entries(value: object) -> int:
    """Tree entries listed anywhere inside one answer value."""
    if isinstance(value, dict):
        listed = value.get("entries")
        own = len(listed) if isinstance(listed, list) else 0
        return own + sum(_entries(v) for v in value.values())
    if isinstance(value, list):
        return sum(_entries(v) for v in value)
    return 0


def query_cost(data: dict[str, Any] | None) -> int:
    """What a query costs GitHub here: its top-level nodes times the most tree entries one of
    them lists (at least one), so a batch of large trees, or one huge tree, takes too long."""
    if not data:
        return 0
    nodes = list(data.values())
    return len(nodes) * max([1, *(_entries(node) for node in nodes)])


def operation_label(document: DocumentNode, operation: str | None) -> str:
    """The name of the operation that runs: the one asked for, else the first one."""
    if operation:
        return operation
    ops = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    return ops[0].name.value if ops and ops[0].name else ""


@dataclass(frozen=True, slots=True)
class _Prepared:
    """A query text parsed and validated once: `document` is None when `errors` reject it."""

    document: DocumentNode | None
    errors: tuple[dict[str, object], ...]


@lru_cache(maxsize=256)
def _prepare(query: str) -> _Prepared:
    """Parse and validate once per query text: a batching client sends the same text (names
    travel as variables) with every batch, and parsing plus validation cost more than running."""
    try:
        document = parse(query)
    except GraphQLError as error:
        return _Prepared(None, (format_error(error),))
    problems = validate(SCHEMA, document)
    if problems:
        return _Prepared(None, tuple(format_error(e) for e in problems))
    return _Prepared(document, ())


@lru_cache(maxsize=256)
def _shape(query: str, operation: str | None) -> tuple[int, str]:
    """(repository aliases, operation label) of a valid query, once per text and operation."""
    document = _prepare(query).document
    if document is None:
        return 0, ""
    return count_repository_fields(document, operation), operation_label(document, operation)


@lru_cache(maxsize=256)
def _plan(query: str, operation: str | None) -> Plan | None:
    """The lean executor's plan for a valid query, once per text and operation."""
    document = _prepare(query).document
    return None if document is None else make_plan(SCHEMA, document, operation)


def _parse_body(call: Call) -> tuple[str, dict[str, Any], str | None] | dict[str, object]:
    """(query, variables, operationName), or the error payload GitHub sends instead."""
    try:
        payload = json.loads(call.body or b"null")
    except ValueError:
        payload = None
    if not isinstance(payload, dict):
        return {"message": "Problems parsing JSON", "documentation_url": AUTH_DOC}
    query, variables = payload.get("query"), payload.get("variables") or {}
    operation = payload.get("operationName")
    if isinstance(variables, str):
        try:
            variables = json.loads(variables)
        except ValueError:
            variables = None
    if not isinstance(query, str):
        return {
            "errors": [{"message": "A query attribute must be specified and must be a string."}]
        }
    if not isinstance(variables, dict):
        return {"errors": [{"message": "Variables are invalid JSON."}]}
    return query, variables, operation if isinstance(operation, str) else None


def handle(world: World, call: Call) -> Reply:
    """Answer one GraphQL request; each executed query costs one point of the graphql budget."""
    if call.method != "POST":
        return not_found()
    token = call.token
    if token is None:
        message = "This endpoint requires you to be authenticated."
        return json_reply(401, {"message": message, "documentation_url": AUTH_DOC})
    if not world.token_valid(token):
        return json_reply(401, {"message": "Bad credentials", "documentation_url": AUTH_DOC})
    parsed = _parse_body(call)
    if isinstance(parsed, dict):
        return json_reply(200 if "errors" in parsed else 400, parsed)
    query, variables, operation = parsed
    prepared = _prepare(query)
    if prepared.document is None:
        return _answer({"errors": list(prepared.errors)}, 0, {})
    document = prepared.document
    aliases, label = _shape(query, operation)
    ident, limit = world.identity(token), world.limit_for(token, "graphql")
    allowed, rate = world.limiter.charge(ident, "graphql", limit)
    if not allowed:
        limited = {"type": "RATE_LIMITED", "message": "API rate limit exceeded for user ID 1."}
        return _answer({"errors": [limited]}, aliases, rate.headers(), label)
    data, errors = _execute(
        document, _Query(_Env(world, rate, aliases)), query, variables, operation
    )
    limit = world.query_cost_limit
    if limit is not None and query_cost(data) > limit:  # GitHub gives up on a heavy query
        return _answer(fault_body(502, graphql=True), aliases, rate.headers(), label, 502)
    body: dict[str, object] = {} if data is None else {"data": data}
    if errors:
        body["errors"] = [format_error(e) for e in errors]
    return _answer(body, aliases, rate.headers(), label)


def _execute(
    document: DocumentNode,
    root: _Query,
    query: str,
    variables: dict[str, Any],
    operation: str | None,
    *,
    lean: bool = True,
) -> tuple[dict[str, Any] | None, list[GraphQLError] | None]:
    """(data, errors): the lean executor when it covers the request, else graphql-core's
    (always with `lean=False`, which tests use as the reference)."""
    plan = _plan(query, operation) if lean else None
    if plan is not None:
        try:
            run = Run(plan, root, variables, _type_of)
        except Unsupported:
            pass
        else:
            return run.data, run.errors
    result = execute_sync(
        SCHEMA,
        document,
        root_value=root,
        variable_values=variables,
        operation_name=operation,
        type_resolver=_type_of,
    )
    return result.data, result.errors
