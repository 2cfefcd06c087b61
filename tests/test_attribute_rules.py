"""The fast attribute rules give exactly what the model's attribute_ruler gives."""

from pathlib import Path

import spacy

from extract import parsing
from extract.articles import read_article, scan_corpus
from extract.attribute_rules import fast_rules

ROOT = Path(__file__).resolve().parent.parent


def annotations(doc):
    return [(t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i) for t in doc]


def test_same_annotations_as_the_model_on_the_bundled_corpus(nlp):
    corpus = ROOT / "corpus"
    texts = [read_article(p, corpus).text for p, reason in scan_corpus(corpus) if reason is None]
    assert parsing._fast_rules(nlp) is not None  # the shipped model's ruler is understood
    # the same input: sentences start at paragraphs (parsing.paragraph_starts)
    reference = list(nlp.pipe(parsing.paragraph_starts(nlp.make_doc(t)) for t in texts))
    fast = list(parsing._full_pipeline(nlp, texts))
    assert sum(len(d) for d in fast) > 10000
    for a, b in zip(reference, fast):
        assert annotations(a) == annotations(b)


def blank_with_rules(*rules):
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    for patterns, attrs, index in rules:
        ruler.add(patterns, attrs, index)
    return nlp, ruler


def test_later_rules_win_as_in_the_ruler():
    rules = [
        ([[{"LOWER": "gon"}]], {"LEMMA": "single"}, 0),
        ([[{"LOWER": "gon"}, {"LOWER": "na"}]], {"LEMMA": "go"}, 0),
        ([[{"LOWER": {"IN": ["na", "ta"]}}]], {"LEMMA": "to"}, 0),
        ([[{"LOWER": {"REGEX": "^gon$"}, "IS_SPACE": False}]], {"NORM": "going"}, 0),
        ([[{"LOWER": "gon"}, {"LOWER": "na"}]], {"LEMMA": "last"}, -1),
    ]
    nlp, ruler = blank_with_rules(*rules)
    text = "I am gon na go , gon then na ."
    expected = [(t.lemma_, t.norm_) for t in ruler(nlp.make_doc(text))]
    got = [(t.lemma_, t.norm_) for t in fast_rules(ruler)(nlp.make_doc(text))]
    assert got == expected
    assert ("last", "na") in got and ("single", "going") in got


def test_patterns_it_does_not_understand_leave_the_ruler_in_place():
    nlp, ruler = blank_with_rules(([[{"ORTH": "x"}]], {"LEMMA": "y"}, 0))
    assert fast_rules(ruler) is None
    nlp, ruler = blank_with_rules(([[{"LOWER": "x", "OP": "+"}]], {"LEMMA": "y"}, 0))
    assert fast_rules(ruler) is None
