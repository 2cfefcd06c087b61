"""The extractor: from an :class:`~extract.model.Article` to its :class:`~extract.model.Claim` records.

One pass over the parsed article, sentence by sentence, keeping the context that
later sentences lean on: the place in focus ("the country"), the people named
(surnames, pronouns), the year of the figure before (a figure in brackets), the
source the article reports on. Each concern lives in its own module; this one
ties them into a claim.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language

from . import confidence
from . import lexicon as lx
from .direction import direction_of, flow_of
from .figures import Figure, not_claim_reason
from .model import Article, Claim
from .nlp import text_of
from .parsing import figures_of, parse, parse_many
from .periods import Period, find_periods
from .places import Mention, Place, gazetteer, place_mentions
from .speakers import SpeakerContext, note_people, reported_source, speaker_for


def extract_claims(article: Article, nlp: Language, *, full_parse: bool = False) -> list[Claim]:
    """Every numeric claim of ``article``, in text order.

    The article is parsed by :func:`extract.parsing.parse`: in full only where a
    claim can be, unless ``full_parse``."""
    return list(claims_from_doc(article, parse(nlp, article.text, full=full_parse)))


def extract_many(
    articles: Iterable[Article], nlp: Language, batch_size: int = 16, *, full_parse: bool = False
) -> Iterator[tuple[Article, list[Claim]]]:
    """Claims of many articles, parsed in batches (:func:`extract.parsing.parse_many`);
    yields in input order."""
    pairs = ((a.text, a) for a in articles)
    for doc, article in parse_many(nlp, pairs, batch_size=batch_size, full=full_parse):
        yield article, list(claims_from_doc(article, doc))


@dataclass
class _Found:
    fig: Figure
    claim: Claim
    paren: tuple[int, int] | None
    place: Place | None


def claims_from_doc(article: Article, doc) -> Iterator[Claim]:
    """The claims of an article already parsed into ``doc``."""
    text = article.text
    figures = [f for f in figures_of(doc) if not not_claim_reason(f, text, doc)]
    if not figures:
        return
    gaz = gazetteer()
    ctx = SpeakerContext(source=article.source)
    ctx.reported_source = reported_source(doc)
    focus: Place | None = _title_place(article.title, gaz)
    previous: _Found | None = None
    last_place: Place | None = None  # the place of the last claim that had one
    region: Place | None = None  # the last region of the world named ("the region")
    last_period: Period | None = None
    fi = 0
    for sent in doc.sents:
        note_people(sent, ctx)
        in_sent = []
        while fi < len(figures) and figures[fi].start < sent.end_char:
            if figures[fi].start >= sent.start_char:
                in_sent.append(figures[fi])
            fi += 1
        periods = [
            p
            for p in find_periods(sent, article.published)
            if not any(f.start < p.end and p.start < f.end for f in in_sent)
        ]
        mentions = place_mentions(sent, last_place or focus, gaz, region)
        for fig in in_sent:
            span = doc.char_span(fig.start, fig.end, alignment_mode="expand")
            tok = _number_token(span)
            fig_tokens = set(range(span.start, span.end))
            paren = _parenthesis(text, sent.start_char, sent.end_char, fig.start)
            same_sentence = previous if previous and previous.claim.sentence == sent.text else None
            attached = (
                same_sentence
                if paren and same_sentence and same_sentence.fig.end <= paren[0]
                else None
            )

            period, period_cue = _choose_period(fig, periods, paren, text, sent, tok)
            if (
                period is None
                and attached is None
                and last_period is not None
                and last_period.absolute
                and not periods
                and _past_tense(tok)
            ):
                period, period_cue = last_period, "context"
            years = (period.year_start, period.year_end) if period else None
            if years is None and attached is not None:
                years = (attached.claim.year_start, attached.claim.year_end)
            if years is None and article.published is not None:
                years, period_cue = (article.published.year, article.published.year), "published"

            flow, flow_cue = flow_of(tok, fig_tokens, fig.unit)
            if (
                flow is None
                and (attached or same_sentence) is not None
                and not _has_verb_of_its_own(tok)
            ):
                flow = (attached or same_sentence).claim.flow
            mention = _choose_place(fig, tok, mentions, paren, flow)
            if mention is not None:
                place = mention.place
                place_name = (
                    mention.text
                    if place.kind in ("city", "region") and gaz.lookup(mention.text) == place
                    else place.name
                )
            elif (attached or same_sentence) is not None:
                src = attached or same_sentence
                place, place_name = src.place, src.claim.place
            elif last_place is not None:
                place = gaz.country(last_place.country_code) or last_place
                place_name = place.name
            elif focus is not None:
                place, place_name = focus, focus.name
            else:
                place, place_name = None, None
            coords = (
                (place.country_code, place.latitude, place.longitude)
                if place
                else (None, None, None)
            )

            speaker, speaker_cue = speaker_for(tok, sent, ctx)
            if attached is not None:
                speaker = attached.claim.speaker
            other_before = same_sentence is not None and not paren
            direction, direction_cue = direction_of(
                tok, fig_tokens, fig.qualifier, sent, other_before
            )
            if attached is not None:
                direction = None
            unit, subject = _unit_and_subject(fig, tok, fig_tokens)
            if (
                direction is None
                and attached is None
                and previous is not None
                and years
                and period_cue == "sentence"
            ):
                direction, direction_cue = _compared(previous.claim, fig, years, unit, sent)
            origin, destination = _origin_destination(tok, fig_tokens, mentions, flow)
            score = confidence.confidence_of(
                _features(
                    fig,
                    unit,
                    period_cue,
                    mention,
                    speaker_cue,
                    direction_cue,
                    flow_cue,
                    sent,
                    places=len(mentions),
                    periods=len(periods),
                    figures=len(in_sent),
                    place_from_context=mention is None and place is not None,
                )
            )
            claim = Claim(
                figure=fig.text,
                char_start=fig.start,
                char_end=fig.end,
                sentence=sent.text,
                value=fig.value,
                value_low=fig.low,
                value_high=fig.high,
                qualifier=fig.qualifier,
                unit=unit,
                subject=subject,
                year_start=years[0] if years else None,
                year_end=years[1] if years else None,
                period=period.text if period else None,
                place=place_name,
                country_code=coords[0],
                latitude=coords[1],
                longitude=coords[2],
                speaker=speaker,
                direction=direction,
                flow=flow,
                origin=origin,
                destination=destination,
                confidence=score,
                article=article.path,
            )
            previous = _Found(fig, claim, paren, place)
            if place is not None:
                last_place = place
            yield claim
        last_period = next((p for p in reversed(periods) if p.absolute), None) or (
            last_period if not periods else None
        )
        if sent.text.endswith("\n") or "\n" in text_of(doc)[sent.end_char : sent.end_char + 2]:
            last_period = None  # context does not cross paragraphs
        region = next(
            (
                m.place
                for m in reversed(mentions)
                if m.place.kind == "continent" and m.text.lower() not in lx.PLACE_ANAPHORS
            ),
            region,
        )
        focus = _new_focus(
            [m for m in mentions if _place_penalty(doc[m.token_i], doc[m.token_i]) == 0], focus, gaz
        )


def _number_token(span):
    """The token of the figure that the parse hangs the figure on."""
    nums = [t for t in span if t.like_num or t.pos_ == "NUM"]
    if not nums:
        return span.root
    # the last number token: "5.2 million" hangs on "million", "1,000 to 4,000" on 4,000
    return max(nums, key=lambda t: (t.head.i not in range(span.start, span.end), t.i))


def _parenthesis(text: str, sent_start: int, sent_end: int, pos: int) -> tuple[int, int] | None:
    """The brackets around ``pos`` within the sentence, if any."""
    open_at = text.rfind("(", sent_start, pos)
    if open_at == -1 or text.rfind(")", open_at, pos) != -1:
        return None
    close_at = text.find(")", pos, sent_end)
    return open_at, close_at if close_at != -1 else sent_end


def _choose_period(
    fig: Figure, periods: list[Period], paren, text: str, sent, tok
) -> tuple[Period | None, str]:
    cands = [p for p in periods if p.end <= fig.start or p.start >= fig.end]
    if paren:
        inside = [p for p in cands if paren[0] < p.start < paren[1]]
        if inside:
            return inside[0], "sentence"
        return None, ""
    cands = [
        p for p in cands if _parenthesis(text, sent.start_char, sent.end_char, p.start) is None
    ]
    # a period the parse attaches to the figure's own verb or noun
    near = _clause_heads(tok)
    attached = [p for p in cands if _period_head(sent.doc, p) in near]
    if attached:
        return min(attached, key=lambda p: abs(p.start - fig.start)), "sentence"
    # "299.500 in 1997": a period right after the figure
    for p in cands:
        if (
            p.start >= fig.end
            and p.start - fig.end <= 25
            and not any(c in text[fig.end : p.start] for c in ",;:(")
        ):
            return p, "sentence"
    before = [p for p in cands if p.end <= fig.start]
    if before:
        return before[-1], "sentence"
    after = [p for p in cands if p.start >= fig.end]
    if after:
        return after[0], "sentence"
    return None, ""


def _describes_figure(norp, tok) -> bool:
    """ "Australian children", "10 per cent of Australian salt": the nationality
    modifies the noun the figure counts."""
    noun = norp.head
    near = _clause_heads(tok) | {tok.head.i}
    return noun.i in near or (
        noun.head.lower_ == "of"
        and noun.head.head.i in near | {t.i for t in tok.head.subtree if t.i <= noun.i}
    )


def _governing_preposition(tok) -> str | None:
    """``from`` for "from Afghanistan, Eritrea and Syria" (conjuncts included)."""
    node = tok
    while node.dep_ == "conj" and node.head != node:
        node = node.head
    return node.head.lower_ if node.head.pos_ == "ADP" else None


def _clause_heads(tok) -> set[int]:
    """The figure's token, its governors up to its verb, and verbs describing the noun
    it counts ("45,756 migrants crossing … last year")."""
    heads = {tok.i}
    node = tok
    for _ in range(4):
        if node.head == node:
            break
        node = node.head
        heads.add(node.i)
        for c in node.children:
            if c.dep_ in ("acl", "relcl") and c.pos_ == "VERB":
                heads.add(c.i)
        if node.pos_ in ("VERB", "AUX"):
            break
    return heads


def _period_head(doc, p: Period) -> int:
    span = doc.char_span(p.start, p.end, alignment_mode="expand")
    root = span.root
    head = root.head
    if head.dep_ == "prep" and head.lower_ in (
        "in",
        "during",
        "by",
        "since",
        "from",
        "for",
        "on",
        "at",
        "until",
        "through",
    ):
        head = head.head
    return head.i


def _choose_place(
    fig: Figure, tok, mentions: list[Mention], paren, flow: str | None
) -> Mention | None:
    doc = tok.doc
    best, best_score = None, None
    for m in mentions:
        if fig.start <= m.start < fig.end:
            continue
        if paren and not (paren[0] < m.start < paren[1]):
            continue
        head = doc[m.token_i]
        if flow == "inbound" and (
            _governing_preposition(head) == "from" or head.ent_type_ == "NORP"
        ):
            continue  # where arrivals come from is their origin, not the place counted
        score = abs(m.token_i - tok.i) + _place_penalty(head, tok)
        if head.ent_type_ == "NORP" and not _describes_figure(head, tok):
            continue  # a nationality only places the figure it describes
        if score - abs(m.token_i - tok.i) >= 10:
            continue
        if best_score is None or score < best_score:
            best, best_score = m, score
    return best


def _compared(prev: Claim, fig: Figure, years, unit, sent) -> tuple[str | None, str]:
    """A figure set against the same measure in an earlier year, in this sentence or
    the one before in the same paragraph: "Last year over 4 million visitors … this
    year about 6 million visitors"."""
    if prev.year_end is None or prev.year_end >= years[0] or prev.unit != unit:
        return None, ""
    doc = sent.doc
    if prev.char_start < sent.start_char:
        before = doc[sent.start - 1].sent if sent.start > 0 else None
        if (
            before is None
            or prev.char_start < before.start_char
            or "\n" in text_of(doc)[prev.char_end : sent.start_char]
        ):
            return None, ""  # further back, or another paragraph

    def mid(v, lo, hi):
        return v if v is not None else ((lo or 0) + (hi or 0)) / 2

    a, b = mid(prev.value, prev.value_low, prev.value_high), mid(fig.value, fig.low, fig.high)
    if a == b:
        return "stable", "compared"
    return ("increase" if b > a else "decrease"), "compared"


def _place_penalty(head, tok) -> int:
    """How unlikely a place is to be where the figure is counted, from its governors."""
    chain = [head.head, head.head.head, head.head.head.head]
    if any(g.lower_ in lx.PLACE_EXCLUDING_PREPOSITIONS for g in chain):
        return 100
    gov = head.head
    if gov.lower_ in lx.WEAK_PLACE_PREPOSITIONS:
        return 10
    if (
        head.dep_ != "compound"
        and gov.pos_ == "ADP"
        and gov.lower_ not in ("in", "from", "at", "across", "throughout", "around")
        and gov.head.pos_ == "NOUN"
        and gov.head.i not in _clause_heads(tok)
    ):
        return 10  # "the border with Russia": a place that describes a noun
    return 0


def _past_tense(tok) -> bool:
    """Whether the clause of ``tok`` is in the past: only then does it inherit the
    year of the sentence before (a present-tense figure is about the publication)."""
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


def _has_verb_of_its_own(tok) -> bool:
    """Whether a verb governs the figure (else it shares the verb of the figure before: "and in 2020, only 19,000")."""
    node = tok
    for _ in range(4):
        if node.head == node:
            return node.pos_ == "VERB"
        node = node.head
        if node.pos_ == "VERB":
            return True
    return False


def _origin_destination(tok, fig_tokens, mentions, flow):
    if flow is None:
        return None, None
    origin = destination = None
    for m in mentions:
        prep = _governing_preposition(tok.doc[m.token_i])
        if prep == "from" and origin is None:
            origin = m.place.name
        elif prep in ("to", "into") and destination is None:
            destination = m.place.name
    return origin, destination


def _unit_and_subject(fig: Figure, tok, fig_tokens) -> tuple[str | None, str | None]:
    unit = fig.unit
    noun = (
        tok.head
        if tok.dep_ in ("nummod", "quantmod", "amod", "compound")
        and tok.head.pos_ in ("NOUN", "PROPN")
        else None
    )
    if noun is not None and noun.i not in fig_tokens and unit is None:
        unit = " ".join(
            t.lower_ for t in noun.lefts if t.dep_ == "compound" and t.i not in fig_tokens
        )
        unit = f"{unit} {noun.lower_}".strip()
    verb = next(
        (h for h in [tok.head, tok.head.head, tok.head.head.head] if h.pos_ == "VERB"), None
    )
    subject = None
    if verb is not None:
        words = [verb]
        for c in verb.rights:
            if c.dep_ in ("dobj", "prep", "prt", "attr", "acomp") and c.i not in fig_tokens:
                words.extend(t for t in c.subtree if t.i not in fig_tokens)
                break
        subject = " ".join(t.text for t in sorted(words, key=lambda t: t.i)[:8])
    return unit, subject


def _features(
    fig: Figure, unit, period_cue, mention, speaker_cue, direction_cue, flow_cue, sent, **counts
) -> dict[str, bool]:
    """The features :mod:`extract.confidence` weighs: how much of the claim the text
    states outright, in the figure's own sentence."""
    return confidence.features(
        unit=bool(unit),
        period_cue=period_cue,
        place_in_sentence=mention is not None,
        speaker_cue=speaker_cue,
        someone_speaks=any(t.lemma_.lower() in lx.REPORTING_VERBS or t.text in '"“”' for t in sent),
        trend_or_flow_cue=bool(direction_cue or flow_cue),
        is_words=fig.is_words,
        value=fig.value,
        qualifier=bool(fig.qualifier),
        is_range=fig.is_range,
        words=sum(1 for t in sent if not t.is_punct and not t.is_space),
        **counts,
    )


def _title_place(title: str | None, gaz) -> Place | None:
    """The first country the headline names ("North Korea puts…", "UK asylum…")."""
    if not title:
        return None
    for m in re.finditer(r"\b[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2}", title):
        words = m.group(0).split()
        for n in range(len(words), 0, -1):
            for i in range(len(words) - n + 1):
                place = gaz.lookup(" ".join(words[i : i + n]))
                if place is not None and place.kind == "country":
                    return place
    return None


def _new_focus(mentions: list[Mention], focus: Place | None, gaz) -> Place | None:
    """The country in focus after a sentence: the last country it names."""
    for m in reversed(mentions):
        if m.place.kind == "country":
            return m.place
    for m in reversed(mentions):
        if m.place.country_code and m.place.kind in ("city", "region"):
            return gaz.country(m.place.country_code) or focus
    return focus
