"""Small readings of the spaCy parse that several field resolvers share.

Every walk here is bounded (a few heads up, a few children each), so the work per
figure does not grow with the length of its sentence.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Span, Token

_MAX_CHILDREN = 12
_TIME_PREPOSITIONS = ("in", "during", "by", "since", "from", "for", "on", "at", "until", "through")


def number_token(span: Span) -> Token:
    """The token of a figure that the parse hangs the figure on: "5.2 million" hangs
    on "million", "1,000 to 4,000" on 4,000."""
    nums = [t for t in span if t.like_num or t.pos_ == "NUM"]
    if not nums:
        return span.root
    return max(nums, key=lambda t: (t.head.i not in range(span.start, span.end), t.i))


def parenthesis(text: str, sent_start: int, sent_end: int, pos: int) -> tuple[int, int] | None:
    """The brackets around ``pos`` within the sentence, if any."""
    open_at = text.rfind("(", max(sent_start, pos - 200), pos)
    if open_at == -1 or text.rfind(")", open_at, pos) != -1:
        return None
    close_at = text.find(")", pos, min(sent_end, pos + 200))
    return open_at, close_at if close_at != -1 else sent_end


def clause_heads(tok: Token) -> set[int]:
    """The figure's token, its governors up to its verb, and verbs describing the noun
    it counts ("45,756 migrants crossing … last year")."""
    heads = {tok.i}
    node = tok
    for _ in range(4):
        if node.head == node:
            break
        node = node.head
        heads.add(node.i)
        for n, c in enumerate(node.children):
            if n >= _MAX_CHILDREN:
                break
            if c.dep_ in ("acl", "relcl") and c.pos_ == "VERB":
                heads.add(c.i)
        if node.pos_ in ("VERB", "AUX"):
            break
    return heads


def attachment(doc, start: int, end: int) -> int:
    """The token index a phrase (a time expression) hangs from: its root's head, or the
    head of the preposition that introduces it ("in 1997" hangs from the verb)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    head = span.root.head
    if head.dep_ == "prep" and head.lower_ in _TIME_PREPOSITIONS:
        head = head.head
    return head.i


def governing_preposition(tok: Token) -> str | None:
    """``from`` for "from Afghanistan, Eritrea and Syria" (conjuncts included)."""
    node = tok
    for _ in range(6):
        if node.dep_ != "conj" or node.head == node:
            break
        node = node.head
    return node.head.lower_ if node.head.pos_ == "ADP" else None


def past_tense(tok: Token) -> bool:
    """Whether the clause of ``tok`` is in the past."""
    node = tok
    for _ in range(5):
        if node.pos_ in ("VERB", "AUX"):
            return node.tag_ in ("VBD", "VBN") or any(
                c.tag_ == "VBD" for c in node.children if c.dep_ in ("aux", "auxpass")
            )
        if node.head == node:
            break
        node = node.head
    return True


def has_verb_of_its_own(tok: Token) -> bool:
    """Whether a verb governs the figure (else it shares the verb of the figure
    before: "and in 2020, only 19,000")."""
    node = tok
    for _ in range(4):
        if node.head == node:
            return node.pos_ == "VERB"
        node = node.head
        if node.pos_ == "VERB":
            return True
    return False


def describes_figure(norp: Token, tok: Token) -> bool:
    """ "Australian children", "10 per cent of Australian salt": the nationality
    modifies the noun the figure counts."""
    noun = norp.head
    near = clause_heads(tok) | {tok.head.i}
    if noun.i in near:
        return True
    if norp.head.lower_ == "of" and norp.tag_ in ("NNS", "NNPS", "NNP"):
        # "the number of Uzbeks who left rose to 40,000": the people are what is counted
        measure = norp.head.head
        if measure.dep_ in ("nsubj", "nsubjpass") and measure.head.i in near:
            return True
    # "the average English bill rose 12.9%": the noun is the subject of the figure's verb
    if noun.dep_ in ("nsubj", "nsubjpass") and noun.head.i in near:
        return True
    if noun.head.lower_ != "of":
        return False
    owner = noun.head.head
    return owner.i in near or (owner.i <= noun.i and owner.i in {a.i for a in _ancestors(noun)})


def _ancestors(tok: Token, depth: int = 6):
    node = tok
    for _ in range(depth):
        if node.head == node:
            return
        node = node.head
        yield node


def lemmas(tok: Token) -> frozenset[str]:
    """The token's lemma and the base forms its spelling suggests: spaCy's small
    model lemmatises some verbs wrongly ("rated" → "rat"), so a word list is matched
    against all of them."""
    return _lemmas(tok.lower_, tok.lemma_.lower())


@lru_cache(maxsize=65536)
def _lemmas(low: str, lemma: str) -> frozenset[str]:
    out = {lemma, low}
    for suffix, repl in (
        ("ied", "y"),
        ("ies", "y"),
        ("ed", ""),
        ("ed", "e"),
        ("d", ""),
        ("es", ""),
        ("s", ""),
        ("ing", ""),
        ("ing", "e"),
    ):
        if low.endswith(suffix) and len(low) - len(suffix) >= 3:
            out.add(low[: len(low) - len(suffix)] + repl)
    return frozenset(out)
