"""Datasette plugin for the news claims database (loaded with ``--plugins-dir``).

- Search snippets: ``snippet()`` in the ``search`` canned query marks matches with
  ``⟦`` and ``⟧``; here the cell is HTML-escaped first and only then are those marks
  turned into ``<mark>`` tags, so text from articles is always shown as text.
- Links: a cell of a column named ``article`` (or ``article_a``/``article_b``) holding
  an article's path links to that article's row page; claim ids (``id`` in
  ``claims_flat``, ``claim``, ``claim_a``, ``claim_b`` in query results) link to the claim's row.
- The article's row page (template ``row.html``) gets ``article_html``: the article
  text, escaped, with the figure of each claim marked and linked to the claim.
- Readable claims pages: on the tables named in ``default_columns`` (plugin
  configuration) the table shows the columns an analyst reads, value and years
  written as ranges, the figure marked in its sentence (``_table.html``); the other
  columns stay in the JSON and CSV and come back with ``?_columns=all``, ``_col`` or
  ``_nocol``. A claim's row page is a card (``row.html`` with ``claim_card``).
- Places and speakers link to their figures over the years (the ``place_over_years``
  and ``by_speaker`` queries), drawn as charts by ``figures_chart`` in ``query.html``.
- Search: ``fts_query(q, syntax)`` (extract/search.py) is registered on every
  connection, so the ``search`` query never fails on what is typed.
- Facet headings: ``facet_labels`` from this plugin's configuration
  (``plugins.news-claims.facet_labels`` in datasette-metadata.json), for
  ``_facet_results.html``.
- Each facet computed once: Datasette 0.65 runs a facet twice when it is both
  configured in the metadata and asked for with ``?_facet=`` (its
  ``load_facet_configs`` keeps both); :func:`_once` drops the repeat, which halves
  the cost of such a page on a large database.
- Rejected claims left out: on every table or view with a ``status`` column, rows
  with status ``rejected`` are filtered out (``filters_from_request``) unless the URL
  filters on ``status`` itself (``?status=rejected``) or asks ``?_rejected=show``;
  while no claim is rejected, no filter is added.
  The map and the charts read the same filtered rows.
- Reviews, only under ``claims serve --review``: the environment variable
  :data:`extract.corrections.REVIEW_ENV` (which ``claims serve`` sets with
  ``--review`` and removes without it) names the database and corpus. Then, and only
  then, the route ``/-/review/<claim id>`` exists and each claim's page has buttons to
  confirm or reject it and a form to fix its fields (``_claim_review.html``). A review
  is accepted only as a POST from a loopback client, to a loopback host name, with
  Datasette's CSRF token both in a cookie and in the form, and goes through
  :func:`extract.corrections.review`, as ``claims review`` does: appended to the
  corrections file, then applied, one writer at a time.
- Stale data: under ``claims serve --watch``, when rebuilding from the corpus fails,
  every page says since when the data shown is stale and why (``claims_stale``, from
  the :class:`extract.watch.StatusFile` named by this plugin's ``status_file``
  setting), until a rebuild succeeds.
- Read-only SQL: every connection to the published database gets the SQLite
  authorizer of :mod:`extract.readonly` (reads only: no ``fts3_tokenizer``, no
  ``ATTACH``, no pragma that sets something, no write).
- Plain error pages: :func:`handle_exception` renders Datasette's own error page
  (``400.html``/``404.html``/``500.html``, else ``error.html``; JSON for ``.json``
  URLs) without Datasette's default handler, which prints a traceback with every
  local variable through ``rich`` for each 4xx (about half a second of server time
  each, stalling other requests). A 500 still logs a plain traceback.

Without ``--review`` nothing here writes: every query is a read.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import os
import pdb
import secrets
import traceback
import urllib.parse
from pathlib import Path
from urllib.parse import urlsplit

import datasette.facets
from datasette import hookimpl
from datasette.filters import FilterArguments
from datasette.plugins import pm
from datasette.utils import add_cors_headers, escape_sqlite
from datasette.utils.asgi import Base400, Response
from datasette.views.base import DatasetteError
from markupsafe import Markup, escape

from extract import corrections, pages, readonly, search, watch

PLUGIN = "news-claims"
MARK_START, MARK_END = "\u27e6", "\u27e7"  # ⟦ ⟧, as written by snippet() in the search query
SNIPPET_COLUMNS = {"snippet"}
ARTICLE_COLUMNS = {"article", "article_a", "article_b"}
CLAIM_COLUMNS = {"claim", "claim_a", "claim_b"}  # claim ids in the canned queries
CLAIMS_TABLES = {"claims", "claims_flat"}
# A place or a speaker links to its figures over the years (canned query, parameter).
OVER_YEARS = {"place": ("place_over_years", "place"), "speaker": ("by_speaker", "speaker")}
CHART_QUERIES = {"place_over_years": "place", "by_speaker": "speaker"}
ALL_COLUMNS = "_columns"  # ?_columns=all shows every column of a claims table


def _once(load_facet_configs):
    def load(request, table_metadata):
        configs = load_facet_configs(request, table_metadata)
        for kind, entries in configs.items():
            seen, kept = set(), []
            for entry in entries:
                key = repr(sorted(entry["config"].items()))
                if key not in seen:
                    seen.add(key)
                    kept.append(entry)
            configs[kind] = kept
        return configs

    load.deduplicated = True  # type: ignore[attr-defined]
    return load


if not getattr(datasette.facets.load_facet_configs, "deduplicated", False):
    datasette.facets.load_facet_configs = _once(datasette.facets.load_facet_configs)


def highlight(value: str) -> Markup:
    """``value`` as HTML: escaped, with the ⟦match⟧ marks as <mark> elements."""
    escaped = str(escape(value))
    return Markup(escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


async def _article_id(datasette, database: str, path: str) -> int | None:
    db = datasette.get_database(database)
    if "articles" not in await db.table_names():
        return None
    rows = await db.execute("select id from articles where path = ?", [path])
    row = rows.first()
    return row[0] if row else None


def _row_value(row, column):
    try:
        return row[column]
    except (IndexError, KeyError, TypeError):
        return None


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if isinstance(value, int) and (
        column in CLAIM_COLUMNS or (table in CLAIMS_TABLES and column == "id")
    ):
        url = datasette.urls.row(database, "claims", str(value))
        return Markup('<a href="{}" title="The claim">{}</a>').format(url, value)
    if not isinstance(value, str):
        return None
    if column in SNIPPET_COLUMNS and MARK_START in value:
        return highlight(value)
    if column in OVER_YEARS and value and (table in CLAIMS_TABLES or table is None):
        query, parameter = OVER_YEARS[column]
        url = datasette.urls.database(database) + "/" + query
        url += "?" + urllib.parse.urlencode({parameter: value})
        return Markup('<a href="{}" title="{}: figures over the years">{}</a>').format(
            url, value, value
        )
    if column in ARTICLE_COLUMNS and value:
        article_id = _row_value(row, f"{column}_id")  # article_id, article_a_id, ...
        if isinstance(article_id, dict):  # a foreign key Datasette expanded with its label
            article_id = article_id.get("value")
        if isinstance(article_id, int):
            return _article_link(datasette, database, article_id, value)

        async def article_link():
            found = await _article_id(datasette, database, value)
            if found is None:
                return None
            return _article_link(datasette, database, found, value)

        return article_link
    return None


def _article_link(datasette, database: str, article_id: int, path: str) -> Markup:
    url = datasette.urls.row(database, "articles", str(article_id))
    return Markup('<a href="{}" title="The article, with its text">{}</a>').format(url, path)


async def article_html(datasette, database: str, article_id: str) -> Markup | None:
    """The text of article ``article_id``, escaped, each claim's figure marked and linked."""
    db = datasette.get_database(database)
    found = await db.execute("select text from articles where id = ?", [article_id])
    row = found.first()
    if row is None or row[0] is None:
        return None
    text = row[0]
    claims = await db.execute(
        "select id, char_start, char_end, figure from claims where article_id = ? "
        "order by char_start, char_end desc",
        [article_id],
    )
    parts: list[str] = []
    at = 0
    for claim_id, start, end, figure in claims.rows:
        if start is None or end is None or start < at or end > len(text) or start >= end:
            continue  # overlapping or out of range: leave the text as it is
        url = datasette.urls.row(database, "claims", str(claim_id))
        parts.append(str(escape(text[at:start])))
        parts.append(
            str(
                Markup(
                    '<a class="claim-figure" href="{}" title="Claim {}: {}"><mark>{}</mark></a>'
                ).format(url, claim_id, figure, text[start:end])
            )
        )
        at = end
    parts.append(str(escape(text[at:])))
    return Markup("".join(parts))


async def claim_card(datasette, database: str, claim_id: str) -> dict | None:
    """A claim's card: its fields, its sentence with the figure marked where the
    article has it, its article and the other claims of that article."""
    db = datasette.get_database(database)
    found = await db.execute("select * from claims where id = ?", [claim_id])
    claim = found.first()
    if claim is None:
        return None
    claim = dict(claim)
    article = (
        await db.execute(
            "select id, path, title, source, published, url, text from articles where id = ?",
            [claim["article_id"]],
        )
    ).first()
    article = dict(article) if article is not None else {}
    at = pages.sentence_offset(
        article.get("text"), claim["sentence"], claim["char_start"], claim["char_end"]
    )
    others = await db.execute(
        "select id, figure, value, value_low, value_high, unit, year_start, year_end, place, "
        "speaker, sentence from claims where article_id = ? and id != ? order by char_start",
        [claim["article_id"], claim["id"]],
    )
    return {
        "claim": claim,
        "sentence": pages.mark_figure(claim["sentence"], claim["figure"], at),
        "value": pages.value_text(claim["value"], claim["value_low"], claim["value_high"]),
        "years": pages.years_text(claim["year_start"], claim["year_end"]),
        "article": article,
        "others": [
            {
                **dict(other),
                "value_text": pages.value_text(
                    other["value"], other["value_low"], other["value_high"]
                ),
                "years": pages.years_text(other["year_start"], other["year_end"]),
                "url": datasette.urls.row(database, "claims", str(other["id"])),
            }
            for other in others.rows
        ],
    }


def _compact_columns(config: dict, table: str | None, request) -> list[str] | None:
    """The columns to show on a claims table page, or None for Datasette's own table
    (another table, or the user chose columns with _col, _nocol or _columns=all)."""
    columns = (config.get("default_columns") or {}).get(table or "")
    if not columns or request is None:
        return None
    args = request.args
    if "_col" in args or "_nocol" in args or args.get(ALL_COLUMNS) == "all":
        return None
    return list(columns)


def _cells(row) -> tuple[dict, dict]:
    """A table page's row (Datasette's list of cells) as {column: cell} and
    {column: raw value}, for the compact claims table."""
    cells = {cell["column"]: cell for cell in row}
    return cells, {name: cell["raw"] for name, cell in cells.items()}


@hookimpl
def prepare_connection(conn, database, datasette):
    search.register(conn)
    db = datasette.databases.get(database)
    if db is not None and db.path is not None:  # a database file, not Datasette's own
        readonly.guard(conn)  # visitors' SQL may only read


@hookimpl
def prepare_jinja2_environment(env, datasette):
    env.globals["claims_value"] = pages.value_text
    env.globals["claims_years"] = pages.years_text
    env.globals["claims_mark"] = pages.mark_figure
    env.globals["claims_fts_problem"] = search.fts_problem
    env.globals["claims_wants_syntax"] = search.wants_syntax
    env.globals["claims_by_name"] = lambda columns: {c["name"]: c for c in columns}
    env.globals["claims_cells"] = _cells

    def claims_chart(database, columns, rows, title=""):
        return pages.figures_chart(
            (dict(zip(columns, row)) for row in rows),
            lambda claim_id: datasette.urls.row(database, "claims", str(claim_id)),
            title=title,
        )

    env.globals["claims_chart"] = claims_chart


@hookimpl
def extra_template_vars(template, database, table, view_name, request, datasette):
    config = datasette.plugin_config(PLUGIN, database=database, table=table) or {}

    async def inner():
        extra = {
            "facet_labels": config.get("facet_labels") or {},
            "chart_queries": CHART_QUERIES,
            "claims_stale": watch.stale_status(
                (datasette.plugin_config(PLUGIN) or {}).get("status_file")
            ),
        }
        if view_name == "table":
            extra["compact_columns"] = _compact_columns(config, table, request)
        if view_name == "row" and request is not None:
            pks = request.url_vars.get("pks")
            if pks and table == "articles":
                extra["article_html"] = await article_html(datasette, database, pks)
            if pks and table == "claims":
                extra["claim_card"] = await claim_card(datasette, database, pks)
                if review_config() is not None:
                    extra["claim_review"] = await _review_form(datasette, database, pks)
        return extra

    return inner


# Datasette calls every handle_exception hook and awaits each one, even after one has
# answered: its own (registered as this module) must go, or each error still prints
# the rich traceback.
DATASETTE_HANDLER = "datasette.handle_exception"
if pm.get_plugin(DATASETTE_HANDLER) is not None:
    pm.unregister(name=DATASETTE_HANDLER)


@hookimpl(tryfirst=True)
def handle_exception(datasette, request, exception):
    async def inner():
        return await error_response(datasette, request, exception)

    return inner


async def error_response(datasette, request, exception) -> Response:
    """Datasette's error page for ``exception``, as its default handler renders it but
    without printing the traceback with rich (a plain one is logged for a 500)."""
    if datasette.pdb:
        pdb.post_mortem(exception.__traceback__)
    title = None
    info: dict = {}
    if isinstance(exception, Base400):
        status, message = exception.status, exception.args[0]
    elif isinstance(exception, DatasetteError):
        status, info, message = exception.status, exception.error_dict, exception.message
        if exception.message_is_html:
            message = Markup(message)
        title = exception.title
    else:
        status, message = 500, str(exception)
        traceback.print_exception(exception)
    info.update({"ok": False, "error": message, "status": status, "title": title})
    headers: dict = {}
    if datasette.cors:
        add_cors_headers(headers)
    if request.path.split("?")[0].endswith(".json"):
        return Response.json(info, status=status, headers=headers)
    template = datasette.jinja_env.select_template([f"{status}.html", "error.html"])
    context = dict(
        info, urls=datasette.urls, app_css_hash=datasette.app_css_hash(), menu_links=lambda: []
    )
    return Response.html(await template.render_async(context), status=status, headers=headers)


# ------------------------------------------------------------------- rejected claims

REJECTED_HIDDEN = "\"status\" IS NOT 'rejected'"


@hookimpl
def filters_from_request(request, database, table, datasette):
    """Leave rejected claims out of every page of a table or view with a status column,
    unless the URL filters on status or asks ``_rejected=show``."""
    if table is None or request is None:
        return None
    asked = any(key == "status" or key.startswith("status__") for key in request.args)
    if asked or request.args.get("_rejected") == "show":
        return None

    async def inner():
        db = datasette.get_database(database)
        if "status" not in await db.table_columns(table):
            return None
        # No filter at all while nothing is rejected (an index lookup tells).
        some = await db.execute(
            f"select exists(select 1 from {escape_sqlite(table)} where status = 'rejected')"
        )
        if not some.first()[0]:
            return None
        return FilterArguments([REJECTED_HIDDEN], human_descriptions=["status is not rejected"])

    return inner


# --------------------------------------------------------------------------- reviews

REVIEW_ROUTE = r"^/-/review/(?P<claim_id>[0-9]{1,18})$"
_LOOPBACK_NAMES = {"localhost"}
_write_lock = asyncio.Lock()


def review_config() -> dict | None:
    """The review settings ``claims serve --review`` passes (database, corpus, who),
    or None: the site is read-only."""
    raw = os.environ.get(corrections.REVIEW_ENV)
    if not raw:
        return None
    try:
        config = json.loads(raw)
    except json.JSONDecodeError:
        return None
    if not isinstance(config, dict) or not config.get("db") or not config.get("corpus"):
        return None
    return config


@hookimpl
def register_routes(datasette):
    if review_config() is None:
        return []
    return [(REVIEW_ROUTE, review_claim)]


def _loopback(host: str) -> bool:
    host = host.strip("[]").casefold()
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _refusal(request, datasette, form: dict) -> str | None:
    """Why a review request is refused, or None. Only this machine may write: a
    loopback client, a loopback Host (no DNS rebinding), no other origin, and
    Datasette's CSRF token in its cookie and in the form (asgi-csrf lets a POST
    without cookies through: here it is refused)."""
    client = (request.scope.get("client") or ("",))[0] or ""
    if not _loopback(client):
        return "Reviews are accepted from this machine only."
    if not _loopback(urlsplit("//" + request.host).hostname or ""):
        return "Reviews are accepted on a loopback address only (127.0.0.1 or localhost)."
    # Datasette sends "Referrer-Policy: no-referrer", so a browser's own form sends
    # "Origin: null"; Sec-Fetch-Site still tells a cross-site request.
    origin = request.headers.get("origin")
    fetch_site = request.headers.get("sec-fetch-site")
    if (origin and origin != "null" and urlsplit(origin).netloc != request.host) or (
        fetch_site and fetch_site not in ("same-origin", "none")
    ):
        return "Reviews are accepted from this site's own pages only."
    cookie = request.cookies.get("ds_csrftoken") or ""
    token = form.get("csrftoken") or ""
    if not cookie or not token or not secrets.compare_digest(cookie, token):
        return "The form has no valid CSRF token: reload the claim's page and try again."
    try:
        datasette.unsign(cookie, "csrftoken")
    except Exception:
        return "The form has no valid CSRF token: reload the claim's page and try again."
    return None


def _database_of(datasette, db_path: str) -> str | None:
    wanted = Path(db_path).resolve()
    for name, db in datasette.databases.items():
        if db.path and Path(db.path).resolve() == wanted:
            return name
    return None


async def review_claim(request, datasette):
    """POST /-/review/<id>: confirm, reject or fix a claim, then back to its page."""
    config = review_config()
    database = _database_of(datasette, config["db"]) if config else None
    if config is None or database is None:
        return Response.text("Reviews are not enabled for this database.", status=404)
    claim_id = int(request.url_vars["claim_id"])
    back = datasette.urls.row(database, "claims", str(claim_id))
    if request.method != "POST":
        return Response.redirect(back)
    form = dict(await request.post_vars())
    refusal = _refusal(request, datasette, form)
    if refusal:
        return Response.text(refusal, status=403)
    async with _write_lock:
        message, kind = await asyncio.to_thread(_write, config, claim_id, form)
    datasette.add_message(request, message, datasette.ERROR if kind == "error" else datasette.INFO)
    return Response.redirect(back + "#review")


def _write(config: dict, claim_id: int, form: dict) -> tuple[str, str]:
    """Apply one review form through the CLI's code; (message, "info" or "error")."""
    action = form.get("action")
    statuses = {
        "confirm": corrections.Status.CONFIRMED,
        "reject": corrections.Status.REJECTED,
        "fix": corrections.Status.CORRECTED,
    }
    if action not in statuses:
        return "Choose confirm, reject or fix.", "error"
    try:
        changes = _form_changes(config, claim_id, form) if action == "fix" else {}
        if action == "fix" and not changes:
            return "Nothing to save: no field differs from the claim.", "error"
        done = corrections.review(
            Path(config["db"]),
            Path(config["corpus"]),
            claim_id,
            statuses[action],
            changes,
            by=config.get("by"),
        )
    except corrections.CorrectionError as exc:
        return f"Not saved: {exc}", "error"
    changed = [
        f"{column} {_text(new)}"
        for column, (_, new) in done.changes().items()
        if column != "status"
    ]
    details = f" ({'; '.join(changed)})" if changed else ""
    return (
        f"Claim {claim_id} {done.after.get('status')}{details}; "
        f"recorded in {done.path.name}, line {done.line}.",
        "info",
    )


def _text(value) -> str:
    return "none" if value is None else str(value)


def _form_changes(config: dict, claim_id: int, form: dict) -> dict:
    """The gold-format fields of the fix form that differ from the claim as it is."""
    from extract import store

    db = store.open_db(config["db"])
    try:
        row = corrections.claim_row(db, claim_id)
    finally:
        db.close()
    if row is None:
        raise corrections.CorrectionError(f"no claim {claim_id} (re-extracted? reload the page)")
    current = corrections.fields_of(row)
    typed = {k: form.get(k) for k in ("value", "years", "place", "speaker", "direction", "flow")}
    if not (typed["value"] or "").strip():
        typed["value"] = None  # a claim without a value keeps it so
    wanted = corrections.parse_changes(typed)
    changes = {}
    for key, value in wanted.items():
        now = current.get(key)
        if key in ("place", "speaker"):
            same = [v.casefold() for v in value] == [v.casefold() for v in now or []]
        else:
            same = value == now
        if not same:
            changes[key] = value
    if "low" in changes or "high" in changes:
        changes.update(low=wanted.get("low"), high=wanted.get("high"))
    return changes


def _form_value(row: dict) -> str:
    fields = corrections.fields_of(row)
    if "value" in fields:
        return _number(fields["value"])
    if "low" in fields:
        return f"{_number(fields['low'])}-{_number(fields['high'])}"
    return ""


def _number(value) -> str:
    return "" if value is None else str(value)


async def _review_form(datasette, database: str, claim_id: str) -> dict | None:
    """What the review form of a claim's page shows."""
    db = datasette.get_database(database)
    rows = await db.execute("select * from claims where id = ?", [claim_id])
    found = rows.first()
    if found is None or "status" not in found.keys():  # noqa: SIM118 (a sqlite3.Row)
        return None
    row = dict(found)
    fields = corrections.fields_of(row)
    years = fields.get("years")
    review = json.loads(row.get("review") or "{}")
    return {
        "url": datasette.urls.path(f"/-/review/{int(claim_id)}"),
        "status": row["status"],
        "by": review.get("by"),
        "at": review.get("at"),
        "note": review.get("note"),
        "extracted": json.loads(row.get("extracted") or "{}"),
        "value": _form_value(row),
        "years": ""
        if not years
        else str(years[0])
        if years[0] == years[1]
        else f"{years[0]}-{years[1]}",
        "place": row.get("place") or "",
        "speaker": row.get("speaker") or "",
        "direction": row.get("direction") or "",
        "flow": row.get("flow") or "",
        "directions": corrections.DIRECTIONS,
        "flows": corrections.FLOWS,
    }
