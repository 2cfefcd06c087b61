"""Parsing articles with spaCy: the full pipeline only where a claim can be.

The parse is the costly step of a build. Most paragraphs of a news article hold no
figure, and from those the extractor reads only where sentences end and the named
entities (people introduced, places in focus, dates that carry over). So:

1. the article is cut into paragraphs (at line breaks);
2. the paragraphs that hold a figure that may be a claim
   (:func:`extract.figures.may_be_claim`), and the article's first paragraph, go
   through the full pipeline, consecutive ones together, so a quotation or a
   pronoun within a paragraph is parsed as in a full parse;
3. every other paragraph gets sentence boundaries (the model's ``senter``) and the
   named entities (``ner``) only, with a flat placeholder tree whose arcs are
   labelled ``dep``, so that no grammatical rule of the extractor fires on it;

and the pieces are joined into one ``Doc`` over the whole text, so character offsets
are those of the article. A model without ``senter`` or ``ner``, or ``full=True``,
runs the full pipeline on every text, as ``nlp.pipe`` would.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TypeVar

from spacy.language import Language
from spacy.tokens import Doc

from .figures import find_figures, may_be_claim

T = TypeVar("T")

PLACEHOLDER_DEP = "dep"


def can_parse_partially(nlp: Language) -> bool:
    """Whether ``nlp`` has what a partial parse needs: a sentence segmenter, an entity
    recogniser and a parser."""
    names = set(nlp.component_names)
    return {"senter", "ner", "parser"} <= names and "ner" in nlp.pipe_names


def parse_many(nlp: Language, items: Iterable[tuple[str, T]], *, batch_size: int = 16,
               full: bool = False) -> Iterator[tuple[Doc, T]]:
    """``(doc, context)`` for each ``(text, context)``, in order, like
    ``nlp.pipe(items, as_tuples=True)`` but parsing in full only the paragraphs that
    may hold a claim (see the module's docstring). ``full`` parses everything in full."""
    if full or not can_parse_partially(nlp):
        yield from nlp.pipe(items, as_tuples=True, batch_size=batch_size)
        return
    items = iter(items)
    while chunk := list(islice(items, batch_size)):
        yield from zip(_parse_chunk(nlp, [text for text, _ in chunk], batch_size), (c for _, c in chunk))


def parse(nlp: Language, text: str, *, full: bool = False) -> Doc:
    """One text, parsed as :func:`parse_many` does."""
    return next(parse_many(nlp, [(text, None)], full=full))[0]


def paragraph_runs(text: str) -> list[tuple[int, int, bool]]:
    """``text`` cut into runs of paragraphs, as ``(start, end, full)`` character spans
    that together cover it: ``full`` runs hold a figure that may be a claim or open
    the article, and are parsed in full."""
    paragraphs = [m.span() for m in _PARAGRAPH.finditer(text) if m.end() > m.start()]
    starts = [f.start for f in find_figures(text) if may_be_claim(f, text)]
    chosen = [False] * len(paragraphs)
    ends = [end for _, end in paragraphs]
    for start in starts:
        chosen[bisect.bisect_right(ends, start)] = True
    first = next((i for i, (s, e) in enumerate(paragraphs) if text[s:e].strip()), None)
    if first is not None:
        chosen[first] = True
    runs: list[tuple[int, int, bool]] = []
    for (start, end), full in zip(paragraphs, chosen):
        if runs and (runs[-1][2] == full or not text[start:end].strip()):
            runs[-1] = (runs[-1][0], end, runs[-1][2])
        else:
            runs.append((start, end, full))
    return runs


_PARAGRAPH = re.compile(r"[^\n]*\n*")


def _parse_chunk(nlp: Language, texts: list[str], batch_size: int) -> list[Doc]:
    senter, ner = nlp.get_pipe("senter"), nlp.get_pipe("ner")
    plans = [paragraph_runs(text) for text in texts]
    full_texts = [text[s:e] for text, runs in zip(texts, plans) for s, e, full in runs if full]
    light_texts = [text[s:e] for text, runs in zip(texts, plans) for s, e, full in runs if not full]
    full_docs = iter(nlp.pipe(full_texts, batch_size=batch_size))
    segmented = senter.pipe((nlp.make_doc(t) for t in light_texts), batch_size=batch_size)
    light_docs = iter(ner.pipe((_flat(d) for d in segmented), batch_size=batch_size))
    docs = []
    for text, runs in zip(texts, plans):
        pieces = [next(full_docs) if full else next(light_docs) for _, _, full in runs]
        if len(pieces) == 1:
            doc = pieces[0]
        elif not pieces:  # an empty text
            doc = nlp(text)
        else:
            doc = Doc.from_docs(pieces, ensure_whitespace=False, exclude=["tensor"])
        if doc.text != text:  # cannot happen with spaCy's tokenizer; never give wrong offsets
            doc = nlp(text)
        docs.append(doc)
    return docs


def _flat(span) -> Doc:
    """The sentences of ``span`` (a segmented Doc or Span) as a new Doc with a flat
    placeholder tree: each sentence's first token is its root and every other token
    hangs from it."""
    words = [t.text for t in span]
    spaces = [bool(t.whitespace_) for t in span]
    heads, deps = [], []
    root = 0
    for i, tok in enumerate(span):
        if i == 0 or tok.is_sent_start:
            root = i
        heads.append(root)
        deps.append("ROOT" if i == root else PLACEHOLDER_DEP)
    return Doc(span.vocab, words=words, spaces=spaces, heads=heads, deps=deps)
