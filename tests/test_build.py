"""extract.build: bringing the database in line with the corpus folder."""

import json
import shutil

import pytest
import sqlite_utils

import extract
from extract import extractor, store
from extract import nlp as nlp_module
from extract.build import ALIAS, FAILED, READ, SKIPPED, UNCHANGED, BuildEvent, build

NEW_PARAGRAPH = "\n\nIn 2014, some 5,000 people arrived in Greece, officials said.\n"


def dump(db_path, with_times=False):
    """The database's content: articles (without extracted_at unless asked), names, claims."""
    db = sqlite_utils.Database(db_path)
    try:
        articles = [
            {k: v for k, v in row.items() if with_times or k != "extracted_at"}
            for row in db.query("SELECT * FROM articles ORDER BY id")
        ]
        paths = list(db.query("SELECT * FROM article_paths ORDER BY path"))
        claims = list(db.query("SELECT * FROM claims ORDER BY id"))
        return {"articles": articles, "paths": paths, "claims": claims}
    finally:
        db.close()


def names(db_path):
    """Stored file name -> main name of its article."""
    db = sqlite_utils.Database(db_path)
    try:
        return dict(
            db.execute(
                "SELECT article_paths.path, articles.path FROM article_paths "
                "JOIN articles ON articles.id = article_paths.article_id"
            ).fetchall()
        )
    finally:
        db.close()


def claims_of(db_path, article):
    db = store.open_db(db_path)
    try:
        return [row for row in store.predictions(db) if row["article"] == article]
    finally:
        db.close()


def article_row(db_path, path):
    return next(a for a in dump(db_path, with_times=True)["articles"] if a["path"] == path)


@pytest.fixture
def forbid_nlp(monkeypatch):
    """Call it to make loading spaCy an error from then on: the next build must not need it."""

    def refuse(model=None):
        raise AssertionError("spaCy was loaded although nothing needed extracting")

    return lambda: monkeypatch.setattr(nlp_module, "load", refuse)


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "claims.db"


def test_build_stores_articles_and_claims(tiny_corpus, db_path, nlp):
    summary = build(tiny_corpus, db_path)
    assert summary.read == 3
    assert summary.skipped_unchanged == 0
    assert summary.failed == [] and summary.skipped == []
    assert summary.articles_total == 3
    assert summary.claims_stored == summary.claims_total > 0
    assert summary.model == nlp_module.model_name()
    assert set(names(db_path)) == {"asylum.md", "worship.md", "003_a2bd9d0f0c373590.txt"}
    figures = {row["figure"] for row in claims_of(db_path, "asylum.md")}
    assert "8000" in figures
    data = dump(db_path)
    assert all(a["extractor_version"] == extract.EXTRACTOR_VERSION for a in data["articles"])
    assert sum(a["n_claims"] for a in data["articles"]) == len(data["claims"])


def test_second_build_changes_nothing_and_loads_no_model(tiny_corpus, db_path, nlp, forbid_nlp):
    build(tiny_corpus, db_path)
    before = dump(db_path, with_times=True)
    forbid_nlp()
    summary = build(tiny_corpus, db_path)
    assert (summary.read, summary.skipped_unchanged, summary.aliased, summary.deleted) == (
        0,
        3,
        0,
        0,
    )
    assert summary.claims_stored == 0
    assert summary.model is None
    assert dump(db_path, with_times=True) == before


def test_editing_a_file_reextracts_only_it(tiny_corpus, db_path, nlp):
    build(tiny_corpus, db_path)
    before = dump(db_path, with_times=True)
    with open(tiny_corpus / "worship.md", "a", encoding="utf-8") as f:
        f.write(NEW_PARAGRAPH)
    summary = build(tiny_corpus, db_path)
    assert (summary.read, summary.skipped_unchanged) == (1, 2)
    after = dump(db_path, with_times=True)
    untouched = [a for a in before["articles"] if a["path"] != "worship.md"]
    assert [a for a in after["articles"] if a["path"] != "worship.md"] == untouched
    kept_ids = {a["id"] for a in untouched}
    assert [c for c in after["claims"] if c["article_id"] in kept_ids] == [
        c for c in before["claims"] if c["article_id"] in kept_ids
    ]
    assert "5,000" in article_row(db_path, "worship.md")["text"]
    assert 5000 in {row["value"] for row in claims_of(db_path, "worship.md")}


def test_deleting_a_file_removes_its_article_and_claims(tiny_corpus, db_path, nlp):
    build(tiny_corpus, db_path)
    (tiny_corpus / "asylum.md").unlink()
    summary = build(tiny_corpus, db_path)
    assert (summary.deleted, summary.skipped_unchanged, summary.read) == (1, 2, 0)
    assert "asylum.md" not in names(db_path)
    assert claims_of(db_path, "asylum.md") == []
    assert summary.articles_total == 2
    data = dump(db_path)
    assert {c["article_id"] for c in data["claims"]} <= {a["id"] for a in data["articles"]}


def test_duplicate_file_becomes_an_alias(tiny_corpus, db_path, nlp, forbid_nlp):
    build(tiny_corpus, db_path)
    forbid_nlp()
    before = dump(db_path)
    shutil.copy(tiny_corpus / "asylum.md", tiny_corpus / "copy-of-asylum.md")
    summary = build(tiny_corpus, db_path)
    assert (summary.aliased, summary.read, summary.skipped_unchanged) == (1, 0, 3)
    assert names(db_path)["copy-of-asylum.md"] == "asylum.md"
    after = dump(db_path)
    assert after["articles"] == before["articles"] and after["claims"] == before["claims"]
    # and the next build leaves it as it is
    again = build(tiny_corpus, db_path)
    assert (again.skipped_unchanged, again.aliased) == (4, 0)


def test_duplicates_in_one_build_are_stored_once(tiny_corpus, db_path, nlp):
    shutil.copy(tiny_corpus / "worship.md", tiny_corpus / "zz-worship-again.md")
    summary = build(tiny_corpus, db_path)
    assert (summary.read, summary.aliased, summary.articles_total) == (3, 1, 3)
    assert names(db_path)["zz-worship-again.md"] == "worship.md"


def test_renamed_file_keeps_its_claims_without_reextracting(tiny_corpus, db_path, nlp, forbid_nlp):
    build(tiny_corpus, db_path)
    forbid_nlp()
    old_claims = [
        {k: v for k, v in row.items() if k != "article"} for row in claims_of(db_path, "asylum.md")
    ]
    (tiny_corpus / "asylum.md").rename(tiny_corpus / "renamed.md")
    summary = build(tiny_corpus, db_path)
    assert (summary.read, summary.aliased, summary.deleted) == (0, 1, 1)
    assert names(db_path).get("renamed.md") == "renamed.md"
    assert "asylum.md" not in names(db_path)
    new_claims = [
        {k: v for k, v in row.items() if k != "article"} for row in claims_of(db_path, "renamed.md")
    ]
    assert new_claims == old_claims
    assert build(tiny_corpus, db_path).skipped_unchanged == 3


def test_editing_a_file_keeps_the_text_of_its_duplicate(tiny_corpus, db_path, nlp):
    shutil.copy(tiny_corpus / "asylum.md", tiny_corpus / "copy.md")
    build(tiny_corpus, db_path)
    assert names(db_path)["copy.md"] == "asylum.md"
    with open(tiny_corpus / "asylum.md", "a", encoding="utf-8") as f:
        f.write(NEW_PARAGRAPH)
    summary = build(tiny_corpus, db_path)
    assert summary.read == 1 and summary.failed == []
    db = store.open_db(db_path)
    try:
        stored = store.stored_articles(db)
    finally:
        db.close()
    from extract.articles import read_article

    for name in ("asylum.md", "copy.md"):
        assert stored[name][0] == read_article(tiny_corpus / name, tiny_corpus).content_hash
    assert names(db_path) == {
        name: name for name in ("asylum.md", "copy.md", "worship.md", "003_a2bd9d0f0c373590.txt")
    }
    assert 5000 in {row["value"] for row in claims_of(db_path, "asylum.md")}
    assert 5000 not in {row["value"] for row in claims_of(db_path, "copy.md")}
    assert build(tiny_corpus, db_path).skipped_unchanged == 4


def test_unreadable_files_are_reported_and_the_rest_stored(tiny_corpus, db_path, nlp):
    (tiny_corpus / "empty.md").write_text("", encoding="utf-8")
    (tiny_corpus / "empty-too.txt").write_text("", encoding="utf-8")
    (tiny_corpus / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (tiny_corpus / "notes.pdf").write_bytes(b"%PDF-1.4")
    summary = build(tiny_corpus, db_path)
    failed = dict(summary.failed)
    assert set(failed) == {"empty.md", "empty-too.txt", "binary.txt"}
    assert "empty" in failed["empty.md"] and "empty" in failed["empty-too.txt"]
    assert "binary" in failed["binary.txt"]
    assert dict(summary.skipped) == {"notes.pdf": "unsupported file type .pdf"}
    assert summary.read == 3 and summary.articles_total == 3
    assert not summary.ok


def test_a_file_that_becomes_unreadable_loses_its_stale_claims(tiny_corpus, db_path, nlp):
    build(tiny_corpus, db_path)
    (tiny_corpus / "asylum.md").write_text("   \n", encoding="utf-8")
    summary = build(tiny_corpus, db_path)
    assert [name for name, _ in summary.failed] == ["asylum.md"]
    assert summary.deleted == 1
    assert "asylum.md" not in names(db_path)


def test_max_bytes(tiny_corpus, db_path, nlp):
    summary = build(tiny_corpus, db_path, max_bytes=2500)
    failed = dict(summary.failed)
    assert list(failed) == ["003_a2bd9d0f0c373590.txt"]
    assert "--max-bytes" in failed["003_a2bd9d0f0c373590.txt"]
    assert summary.read == 2


def test_full_reextracts_everything(tiny_corpus, db_path, nlp):
    build(tiny_corpus, db_path)
    before = dump(db_path)
    summary = build(tiny_corpus, db_path, full=True)
    assert (summary.read, summary.skipped_unchanged) == (3, 0)
    after = dump(db_path)

    def strip(rows):
        return [{k: v for k, v in r.items() if k not in ("id", "claim_group")} for r in rows]

    assert after["articles"] == before["articles"]
    assert strip(after["claims"]) == strip(before["claims"])


def test_a_new_extractor_version_reextracts_everything(tiny_corpus, db_path, nlp, monkeypatch):
    build(tiny_corpus, db_path)
    monkeypatch.setattr(extract, "EXTRACTOR_VERSION", "test-next")
    summary = build(tiny_corpus, db_path)
    assert (summary.read, summary.skipped_unchanged) == (3, 0)
    assert {a["extractor_version"] for a in dump(db_path)["articles"]} == {"test-next"}
    assert build(tiny_corpus, db_path).skipped_unchanged == 3


def test_an_extractor_crash_fails_only_that_article(tiny_corpus, db_path, nlp, monkeypatch):
    real_many, real_one = extractor.extract_many, extractor.extract_claims

    def many(articles, nlp, batch_size=16):
        for article, claims in real_many(articles, nlp, batch_size=batch_size):
            if article.path == "worship.md":
                raise RuntimeError("boom")
            yield article, claims

    def one(article, nlp):
        if article.path == "worship.md":
            raise RuntimeError("boom")
        return real_one(article, nlp)

    monkeypatch.setattr(extractor, "extract_many", many)
    monkeypatch.setattr(extractor, "extract_claims", one)
    summary = build(tiny_corpus, db_path)
    assert summary.failed == [("worship.md", "extraction failed: RuntimeError: boom")]
    assert summary.read == 2
    assert set(names(db_path)) == {"asylum.md", "003_a2bd9d0f0c373590.txt"}


def test_a_text_too_long_for_the_parser_fails_in_words(tiny_corpus, db_path, nlp, monkeypatch):
    # spaCy refuses a text longer than nlp.max_length (E088); lowered here so that the
    # articles of the tiny corpus go over it
    monkeypatch.setattr(nlp_module.load(None), "max_length", 50)
    summary = build(tiny_corpus, db_path)
    assert summary.failed, "no article went over the lowered limit"
    for name, reason in summary.failed:
        assert "longer than the parser reads at once" in reason, (name, reason)
        assert "E088" not in reason


def test_an_interrupted_build_leaves_whole_articles(
    tiny_corpus, db_path, nlp, monkeypatch, tmp_path
):
    real_many = extractor.extract_many

    def interrupted(articles, nlp, batch_size=16):
        for article, claims in real_many(articles, nlp, batch_size=batch_size):
            yield article, claims
            raise KeyboardInterrupt

    monkeypatch.setattr(extractor, "extract_many", interrupted)
    with pytest.raises(KeyboardInterrupt):
        build(tiny_corpus, db_path)
    data = dump(db_path)
    assert len(data["articles"]) == 1
    assert data["articles"][0]["n_claims"] == len(data["claims"])
    monkeypatch.setattr(extractor, "extract_many", real_many)
    summary = build(tiny_corpus, db_path)
    assert (summary.read, summary.skipped_unchanged) == (2, 1)

    fresh = tmp_path / "fresh.db"
    build(tiny_corpus, fresh)

    def content(path):
        data = dump(path)
        by_id = {a["id"]: a["path"] for a in data["articles"]}
        articles = sorted(
            ({k: v for k, v in a.items() if k != "id"} for a in data["articles"]),
            key=lambda a: a["path"],
        )
        claims = sorted(
            (by_id[c["article_id"]], c["char_start"], c["figure"], c["value"])
            for c in data["claims"]
        )
        return articles, claims

    assert content(db_path) == content(fresh)


def test_progress_reports_every_file_once(tiny_corpus, db_path, nlp):
    shutil.copy(tiny_corpus / "asylum.md", tiny_corpus / "copy.md")
    (tiny_corpus / "empty.md").write_text("", encoding="utf-8")
    (tiny_corpus / "notes.docx").write_bytes(b"PK")
    events = []
    build(tiny_corpus, db_path, progress=events.append)
    assert sorted(e.path for e in events) == sorted(
        ["asylum.md", "copy.md", "empty.md", "notes.docx", "worship.md", "003_a2bd9d0f0c373590.txt"]
    )
    outcomes = {e.path: e.outcome for e in events}
    assert outcomes == {
        "asylum.md": READ,
        "copy.md": ALIAS,
        "empty.md": FAILED,
        "notes.docx": SKIPPED,
        "worship.md": READ,
        "003_a2bd9d0f0c373590.txt": READ,
    }
    assert [e.done for e in events] == list(range(1, 7)) and {e.total for e in events} == {6}
    events.clear()
    build(tiny_corpus, db_path, progress=events.append)
    assert [e.outcome for e in events].count(UNCHANGED) == 4


def test_a_missing_corpus_folder_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        build(tmp_path / "nowhere", tmp_path / "claims.db")


def test_workers_build_the_same_database_as_one_process(tiny_corpus, db_path, nlp, tmp_path):
    (tiny_corpus / "broken.txt").write_bytes(b"\x00\x01binary\x00")
    one = build(tiny_corpus, db_path)
    parallel_db = tmp_path / "parallel.db"
    events = []
    two = build(tiny_corpus, parallel_db, workers=2, batch_size=1, progress=events.append)
    assert dump(parallel_db) == dump(db_path)
    assert two.read == one.read > 1 and two.claims_stored == one.claims_stored > 0
    assert two.failed == one.failed and [p for p, _ in two.failed] == ["broken.txt"]
    assert sorted(e.path for e in events) == sorted(
        p.relative_to(tiny_corpus).as_posix() for p in tiny_corpus.rglob("*") if p.is_file()
    )
    assert two.model == one.model is not None


def test_an_unreadable_folder_is_reported_and_its_articles_kept(
    tiny_corpus, db_path, nlp, make_unreadable
):
    sub = tiny_corpus / "sub"
    sub.mkdir()
    shutil.move(tiny_corpus / "worship.md", sub / "worship.md")
    first = build(tiny_corpus, db_path)
    assert first.ok and "sub/worship.md" in names(db_path)
    before = claims_of(db_path, "sub/worship.md")
    assert before

    make_unreadable(sub)
    events: list[BuildEvent] = []
    summary = build(tiny_corpus, db_path, progress=events.append)
    assert [name for name, _ in summary.failed] == ["sub"]
    assert summary.failed[0][1].startswith("cannot read folder: Permission denied")
    assert not summary.ok and summary.deleted == 0
    assert "sub/worship.md" in names(db_path)
    assert claims_of(db_path, "sub/worship.md") == before
    assert (summary.articles_total, summary.skipped_unchanged) == (3, 2)
    assert ("sub", FAILED) in {(e.path, e.outcome) for e in events}


RUSSIAN = (
    "В 2019 году из Казахстана уехали почти 45 тысяч человек, сообщил Комитет по "
    "статистике. По данным ведомства, это на 12 процентов больше, чем годом ранее.\n"
)


def test_notes_on_how_an_article_was_read_are_reported_and_stored(tiny_corpus, db_path, nlp):
    (tiny_corpus / "ru.txt").write_bytes(RUSSIAN.encode("cp1251"))
    events: list[BuildEvent] = []
    summary = build(tiny_corpus, db_path, progress=events.append)
    assert summary.ok
    assert summary.notes == [("ru.txt", "not valid UTF-8; read as cp1251")]
    assert {e.path: e.notes for e in events if e.notes} == {
        "ru.txt": ("not valid UTF-8; read as cp1251",)
    }
    row = article_row(db_path, "ru.txt")
    assert row["text"] == RUSSIAN
    assert json.loads(row["notes"]) == ["not valid UTF-8; read as cp1251"]
    assert article_row(db_path, "asylum.md")["notes"] is None
