"""A lean executor for the queries batching clients send, with graphql-core as the reference.

graphql-core's executor spends most of a 50-repository batch on generic per-field machinery
(resolve infos, field collection per object, awaitable checks), and in the benchmark that CPU sits
on the client's machine, which real GitHub's would not. This executor runs the same resolvers
over a validated document with field plans computed once per document. It covers plain queries
(fields, aliases, fragments, interfaces, lists, errors raised by resolvers); for anything else,
or anything unexpected mid-way, it gives up with `Unsupported` and the caller runs graphql-core,
which is safe because resolvers only read. `test_emulator_graphql_exec.py` compares both.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLAbstractType,
    GraphQLError,
    GraphQLField,
    GraphQLInterfaceType,
    GraphQLLeafType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    GraphQLUnionType,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    Undefined,
    VariableNode,
    located_error,
)
from graphql.execution.values import get_argument_values, get_variable_values

TypeResolver = Callable[[Any, Any, GraphQLAbstractType], Any]
Path = tuple[Any, ...]  # (parent path, key) pairs, flattened only when an error needs it


class Unsupported(BaseException):
    """This request needs graphql-core (a BaseException so resolvers' handlers never catch it)."""


class _NoInfo:
    """Stands in for GraphQLResolveInfo: resolvers here ignore it; one that reads it falls back."""

    def __getattr__(self, name: str) -> Any:
        raise Unsupported(name)


NO_INFO: Any = _NoInfo()
_MAPPINGS: dict[type, bool] = {}  # source class -> read fields by key (as graphql-core does)
_COERCERS: dict[GraphQLOutputType, Callable[[Any], Any]] = {}  # leaf type -> output coercion


@dataclass(slots=True)
class FieldPlan:
    """One response key of a selection on one object type, resolved against the schema once."""

    key: str
    name: str
    nodes: list[FieldNode]
    type: GraphQLOutputType
    args: dict[str, Any] | None  # None: the arguments use variables, coerced per request
    field_def: GraphQLField | None  # None for __typename
    subplans: dict[str, list[FieldPlan]] = field(default_factory=dict)  # by runtime type name


@dataclass(slots=True)
class Plan:
    """What one operation of one validated document needs, reused by every request."""

    schema: GraphQLSchema
    operation: OperationDefinitionNode
    fragments: dict[str, FragmentDefinitionNode]
    root: list[FieldPlan] | None = None
    runtime: dict[tuple[str, str], GraphQLObjectType] = field(default_factory=dict)


def make_plan(schema: GraphQLSchema, document: DocumentNode, name: str | None) -> Plan | None:
    """A plan when the operation is a plain query this executor covers, else None."""
    ops = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if name is None:
        chosen = ops[0] if len(ops) == 1 else None
    else:
        chosen = next((o for o in ops if o.name and o.name.value == name), None)
    if chosen is None or chosen.operation is not OperationType.QUERY or _has_directives(document):
        return None
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    return Plan(schema, chosen, fragments)


def _has_directives(document: DocumentNode) -> bool:
    """@skip, @include or others: collected per request by graphql-core, so not covered here."""
    pending: list[Any] = list(document.definitions)
    while pending:
        node = pending.pop()
        if getattr(node, "directives", None):
            return True
        selection_set = getattr(node, "selection_set", None)
        if selection_set is not None:
            pending.extend(selection_set.selections)
    return False


class Run:
    """One execution: `data` and `errors` as graphql-core's ExecutionResult would hold them."""

    def __init__(self, plan: Plan, root: object, variables: Mapping[str, Any], types: TypeResolver):
        self._plan, self._types = plan, types
        coerced = get_variable_values(
            plan.schema, plan.operation.variable_definitions or (), dict(variables), 50
        )
        if isinstance(coerced, list):
            raise Unsupported("variables")  # graphql-core reports these errors
        self._variables = coerced
        self.errors: list[GraphQLError] = []
        query = plan.schema.query_type
        if query is None:
            raise Unsupported("no query type")
        if plan.root is None:
            plan.root = _collect(plan, query, [plan.operation.selection_set])
        try:
            self.data = self._fields(query, plan.root, root, None)
        except GraphQLError:
            raise Unsupported("error at the root") from None

    def _fields(
        self, parent: GraphQLObjectType, plans: list[FieldPlan], source: Any, path: Path | None
    ) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for plan in plans:
            out[plan.key] = self._field(parent, plan, source, (path, plan.key))
        return out

    def _field(self, parent: GraphQLObjectType, plan: FieldPlan, source: Any, path: Path) -> Any:
        if plan.field_def is None:
            return parent.name
        try:
            args = plan.args
            if args is None:
                args = get_argument_values(plan.field_def, plan.nodes[0], self._variables)
            mapping = _MAPPINGS.get(source.__class__)
            if mapping is None:
                mapping = _MAPPINGS[source.__class__] = isinstance(source, Mapping)
            value = source.get(plan.name) if mapping else getattr(source, plan.name, None)
            if callable(value):
                value = value(NO_INFO, **args)
            return self._complete(plan.type, plan, value, path)
        except Exception as raw:
            error = located_error(raw, plan.nodes, _flat(path))
            if plan.type.__class__ is GraphQLNonNull:
                raise error from None
            self.errors.append(error)
            return None

    def _complete(self, kind: Any, plan: FieldPlan, value: Any, path: Path) -> Any:
        """graphql-core's completeValue; `kind` is any output type (Any: dispatch by class)."""
        if isinstance(value, Exception):
            raise value
        cls = kind.__class__
        if cls is GraphQLNonNull:
            done = self._complete(kind.of_type, plan, value, path)
            if done is None:
                raise Unsupported("null for a non-null field")  # graphql-core words this one
            return done
        if value is None:
            return None
        if cls is GraphQLObjectType:
            return self._object(kind, plan, value, path)
        if cls is GraphQLInterfaceType or cls is GraphQLUnionType:
            runtime = self._runtime(kind, value)
            return self._object(runtime, plan, value, path)
        if cls is GraphQLList:
            return self._list(kind.of_type, plan, value, path)
        coerce = _COERCERS.get(kind)
        if coerce is None:
            if not isinstance(kind, GraphQLLeafType):
                raise Unsupported(f"output type {kind}")
            coerce = getattr(kind, "coerce_output_value", None) or kind.serialize
            _COERCERS[kind] = coerce
        done = coerce(value)
        if done is None or done is Undefined:
            raise Unsupported("leaf coerced to null")  # graphql-core words this one
        return done

    def _list(self, item: GraphQLOutputType, plan: FieldPlan, value: Any, path: Path) -> Any:
        if not isinstance(value, (list, tuple)):
            raise Unsupported("not a list")
        out = []
        for index, entry in enumerate(value):
            item_path = (path, index)
            try:
                out.append(self._complete(item, plan, entry, item_path))
            except Exception as raw:
                error = located_error(raw, plan.nodes, _flat(item_path))
                if isinstance(item, GraphQLNonNull):
                    raise error from None
                self.errors.append(error)
                out.append(None)
        return out

    def _object(
        self, kind: GraphQLObjectType, plan: FieldPlan, value: Any, path: Path
    ) -> dict[str, Any]:
        if kind.is_type_of is not None:
            raise Unsupported("is_type_of")
        subplans = plan.subplans.get(kind.name)
        if subplans is None:
            sets = [n.selection_set for n in plan.nodes if n.selection_set is not None]
            subplans = plan.subplans[kind.name] = _collect(self._plan, kind, sets)
        return self._fields(kind, subplans, value, path)

    def _runtime(self, abstract: GraphQLAbstractType, value: Any) -> GraphQLObjectType:
        if abstract.resolve_type is not None:
            raise Unsupported("resolve_type")
        name = self._types(value, NO_INFO, abstract)
        if not isinstance(name, str):
            raise Unsupported("type resolver")
        runtime = self._plan.runtime.get((abstract.name, name))
        if runtime is None:
            found = self._plan.schema.get_type(name)
            if not isinstance(found, GraphQLObjectType):
                raise Unsupported("not an object type")
            if not self._plan.schema.is_sub_type(abstract, found):
                raise Unsupported("not a possible type")
            runtime = self._plan.runtime[(abstract.name, name)] = found
        return runtime


def _flat(path: Path) -> list[str | int]:
    keys: list[str | int] = []
    node: Path | None = path
    while node is not None:
        node, key = node
        keys.append(key)
    keys.reverse()
    return keys


def _collect(plan: Plan, kind: GraphQLObjectType, sets: list[SelectionSetNode]) -> list[FieldPlan]:
    """graphql-core's field collection (no directives): response keys in first-seen order,
    fragments whose type condition matches `kind`, each named fragment once per collection."""
    grouped: dict[str, list[FieldNode]] = {}
    visited: set[str] = set()

    def visit(selection_set: SelectionSetNode) -> None:
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                key = selection.alias.value if selection.alias else selection.name.value
                grouped.setdefault(key, []).append(selection)
            elif isinstance(selection, InlineFragmentNode):
                if _matches(plan.schema, selection, kind):
                    visit(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                fragment = plan.fragments.get(selection.name.value)
                if fragment is None or not _matches(plan.schema, fragment, kind):
                    continue
                if selection.name.value in visited:
                    continue
                visited.add(selection.name.value)
                visit(fragment.selection_set)

    for selection_set in sets:
        visit(selection_set)
    return [_field_plan(plan.schema, kind, key, nodes) for key, nodes in grouped.items()]


def _matches(
    schema: GraphQLSchema,
    fragment: InlineFragmentNode | FragmentDefinitionNode,
    kind: GraphQLObjectType,
) -> bool:
    condition = fragment.type_condition
    if condition is None:
        return True
    conditional = schema.get_type(condition.name.value)
    if conditional is kind:
        return True
    if isinstance(conditional, (GraphQLInterfaceType, GraphQLUnionType)):
        return schema.is_sub_type(conditional, kind)
    return False


def _field_plan(
    schema: GraphQLSchema, parent: GraphQLObjectType, key: str, nodes: list[FieldNode]
) -> FieldPlan:
    name = nodes[0].name.value
    if name == "__typename":
        return FieldPlan(key, name, nodes, parent, {}, None)
    field_def = parent.fields.get(name)
    if field_def is None or field_def.resolve is not None or name.startswith("__"):
        raise Unsupported(f"field {parent.name}.{name}")
    first = nodes[0]
    if not (field_def.args or first.arguments):
        args: dict[str, Any] | None = {}
    elif any(isinstance(a.value, VariableNode) for a in first.arguments or ()):
        args = None
    else:
        try:
            args = get_argument_values(field_def, first)
        except GraphQLError:
            args = None  # raised again per request, as a field error, as graphql-core does
    return FieldPlan(key, name, nodes, field_def.type, args, field_def)
