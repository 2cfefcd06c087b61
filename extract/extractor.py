"""The extractor: from an :class:`~extract.model.Article` to its :class:`~extract.model.Claim` records."""

from __future__ import annotations

from typing import Iterable, Iterator

from spacy.language import Language

from .figures import find_figures, not_claim_reason
from .model import Article, Claim


def extract_claims(article: Article, nlp: Language) -> list[Claim]:
    """Every numeric claim of ``article``, in text order."""
    doc = nlp(article.text)
    return list(_claims(article, doc))


def extract_many(articles: Iterable[Article], nlp: Language, batch_size: int = 16) -> Iterator[tuple[Article, list[Claim]]]:
    """Claims of many articles, parsed in batches with ``nlp.pipe``; yields in input order."""
    pairs = ((a.text, a) for a in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        yield article, list(_claims(article, doc))


def _claims(article: Article, doc) -> Iterator[Claim]:
    text = article.text
    for fig in find_figures(text):
        if not_claim_reason(fig, text, doc):
            continue
        span = doc.char_span(fig.start, fig.end, alignment_mode="expand")
        sentence = span.sent.text if span is not None else ""
        yield Claim(figure=fig.text, char_start=fig.start, char_end=fig.end, sentence=sentence,
                    value=fig.value, value_low=fig.low, value_high=fig.high,
                    qualifier=fig.qualifier, unit=fig.unit, article=article.path,
                    speaker=article.source)
