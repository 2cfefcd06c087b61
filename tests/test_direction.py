"""Direction (rise, fall, stable) and flow (people leaving or arriving), tested through
the extractor on small articles, plus the parse helpers they rest on."""

import pytest
from extracted import claim, claims_of

from extract.cues import DirectionCue, FlowCue
from extract.direction import direction_of, flow_of, trend_words

# --- direction ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, figure, direction",
    [
        ("Net migration rose to 606,000 last year.", "606,000", "increase"),
        ("Tuition fees for overseas students rose to £9,250 in 2017.", "£9,250", "increase"),
        ("Wages grew 4% in 2022.", "4%", "increase"),
        (
            "Unemployment fell by 0.3 percentage points in March.",
            "0.3 percentage points",
            "decrease",
        ),
        ("Small-boat crossings fell by 20% in the first quarter.", "20%", "decrease"),
        ("Asylum claims totalled 74,000 down from 89,000 in 2021.", "74,000", "decrease"),
        (
            "Last year 45,000 people applied, but only 19,000 were granted asylum.",
            "only 19,000",
            "decrease",
        ),
        (
            "In 2021, 52,000 visas were issued; this year, only 30,000 have been.",
            "only 30,000",
            "decrease",
        ),
        ("The jobless rate was unchanged at 3.9% in April.", "3.9%", "stable"),
        ("The number of jobless people remained stable at 1.3 million.", "1.3 million", "stable"),
    ],
)
def test_direction(nlp, text, figure, direction):
    assert claim(nlp, text, figure).direction == direction


def test_change_and_level_both_rise(nlp):
    claims = claims_of(nlp, "Net migration rose by 15,000 to 444,000 last year.")
    assert [(c.figure, c.value, c.direction) for c in claims] == [
        ("15,000", 15_000, "increase"),
        ("444,000", 444_000, "increase"),
    ]


def test_direction_reads_the_figures_own_verb(nlp):
    claims = {
        c.figure: c.direction
        for c in claims_of(nlp, "Exports fell by 5% while imports rose by 3%.")
    }
    assert claims == {"5%": "decrease", "3%": "increase"}


def test_plain_level_has_no_direction(nlp):
    assert (
        claim(
            nlp, "About 3,500 people crossed the Channel in small boats in April.", "About 3,500"
        ).direction
        is None
    )


def test_only_without_a_comparison_is_not_a_fall(nlp):
    assert (
        claim(nlp, "Only 300 visas were issued to Afghan interpreters.", "Only 300").direction
        is None
    )


def test_down_from_after_a_comma(nlp):
    text = "The jobless rate stood at 4.1% in April, down from 4.5% in March."
    assert claim(nlp, text, "4.1%").direction == "decrease"


@pytest.mark.parametrize(
    "text, figure",
    [
        ("15 shells fell on the town overnight.", "15"),
        ("Overnight, 15 shells fell on the border town.", "15"),
        ("Fifteen shells fell on the border village.", "Fifteen"),
    ],
)
def test_count_of_subject_is_not_a_change(nlp, text, figure):
    assert claim(nlp, text, figure).direction is None


def test_trend_words_stop_at_a_counted_subject(nlp):
    doc = nlp("15 shells fell on the town overnight.")
    words = [t.text for t in trend_words(doc[0], {0})]
    assert "fell" not in words


def test_trend_words_of_a_change(nlp):
    doc = nlp("Net migration rose by 15,000 last year.")
    tok = next(t for t in doc if t.text == "15,000")
    assert "rose" in [t.text for t in trend_words(tok, {tok.i})]


def test_direction_of_directly(nlp):
    doc = nlp("Net migration rose by 15,000 last year.")
    sent = next(iter(doc.sents))
    tok = next(t for t in doc if t.text == "15,000")
    assert direction_of(tok, {tok.i}, sent=sent) == ("increase", DirectionCue.CHANGE_WORD)
    doc = nlp("Only 300 visas were issued.")
    sent = next(iter(doc.sents))
    tok = next(t for t in doc if t.text == "300")
    found = direction_of(tok, {tok.i - 1, tok.i}, qualifier="only", sent=sent)
    assert found.value is None
    found = direction_of(
        tok, {tok.i - 1, tok.i}, qualifier="only", sent=sent, other_figure_before=True
    )
    assert found == ("decrease", DirectionCue.MINIMISER)


# --- flow ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, figure, flow",
    [
        ("Some 31,000 people left the country in 2022.", "Some 31,000", "outbound"),
        ("Some 42,000 workers left the country last year.", "Some 42,000", "outbound"),
        ("About 12,000 people emigrated in 2021.", "About 12,000", "outbound"),
        (
            "Nearly 8,000 migrants arrived on the island in a single week.",
            "Nearly 8,000",
            "inbound",
        ),
        ("A total of 4,200 asylum seekers arrived in Greece in June.", "4,200", "inbound"),
        ("The country received 81,000 asylum applications last year.", "81,000", "inbound"),
        ("The government issued 250,000 work permits in 2022.", "250,000", "inbound"),
        (
            "About 3,500 people crossed the Channel in small boats in April.",
            "About 3,500",
            "inbound",
        ),
        ("About 12,000 doctors emigrated in 2021.", "About 12,000", "outbound"),
        ("Some 42,000 nurses left the country last year.", "Some 42,000", "outbound"),
    ],
)
def test_flow(nlp, text, figure, flow):
    assert claim(nlp, text, figure).flow == flow


@pytest.mark.parametrize(
    "text, figure",
    [
        ("The government spent £2.1bn on hotels for asylum seekers.", "£2.1bn"),
        ("Housing costs rose by 12% in the capital.", "12%"),
        ("Employers added 250,000 jobs in January.", "250,000"),
        ("Net migration rose to 606,000 last year.", "606,000"),
    ],
)
def test_no_flow_for_figures_that_are_not_movements_of_people(nlp, text, figure):
    assert claim(nlp, text, figure).flow is None


def test_flow_of_a_money_unit_is_none(nlp):
    doc = nlp("Some 31,000 people left the country.")
    tok = next(t for t in doc if t.text == "31,000")
    assert flow_of(tok, {tok.i}, None) == ("outbound", FlowCue.OUTBOUND_WORD)
    assert flow_of(tok, {tok.i}, "GBP") == (None, FlowCue.NONE)


def test_origin_of_inbound_flow(nlp):
    c = claim(nlp, "Last year 9,000 refugees arrived in Germany from Syria.", "9,000")
    assert c.flow == "inbound"
    assert c.origin == "Syria"
    assert c.place == "Germany"
