"""Shared fixtures: the spaCy pipeline (loaded once) and a tiny corpus of real articles."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import settings

from extract import nlp as nlp_module
from extract.build import build

# CI runs the property tests on a fixed sequence of examples, so a run is repeatable;
# on a developer's machine they explore new examples each time.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "default")

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
# ../shared beside the repository holds the gold files and the development articles
# (which must never be copied into the repository): see the `shared` fixture.
SHARED = ROOT.parent / "shared"

TINY_ARTICLES = ("asylum.md", "worship.md", "003_a2bd9d0f0c373590.txt")


@pytest.fixture(scope="session")
def nlp():
    """The default spaCy pipeline, loaded once per test session."""
    return nlp_module.load()


@pytest.fixture
def tiny_corpus(tmp_path) -> Path:
    """A fresh corpus folder holding three small real articles of corpus/."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in TINY_ARTICLES:
        shutil.copy2(CORPUS / name, folder / name)
    return folder


def copy_built(template: Path, folder: Path) -> tuple[Path, Path]:
    """Copy a built corpus (``template`` holding ``corpus/`` and ``claims.db``) into
    ``folder``: its (corpus folder, database), for a test to change as it likes."""
    shutil.copytree(template / "corpus", folder / "corpus")
    for suffix in ("", "-wal", "-shm"):
        source = template / f"claims.db{suffix}"
        if source.exists():
            shutil.copy2(source, folder / f"claims.db{suffix}")
    return folder / "corpus", folder / "claims.db"


@pytest.fixture(scope="session")
def bundled(tmp_path_factory, nlp):
    """The bundled corpus/ built once per session. Call it for a fresh copy in a new
    temporary folder: (corpus folder, database)."""
    template = tmp_path_factory.mktemp("bundled")
    shutil.copytree(CORPUS, template / "corpus")
    summary = build(template / "corpus", template / "claims.db")
    assert summary.failed == [] and summary.claims_total > 0

    def copy() -> tuple[Path, Path]:
        return copy_built(template, tmp_path_factory.mktemp("bundled-copy"))

    return copy


@pytest.fixture(scope="session")
def shared():
    """``shared("gold", "wikinews.jsonl")``: that file or folder of ../shared beside the
    repository. When it is absent the test is skipped, saying which path is missing;
    under CI (the CI variable set) it fails instead, since CI must run every test."""

    def find(*parts: str) -> Path:
        path = SHARED.joinpath(*parts)
        if not path.exists():
            message = f"{path} not found (../shared beside the repository)"
            if os.environ.get("CI"):
                pytest.fail(f"{message}; under CI every test must run")
            pytest.skip(message)
        return path

    return find


@pytest.fixture
def make_unreadable(monkeypatch):
    """Call it with a folder to make that folder unreadable (mode 000). Root reads any
    folder whatever its mode, so under root listing it is refused as the kernel would
    refuse it to anyone else. The mode is restored afterwards (so tmp_path can go)."""
    changed = []
    refused: set[str] = set()
    real_scandir = os.scandir

    def scandir(path="."):
        if os.path.abspath(os.fspath(path)) in refused:
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    def make(folder: Path) -> None:
        folder.chmod(0)
        changed.append(folder)
        if os.geteuid() == 0:
            refused.add(os.path.abspath(folder))
            monkeypatch.setattr(os, "scandir", scandir)

    yield make
    for folder in changed:
        folder.chmod(0o755)


@pytest.fixture
def make_read_only():
    """Call it with a folder so that no file can be created in it (mode 555; under
    root, which ignores modes, the immutable attribute through chattr, or the test
    is skipped). Undone afterwards."""
    changed: list[tuple[Path, bool]] = []

    def make(folder: Path) -> None:
        if os.geteuid() != 0:
            folder.chmod(0o555)
            changed.append((folder, False))
            return
        if shutil.which("chattr") is None:
            pytest.skip("root ignores folder modes, and chattr is not installed")
        done = subprocess.run(["chattr", "+i", str(folder)], capture_output=True)
        if done.returncode != 0:
            pytest.skip(f"cannot make {folder} read-only as root: {done.stderr.decode().strip()}")
        changed.append((folder, True))

    yield make
    for folder, immutable in changed:
        if immutable:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        else:
            folder.chmod(0o755)
