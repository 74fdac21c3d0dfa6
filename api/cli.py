"""The ``tracker`` command: database, data and service management."""

from __future__ import annotations

import asyncio
import functools
import logging
import sys
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, TypeVar

import click
import msgspec

import tracker
from scrapers.documents.reading import import_document
from scrapers.harvest import ParseError
from tracker.config import load_settings
from tracker.domain.enums import AdapterName
from tracker.domain.schedules import describe_every
from tracker.errors import TrackerError
from tracker.library import default_actor
from tracker.services.loading import LoadReport

T = TypeVar("T")


def _run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine; a tracker error becomes a one-line message and exit status 1."""
    try:
        return asyncio.run(coroutine)
    except TrackerError as exc:
        raise click.ClickException(str(exc)) from None


def _database_url(ctx: click.Context) -> str:
    url = ctx.obj.get("database_url")
    if url:
        return url
    try:
        return load_settings().database_url
    except TrackerError as exc:
        raise click.ClickException(str(exc)) from None


def _print_report(report: LoadReport) -> None:
    for kind, counts in report.counts.items():
        if counts.created or counts.updated or counts.unchanged:
            click.echo(f"{kind:<12} created {counts.created:>6}  updated {counts.updated:>6}  unchanged {counts.unchanged:>6}")


def _with_tracker(func: Callable[..., Coroutine[Any, Any, T]]) -> Callable[..., T]:
    @click.pass_context
    @functools.wraps(func)
    def wrapper(ctx: click.Context, *args: Any, **kwargs: Any) -> T:
        async def run() -> T:
            async with tracker.open(_database_url(ctx)) as opened:
                return await func(opened, *args, **kwargs)

        return _run(run())

    return wrapper


@click.group()
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
        async with tracker.open(_database_url(ctx), upgrade=True):
            pass

    _run(run())
    click.echo("database is at the current schema")


@main.command()
@click.option("--if-empty", is_flag=True, help="Only load into a database that holds no data yet.")
@_with_tracker
async def seed(opened: tracker.Tracker, if_empty: bool) -> None:
    """Load the bundled Kazakhstan and Tajikistan data (idempotent)."""
    report = await opened.seed(only_if_empty=if_empty)
    if report is None:
        click.echo("the database already holds data; nothing loaded")
    else:
        _print_report(report)


@main.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@_with_tracker
async def import_(opened: tracker.Tracker, file: Path) -> None:
    """Load a records file (NDJSON, as written by `tracker export`): all of it or nothing."""
    _print_report(await opened.import_file(file))


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
        click.echo(msgspec.json.encode({
            "symbol": reading.symbol, "reader": reading.reader, "read": reading.counts(), "unplaced": reading.unplaced,
            "loaded": None if report is None else {kind: msgspec.structs.asdict(c) for kind, c in report.counts.items()},
        }).decode())
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
        await opened.export(sys.stdout.buffer)
        sys.stdout.flush()
        return
    partial = output.with_name(output.name + ".partial")
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
@click.option("--role", type=click.Choice([r.value for r in tracker.Role]), default="editor", show_default=True,
              help="reader: reads when TRACKER_PUBLIC_READ=false; editor: records actions, assessments, triage; admin: everything.")
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

        click.echo(f"{key.name:<24} {key.role.value:<7} {when(key.created_at):<20} {when(key.last_used_at):<20} {when(key.revoked_at)}")


@keys.command("revoke")
@click.argument("name")
@_with_tracker
async def keys_revoke(opened: tracker.Tracker, name: str) -> None:
    """Revoke a key: requests with it are refused from now on."""
    key = await opened.keys.revoke(name, by=_cli_actor())
    click.echo(f"key {key.name!r} revoked", err=True)


@main.group()
def sources() -> None:
    """Sources the scrapers read: add, list, enable, disable."""


def _params(values: tuple[str, ...]) -> dict[str, str]:
    params = {}
    for value in values:
        key, sep, text = value.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{value!r} is not KEY=VALUE", param_hint="--param")
        params[key] = text
    return params


@sources.command("add")
@click.argument("name")
@click.option("--adapter", required=True, type=click.Choice([a.value for a in AdapterName]), help="How to read the source.")
@click.option("--url", required=True, help="The source's base URL.")
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE", help="A parameter (state=KAZ, query=CAT/C/KAZ …); repeat.")
@click.option("--every", help="Run every so often: 30m, 6h, 1d.")
@click.option("--cron", help='Run on a cron schedule, five fields in UTC: "0 3 * * 1".')
@click.option("--disabled", is_flag=True, help="Add it switched off.")
@_with_tracker
async def sources_add(opened: tracker.Tracker, name: str, adapter: str, url: str, params: tuple[str, ...], every: str | None,
                      cron: str | None, disabled: bool) -> None:
    """Add a source."""
    source = await opened.sources.add(name, adapter, url, params=_params(params), every=every, cron=cron, enabled=not disabled,
                                      by=_cli_actor())
    click.echo(f"source {source.name!r} added ({source.adapter.value}, {_schedule(source)})", err=True)


def _schedule(source: tracker.Source) -> str:
    if source.every_seconds:
        return f"every {describe_every(source.every_seconds)}"
    return f"cron {source.cron}" if source.cron else "by hand"


@sources.command("list")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per source.")
@_with_tracker
async def sources_list(opened: tracker.Tracker, as_json: bool) -> None:
    """List sources with their schedule and health."""
    listed = await opened.sources.list()
    if as_json:
        for source in listed:
            click.echo(msgspec.json.encode(source).decode())
        return
    click.echo(f"{'name':<24} {'adapter':<13} {'schedule':<18} {'on':<3} {'last success':<20} {'fails':>5}  last error")
    for source in listed:
        success = source.health.last_success_at.strftime("%Y-%m-%d %H:%M:%S") if source.health.last_success_at else "-"
        click.echo(f"{source.name:<24} {source.adapter.value:<13} {_schedule(source):<18} {'yes' if source.enabled else 'no':<3} "
                   f"{success:<20} {source.health.consecutive_failures:>5}  {source.health.last_error or ''}")


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
    from scrapers.sources.document_texts import texts_read

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
        outcome = (f"{read.fault}: {read.error}" if read.fault else
                   ", ".join(f"{n} {kind}" for kind, n in read.counts.items()) or "nothing")
        click.echo(f"{read.document:<24} {read.language:<4} {read.read_at.strftime('%Y-%m-%d %H:%M:%S'):<19} "
                   f"{read.reader or '-':<13} {(read.snapshot or '-')[:12]:<12} {read.unplaced:>8}  {outcome}")


@main.command()
@click.argument("names", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object per run (source, outcome, counts, error).")
@click.option("--replay", metavar="SNAPSHOT", help="Parse a kept snapshot (its SHA-256) again instead of fetching; one source.")
@click.option("--all", "run_all", is_flag=True, help="Run every enabled source.")
@_with_tracker
async def scrape(opened: tracker.Tracker, names: tuple[str, ...], as_json: bool, replay: str | None, run_all: bool) -> None:
    """Run sources now, one after the other; exit status 1 if any failed."""
    from scrapers.http import Fetcher
    from scrapers.runner import Busy, Runner
    from scrapers.snapshots import SnapshotStore

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
        runner = Runner(opened, fetcher)
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
                click.echo(msgspec.json.encode({
                    "source": run.source, "outcome": run.outcome, "http_status": run.http_status, "created": run.created,
                    "updated": run.updated, "unchanged": run.unchanged, "candidates": run.candidates, "skipped": run.skipped,
                    "snapshot": run.snapshot, "error": run.error,
                }).decode())
            else:
                line = (f"{name:<24} {run.outcome.value:<13} created {run.created:>6}  updated {run.updated:>6}  "
                        f"unchanged {run.unchanged:>6}  candidates {run.candidates:>4}" + (f"  {run.error}" if run.error else ""))
                click.echo(f"\r\x1b[K{line}" if progress else line)
    if failed:
        raise SystemExit(1)


@main.command()
@click.pass_context
def scheduler(ctx: click.Context) -> None:
    """Run the sources on their schedules until stopped (Ctrl-C or SIGTERM); run exactly one of these."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    _run(_schedule_until_stopped(_database_url(ctx)))


async def _schedule_until_stopped(url: str) -> None:
    import signal

    from scrapers.http import Fetcher
    from scrapers.scheduler import Scheduler
    from scrapers.snapshots import SnapshotStore

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    async with tracker.open(url) as opened, Fetcher(SnapshotStore(load_settings().snapshot_dir)) as fetcher:
        running = Scheduler(opened, fetcher)
        await running.start()
        click.echo(f"scheduler: {len(running.scheduled)} sources scheduled; Ctrl-C stops", err=True)
        await stop.wait()
        await running.stop()
    click.echo("scheduler stopped", err=True)


@main.command()
@click.option("--host", envvar="TRACKER_HOST", default=None, help="Address to listen on (default 127.0.0.1).")
@click.option("--port", envvar="TRACKER_PORT", type=int, default=None, help="Port (default 8000).")
@click.option("--reload", is_flag=True, help="Restart on code changes (development).")
@click.option("--with-scheduler", is_flag=True, help="Also run the sources on their schedules, in this process.")
@click.pass_context
def serve(ctx: click.Context, host: str | None, port: int | None, reload: bool, with_scheduler: bool) -> None:
    """Serve the HTTP API."""
    import os

    import uvicorn

    settings = _run(_checked_settings(ctx))
    os.environ["TRACKER_DATABASE_URL"] = settings.database_url
    if with_scheduler:
        os.environ["TRACKER_WITH_SCHEDULER"] = "true"
    uvicorn.run(
        "api.app:create_app", factory=True, host=host or settings.host, port=port or settings.port,
        reload=reload, log_level=settings.log_level,
    )


async def _checked_settings(ctx: click.Context) -> tracker.Settings:
    settings = load_settings()
    url = _database_url(ctx)
    async with tracker.open(url):
        pass
    return tracker.Settings(**{**{f: getattr(settings, f) for f in settings.__struct_fields__}, "database_url": url})


if __name__ == "__main__":
    main()
