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
from itertools import groupby

from spacy.language import Language
from spacy.tokens import Span

from . import confidence
from . import lexicon as lx
from .context import ArticleState, FigureContext, Found, SentenceContext
from .cues import DirectionCue, FlowCue, PlaceCue, Resolved, SpeakerCue, YearsCue
from .direction import (
    compared_with_earlier,
    counted_noun,
    direction_of,
    flow_of,
    paired_levels,
    sentence_flow,
)
from .figures import Figure, figure_cue, not_claim_reason
from .grammar import has_verb_of_its_own, lemmas, number_token, parenthesis
from .model import Article, Claim
from .nlp import text_of
from .parsing import figures_of, parse, parse_many
from .periods import find_periods, paragraph_time, resolve_years
from .places import (
    Place,
    gazetteer,
    home_place,
    new_focus,
    origin_destination,
    place_mentions,
    place_penalty,
    resolve_place,
    title_place,
)
from .quotes import quotations
from .speakers import (
    SpeakerState,
    added_source,
    attributions,
    how_it_continues,
    note_sentence,
    reported_source,
    resolve_speaker,
    says_hearsay,
    update_governing,
)


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


def not_claims(article: Article, nlp: Language) -> list[tuple[str, int, str]]:
    """The figures of ``article`` that are not claims: ``(figure, offset, reason)``."""
    doc = parse(nlp, article.text)
    text = text_of(doc)
    found = []
    for fig in figures_of(doc):
        reason = not_claim_reason(fig, text, doc)
        if reason:
            found.append((fig.text, fig.start, str(reason)))
    return found


def claims_from_doc(article: Article, doc) -> Iterator[Claim]:
    """The claims of an article already parsed into ``doc``: one pass over its
    sentences, each figure's fields resolved by one resolver each."""
    text = text_of(doc)
    figures = [f for f in figures_of(doc) if not not_claim_reason(f, text, doc)]
    if not figures:
        return
    state = _article_state(article, doc)
    found: list[tuple[Claim, int, dict[str, bool]]] = []  # claim, sentence, context features
    sources: dict[int, set[str]] = {}  # sentence -> the sources it names
    added: dict[int, str] = {}  # sentence -> the source that "added" it
    paragraph_of: dict[int, int] = {}
    sentences: dict[int, Span] = {}
    paragraph = 0
    fi = 0
    for index, sent in enumerate(doc.sents):
        in_sent = []
        while fi < len(figures) and figures[fi].start < sent.end_char:
            if figures[fi].start >= sent.start_char:
                in_sent.append(figures[fi])
            fi += 1
        sctx = _sentence(sent, index, in_sent, state)
        paragraph += sctx.starts_paragraph and index > 0
        paragraph_of[index] = paragraph
        sentences[index] = sent
        named = {a.name for a in sctx.attributions if a.named}
        if named:
            sources[index] = named
        adding = added_source(sent, sctx.attributions)
        if adding is not None:
            added[index] = adding
        for fig in in_sent:
            fx = _figure(fig, sctx, state)
            claim, place = _claim(fx, state, article)
            state.previous = Found(fig, claim, fx.paren, place, sent.start_char)
            if place is not None and (
                claim.flow is not None or claim.cues.get("place") != PlaceCue.NATIONALITY.value
            ):
                # "Kyrgyz nationals received 4,100 visas": whom the figure counts, not
                # where the story is (unless they leave it); later sentences do not take
                # it as their place
                state.last_place = place
            if claim.flow is not None:
                state.previous_flow, state.flow_sentence = claim.flow, index
            found.append((claim, index, confidence.context_features(fx, state, claim)))
        _after_sentence(sctx, state)
    found = list(_paired(found, sentences, text))
    final = list(_carried_sources(found, sources, added, paragraph_of))
    whole = confidence.article_features([claim for claim, _, _ in final])
    for claim, _index, context in final:
        score = confidence.confidence_of(confidence.features_of(claim) | context | whole)
        yield claim.replace(confidence=score)


def _paired(found, sentences, text: str):
    """Directions two levels of one measure in a sentence give each other
    (:func:`extract.direction.paired_levels`)."""
    for index, group in groupby(found, key=lambda item: item[1]):
        items = list(group)
        paired = paired_levels([c for c, _, _ in items], text, sentences[index])
        for i, (claim, _, context) in enumerate(items):
            if i in paired:
                way = paired[i]
                cues = {**claim.cues, "direction": way.cue.value}
                claim = claim.replace(direction=way.value, cues=cues)
            yield claim, index, context


def _carried_sources(found, sources, added, paragraph_of: dict[int, int]):
    """A claim in the article's own voice goes on reporting a source when it stands
    between two sentences naming the same source, with no other source named between
    them, in the same paragraph ("…, said a World Bank report. Unemployment stood at
    25%. … The report said …"), or just before a sentence that source "added"
    ("Sales rose 1.2%. They climbed 8% for the year, the Commerce Department added.")."""
    named_at = sorted(sources)
    for claim, index, context in found:
        if claim.cues.get("speaker") == SpeakerCue.OUTLET.value and named_at:
            source, cue = _sandwiched(index, named_at, sources, paragraph_of), SpeakerCue.BETWEEN
            if source is None and index + 1 in added and index not in sources:
                if paragraph_of[index] == paragraph_of[index + 1]:
                    source, cue = added[index + 1], SpeakerCue.ADDED
            if source is not None:
                cues = {**claim.cues, "speaker": cue.value}
                claim = claim.replace(speaker=source, cues=cues)
        yield claim, index, context


def _sandwiched(index, named_at, sources, paragraph_of) -> str | None:
    before = [i for i in named_at if i < index]
    after = [i for i in named_at if i > index]
    if not before or not after:
        return None
    i, j = before[-1], after[0]
    if j - i > lx.MAX_REPORTED_SPAN or paragraph_of[i] != paragraph_of[j]:
        return None
    shared = sources[i] & sources[j]
    return min(shared) if len(shared) == 1 else None


def _article_state(article: Article, doc) -> ArticleState:
    gaz = gazetteer()
    speakers = SpeakerState(source=article.source)
    speakers.reported_source = reported_source(doc)
    text = text_of(doc)
    hearsay = says_hearsay(text)
    focus = title_place(article.title, gaz)
    home = home_place(doc, article.title, gaz, figures_of(doc), article.source)
    return ArticleState(
        published=article.published,
        gaz=gaz,
        speakers=speakers,
        quotes=quotations(text),
        hearsay=hearsay,
        home=home,
        focus=focus,
    )


def _sentence(sent, index: int, figures: list[Figure], state: ArticleState) -> SentenceContext:
    """Read a sentence once: what every figure in it shares."""
    note_sentence(sent, state.speakers)
    periods = [
        p
        for p in find_periods(sent, state.published)
        if not any(f.start < p.end and p.start < f.end for f in figures)
    ]
    mentions = place_mentions(sent, state.last_place or state.focus, state.gaz, state.region)
    found = attributions(sent, state.speakers)
    continuing, continuing_cue = None, SpeakerCue.CONTINUED
    governing = state.speakers.governing
    if governing is not None and not any(a.named for a in found):
        how = how_it_continues(sent, governing)
        if how is not None:
            continuing, continuing_cue = governing, how
    text = text_of(sent.doc)
    starts_paragraph = (
        sent.start_char == 0 or "\n" in text[max(0, sent.start_char - 2) : sent.start_char]
    )
    return SentenceContext(
        sent, index, figures, periods, mentions, found, continuing, starts_paragraph, continuing_cue
    )


def _figure(fig: Figure, sctx: SentenceContext, state: ArticleState) -> FigureContext:
    sent = sctx.sent
    doc = sent.doc
    span = doc.char_span(fig.start, fig.end, alignment_mode="expand")
    tok = number_token(span)
    paren = parenthesis(text_of(doc), sent.start_char, sent.end_char, fig.start)
    previous = state.previous
    before = previous if previous and previous.sentence_start == sent.start_char else None
    attached = before if paren and before and before.fig.end <= paren[0] else None
    return FigureContext(
        fig, span, tok, set(range(span.start, span.end)), paren, sctx, before, attached
    )


def _claim(fx: FigureContext, state: ArticleState, article: Article) -> tuple[Claim, Place | None]:
    """One figure's claim: each field from its resolver, with the cue that decided it."""
    fig, sent = fx.fig, fx.sent
    years = resolve_years(fx, state)
    flow = _flow(fx, state)
    place, place_obj = resolve_place(fx, state, flow.value)
    speaker = _speaker(fx, state)
    unit, subject = _unit_and_subject(fig, fx.tok, fx.tokens)
    direction = _direction(fx, state, years, unit)
    if fx.before is not None and _gapped(fx):
        # "Uzbeks received 9,800 of the visas, Kyrgyz nationals 4,100": the verb left
        # out is the first clause's, and so are its time, place, movement and change
        first = fx.before
        years, place, flow, direction, place_obj = _shared_by_gapping(
            first, years, place, flow, direction, place_obj
        )
    origin, destination = origin_destination(fx, flow.value)
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
        year_start=years.value[0] if years.value else None,
        year_end=years.value[1] if years.value else None,
        period=fx.period,
        place=place.value,
        country_code=place_obj.country_code if place_obj else None,
        latitude=place_obj.latitude if place_obj else None,
        longitude=place_obj.longitude if place_obj else None,
        speaker=speaker.value,
        direction=direction.value,
        flow=flow.value,
        origin=origin,
        destination=destination,
        article=article.path,
        cues={
            "value": figure_cue(fig).value,
            "years": years.cue.value,
            "place": place.cue.value,
            "speaker": speaker.cue.value,
            "direction": direction.cue.value,
            "flow": flow.cue.value,
        },
    )
    return claim, place_obj


_GAPPED = re.compile(
    r"^[^.;:!?]*?(?:,\s*|\s+and\s+)(?:and\s+)?([A-Za-z][\w'-]*(?:\s+[\w'-]+){0,2})\s+$"
)
_WEAK_YEARS = (YearsCue.PUBLISHED, YearsCue.CONTEXT, YearsCue.NONE)
_WEAK_PLACE = (PlaceCue.NATIONALITY, PlaceCue.CONTEXT, PlaceCue.FOCUS, PlaceCue.NONE)


def _gapped(fx: FigureContext) -> bool:
    """Whether the figure is the count of a clause whose verb is left out ("Uzbeks
    received 9,800, Kyrgyz nationals 4,100 and Tajiks 1,350"; "prices rose 5%, wages
    3%"): a comma or "and", at most three words naming what it counts, the figure, and
    the end of the clause."""
    before = fx.before
    assert before is not None
    text = text_of(fx.tok.doc)
    m = _GAPPED.match(text[before.fig.end : fx.fig.start])
    if m is None or any(w.lower() in lx.VERBS_NOT_GAPPED for w in m.group(1).split()):
        return False
    after = text[fx.fig.end : fx.fig.end + 6]
    return re.match(r"\s*(?:[,.;)]|and\b|$)", after) is not None


def _shared_by_gapping(first: Found, years, place, flow, direction, place_obj):
    """The fields a gapped figure takes from the clause it leaves its verb to."""
    claim = first.claim
    if years.cue in _WEAK_YEARS and claim.year_start is not None:
        years = Resolved((claim.year_start, claim.year_end), YearsCue.SHARED)
    if (
        place.cue in _WEAK_PLACE
        and claim.place is not None
        and claim.cues.get("place") != PlaceCue.NATIONALITY.value
    ):
        place, place_obj = Resolved(claim.place, PlaceCue.SHARED), first.place
    if flow.value is None and claim.flow is not None:
        flow = Resolved(claim.flow, FlowCue.SHARED)
    if direction.value is None and claim.direction is not None:
        direction = Resolved(claim.direction, DirectionCue.CHANGE_WORD)
    return years, place, flow, direction, place_obj


def _flow(fx: FigureContext, state: ArticleState) -> Resolved:
    """The flow resolver, then what the figure shares with the one before it or with
    the sentence before."""
    fig, tok = fx.fig, fx.tok
    flow = flow_of(tok, fx.tokens, fig.unit)
    if flow.value is None and fx.shared is not None and fx.shared.claim.flow is not None:
        # "only 14,800 left (31,100 in 2021)": a bracketed figure counts the same people
        if fx.attached is not None or not has_verb_of_its_own(tok) or _elliptical(fx):
            return Resolved(fx.shared.claim.flow, FlowCue.SHARED)
    if (
        flow.value is None
        and state.previous_flow is not None
        and state.flow_sentence == fx.sentence.index - 1
        and fig.unit is None
        and counted_noun(tok) is None
        and tok.dep_ in ("nsubj", "nsubjpass")
    ):
        # "… asylum applications. Some 112,000 were lodged in 2022.": the figure names no
        # noun of its own and counts what the sentence before spoke of
        return Resolved(state.previous_flow, FlowCue.CONTEXT)
    if (
        flow.value is None
        and state.previous_flow == "inbound"
        and state.flow_sentence == fx.sentence.index - 1
        and _counts_applications(tok)
    ):
        # "Asylum claims are growing. Applications from Uzbeks rose to 530.": the
        # applications are the ones just spoken of
        return Resolved("inbound", FlowCue.CONTEXT)
    return flow


def _counts_applications(tok) -> bool:
    """Whether the figure counts applications or claims ("applications rose to 530",
    "530 applications")."""
    counted = counted_noun(tok)
    if counted is None:  # "applications rose to 530": the subject of the figure's verb
        verb = next((h for h in tok.ancestors if h.pos_ in ("VERB", "AUX")), None)
        counted = next((c for c in verb.children if c.dep_ == "nsubj"), None) if verb else None
    return counted is not None and bool(lemmas(counted) & lx.APPLICATION_NOUNS)


def _speaker(fx: FigureContext, state: ArticleState) -> Resolved:
    """The speaker resolver; a bracketed figure has the speaker of the one before it."""
    if fx.attached is not None:
        return Resolved(fx.attached.claim.speaker, SpeakerCue.SHARED)
    return resolve_speaker(
        fx.tok,
        fx.sentence.attributions,
        state.quotes,
        state.speakers,
        state.hearsay,
        fx.sentence.continuing,
        fx.sentence.continuing_cue,
    )


def _direction(fx: FigureContext, state: ArticleState, years: Resolved, unit) -> Resolved:
    """The direction resolver; with no cue, a comparison with the same measure in an
    earlier year; none for a bracketed figure (a conversion or an aside)."""
    if fx.attached is not None:
        return Resolved(None, DirectionCue.NONE)
    fig = fx.fig
    direction = direction_of(
        fx.tok,
        fx.tokens,
        figure_text=fig.text,
        qualifier=fig.qualifier,
        unit=fig.unit,
        sent=fx.sent,
        other_figure_before=fx.before is not None and not fx.paren,
    )
    if (
        direction.value is None
        and direction.cue != DirectionCue.OLD_LEVEL
        and state.previous is not None
        and years.value is not None
        and years.cue in (YearsCue.ATTACHED, YearsCue.ADJACENT, YearsCue.IN_SENTENCE)
    ):
        compared = compared_with_earlier(state.previous.claim, fig, years.value, unit, fx.sent)
        if compared is not None:
            return compared
    return direction


def _elliptical(fx: FigureContext) -> bool:
    """ "rescued 700 asylum seekers … and saved 200 more": a figure with no noun of its
    own that counts more of the same."""
    doc = fx.tok.doc
    last = max(fx.tokens)
    return last + 1 < len(doc) and doc[last + 1].lower_ in lx.ELLIPTICAL_WORDS


def _after_sentence(sctx: SentenceContext, state: ArticleState) -> None:
    """What this sentence leaves for the next ones."""
    sent, periods, mentions = sctx.sent, sctx.periods, sctx.mentions
    state.last_period = paragraph_time(periods, state.last_period)
    if any(a.named for a in sctx.attributions):
        state.speakers.sources_named += 1
    text = text_of(sent.doc)
    if sent.text.endswith("\n") or "\n" in text[sent.end_char : sent.end_char + 2]:
        state.last_period = None  # context does not cross paragraphs
        state.speakers.governing = None
    else:
        update_governing(sent, sctx.attributions, state.speakers)
    movement = sentence_flow(sent)
    if movement is not None:
        state.previous_flow, state.flow_sentence = movement, sctx.index
    state.region = next(
        (
            m.place
            for m in reversed(mentions)
            if m.place.kind == "continent" and m.text.lower() not in lx.PLACE_ANAPHORS
        ),
        state.region,
    )
    doc = sent.doc
    state.focus = new_focus(
        [m for m in mentions if place_penalty(doc[m.token_i], doc[m.token_i]) == 0],
        state.focus,
        state.gaz,
        doc,
    )


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
                edge = min(c.right_edge.i, c.i + 8)  # bounded: a subtree can be a whole sentence
                words.extend(t for t in tok.doc[c.left_edge.i : edge + 1] if t.i not in fig_tokens)
                break
        subject = " ".join(t.text for t in sorted(words, key=lambda t: t.i)[:8])
    return unit, subject
