"""Property-based tests: the figure normaliser never crashes on arbitrary text, and
what it finds is well formed."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from extract.figures import find_figures, not_claim_reason, parse_digits, parse_figure, parse_words

# text rich in the characters figures are made of, plus anything at all
FIGURE_ALPHABET = st.sampled_from(
    list("0123456789 ,.-–%$£€")
    + [
        " million",
        " thousand",
        " to ",
        " and ",
        " or ",
        "between ",
        "almost ",
        "over ",
        " per cent",
        "-fold",
        " in ",
        "one",
        "two",
        "third",
        "half",
        "a ",
        "bn",
        "m",
        "\n",
        "(",
        ")",
    ]
)
FIGURE_TEXT = st.lists(FIGURE_ALPHABET, max_size=30).map("".join)
ANY_TEXT = st.one_of(st.text(max_size=200), FIGURE_TEXT)


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_find_figures_never_crashes_and_spans_are_exact(text):
    for fig in find_figures(text):
        assert 0 <= fig.start < fig.end <= len(text)
        assert text[fig.start : fig.end] == fig.text
        numbers = [v for v in (fig.value, fig.low, fig.high) if v is not None]
        assert numbers, fig
        assert all(math.isfinite(v) for v in numbers)
        # a figure is negative only when written with a minus sign ("-1.3%", "minus 5")
        signed = fig.text.lstrip().lower().startswith(("-", "−", "minus"))
        assert all(v >= 0 for v in numbers) or signed, fig
        assert (fig.value is None) == fig.is_range
        # the filter never crashes either (without a parse)
        reason = not_claim_reason(fig, text)
        assert reason is None or isinstance(reason, str)


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_normalisers_return_a_number_or_none(text):
    for parse in (parse_digits, parse_words):
        value = parse(text)
        assert value is None or (isinstance(value, float) and math.isfinite(value))
    fig = parse_figure(text)
    # the whole text, less a leading "between"/"from" that found no second bound
    assert fig is None or text.strip().endswith(fig.text)
