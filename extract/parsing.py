"""Parsing articles with spaCy: the full pipeline only where a claim can be.

The parse is the costly step of a build. Most paragraphs of a news article hold no
figure, and from those the extractor reads only where sentences end and the named
entities (people introduced, places in focus, dates that carry over). So:

1. the article is cut into paragraphs (at line breaks);
2. the paragraphs that hold a figure that may be a claim
   (:func:`extract.figures.may_be_claim`), and the article's first paragraph, go
   through the full pipeline, consecutive ones together, so a quotation or a
   pronoun within a paragraph is parsed as in a full parse;
3. the other paragraphs before the last full one get sentence boundaries (the
   model's ``senter``) and named entities (``ner``) only, with a flat placeholder
   tree whose arcs are labelled ``dep``, so that no grammatical rule of the
   extractor fires on them; the paragraphs after it, from which nothing flows to a
   claim, get sentence boundaries only;

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

from .attribute_rules import fast_rules
from .figures import Figure, find_figures, may_be_claim
from .nlp import text_of

T = TypeVar("T")

PLACEHOLDER_DEP = "dep"


def can_parse_partially(nlp: Language) -> bool:
    """Whether ``nlp`` has what a partial parse needs: a sentence segmenter, an entity
    recogniser and a parser."""
    names = set(nlp.component_names)
    return {"senter", "ner", "parser"} <= names and "ner" in nlp.pipe_names


def parse_many(
    nlp: Language, items: Iterable[tuple[str, T]], *, batch_size: int = 16, full: bool = False
) -> Iterator[tuple[Doc, T]]:
    """``(doc, context)`` for each ``(text, context)``, in order, like
    ``nlp.pipe(items, as_tuples=True)`` but parsing in full only the paragraphs that
    may hold a claim (see the module's docstring). ``full`` parses everything in full."""
    if full or not can_parse_partially(nlp):
        docs = ((paragraph_starts(nlp.make_doc(text)), c) for text, c in items)
        yield from nlp.pipe(docs, as_tuples=True, batch_size=batch_size)
        return
    items = iter(items)
    while chunk := list(islice(items, batch_size)):
        yield from zip(_parse_chunk(nlp, [text for text, _ in chunk]), (c for _, c in chunk))


def parse(nlp: Language, text: str, *, full: bool = False) -> Doc:
    """One text, parsed as :func:`parse_many` does."""
    return next(parse_many(nlp, [(text, None)], full=full))[0]


FULL = "full"  # the full pipeline
ENTITIES = "entities"  # sentence boundaries and named entities
TOKENS = "tokens"  # sentence boundaries only: nothing after it can use more
PIECE_BATCH = 64  # pieces are paragraphs, shorter than articles: batch more of them


def figures_of(doc: Doc) -> tuple[Figure, ...]:
    """Every figure of the text of ``doc`` (:func:`extract.figures.find_figures`): the
    ones the partial parse found while planning are kept with the doc, so the
    extractor does not scan the text again."""
    found = doc.user_data.get(_FIGURES_KEY)
    if found is None:
        found = tuple(find_figures(text_of(doc)))
        doc.user_data[_FIGURES_KEY] = found
    return found


_FIGURES_KEY = "claims.figures"


def paragraph_runs(
    text: str, figures: Iterable[Figure] | None = None
) -> list[tuple[int, int, str]]:
    """``text`` cut into runs of paragraphs, as ``(start, end, kind)`` character spans
    that together cover it. :data:`FULL` runs hold a figure that may be a claim or
    open an article that has one; other runs before the last full one are :data:`ENTITIES` (a
    name or place there can matter to a later claim); runs after it are
    :data:`TOKENS`, since context only flows forward. ``figures`` are the text's
    figures, when already found."""
    paragraphs = [m.span() for m in _PARAGRAPH.finditer(text) if m.end() > m.start()]
    chosen = [False] * len(paragraphs)
    ends = [end for _, end in paragraphs]
    for fig in find_figures(text) if figures is None else figures:
        if may_be_claim(fig, text):
            chosen[bisect.bisect_right(ends, fig.start)] = True
    # a paragraph that introduces the next one ("Caddell continued:") names its speaker
    for i in range(len(paragraphs) - 2, -1, -1):
        if chosen[i + 1] or (
            i + 2 < len(paragraphs)
            and chosen[i + 2]
            and not text[slice(*paragraphs[i + 1])].strip()
        ):
            s_, e_ = paragraphs[i]
            if text[s_:e_].rstrip().endswith(":"):
                chosen[i] = True
    first = next((i for i, (s, e) in enumerate(paragraphs) if text[s:e].strip()), None)
    if first is not None and any(chosen):  # with no figure, nothing needs a parse
        chosen[first] = True
    last_full = max((i for i, c in enumerate(chosen) if c), default=-1)
    runs: list[tuple[int, int, str]] = []
    for i, ((start, end), full) in enumerate(zip(paragraphs, chosen)):
        kind = FULL if full else ENTITIES if i < last_full else TOKENS
        if runs and (runs[-1][2] == kind or not text[start:end].strip()):
            runs[-1] = (runs[-1][0], end, runs[-1][2])
        else:
            runs.append((start, end, kind))
    return [piece for run in runs for piece in _bounded(run, text)]


# the longest stretch of text given to spaCy at once: memory grows with it, and spaCy
# refuses texts over nlp.max_length (1,000,000 characters)
MAX_PIECE_CHARS = 20_000
_CUTS = (re.compile(r"\n+"), re.compile(r"(?<=[.!?])\s+"), re.compile(r",\s+"), re.compile(r"\s+"))


def _bounded(run: tuple[int, int, str], text: str) -> list[tuple[int, int, str]]:
    """A run cut into pieces of at most :data:`MAX_PIECE_CHARS`, at the last paragraph
    break before the limit, else the last sentence end, else a comma, else a space."""
    start, end, kind = run
    pieces = []
    while end - start > MAX_PIECE_CHARS:
        limit = start + MAX_PIECE_CHARS
        cut = None
        for rx in _CUTS:
            found = [m.end() for m in rx.finditer(text, start + MAX_PIECE_CHARS // 2, limit)]
            if found:
                cut = found[-1]
                break
        cut = cut or limit
        pieces.append((start, cut, kind))
        start = cut
    pieces.append((start, end, kind))
    return pieces


_PARAGRAPH = re.compile(r"[^\n]*\n*")


def _parse_chunk(nlp: Language, texts: list[str]) -> list[Doc]:
    senter, ner = nlp.get_pipe("senter"), nlp.get_pipe("ner")
    found = [tuple(find_figures(text)) for text in texts]
    plans = [paragraph_runs(text, figures) for text, figures in zip(texts, found)]

    def pieces(kind):
        return [text[s:e] for text, runs in zip(texts, plans) for s, e, k in runs if k == kind]

    full = iter(_full_pipeline(nlp, pieces(FULL)))
    entities = iter(
        ner.pipe(
            (
                _flat(d)
                for d in senter.pipe(
                    (nlp.make_doc(t) for t in pieces(ENTITIES)), batch_size=PIECE_BATCH
                )
            ),
            batch_size=PIECE_BATCH,
        )
    )
    tokens = (
        _flat(d)
        for d in senter.pipe((nlp.make_doc(t) for t in pieces(TOKENS)), batch_size=PIECE_BATCH)
    )
    streams = {FULL: full, ENTITIES: entities, TOKENS: tokens}
    docs = []
    for text, runs, figures in zip(texts, plans, found):
        parts = [next(streams[kind]) for _, _, kind in runs]
        if len(parts) == 1:
            doc = parts[0]
        elif not parts:  # an empty text
            doc = nlp(paragraph_starts(nlp.make_doc(text)))
        else:
            doc = Doc.from_docs(parts, ensure_whitespace=False, exclude=["tensor"])
        if doc.text != text:  # cannot happen with spaCy's tokenizer; never give wrong offsets
            doc = nlp(paragraph_starts(nlp.make_doc(text)))
        doc.user_data[_FIGURES_KEY] = figures
        docs.append(doc)
    return docs


def _full_pipeline(nlp: Language, texts: list[str]) -> Iterator[Doc]:
    """``nlp.pipe(texts)``, with the model's attribute ruler applied by
    :class:`extract.attribute_rules.FastAttributeRules` when it can be (same result), a
    batch at most :data:`MAX_BATCH_CHARS` long (the parser's memory grows with it)."""
    for batch in _batches(texts):
        yield from _full_pipeline_batch(nlp, batch)


MAX_BATCH_CHARS = 60_000


def _batches(texts: list[str]) -> Iterator[list[str]]:
    batch: list[str] = []
    size = 0
    for text in texts:
        if batch and (size + len(text) > MAX_BATCH_CHARS or len(batch) >= PIECE_BATCH):
            yield batch
            batch, size = [], 0
        batch.append(text)
        size += len(text)
    if batch:
        yield batch


def _full_pipeline_batch(nlp: Language, texts: list[str]) -> Iterator[Doc]:
    rules = _fast_rules(nlp)
    docs: Iterable[Doc] = (paragraph_starts(nlp.make_doc(t)) for t in texts)
    if rules is None:
        return nlp.pipe(docs, batch_size=PIECE_BATCH)
    for name, proc in nlp.pipeline:
        if name == "attribute_ruler":
            docs = rules.pipe(docs)
        elif hasattr(proc, "pipe"):
            docs = proc.pipe(docs, batch_size=PIECE_BATCH)
        else:
            docs = map(proc, docs)
    return iter(docs)


def paragraph_starts(doc: Doc) -> Doc:
    """``doc`` with a sentence starting at each paragraph, which the parser keeps: a
    sentence never runs across a line break (a closing quotation mark is otherwise
    read as the start of the next paragraph's sentence)."""
    for tok in doc[1:]:
        before = doc[tok.i - 1]
        if tok.is_quote and before.is_punct and not before.whitespace_ and _ends_paragraph(tok):
            tok.is_sent_start = False  # '…in 22."' closes the sentence it ends
            continue
        if not tok.is_space and (
            "\n" in before.whitespace_ or before.is_space and "\n" in before.text
        ):
            tok.is_sent_start = True
    return doc


def _ends_paragraph(tok) -> bool:
    nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    return "\n" in tok.whitespace_ or nxt is None or (nxt.is_space and "\n" in nxt.text)


_FAST_RULES: dict[int, tuple] = {}


def _fast_rules(nlp: Language):
    if "attribute_ruler" not in nlp.pipe_names:
        return None
    ruler = nlp.get_pipe("attribute_ruler")
    cached = _FAST_RULES.get(id(nlp))
    if cached is None or cached[0] is not ruler:
        cached = (ruler, fast_rules(ruler))
        _FAST_RULES[id(nlp)] = cached
    return cached[1]


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
