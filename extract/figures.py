"""Figures: find the numbers in a text that state a quantity, and normalise them.

:func:`parse_figure` turns one written figure into numbers (``"299.500"`` → 299500,
``"one third to one half"`` → 0.333..0.5, ``"$3bn"`` → 3e9 USD). :func:`find_figures`
scans a text for figures and yields :class:`Figure` records; :func:`is_claim`
then uses the spaCy parse around each one to drop numbers that are not claims
(years, dates, times, durations, ages, ordinals, identifiers).
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from . import lexicon as lx
from .cues import NotClaim, ValueCue


@dataclass(frozen=True)
class Figure:
    """A figure as written, with its normalised value(s)."""

    text: str
    start: int
    end: int
    value: float | None = None
    low: float | None = None
    high: float | None = None
    qualifier: str | None = None
    unit: str | None = None
    is_words: bool = False  # written in words only ("seven", "a million")
    is_range: bool = False


def figure_cue(fig: Figure) -> ValueCue:
    """How the figure's value was read: the value resolver's cue."""
    if fig.is_range:
        return ValueCue.RANGE
    if fig.unit == "share" and " in " in fig.text.lower():
        return ValueCue.RATIO
    if fig.is_words:
        return ValueCue.FRACTION if fig.unit == "share" else ValueCue.WORDS
    if re.search(r"\d\s*(?:[kmbt]n?|mil|million|billion|thousand|trillion)\b", fig.text, re.I):
        return ValueCue.SCALED
    return ValueCue.DIGITS


# --- the pattern -----------------------------------------------------------------------


def _alt(words, escape=True) -> str:
    words = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") if escape else w for w in words)


_NUMBER_WORDS = [*lx.SMALL_NUMBERS, *lx.TENS, *lx.SCALES, *lx.DOZEN]
_WORD = rf"(?:{_alt(_NUMBER_WORDS)})"
_FRACTION = rf"(?:{_alt(lx.FRACTIONS)})"
# "two hundred and fifty thousand", "forty-five", "a million"
_WORDS = rf"(?:(?:an?\s+(?=(?:{_alt([*lx.SCALES, *lx.DOZEN])})\b))?{_WORD}(?:(?:\s+and\s+|[\s-]+){_WORD})*)"
_BIG_SCALES = "thousand|million|billion|trillion"
# "one third", "two-thirds", "a quarter", "half"; "half a million", "a quarter of a million"
_FRACTION_PHRASE = (
    rf"(?:(?:an?|one|two|three|four|five|six|seven|eight|nine)[\s-]+{_FRACTION}|half)"
    rf"(?:(?:\s+of)?\s+an?\s+(?:{_BIG_SCALES})\b)?"
)
_OF_A_SCALE = re.compile(rf"^(.*?)(?:\s+of)?\s+an?\s+({_BIG_SCALES})$", re.I)
# 299.500 / 816 000 / 1,000 / 5.2 / 20000 ; thousands groups must be exact
_DIGITS = r"(?:\d{1,3}(?:(?:,\d{3})+|(?:\.\d{3})+|(?:[ \u00a0\u202f]\d{3})+)(?!\d)(?:[.,]\d+)?|\d+(?:[.,]\d+)?)"
_SCALE = rf"(?:\s*(?:{_alt(lx.SCALES)})\b|(?:{_alt(lx.SCALE_ABBREVIATIONS)})\b)"
_CURRENCY = rf"(?:{_alt(lx.CURRENCIES)})"
_CURRENCY_UNITS = {k.upper(): v for k, v in lx.CURRENCIES.items()}
_CORE = rf"(?:{_CURRENCY}\s?)?(?:{_DIGITS}{_SCALE}?|{_FRACTION_PHRASE}\b|{_WORDS}(?:\b|(?=fold\b)))"
_PERCENT = rf"(?:\s*(?:%|(?:{_alt([w for w in lx.PERCENT_WORDS if w != '%'])})\b))"
_FOLD = r"(?:-?\s?fold\b)"
_MEASURE = rf"(?:[\s-](?:{_alt(lx.MEASURE_UNITS)})\b)"
# a unit against the digits, case as written ("40C", "145p", "2.5kg"; not "4pm", "5G")
_GLUED = rf"(?:(?<=\d)(?-i:{_alt(lx.GLUED_UNITS)})(?![\w°/]))"
_SUFFIX = rf"(?:{_PERCENT}|{_FOLD}|{_MEASURE}|{_GLUED})"
_QUALIFIER = rf"(?:(?:{_alt(lx.QUALIFIERS)})\s+)"
_RANGE_SEP = r"(?:\s*[-–—]\s*|\s+to\s+|\s+or\s+|\s+and\s+)"
_POST = rf"(?:\s+(?:{_alt(lx.POST_QUALIFIERS)})\b)"

FIGURE_RE = re.compile(
    rf"""
    (?:(?<![\w$£€¥.,/+−-])                   # not inside a word or another number,
    |(?:^|(?<=[\s(\[]))(?P<sign>[-+−]|minus\s+|plus\s+)(?=[\d$£€]))  # "-1.3%", "minus 5"
    (?P<qualifier>(?:between\s+|from\s+)?{_QUALIFIER}{{0,2}})
    (?P<first>{_CORE}{_SUFFIX}?)
    (?:(?P<sep>{_RANGE_SEP})(?P<second>{_QUALIFIER}{{0,2}}{_CORE}{_SUFFIX}?))?
    (?P<ratio>\s+in\s+(?P<denominator>\d{{1,3}}(?![\d,.])|{_WORDS})\b)?
    (?P<post>{_POST})?
    (?![\w])
    """,
    re.IGNORECASE | re.VERBOSE,
)
_CORE_RE = re.compile(
    rf"(?P<currency>{_CURRENCY})?\s?(?:(?P<digits>{_DIGITS})(?P<scale>{_SCALE})?|(?P<fraction>{_FRACTION_PHRASE})|(?P<words>{_WORDS}))(?P<suffix>{_SUFFIX})?",
    re.IGNORECASE,
)


# --- normalisers -----------------------------------------------------------------------


def parse_digits(text: str) -> float | None:
    """``"299.500"`` → 299500, ``"816 000"`` → 816000, ``"5.2"`` → 5.2, ``"2.500,5"`` → 2500.5."""
    s = text.strip().replace("\u00a0", " ").replace("\u202f", " ")
    if not re.fullmatch(r"\d[\d., ]*", s):
        return None  # float() would also take "inf", "nan", "1e5"
    if re.fullmatch(r"\d{1,3}(?: \d{3})+(?:[.,]\d+)?", s):
        head, _, tail = (
            s.replace(" ", "").partition(",") if "," in s else (s.replace(" ", ""), "", "")
        )
        s = f"{head}.{tail}" if tail else head
    elif re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", s):
        s = s.replace(",", "")
    elif re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", s):
        s = s.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d+,\d{1,2}", s):  # European decimal comma: "5,2"
        s = s.replace(",", ".")
    else:
        s = s.replace(",", "")
    try:
        return float(s)
    except ValueError:
        return None


def parse_words(text: str) -> float | None:
    """``"a million"`` → 1e6, ``"two hundred and fifty thousand"`` → 250000,
    ``"forty-five"`` → 45, ``"one third"`` → 0.333, ``"two-thirds"`` → 0.667."""
    words = [w for w in re.split(r"[\s-]+", text.lower().strip()) if w and w != "and"]
    if not words:
        return None
    if words[-1] in lx.FRACTIONS:
        numerator = 1.0 if len(words) == 1 else parse_words(" ".join(words[:-1]))
        return None if numerator is None else numerator * lx.FRACTIONS[words[-1]]
    total, current, seen = 0.0, 0.0, False
    for w in words:
        if w in ("a", "an"):
            current = 1.0
        elif w in lx.SMALL_NUMBERS:
            current += lx.SMALL_NUMBERS[w]
        elif w in lx.TENS:
            current += lx.TENS[w]
        elif w in lx.DOZEN:
            current = (current or 1.0) * lx.DOZEN[w]
        elif w == "hundred":
            current = (current or 1.0) * 100
        elif w in lx.SCALES:
            total += (current or 1.0) * lx.SCALES[w]
            current = 0.0
        else:
            return None
        seen = True
    return total + current if seen else None


def _scale_factor(scale: str | None, has_currency: bool) -> tuple[float, str | None]:
    """The multiplier of a scale word, and a unit when the word was really a unit."""
    if not scale:
        return 1.0, None
    s = scale.strip().lower()
    if s in lx.SCALES:
        return float(lx.SCALES[s]), None
    if s == "m" and not has_currency:
        return 1.0, "m"  # "15m" without a currency is a length
    return float(lx.SCALE_ABBREVIATIONS.get(s, 1)), None


def _suffix_unit(suffix: str | None) -> str | None:
    if not suffix:
        return None
    s = re.sub(r"\s+", " ", suffix.strip(" -").lower())
    if s == "%" or s in lx.PERCENT_WORDS:
        return "percent"
    if s.endswith("fold"):
        return "fold"
    glued = lx.GLUED_UNITS.get(suffix.strip())
    if glued is not None:
        return glued
    return lx.MEASURE_UNITS.get(s, s)


@dataclass(frozen=True)
class _Core:
    value: float | None
    unit: str | None
    words: bool
    factor: float = 1.0


def _parse_core(text: str) -> _Core:
    # "$500,000 to more than $1 million": the second bound may carry its own qualifier
    m = _CORE_RE.fullmatch(_QUALIFIERS_RE.sub("", text).strip())
    if not m:
        return _Core(None, None, False)
    currency = m.group("currency")
    unit = _CURRENCY_UNITS.get(re.sub(r"\s+", " ", currency).upper()) if currency else None
    if m.group("digits"):
        digits = m.group("digits")
        if m.group("scale") and re.fullmatch(r"\d{1,3}\.\d{3}", digits):
            value: float | None = float(digits)  # "5.216 million": a decimal point, not 5216
        else:
            value = parse_digits(digits)
        factor, scale_unit = _scale_factor(m.group("scale"), bool(currency))
        # rounded: "4.1 billion" is 4100000000, not the float product 4099999999.9999995
        value = None if value is None else round(value * factor, 6)
        unit = unit or scale_unit
        words = False
    else:
        value = parse_words(m.group("fraction") or m.group("words"))
        words, factor = True, 1.0
        scaled = _OF_A_SCALE.match(m.group("fraction") or "")
        if scaled:  # "half a million": a fraction of a number, not a share
            share = parse_words(scaled.group(1))
            factor = float(lx.SCALES[scaled.group(2).lower()])
            value = None if share is None else round(share * factor, 6)
        elif m.group("fraction"):
            unit = unit or "share"
    unit = _suffix_unit(m.group("suffix")) if m.group("suffix") and not currency else unit
    return _Core(value, unit, words, factor)


def _change_word_in(words: list[str]) -> bool:
    """Whether one of ``words`` is a word of change ("climbed", "trimmed")."""
    return any(
        w in lx.CHANGE_VERBS or w in lx.INCREASE_CUES or w in lx.DECREASE_CUES for w in words
    )


def _carried_scale(first: _Core, second: _Core) -> float:
    """The first bound's value, in the second bound's scale where it leaves its own out:
    "5.2 to 6 million" is 5.2 million; "$500,000 to $1 million" is 500,000."""
    assert first.value is not None
    if second.factor > 1 and first.factor == 1 and not first.words and first.value < 1000:
        return first.value * second.factor
    return first.value


def _qualifier_text(raw: str) -> str | None:
    q = re.sub(r"\s+", " ", raw.strip().lower())
    q = re.sub(r"^(between|from)\b ?", "", q)
    return q or None


def parse_figure(text: str) -> Figure | None:
    """Normalise one figure as written (qualifiers included), or None when it is not
    a figure. ``parse_figure("almost 300,000").value == 300000``."""
    m = FIGURE_RE.fullmatch(text.strip())
    return _figure_from_match(m, 0) if m else None


def _figure_from_match(m: re.Match, offset: int) -> Figure | None:
    first = _parse_core(m.group("first"))
    if first.value is None:
        return None
    start, end = m.start(), m.end()
    text = m.group(0)
    lead = m.group("qualifier") or ""
    dropped = None
    if lead.lower().startswith("up to") and _verb_takes_up(m.string, m.start()):
        dropped = r"up\s+to"  # "edged up to 3.9%": the verb's "up", not "at most"
    elif lead.lower().startswith(("between", "from")) and not m.group("second"):
        dropped = r"(?:between|from)"  # "from 5" without a second bound
    if dropped is not None:  # the figure starts after the words that are not its own
        inner = re.sub(rf"(?i)^{dropped}\s+", "", lead)
        start += len(lead) - len(inner)
        text = text[len(lead) - len(inner) :]
        lead = inner
    qualifier = _qualifier_text(lead)
    post = m.group("post")
    if post:
        qualifier = " ".join(filter(None, [qualifier, post.strip().lower()]))
    if m.group("ratio"):
        denominator = parse_digits(m.group("denominator")) or parse_words(m.group("denominator"))
        if not denominator:
            return None
        return Figure(
            text,
            offset + start,
            offset + end,
            value=first.value / denominator,
            qualifier=qualifier,
            unit="share",
            is_words=first.words,
        )
    if m.group("second"):
        second = _parse_core(m.group("second"))
        if second.value is None:
            return None
        low, high = _carried_scale(first, second), second.value
        unit = second.unit or first.unit
        if first.words and second.words and low < 1000 <= high:
            # "three to four million": the scale word of the second bound carries
            scale = re.search(rf"(?i)\b({_BIG_SCALES})$", m.group("second").strip())
            if scale and not re.search(rf"(?i)\b({_BIG_SCALES})\b", m.group("first")):
                low *= lx.SCALES[scale.group(1).lower()]
        return Figure(
            text,
            offset + start,
            offset + end,
            low=low,
            high=high,
            qualifier=qualifier,
            unit=unit,
            is_words=first.words and second.words,
            is_range=True,
        )
    negative = (m.group("sign") or "").strip().lower() in ("-", "−", "minus")
    return Figure(
        text,
        offset + start,
        offset + end,
        value=-first.value if negative else first.value,
        qualifier=qualifier,
        unit=first.unit,
        is_words=first.words,
    )


def _verb_takes_up(text: str, start: int) -> bool:
    """Whether the word before ``start`` is a verb whose particle is "up" ("edged up",
    "ticked up", "was revised up")."""
    before = re.findall(r"[A-Za-z]+", text[max(0, start - 30) : start])
    return bool(before) and before[-1].lower() in lx.UP_PARTICLE_VERBS


def _split_range(m: re.Match) -> bool:
    """Whether two figures joined by "to", "and" or a dash are two claims rather than
    one quantity's bounds. A range is one quantity's bounds, rising; these are not:

    - "rose by 15,000 to 444,000", "raised 7.8% to 830bn rupees": a change and a level
      (after "by", or bounds of different units);
    - "fell from 4.8% to 4.7%", "trimmed from 155,000 to 110,000": old and new level
      (after "from" with a change word within the clause before it);
    - "leads 46 percent to 35 percent": two results (the second is smaller);
    - "two thirds - 65% -": a spaced dash between a figure in words and one in digits.
    """
    sep_raw = m.group("sep") or ""
    sep = sep_raw.strip().lower()
    lead = (m.group("qualifier") or "").strip().lower()
    if sep in ("and",) and not lead.startswith("between"):
        return True
    if sep == "or":
        # "one or two" is a range of small counts; "5 or 6 percent" too; keep
        return False
    first, second = _parse_core(m.group("first")), _parse_core(m.group("second"))
    if (
        sep == "to"
        and _YEAR.fullmatch(m.group("first").strip())
        and second.value is not None
        and (second.factor > 1 or second.unit is not None or second.value >= 10_000)
    ):
        return True  # "rose 18% in 2023 to 1.14 million": a year, then the new level
    if first.value is not None and second.value is not None:
        low = _carried_scale(first, second)
        if low > second.value and not first.words and sep_raw.strip() != sep_raw:
            # bounds fall: two figures ("47.1 percent to 41.7 percent"); "3–0" stays a score
            return True
        if first.unit in ("percent", "fold") and second.unit != first.unit:
            return True  # "7.8% to 830bn rupees": a change and a level ("5 to 10%" stays)
        if first.unit and second.unit and first.unit != second.unit:
            return True  # "$5 to £4"
        if first.unit in ("percent", "points") and second.unit is None and not second.words:
            return True  # "rose one point to 104": a range writes its unit after both
    if sep in ("-", "–", "—") and sep_raw != sep and (first.words != second.words):
        return True  # "two thirds - 65%"
    before = m.string[max(0, m.start() - 80) : m.start()].lower()
    if sep == "to" and re.search(r"\bby\s*$", before):
        # "rose by 15,000 to 444,000"; but "rise by 5 to 10%" is a range of the change
        return not (first.unit is None and second.unit is not None)
    if (
        sep == "to"
        and not lead
        and first.value
        and second.value
        and second.value >= 10 * _carried_scale(first, second)
        and _change_word_in(re.findall(r"[a-z]+", before)[-1:])
    ):
        # "Oil climbed $1.20 to $85.40": after a verb of change, a small change and the
        # level it reached; bounds of one quantity are of one size ("rose 5 to 10%")
        return True
    if sep == "to" and lead.startswith("from"):
        clause = re.split(r"[.;:]", before)[-1]
        return _change_word_in(re.findall(r"[a-z]+", clause)[-12:])
    return False


def _metres_or_million(fig: Figure, text: str) -> Figure:
    """ "1.4m workers", "35m": news writes millions as "m"; only a length word after it
    ("15m high", "a 10m wall") keeps metres."""
    if fig.unit != "m" or not re.search(r"\dm$", fig.text.strip(), re.IGNORECASE):
        return fig  # "70 meter" is a length as written
    following = re.match(r"[\s-]*([a-z]+)", text[fig.end : fig.end + 20].lower())
    if following and following.group(1) in lx.LENGTH_CONTEXT:
        return fig
    scale = 1_000_000.0
    return Figure(
        fig.text,
        fig.start,
        fig.end,
        value=None if fig.value is None else fig.value * scale,
        low=None if fig.low is None else fig.low * scale,
        high=None if fig.high is None else fig.high * scale,
        qualifier=fig.qualifier,
        unit=None,
        is_words=fig.is_words,
        is_range=fig.is_range,
    )


def find_figures(text: str) -> Iterator[Figure]:
    """Every figure in ``text``, in order, as written (a claim or not)."""
    numbers = (_metres_or_million(fig, text) for fig in _find_figures(text))
    yield from heapq.merge(numbers, _multiples(text), key=lambda fig: fig.start)


_MULTIPLE_RE = re.compile(
    rf"(?<![\w-])(?P<qualifier>{_QUALIFIER}{{0,2}})(?P<verb>{_alt(lx.MULTIPLIER_VERBS)})(?![\w-])",
    re.IGNORECASE,
)


_MULTIPLE_WORD_RE = re.compile(
    rf"(?<![\w-])(?P<qualifier>{_QUALIFIER}{{0,2}})(?P<verb>{_alt(lx.MULTIPLE_WORDS)})"
    r"(?=\s+(?:as|the|that|what|its|their|his|her|a|an)\b)",
    re.IGNORECASE,
)


def multiple_of(figure_text: str) -> float | None:
    """The multiple a figure written as a verb states ("more than doubled" → 2), or None."""
    words = figure_text.lower().split()
    return lx.MULTIPLIER_VERBS.get(words[-1]) if words else None


def _multiples(text: str) -> Iterator[Figure]:
    """A change stated as a multiple: "sales (more than) doubled" is the figure 2."""
    found = [(m, lx.MULTIPLIER_VERBS[m.group("verb").lower()]) for m in _MULTIPLE_RE.finditer(text)]
    found += [
        (m, lx.MULTIPLE_WORDS[m.group("verb").lower()]) for m in _MULTIPLE_WORD_RE.finditer(text)
    ]
    for m, value in sorted(found, key=lambda pair: pair[0].start()):
        yield Figure(
            m.group(0),
            m.start(),
            m.end(),
            value=value,
            qualifier=_qualifier_text(m.group("qualifier")),
            unit="fold",
            is_words=True,
        )


def _find_figures(text: str) -> Iterator[Figure]:
    for m in FIGURE_RE.finditer(text):
        if m.group("second") and _split_range(m):
            # re-scan each side alone
            first_end = m.start("sep")
            yield from _single(text, m.start(), first_end)
            yield from _single(text, m.start("second"), m.end())
            continue
        fig = _figure_from_match(m, 0)
        if fig is not None:
            yield fig


def _single(text: str, start: int, end: int) -> Iterator[Figure]:
    piece = text[start:end]
    m = FIGURE_RE.fullmatch(piece)
    if m and not m.group("second"):
        fig = _figure_from_match(m, start)
        if fig is not None:
            yield fig


# --- what is not a claim -------------------------------------------------------------------

_YEAR = re.compile(r"(?:1[5-9]\d\d|20\d\d)")
_QUALIFIERS_RE = re.compile(rf"^\s*(?:between\s+|from\s+)?{_QUALIFIER}{{0,2}}", re.IGNORECASE)


def _prev_words(text: str, start: int, n: int = 3) -> list[str]:
    return re.findall(r"[\w.'$-]+", text[max(0, start - 40) : start].lower())[-n:]


def _next_words(text: str, end: int, n: int = 3) -> list[str]:
    return re.findall(r"[\w.'%-]+", text[end : end + 40].lower())[:n]


@dataclass(frozen=True)
class _Around:
    """What the not-a-claim rules read around one figure."""

    fig: Figure
    text: str
    doc: object  # the spaCy Doc, or None before parsing
    core: str  # the figure without its qualifiers
    prev: list[str]  # up to three words before it
    nxt: list[str]  # up to three words after it
    before: str  # the two characters before it
    after: str  # the three characters after it
    numbers: list[float]

    @classmethod
    def of(cls, fig: Figure, text: str, doc) -> _Around:
        nxt = _next_words(text, fig.end)
        if nxt and nxt[0] not in lx.TIME_SUFFIXES:
            nxt[0] = nxt[0].rstrip(".,;:")
        if nxt[:1] == ["may"] and len(nxt) > 1 and nxt[1].isalpha():
            nxt[0] = ""  # "12 may have died": the verb, not the month
        return cls(
            fig,
            text,
            doc,
            _QUALIFIERS_RE.sub("", fig.text).strip(),
            _prev_words(text, fig.start),
            nxt,
            text[max(0, fig.start - 2) : fig.start],
            text[fig.end : fig.end + 3],
            [v for v in (fig.value, fig.low, fig.high) if v is not None],
        )

    @property
    def prev1(self) -> str:
        return self.prev[-1] if self.prev else ""

    @property
    def nxt1(self) -> str:
        return self.nxt[0] if self.nxt else ""

    @property
    def plain_digits(self) -> bool:
        return re.fullmatch(r"\d+", self.core) is not None

    @property
    def plain_range(self) -> bool:
        return re.fullmatch(r"\d+\s*(?:[-–—/]|to|and|or)\s*\d+", self.core, re.I) is not None


def _glued_to_a_word(a: _Around) -> bool:
    """ "COVID-19", "G7", "747-400": letters or a hyphenated number stuck to it; "9/11",
    "24/7": a pair written with a slash (a date, a schedule), not a count."""
    if bool(re.search(r"[A-Za-z]-?$", a.before)) or bool(re.match(r"[-–]\d", a.after)):
        return True
    slashed = re.match(r"/\d", a.after) or re.search(r"\d/$", a.before)
    return a.plain_digits and slashed is not None


def _a_year(a: _Around) -> bool:
    """ "in 1997", "1996-2000", unless it counts something ("1709 children")."""
    return (
        a.fig.unit is None
        and (a.plain_digits or a.plain_range)
        and all(v == int(v) for v in a.numbers)
        and all(_YEAR.fullmatch(str(int(v))) for v in a.numbers)
        and not _counts_something(a.fig, a.text, a.doc)
    )


def _a_fiscal_year(a: _Around) -> bool:
    """ "2005-6", "1998/99"."""
    return re.fullmatch(r"(?:1[5-9]\d\d|20\d\d)\s*[-–/]\s*\d{1,2}", a.core) is not None


def _a_decade(a: _Around) -> bool:
    return a.after.startswith(("s ", "s,", "s.")) or re.match(r"'?s\b", a.after) is not None


def _a_time(a: _Around) -> bool:
    return re.match(r"\s*[:.]\d\d\b", a.after) is not None or a.nxt1 in lx.TIME_SUFFIXES


def _a_date(a: _Around) -> bool:
    """ "March 6", "6 March", "the 6th of March"."""
    day_like = all(v <= 31 and v == int(v) for v in a.numbers)
    of_month = len(a.nxt) > 1 and a.nxt[0] == "of" and a.nxt[1] in lx.MONTHS
    month_beside = a.prev1.rstrip(".") in lx.MONTHS or a.nxt1 in lx.MONTHS or of_month
    return month_beside and day_like and not a.fig.qualifier


def _a_duration(a: _Around) -> bool:
    """ "three years", "five working days", "half an hour", "a 10-year plan"; not
    "780,000 a year earlier" nor "15,000 a year" (a rate)."""
    part_of_one = a.nxt1 in ("a", "an") and a.fig.text.lower().endswith(("half", "quarter"))
    skip = part_of_one or a.nxt1 in lx.DURATION_ADJECTIVES
    unit_word = a.nxt[1] if skip and len(a.nxt) > 1 else a.nxt1
    if a.fig.unit in (None, "share") and unit_word.rstrip(".,;") in lx.DURATION_UNITS:
        return True
    tail = a.after + a.text[a.fig.end + 3 : a.fig.end + 10]
    if a.fig.text.lower().endswith("half") and re.match(r"-[a-z]", tail):
        return True  # "a half-century"; and "half-frozen" is no figure at all
    return re.match(r"-(year|month|week|day|hour|minute|second)s?\b", tail) is not None


def _an_age(a: _Around) -> bool:
    """ "aged 25", "ages 8-10", "six years old", "Thomas Sam, 42,", "when she was six"."""
    if a.prev1 in lx.AGE_CUES or "ages" in a.prev[-2:]:
        return True
    if re.search(r"\bages (?:of |between )?\d+\s*(?:and|to|-|–)\s*$", a.text[: a.fig.start]):
        return True  # "between the ages of 17 and 20"
    if _people_over_or_under(a):
        return True
    if re.match(r"[\s-]*years?[\s-]*old", a.text[a.fig.end : a.fig.end + 12]):
        return True
    return (
        a.doc is not None and not a.fig.qualifier and a.fig.unit is None and _is_age(a.fig, a.doc)
    )


def _people_over_or_under(a: _Around) -> bool:
    """ "people under 30", "pensioners over 65", "payers who are over 65": an age bound
    after the people it bounds (but "over 65 people" counts them)."""
    qualifier = (a.fig.qualifier or "").lower()
    if qualifier not in ("under", "over", "above", "below") or a.fig.unit is not None:
        return False
    if not all(v == int(v) and 10 <= v <= 110 for v in a.numbers):
        return False
    people = [w for w in a.prev[-2:] if w in lx.PEOPLE_NOUNS or _agents(w)]
    return bool(people) and (a.prev[-1:] == people[-1:] or a.prev1 in ("are", "were", "aged"))


def _agents(word: str) -> bool:
    """ "voters", "taxpayers", "pensioners": people named by what they do."""
    return word.endswith("ers") and word not in lx.NOT_AGENT_NOUNS


def _the_word_one(a: _Around) -> bool:
    """ "one of the appeals"; "at one point" (a moment, not a point of a scale)."""
    if a.prev1 == "at" and a.fig.text.lower() == "one point":
        return True
    return a.fig.is_words and a.fig.value == 1 and a.fig.unit is None


def _an_ordinal(a: _Around) -> bool:
    """ "the second half", "a third goal"."""
    if not (a.fig.unit == "share" and a.fig.is_words):
        return False
    if a.prev1 in lx.ORDINAL_WORDS or a.nxt1 in _IN_A_ROW:
        return True  # "for a third straight meeting"
    return " in " not in a.fig.text and a.doc is not None and _noun_follows(a.fig, a.doc)


def _a_name(a: _Around) -> bool:
    """ "the 747," names a model; "Zero Hedge said", "Four Seasons": a number word
    written with a capital inside a sentence, before another capitalised word."""
    if a.fig.is_words and a.fig.text[:1].isupper() and a.nxt and a.nxt1[:1].isalpha():
        following = a.text[a.fig.end : a.fig.end + 40].split()
        if following and following[0][:1].isupper() and not _opens_sentence(a):
            return True
    return (
        a.plain_digits
        and a.prev1 == "the"
        and a.nxt1 in ("", ",", ".")
        and re.match(r"\s*[,.;]", a.text[a.fig.end : a.fig.end + 2]) is not None
    )


def _opens_sentence(a: _Around) -> bool:
    """Whether the figure is the first word of a sentence or of a quotation."""
    before = a.text[: a.fig.start].rstrip()
    last = before[-1:]
    if last == '"':  # a straight quote opens unless it closes what comes before it
        return before[-2:-1] not in (",", ".", "!", "?")
    return last in ("", ".", "!", "?", "“", ":", "'", "‘")


_IDENTIFIER_NOUNS = frozenset(w.rstrip(".") for w in lx.IDENTIFIER_NOUNS)


def _an_identifier(a: _Around) -> bool:
    """ "Section 8", "Windows 7", "posts 542 and 543", "No. 5", "#3", tweet ids."""
    if a.plain_digits and len(a.core) >= 9 and not a.fig.qualifier:
        return True  # long digit strings: ids, phone numbers
    if a.plain_digits and a.prev1.rstrip(".") in _IDENTIFIER_NOUNS and not a.fig.qualifier:
        return True
    if (
        a.plain_digits
        and a.fig.text == a.core
        and a.doc is not None
        and _after_proper_name(a.fig, a.doc)
    ):
        return True
    if (
        a.prev1 in ("and", "or", "&")
        and len(a.prev) >= 3
        and a.prev[-2].isdigit()
        and a.prev[-3] in lx.IDENTIFIER_NOUNS
    ):
        return True
    return a.before.endswith((":", "#")) or a.prev1 in ("#", "no.", "nos.", "number")


def _a_score(a: _Around) -> bool:
    """ "Kane doubled the lead": a match report's goal, not a quantity that doubled."""
    return (
        multiple_of(a.fig.text) is not None
        and a.nxt1 in ("the", "their", "his", "her", "its")
        and len(a.nxt) > 1
        and a.nxt[1] in lx.SCORE_OBJECTS
    )


def _a_list_item(a: _Around) -> bool:
    """ "1. Cut taxes" opening a line: the number of a list item."""
    line_start = a.text.rfind("\n", 0, a.fig.start) + 1
    return (
        a.plain_digits
        and not a.text[line_start : a.fig.start].strip(" \t-*•")
        and re.match(r"[.)]\s", a.after) is not None
    )


# each rule with the reason it gives, tried in order
_RULES: tuple[tuple[NotClaim, Callable[[_Around], bool]], ...] = (
    (NotClaim.IDENTIFIER, _glued_to_a_word),
    (NotClaim.YEAR, _a_year),
    (NotClaim.YEAR, _a_fiscal_year),
    (NotClaim.DECADE, _a_decade),
    (NotClaim.TIME, _a_time),
    (NotClaim.DATE, _a_date),
    (NotClaim.DURATION, _a_duration),
    (NotClaim.AGE, _an_age),
    (NotClaim.THE_WORD_ONE, _the_word_one),
    (NotClaim.ORDINAL, _an_ordinal),
    (NotClaim.NAME, _a_name),
    (NotClaim.LIST_ITEM, _a_list_item),
    (NotClaim.IDENTIFIER, _an_identifier),
    (NotClaim.SCORE, _a_score),
)


def not_claim_reason(fig: Figure, text: str, doc=None) -> NotClaim | None:
    """Why ``fig`` is not a claim (a year, a date, a duration…), or None when it is one.
    The rules are :data:`_RULES`, tried in order; the first that holds gives the reason.

    ``doc`` is the spaCy Doc of ``text``; it sharpens the year and identifier tests.
    """
    around = _Around.of(fig, text, doc)
    for reason, rule in _RULES:
        if rule(around):
            return reason
    return None


def may_be_claim(fig: Figure, text: str) -> bool:
    """Whether ``fig`` can be a claim, judged from the text alone, before any parse:
    what decides which sentences spaCy parses in full. It errs on keeping: the only
    test of :func:`not_claim_reason` that the parse can overturn is a year-like number
    that counts something ("1709 children"), so such a number is kept when a word
    follows it and no preposition of time precedes it."""
    reason = not_claim_reason(fig, text)
    if reason != "year":
        return reason is None
    prev = _prev_words(text, fig.start, 1)
    nxt = re.match(r"\s+([a-z]+)", text[fig.end : fig.end + 30])
    return (
        nxt is not None
        and nxt.group(1) not in lx.YEAR_NOUNS
        and not (prev and prev[-1] in lx.YEAR_PREPOSITIONS)
    )


def _counts_something(fig: Figure, text: str, doc) -> bool:
    """A four-digit number that looks like a year is a count when a plural noun
    follows it ("1709 children") and no preposition of time precedes it."""
    prev = _prev_words(text, fig.start, 2)
    if prev and prev[-1] in lx.YEAR_PREPOSITIONS:
        return False
    if doc is None:
        return False
    span = doc.char_span(fig.start, fig.end, alignment_mode="expand")
    if span is None or span.end >= len(doc):
        return False
    nxt = doc[span.end]
    if nxt.lower_ in lx.YEAR_NOUNS:
        return False
    if nxt.tag_ == "NN" and any(
        c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in ("a", "an")) for c in nxt.children
    ):
        return False  # "a 2014 study", "his 2002 book", "Obama's 2012 visit": one thing, dated
    return nxt.tag_ in ("NNS", "NNPS") or (
        nxt.pos_ in ("NOUN",) and nxt.dep_ != "compound" and span[-1].dep_ == "nummod"
    )


_IN_A_ROW = frozenset({"straight", "consecutive", "successive", "running"})


def _noun_follows(fig: Figure, doc) -> bool:
    span = doc.char_span(fig.start, fig.end, alignment_mode="expand")
    return span is not None and span.end < len(doc) and doc[span.end].pos_ in ("NOUN", "PROPN")


_PLACES = ("GPE", "LOC", "FAC", "NORP")


def _is_age(fig: Figure, doc) -> bool:
    """``Thomas Sam, 42,`` and ``when she was six``: a person's age."""
    span = doc.char_span(fig.start, fig.end, alignment_mode="expand")
    if span is None or span.start == 0:
        return False
    prev, root = doc[span.start - 1], span.root
    name = doc[span.start - 2] if span.start >= 2 else None
    named = name is not None and (
        name.ent_type_ == "PERSON" or (name.pos_ == "PROPN" and name.ent_type_ not in _PLACES)
    )
    if prev.text == "," and named and 0 < (fig.value or 0) < 120:
        nxt = doc[span.end] if span.end < len(doc) else None
        return nxt is None or nxt.text in (",", ")", ".", "and")
    if root.dep_ in ("attr", "acomp") and root.head.lemma_ == "be":
        subj = next((c for c in root.head.children if c.dep_ == "nsubj"), None)
        after = doc[span.end] if span.end < len(doc) else None
        return (
            subj is not None
            and subj.lower_ in lx.PERSONAL_PRONOUNS
            and (after is None or after.pos_ not in ("NOUN", "PROPN"))
        )
    return False


def _after_proper_name(fig: Figure, doc) -> bool:
    """``Internet Explorer 6``, ``Windows 7``: a number right after a proper name."""
    span = doc.char_span(fig.start, fig.end, alignment_mode="expand")
    if span is None or span.start == 0:
        return False
    prev = doc[span.start - 1]
    if prev.whitespace_ == "" or not prev.text[:1].isupper() or prev.is_sent_start:
        return False
    return (
        prev.pos_ == "PROPN" and prev.ent_type_ not in ("GPE", "LOC", "NORP") and not prev.like_num
    )
