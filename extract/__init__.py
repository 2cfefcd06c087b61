"""News claims: a knowledge base of numeric claims in news articles.

Read articles (:mod:`extract.articles`), extract claims with spaCy
(:mod:`extract.extractor`), store them with sqlite-utils (:mod:`extract.store`),
score them against gold files (:mod:`extract.evaluate`) and publish them with
Datasette (:mod:`extract.cli`).
"""

__version__ = "0.1.0"

# Bump whenever extraction output may change: every article is then re-extracted
# by the next ``claims build``.
EXTRACTOR_VERSION = "18"
