"""Direction and flow: whether a figure is a rise or a fall, and whether the people
it counts leave a place or arrive in it.

Both read the words that govern the figure in the parse (its verb, the noun it
counts, their close dependents), not the whole sentence: in "exports fell while
imports rose by 5%" the 5% rose.
"""

from __future__ import annotations

from . import lexicon as lx


def _governors(tok, depth: int = 4):
    """``tok``'s heads up to the clause's verb, stopping at reporting verbs."""
    node = tok
    for _ in range(depth):
        head = node.head
        if head == node:
            return
        if head.pos_ in ("VERB", "AUX") and head.lemma_.lower() in lx.REPORTING_VERBS:
            return
        yield head
        if head.pos_ in ("VERB", "AUX") and node.dep_ not in (
            "prep",
            "pobj",
            "xcomp",
            "advcl",
            "dobj",
            "npadvmod",
            "nummod",
            "quantmod",
        ):
            return
        node = head


def cue_tokens(tok, figure_tokens: set[int]):
    """The words that say what the figure does: its governors, the noun it counts and
    their close dependents (subjects, objects, compounds, modifiers)."""
    seen = set(figure_tokens)
    out = []
    for t in [tok, *_governors(tok)]:
        for c in [t, *t.children]:
            if c.i in seen:
                continue
            seen.add(c.i)
            if c is t or c.dep_ in (
                "nsubj",
                "nsubjpass",
                "dobj",
                "compound",
                "amod",
                "advmod",
                "prt",
                "acomp",
                "attr",
                "npadvmod",
                "pobj",
                "prep",
                "acl",
                "relcl",
                "xcomp",
            ):
                out.append(c)
                if c.dep_ in ("prep", "nsubj", "dobj"):
                    out.extend(
                        g
                        for g in c.children
                        if g.i not in seen and g.dep_ in ("pobj", "compound", "amod")
                    )
    return out


def trend_words(tok, figure_tokens: set[int]):
    """The words that can make a figure a change: the verb or noun it measures
    ("rose to 5", "fell by 5%", "an 18-fold increase") and their particles. A figure
    that counts the subject of a verb ("15 shells fell") is not a change."""
    out = []
    node = tok
    for gov in _governors(tok):
        if node.dep_ == "nummod" and node.head.dep_ in ("nsubj", "nsubjpass") and gov == node.head:
            return out  # "15 shells fell": the figure counts things that moved
        if gov.i not in figure_tokens:
            out.append(gov)
            out.extend(
                c
                for c in gov.children
                if c.dep_ in ("prt", "advmod", "acomp") and c.i not in figure_tokens
            )
        if gov.pos_ in ("VERB", "AUX"):
            break
        node = gov
    return out


def direction_of(
    tok, figure_tokens: set[int], qualifier: str | None, sent, other_figure_before: bool
) -> tuple[str | None, str]:
    """``increase``/``decrease``/``stable``/None for the figure whose head token is
    ``tok``, and the cue word."""
    doc = tok.doc
    last = max(figure_tokens) if figure_tokens else tok.i
    after = [t.lower_ for t in doc[last + 1 : min(last + 8, sent.end)]]
    if "," in after[:1]:
        # "4.1% in April, down from 4.5%": the cue after a comma and a short phrase
        after = after[1:]
    elif "," in after[:4]:
        after = after[after.index(",") + 1 :]
    if after[:2] in (["up", "from"], ["up", "by"], ["higher", "than"]):
        return "increase", "up from"
    if after[:2] in (["down", "from"], ["down", "by"], ["lower", "than"]):
        return "decrease", "down from"
    for t in trend_words(tok, figure_tokens):
        word, lemma = t.lower_, t.lemma_.lower()
        if word in lx.AMBIGUOUS_TREND_WORDS:
            continue
        if word in lx.STABLE_CUES or lemma in lx.STABLE_CUES:
            return "stable", word
        if word in lx.INCREASE_CUES or lemma in lx.INCREASE_CUES:
            return "increase", word
        if word in lx.DECREASE_CUES or lemma in lx.DECREASE_CUES:
            return "decrease", word
    q = (qualifier or "").split()
    if q and q[0] in lx.MINIMISERS:
        trend = {t.lemma_.lower() for t in sent} | {t.lower_ for t in sent}
        if other_figure_before or trend & (lx.DECREASE_CUES - lx.AMBIGUOUS_TREND_WORDS):
            return "decrease", q[0]
    return None, ""


def flow_of(tok, figure_tokens: set[int], unit: str | None) -> tuple[str | None, str]:
    """``outbound``/``inbound``/None for a figure that counts people, and the cue."""
    if unit not in (None, "people"):
        return None, ""
    cues = cue_tokens(tok, figure_tokens)
    words = {t.lower_ for t in cues} | {t.lemma_.lower() for t in cues}
    counts_people = (
        bool(words & lx.PEOPLE_NOUNS)
        or any(t.ent_type_ == "NORP" for t in cues)
        or tok.dep_ in ("nsubj", "nsubjpass")
    )
    if not counts_people:
        return None, ""
    for t in cues:
        w, lemma = t.lower_, t.lemma_.lower()
        if w in lx.OUTBOUND_CUES or lemma in lx.OUTBOUND_CUES:
            # "immigration from X": a movement out of X
            return "outbound", w
        if w in lx.INBOUND_CUES or lemma in lx.INBOUND_CUES:
            if any(c.lower_ == "from" for c in t.children) and w.startswith("immigra"):
                return "outbound", w + " from"
            return "inbound", w
    return None, ""
