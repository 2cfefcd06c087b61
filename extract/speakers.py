"""Speakers: who asserts a figure.

Cues, strongest first: the figure inside a quotation (the quote's speaker); a
reporting verb whose clause holds the figure (``X said``, ``X told Y`` — X speaks,
not Y — ``X notes``, ``figures from X show``); ``according to X``; a hearsay adverb
(``reportedly``: the source the article is reporting on). Pronouns, surnames and role
nouns (``the economist``) are resolved to the full name introduced earlier. With no
cue the article speaks itself.

spaCy's small model mislabels some names (a surname tagged as a place, an outlet as
a person), so the rules read the parse and the cue words, and use entity labels only
to find where a name begins and ends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import lexicon as lx
from .nlp import ents, text_of

_QUOTES = '"“”'


@dataclass
class SpeakerContext:
    """What the article has said so far: people named and the source it reports on."""

    source: str | None = None  # the outlet, from the article's metadata
    reported_source: str | None = None  # "X notes that…" at the top of a rewritten report
    people: list[str] = field(default_factory=list)  # full names, in order of mention
    last_speaker: str | None = None
    last_org: str | None = None

    def default(self) -> str | None:
        """The speaker of a figure no one is said to assert."""
        return self.reported_source or self.source

    def remember(self, name: str) -> None:
        if name and (not self.people or self.people[-1] != name):
            self.people.append(name)

    def full_name(self, name: str) -> str:
        """``"Toqmadi"`` → ``"Malika Toqmadi"`` when that name was introduced before."""
        parts = name.split()
        for known in reversed(self.people):
            k = known.split()
            if len(k) > len(parts) and k[-len(parts) :] == parts:
                return known
        return name


def _name_of(tok) -> str:
    """The name a subject token stands for: its entity, or its compound/flat chain."""
    doc = tok.doc
    if tok.ent_type_ and tok.ent_iob_ != "O":
        for ent in ents(doc):
            if ent.start <= tok.i < ent.end:
                text = ent.text
                return re.sub(r"^(the|The)\s+", "", re.sub(r"['’]s$", "", text)).strip()
    left = tok.i
    for child in tok.lefts:
        if (
            child.dep_ in ("compound", "amod", "nmod", "poss")
            and child.i >= left - 3
            and (child.pos_ == "PROPN" or child.dep_ == "compound")
        ):
            left = min(left, child.left_edge.i if child.dep_ == "poss" else child.i)
    right = tok.i
    for child in tok.rights:
        if child.dep_ in ("compound", "flat") and child.i == right + 1:
            right = child.i
    span = doc[left : right + 1]
    text = re.sub(r"^(the|The)\s+", "", span.text)
    return re.sub(r"['’]s$", "", text).strip()


def _subject(verb):
    """The active subject of a verb, or the agent of a passive one ("was reported by X")."""
    for child in verb.children:
        if child.dep_ == "nsubj":
            return child
        if child.dep_ == "agent":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    if any(c.dep_ == "nsubjpass" for c in verb.children):
        return None
    # "…, X said": the verb may be a conjunct sharing its subject
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        return _subject(verb.head)
    return None


def resolve(tok, ctx: SpeakerContext) -> str | None:
    """The full name a subject token refers to."""
    low = tok.lower_
    if low in lx.NOT_SPEAKER_SUBJECTS:
        return None
    if low in lx.PRONOUNS or tok.pos_ == "PRON":
        if low in ("we", "i"):
            return ctx.last_speaker
        return ctx.last_speaker or (ctx.people[-1] if ctx.people else None)
    if (
        tok.pos_ == "NOUN"
        and tok.lemma_.lower() in lx.ARTICLE_SELF_NOUNS
        and any(c.lower_ == "the" for c in tok.lefts)
    ):
        return ctx.reported_source or ctx.source
    if tok.pos_ == "NOUN" and tok.lemma_.lower() in lx.ROLE_NOUNS:
        named = _named_after(tok)  # "curator Elaine Gustafon", "the economist, John Smith"
        if named:
            return ctx.full_name(named)
        if any(c.lower_ in ("the", "this") for c in tok.lefts) and not any(
            c.dep_ in ("compound", "amod") and c.pos_ == "PROPN" for c in tok.lefts
        ):
            # "the economist": the last person named; "the firm": the last organisation
            if tok.lemma_.lower() in lx.ORGANISATION_NOUNS:
                return ctx.last_org or ctx.last_speaker or tok.text
            return ctx.last_speaker or (ctx.people[-1] if ctx.people else tok.text)
    if tok.pos_ == "NOUN" and tok.lemma_.lower() in lx.DATA_NOUNS:
        for child in tok.children:  # "figures from X"
            if child.dep_ == "prep" and child.lower_ in ("from", "of", "by"):
                for obj in child.children:
                    if obj.dep_ == "pobj":
                        return ctx.full_name(_name_of(obj))
        return None  # "figures show": no one named
    name = _name_of(tok)
    if tok.pos_ == "PROPN" or tok.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
        return ctx.full_name(name)
    # common nouns: "researchers", "experts", "the ministry"
    return name


def _named_after(tok) -> str | None:
    """The proper name right after or beside a role noun."""
    for c in tok.children:
        if c.dep_ in ("appos", "compound", "flat") and c.pos_ == "PROPN" and c.i > tok.i:
            return _name_of(c)
    if tok.head.pos_ == "PROPN" and tok.dep_ == "compound":
        return _name_of(tok.head)
    return None


def note_people(sent, ctx: SpeakerContext) -> None:
    """Remember full names introduced in a sentence (PERSON entities of two words or
    more) and the last organisation named."""
    for ent in ents(sent):
        if ent.label_ == "PERSON" and len(ent) >= 2:
            ctx.remember(re.sub(r"['’]s$", "", ent.text).strip())
        elif ent.label_ == "ORG":
            ctx.last_org = re.sub(r"^(the|The)\s+", "", re.sub(r"['’]s$", "", ent.text)).strip()


def _reporting_ancestor(tok):
    """The nearest reporting verb with a subject governing ``tok`` (its clause or a parent's)."""
    node = tok
    for _ in range(8):
        head = node.head
        if head == node:
            break
        if (
            head.pos_ in ("VERB", "AUX")
            and head.lemma_.lower() in lx.REPORTING_VERBS
            and _subject(head) is not None
        ):
            return head
        node = head
    return None


def _sibling_reporting_verb(sent, tok):
    """``"The figure was 5, X said."``: a reporting verb whose complement holds ``tok``."""
    for t in sent:
        if t.pos_ == "VERB" and t.lemma_.lower() in lx.REPORTING_VERBS and _subject(t) is not None:
            sub = _subject(t)
            if t.dep_ in ("parataxis", "ROOT") and tok.i not in range(
                sub.left_edge.i, sub.right_edge.i + 1
            ):
                root = tok
                while root.head != root and root.dep_ != "ROOT":
                    root = root.head
                if t.head == root or root.head == t or any(c == root for c in t.children):
                    return t
    return None


def _according_to(sent):
    for t in sent:
        if t.lower_ == "according" and t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ == "to":
            for obj in t.doc[t.i + 1].children:
                if obj.dep_ == "pobj":
                    return obj
    return None


def _in_quote(doc, start: int) -> tuple[int, int] | None:
    """The character span of the quotation around ``start``, if any, in its paragraph."""
    text = text_of(doc)
    para_start = text.rfind("\n", 0, start) + 1
    para_end = text.find("\n", start)
    para_end = len(text) if para_end == -1 else para_end
    opened = None
    for i in range(para_start, para_end):
        c = text[i]
        if c in _QUOTES:
            if opened is None and c != "”":
                opened = i
            elif opened is not None and c != "“":
                if opened < start < i:
                    return opened, i
                opened = None
    if opened is not None and opened < start:
        return opened, para_end
    return None


def speaker_for(fig_tok, sent, ctx: SpeakerContext) -> tuple[str | None, str]:
    """The speaker of the figure whose head token is ``fig_tok``, and the cue used
    ("quote", "verb", "according", "hearsay", "context", "default")."""
    doc = sent.doc
    quote = _in_quote(doc, fig_tok.idx)
    if quote is not None:
        who = _quote_speaker(doc, quote, ctx)
        if who:
            return who, "quote"
    verb = _reporting_ancestor(fig_tok) or _sibling_reporting_verb(sent, fig_tok)
    if verb is not None:
        sub = _subject(verb)
        if sub is not None and not (sub.left_edge.i <= fig_tok.i <= sub.right_edge.i):
            who = resolve(sub, ctx)
            if who:
                ctx.last_speaker = who
                return who, "verb"
    obj = _according_to(sent)
    if obj is not None:
        who = resolve(obj, ctx)
        if who:
            ctx.last_speaker = who
            return who, "according"
    if any(t.lower_ in lx.HEARSAY_ADVERBS for t in sent) and ctx.reported_source:
        return ctx.reported_source, "hearsay"
    return ctx.default(), "default"


def _quote_speaker(doc, quote: tuple[int, int], ctx: SpeakerContext) -> str | None:
    """The speaker of a quotation: a reporting verb in the sentences of its paragraph
    that touch it, else the speaker named in the sentence just before it ('"…," he
    said. "Another 4,000 are waiting."', 'As Heald told the paper, … . "…"')."""
    q_start, q_end = quote
    text = text_of(doc)
    para_start = text.rfind("\n", 0, q_start) + 1
    para_end = text.find("\n", q_end)
    para_end = len(text) if para_end == -1 else para_end
    before = None  # the last sentence of the paragraph that ends before the quotation
    for sent in doc.sents:
        if sent.end_char <= para_start or sent.start_char >= para_end:
            continue
        if sent.end_char < q_start - 200 or sent.start_char > q_end + 200:
            continue
        if sent.end_char <= q_start:
            before = sent
        if sent.end_char < q_start and not sent.text.rstrip().endswith((":", ",")):
            continue
        who = _attribution(sent, q_start, q_end, ctx)
        if who:
            return who
    if before is not None and not text[before.end_char : q_start].strip():
        return _attribution(before, q_start, q_end, ctx)
    return None


def _attribution(sent, q_start: int, q_end: int, ctx: SpeakerContext) -> str | None:
    """Who a reporting verb of ``sent`` outside the quotation says is speaking."""
    for t in sent:
        if q_start <= t.idx <= q_end:
            continue
        if t.pos_ == "VERB" and t.lemma_.lower() in lx.REPORTING_VERBS:
            sub = _subject(t)
            if sub is not None and not (q_start <= sub.idx <= q_end) and not _quoted(sub):
                who = resolve(sub, ctx)
                if who:
                    return who
    return None


def _quoted(tok) -> bool:
    """Whether ``tok`` stands inside a quotation of its paragraph."""
    return _in_quote(tok.doc, tok.idx) is not None


def reported_source(doc) -> str | None:
    """The outlet or report an article rewrites: the subject of a reporting verb in
    its first sentence, when the article later says "reportedly" or "according to the
    article"."""
    text = text_of(doc).lower()
    hearsay = any(re.search(rf"\b{w}\b", text) for w in lx.HEARSAY_ADVERBS) or re.search(
        r"\b(?:according to|as) the (?:"
        + "|".join(lx.ARTICLE_SELF_NOUNS)
        + r")\b|\bthe (?:"
        + "|".join(lx.ARTICLE_SELF_NOUNS)
        + r") (?:notes|says|states|reports)\b",
        text,
    )
    if not hearsay:
        return None
    first = next(iter(doc.sents), None)
    if first is None:
        return None
    for t in first:
        if t.pos_ == "VERB" and t.lemma_.lower() in lx.REPORTING_VERBS and t.dep_ == "ROOT":
            sub = _subject(t)
            if sub is not None and (sub.pos_ == "PROPN" or sub.ent_type_):
                return _name_of(sub)
    return None
