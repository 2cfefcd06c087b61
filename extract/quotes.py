"""Quotations: where the quoted words of an article begin and end.

News English writes quotations with curly quotes (“…”), straight quotes ("…") or, in
some wire and archive texts, two apostrophes (''…''). A quotation that runs over
several paragraphs opens every paragraph and closes only the last one; archives that
drop paragraph breaks keep those marks, so a mark that *opens* (it follows a space or
the start of a paragraph and precedes a word) while a quotation is already open
continues that quotation rather than closing it.

:func:`quotations` returns the spans of a text's quotations, each with the spans of
its pieces (the runs between the marks), once per text.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

# a quotation mark: curly double quotes, a straight double quote, two apostrophes
_MARK = re.compile(r"“|”|\"|''|``")
_OPENERS_BEFORE = " \t\n([{—–-:"


@dataclass(frozen=True)
class Quotation:
    start: int  # offset of the opening mark
    end: int  # offset just after the closing mark (or the end of its last paragraph)
    pieces: tuple[tuple[int, int], ...]  # the runs between marks: the quoted words


class Quotations:
    """The quotations of one text, searchable by offset."""

    def __init__(self, quotes: list[Quotation]):
        self.quotes = quotes
        self._starts = [q.start for q in quotes]

    def around(self, pos: int) -> Quotation | None:
        """The quotation whose quoted words hold ``pos``, if any."""
        i = bisect.bisect_right(self._starts, pos) - 1
        if i < 0:
            return None
        q = self.quotes[i]
        if any(s <= pos < e for s, e in q.pieces):
            return q
        return None

    def before(self, quote: Quotation) -> Quotation | None:
        """The quotation before ``quote``."""
        i = self.quotes.index(quote)
        return self.quotes[i - 1] if i > 0 else None

    def inside(self, pos: int) -> bool:
        return self.around(pos) is not None


def _opens(text: str, at: int, mark: str) -> bool:
    if mark in ("“", "``"):
        return True
    if mark == "”":
        return False
    before = text[at - 1] if at > 0 else "\n"
    after = text[at + len(mark)] if at + len(mark) < len(text) else "\n"
    return before in _OPENERS_BEFORE and not after.isspace()


def _style(mark: str) -> str:
    return {"“": "curly", "”": "curly", '"': "straight", "''": "apostrophes", "``": "apostrophes"}[
        mark
    ]


def quotations(text: str) -> Quotations:
    """Every quotation of ``text`` (see the module's docstring). A quotation inside
    another in a different style ('"He read the question: “…” and said no"') belongs
    to the outer one."""
    quotes: list[Quotation] = []
    open_at: int | None = None
    piece_start = 0
    pieces: list[tuple[int, int]] = []
    stack: list[str] = []  # styles of the open marks, outermost first

    def close(end_piece: int, end: int) -> None:
        nonlocal open_at, pieces
        assert open_at is not None
        pieces.append((piece_start, end_piece))
        quotes.append(Quotation(open_at, end, tuple(pieces)))
        open_at, pieces = None, []
        stack.clear()

    for m in _MARK.finditer(text):
        mark, at = m.group(0), m.start()
        style, opens = _style(mark), _opens(text, at, mark)
        if open_at is not None and "\n" in text[piece_start:at]:
            # the paragraph ended inside the quotation: it goes on only if the new
            # paragraph opens with a mark, else it stopped at the paragraph's end
            para_end = text.index("\n", piece_start)
            next_para = text[para_end:at].strip()
            if next_para or not opens:
                end = _unclosed_end(text, piece_start)
                close(end, end)
        if open_at is None:
            if opens:
                open_at, piece_start = at, m.end()
                stack.append(style)
            continue
        if opens and style == stack[0] and len(stack) == 1:
            pieces.append((piece_start, at))  # a new paragraph of the same quotation
            piece_start = m.end()
        elif opens and style != stack[-1]:
            stack.append(style)  # a quotation inside the quotation
        elif not opens and style in stack:
            while stack and stack[-1] != style:
                stack.pop()
            stack.pop()
            if not stack:
                close(at, m.end())
    if open_at is not None:
        close(*[_unclosed_end(text, piece_start)] * 2)
    return Quotations(quotes)


def _unclosed_end(text: str, start: int) -> int:
    """Where a quotation that is never closed stops: at the end of its first sentence
    (a stray mark must not swallow the rest of a long paragraph), else of its paragraph."""
    para_end = text.find("\n", start)
    para_end = len(text) if para_end == -1 else para_end
    m = _SENTENCE_END.search(text, start, para_end)
    return m.start() + 1 if m else para_end


_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z])")
