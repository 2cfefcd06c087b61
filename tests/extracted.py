"""Claims extracted from a short article written for a test: the helpers of the tests
that check one field of one figure through the whole extractor."""

from __future__ import annotations

import datetime

from extract.extractor import extract_claims
from extract.model import Article, Claim

SOURCE = "Daily Planet"
"""The outlet of every test article: a figure no one in the text asserts is its."""
PUBLISHED = datetime.date(2023, 5, 1)


def claims_of(
    nlp, text: str, published: datetime.date = PUBLISHED, title: str | None = None
) -> list[Claim]:
    """The claims of an article of ``text`` from :data:`SOURCE`."""
    article = Article(path="t.txt", text=text, source=SOURCE, published=published, title=title)
    return extract_claims(article, nlp)


def claim(nlp, text: str, figure: str, **article) -> Claim:
    """The one claim of ``figure`` in ``text`` (``article``: claims_of's published and
    title); fails, naming the figures found, unless there is exactly one."""
    claims = claims_of(nlp, text, **article)
    found = [c for c in claims if c.figure == figure]
    assert len(found) == 1, f"{figure!r} in {[c.figure for c in claims]}"
    return found[0]
