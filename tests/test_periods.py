"""Periods: time expressions to inclusive spans of years."""

from datetime import date, datetime

import dateparser
import pytest

from extract.periods import find_periods, normalise_period

PUBLISHED = date(2023, 5, 1)


@pytest.mark.parametrize(
    "text, years",
    [
        ("1996-2000", (1996, 2000)),
        ("1996–2000", (1996, 2000)),
        ("from 2010 to 2015", (2010, 2015)),
        ("2022-23", (2022, 2023)),
        ("2015/16", (2015, 2016)),
        ("the 2010s", (2010, 2019)),
        ("the 1990s", (1990, 1999)),
        ("the late 1990s", (1996, 1999)),
        ("the early 2000s", (2000, 2003)),
        ("the mid-1980s", (1983, 1986)),
        ("early 2022", (2022, 2022)),
        ("the end of 2021", (2021, 2021)),
        ("in 2019", (2019, 2019)),
        ("between July 2003 and December 2004", (2003, 2004)),
    ],
)
def test_absolute_periods(text, years):
    # absolute periods need no publication date, and ignore it when given
    assert normalise_period(text) == years
    assert normalise_period(text, PUBLISHED) == years


def test_backwards_range_is_rejected():
    assert normalise_period("2005-2001") is None


def test_since_runs_to_the_publication_year():
    assert normalise_period("since 2015", PUBLISHED) == (2015, 2023)
    assert normalise_period("since March 2020", date(2022, 1, 10)) == (2020, 2022)


@pytest.mark.parametrize(
    "text, published, years",
    [
        ("last year", PUBLISHED, (2022, 2022)),
        ("this year", PUBLISHED, (2023, 2023)),
        ("next year", PUBLISHED, (2024, 2024)),
        ("three years ago", PUBLISHED, (2020, 2020)),
        ("two years ago", date(2019, 8, 30), (2017, 2017)),
        ("the last decade", PUBLISHED, (2013, 2023)),
        ("the past five years", PUBLISHED, (2018, 2023)),
        ("last week", PUBLISHED, (2023, 2023)),
        ("last month", date(2023, 1, 15), (2022, 2022)),  # January: last month is December
        ("March 6", PUBLISHED, (2023, 2023)),
        ("March 6", date(2023, 1, 15), (2022, 2022)),  # a March not yet reached: the one before
        ("the year before", PUBLISHED, (2022, 2022)),
        ("the previous year", date(2020, 6, 1), (2019, 2019)),
        ("last week", date(2023, 1, 3), (2022, 2022)),
        ("last summer", PUBLISHED, (2022, 2022)),
    ],
)
def test_relative_periods(text, published, years):
    assert normalise_period(text, published) == years


@pytest.mark.parametrize(
    "text",
    ["last year", "three years ago", "the last decade", "last week", "March 6", "the year before"],
)
def test_relative_periods_need_a_publication_date(text):
    assert normalise_period(text) is None


@pytest.mark.parametrize(
    "text", ["three years", "8-10 years", "six months", "20 days", "several weeks"]
)
def test_durations_are_not_periods(text):
    assert normalise_period(text, PUBLISHED) is None
    assert normalise_period(text) is None


def test_dateparser_alone_gets_ranges_and_decades_wrong():
    """Why the normaliser has its own rules before dateparser: dateparser finds nothing
    in a year range and reads a decade as a number of seconds."""
    base = {"RELATIVE_BASE": datetime(2023, 5, 1)}
    assert dateparser.parse("1996-2000", languages=["en"], settings=base) is None
    assert normalise_period("1996-2000") == (1996, 2000)

    parsed = dateparser.parse("the 2010s", languages=["en"], settings=base)
    assert parsed is None or not 2010 <= parsed.year <= 2019
    assert normalise_period("the 2010s", PUBLISHED) == (2010, 2019)

    assert dateparser.parse("the late 1990s", languages=["en"], settings=base) is None
    assert normalise_period("the late 1990s") == (1996, 1999)


# --- find_periods over a parsed sentence ---------------------------------------------------


def _periods(nlp, text, published=PUBLISHED):
    doc = nlp(text)
    return find_periods(next(iter(doc.sents)), published)


def test_month_year_range_is_one_period(nlp):
    text = "Applications fell sharply between July 2003 and December 2004, officials said."
    periods = _periods(nlp, text)
    assert [(p.year_start, p.year_end) for p in periods] == [(2003, 2004)]
    p = periods[0]
    assert text[p.start : p.end] == p.text
    assert p.absolute


def test_since_and_decade_in_one_sentence(nlp):
    text = "Work visas have risen every year since 2015, unlike in the 2000s."
    found = {(p.year_start, p.year_end) for p in _periods(nlp, text)}
    assert (2015, 2023) in found
    assert (2000, 2009) in found


def test_relative_period_is_not_absolute(nlp):
    periods = _periods(nlp, "Net migration reached a record high last year.")
    assert [(p.year_start, p.year_end, p.absolute) for p in periods] == [(2022, 2022, False)]


def test_duration_in_sentence_is_not_a_period(nlp):
    periods = _periods(nlp, "Refugees must wait three years before they can apply for citizenship.")
    assert periods == []
