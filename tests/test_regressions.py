"""Bugs found by reviews, each kept as a test (strict xfail while the code still has it)."""

from extract.build import build


def test_the_country_after_a_region_builds(tmp_path, nlp):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "central-asia.md").write_text(
        "---\ntitle: Leaving\nsource: Test Wire\npublished: 2023-05-01\n---\n"
        "Migration is rising across Central Asia. Officials said 5,000 people left the "
        "country last year.\n",
        encoding="utf-8",
    )
    summary = build(corpus, tmp_path / "claims.db")
    assert summary.failed == []
    assert summary.claims_stored >= 1
