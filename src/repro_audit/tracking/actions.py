"""GitHub Actions output: the job summary, annotations on digest lines, and step outputs.

Active when the environment says GITHUB_ACTIONS=true. Everything is prepared as plain strings by
pure functions (`prepare`), then `publish` appends to the two files GitHub names in the
environment and prints the workflow commands; nothing else here touches the outside world.
Workflow command data is escaped the way the Actions runner unescapes it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath
from typing import Any, TextIO

from repro_audit.cli.console import ExitCode, Streams
from repro_audit.formats import charts, common, markdown
from repro_audit.formats.options import RenderOptions
from repro_audit.models import AuditReport, AuditRow, LinkStatus
from repro_audit.report.assemble import summarize
from repro_audit.tracking.changes import compare, failing_detail, render_markdown
from repro_audit.tracking.history import (
    LATEST,
    DeadPolicy,
    Health,
    HistoryState,
    HistoryStore,
    LinkHealth,
    Record,
    history_keys,
    record_document,
    record_from_document,
    walk,
)
from repro_audit.tracking.workflow_text import enabled, write_command

SUMMARY_LIMIT = 1024 * 1024
"""GitHub refuses a job summary over 1 MiB; a longer report is cut with a note."""

_DATA_ESCAPES = {"%": "%25", "\r": "%0D", "\n": "%0A"}
_PROPERTY_ESCAPES = {**_DATA_ESCAPES, ":": "%3A", ",": "%2C"}


def escape_data(text: str) -> str:
    """A workflow command's message: `%`, CR and LF escaped."""
    return "".join(_DATA_ESCAPES.get(char, char) for char in text)


def escape_property(text: str) -> str:
    """A workflow command's property value: also `:` and `,`, which separate properties."""
    return "".join(_PROPERTY_ESCAPES.get(char, char) for char in text)


def command(name: str, message: str, properties: Sequence[tuple[str, str]] = ()) -> str:
    """`::name key=value,key=value::message`, every part escaped."""
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def workspace_path(source: str, workspace: str | None) -> str:
    """The digest's path as annotations need it: relative to GITHUB_WORKSPACE, with slashes."""
    flavour: type[PurePath] = PureWindowsPath if "\\" in source else PurePosixPath
    path = flavour(source)
    root = flavour(workspace) if workspace else None
    if root is not None and path.is_absolute() and path.is_relative_to(root):
        path = path.relative_to(root)
    text = path.as_posix()
    return text[2:] if text.startswith("./") else text


@dataclass(frozen=True, slots=True)
class DigestHistory:
    """One digest's history after this run was recorded."""

    source: str
    key: str
    record: Path  # the record written for this run
    records: tuple[Record, ...]  # every record, this run's last
    state: HistoryState


HealthIndex = Mapping[tuple[str, str], LinkHealth]
"""Link health by (digest source, link key), from the history of this run."""


def health_index(histories: Sequence[DigestHistory]) -> dict[tuple[str, str], LinkHealth]:
    """Every link's health after this run, looked up by digest and link."""
    return {
        (history.source, health.link.key): health
        for history in histories
        for health in history.state.links
    }


def _key(row: AuditRow) -> str:
    return (common.repo_label(row) or "").lower()


def annotation(
    row: AuditRow,
    workspace: str | None,
    health: LinkHealth | None = None,
    policy: DeadPolicy | None = None,
) -> str | None:
    """An error for a dead link, a warning for a moved or still-unconfirmed failing one."""
    label = common.repo_label(row) or "code link"
    place = [("file", workspace_path(row.entry.source, workspace)), ("line", str(row.entry.line))]
    reason = common.one_line(row.reason)
    if row.status is LinkStatus.MOVED:
        title = f"Moved code link: {label}"
        message = f"{label} now answers as {common.moved_to(row)}; update the link."
        return command("warning", message, [*place, ("title", title)])
    if row.status is not LinkStatus.DEAD:
        return None
    if health is not None and health.health is Health.FAILING:
        title = f"Failing code link: {label}"
        detail = failing_detail(health, policy or DeadPolicy())
        message = f"{label}: {detail}; not yet called dead."
        return command("warning", message, [*place, ("title", title)])
    return command("error", f"{label} is dead: {reason}", [*place, ("title", f"Dead: {label}")])


def dead_count(report: AuditReport, index: HealthIndex | None) -> int:
    """Dead rows; with a history only those the flake policy confirms."""
    if index is None:
        return report.summary.dead
    return failing_rows(report, index, Health.DEAD)


def failing_rows(report: AuditReport, index: HealthIndex, health: Health) -> int:
    """Rows whose link is dead now and whose history puts it in `health`."""
    return sum(
        1
        for row in report.rows
        if row.status is LinkStatus.DEAD
        and (h := index.get((row.entry.source, _key(row)))) is not None
        and h.health is health
    )


def outputs_text(values: Mapping[str, str]) -> str:
    """`$GITHUB_OUTPUT` lines; a value with a line break uses the heredoc form."""
    lines: list[str] = []
    for name, value in values.items():
        if "\n" not in value and "\r" not in value:
            lines.append(f"{name}={value}")
            continue
        delimiter, counter = "REPRO_AUDIT_EOF", 0
        while delimiter in value:
            counter += 1
            delimiter = f"REPRO_AUDIT_EOF_{counter}"
        lines += [f"{name}<<{delimiter}", value, delimiter]
    return "\n".join(lines) + "\n"


def cut_summary(text: str, limit: int = SUMMARY_LIMIT) -> str:
    """The summary within GitHub's size limit (counted in UTF-8 bytes)."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    note = "\n\n_The report was cut here: job summaries are limited to 1 MiB._\n"
    room = limit - len(note.encode("utf-8"))
    return data[:room].decode("utf-8", errors="ignore") + note


@dataclass(frozen=True, slots=True)
class Publication:
    """Everything a job gets from one run: summary markdown, workflow commands, outputs."""

    summary: str
    annotations: tuple[str, ...]
    outputs: dict[str, str]


def prepare(
    report: AuditReport,
    histories: Sequence[DigestHistory],
    *,
    policy: DeadPolicy,
    exit_code: int,
    report_path: str,
    workspace: str | None,
    options: RenderOptions | None = None,
) -> Publication:
    """The job's view of this run; with a history, dead means confirmed by the policy."""
    index = health_index(histories) if histories else None
    trend = charts.merge_trends([h.state.trend for h in histories])
    text = markdown.render(report, replace(options or RenderOptions(), trend=trend))
    if histories:
        text += "\n" + render_markdown([compare(h.records, policy) for h in histories])
    notes = []
    for row in report.rows:
        health = None if index is None else index.get((row.entry.source, _key(row)))
        line = annotation(row, workspace, health, policy)
        if line is not None:
            notes.append(line)
    failing = 0 if index is None else failing_rows(report, index, Health.FAILING)
    outputs = {
        "dead-count": str(dead_count(report, index)),
        "failing-count": str(failing),
        "report-path": report_path,
        "exit-code": str(exit_code),
    }
    return Publication(cut_summary(text), tuple(notes), outputs)


def _append(path: str, text: str) -> None:
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(text)


def publish(publication: Publication, env: Mapping[str, str], commands: TextIO) -> list[str]:
    """Append the summary and outputs to the files the runner names; print the annotations.

    Returns problems (a file that could not be written) for the caller to report.
    """
    problems: list[str] = []
    for line in publication.annotations:
        write_command(commands, line)
    targets = (
        ("GITHUB_STEP_SUMMARY", publication.summary),
        ("GITHUB_OUTPUT", outputs_text(publication.outputs)),
    )
    for variable, text in targets:
        path = env.get(variable)
        if not path:
            continue
        try:
            _append(path, text)
        except OSError as error:
            problems.append(f"cannot write ${variable} ({error.strerror or error})")
    return problems


def report_path(output: str | None, histories: Sequence[DigestHistory], history_dir: str) -> str:
    """The `report-path` output: `--output`, else the one digest's latest.md, else the folder."""
    if output:
        return output
    if len(histories) == 1:
        return str(histories[0].record.with_name(LATEST))
    return history_dir if histories else ""


# --- after the audit ----------------------------------------------------------------------------


def digest_reports(report: AuditReport) -> list[AuditReport]:
    """The report cut into one report per digest, each with its own summary."""
    parts = []
    for source in report.sources:
        rows = tuple(row for row in report.rows if row.entry.source == source)
        problems = tuple(p for p in report.problems if p[0] == source)
        entries = len({id(row.entry) for row in rows})
        parts.append(
            AuditReport(
                generated_at=report.generated_at,
                tool_version=report.tool_version,
                rubric_version=report.rubric_version,
                sources=(source,),
                rows=rows,
                summary=summarize(rows, entries, len(problems)),
                problems=problems,
                requests=report.requests,
                notes=report.notes,
            )
        )
    return parts


def record_run(
    report: AuditReport, store: HistoryStore, policy: DeadPolicy
) -> tuple[list[DigestHistory], list[str]]:
    """Write this run's record and `latest.md` for every digest; problems are unreadable records."""
    keys = history_keys(report.sources)
    done: list[DigestHistory] = []
    problems: list[str] = []
    for part, document, records, state, skipped in walked(report, store, policy, keys):
        source = part.sources[0]
        problems += skipped
        text = markdown.render(part, RenderOptions(trend=state.trend))
        path = store.save(keys[source], document, text)
        done.append(DigestHistory(source, keys[source], path, records, state))
    return done, problems


def walked(
    report: AuditReport, store: HistoryStore, policy: DeadPolicy, keys: Mapping[str, str]
) -> Iterator[tuple[AuditReport, dict[str, Any], tuple[Record, ...], HistoryState, list[str]]]:
    """Per digest: its part of the report, this run's record, every record and where they
    leave its links, and the records that could not be read. Writes nothing."""
    for part in digest_reports(report):
        earlier, skipped = store.load(keys[part.sources[0]])
        document = record_document(part)
        records = (*earlier, record_from_document(document))
        yield part, document, records, walk(records, policy), skipped


@dataclass(frozen=True, slots=True)
class FollowUp:
    """What the CLI asked for beyond the report: a history folder, the policy, the options."""

    history_dir: str | None
    policy: DeadPolicy
    output: str | None
    options: RenderOptions


def follow_up(
    report: AuditReport,
    plan: FollowUp,
    env: Mapping[str, str],
    streams: Streams,
    exit_code: Callable[[int], int],
    interrupted: bool = False,
) -> int:
    """Record the run in the history, pick the exit code, and tell GitHub Actions about it.

    `exit_code(dead)` turns the dead-link count into the exit code (`--fail-on`); with a history
    the count is of links the flake policy confirms. An interrupted run is not recorded.
    """
    histories: list[DigestHistory] = []
    if plan.history_dir and not interrupted:
        try:
            histories, problems = record_run(
                report, HistoryStore(Path(plan.history_dir), report.generated_at), plan.policy
            )
        except OSError as error:
            print(f"audit: error: cannot write the history: {error}", file=streams.stderr)
            return ExitCode.RUNTIME_ERROR
        for problem in problems:
            print(f"audit: note: {problem}", file=streams.stderr)
        links = health_index(histories)
        failing = failing_rows(report, links, Health.FAILING)
        index: HealthIndex | None = links
        print(
            f"audit: note: history: recorded {len(histories)} digest(s) in {plan.history_dir}; "
            f"{dead_count(report, index)} dead, {failing} failing ({plan.policy.describe()})",
            file=streams.stderr,
        )
    else:
        index = None
        if plan.history_dir:
            print("audit: note: history not recorded: the run was interrupted", file=streams.stderr)
    code = ExitCode.INTERRUPTED if interrupted else exit_code(dead_count(report, index))
    if enabled(env):
        publication = prepare(
            report,
            histories,
            policy=plan.policy,
            exit_code=int(code),
            report_path=report_path(plan.output, histories, plan.history_dir or ""),
            workspace=env.get("GITHUB_WORKSPACE"),
            options=plan.options,
        )
        # Workflow commands are read from both streams; stdout stays the report's when it is.
        commands = streams.stdout if plan.output else streams.stderr
        for problem in publish(publication, env, commands):
            print(f"audit: note: {problem}", file=streams.stderr)
    return code
