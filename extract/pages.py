"""What the published site shows of claims, independent of Datasette: a claim's
value and years as an analyst reads them, its sentence with the figure marked, and
charts of figures over the years (SVG drawn with pygal on the server, so the page
needs no script and no network).

Everything returned as :class:`~markupsafe.Markup` is built from escaped text: an
article's words are shown as text, never run as markup.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from markupsafe import Markup, escape

NO_UNIT = "(no unit)"
MAX_CHARTS = 8  # units charted on one page; the others are named
CHART_WIDTH = 1100
CHART_HEIGHT = 320


# ----------------------------------------------------------------------- values


def number(value: float | int | None) -> str:
    """``299500`` -> ``299,500``; ``0.5`` -> ``0.5``; None -> ``""``."""
    if value is None:
        return ""
    value = float(value)
    if value.is_integer():
        return f"{value:,.0f}"
    return f"{value:,.6g}" if abs(value) >= 1 else f"{value:.4g}"


def value_text(value: float | None, low: float | None = None, high: float | None = None) -> str:
    """The value, or the range ``low–high``, as an analyst reads it."""
    if value is not None:
        return number(value)
    if low is not None or high is not None:
        return f"{number(low) or '?'}–{number(high) or '?'}"
    return ""


def years_text(start: int | None, end: int | None) -> str:
    """``2019``, ``1996–2000``, or ``""`` when the claim has no time."""
    if start is None and end is None:
        return ""
    if start is None or end is None or start == end:
        return str(start if start is not None else end)
    return f"{start}–{end}"


def amount(row: Mapping) -> float | None:
    """The value, or the middle of the range (one bound when only one is known)."""
    if row.get("value") is not None:
        return float(row["value"])
    low, high = row.get("value_low"), row.get("value_high")
    if low is not None and high is not None:
        return (float(low) + float(high)) / 2
    bound = low if low is not None else high
    return float(bound) if bound is not None else None


def mark_figure(
    sentence: str | None, figure: str | None, at: int | None = None, css_class: str = ""
) -> Markup:
    """The sentence, escaped, with the figure in a ``<mark>``: at offset ``at`` of the
    sentence when given and the figure is there, else its first occurrence."""
    sentence = sentence or ""
    if not figure:
        return Markup(escape(sentence))
    if at is None or sentence[at : at + len(figure)] != figure:
        at = sentence.find(figure)
    if at < 0:
        return Markup(escape(sentence))
    attrs = Markup(' class="{}"').format(css_class) if css_class else Markup("")
    return (
        escape(sentence[:at])
        + Markup("<mark{}>{}</mark>").format(attrs, figure)
        + escape(sentence[at + len(figure) :])
    )


def sentence_offset(text: str | None, sentence: str, char_start: int, char_end: int) -> int | None:
    """Where the figure at ``char_start:char_end`` of the article ``text`` falls in its
    ``sentence`` (the sentence is looked for around it), or None if it cannot be told."""
    if not text or not sentence:
        return None
    start = text.rfind(sentence, max(0, char_end - len(sentence)), char_start + len(sentence))
    if start < 0 or not start <= char_start < char_end <= start + len(sentence):
        return None
    return char_start - start


# ----------------------------------------------------------------------- charts


@dataclass
class Point:
    year: float
    amount: float
    label: str
    url: str | None


def figures_chart(
    rows: Iterable[Mapping],
    claim_url: Callable[[int], str] | None = None,
    *,
    title: str = "",
) -> Markup | None:
    """Charts of the claims in ``rows`` over the years: one chart per unit, each with its
    own scale, one dot per claim (a span of years is drawn at its middle), each dot
    linked to its claim. Figures of different units are never drawn on one axis, let
    alone added up. None when no row has both a year and a value.

    Rows are mappings with the claims_flat names (``figure``, ``value``, ``value_low``,
    ``value_high``, ``unit``, ``year_start``, ``year_end``, ``speaker``); the claim id is
    ``claim`` or ``id``."""
    by_unit: dict[str, list[Point]] = defaultdict(list)
    for row in rows:
        point = _point(row, claim_url)
        if point is not None:
            by_unit[row.get("unit") or NO_UNIT].append(point)
    if not by_unit:
        return None
    units = sorted(by_unit, key=lambda u: (-len(by_unit[u]), u == NO_UNIT, u))
    shown, rest = units[:MAX_CHARTS], units[MAX_CHARTS:]
    years = [p.year for points in by_unit.values() for p in points]
    first, last = math.floor(min(years)), math.ceil(max(years))
    parts = [Markup('<div class="figures-charts">')]
    if title:
        parts.append(Markup("<h2>{}</h2>").format(title))
    for unit in shown:
        parts.append(_unit_chart(unit, by_unit[unit], first, last))
    if rest:
        parts.append(
            Markup('<p class="figures-charts-rest">Not charted (fewer figures): {}.</p>').format(
                ", ".join(f"{u} ({len(by_unit[u])})" for u in rest)
            )
        )
    parts.append(Markup("</div>"))
    return Markup("").join(parts)


def _point(row: Mapping, claim_url: Callable[[int], str] | None) -> Point | None:
    given = [y for y in (row.get("year_start"), row.get("year_end")) if y is not None]
    if not given:
        return None
    start, end = int(given[0]), int(given[-1])
    value = amount(row)
    if value is None:
        return None
    claim_id = row.get("claim", row.get("id"))
    said = f", {row['speaker']}" if row.get("speaker") else ""
    label = f"{row.get('figure') or number(value)} ({years_text(start, end)}){said}"
    url = claim_url(claim_id) if claim_url is not None and claim_id is not None else None
    return Point(year=(start + end) / 2, amount=value, label=label, url=url)


def _unit_chart(unit: str, points: list[Point], first: int, last: int) -> Markup:
    import pygal  # imported on first use: only chart pages need it
    from lxml import etree

    style = pygal.style.Style(
        background="white",
        plot_background="white",
        font_family="Helvetica, Arial, sans-serif",
        label_font_size=13,
        major_label_font_size=13,
        title_font_size=16,
        colors=("#1f5fa8",),
    )
    step = max(1, math.ceil((last - first + 1) / 20))
    low = min(0.0, min(p.amount for p in points))
    high = max(0.0, max(p.amount for p in points))
    pad = (high - low) * 0.08 or 1.0
    chart = pygal.XY(
        width=CHART_WIDTH,
        height=CHART_HEIGHT,
        style=style,
        title=f"{unit}: {len(points)} figure{'s' if len(points) != 1 else ''}",
        stroke=False,
        dots_size=5,
        show_legend=False,
        show_x_guides=False,
        include_x_axis=True,  # figures are drawn from zero
        range=(low if low == 0 else low - pad, high + pad if high > 0 else high),
        xrange=(first - 0.5, last + 0.5),
        x_labels=list(range(first, last + 1, step)),
        x_value_formatter=lambda x: str(int(round(x))),
        value_formatter=number,
        js=[],
        disable_xml_declaration=True,
        explicit_size=False,
    )
    chart.add(
        unit,
        [
            {"value": (p.year, p.amount), "label": p.label, **({"xlink": p.url} if p.url else {})}
            for p in sorted(points, key=lambda p: (p.year, p.amount))
        ],
    )
    root = chart.render_tree()
    for script in root.iter("{*}script"):
        script.getparent().remove(script)
    # A tooltip without script: each dot gets a <title> with its label and value; a
    # dot's link opens the claim in the same tab.
    for dot in list(root.iter("{*}circle")):
        group = dot.getparent()
        descs = {d.get("class", "").strip(): d.text for d in group.iterchildren("{*}desc")}
        title = etree.SubElement(dot, "{http://www.w3.org/2000/svg}title")
        title.text = descs.get("label") or descs.get("value") or ""
        group.attrib.pop("target", None)
    svg = etree.tostring(root, encoding="unicode")
    return Markup('<figure class="figures-chart">{}</figure>').format(Markup(svg))
