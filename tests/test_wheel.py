"""A normal install serves the full site from anywhere: the wheel built from this
repository holds everything `claims serve` needs (metadata, plugin, templates), and
`claims serve` from a fresh virtual environment, run in a folder outside the repository,
serves the article page, the facet labels and the search highlights.

No network: the wheel is built without build isolation (setuptools from the test extra),
and the fresh environment reaches the dependencies already installed for the tests
through a ``.pth`` file instead of downloading them. Slow-ish (a wheel build, an install,
a server): marked ``slow``, and run by the default test command, so CI runs it."""

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import urllib.request
import venv
import zipfile
from datetime import date
from pathlib import Path

import pytest
from procs import free_port, wait_for_server

from extract import processes, store
from extract.model import Article, Claim

ROOT = Path(__file__).resolve().parent.parent
PACKAGE_DATA = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
    "setuptools"
]["package-data"]
TEXT = "The ministry said that 25,000 people left Kazakhstan in 2019."

pytestmark = pytest.mark.slow


def test_every_package_data_pattern_matches_files():
    for package, patterns in PACKAGE_DATA.items():
        folder = ROOT.joinpath(*package.split("."))
        for pattern in patterns:
            assert sorted(folder.glob(pattern)), f"{package}: {pattern} matches no file"


def test_the_shipped_metadata_is_the_repository_root_file():
    shipped = ROOT / "extract" / "site" / "datasette-metadata.json"
    assert shipped.read_bytes() == (ROOT / "datasette-metadata.json").read_bytes()


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel of a copy of the files a build reads (so nothing is written here)."""
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md", "datasette-metadata.json"):
        shutil.copy2(ROOT / name, src / name)
    shutil.copytree(
        ROOT / "extract",
        src / "extract",
        symlinks=True,
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    out = tmp_path_factory.mktemp("wheel")
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"]
    run([*command, "--no-index", "--wheel-dir", str(out), str(src)], cwd=out)
    (built,) = out.glob("news_claims-*.whl")
    return built


def test_the_wheel_holds_every_file_of_the_package(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = archive.read("extract/site/datasette-metadata.json")
    package = {
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "extract").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert package - names == set()
    assert {
        "extract/site/plugins/news_claims_datasette.py",
        "extract/site/templates/row.html",
    } <= names
    assert metadata == (ROOT / "datasette-metadata.json").read_bytes()  # content, not a link


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh virtual environment with the wheel installed; its bin folder."""
    env = tmp_path_factory.mktemp("venv")
    venv.EnvBuilder(with_pip=False).create(env)
    python = env / "bin" / "python"
    purelib = run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"])
    # The dependencies: the test environment's site-packages, after the fresh one's.
    # (.pth files in that folder are not run, so the repository's editable install of
    # this package is not seen.)
    Path(purelib.strip(), "test-dependencies.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8"
    )
    run([python, "-m", "pip", "install", "--no-deps", "--no-index", str(wheel)], cwd=env)
    return env / "bin"


def test_the_installed_package_is_the_wheels(installed, tmp_path):
    code = "import extract, extract.serve as s; print(extract.__file__); print(s.site_folders())"
    out = run([installed / "python", "-c", code], cwd=tmp_path)
    assert str(ROOT) not in out
    assert out.startswith(str(installed.parent))


def test_claims_serve_from_the_wheel_serves_the_full_site(installed, tmp_path):
    db = tmp_path / "claims.db"
    make_database(db)
    port = free_port()
    with open(tmp_path / "serve.log", "wb") as log:
        server = subprocess.Popen(
            [installed / "claims", "serve", "--no-build", "--db", db, "--port", str(port)],
            cwd=tmp_path,  # outside the repository, no datasette-metadata.json here
            env=clean_env(),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    try:
        get = wait_for(f"http://127.0.0.1:{port}", server, tmp_path / "serve.log")
        article = get("/claims/articles/1")
        assert '<div class="article-text">' in article
        assert 'class="claim-figure"' in article and "<mark>25,000</mark>" in article
        flat = get("/claims/claims_flat")
        assert '<span class="facet-label">Who says it</span>' in flat
        assert 'href="/claims/articles/1"' in flat
        assert "<mark>Kazakhstan</mark>" in get("/claims/search?q=Kazakhstan")
        queries = json.loads(get("/-/metadata.json"))["databases"]["claims"]["queries"]
        assert {"search", "by_speaker", "disagreements"} <= set(queries)
    finally:
        processes.stop(server)


# ----------------------------------------------------------------------------- helpers


def run(command, cwd=None) -> str:
    result = subprocess.run(
        [str(c) for c in command], cwd=cwd, env=clean_env(), capture_output=True, text=True
    )
    assert result.returncode == 0, f"{command}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def clean_env() -> dict[str, str]:
    """The environment without anything that would point Python at the repository."""
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}


def make_database(path: Path) -> None:
    db = store.open_db(path)
    start = TEXT.index("25,000")
    store.save_article(
        db,
        Article(
            "ministry.md", TEXT, title="Leaving", source="Test Wire", published=date(2020, 2, 1)
        ),
        [
            Claim(
                "25,000",
                start,
                start + len("25,000"),
                TEXT,
                value=25000,
                unit="people",
                year_start=2019,
                year_end=2019,
                place="Kazakhstan",
                speaker="the ministry",
                flow="outbound",
                confidence=0.8,
            )
        ],
        "1",
    )
    db.close()


def wait_for(url: str, server: subprocess.Popen, log: Path):
    """Wait until the server answers (procs.wait_for_server); a function that GETs a
    path as text."""
    wait_for_server(url, server, log)

    def get(path: str) -> str:
        with urllib.request.urlopen(url + path, timeout=60) as response:
            return response.read().decode("utf-8")

    return get
