"""Periods: the years a figure is about.

:func:`normalise_period` turns one time expression into an inclusive span of years
(``"1996-2000"`` → (1996, 2000), ``"the 2010s"`` → (2010, 2019), ``"three years ago"``
→ publication year − 3). Our own rules handle years, ranges, decades and the common
relative forms; dateparser handles the rest (``"March 6"``, ``"last week"``).
:func:`find_periods` lists the time expressions of a sentence with their spans.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from . import lexicon as lx
from .cues import Resolved, YearsCue
from .grammar import attachment, clause_heads, lemmas, parenthesis, past_tense
from .nlp import ents, text_of

if TYPE_CHECKING:
    from .context import ArticleState, FigureContext


@dataclass(frozen=True)
class Period:
    text: str
    start: int  # character offsets in the article
    end: int
    year_start: int
    year_end: int
    absolute: bool  # its years do not depend on the publication date ("2004", not "last year")
    prospective: bool = False  # the time of a forecast or a plan ("growth in 2005 will …")


_Y = r"(?:1[5-9]\d\d|20\d\d)"
_YEAR_RANGE = re.compile(
    rf"\b(?:between\s+|from\s+)?({_Y})\s*(?:-|–|—|/|to|and|until|through)\s*({_Y}|\d\d|\d)\b(?!\s*%)",
    re.I,
)
_MONTH_YEAR_RANGE = re.compile(
    rf"\b({_Y})\b[^.;\d]{{0,25}}?\b(?:and|to|until|till|through)\s+(?:[A-Za-z]+\s+){{0,2}}({_Y})\b",
    re.I,
)
# "the year to March 2005", "the 12 months to April 2019": a fiscal year ending then
_YEAR_TO = re.compile(
    rf"\b(?:year|twelve\s+months|12\s+months|financial\s+year|fiscal\s+year)\s+(?:to|ending)\s+"
    rf"(?:(?:the\s+end\s+of\s+)?[A-Za-z]+\s+)?({_Y})\b",
    re.I,
)
# "2.9% in 2001 and 2.5% a year later": a year after the time named before it
_YEAR_LATER = re.compile(r"\b(?:a|one)\s+year\s+(later|after|on|earlier|before)\b", re.I)
_SINCE = re.compile(rf"\bsince\s+(?:[A-Za-z]+\s+)?({_Y})\b", re.I)
_YEAR_BEFORE = re.compile(
    r"\b(?:the\s+)?(?:year\s+before|previous\s+year|prior\s+year|year\s+earlier|a\s+year\s+(?:before|earlier))\b",
    re.I,
)
_DURATION = re.compile(
    r"(?:about\s+|some\s+|over\s+|nearly\s+)?(?:\d[\d.,]*|an?|several|few|many|"
    + "|".join([*lx.SMALL_NUMBERS, *lx.TENS])
    + r")(?:\s*[-–]\s*\w+)?(?:\s+|-)(?:years?|months?|weeks?|days?|hours?|decades?)(?:\s+old)?",
    re.I,
)
_QUARTER = re.compile(r"\b(first|second|third|fourth|final|last)\s+quarter\b", re.I)
_FIRST_MONTHS = re.compile(
    r"\bfirst\s+(?:(half)\b|(two|three|four|five|six|seven|eight|nine|ten|eleven|\d\d?)"
    r"\s+months\b)",
    re.I,
)
_QUARTERS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "final": 4}
_DECADE = re.compile(r"\b(?:the\s+)?(?:(early|mid|late)[\s-]+)?((?:1[5-9]|20)\d0)'?s\b", re.I)
_YEAR = re.compile(rf"(?<![\d.,$£€-])\b({_Y})\b(?![\d,.]\d|\s*%|-\d)")
_NUMBER = {
    **lx.SMALL_NUMBERS,
    **lx.TENS,
    "a": 1,
    "an": 1,
    "a couple of": 2,
    "a few": 3,
    "several": 3,
}
_AGO = re.compile(
    r"\b(\d+|a couple of|a few|several|an?|" + "|".join(lx.SMALL_NUMBERS) + r")\s+years?\s+ago\b",
    re.I,
)
_RELATIVE_YEAR = re.compile(
    r"\b(last|this|next|past|previous|current|coming)\s+(year|decade|week|month|summer|winter|spring|autumn|fall)\b",
    re.I,
)
_OVER_LAST = re.compile(
    r"\b(?:the\s+)?(?:last|past|previous)\s+(\d+|"
    + "|".join(lx.SMALL_NUMBERS)
    + r"|"
    + "|".join(lx.TENS)
    + r")\s+years\b",
    re.I,
)
_MONTH_NUMBERS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_MONTH = re.compile(r"\b(?:" + "|".join(m for m in lx.MONTHS if len(m) > 3) + r")\b", re.I)
_DAY_WORDS = re.compile(
    r"\b(?:today|yesterday|tomorrow|tonight|" + "|".join(lx.WEEKDAYS) + r")\b", re.I
)


def normalise_period(text: str, published: date | None = None) -> tuple[int, int] | None:
    """The inclusive span of years that ``text`` names, or None.

    >>> normalise_period("1996-2000")
    (1996, 2000)
    >>> normalise_period("the 2010s")
    (2010, 2019)
    """
    t = text.strip()
    if _DURATION.fullmatch(t):
        return None  # "8–10 years", "three months": how long, not when
    if m := _YEAR_TO.search(t):
        return int(m.group(1)) - 1, int(m.group(1))
    if published is not None and (m := _SINCE.search(t)):
        return int(m.group(1)), max(int(m.group(1)), published.year)
    if m := (_YEAR_RANGE.search(t) or _MONTH_YEAR_RANGE.search(t)):
        a, b = int(m.group(1)), m.group(2)
        b = int(b) if len(b) == 4 else a // 10 ** len(b) * 10 ** len(b) + int(b)
        return (a, b) if a <= b else None
    if m := _DECADE.search(t):
        d = int(m.group(2))
        part = (m.group(1) or "").lower()
        return {"early": (d, d + 3), "mid": (d + 3, d + 6), "late": (d + 6, d + 9)}.get(
            part, (d, d + 9)
        )
    if m := _YEAR.search(t):
        return int(m.group(1)), int(m.group(1))
    if published is None:
        return None
    y = published.year
    if _YEAR_BEFORE.search(t):
        return y - 1, y - 1
    if m := _AGO.search(t):
        w = m.group(1).lower()
        n = int(w) if w.isdigit() else _NUMBER.get(w, 1)
        return y - n, y - n
    if m := _OVER_LAST.search(t):
        n = int(m.group(1)) if m.group(1).isdigit() else _NUMBER[m.group(1).lower()]
        return y - n, y
    if m := _RELATIVE_YEAR.search(t):
        which, unit = m.group(1).lower(), m.group(2).lower()
        if unit == "decade":
            return (
                (y - 10, y)
                if which in ("last", "past", "previous")
                else (y, y + 10)
                if which in ("next", "coming")
                else (y // 10 * 10, y // 10 * 10 + 9)
            )
        if unit == "year":
            return {
                "last": (y - 1, y - 1),
                "previous": (y - 1, y - 1),
                "next": (y + 1, y + 1),
                "coming": (y + 1, y + 1),
                "past": (y - 1, y),
            }.get(which, (y, y))
        if which in ("last", "previous", "past"):
            if unit == "week":
                return (published - timedelta(days=7)).year, (published - timedelta(days=7)).year
            if unit == "month" and published.month == 1:
                return y - 1, y - 1
            season_end = {"spring": 5, "summer": 8, "autumn": 11, "fall": 11}.get(unit)
            if season_end is not None and published.month <= season_end:
                return y - 1, y - 1  # "last summer", said in May, is the summer before
        return y, y
    if m := _QUARTER.search(t):
        # "in the fourth quarter": the last such quarter to end before the publication
        which = m.group(1).lower()
        if which == "last":
            return (y, y) if published.month > 3 else (y - 1, y - 1)
        q = _QUARTERS[which]
        return (y, y) if 3 * q < published.month or "next" in t.lower() else (y - 1, y - 1)
    if m := _FIRST_MONTHS.search(t):
        # "in the first nine months", "the first half": the last such stretch of a year
        # to end before the publication
        count: str = m.group(2) or ""
        last = 6 if m.group(1) else int(count) if count.isdigit() else _NUMBER[count.lower()]
        return (y, y) if last < published.month else (y - 1, y - 1)
    if months := _MONTH.findall(t):
        # "in December", "on March 6", "in January-November": the last such month (the
        # range's last) up to the publication
        month = _MONTH_NUMBERS[months[-1].lower()[:3]]
        return (y, y) if month <= published.month or "next" in t.lower() else (y - 1, y - 1)
    if _DAY_WORDS.search(t):
        return y, y  # "on Monday", "yesterday": the days around the publication
    parsed = _dateparser(t, published)
    if parsed is None or parsed.year < 1500:
        return None  # "by 0830 GMT" is a time of day, not the year 830
    return parsed.year, parsed.year


@lru_cache(maxsize=4096)
def _dateparser(text: str, published: date) -> datetime | None:
    import dateparser  # imported lazily: it takes a moment to load

    base = datetime(published.year, published.month, published.day)
    try:
        return dateparser.parse(
            text,
            languages=["en"],
            settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past", "REQUIRE_PARTS": []},
        )
    except Exception:  # dateparser raises assorted errors on odd input
        return None


def find_periods(sent, published: date | None) -> list[Period]:
    """Time expressions of a spaCy sentence ``Span``, with their spans of years.

    spaCy's DATE entities give the candidates; year numbers it missed are added.
    """
    doc = sent.doc
    found: list[Period] = []
    taken: list[tuple[int, int]] = []
    # spans spaCy splits or cuts short: "between July 2003 and December 2004", "since 2007"
    for rx in (_YEAR_TO, _MONTH_YEAR_RANGE, _SINCE):
        for m in rx.finditer(text_of(doc), sent.start_char, sent.end_char):
            span = normalise_period(m.group(0), published)
            if span is not None:
                found.append(Period(m.group(0), m.start(), m.end(), *span, True))
                taken.append((m.start(), m.end()))
    for ent in ents(sent):
        if any(s <= ent.start_char < e or s < ent.end_char <= e for s, e in taken):
            continue
        if ent.label_ not in ("DATE", "EVENT"):
            continue
        span = normalise_period(ent.text, published)
        absolute = bool(_YEAR.search(ent.text) or _DECADE.search(ent.text))
        if span is None and published is None:
            span, absolute = _month_near(ent.text, _article_month(doc)), True
        if span is None:
            continue
        found.append(Period(ent.text, ent.start_char, ent.end_char, *span, absolute))
        taken.append((ent.start_char, ent.end_char))
    text = text_of(doc)
    for rx in (_YEAR_RANGE, _DECADE, _YEAR):
        for m in rx.finditer(text, sent.start_char, sent.end_char):
            if any(s <= m.start() < e or s < m.end() <= e for s, e in taken):
                continue
            span = normalise_period(m.group(0), published)
            if span is None:
                continue
            found.append(Period(m.group(0), m.start(), m.end(), *span, True))
            taken.append((m.start(), m.end()))
    found.sort(key=lambda p: p.start)
    found = _relative_to_earlier(found, sent)
    return [replace(p, prospective=True) if _prospective(doc, p) else p for p in found]


_ARGUMENTS = ("dobj", "nsubj", "nsubjpass", "attr")


def _prospective(doc, period: Period) -> bool:
    """Whether the clause a time expression hangs from looks ahead: a modal "will",
    a forecast or a plan ("expected to", "has a target of 5% for 2006"), "set for" or
    "set to" ("conditions are set for growth in 2005")."""
    return _looks_ahead(doc, doc[attachment(doc, period.start, period.end)])


def _looks_ahead(doc, node) -> bool:
    """Whether ``node`` or a word governing it looks ahead (see :func:`_prospective`)."""
    for _ in range(6):
        if lx.PROSPECTIVE_WORDS & lemmas(node):
            return True
        children = list(node.children)[:24]
        if any(c.dep_ == "aux" and c.lower_ in lx.PROSPECTIVE_AUXILIARIES for c in children):
            return True
        # "has a target of 3% for 2006": the plan is the verb's object or subject
        if any(c.dep_ in _ARGUMENTS and lx.PROSPECTIVE_WORDS & lemmas(c) for c in children):
            return True
        if node.lemma_ == "set" and any(c.lower_ == "for" or c.dep_ == "xcomp" for c in children):
            return True
        if node.head == node:
            break
        node = node.head
    return False


def paragraph_time(periods: list[Period], before: Period | None) -> Period | None:
    """The time a sentence leaves for the past-tense figures after it in its paragraph:
    its last time written as a year, unless that is the time of a forecast or a plan
    (then the time from before stays); none when its only times are relative ones."""
    own = [p for p in periods if not p.prospective]
    absolute = next((p for p in reversed(own) if p.absolute), None)
    return absolute or (own[-1] if own else before)


_FULL_MONTHS = "|".join(m.capitalize() for m in lx.MONTHS[:12])  # "may" the verb is not
# a month named with its year: "December 2004", "March 6, 2005"
_MONTH_WITH_YEAR = re.compile(rf"\b({_FULL_MONTHS})\s+(?:\d{{1,2}},?\s+)?({_Y})\b")
# a month named alone: "January", "last November", "early March", "December 12"
_MONTH_ALONE = re.compile(
    rf"(?i:(?:last|early|mid|late|the\s+end\s+of|the\s+start\s+of)[\s-]+)?({_FULL_MONTHS})"
    r"(?:\s+\d{1,2}(?:st|nd|rd|th)?)?(?:'s)?"
)
_ARTICLE_MONTH_KEY = "periods.article_month"


def _article_month(doc) -> tuple[int, int] | None:
    """The latest month an undated article names with its year in a past-tense clause
    ("revised the gains in December 2004"), not a forecast's or a plan's: the month the
    news is about, close to the unknown publication date."""
    if _ARTICLE_MONTH_KEY in doc.user_data:
        return doc.user_data[_ARTICLE_MONTH_KEY]
    text = text_of(doc)
    named = [
        (int(m.group(2)), _MONTH_NUMBERS[m.group(1).lower()[:3]])
        for m in _MONTH_WITH_YEAR.finditer(text)
        if _past_record(doc, m.start(), m.end())
    ]
    found = max(named) if named else None
    doc.user_data[_ARTICLE_MONTH_KEY] = found
    return found


def _past_record(doc, start: int, end: int) -> bool:
    """Whether the clause a time expression hangs from tells of the past and looks
    nowhere ahead ("revised the gains in December 2004", not "would take office in
    January 2017"); a clause with no verb, or one the partial parse left without a
    tree, does not tell."""
    node = doc[attachment(doc, start, end)]
    for _ in range(5):
        if not node.tag_:
            return False  # a paragraph the partial parse left without a tree
        if node.pos_ in ("VERB", "AUX"):
            return past_tense(node) and not _prospective(doc, Period("", start, end, 0, 0, True))
        if node.head == node:
            break
        node = node.head
    return False


def _month_near(text: str, anchor: tuple[int, int] | None) -> tuple[int, int] | None:
    """ "in January" in an undated article that names December 2004: the January
    nearest to the month the article is about (January 2005): news tells of a few
    months around its date."""
    m = _MONTH_ALONE.fullmatch(text.strip())
    if m is None or anchor is None:
        return None
    month = _MONTH_NUMBERS[m.group(1).lower()[:3]]
    year, at = anchor
    best = min((year - 1, year, year + 1), key=lambda y: abs(y * 12 + month - (year * 12 + at)))
    return best, best


def _relative_to_earlier(found: list[Period], sent) -> list[Period]:
    """ "2.9% in 2001 and 2.5% a year later": a year later than the time named before
    it in the sentence, not than the publication."""
    text = text_of(sent.doc)
    out: list[Period] = []
    for m in _YEAR_LATER.finditer(text, sent.start_char, sent.end_char):
        earlier = [p for p in found if p.absolute and p.end <= m.start()]
        if not earlier:
            continue
        step = 1 if m.group(1).lower() in ("later", "after", "on") else -1
        base = earlier[-1].year_end if step > 0 else earlier[-1].year_start
        found = [p for p in found if not (p.start < m.end() and m.start() < p.end)]
        out.append(Period(m.group(0), m.start(), m.end(), base + step, base + step, True))
    return sorted(found + out, key=lambda p: p.start)


# ------------------------------------------------------------------------ resolver


def resolve_years(
    fx: FigureContext, state: ArticleState
) -> Resolved[tuple[int, int] | None, YearsCue]:
    """The years a figure is about, and the cue: a time expression the parse attaches
    to the figure's clause; else one right after it ("299.500 in 1997"); else the
    nearest one of its sentence; else the years of the figure whose clause it shares;
    else, for a past-tense figure or one whose sentence names a month alone ("in
    December", the year given before), the time of the sentences before in its
    paragraph; else the publication year."""
    period, cue = _choose_period(fx)
    if period is None and fx.attached is None and state.last_period is not None:
        text = text_of(fx.tok.doc)
        if all(_comparison_base(text, fx.fig, p) for p in fx.sentence.periods):
            if past_tense(fx.tok) or (
                _names_month_alone(fx.sent) and not _looks_ahead(fx.tok.doc, fx.tok)
            ):
                period, cue = state.last_period, YearsCue.CONTEXT
    if period is not None:
        fx.period = period.text
        earlier = _year_given_before(period, state)
        if earlier is not None:  # "In 2022, … In December, it rose to 9,000": December 2022
            return Resolved((earlier, earlier), YearsCue.CONTEXT)
        return Resolved((period.year_start, period.year_end), cue)
    shared = fx.attached
    if shared is not None and shared.claim.year_start is not None:
        return Resolved(
            (shared.claim.year_start, shared.claim.year_end or shared.claim.year_start),
            YearsCue.SHARED,
        )
    if state.published is not None:
        return Resolved((state.published.year, state.published.year), YearsCue.PUBLISHED)
    return Resolved(None, YearsCue.NONE)


def _year_given_before(period: Period, state: ArticleState) -> int | None:
    """The year a month named alone takes from the sentences before in its paragraph
    ("In 2022, 112,000 applied. In December, …"), when they name one year; None when
    the month is written with its year, or no single year was given before."""
    last = state.last_period
    if period.absolute or period.prospective or last is None or not last.absolute:
        return None
    if last.year_start != last.year_end or _MONTH_ALONE.fullmatch(period.text.strip()) is None:
        return None
    return last.year_end


def _names_month_alone(sent) -> bool:
    """Whether the sentence names a month without its year ("in November") that it
    could not place, the article having no date."""
    return any(e.label_ == "DATE" and _MONTH_ALONE.fullmatch(e.text.strip()) for e in ents(sent))


def _choose_period(fx: FigureContext) -> tuple[Period | None, YearsCue]:
    fig, sent = fx.fig, fx.sent
    doc = sent.doc
    text = text_of(doc)
    periods = fx.sentence.periods
    if len(periods) > 16:  # a long list of years: only those within reach of the figure
        at = bisect.bisect_left(fx.sentence.period_starts, fig.start)
        periods = periods[max(0, at - 8) : at + 8]
    cands = [p for p in periods if p.end <= fig.start or p.start >= fig.end]
    if fx.paren:
        inside = [p for p in cands if fx.paren[0] < p.start < fx.paren[1]]
        return (inside[0], YearsCue.PARENTHESIS) if inside else (None, YearsCue.NONE)
    cands = [p for p in cands if parenthesis(text, sent.start_char, sent.end_char, p.start) is None]
    # only the time expressions within reach: the work per figure stays bounded
    if len(cands) > 8:
        cands = sorted(cands, key=lambda p: abs(p.start - fig.start))[:8]
        cands.sort(key=lambda p: p.start)
    cands = [p for p in cands if not _comparison_base(text, fig, p)]
    near = clause_heads(fx.tok)
    attached = [p for p in cands if attachment(doc, p.start, p.end) in near]
    if attached:
        best = min(attached, key=lambda p: abs(p.start - fig.start))
        # "rose by 4.7% in 1998/99 and in 2002/03 by 8.6%": a time between the attached
        # one and the figure starts a new conjunct that the figure belongs to
        between = [
            p
            for p in cands
            if best.end <= p.start and p.end <= fig.start and ";" not in text[p.end : fig.start]
        ]
        return (between[-1] if between else best), YearsCue.ATTACHED
    for p in cands:
        if (
            p.start >= fig.end
            and p.start - fig.end <= 25
            and not any(c in text[fig.end : p.start] for c in ",;:(")
        ):
            return p, YearsCue.ADJACENT
    # a span "since 2001" belongs to what it is attached to ("its lowest level since …"),
    # and so does a time in a "since" clause ("the highest since records began in 1971")
    cands = [
        p
        for p in cands
        if not p.text.lower().startswith("since")
        and not _in_since_clause(doc, p)
        and not _of_another_present_clause(doc, p, fx.tok)
    ]
    before = [p for p in cands if p.end <= fig.start]
    if before:
        return before[-1], YearsCue.IN_SENTENCE
    after = [p for p in cands if p.start >= fig.end]
    if after:
        return after[0], YearsCue.IN_SENTENCE
    return None, YearsCue.NONE


_BASE_BEFORE = re.compile(
    r"\b(?:up|down|higher|lower|rise|fall|increase|decrease|drop|more|fewer|less)\b[^.;]{0,30}?"
    r"\b(?:on|from|than|over|compared\s+with|against)\s+(?:in\s+)?"
    r"(?:the\s+same\s+\w+\s+(?:of|in)\s+)?$",
    re.I,
)
_OLD_LEVEL_BETWEEN = re.compile(r"\b(?:up|down)\s+from\b|\bcompared\s+with\b", re.I)


def _comparison_base(text: str, fig, period: Period) -> bool:
    """Whether a time is what a change is measured against, not the figure's own time:
    "down 36% on 2022", "up 50% from 2022" (the base year), or the time of an old level
    after the figure ("38%, down from 41% in December")."""
    if period.start < fig.end:
        return False  # "a decrease from the year before, when it was 40%": its own time
    if _BASE_BEFORE.search(text[max(0, period.start - 50) : period.start]):
        return True
    return bool(_OLD_LEVEL_BETWEEN.search(text[fig.end : period.start]))


def _in_since_clause(doc, period: Period) -> bool:
    """Whether a time belongs to a clause opened by "since" ("since records began in
    1971", "since the euro was launched in 1999"): the start of a span, not its time."""
    node = doc[attachment(doc, period.start, period.end)]
    for _ in range(3):
        if any(c.dep_ == "mark" and c.lower_ == "since" for c in node.children):
            return True
        if node.head == node:
            return False
        node = node.head
    return False


def _of_another_present_clause(doc, period: Period, tok) -> bool:
    """ "The plant opened in 1998 and now employs 1,200": a time attached to another
    verb does not date a figure whose own verb speaks of now (present tense)."""
    heads = clause_heads(tok)
    verb = next((doc[i] for i in sorted(heads) if doc[i].pos_ in ("VERB", "AUX")), None)
    present_perfect = (
        verb is not None
        and verb.tag_ == "VBN"
        and any(c.dep_ == "aux" and c.tag_ in ("VBZ", "VBP") for c in verb.children)
    )
    if verb is None or (verb.tag_ not in ("VBZ", "VBP") and not present_perfect):
        return False
    other = doc[attachment(doc, period.start, period.end)]
    if other.dep_ == "acl" and other.tag_ == "VBN" and other.head.dep_ in ("nsubj", "nsubjpass"):
        # "The scheme, launched in 2019, has so far paid out $3bn": when the subject began
        return other.head.head == verb
    coordinated = (verb.dep_ == "conj" and verb.head == other) or (
        other.dep_ == "conj" and other.head == verb
    )
    return coordinated and other.tag_ == "VBD"
