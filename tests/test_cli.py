"""The `claims` command line: build, serve (without starting a server), show, eval."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import extract
from extract import cli, corrections, metadata, serve
from extract.nlp import ENV_VAR

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def runner():
    return CliRunner()


def invoke(runner, *args, env=None):
    return runner.invoke(cli.main, [str(a) for a in args], env=env, catch_exceptions=False)


@pytest.fixture
def built(runner, tiny_corpus, tmp_path, nlp):
    """A database built from the tiny corpus by `claims build`."""
    db = tmp_path / "claims.db"
    result = invoke(runner, "build", tiny_corpus, "--db", db)
    assert result.exit_code == 0, result.output
    return db


# ------------------------------------------------------------------------------ help


def test_main_help_lists_the_commands(runner):
    result = invoke(runner, "--help")
    assert result.exit_code == 0
    for command in ("build", "import", "serve", "show", "eval"):
        assert command in result.stdout
    assert "numeric claims" in result.stdout


@pytest.mark.parametrize(
    "command, options",
    [
        ("build", ["CORPUS_DIR", "--db", "--full", "--max-bytes", "--model", ENV_VAR, "--workers"]),
        ("serve", ["CORPUS_DIR", "--db", "--port", "--host", "--no-build", "--model"]),
        ("show", ["FILE", "--model", "--json"]),
        ("eval", ["GOLD", "--db", "--json", "--misses"]),
    ],
)
def test_command_help(runner, command, options):
    result = invoke(runner, command, "--help")
    assert result.exit_code == 0
    for option in options:
        assert option in result.stdout


def test_version(runner):
    result = invoke(runner, "--version")
    assert result.exit_code == 0
    assert extract.__version__ in result.stdout
    assert extract.EXTRACTOR_VERSION in result.stdout


# ----------------------------------------------------------------------------- build


def test_build_then_rebuild(runner, tiny_corpus, tmp_path, nlp):
    db = tmp_path / "claims.db"
    first = invoke(runner, "build", tiny_corpus, "--db", db)
    assert first.exit_code == 0, first.output
    assert "3 read, 0 unchanged" in first.stdout
    assert "holds 3 articles" in first.stdout
    second = invoke(runner, "build", tiny_corpus, "--db", db)
    assert second.exit_code == 0
    assert "0 read, 3 unchanged" in second.stdout
    assert "0 claims stored" in second.stdout
    full = invoke(runner, "build", tiny_corpus, "--db", db, "--full")
    assert "3 read, 0 unchanged" in full.stdout


def test_build_defaults_to_corpus_and_claims_db(runner, tiny_corpus, nlp, monkeypatch):
    monkeypatch.chdir(tiny_corpus.parent)
    result = invoke(runner, "build")
    assert result.exit_code == 0, result.output
    assert (tiny_corpus.parent / "claims.db").is_file()


def test_build_reports_unreadable_files_and_exits_1(runner, tiny_corpus, tmp_path, nlp):
    (tiny_corpus / "empty.md").write_text("", encoding="utf-8")
    (tiny_corpus / "binary.txt").write_bytes(bytes(range(256)) * 4)
    result = invoke(runner, "build", tiny_corpus, "--db", tmp_path / "claims.db")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert any(
        line.startswith(f"{(tiny_corpus / 'empty.md').as_posix()}: ") and "empty" in line
        for line in lines
    )
    assert any(
        line.startswith(f"{(tiny_corpus / 'binary.txt').as_posix()}: ") and "binary" in line
        for line in lines
    )
    assert "3 read" in result.stdout and "2 failed" in result.stdout


def test_build_with_workers(runner, tiny_corpus, tmp_path, nlp):
    one = invoke(runner, "build", tiny_corpus, "--db", tmp_path / "one.db")
    two = invoke(runner, "build", tiny_corpus, "--db", tmp_path / "two.db", "--workers", "2")
    assert one.exit_code == two.exit_code == 0
    assert two.stdout.replace("two.db", "one.db") == one.stdout
    assert "3 read" in two.stdout
    refused = invoke(runner, "build", tiny_corpus, "--db", tmp_path / "three.db", "--workers", "0")
    assert refused.exit_code == 2 and "--workers" in refused.stderr


def test_a_build_with_nothing_to_parse_does_not_import_spacy(tiny_corpus, tmp_path, nlp):
    db = tmp_path / "claims.db"
    script = (
        "import sys; from pathlib import Path; from extract.build import build; "
        f"s = build(Path({str(tiny_corpus)!r}), Path({str(db)!r})); "
        "print(s.read, s.skipped_unchanged, 'spacy' in sys.modules)"
    )
    first = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    )
    second = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert first.stdout.split() == ["3", "0", "True"]
    assert second.stdout.split() == ["0", "3", "False"]


def test_build_of_a_missing_folder_is_a_usage_error(runner, tmp_path):
    result = invoke(runner, "build", tmp_path / "nowhere", "--db", tmp_path / "claims.db")
    assert result.exit_code == 2
    assert "does not exist" in result.stderr
    assert not (tmp_path / "claims.db").exists()


def test_build_model_from_the_environment(runner, tiny_corpus, tmp_path):
    result = runner.invoke(
        cli.main,
        ["build", str(tiny_corpus), "--db", str(tmp_path / "c.db")],
        env={ENV_VAR: "no_such_spacy_model"},
    )
    assert result.exit_code == 1
    assert "no_such_spacy_model" in result.stderr


# ------------------------------------------------------------------------------ show


def test_show_prints_the_claims_of_one_file(runner, tiny_corpus, nlp):
    result = invoke(runner, "show", tiny_corpus / "asylum.md")
    assert result.exit_code == 0, result.output
    assert "8000" in result.stdout
    assert "figure" in result.stdout and "speaker" in result.stdout


def test_show_json(runner, tiny_corpus, nlp):
    result = invoke(runner, "show", tiny_corpus / "asylum.md", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["article"]["path"] == "asylum.md"
    assert data["article"]["published"] == "2015-05-18"
    assert "8000" in [claim["figure"] for claim in data["claims"]]


def test_show_an_unreadable_file(runner, tmp_path):
    (tmp_path / "empty.md").write_text("", encoding="utf-8")
    result = invoke(runner, "show", tmp_path / "empty.md")
    assert result.exit_code == 1
    assert "empty.md: empty file" in result.stderr


# ------------------------------------------------------------------------------ eval


def test_eval_prints_the_report(runner, built, shared):
    result = invoke(runner, "eval", shared("gold", "wikinews.jsonl"), "--db", built)
    assert result.exit_code == 0, result.output
    header, *rows = result.stdout.splitlines()
    assert "precision" in header and "recall" in header
    assert rows[0].startswith("detection")
    assert any(row.startswith("full claim") for row in rows)
    # the tiny corpus holds 2 of the gold articles
    assert "gold articles are not in" in result.stderr


def test_eval_json_and_misses(runner, built, shared):
    wikinews_gold = shared("gold", "wikinews.jsonl")
    result = invoke(
        runner,
        "eval",
        wikinews_gold,
        shared("gold", "wikinews-no-claims.txt"),
        "--db",
        built,
        "--json",
        "--misses",
    )
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [row["name"] for row in data["rows"]][0] == "detection"
    assert isinstance(data["misses"], list) and isinstance(data["false_positives"], list)
    text = invoke(runner, "eval", wikinews_gold, "--db", built, "--misses")
    assert "Missed or wrong" in text.stdout and "False positives" in text.stdout


def test_eval_scores_a_known_claim(runner, built, tmp_path):
    gold = tmp_path / "tiny.jsonl"
    gold.write_text(
        json.dumps({"article": "asylum.md", "figure": "8000", "value": 8000}) + "\n",
        encoding="utf-8",
    )
    result = invoke(runner, "eval", gold, "--db", built, "--json")
    detection = json.loads(result.stdout)["rows"][0]
    assert detection["name"] == "detection"
    assert detection["recall"] == 1.0


def test_eval_counts_an_alias_under_its_own_name(runner, tiny_corpus, tmp_path, nlp):
    shutil.copy(tiny_corpus / "asylum.md", tiny_corpus / "copy.md")
    db = tmp_path / "claims.db"
    invoke(runner, "build", tiny_corpus, "--db", db)
    gold = tmp_path / "tiny.jsonl"
    gold.write_text(
        json.dumps({"article": "copy.md", "figure": "8000", "value": 8000}) + "\n", encoding="utf-8"
    )
    result = invoke(runner, "eval", gold, "--db", db, "--json")
    assert json.loads(result.stdout)["rows"][0]["recall"] == 1.0


def test_eval_without_a_database(runner, tmp_path):
    gold = tmp_path / "g.jsonl"
    gold.write_text("", encoding="utf-8")
    result = invoke(runner, "eval", gold, "--db", tmp_path / "missing.db")
    assert result.exit_code == 3
    assert "run claims build first" in result.stderr
    assert not (tmp_path / "missing.db").exists()


def test_eval_with_a_malformed_gold_file(runner, built, tmp_path):
    gold = tmp_path / "bad.jsonl"
    gold.write_text('{"article": "asylum.md"}\n', encoding="utf-8")
    result = invoke(runner, "eval", gold, "--db", built)
    assert result.exit_code == 1
    assert "bad.jsonl:1" in result.stderr


# ----------------------------------------------------------------------------- serve


def test_metadata_database_key_follows_the_file_name(tmp_path):
    shipped = metadata.read_metadata()
    with metadata.metadata_file(shipped, tmp_path / "claims.db") as path:
        assert json.loads(path.read_text(encoding="utf-8")) == shipped
    with metadata.metadata_file(shipped, tmp_path / "kb.db") as path:
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["databases"] == {"kb": shipped["databases"]["claims"]}
        assert data["title"] == shipped["title"]
    assert not path.exists()


def test_datasette_command(tmp_path):
    command = serve.datasette_command(
        tmp_path / "claims.db", tmp_path / "m.json", host="127.0.0.1", port=8123
    )
    assert command == [
        sys.executable,
        "-m",
        "datasette",
        "serve",
        str(tmp_path / "claims.db"),
        "--metadata",
        str(tmp_path / "m.json"),
        "--host",
        "127.0.0.1",
        "--port",
        "8123",
        "--setting",
        "sql_time_limit_ms",
        "3000",
        "--setting",
        "suggest_facets",
        "off",
        "--plugins-dir",
        str(ROOT / "extract" / "site" / "plugins"),
        "--template-dir",
        str(ROOT / "extract" / "site" / "templates"),
    ]
    assert "-i" not in command and "--immutable" not in command


def test_run_datasette_returns_the_exit_status():
    assert serve.run_datasette([sys.executable, "-c", "raise SystemExit(3)"]) == 3


def datasette_get(db, metadata, path):
    """Ask Datasette for one page without starting a server (datasette serve --get)."""
    command = serve.datasette_command(db, metadata, extra=["--get", path])
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_datasette_serves_the_built_database(built, tmp_path):
    kb = tmp_path / "kb.db"
    shutil.copy(built, kb)
    with metadata.metadata_file(metadata.read_metadata(), kb) as served:
        rows = json.loads(
            datasette_get(kb, served, "/kb/claims_flat.json?_shape=array&article=asylum.md")
        )
        assert "8000" in {row["figure"] for row in rows}
        assert "kb" in json.loads(datasette_get(kb, served, "/-/metadata.json"))["databases"]
        # no plugin that could write to the database
        plugins = json.loads(datasette_get(kb, served, "/-/plugins.json"))
        writers = [
            p["name"]
            for p in plugins
            if any(w in p["name"] for w in ("write", "insert", "upload", "edit", "import"))
        ]
        assert writers == []


def test_serve_builds_then_runs_datasette(runner, tiny_corpus, tmp_path, nlp, monkeypatch):
    seen = {}

    def fake_run(command, env=None):
        seen["command"] = command
        seen["env"] = env
        metadata = Path(command[command.index("--metadata") + 1])
        seen["databases"] = list(json.loads(metadata.read_text(encoding="utf-8"))["databases"])
        return 0

    monkeypatch.setattr(serve, "run_datasette", fake_run)
    monkeypatch.setenv(corrections.REVIEW_ENV, '{"db": "a", "corpus": "b"}')
    db = tmp_path / "kb.db"
    result = invoke(runner, "serve", tiny_corpus, "--db", db, "--port", "8123")
    assert result.exit_code == 0, result.output
    assert "3 read" in result.stdout
    assert db.is_file()
    command = seen["command"]
    assert command[:5] == [sys.executable, "-m", "datasette", "serve", str(db)]
    assert command[command.index("--port") + 1] == "8123"
    assert command[command.index("--host") + 1] == "127.0.0.1"
    assert seen["databases"] == ["kb"]
    assert "http://127.0.0.1:8123/kb/" in result.stderr
    assert corrections.REVIEW_ENV not in seen["env"]  # read-only: no review routes

    result = invoke(runner, "serve", tiny_corpus, "--db", db, "--review", "--by", "ana")
    assert result.exit_code == 0, result.output
    assert json.loads(seen["env"][corrections.REVIEW_ENV]) == {
        "db": str(db.resolve()),
        "corpus": str(tiny_corpus.resolve()),
        "by": "ana",
    }
    assert "Reviews on: each claim's page can confirm, reject or fix it" in result.stderr


def test_serve_no_build_needs_a_database(runner, tmp_path, monkeypatch):
    monkeypatch.setattr(
        serve, "run_datasette", lambda command, env=None: pytest.fail("Datasette started")
    )
    result = invoke(runner, "serve", "--no-build", "--db", tmp_path / "missing.db")
    assert result.exit_code == 3
    assert "run claims build first" in result.stderr


def test_build_names_an_unreadable_folder_and_exits_1(
    runner, tiny_corpus, tmp_path, nlp, make_unreadable
):
    sub = tiny_corpus / "sub"
    sub.mkdir()
    shutil.move(tiny_corpus / "worship.md", sub / "worship.md")
    db = tmp_path / "claims.db"
    assert invoke(runner, "build", tiny_corpus, "--db", db).exit_code == 0
    make_unreadable(sub)
    result = invoke(runner, "build", tiny_corpus, "--db", db)
    assert result.exit_code == 1
    assert f"{sub.as_posix()}: cannot read folder: Permission denied" in result.stderr
    assert "0 deleted" in result.stdout and "holds 3 articles" in result.stdout


def test_build_shows_the_notes_on_how_articles_were_read(runner, tiny_corpus, tmp_path, nlp):
    russian = "В 2019 году из Казахстана уехали почти 45 тысяч человек, сообщил Комитет.\n"
    (tiny_corpus / "ru.txt").write_bytes(russian.encode("cp1251"))
    result = invoke(runner, "build", tiny_corpus, "--db", tmp_path / "claims.db")
    assert result.exit_code == 0, result.output
    assert f"{(tiny_corpus / 'ru.txt').as_posix()}: note: not valid UTF-8; read as cp1251" in (
        result.stderr
    )


def test_show_prints_the_notes_on_how_the_file_was_read(runner, tmp_path, nlp):
    russian = "В 2019 году из Казахстана уехали почти 45 тысяч человек, сообщил Комитет.\n"
    (tmp_path / "ru.txt").write_bytes(russian.encode("cp1251"))
    result = invoke(runner, "show", tmp_path / "ru.txt")
    assert result.exit_code == 0, result.output
    assert f"{tmp_path / 'ru.txt'}: note: not valid UTF-8; read as cp1251" in result.stderr


def test_show_why_prints_each_field_with_its_cue(tmp_path):
    article = tmp_path / "a.md"
    article.write_text(
        "---\nsource: Test Wire\npublished: 2023-05-01\n---\n"
        "Officials said 5,000 people left Kazakhstan in 2019.\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli.main, ["show", str(article), "--why"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "'5,000'" in out
    for field, cue in [
        ("years", "attached"),
        ("place", "named"),
        ("speaker", "verb"),
        ("flow", "outbound word"),
    ]:
        line = next(line for line in out.splitlines() if line.strip().startswith(field))
        assert cue in line, line
    assert "Figures that are not claims:" in out and "2019" in out and "year" in out
