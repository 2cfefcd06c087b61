"""Tests that need ../shared (gold files, development articles) skip without it and say
which path is missing, except under CI, where its absence fails them."""

import conftest
import pytest


def test_a_present_path_is_returned(shared):
    assert shared().is_dir()


def test_an_absent_path_skips_with_a_reason(shared, monkeypatch, tmp_path):
    monkeypatch.setattr(conftest, "SHARED", tmp_path / "shared")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"shared/gold/x\.jsonl not found"):
        shared("gold", "x.jsonl")


def test_an_absent_path_fails_under_ci(shared, monkeypatch, tmp_path):
    monkeypatch.setattr(conftest, "SHARED", tmp_path / "shared")
    monkeypatch.setenv("CI", "1")
    with pytest.raises(pytest.fail.Exception, match="under CI every test must run"):
        shared("gold", "x.jsonl")
