"""`claims serve` publishes only the metadata shipped with the tool or one named with
--metadata, and refuses even a named one that would let the site write or load scripts,
stylesheets or plugin settings from elsewhere."""

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from extract import cli, serve, store
from extract.metadata import METADATA_FILE, MetadataError, problems, read_metadata

WIPE = {"sql": "delete from claims", "write": True, "title": "Wipe"}


def hostile(**extra) -> dict:
    """The shipped metadata with a canned query that deletes every claim."""
    data = read_metadata()
    data["databases"]["claims"]["queries"]["wipe"] = WIPE
    data.update(extra)
    return data


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A folder with a corpus, a database, and a hostile datasette-metadata.json both in
    the current folder and beside the corpus; the current folder is the project."""
    (tmp_path / "corpus").mkdir()
    store.open_db(tmp_path / "kb.db").close()
    (tmp_path / METADATA_FILE).write_text(json.dumps(hostile()), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def claims_serve(*args):
    return CliRunner().invoke(cli.main, ["serve", *map(str, args)], catch_exceptions=False)


def test_the_shipped_metadata_is_safe():
    assert problems(read_metadata()) == []


def test_a_writing_canned_query_is_a_problem():
    assert problems(hostile()) == [
        'canned query "wipe" of database "claims" writes ("write": true)'
    ]


@pytest.mark.parametrize(
    "where",
    [(), ("databases", "claims"), ("databases", "claims", "tables", "claims_flat")],
    ids=["top", "database", "table"],
)
@pytest.mark.parametrize("key", ["extra_js_urls", "extra_css_urls"])
@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/x.js",
        "//evil.example/x.js",
        {"url": "http://evil.example/x.js", "module": True},
        "javascript:alert(1)",
        "data:text/javascript,alert(1)",
    ],
    ids=["https", "network path", "dict", "javascript", "data"],
)
def test_scripts_and_styles_from_elsewhere_are_problems(where, key, url):
    data = read_metadata()
    block = data
    for name in where:
        block = block[name]
    block[key] = ["/-/static/local.js", url]
    found = problems(data)
    assert len(found) == 1
    assert key in found[0] and "another origin" in found[0]
    assert ".".join((*where, key)) in found[0]


def test_local_scripts_and_styles_are_fine():
    data = read_metadata()
    data["extra_css_urls"] = ["/-/static/site.css", {"url": "local.css"}]
    data["databases"]["claims"]["extra_js_urls"] = [{"url": "/-/static/x.js", "module": True}]
    assert problems(data) == []


@pytest.mark.parametrize(
    "where",
    [
        ("plugins", "datasette-cluster-map"),
        ("databases", "claims", "plugins", "datasette-cluster-map"),
        ("databases", "claims", "tables", "claims", "plugins", "datasette-cluster-map"),
    ],
    ids=["top", "database", "table"],
)
def test_plugin_settings_pointing_elsewhere_are_problems(where):
    data = read_metadata()
    block = data
    for name in where:
        block = block.setdefault(name, {})
    block["tile_layer"] = "https://tiles.evil.example/{z}/{x}/{y}.png"
    found = problems(data)
    assert len(found) == 1
    assert "plugin setting" in found[0] and "tiles.evil.example" in found[0]


def test_plugin_labels_are_not_addresses():
    data = read_metadata()
    data["plugins"]["news-claims"]["facet_labels"]["place"] = "Place: where it happened"
    data["plugins"]["news-claims"]["help"] = "/claims/search?q=x"
    assert problems(data) == []


def test_a_hostile_metadata_file_beside_the_corpus_is_ignored(project, monkeypatch):
    (project / "sub").mkdir()
    (project / "sub" / "corpus").mkdir()
    (project / "sub" / METADATA_FILE).write_text(json.dumps(hostile()), encoding="utf-8")
    served = {}

    def run(command, env=None):  # ask the real Datasette, configured as served, for its pages
        for page in ("/-/metadata.json", "/kb.json"):
            result = subprocess.run([*command, "--get", page], capture_output=True, text=True)
            assert result.returncode == 0, result.stderr
            served[page] = json.loads(result.stdout)
        return 0

    monkeypatch.setattr(serve, "run_datasette", run)
    for corpus in ("corpus", "sub/corpus"):
        served.clear()
        result = claims_serve(corpus, "--no-build", "--db", "kb.db")
        assert result.exit_code == 0, result.output
        queries = served["/-/metadata.json"]["databases"]["kb"]["queries"]
        assert "wipe" not in queries and "search" in queries
        assert not any(isinstance(q, dict) and q.get("write") for q in queries.values())
        assert {q["name"] for q in served["/kb.json"]["queries"]} == set(queries)


@pytest.mark.parametrize(
    "data, problem",
    [
        (hostile(), '"wipe"'),
        ({"extra_js_urls": ["https://evil.example/x.js"]}, "extra_js_urls"),
        ({"plugins": {"x": {"url": "//evil.example"}}}, "plugin setting plugins.x.url"),
    ],
    ids=["write", "script", "plugin"],
)
def test_an_explicit_hostile_metadata_file_is_refused(project, monkeypatch, data, problem):
    monkeypatch.setattr(
        serve, "run_datasette", lambda command, env=None: pytest.fail("Datasette started")
    )
    named = project / "named.json"
    named.write_text(json.dumps(data), encoding="utf-8")
    result = claims_serve("--no-build", "--db", "kb.db", "--metadata", named)
    assert result.exit_code == 2
    assert "--metadata" in result.stderr
    assert str(named) in result.stderr and problem in result.stderr


def test_an_explicit_metadata_file_that_is_not_json_is_refused(project):
    named = project / "named.json"
    named.write_text("{not json", encoding="utf-8")
    result = claims_serve("--no-build", "--db", "kb.db", "--metadata", named)
    assert result.exit_code == 2
    assert str(named) in result.stderr and "not valid JSON" in result.stderr


def test_an_explicit_safe_metadata_file_is_served(project, monkeypatch):
    seen = {}

    def run(command, env=None):
        path = Path(command[command.index("--metadata") + 1])
        seen.update(json.loads(path.read_text(encoding="utf-8")))
        return 0

    monkeypatch.setattr(serve, "run_datasette", run)
    data = read_metadata()
    data["title"] = "Our claims"
    named = project / "named.json"
    named.write_text(json.dumps(data), encoding="utf-8")
    result = claims_serve("--no-build", "--db", "kb.db", "--metadata", named)
    assert result.exit_code == 0, result.output
    assert seen["title"] == "Our claims"
    assert list(seen["databases"]) == ["kb"]


def test_read_metadata_names_the_file(tmp_path):
    named = tmp_path / "m.json"
    named.write_text(json.dumps(hostile()), encoding="utf-8")
    with pytest.raises(MetadataError, match="m.json: refused"):
        read_metadata(named)
