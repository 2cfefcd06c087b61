"""What `claims eval --misses` and `claims show` print, from small hand-made inputs."""

import json
from datetime import date

from extract import report
from extract.evaluate import Gold, gold_claim, score
from extract.model import Article, Claim


def scored():
    golds = [
        gold_claim({"article": "a.md", "figure": "20", "value": 20, "place": "Kenya"}, "g:1"),
        gold_claim({"article": "a.md", "figure": "40", "value": 40}, "g:2"),
    ]
    preds = [
        {"article": "a.md", "figure": "20", "char_start": 0, "value": 20, "place": "Chad"},
        {"article": "a.md", "figure": "77", "char_start": 9, "value": 77, "sentence": "x " * 80},
    ]
    return score(preds, Gold(golds, {"a.md"}))


def test_misses_text_lists_wrong_fields_missing_claims_and_false_positives():
    lines = report.misses_text(scored()).splitlines()
    assert lines[0] == "Missed or wrong (required gold claims):"
    assert lines[1] == "  a.md: '20' found as '20': place Chad, gold Kenya"
    assert lines[2] == "  a.md: '40' not found"
    assert lines[3] == "False positives (predictions matching no gold claim):"
    assert lines[4].startswith("  a.md: '77' in 'x x") and lines[4].endswith("…'")
    assert len(lines) == 5


def test_misses_text_says_none_when_all_is_right():
    golds = [gold_claim({"article": "a.md", "figure": "20", "value": 20}, "g:1")]
    preds = [{"article": "a.md", "figure": "20", "char_start": 0, "value": 20}]
    text = report.misses_text(score(preds, Gold(golds, {"a.md"})))
    assert text.splitlines()[1] == "  (none)" and text.splitlines()[3] == "  (none)"


def test_misses_json():
    data = json.loads(json.dumps(report.misses_json(scored())))
    assert data["misses"][0] == {
        "article": "a.md",
        "figure": "20",
        "found": "20",
        "wrong": {"place": {"gold": ["Kenya"], "predicted": "Chad"}},
    }
    assert data["misses"][1]["found"] is None
    assert [p["figure"] for p in data["false_positives"]] == ["77"]
    assert set(data["false_positives"][0]) == set(report.PREDICTION_KEYS)


def test_claim_cells_spell_out_ranges_and_years():
    claim = Claim(
        "20,000-40,000",
        0,
        13,
        "s",
        value_low=20000,
        value_high=40000,
        year_start=1996,
        year_end=2000,
        unit="people",
        confidence=0.25,
    )
    assert report.claim_cells(claim) == [
        "20,000-40,000",
        "20,000–40,000",
        "people",
        "1996–2000",
        "",
        "",
        "",
        "",
        "0.25",
    ]


def test_article_json():
    article = Article("a.md", "text", title="T", published=date(2020, 1, 2))
    data = report.article_json(article, [Claim("5", 0, 1, "s", value=5)])
    assert data["article"]["published"] == "2020-01-02"
    assert data["claims"][0]["value"] == 5
