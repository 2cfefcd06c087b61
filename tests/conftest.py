"""Shared fixtures: the spaCy pipeline (loaded once) and a tiny corpus of real articles."""

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

from extract import nlp as nlp_module

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
