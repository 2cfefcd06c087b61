"""Direction and flow: whether a figure is a rise or a fall, and whether the people
it counts leave a place or arrive in it.

Both read the words that govern the figure in the parse (its verb, the noun it
counts, their close dependents), not the whole sentence: in "exports fell while
imports rose by 5%" the 5% rose. Every walk up the parse is bounded (a few heads,
a few children each), so the cost per figure does not grow with the sentence.

Direction, strongest cue first:

- a level left behind is no change of its own: "from 4.8% to 4.7%", "down from
  780,000", "compared with 10% before" (:data:`DirectionCue.OLD_LEVEL`);
- a sign: "+0.2%", "-1.3%", "minus 5";
- "up 5%", "down 0.89 points", "5% higher";
- a change word that governs the figure: a verb ("rose to", "cut 2,850 jobs", "jobs
  would be cut", "lost 22,000 jobs", "created 400,000 jobs", "push down … to 5.2%"),
  a noun ("a 5% rise", "cuts of £35bn", "£2bn savings"), an adjective of the noun the
  figure counts ("157,000 new jobs", "an additional £419m");
- stability: "unchanged at", "stayed at", "kept … on hold at";
- a level set against an earlier one ("stood at 25%, compared with 10% before") or
  the same measure in an earlier year of the paragraph;
- a minimiser ("only 14,800") against a figure before or a fall cue.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from . import lexicon as lx
from .cues import DirectionCue, FlowCue, Resolved
from .figures import multiple_of
from .grammar import lemmas as lemmas_of
from .nlp import text_of

_MAX_CHILDREN = 12  # children looked at per word: bounded work per figure
_INCREASE, _DECREASE, _STABLE = "increase", "decrease", "stable"


def _children(tok: Token):
    for n, c in enumerate(tok.children):
        if n >= _MAX_CHILDREN:
            return
        yield c


def _governors(tok: Token, depth: int = 5):
    """``(child, head)`` pairs up from ``tok`` to its clause's verb, stopping at
    reporting verbs, at clause boundaries and past a second noun that is not a
    measure ("the steps of the 70 metre hall": the steps are not what 70 counts)."""
    node = tok
    for _ in range(depth):
        head = node.head
        if head == node:
            return
        if head.pos_ in ("VERB", "AUX") and head.lemma_.lower() in lx.REPORTING_VERBS:
            if not _is_change_word(head) and not _seeks_status(head):
                return
        if head.pos_ in ("NOUN", "PROPN") and node.dep_ == "prep":
            # the figure's phrase describes a noun: "cuts of £35bn", "an average of £340",
            # but not "the steps of the 70 metre hall"
            measure = head.lemma_.lower() in lx.MEASURE_NOUNS
            if not measure and not _is_change_word(head):
                return
            yield node, head
            if measure:  # "a growth rate target of 5%": the compound says the change
                for c in _children(head):
                    if c.dep_ == "compound" and _is_change_word(c):
                        yield head, c
            if not measure:
                return
            node = head
            continue
        if node.dep_ in ("ccomp", "advcl", "parataxis", "relcl"):
            return  # the head is another clause's: "jobs lost in the US, which accounted for 46%"
        yield node, head
        if node.dep_ == "conj" and node.pos_ in ("VERB", "AUX"):
            return  # a clause of its own; coordinated figures share their verb
        if head.pos_ in ("VERB", "AUX") and node.dep_ not in (
            "prep",
            "pobj",
            "xcomp",
            "dobj",
            "npadvmod",
            "nummod",
            "quantmod",
            "attr",
            "nsubjpass",
            "nsubj",
            "acomp",
            "oprd",
            "advmod",
            "conj",
        ):
            return
        if head.dep_ == "acl" and lemmas_of(head) & lx.TOTALLING_VERBS:
            node = head  # "paycuts totalling $800m": the noun the total describes
            continue
        if head.pos_ in ("VERB", "AUX") and node.dep_ in ("nsubj", "nsubjpass", "dobj", "attr"):
            # stop at the clause's verb, but allow a verb chain ("earmarked to be cut")
            yield from _verb_chain(head)
            return
        node = head


def _verb_chain(verb: Token):
    """Verbs that carry on a verb: "earmarked to be cut", "set to rise", "expected to
    fall", "is to go"."""
    for c in _children(verb):
        if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX"):
            yield verb, c
            yield from _verb_chain(c)


def _is_change_word(tok: Token) -> bool:
    return _word_direction(tok) is not None


def _word_direction(tok: Token) -> str | None:
    word, lemma = tok.lower_, tok.lemma_.lower()
    if tok.pos_ == "NOUN" and len(word) > 5 and word.endswith(("cuts", "cut")):
        return _DECREASE  # "paycuts", "job-cuts"
    if word in lx.STABLE_CUES or lemma in lx.STABLE_CUES:
        return _STABLE
    if word in lx.INCREASE_CUES or lemma in lx.INCREASE_CUES:
        return _INCREASE
    if word in lx.DECREASE_CUES or lemma in lx.DECREASE_CUES:
        return _DECREASE
    return None


def _particle(verb: Token) -> str | None:
    """ "push down", "drive up", "bring down", "knock off": the particle's way, for verbs
    that move something ("make up two-thirds" and "pay up to £350m" move nothing)."""
    moving = verb.lower_ in lx.UP_PARTICLE_VERBS  # "edged up to 3.9%", "ticked down"
    if not moving and not lemmas_of(verb) & lx.PARTICLE_VERBS:
        return None
    for c in _children(verb):
        if c.dep_ in ("prt", "advmod") and c.lower_ in ("up", "down", "off", "back"):
            if _next_is(c, "to") and not moving:
                continue
            return _INCREASE if c.lower_ == "up" else _DECREASE
    return None


def _is_old_level(tok: Token, fig_tokens: set[int]) -> bool:
    """ "from 4.8%", "down from 780,000", "compared with 10%", "up from 5%"."""
    doc = tok.doc
    first = min(fig_tokens)
    before = [t.lower_ for t in doc[max(0, first - 3) : first]]
    if before[-1:] == ["from"]:
        # "from 4.8% to 4.7%", "down from 780,000"; not "endorsements from 95 generals"
        after = [t.lower_ for t in doc[max(fig_tokens) + 1 : max(fig_tokens) + 7]]
        return "to" in after or before[-2:-1] in (["up"], ["down"]) or _changes(tok)
    if before[-2:] in (["compared", "with"], ["compared", "to"], ["against"]) or before[-1:] == [
        "against"
    ]:
        return True
    return bool(before[-3:-1] == ["compared", "with"] or before[-3:-1] == ["compared", "to"])


def _changes(tok: Token) -> bool:
    """Whether a change word governs the figure's phrase ("rose from 5,000")."""
    return any(_is_change_word(head) for _, head in _governors(tok))


def direction_of(
    tok: Token,
    fig_tokens: set[int],
    *,
    figure_text: str = "",
    qualifier: str | None = None,
    unit: str | None = None,
    sent: Span | None = None,
    other_figure_before: bool = False,
) -> Resolved[str | None, DirectionCue]:
    """``increase``/``decrease``/``stable``/None for the figure whose head token is
    ``tok``, and the cue that decided it."""
    doc = tok.doc
    first, last = min(fig_tokens), max(fig_tokens)
    if _is_old_level(tok, fig_tokens):
        return Resolved(None, DirectionCue.OLD_LEVEL)
    text = figure_text.lstrip()
    multiple = multiple_of(text)
    if multiple is not None:  # "prices doubled": the figure is the change word
        return Resolved(_INCREASE if multiple > 1 else _DECREASE, DirectionCue.CHANGE_WORD)
    if text[:1] in ("+",) or text.lower().startswith("plus "):
        return Resolved(_INCREASE, DirectionCue.SIGN)
    if text[:1] in ("-", "−", "–") or text.lower().startswith("minus"):
        return Resolved(_DECREASE, DirectionCue.SIGN)
    before = [t.lower_ for t in doc[max(0, first - 2) : first]]
    end = sent.end if sent is not None else len(doc)
    after = [t.lower_ for t in doc[last + 1 : min(last + 4, end)]]
    particle = first > 0 and doc[first - 1].dep_ == "prt"  # "makes up two-thirds"
    if before[-1:] == ["up"] and not particle:
        return Resolved(_INCREASE, DirectionCue.UP_DOWN)
    if before[-1:] == ["down"] and not particle:
        return Resolved(_DECREASE, DirectionCue.UP_DOWN)
    if after[:2] in (["up", "from"], ["up", "on"], ["higher", "than"], ["more", "than"]):
        return Resolved(_INCREASE, DirectionCue.UP_DOWN)
    if after[:2] in (["down", "from"], ["down", "on"], ["lower", "than"], ["less", "than"]):
        return Resolved(_DECREASE, DirectionCue.UP_DOWN)
    measured = unit is not None  # "£60bn more" is more spending; "200 more" are others
    if after[:1] in (["higher"], ["up"]) or (after[:1] in (["more"], ["extra"]) and measured):
        return Resolved(_INCREASE, DirectionCue.UP_DOWN)
    if after[:1] in (["lower"], ["down"]) or (after[:1] in (["fewer"], ["less"]) and measured):
        return Resolved(_DECREASE, DirectionCue.UP_DOWN)
    found = _change_word(tok, fig_tokens, unit)
    if found is not None:
        return found
    comma = _after_comma(doc, last, end)
    if comma is not None:
        return comma
    if qualifier and qualifier.split()[0] in lx.MINIMISERS and sent is not None:
        near = doc[max(sent.start, first - 20) : min(end, last + 20)]
        trend = {t.lemma_.lower() for t in near} | {t.lower_ for t in near}
        if other_figure_before or trend & (lx.DECREASE_CUES - lx.AMBIGUOUS_TREND_WORDS):
            return Resolved(_DECREASE, DirectionCue.MINIMISER)
    return Resolved(None, DirectionCue.NONE)


def _after_comma(doc, last: int, end: int) -> Resolved | None:
    """ "4.1% in April, down from 4.5%", "45,000 citizens emigrated in 2022, up from
    15,000": the cue after a comma that closes the figure's own phrase (no other figure
    but a date before the comma)."""
    comma = None
    for t in doc[last + 1 : min(last + 10, end)]:
        if t.text == ",":
            comma = t.i
            break
        if t.like_num and t.ent_type_ != "DATE":
            return None
    if comma is None:
        return None
    rest = [t.lower_ for t in doc[comma + 1 : min(comma + 8, end)]]
    if rest[:1] == ["which"] and ("less" in rest or "lower" in rest) and "than" in rest:
        return Resolved(_DECREASE, DirectionCue.UP_DOWN)  # ", which is 1% less than forecast"
    if rest[:1] == ["which"] and ("more" in rest or "higher" in rest) and "than" in rest:
        return Resolved(_INCREASE, DirectionCue.UP_DOWN)
    if rest[:2] in (["up", "from"], ["up", "by"], ["a", "rise"], ["an", "increase"]):
        return Resolved(_INCREASE, DirectionCue.UP_DOWN)
    if rest[:2] in (["down", "from"], ["down", "by"], ["a", "fall"], ["a", "drop"]):
        return Resolved(_DECREASE, DirectionCue.UP_DOWN)
    return None


def _written_to(doc, first: int) -> str | None:
    """ "to" when the figure is written as a new level ("cut from 2.5% to 2%"), which
    the parse may hang under "from" as if it were a range: the nearest preposition
    above the figure ("to 5%", "from 4.8%") is otherwise read from the parse."""
    if first > 1 and doc[first - 1].lower_ == "to" and doc[first - 2].lower_ not in ("up",):
        return "to"
    return None


def _change_word(tok: Token, fig_tokens: set[int], unit: str | None) -> Resolved | None:
    """A change word that governs the figure (see the module's docstring)."""
    preposition = _written_to(tok.doc, min(fig_tokens))
    for child, head in _governors(tok):
        if child.dep_ == "prep" and child.pos_ == "ADP" and preposition is None:
            preposition = child.lower_
        if head.i in fig_tokens:
            continue
        way = _word_direction(head)
        if _raises_money(head, child, unit, preposition):
            return Resolved(None, DirectionCue.NONE)  # "would raise £8.6bn": money collected
        if head.pos_ in ("VERB", "AUX"):
            way = way or _particle(head)
        if way is None and head.pos_ in ("VERB", "AUX"):
            # "was unchanged at 3.9%", "is 5% higher": the verb's complement says it
            for c in _children(head):
                if c.dep_ in ("acomp", "advmod", "attr") and c.i not in fig_tokens:
                    adj = _word_direction(c) if c.pos_ in ("ADJ", "ADV") else None
                    if adj is not None and c.lower_ not in lx.AMBIGUOUS_TREND_WORDS:
                        return Resolved(adj, _cue(adj))
        if (
            way is None
            and head.pos_ == "VERB"
            and lemmas_of(head) & lx.JOB_LOSS_VERBS
            and _counts_jobs(tok.head if tok.head.pos_ == "NOUN" else child)
        ):
            return Resolved(_DECREASE, DirectionCue.CHANGE_WORD)  # "1,100 jobs will go"
        if (
            way is None
            and head.pos_ == "VERB"
            and child.dep_ in ("dobj", "prep")
            and preposition == "to"
        ):
            subject = next((c for c in _children(head) if c.dep_ == "nsubj"), None)
            if subject is not None and subject.pos_ == "NOUN" and _word_direction(subject):
                way = _word_direction(subject)  # "the increase pushed spending to $349.4bn"
                return Resolved(way, _cue(way))
        if way is None and head.lemma_ == "be" and child.dep_ in ("attr", "acomp", "prep"):
            # "growth will be between 4.7% and 4.8%": the subject is the change
            subject = next((c for c in _children(head) if c.dep_ == "nsubj"), None)
            if subject is not None:
                way = _word_direction(subject) or next(
                    (
                        _word_direction(c)
                        for c in _children(subject)
                        if c.dep_ in ("compound", "amod") and _word_direction(c)
                    ),
                    None,
                )
                if way is not None and way != _STABLE:
                    return Resolved(way, _cue(way))
        if way is None:
            if head.pos_ == "NOUN" and head != tok.head:  # the counted noun's own: last
                for c in _children(head):
                    if c.dep_ == "amod" and c.i not in fig_tokens:
                        adj = _adjective_direction(c)
                        if adj is not None:
                            return Resolved(adj, _cue(adj))
            continue
        if preposition == "from":
            return Resolved(None, DirectionCue.OLD_LEVEL)
        if preposition is not None and preposition not in lx.CHANGE_PREPOSITIONS:
            return None  # "lowered payouts for up to 50,000 investors": whom, not how much
        lemma = head.lemma_.lower()
        if head.pos_ in ("ADV", "ADP") and head.lower_ in ("up", "down") and _next_is(head, "to"):
            return None  # "up to £500": a ceiling, not a rise
        if head.pos_ == "VERB":
            if child.dep_ == "nsubj" and lemma in lx.LOSS_OF_VERBS and _object_counts_jobs(head):
                return Resolved(_DECREASE, DirectionCue.CHANGE_WORD)  # "400,000 lost their jobs"
            if child.dep_ == "nsubj" and lemma in lx.MOTION_VERBS:
                return None  # "15 shells fell": the figure counts things that moved
            if child.dep_ == "nsubj" and way != _STABLE and not _counts_jobs(child):
                return None  # "5,000 workers cut hours": they act, the figure is no change
            if lemma in lx.ADDITION_VERBS and preposition not in (None, "by"):
                return None  # "added to only 10% of salt": added where, not how much
            if lemma in lx.MONEY_ONLY_VERBS and unit is None and not _counts_jobs(child):
                return None  # "saved 200 more": rescued; "saved £2bn": a cut
            if way == _STABLE and lemma in lx.STABLE_VERBS_AT and not _held_at(head, preposition):
                return None  # "the election was held with a turnout of 2 million"
        return Resolved(way, _cue(way))
    return _counted_noun_direction(tok, fig_tokens)


def _raises_money(verb: Token, child: Token, unit: str | None, preposition: str | None) -> bool:
    """ "Labour would raise £8.6bn by closing loopholes", "the firm raised $50m from
    investors": money raised as the verb's object is collected, not a rise."""
    return (
        verb.lemma_.lower() == "raise"
        and child.dep_ == "dobj"
        and preposition is None
        and unit is not None
        and unit.isupper()  # a currency code: money
    )


def _counted_noun_direction(tok: Token, fig_tokens: set[int]) -> Resolved | None:
    """The noun the figure counts, and its modifiers: "157,000 new jobs", "£2bn
    savings", "an additional £419m"."""
    for t in sorted(fig_tokens):
        for c in _children(tok.doc[t]):
            if c.dep_ == "amod" and c.i not in fig_tokens:
                way = _adjective_direction(c)
                if way is not None:
                    return Resolved(way, _cue(way))
    counted = tok.head if tok.dep_ in ("nummod", "compound", "quantmod", "nmod", "amod") else None
    if counted is not None and counted.i not in fig_tokens:
        way = _word_direction(counted)
        if way is not None and counted.pos_ == "NOUN":
            return Resolved(way, _cue(way))
        for c in _children(counted):
            if c.dep_ in ("amod", "compound") and c.i not in fig_tokens:
                way = _adjective_direction(c)
                if way is not None:
                    return Resolved(way, _cue(way))
            if c.dep_ in ("acl", "relcl") and c.pos_ == "VERB" and _about_noun(c):
                way = _word_direction(c) or _particle(c)
                if way is not None:
                    return Resolved(way, _cue(way))
                for _, v in _verb_chain(c):
                    way = _word_direction(v)
                    if way is not None:
                        return Resolved(way, _cue(way))
    return None


def _held_at(verb: Token, preposition: str | None) -> bool:
    """ "kept rates on hold at 4.75%", "stayed at 5%", "remained 5%", "held steady"."""
    if preposition == "at":
        return True
    for c in _children(verb):
        if c.lower_ in ("steady", "unchanged", "flat", "stable"):
            return True
        if c.lower_ == "on" and any(g.lower_ == "hold" for g in c.children):
            return True
    return False


def _about_noun(verb: Token) -> bool:
    """A participle ("jobs being axed") or a relative clause whose subject is the noun
    itself ("jobs which will be cut"), not "seekers whose boat sank"."""
    if verb.dep_ == "acl":
        return True
    if any(t.lower_ == "whose" for t in _near(verb, 8)):
        return False  # "seekers whose boat sank": about the boat
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.lower_ in ("which", "that", "who"):
        return True
    # "the £22bn ministers hope to save": the noun is the object of the clause
    return not any(
        c.dep_ == "dobj" for v in (verb, *(x for _, x in _verb_chain(verb))) for c in v.children
    )


def _near(tok: Token, width: int):
    """The tokens of ``tok``'s subtree within ``width`` tokens of it (a bounded look:
    a subtree can be the whole of a long sentence)."""
    doc = tok.doc
    yield from doc[max(tok.left_edge.i, tok.i - width) : min(tok.right_edge.i, tok.i + width) + 1]


def _next_is(tok: Token, word: str) -> bool:
    return tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == word


def _object_counts_jobs(verb: Token) -> bool:
    """ "lost their jobs", "lost their livelihoods"."""
    return any(c.dep_ == "dobj" and lemmas_of(c) & lx.JOB_NOUNS for c in _children(verb))


def _counts_jobs(noun: Token) -> bool:
    return (
        noun.lemma_.lower() in lx.JOB_NOUNS
        or any(c.lemma_.lower() in lx.JOB_NOUNS for c in _near(noun, 4) if c.i > noun.i)
        or _elliptical_jobs(noun)
    )


def _elliptical_jobs(num: Token) -> bool:
    """A bare number that counts the jobs an earlier clause of its sentence counted
    with the same verb: "1,100 jobs will go in banking while 1,200 will go in IT"."""
    if num.pos_ != "NUM" or num.dep_ not in ("nsubj", "nsubjpass"):
        return False
    verb = num.head
    return any(
        t.lemma_.lower() in lx.JOB_NOUNS
        and t.dep_ in ("nsubj", "nsubjpass")
        and t.head.lemma_ == verb.lemma_
        and t.head != verb
        for t in num.sent
        if t.i < num.i
    )


def _adjective_direction(adj: Token) -> str | None:
    low = adj.lower_
    if low in lx.INCREASE_ADJECTIVES:
        return _INCREASE
    if low in lx.DECREASE_ADJECTIVES:
        return _DECREASE
    return None


def _cue(way: str) -> DirectionCue:
    return DirectionCue.STABLE_WORD if way == _STABLE else DirectionCue.CHANGE_WORD


def trend_words(tok: Token, figure_tokens: set[int]) -> list[Token]:
    """The words that may make a figure a change (its governors and their particles):
    the ones :func:`direction_of` reads."""
    out = []
    for child, head in _governors(tok):
        if head.i in figure_tokens:
            continue
        if child.dep_ == "nsubj" and head.lemma_.lower() in lx.MOTION_VERBS:
            return out
        out.append(head)
        out.extend(
            c
            for c in _children(head)
            if c.dep_ in ("prt", "advmod", "acomp") and c.i not in figure_tokens
        )
    return out


def compared_with_earlier(prev, fig, years: tuple[int, int], unit: str | None, sent: Span):
    """A figure set against the same measure in an earlier year, in this sentence or
    the one before in the same paragraph: "Last year over 4 million visitors … this
    year about 6 million visitors". ``prev`` is the claim before."""
    if prev.year_end is None or prev.year_end >= years[0] or prev.unit != unit:
        return None
    doc = sent.doc
    if prev.char_start < sent.start_char:
        before = doc[sent.start - 1].sent if sent.start > 0 else None
        if (
            before is None
            or prev.char_start < before.start_char
            or "\n" in text_of(doc)[prev.char_end : sent.start_char]
        ):
            return None  # further back, or another paragraph
    return _compare(_level(prev), _point(fig.value, fig.low, fig.high))


_FROM_TO = re.compile(r"\bfrom\s*$", re.I)
_COMPARED_WITH = re.compile(r"^\W*compared\s+(?:with|to)\s+(?:\w+\s+)?$", re.I)
_EARLIER = re.compile(
    r"^\W*(?:\w+\W+){0,4}?(?:ago|earlier|before|previously|last\s+year|a\s+year)\b", re.I
)


def paired_levels(claims: list, text: str, sent: Span) -> dict[int, Resolved]:
    """Directions that two levels of one measure give each other, for figures whose
    own words give none: "increased the number … from 370 to 870" (870 is a rise), and
    "stood at 25%, compared with 10% four years ago" (25% is a rise). ``claims`` are
    one sentence's, in text order; the answer maps their positions to a direction."""
    out: dict[int, Resolved] = {}
    changes: bool | None = None  # whether the sentence has a change word, read once if need be
    for i, (old, new) in enumerate(zip(claims, claims[1:])):
        if old.unit != new.unit:
            continue
        between = text[old.char_end : new.char_start]
        if (
            between.strip().lower() == "to"
            and _FROM_TO.search(text[max(0, old.char_start - 12) : old.char_start])
            and new.direction is None
            and new.cues.get("direction") == DirectionCue.NONE.value
        ):
            if changes is None:
                changes = any(_word_direction(t) or _particle(t) for t in sent)
            if changes:
                out[i + 1] = _compare(_level(old), _level(new))
        elif (
            old.direction is None
            and old.cues.get("direction") == DirectionCue.NONE.value
            and new.cues.get("direction") == DirectionCue.OLD_LEVEL.value
            and _COMPARED_WITH.match(between)
            and _EARLIER.match(text[new.char_end : sent.end_char])
        ):
            out[i] = _compare(_level(new), _level(old))
    for i, (level, change) in enumerate(zip(claims, claims[1:])):
        after = _UP_DOWN_AFTER.match(text[level.char_end : change.char_start])
        if (
            after is not None
            and i not in out
            and level.direction is None
            and level.cues.get("direction") == DirectionCue.NONE.value
            and change.cues.get("direction")
            in (DirectionCue.UP_DOWN.value, DirectionCue.OLD_LEVEL.value)
        ):
            # "329,000 applications, up 51% from 2022" (a change) or "38% approve, down
            # from 41% in December" (the level it left): the level moved that way
            way = _INCREASE if after.group(1).lower() == "up" else _DECREASE
            out[i] = Resolved(way, DirectionCue.UP_DOWN)
    for i, (first, second) in enumerate(zip(claims, claims[1:])):
        between = text[first.char_end : second.char_start]
        appositive = _A_CHANGE_AFTER.match(between) and (
            second.cues.get("direction") == DirectionCue.CHANGE_WORD.value
        )
        comparative = _COMMA_ONLY.match(between) and _COMPARATIVE_AFTER.match(
            text[second.char_end : sent.end_char]
        )
        if (
            (appositive or comparative)
            and i not in out
            and first.direction is None
            and first.cues.get("direction") == DirectionCue.NONE.value
            and second.direction in (_INCREASE, _DECREASE)
        ):
            # "sold 517,800 cars, a 16% drop from a year earlier": the level fell
            out[i] = Resolved(second.direction, DirectionCue.CHANGE_WORD)
        elif (
            _AT_LEVEL.match(between)
            and i + 1 not in out
            and second.direction is None
            and second.cues.get("direction") == DirectionCue.NONE.value
            and first.direction in (_INCREASE, _DECREASE)
            and first.cues.get("direction") == DirectionCue.UP_DOWN.value
        ):
            # "sales were down 1.7% at EUR14.6bn": the level the change reached
            out[i + 1] = Resolved(first.direction, DirectionCue.UP_DOWN)
    for i, claim in enumerate(claims):
        after = text[claim.char_end : sent.end_char]
        if claim.direction is None and i not in out and _UNCHANGED_AFTER.match(after):
            out[i] = Resolved(_STABLE, DirectionCue.STABLE_WORD)  # "17,000, unchanged from…"
    return {i: r for i, r in out.items() if r.value != _STABLE or r.cue == DirectionCue.STABLE_WORD}


# "N, up 51%" / "N, down from M": what follows a level after a comma (a clause may come
# between)
_UP_DOWN_AFTER = re.compile(r"^[^.;]{0,100},\s*(up|down)(?:\s+from)?\s*$", re.I)
# "517,800 cars …, a 16% drop": a level, then its change as an appositive noun phrase
_A_CHANGE_AFTER = re.compile(r"^[^.;]{0,100},\s*(?:an?|or\s+an?)\s*$", re.I)
# "17,962 permits in 2023, 6.5% fewer than in 2022": a level, then its change as a
# comparative
_COMMA_ONLY = re.compile(r"^[^.;]{0,100},\s*$")
_COMPARATIVE_AFTER = re.compile(
    r"^\s*(?:more|fewer|less|higher|lower|up|down)\s+(?:than|on|from)\s+(?:in\s+)?"
    r"(?:the\s+same|the\s+previous|the\s+prior|a\s+year|last|a\s+month|a\s+quarter|"
    r"(?:19|20)\d\d\b)",
    re.I,
)
# "down 1.7% at EUR14.6bn": a change, then the level it reached
_AT_LEVEL = re.compile(r"^\s*at\s*$", re.I)
# "N …, unchanged from the previous year": a level that stayed where it was
_UNCHANGED_AFTER = re.compile(
    r"^[^.;]{0,80},\s*(?:unchanged|flat|steady)\s+(?:from|on|since|compared)\b", re.I
)


def _level(claim) -> float:
    return _point(claim.value, claim.value_low, claim.value_high)


def _point(value: float | None, low: float | None, high: float | None) -> float:
    """A level's point value; the midpoint of a range stands for it."""
    return value if value is not None else ((low or 0) + (high or 0)) / 2


def _compare(old: float, new: float) -> Resolved:
    """The direction from an old level to a new one."""
    if old == new:
        return Resolved(_STABLE, DirectionCue.COMPARED)
    return Resolved(_INCREASE if new > old else _DECREASE, DirectionCue.COMPARED)


# ------------------------------------------------------------------------------- flow


def cue_tokens(tok: Token, figure_tokens: set[int]) -> list[Token]:
    """The words that say what the figure does: its governors, the noun it counts and
    their close dependents (subjects, objects, compounds, modifiers)."""
    seen = set(figure_tokens)
    out = []
    for t in [tok, *(h for _, h in _governors(tok, depth=4))]:
        for c in [t, *_children(t)]:
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
                if c.dep_ in ("prep", "nsubj", "dobj", "xcomp"):
                    out.extend(
                        g
                        for g in _children(c)
                        if g.i not in seen and g.dep_ in ("pobj", "compound", "amod", "prep")
                    )
                elif c.dep_ in ("acl", "relcl"):
                    # "3,000 Uzbeks who applied for asylum": what the people did
                    for g in _children(c):
                        if g.i not in seen and g.dep_ in ("prep", "dobj", "advmod", "prt"):
                            out.append(g)
                            out.extend(p for p in _children(g) if p.dep_ == "pobj")
    return out


def _seeks_status(verb: Token) -> bool:
    """ "claimed asylum": a status sought, not a statement."""
    return any(c.dep_ == "dobj" and lemmas_of(c) & lx.SOUGHT_STATUS for c in _children(verb))


def _share_of_movement(tok: Token) -> bool:
    """ "one-fifth of new departures": a share of a movement of people."""
    wholes = [o for p in _children(tok) if p.lower_ == "of" for o in _children(p)]
    return any(lemmas_of(w) & (lx.OUTBOUND_CUES | lx.INBOUND_CUES) for w in wholes)


def _foreign(people: Token) -> bool:
    """People from abroad: "workers from Uzbekistan", "foreign specialists", "Kyrgyz
    workers"."""
    for c in _children(people):
        if c.dep_ == "prep" and c.lower_ == "from":
            return True
        if c.dep_ in ("amod", "compound") and (
            c.lower_ in lx.FOREIGN_WORDS or c.ent_type_ == "NORP"
        ):
            return True
    return False


def _from_a_place(verb: Token) -> bool:
    """ "took 18,500 workers from Uzbekistan" (the parse hangs "from" on the verb)."""
    return any(
        c.dep_ == "prep"
        and c.lower_ == "from"
        and any(o.ent_type_ in ("GPE", "LOC", "NORP") for o in _children(c))
        for c in _children(verb)
    )


def flow_of(tok: Token, figure_tokens: set[int], unit: str | None) -> Resolved[str | None, FlowCue]:
    """``outbound``/``inbound``/None for a figure that counts people, and the cue."""
    if unit not in (None, "people") and not (unit == "share" and _share_of_movement(tok)):
        return Resolved(None, FlowCue.NONE)
    cues = cue_tokens(tok, figure_tokens)
    counted = counted_noun(tok)
    if counted is not None and counted not in cues:
        # "the number of migrants rose to N" counts the migrants, and "the number of
        # Uzbeks who left for Russia" what they did
        cues = [*cues, counted, *_what_they_did(counted)]
    words = {t.lower_ for t in cues} | {t.lemma_.lower() for t in cues}
    counts_people = (
        bool(words & lx.PEOPLE_NOUNS)
        or bool(words & lx.MOVEMENT_NOUNS)
        or any(t.ent_type_ == "NORP" or _nationals(t) for t in cues)
        or tok.dep_ in ("nsubj", "nsubjpass")
    )
    if not counts_people:
        return Resolved(None, FlowCue.NONE)
    migrants = counted is not None and bool(lemmas_of(counted) & lx.MIGRANT_NOUNS)
    if migrants and any(t.pos_ == "VERB" and lemmas_of(t) & lx.HOSTING_VERBS for t in cues):
        # "Kazakhstan received 120,000 labour migrants": the place they came to
        return Resolved("inbound", FlowCue.INBOUND_WORD)
    if (
        counted is not None
        and counted.dep_ == "dobj"
        and lemmas_of(counted.head) & lx.RECRUITING_VERBS
        and (_foreign(counted) or _from_a_place(counted.head))
    ):
        # "British farms took 18,500 workers from Uzbekistan": brought in from abroad
        return Resolved("inbound", FlowCue.INBOUND_WORD)
    if counted is not None and lemmas_of(counted) & lx.MIGRANT_NOUNS:
        # "labour migrants from Uzbekistan": people who left the place named
        if any(c.lower_ == "from" for c in _children(counted)) and not any(
            t.lower_ in lx.INBOUND_CUES or t.lemma_.lower() in lx.INBOUND_CUES for t in cues
        ):
            return Resolved("outbound", FlowCue.OUTBOUND_WORD)
    for t in cues:
        w, lemma = t.lower_, t.lemma_.lower()
        if w in lx.OUTBOUND_CUES or lemma in lx.OUTBOUND_CUES:
            return Resolved("outbound", FlowCue.OUTBOUND_WORD)
        if lemma == "return" and t.pos_ == "VERB":
            # "returned home from Russia" leaves Russia; "returned to Tajikistan" arrives
            leaves = any(g.lower_ == "from" for g in _near(t, 3))
            if leaves:
                return Resolved("outbound", FlowCue.OUTBOUND_WORD)
            return Resolved("inbound", FlowCue.INBOUND_WORD)
        if lemma == "send" and any(g.lower_ in ("work", "jobs") for g in _near(t, 4)):
            return Resolved("outbound", FlowCue.OUTBOUND_WORD)  # "were sent to work in X"
        if lemma in lx.DEPARTURE_FOR_WORK_VERBS and _goes_abroad(t):
            # "went to work in Kazakhstan", "left for work in Russia"
            return Resolved("outbound", FlowCue.OUTBOUND_WORD)
        if w in lx.INBOUND_CUES or lemma in lx.INBOUND_CUES:
            if t.dep_ == "compound" and t.head.lower_ in lx.BAN_NOUNS:
                continue  # "entry bans on 8,000 citizens": kept out, not let in
            if any(c.lower_ == "from" for c in _children(t)) and w.startswith("immigra"):
                return Resolved("outbound", FlowCue.OUTBOUND_WORD)  # "immigration from X"
            return Resolved("inbound", FlowCue.INBOUND_WORD)
    return Resolved(None, FlowCue.NONE)


def _what_they_did(noun: Token) -> list[Token]:
    """The verbs of a clause describing people counted ("Uzbeks who left to work in
    Korea", "migrants arriving by sea") and their particles and prepositions; the parse
    may hang the clause on "number" in "the number of Uzbeks who left"."""
    out = []
    nouns = [noun]
    if noun.head.lower_ == "of" and noun.head.head.lemma_.lower() in lx.MEASURE_NOUNS:
        nouns.append(noun.head.head)
    for c in (c for n in nouns for c in _children(n)):
        if c.dep_ in ("acl", "relcl") and c.pos_ == "VERB":
            out.append(c)
            out.extend(g for g in _children(c) if g.dep_ in ("prep", "prt", "advmod", "xcomp"))
    return out


def sentence_flow(sent: Span) -> str | None:
    """The movement of people a sentence speaks of, if one ("asylum applications",
    "emigration"): what a figure of the next sentence with no noun of its own counts."""
    for t in sent:
        forms = lemmas_of(t)
        if t.pos_ == "NOUN" and forms & lx.OUTBOUND_CUES:
            return "outbound"
        if t.pos_ == "NOUN" and forms & lx.INBOUND_CUES:
            return "inbound"
    return None


def counted_noun(tok: Token) -> Token | None:
    """What the figure counts: the noun it modifies ("5,000 migrants"), or the X of "the
    number of X rose to N" / "the total of X was N"."""
    if tok.head.pos_ in ("NOUN", "PROPN") and tok.dep_ in ("nummod", "compound", "quantmod"):
        return tok.head
    node = tok
    for _ in range(3):
        if node.head == node:
            return None
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            subject = next((c for c in _children(node) if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None and subject.lemma_.lower() in lx.MEASURE_NOUNS:
                of = next((c for c in _children(subject) if c.lower_ == "of"), None)
                if of is not None:
                    return next((c for c in _children(of) if c.dep_ == "pobj"), None)
            return None
    return None


def _nationals(tok: Token) -> bool:
    """ "Uzbeks", "Tajiks": a people named by its nationality."""
    return tok.pos_ in ("PROPN", "NOUN") and (
        tok.text in lx.DEMONYMS or tok.text.endswith("s") and tok.text[:-1] in lx.DEMONYMS
    )


def _goes_abroad(verb: Token) -> bool:
    """ "went to work in Kazakhstan", "go abroad", "travel to Russia for work"."""
    for c in _children(verb):
        if c.lower_ in ("abroad", "overseas"):
            return True
        if c.dep_ in ("prep", "xcomp", "advcl") and c.lower_ in ("to", "for", "work"):
            if any(
                g.ent_type_ in ("GPE", "LOC") or g.lower_ in ("work", "jobs") for g in _near(c, 6)
            ):
                return True
    return False
