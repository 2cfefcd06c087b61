"""Partial parsing: the full pipeline on paragraphs that may hold a claim, entities
and sentence boundaries on the rest, one Doc over the whole text."""

from pathlib import Path

import pytest
import spacy

from extract import extractor, parsing
from extract.articles import read_article, scan_corpus
from extract.figures import find_figures

ROOT = Path(__file__).resolve().parent.parent

TEXT = (
    "Officials in Astana met on Monday.\n\n"
    "The weather was mild and the talks were long. Nobody from London came.\n\n"
    "Malika Toqmadi said 5,000 people left Kazakhstan in 2021.\n\n"
    "She thanked Dmitry Petrov of Moscow State University. He was not there.\n"
)


def test_runs_cover_the_text_and_pick_paragraphs_with_figures_and_the_first():
    text = TEXT + "\nThe meeting ended at noon. Astana was quiet.\n"
    runs = parsing.paragraph_runs(text)
    assert "".join(text[s:e] for s, e, _ in runs) == text
    kinds = [(text[s:e], kind) for s, e, kind in runs]
    assert kinds[0][0].startswith("Officials in Astana") and kinds[0][1] == parsing.FULL
    assert any("The weather was mild" in t and k == parsing.ENTITIES for t, k in kinds)
    assert any("5,000 people" in t and k == parsing.FULL for t, k in kinds)
    # after the last paragraph with a figure nothing can flow into a claim
    assert any(
        "Dmitry Petrov" in t and "Astana was quiet" in t and k == parsing.TOKENS for t, k in kinds
    )


def test_a_year_alone_does_not_make_a_paragraph_full():
    text = "Intro sentence here.\n\nThe law was passed in 2019.\n\nAbout 300 people signed.\n"
    runs = parsing.paragraph_runs(text)
    by_text = {text[s:e].strip(): kind for s, e, kind in runs}
    assert by_text["The law was passed in 2019."] == parsing.ENTITIES
    assert by_text["About 300 people signed."] == parsing.FULL


def test_a_year_like_number_that_counts_something_keeps_its_paragraph_full():
    text = "Intro.\n\nLast month 1709 children were vaccinated.\n"
    runs = parsing.paragraph_runs(text)
    assert [k for s, e, k in runs if "1709" in text[s:e]] == [parsing.FULL]


def test_an_article_without_figures_is_not_parsed():
    text = "The minister resigned.\n\nShe was replaced in 2019 by her deputy.\n"
    assert [k for _, _, k in parsing.paragraph_runs(text)] == [parsing.TOKENS]


def test_parsed_doc_has_the_articles_offsets_and_sentences(nlp):
    doc = parsing.parse(nlp, TEXT)
    assert doc.text == TEXT
    sents = [s.text.strip() for s in doc.sents if s.text.strip()]
    assert "Nobody from London came." in sents  # split in a light paragraph too
    assert "He was not there." in sents
    start = TEXT.index("5,000")
    assert doc.char_span(start, start + 5).text == "5,000"


def test_full_paragraphs_are_parsed_and_light_ones_keep_entities_only(nlp):
    doc = parsing.parse(nlp, TEXT)
    said = next(t for t in doc if t.text == "said")
    assert said.pos_ == "VERB" and any(c.dep_ == "nsubj" for c in said.children)
    light = [t for t in doc if t.text in ("thanked", "mild")]
    assert len(light) == 2 and all(
        t.pos_ == "" and t.dep_ in ("ROOT", parsing.PLACEHOLDER_DEP) for t in light
    )
    labels = {e.text: e.label_ for e in doc.ents}
    assert "London" in labels  # entities in a paragraph before a figure
    assert "Dmitry Petrov" not in labels  # none after the last figure


def test_full_flag_and_models_without_a_segmenter_parse_everything(nlp):
    doc = parsing.parse(nlp, TEXT, full=True)
    assert next(t for t in doc if t.text == "thanked").pos_ == "VERB"
    blank = spacy.blank("en")
    assert not parsing.can_parse_partially(blank)
    assert parsing.parse(blank, TEXT).text == TEXT


def test_parse_many_keeps_order_and_context_across_batches(nlp):
    texts = [f"Paragraph {i}.\n\nAbout {i},000 people left.\n" for i in range(2, 9)]
    out = list(parsing.parse_many(nlp, [(t, i) for i, t in enumerate(texts)], batch_size=3))
    assert [i for _, i in out] == list(range(len(texts)))
    assert [d.text for d, _ in out] == texts


def test_empty_and_blank_texts(nlp):
    assert parsing.parse(nlp, "").text == ""
    assert parsing.parse(nlp, "\n\n  \n").text == "\n\n  \n"


def bundled_articles():
    corpus = ROOT / "corpus"
    return [read_article(p, corpus) for p, reason in scan_corpus(corpus) if reason is None]


def test_partial_parse_finds_the_same_figures_as_a_full_parse(nlp):
    """Every figure a full parse finds in the bundled corpus is found, with the same
    value, and the same claims count. (Other fields may differ where spaCy's parse
    of a paragraph depends on what precedes it.)"""
    for article in bundled_articles():
        full = extractor.extract_claims(article, nlp, full_parse=True)
        part = extractor.extract_claims(article, nlp)
        assert [(c.figure, c.char_start, c.value, c.value_low, c.value_high) for c in part] == [
            (c.figure, c.char_start, c.value, c.value_low, c.value_high) for c in full
        ], article.path


def test_the_figures_found_while_planning_travel_with_the_doc(nlp):
    doc = parsing.parse(nlp, TEXT)
    kept = parsing.figures_of(doc)
    assert [f.text for f in kept] == [f.text for f in find_figures(TEXT)] and kept
    assert parsing.figures_of(doc) is kept  # not scanned again
    plain = nlp(TEXT)  # a doc parsed elsewhere: its figures are found on first ask
    assert parsing.figures_of(plain) == kept


def test_long_runs_are_cut_into_pieces_spacy_can_parse(nlp):
    line = "Some 1,200 people left the country in 2019, officials said.\n"
    text = line * (parsing.MAX_PIECE_CHARS // len(line) * 3)
    runs = parsing.paragraph_runs(text)
    assert len(runs) >= 3
    assert all(e - s <= parsing.MAX_PIECE_CHARS for s, e, _ in runs)
    assert runs[0][0] == 0 and runs[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(runs, runs[1:]))  # contiguous
    assert all(text[e - 1] == "\n" for _, e, _ in runs[:-1])  # cut between paragraphs
    doc = parsing.parse(nlp, text)
    assert doc.text == text


def test_a_single_long_sentence_is_cut_at_commas():
    text = "The counts were " + ", ".join(f"{1000 + i:,} people" for i in range(3000)) + ".\n"
    runs = parsing.paragraph_runs(text)
    assert len(runs) >= 2 and all(e - s <= parsing.MAX_PIECE_CHARS for s, e, _ in runs)
    assert all(text[e - 2 : e] == ", " for _, e, _ in runs[:-1])


@pytest.mark.parametrize(
    "text, sentences",
    [
        # a sentence never runs across a line break
        ("Sales fell to $2.7m\nThe chief, Ann Wu, said 40 staff would go.", 2),
        ("Sales narrowed to EUR72m.\n\nShell made $11.5bn, it said.", 2),
        # a closing quotation mark ends the sentence it closes, not the next one's
        ('"Today it is 3 percent. That is a disgrace."\n\nMr. Bell said 21,000 staff left.', 3),
    ],
)
@pytest.mark.parametrize("full", [False, True])
def test_sentences_end_at_paragraphs(nlp, text, sentences, full):
    doc = parsing.parse(nlp, text, full=full)
    sents = [s for s in doc.sents if s.text.strip()]
    assert len(sents) == sentences
    assert all("\n" not in s.text.strip() for s in sents)
    assert all(s.text.strip()[0] not in '"”' for s in sents[1:])
