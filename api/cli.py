"""The ``tracker`` command: database, data and service management."""

from __future__ import annotations

import asyncio
import datetime as dt
import difflib
import functools
import logging
import os
import sys
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, TypeVar

import click
import msgspec
from sqlalchemy.engine import make_url

import tracker
from tracker import LoadReport, default_actor, schema
from tracker.config import load_settings
from tracker.domain.enums import AdapterName
from tracker.domain.schedules import describe_every, parse_every
from tracker.errors import TrackerError
from tracker.files import partial_beside, refuse_unless_regular
from tracker_scrapers.documents.reading import import_document
from tracker_scrapers.harvest import BadParams, ParseError
from tracker_scrapers.registry import check_source

T = TypeVar("T")
log = logging.getLogger(__name__)


def _run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine; a tracker error becomes a one-line message and exit status 1, and source
    parameters an adapter refuses one line per problem."""
    try:
        return asyncio.run(coroutine)
    except TrackerError as exc:
        raise click.ClickException(str(exc)) from None
    except BadParams as exc:
        for problem in exc.problems:
            click.echo(f"Error: {problem}", err=True)
        raise SystemExit(1) from None


def _database_url(ctx: click.Context, *, existing: bool = True) -> str:
    """The database URL to open; with ``existing``, refuses a SQLite file that is not there yet, so
    that a command run from the wrong folder does not leave an empty ``tracker.db`` behind."""
    url = ctx.obj.get("database_url")
    if not url:
        try:
            url = load_settings().database_url
        except TrackerError as exc:
            raise click.ClickException(str(exc)) from None
    try:
        path = schema.sqlite_file(url)
    except TrackerError as exc:
        raise click.ClickException(str(exc)) from None
    if existing and path is not None and not path.exists():
        raise click.ClickException(
            f"no database at {path} (tried {url}); create it with `tracker db upgrade`, or give the URL of an existing "
            "one with --database-url or TRACKER_DATABASE_URL"
        )
    return url


def _print_report(report: LoadReport) -> None:
    for kind, counts in report.counts.items():
        if counts.created or counts.updated or counts.unchanged:
            click.echo(f"{kind:<12} created {counts.created:>6}  updated {counts.updated:>6}  unchanged {counts.unchanged:>6}")


def _with_tracker(func: Callable[..., Coroutine[Any, Any, T]]) -> Callable[..., T]:
    @click.pass_context
    @functools.wraps(func)
    def wrapper(ctx: click.Context, *args: Any, **kwargs: Any) -> T:
        async def run() -> T:
            async with tracker.open(_database_url(ctx), check_source=check_source) as opened:
                return await func(opened, *args, **kwargs)

        return _run(run())

    return wrapper


class _OneLineErrors(click.Group):
    """The ``tracker`` command: a mistake in how it is called is one line naming it, as every other error is."""

    def invoke(self, ctx: click.Context) -> None:
        # What a command returns is not an exit status: only click's own exits (--help, --version) give one.
        super().invoke(ctx)

    def main(self, *args: Any, **kwargs: Any) -> None:
        try:
            status = super().main(*args, **{**kwargs, "standalone_mode": False})
        except click.UsageError as exc:
            where = f" (`{exc.ctx.command_path} --help` lists what it takes)" if exc.ctx is not None else ""
            click.echo(f"Error: {exc.format_message()}{where}", err=True)
            raise SystemExit(exc.exit_code) from None
        except click.ClickException as exc:
            exc.show()
            raise SystemExit(exc.exit_code) from None
        except click.Abort:
            click.echo("Aborted.", err=True)
            raise SystemExit(1) from None
        if status:
            raise SystemExit(status)


@click.group(cls=_OneLineErrors)
@click.option("--database-url", envvar="TRACKER_DATABASE_URL", help="Database URL (default: sqlite file tracker.db).")
@click.version_option(tracker.__version__, prog_name="tracker")
@click.pass_context
def main(ctx: click.Context, database_url: str | None) -> None:
    """Follow how States implement UN human-rights recommendations and decisions."""
    ctx.ensure_object(dict)
    ctx.obj["database_url"] = database_url


@main.group()
def db() -> None:
    """Database schema."""


@db.command("upgrade")
@click.pass_context
def db_upgrade(ctx: click.Context) -> None:
    """Apply the migrations, creating the schema on an empty database."""

    async def run() -> None:
        async with tracker.open(_database_url(ctx, existing=False), upgrade=True):
            pass

    _run(run())
    click.echo("database is at the current schema")


def _revision_line(revision: str | None) -> str:
    if revision is None:
        return "none (no schema yet)"
    if revision not in schema.known_revisions():
        return f"{revision} (not a migration this version of tracker has: made by a newer version?)"
    return f"{revision} ({schema.summary(revision)})"


async def _database_revision(url: str) -> str | None:
    engine = schema.create_engine(url)
    try:
        return await schema.current_revision(engine)
    finally:
        await engine.dispose()


@db.command("current")
@click.pass_context
def db_current(ctx: click.Context) -> None:
    """Show the revision the database is at, the code's head, and whether an upgrade is due."""
    current = _run(_database_revision(_database_url(ctx)))
    head = schema.head_revision()
    click.echo(f"database  {_revision_line(current)}")
    click.echo(f"head      {_revision_line(head)}")
    if current == head:
        click.echo("up to date")
    elif current is None or current in schema.known_revisions():
        click.echo("upgrade due: run `tracker db upgrade`")
    else:
        click.echo("this version of tracker is older than the database: upgrade tracker, not the database")


@db.command("downgrade")
@click.argument("revision")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_context
def db_downgrade(ctx: click.Context, revision: str, yes: bool) -> None:
    """Take the schema back to REVISION (`base` removes every table). What the later migrations added is lost."""
    order = ["base", *schema.revisions_in_order()]
    if revision not in order:
        close = difflib.get_close_matches(revision, order, n=1, cutoff=0.6)
        hint = f"did you mean `{close[0]}`?" if close else "the known ones are " + ", ".join(order)
        raise click.ClickException(f"unknown revision `{revision}`: {hint}")
    url = _database_url(ctx)
    current = _run(_database_revision(url))
    if current not in schema.known_revisions():
        raise click.ClickException(f"the database is at {_revision_line(current)}: nothing to downgrade")
    if revision == current:
        raise click.ClickException(f"the database is already at {revision}: nothing to undo")
    if order.index(revision) > order.index(current):
        raise click.ClickException(f"the database is at {current}, before {revision}: use `tracker db upgrade` to go forward")
    undone = order[order.index(revision) + 1 : order.index(current) + 1]
    if not yes:
        click.confirm(f"Undo migrations {', '.join(undone)} on {url}? What they added to the database is lost", abort=True)

    async def run() -> None:
        engine = schema.create_engine(url)
        try:
            await schema.downgrade(engine, revision)
        finally:
            await engine.dispose()

    _run(run())
    click.echo("database has no schema now" if revision == "base" else f"database is at {_revision_line(revision)}")


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:,.1f} MB"


@db.command("backup")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Replace PATH if it is a file already.")
@click.pass_context
def db_backup(ctx: click.Context, path: Path, force: bool) -> None:
    """Write a consistent copy of the database to PATH while the service runs: a SQLite file, or
    for PostgreSQL a `pg_dump --format=custom` archive."""
    from tracker.backups import backup

    written = _run(backup(_database_url(ctx), path, force=force))
    click.echo(f"wrote {path}: {written.items:,} items, {_megabytes(written.size)}, revision {written.revision}")


@db.command("restore")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.pass_context
def db_restore(ctx: click.Context, path: Path, yes: bool) -> None:
    """Replace everything in the database with the backup PATH (made by `tracker db backup`).
    What the database holds now is lost; stop the service and the scheduler first."""
    from tracker.backups import read_backup, restore

    url = _database_url(ctx, existing=False)
    if not yes:
        held = str(path)
        if schema.sqlite_file(url) is not None:
            try:
                info = read_backup(path)
            except TrackerError as exc:
                raise click.ClickException(str(exc)) from None
            held = f"{path} ({info.items:,} items, revision {info.revision})"
        shown = make_url(url).render_as_string(hide_password=True)
        click.confirm(f"Replace everything in {shown} with {held}? What the database holds now is lost", abort=True)
    restored = _run(restore(url, path))
    click.echo(
        f"restored {path}: the database holds {restored.items:,} items, {_megabytes(restored.size)}, revision {restored.revision}"
    )
    if restored.revision != schema.head_revision():
        click.echo(f"the code needs revision {schema.head_revision()}: run `tracker db upgrade` before serving it")


@db.command("revision")
@click.option("-m", "--message", required=True, help="What the migration does, in a sentence.")
@click.option(
    "--autogenerate", is_flag=True, help="Fill the migration with what the models add to the database, which must be at the head."
)
@click.pass_context
def db_revision(ctx: click.Context, message: str, autogenerate: bool) -> None:
    """Write a new migration after the head into migrations/versions (for developers of tracker)."""

    async def run() -> Path:
        if not autogenerate:
            return await schema.new_revision(message)
        url = _database_url(ctx)
        current = await _database_revision(url)
        if current != schema.head_revision():
            raise click.ClickException(
                f"autogenerate compares the models with a database at the head ({schema.head_revision()}); this one is at "
                f"{_revision_line(current)}: run `tracker db upgrade` first"
            )
        engine = schema.create_engine(url)
        try:
            return await schema.new_revision(message, engine=engine)
        finally:
            await engine.dispose()

    click.echo(f"wrote {_run(run())}")


@main.command()
@click.option("--if-empty", is_flag=True, help="Only load into a database that holds no data yet.")
@_with_tracker
async def seed(opened: tracker.Tracker, if_empty: bool) -> None:
    """Load the bundled Kazakhstan and Tajikistan data (idempotent)."""
    report = await opened.seed(only_if_empty=if_empty, by=_cli_actor())
    if report is None:
        click.echo("the database already holds data; nothing loaded")
    else:
        _print_report(report)


@main.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@_with_tracker
async def import_(opened: tracker.Tracker, file: Path) -> None:
    """Load a records file (NDJSON, as written by `tracker export`): all of it or nothing."""
    _print_report(await opened.import_file(file, by=_cli_actor()))


@main.command("import-document")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--symbol", help="The document's symbol (default: the one it prints); for an OHCHR matrix, the report it lists.")
@click.option("--language", type=click.Choice(["en", "ru"]), default="en", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print what was read as one JSON object.")
@click.option("--dry-run", is_flag=True, help="Read and report, but load nothing.")
@_with_tracker
async def import_document_file(
    opened: tracker.Tracker, file: Path, symbol: str | None, language: str, as_json: bool, dry_run: bool
) -> None:
    """Read a UN document (PDF, Word, HTML or text) and load what it says: all of it or nothing.

    Prints the records read by type and every paragraph it could not place, then loads them
    without erasing what is stored (fields the document leaves empty keep their values)."""
    try:
        reading, report = await import_document(opened, file.read_bytes(), symbol=symbol, language=language, dry_run=dry_run)
    except ParseError as exc:
        raise click.ClickException(f"{file}: {exc}") from None
    if as_json:
        click.echo(
            msgspec.json.encode(
                {
                    "symbol": reading.symbol,
                    "reader": reading.reader,
                    "read": reading.counts(),
                    "unplaced": reading.unplaced,
                    "loaded": None if report is None else {kind: msgspec.structs.asdict(c) for kind, c in report.counts.items()},
                }
            ).decode()
        )
        return
    click.echo(f"{reading.symbol} ({reading.reader}): " + ", ".join(f"{n} {kind}" for kind, n in reading.counts().items()))
    for excerpt in reading.unplaced:
        click.echo(f"not placed: {excerpt}", err=True)
    if report is None:
        click.echo("dry run: nothing loaded", err=True)
    else:
        _print_report(report)


@main.command()
@click.option("--format", "format_", type=click.Choice(["ndjson"]), default="ndjson", show_default=True)
@click.option("--output", "-o", type=click.Path(path_type=Path, dir_okay=False), help="File to write (default: standard output).")
@_with_tracker
async def export(opened: tracker.Tracker, format_: str, output: Path | None) -> None:
    """Dump everything in the record format; `tracker import` loads it back."""
    if output is None:
        try:
            await opened.export(sys.stdout.buffer)
            sys.stdout.flush()
        except OSError as exc:
            raise click.ClickException(f"cannot write to standard output: {exc.strerror or exc}") from None
        return
    refuse_unless_regular(output, then="give the path of a regular file, which will be replaced")
    # Written beside the target and renamed over it: a failed export leaves the old file as it was.
    partial = partial_beside(output)
    try:
        with partial.open("wb") as handle:
            count = await opened.export(handle)
        partial.replace(output)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise click.ClickException(f"cannot write {output}: {exc.strerror or exc}") from None
    click.echo(f"{count} records written to {output}", err=True)


def _cli_actor() -> str:
    return default_actor().replace("library:", "cli:", 1)


@main.group()
def keys() -> None:
    """API keys: create, list, revoke."""


@keys.command("create")
@click.argument("name")
@click.option(
    "--role",
    type=click.Choice([r.value for r in tracker.Role]),
    default="editor",
    show_default=True,
    help="reader: reads when TRACKER_PUBLIC_READ=false; editor: records actions, assessments, triage; admin: everything.",
)
@_with_tracker
async def keys_create(opened: tracker.Tracker, name: str, role: str) -> None:
    """Create a key and print it, alone on standard output; it cannot be shown again."""
    key, secret = await opened.keys.create(name, role, by=_cli_actor())
    click.echo(secret)
    click.echo(f"created {key.role.value} key {key.name!r}; keep it now, only its digest is stored", err=True)


@keys.command("list")
@_with_tracker
async def keys_list(opened: tracker.Tracker) -> None:
    """List keys: name, role, created, last used, revoked."""
    listed = await opened.keys.list()
    if not listed:
        click.echo("no keys; create one with `tracker keys create NAME --role editor`", err=True)
        return
    click.echo(f"{'name':<24} {'role':<7} {'created':<20} {'last used':<20} revoked")
    for key in listed:

        def when(at: object) -> str:
            return at.strftime("%Y-%m-%d %H:%M:%S") if at else "-"  # type: ignore[attr-defined]

        click.echo(
            f"{key.name:<24} {key.role.value:<7} {when(key.created_at):<20} {when(key.last_used_at):<20} {when(key.revoked_at)}"
        )


@keys.command("revoke")
@click.argument("name")
@_with_tracker
async def keys_revoke(opened: tracker.Tracker, name: str) -> None:
    """Revoke a key: requests with it are refused from now on."""
    key = await opened.keys.revoke(name, by=_cli_actor())
    click.echo(f"key {key.name!r} revoked", err=True)


@main.group()
def sources() -> None:
    """Sources the scrapers read: add, show, edit, remove, list, enable, disable; and the adapters that read them."""


def _params(values: tuple[str, ...]) -> dict[str, list[str]]:
    """``--param KEY=VALUE`` options by key; a key given again adds a value."""
    params: dict[str, list[str]] = {}
    for value in values:
        key, sep, text = value.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{value!r} is not KEY=VALUE", param_hint="--param")
        params.setdefault(key.strip(), []).append(text)
    return params


def _every_seconds(every: str) -> int:
    try:
        return parse_every(every)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--every") from None


@sources.command("add")
@click.argument("name")
@click.option("--adapter", required=True, type=click.Choice([a.value for a in AdapterName]), help="How to read the source.")
@click.option("--url", required=True, help="The source's base URL.")
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="KEY=VALUE",
    help="A parameter (state=KAZ, query=CAT/C/KAZ …); repeat, also for several values (state=KAZ state=TJK). "
    "`tracker sources adapters` lists them.",
)
@click.option("--every", help="Run every so often: 30m, 6h, 1d.")
@click.option("--cron", help='Run on a cron schedule, five fields in UTC: "0 3 * * 1".')
@click.option("--disabled", is_flag=True, help="Add it switched off.")
@_with_tracker
async def sources_add(
    opened: tracker.Tracker,
    name: str,
    adapter: str,
    url: str,
    params: tuple[str, ...],
    every: str | None,
    cron: str | None,
    disabled: bool,
) -> None:
    """Add a source; its parameters are checked first, and nothing is stored if one is wrong."""
    source = await opened.sources.add(
        name, adapter, url, params=_params(params), every=every, cron=cron, enabled=not disabled, by=_cli_actor()
    )
    click.echo(f"source {source.name!r} added ({source.adapter.value}, {_schedule(source)})", err=True)


def _schedule(source: tracker.Source) -> str:
    if source.every_seconds:
        return f"every {describe_every(source.every_seconds)}"
    return f"cron {source.cron}" if source.cron else "by hand"


def _when(at: dt.datetime | None) -> str:
    return at.strftime("%Y-%m-%d %H:%M:%S") if at else "-"


def _problems(source: tracker.Source) -> list[str]:
    from tracker_scrapers.registry import source_problems

    return source_problems(source.adapter, source.url, source.params)


@sources.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per source (with `problems` when it cannot run).")
@_with_tracker
async def sources_list(opened: tracker.Tracker, as_json: bool) -> None:
    """List sources with their schedule and health; a source whose parameters cannot run is marked `!`,
    with what is wrong."""
    listed = await opened.sources.list()
    if as_json:
        for source in listed:
            problems = _problems(source)
            click.echo(
                msgspec.json.encode({**msgspec.to_builtins(source), **({"problems": problems} if problems else {})}).decode()
            )
        return
    click.echo(f"  {'name':<24} {'adapter':<14} {'schedule':<18} {'on':<3} {'last success':<20} {'fails':>5}  last error")
    for source in listed:
        problems = _problems(source)
        click.echo(
            f"{'!' if problems else ' '} {source.name:<24} {source.adapter.value:<14} {_schedule(source):<18} "
            f"{'yes' if source.enabled else 'no':<3} {_when(source.health.last_success_at):<20} "
            f"{source.health.consecutive_failures:>5}  {source.health.last_error or ''}"
        )
        for problem in problems:
            click.echo(f"    ! {problem}")


@sources.command("show")
@click.argument("name")
@click.option(
    "--runs", "run_count", type=click.IntRange(0, 100), default=5, show_default=True, help="How many of the last runs to show."
)
@_with_tracker
async def sources_show(opened: tracker.Tracker, name: str, run_count: int) -> None:
    """A source: adapter, URL, parameters (with the defaults it leaves), schedule, health and last runs."""
    from tracker_scrapers.registry import adapter_params

    source = await opened.sources.get(name)
    click.echo(f"source    {source.name}{'' if source.enabled else ' (disabled)'}")
    click.echo(f"adapter   {source.adapter.value}")
    click.echo(f"url       {source.url}")
    click.echo(f"schedule  {_schedule(source)}")
    click.echo("parameters")
    declared = {info.name: info for info in adapter_params(source.adapter)}
    for key, value in source.params.items():
        click.echo(f"  {key} = {value}")
    for info in declared.values():
        if info.name not in source.params and info.default is not None:
            click.echo(f"  {info.name} = {info.default} (default)")
    for problem in _problems(source):
        click.echo(f"  ! {problem}")
    health = source.health
    click.echo(
        f"health    last success {_when(health.last_success_at)}, {health.consecutive_failures} failures in a row"
        + (f", last error at {_when(health.last_error_at)}: {health.last_error}" if health.last_error else "")
    )
    runs = (await opened.sources.runs(name, limit=run_count)).items if run_count else []
    click.echo("last runs" if runs else "no runs yet")
    for run in runs:
        click.echo(
            f"  {_when(run.started_at)}  {run.trigger:<9} {run.outcome.value:<13} created {run.created}  updated {run.updated}  "
            f"unchanged {run.unchanged}  candidates {run.candidates}" + (f"  {run.error}" if run.error else "")
        )


@sources.command("edit")
@click.argument("name")
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE", help="Set a parameter (replaces its values); repeat.")
@click.option("--unset-param", "unset", multiple=True, metavar="KEY", help="Remove a parameter (back to its default); repeat.")
@click.option("--url", help="A new base URL.")
@click.option("--every", help="Run every so often (30m, 6h, 1d) instead of the schedule it has.")
@click.option("--cron", help="Run on this cron schedule (five fields, UTC) instead of the schedule it has.")
@_with_tracker
async def sources_edit(
    opened: tracker.Tracker,
    name: str,
    params: tuple[str, ...],
    unset: tuple[str, ...],
    url: str | None,
    every: str | None,
    cron: str | None,
) -> None:
    """Change a source's parameters, URL or schedule; checked as `sources add` checks, and nothing
    changes if anything is wrong."""
    if every and cron:
        raise click.UsageError("give --every or --cron, not both")
    source = await opened.sources.get(name)
    missing = [key for key in unset if key not in source.params]
    if missing:
        raise click.UsageError(f"{name} has no parameter {', '.join(f'`{key}`' for key in missing)} to unset")
    changes: dict[str, Any] = {}
    if params or unset:
        changes["params"] = {**{key: value for key, value in source.params.items() if key not in unset}, **_params(params)}
    if url:
        changes["url"] = url
    if every:
        changes["every_seconds"] = _every_seconds(every)
    if cron:
        changes["cron"] = cron
    edited = await opened.sources.edit(name, changes, by=_cli_actor())
    if edited == source:
        click.echo(f"source {name!r} unchanged", err=True)
    else:
        click.echo(f"source {name!r} changed ({edited.adapter.value}, {_schedule(edited)})", err=True)


@sources.command("remove")
@click.argument("name")
@click.option(
    "--keep-runs",
    is_flag=True,
    help="Keep the source's runs and their snapshots (a source added again under the name shows them).",
)
@_with_tracker
async def sources_remove(opened: tracker.Tracker, name: str, keep_runs: bool) -> None:
    """Remove a source, with its runs and the snapshots only they used (unless --keep-runs). The
    records its runs loaded stay."""
    from tracker_scrapers.snapshots import SnapshotStore

    removed = await opened.sources.remove(name, keep_runs=keep_runs, by=_cli_actor())
    if removed.kept_runs:
        click.echo(f"source {name!r} removed; its runs and snapshots were kept")
        return
    deleted = SnapshotStore(load_settings().snapshot_dir).discard(removed.snapshots)
    click.echo(
        f"source {name!r} removed with its {removed.runs} runs and {deleted} snapshots "
        "(snapshots that other runs, sources or document texts use were kept)"
    )


@sources.command("adapters")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per adapter, with its parameters.")
def sources_adapters(as_json: bool) -> None:
    """Each adapter with the parameters a source of it may set: type, allowed values, default and help;
    then the official sources no adapter can read."""
    from tracker_scrapers.registry import NOT_READ, adapter_params

    for adapter in AdapterName:
        declared = adapter_params(adapter)
        if as_json:
            params = [
                {
                    "name": p.name,
                    "type": p.type,
                    "several": p.several,
                    "required": p.required,
                    "default": p.default,
                    "allowed": list(p.allowed),
                    "help": p.help,
                }
                for p in declared
            ]
            click.echo(msgspec.json.encode({"adapter": adapter.value, "params": params}).decode())
            continue
        click.echo(adapter.value)
        if not declared:
            click.echo("  (no parameters)")
        for info in declared:
            kind = f"{info.type}, several" if info.several else info.type
            notes = ["required"] if info.required else []
            if info.default is not None:
                notes.append(f"default {info.default}")
            if info.allowed:
                notes.append("one of " + ", ".join(info.allowed))
            click.echo(f"  {info.name} ({kind}{'; ' + '; '.join(notes) if notes else ''})")
            if info.help:
                click.echo(f"      {info.help}")
    if not as_json:
        click.echo("\nnot read by any adapter (news and NGO feeds are the way in):")
        for note in NOT_READ:
            click.echo(f"  {note}")


@sources.command("disable")
@click.argument("name")
@_with_tracker
async def sources_disable(opened: tracker.Tracker, name: str) -> None:
    """Stop the scheduler from running a source (`tracker scrape NAME` still runs it)."""
    await opened.sources.disable(name, by=_cli_actor())
    click.echo(f"source {name!r} disabled", err=True)


@sources.command("enable")
@click.argument("name")
@_with_tracker
async def sources_enable(opened: tracker.Tracker, name: str) -> None:
    """Let the scheduler run a source again."""
    await opened.sources.enable(name, by=_cli_actor())
    click.echo(f"source {name!r} enabled", err=True)


@main.group()
def documents() -> None:
    """UN documents: what was read of their texts."""


@documents.command("texts")
@click.option("--state", help="Only the documents of this State (ISO 3166-1 alpha-3).")
@click.option("--document", "symbol", metavar="SYMBOL", help="Only this document.")
@click.option("--failed", is_flag=True, help="Only the versions that could not be read, with the reason.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per document and language.")
@_with_tracker
async def documents_texts(opened: tracker.Tracker, state: str | None, symbol: str | None, failed: bool, as_json: bool) -> None:
    """Per document and language: read when, from which snapshot, by which reader, with what counts; or why not."""
    from tracker_scrapers.sources.document_texts import texts_read

    reads = [r for r in await texts_read(opened, state=state, document=symbol) if r.fault is not None or not failed]
    if as_json:
        for read in reads:
            click.echo(msgspec.json.encode(read).decode())
        return
    if not reads:
        click.echo("no document texts read yet; a document-texts source reads them (see `tracker sources list`)", err=True)
        return
    click.echo(f"{'document':<24} {'lang':<4} {'read at':<19} {'reader':<13} {'snapshot':<12} {'unplaced':>8}  records or fault")
    for read in reads:
        outcome = (
            f"{read.fault}: {read.error}"
            if read.fault
            else ", ".join(f"{n} {kind}" for kind, n in read.counts.items()) or "nothing"
        )
        click.echo(
            f"{read.document:<24} {read.language:<4} {read.read_at.strftime('%Y-%m-%d %H:%M:%S'):<19} "
            f"{read.reader or '-':<13} {(read.snapshot or '-')[:12]:<12} {read.unplaced:>8}  {outcome}"
        )


@main.command()
@click.argument("names", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per run (source, outcome, counts, error).")
@click.option("--replay", metavar="SNAPSHOT", help="Parse a kept snapshot (its SHA-256) again instead of fetching; one source.")
@click.option("--all", "run_all", is_flag=True, help="Run every enabled source.")
@_with_tracker
async def scrape(opened: tracker.Tracker, names: tuple[str, ...], as_json: bool, replay: str | None, run_all: bool) -> None:
    """Run sources now, one after the other; exit status 1 if any failed."""
    from tracker_scrapers.http import Fetcher
    from tracker_scrapers.runner import Busy, Runner
    from tracker_scrapers.snapshots import SnapshotStore

    if run_all:
        names = tuple(source.name for source in await opened.sources.list() if source.enabled)
    if not names:
        raise click.UsageError("name the sources to run (see `tracker sources list`), or pass --all")
    if replay and len(names) != 1:
        raise click.UsageError("--replay re-parses one snapshot for one source")
    for name in names:
        await opened.sources.get(name)
    settings = load_settings()
    failed = False
    async with Fetcher(SnapshotStore(settings.snapshot_dir)) as fetcher:
        runner = Runner(opened, fetcher, holder="tracker scrape")
        progress = sys.stderr.isatty() and not as_json
        for number, name in enumerate(names, 1):
            if progress:
                click.echo(f"[{number}/{len(names)}] {name} …", err=True, nl=False)
            try:
                run = await runner.run(name, replay=replay)
            except Busy as exc:
                failed = True
                click.echo(f"\r{exc}" if progress else str(exc), err=True)
                continue
            failed = failed or run.outcome is tracker.RunOutcome.FAILED
            if as_json:
                click.echo(
                    msgspec.json.encode(
                        {
                            "source": run.source,
                            "outcome": run.outcome,
                            "http_status": run.http_status,
                            "created": run.created,
                            "updated": run.updated,
                            "unchanged": run.unchanged,
                            "candidates": run.candidates,
                            "skipped": run.skipped,
                            "snapshot": run.snapshot,
                            "error": run.error,
                        }
                    ).decode()
                )
            else:
                line = (
                    f"{name:<24} {run.outcome.value:<13} created {run.created:>6}  updated {run.updated:>6}  "
                    f"unchanged {run.unchanged:>6}  candidates {run.candidates:>4}" + (f"  {run.error}" if run.error else "")
                )
                click.echo(f"\r\x1b[K{line}" if progress else line)
    if failed:
        raise SystemExit(1)


@main.command()
@click.pass_context
def scheduler(ctx: click.Context) -> None:
    """Run the sources on their schedules until stopped (Ctrl-C or SIGTERM); run exactly one of these.
    It logs as the service does (TRACKER_LOG_FORMAT, TRACKER_LOG_LEVEL), on standard error."""
    from tracker_api.logs import configure_command_logging

    url = _database_url(ctx)
    try:
        configure_command_logging(load_settings())
    except TrackerError as exc:
        raise click.ClickException(str(exc)) from None
    _run(_schedule_until_stopped(url))


async def _schedule_until_stopped(url: str) -> None:
    import signal

    from tracker_scrapers.http import Fetcher
    from tracker_scrapers.scheduler import Scheduler
    from tracker_scrapers.snapshots import SnapshotStore

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    async with tracker.open(url) as opened, Fetcher(SnapshotStore(load_settings().snapshot_dir)) as fetcher:
        running = Scheduler(opened, fetcher, holder="tracker scheduler")
        await running.start()
        await stop.wait()
        await running.stop()
    log.info("scheduler stopped")


@main.command()
@click.option("--host", envvar="TRACKER_HOST", default=None, help="Address to listen on (default 127.0.0.1).")
@click.option("--port", envvar="TRACKER_PORT", type=click.IntRange(1, 65535), default=None, help="Port (default 8000).")
@click.option("--reload", is_flag=True, help="Restart on code changes (development; one process).")
@click.option(
    "--workers",
    envvar="TRACKER_WORKERS",
    type=click.IntRange(min=1),
    default=None,
    help="HTTP worker processes over the same database (default 1).",
)
@click.option(
    "--with-scheduler", is_flag=True, help="Also run the sources on their schedules, in this process (one worker only)."
)
@click.pass_context
def serve(
    ctx: click.Context, host: str | None, port: int | None, reload: bool, workers: int | None, with_scheduler: bool
) -> None:
    """Serve the HTTP API."""

    import uvicorn

    from tracker_api.logs import server_log_config

    settings = _run(_checked_settings(ctx))
    workers = workers or settings.workers
    with_scheduler = with_scheduler or settings.with_scheduler
    if workers > 1 and reload:
        raise click.ClickException(f"--reload restarts a single process; drop --reload or --workers {workers}")
    if workers > 1 and with_scheduler:
        # Every worker would run every schedule: the schedules belong in one process of their own.
        raise click.ClickException(
            f"the scheduler must run once, not in each of {workers} workers: run `tracker scheduler` beside "
            f"`tracker serve --workers {workers}`, without --with-scheduler or TRACKER_WITH_SCHEDULER"
        )
    os.environ["TRACKER_DATABASE_URL"] = settings.database_url
    if with_scheduler:
        os.environ["TRACKER_WITH_SCHEDULER"] = "true"
    uvicorn.run(
        "tracker_api.app:create_app",
        factory=True,
        host=host or settings.host,
        port=port or settings.port,
        reload=reload,
        workers=workers,
        log_level=settings.log_level,
        log_config=server_log_config(settings),
    )


async def _checked_settings(ctx: click.Context) -> tracker.Settings:
    settings = load_settings()
    url = _database_url(ctx)
    async with tracker.open(url):
        pass
    return tracker.Settings(**{**{f: getattr(settings, f) for f in settings.__struct_fields__}, "database_url": url})


if __name__ == "__main__":
    main()
