"""corpus.yaml: the corpus's title, source and licence on the published site, and no
licence claimed without it."""

import asyncio
import json
from pathlib import Path

import pytest
from datasette.app import Datasette

from extract import cli, store
from extract.articles import scan_corpus
from extract.corpusinfo import CORPUS_FILE, CorpusInfoError, apply_corpus_info, read_corpus_info
from extract.metadata import metadata_file, read_metadata

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


def write_info(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / CORPUS_FILE).write_text(text, encoding="utf-8")
    return folder


def test_the_bundled_corpus_says_what_it_is():
    info = read_corpus_info(CORPUS)
    assert info["license"].startswith("CC BY 2.5 for the Wikinews articles")
    assert info["license_url"] == "https://creativecommons.org/licenses/by/2.5/"
    assert info["source_url"] == "https://en.wikinews.org/"
    assert "ATTRIBUTION.md" in info["description"]


def test_keys_and_spellings(tmp_path):
    folder = write_info(
        tmp_path,
        "title: My clippings\nsource: Team folder\nlicence: All rights reserved\n"
        "licence_url: https://example.org/terms\nsource_url:\n",
    )
    assert read_corpus_info(folder) == {
        "title": "My clippings",
        "source": "Team folder",
        "license": "All rights reserved",
        "license_url": "https://example.org/terms",
    }
    assert read_corpus_info(tmp_path / "elsewhere") == {}
    assert read_corpus_info(write_info(tmp_path / "empty", "")) == {}


@pytest.mark.parametrize(
    "text, problem",
    [
        ("title: [unclosed\nsource: x\n", "malformed YAML at line"),
        ("- a list\n", "expected keys and values"),
        ("owner: me\n", "unknown key 'owner'"),
        ("license_url: javascript:alert(1)\n", "must be an http(s) URL"),
        ("title:\n  nested: value\n", "'title' must be a single value"),
    ],
)
def test_a_bad_corpus_yaml_names_the_file_and_the_problem(tmp_path, text, problem):
    folder = write_info(tmp_path, text)
    with pytest.raises(CorpusInfoError) as error:
        read_corpus_info(folder)
    assert str(error.value).startswith(str(folder / CORPUS_FILE) + ": ")
    assert problem in str(error.value)


def test_corpus_yaml_is_not_an_article(tmp_path):
    write_info(tmp_path, "title: T\n")
    (tmp_path / "a.txt").write_text("Some 5 people left.", encoding="utf-8")
    write_info(tmp_path / "sub", "title: T\n")  # only the root's is the corpus's
    assert [(p.relative_to(tmp_path).as_posix(), r) for p, r in scan_corpus(tmp_path)] == [
        ("a.txt", None),
        ("sub/corpus.yaml", "unsupported file type .yaml"),
    ]


def served_metadata(db_path, corpus_info):
    """The metadata file `claims serve` would hand Datasette, as JSON."""
    metadata = apply_corpus_info(read_metadata(), corpus_info)
    with metadata_file(metadata, db_path) as path:
        return json.loads(Path(path).read_text(encoding="utf-8"))


def index_page(db_path, metadata):
    async def get():
        ds = Datasette([str(db_path)], metadata=metadata)
        await ds.invoke_startup()
        return (await ds.client.get("/")).text

    return asyncio.run(get())


@pytest.fixture
def db_path(tmp_path):
    path = tmp_path / "claims.db"
    store.open_db(path).close()
    return path


def test_the_site_shows_the_corpus_licence(db_path):
    metadata = served_metadata(db_path, read_corpus_info(CORPUS))
    assert metadata["license_url"] == "https://creativecommons.org/licenses/by/2.5/"
    html = index_page(db_path, metadata)
    assert "CC BY 2.5 for the Wikinews articles" in html
    assert 'href="https://creativecommons.org/licenses/by/2.5/"' in html
    assert 'href="https://en.wikinews.org/"' in html


def test_without_corpus_yaml_the_site_claims_no_licence(db_path, tmp_path):
    metadata = served_metadata(db_path, read_corpus_info(tmp_path))
    assert not {"license", "license_url", "source", "source_url"} & set(metadata)
    html = index_page(db_path, metadata)
    assert "CC BY" not in html and "Wikinews" not in html and "License" not in html


def test_a_users_corpus_yaml(db_path, tmp_path):
    folder = write_info(tmp_path / "mine", "title: Team clippings\nsource: Our readers\n")
    metadata = served_metadata(db_path, read_corpus_info(folder))
    assert metadata["title"] == "Team clippings" and metadata["source"] == "Our readers"
    assert "license" not in metadata
    html = index_page(db_path, metadata)
    assert "Team clippings" in html and "CC BY" not in html


def test_serve_reports_a_bad_corpus_yaml(tmp_path):
    from click.testing import CliRunner

    folder = write_info(tmp_path / "corpus", "owner: me\n")
    db = tmp_path / "claims.db"
    store.open_db(db).close()
    result = CliRunner().invoke(cli.main, ["serve", str(folder), "--db", str(db), "--no-build"])
    assert result.exit_code == 1
    assert f"{folder / CORPUS_FILE}: unknown key 'owner'" in result.output
