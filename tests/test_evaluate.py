"""The scorer follows ../shared/gold/GOLD.md: matching, field agreement and the scores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extract.evaluate import (
    FIELDS,
    Gold,
    GoldClaim,
    field_agrees,
    gold_claim,
    load_gold,
    match_article,
    names_match,
    normalize_figure,
    normalize_name,
    score,
)

GOLD_DIR = Path(__file__).resolve().parent / "gold"  # the copy of the seeds and Wikinews gold


def gold(figure: str = "100", article: str = "a.md", **keys) -> GoldClaim:
    return gold_claim({"article": article, "figure": figure, **keys}, "test:1")


def pred(figure: str | None = "100", article: str = "a.md", char_start: int = 0, **keys) -> dict:
    row = {
        "article": article,
        "source": None,
        "figure": figure,
        "char_start": char_start,
        "value": None,
        "value_low": None,
        "value_high": None,
        "unit": None,
        "year_start": None,
        "year_end": None,
        "place": None,
        "speaker": None,
        "direction": None,
        "flow": None,
    }
    row.update(keys)
    return row


def gold_set(*claims, no_claims=()) -> Gold:
    return Gold(claims=list(claims), articles={c.article for c in claims} | set(no_claims))


def matched(preds, golds):
    return [p for _, p in match_article(preds, golds).pairs]


# ------------------------------------------------------------------ value matching


def test_european_thousands_dot_matches_by_value_not_by_misread_value():
    g = gold("299.500", value=299500)
    assert matched([pred("299 500", value=299500)], [g])[0] is not None
    # a prediction that read the dot as a decimal point agrees neither by value nor text
    assert matched([pred("299,5", value=299.5)], [g]) == [None]
    # the same text still agrees by rule 2 even with the misread value
    assert matched([pred("299.500", value=299.5)], [g])[0] is not None


def test_value_tolerance_is_half_a_percent_of_gold():
    g = gold("x", value=1000)
    assert field_agrees("value", pred("y", value=1004.9), g)
    assert not field_agrees("value", pred("y", value=1006), g)
    assert not field_agrees("value", pred("y", value=None), g)


def test_share_matches_as_fraction_or_percent():
    g = gold("half", value=0.5)
    assert field_agrees("value", pred("50%", value=50), g)
    assert field_agrees("value", pred("0.5", value=0.5), g)
    assert not field_agrees("value", pred("5", value=5), g)
    # the x100 alternative applies only to gold shares, |gold| <= 1
    assert not field_agrees("value", pred("200", value=200), gold("two", value=2))
    assert not field_agrees("value", pred("0.5", value=0.5), gold("50", value=50))
    share_range = gold("one third to one half", low=0.3333, high=0.5)
    assert field_agrees("value", pred("x", value_low=33.33, value_high=50), share_range)
    assert field_agrees("value", pred("x", value_low=0.333, value_high=0.5), share_range)


def test_range_bounds_must_both_agree():
    g = gold("1,000 to 4,000", low=1000, high=4000)
    assert field_agrees("value", pred("x", value_low=1000, value_high=4000), g)
    assert field_agrees("value", pred("x", value_low=1001, value_high=4019), g)
    assert not field_agrees("value", pred("x", value_low=1000, value_high=5000), g)
    assert not field_agrees("value", pred("x", value=1000), g)
    assert not field_agrees("value", pred("x", value_low=1000), g)


# ------------------------------------------------------------------- text matching


def test_normalize_figure_strips_leading_qualifiers_and_edges():
    assert normalize_figure("More than  1,000 ") == "1,000"
    assert normalize_figure("only about 19,000.") == "19,000"
    assert normalize_figure("(up to 5)") == "5"
    assert normalize_figure("Over a million") == "a million"
    # whole words only, and only leading ones
    assert normalize_figure("overall 5") == "overall 5"
    assert normalize_figure("At least 107") == "at least 107"
    assert normalize_figure("5 or more") == "5 or more"


def test_texts_agree_after_qualifiers_are_stripped():
    g = gold("about a dozen")  # no value: only the text can agree
    assert matched([pred("A dozen,")], [g])[0] is not None
    assert matched([pred("nearly a dozen")], [g])[0] is not None
    assert matched([pred("a dozen or so")], [g]) == [None]
    assert matched([pred(None)], [g]) == [None]


def test_same_wording_is_preferred_then_article_order():
    g = gold("only 19,000", value=19000)
    early = pred("19,000", char_start=10, value=19000)
    late = pred("Only 19,000", char_start=50, value=19000)
    result = match_article([late, early], [g])
    assert result.pairs[0][1] is late
    assert result.unmatched == [early]

    plain = gold("19,000", value=19000)
    other = pred("nineteen thousand", char_start=80, value=19000)
    first = pred("19 000", char_start=5, value=19000)
    # no prediction has the same wording: the first in article order (char_start) wins
    assert matched([other, first], [plain])[0] is first


def test_required_claims_are_matched_before_optional_ones():
    optional = gold("three", value=3, optional=True)
    required = gold("3", value=3, place=["Kabul"])
    only = pred("3", value=3, place="Kabul")
    result = match_article([only], [optional, required])
    assert result.pairs == [(optional, None), (required, only)]


def test_each_gold_claim_matches_at_most_once():
    g = gold("200", value=200)
    a, b = pred("200", char_start=1, value=200), pred("200", char_start=9, value=200)
    result = match_article([a, b], [g])
    assert result.pairs == [(g, a)]
    assert result.unmatched == [b]


# ---------------------------------------------------------------------- fields


def test_years_single_year_and_span():
    single = gold("x", years=[1997, 1997])
    assert field_agrees("years", pred(year_start=1997), single)
    assert field_agrees("years", pred(year_start=1997, year_end=1997), single)
    assert not field_agrees("years", pred(year_start=1997, year_end=1998), single)
    assert not field_agrees("years", pred(), single)

    span = gold("x", years=[2010, 2019])
    assert field_agrees("years", pred(year_start=2010, year_end=2019), span)
    assert not field_agrees("years", pred(year_start=2010), span)

    timeless = gold("x", years=None)
    assert "years" in timeless.scored
    assert field_agrees("years", pred(), timeless)
    assert not field_agrees("years", pred(year_start=2020), timeless)


def test_names_ignore_case_punctuation_and_leading_the():
    assert normalize_name("The U.S.") == "us"
    assert normalize_name("  the  Civil-Defense Authority's ") == "civil defense authoritys"
    assert normalize_name("Theresa May") == "theresa may"
    g = gold("x", place=["United Nations", "U.S."])
    assert field_agrees("place", pred(place="the United Nations."), g)
    assert field_agrees("place", pred(place="US"), g)
    assert field_agrees("place", pred(place="The U.S."), g)
    assert not field_agrees("place", pred(place="United Kingdom"), g)
    assert not field_agrees("place", pred(place=None), g)
    assert field_agrees("speaker", pred(speaker="UNHCR"), gold("x", speaker=["The UNHCR"]))


def test_names_match_on_trailing_words_only():
    assert names_match("Toqmadi", "Malika Toqmadi")
    assert names_match("Malika Toqmadi", "Toqmadi")
    assert not names_match("Malika", "Malika Toqmadi")
    assert not names_match("Ana Toqmadi", "Malika Toqmadi")
    assert not names_match("madi", "Malika Toqmadi")  # words, not characters
    assert not names_match("", "Toqmadi")


def test_empty_gold_names_need_an_empty_prediction():
    g = gold("x", place=[], speaker=[])
    assert field_agrees("place", pred(), g)
    assert field_agrees("place", pred(place="  "), g)
    assert not field_agrees("place", pred(place="Kabul"), g)
    assert field_agrees("speaker", pred(), g)
    assert not field_agrees("speaker", pred(speaker="Reuters"), g)


def test_speaker_equal_to_the_article_source_matches_empty_gold_speaker():
    g = gold("x", speaker=[])
    assert field_agrees("speaker", pred(speaker="Wikinews", source="Wikinews"), g)
    assert field_agrees("speaker", pred(speaker="the Wikinews", source="wikinews."), g)
    assert not field_agrees("speaker", pred(speaker="Wikinews", source="CABAR.asia"), g)
    assert not field_agrees("speaker", pred(speaker="Wikinews", source=None), g)
    # the rule is only for gold []: the source is not a named speaker's stand-in
    assert not field_agrees(
        "speaker",
        pred(speaker="Wikinews", source="Wikinews"),
        gold("x", speaker=["Steve Whitmore"]),
    )


def test_direction_and_flow_null_must_be_matched_by_none():
    g = gold("x", direction=None, flow="outbound")
    assert field_agrees("direction", pred(), g)
    assert not field_agrees("direction", pred(direction="increase"), g)
    assert field_agrees("flow", pred(flow="outbound"), g)
    assert not field_agrees("flow", pred(flow="inbound"), g)
    assert not field_agrees("flow", pred(), g)


def test_absent_keys_are_not_scored():
    bare = gold("100", value=100)
    assert bare.scored == {"value"}
    no_value = gold("dozens", direction=None)
    assert no_value.scored == {"direction"}
    null_place = gold("x", place=None)  # present as null: scored, like []
    assert null_place.scored == {"place"}
    assert field_agrees("place", pred(), null_place)
    assert not field_agrees("place", pred(place="Kabul"), null_place)

    report = score(
        [
            pred(
                "100",
                value=100,
                year_start=1900,
                place="Mars",
                speaker="Nobody",
                direction="increase",
                flow="inbound",
            )
        ],
        gold_set(bare),
    )
    assert report.row("full claim").hits == 1
    assert report.row("value").hits == 1
    for name in ("years", "place", "speaker", "direction", "flow"):
        row = report.row(name)
        # the pair is taken out of the field's precision denominator, and no gold scores it
        assert (row.hits, row.predicted_denominator, row.gold_denominator) == (0, 0, 0)
    assert list(report.misses()) == []


# ---------------------------------------------------------------------- scores


def test_optional_claims_count_on_neither_side():
    required = gold("500", value=500)
    optional = gold("six", value=6, optional=True)
    preds = [
        pred("500", value=500, char_start=1),
        pred("six", value=6, char_start=2),
        pred("42", value=42, char_start=3),
    ]
    detection = score(preds, gold_set(required, optional)).row("detection")
    assert (detection.hits, detection.predicted_denominator, detection.gold_denominator) == (
        1,
        2,
        1,
    )
    assert detection.precision == pytest.approx(0.5)
    assert detection.recall == 1.0

    # an unfound optional claim does not lower recall
    assert (
        score([pred("500", value=500)], gold_set(required, optional)).row("detection").recall == 1.0
    )


def test_no_claims_article_counts_against_precision(tmp_path):
    claims = tmp_path / "dev.jsonl"
    claims.write_text(json.dumps({"article": "a.md", "figure": "500", "value": 500}) + "\n")
    empty = tmp_path / "dev-no-claims.txt"
    empty.write_text("quiet.md\n\n")
    g = load_gold([claims, empty])
    assert g.articles == {"a.md", "quiet.md"}

    hit = pred("500", value=500)
    assert score([hit], g).row("detection").precision == 1.0
    report = score([hit, pred("7", article="quiet.md", value=7)], g)
    assert report.row("detection").precision == pytest.approx(0.5)
    assert report.row("full claim").precision == pytest.approx(0.5)
    assert [p["article"] for p in report.false_positives()] == ["quiet.md"]
    # an article no gold file names is ignored
    assert (
        score([hit, pred("7", article="elsewhere.md", value=7)], g).row("detection").precision
        == 1.0
    )


def test_f1_arithmetic_on_a_hand_computed_example():
    golds = [
        gold("10", value=10, place=["Kabul"]),
        gold("20", value=20, place=["Herat"]),
        gold("30", value=30),  # does not score place
        gold("40", value=40, place=[]),  # not found
    ]
    preds = [
        pred("10", value=10, place="Kabul", char_start=1),  # place hit
        pred("20", value=20, place="Kabul", char_start=2),  # place wrong
        pred("30", value=30, place="Kabul", char_start=3),  # place unscored
        pred("77", value=77, char_start=4),  # false positive
        pred("88", value=88, char_start=5),  # false positive
    ]
    report = score(preds, gold_set(*golds))
    detection = report.row("detection")
    # P = 3/5, R = 3/4, F1 = 2 * 0.6 * 0.75 / 1.35 = 2/3
    assert (detection.hits, detection.predicted_denominator, detection.gold_denominator) == (
        3,
        5,
        4,
    )
    assert detection.precision == pytest.approx(0.6)
    assert detection.recall == pytest.approx(0.75)
    assert detection.f1 == pytest.approx(2 / 3)

    place = report.row("place")
    # hits 1; predicted 5 less the pair whose gold does not score place; gold 3 score place
    assert (place.hits, place.predicted_denominator, place.gold_denominator) == (1, 4, 3)
    assert place.precision == pytest.approx(0.25)
    assert place.recall == pytest.approx(1 / 3)
    assert place.f1 == pytest.approx(2 * 0.25 * (1 / 3) / (0.25 + 1 / 3))

    full = report.row("full claim")
    assert (full.hits, full.predicted_denominator, full.gold_denominator) == (2, 5, 4)
    assert full.f1 == pytest.approx(2 * 0.4 * 0.5 / 0.9)

    misses = list(report.misses())
    assert [(m.gold.figure, m.wrong_fields) for m in misses] == [("20", ("place",)), ("40", ())]
    assert misses[1].prediction is None
    assert [p["figure"] for p in report.false_positives()] == ["77", "88"]


def test_zero_denominators_give_zero_not_an_error():
    report = score([], gold_set(gold("5", value=5)))
    row = report.row("detection")
    assert (row.precision, row.recall, row.f1) == (0.0, 0.0, 0.0)


def test_report_as_dict_is_json_and_render_is_an_aligned_table():
    report = score([pred("100", value=100)], gold_set(gold("100", value=100, years=None)))
    data = json.loads(json.dumps(report.as_dict()))
    assert [r["name"] for r in data["rows"]] == ["detection", *FIELDS, "full claim"]
    assert data["rows"][0]["precision"] == 1.0
    lines = report.render().splitlines()
    assert len(lines) == 1 + 2 + len(FIELDS)
    assert lines[1].startswith("detection") and lines[-1].startswith("full claim")
    assert len({len(line) for line in lines}) == 1  # right-aligned numbers: equal widths


# ---------------------------------------------------------------------- gold files


def test_load_gold_reads_the_real_files():
    paths = sorted(GOLD_DIR.glob("*.jsonl")) + [GOLD_DIR / "wikinews-no-claims.txt"]
    g = load_gold(paths)
    assert len(g.claims) == 164
    assert {"homeopathic.md", "imprisoned.md"} <= g.articles
    assert not any(c.article in {"homeopathic.md", "imprisoned.md"} for c in g.claims)
    first = g.claims[0]
    assert first.line.endswith("seeds.jsonl:1")
    assert first.value == 1_000_000 and first.years == (1996, 2000)
    assert first.scored == set(FIELDS)
    range_claim = next(c for c in g.claims if c.figure == "20000-40000")
    assert (range_claim.low, range_claim.high) == (20000, 40000)
    assert "direction" not in range_claim.scored and "value" in range_claim.scored


def test_load_gold_names_file_and_line_of_bad_json(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"article": "a.md", "figure": "1", "value": 1}\n\n{"article": \n')
    with pytest.raises(ValueError, match=r"bad\.jsonl:3"):
        load_gold([bad])
    missing = tmp_path / "missing.jsonl"
    missing.write_text('{"article": "a.md"}\n')
    with pytest.raises(ValueError, match=r"missing\.jsonl:1.*figure"):
        load_gold([missing])


def perfect_prediction(claim, index: int) -> dict:
    return pred(
        claim.figure,
        article=claim.article,
        char_start=index,
        value=claim.value,
        value_low=claim.low,
        value_high=claim.high,
        year_start=claim.years[0] if claim.years else None,
        year_end=claim.years[1] if claim.years else None,
        place=claim.place[0] if claim.place else None,
        speaker=claim.speaker[0] if claim.speaker else None,
        direction=claim.direction,
        flow=claim.flow,
    )


def test_gold_scored_against_itself_is_perfect():
    g = load_gold(sorted(GOLD_DIR.glob("*.jsonl")) + sorted(GOLD_DIR.glob("*-no-claims.txt")))
    report = score([perfect_prediction(c, i) for i, c in enumerate(g.claims)], g)
    assert [r.name for r in report.rows] == ["detection", *FIELDS, "full claim"]
    for row in report.rows:
        assert row.gold_denominator > 0, row.name
        assert (row.precision, row.recall, row.f1) == (1.0, 1.0, 1.0), row.name
    assert list(report.misses()) == []
    assert list(report.false_positives()) == []
