"""The cached document helpers in extract.nlp agree with spaCy's own attributes."""

from extract.nlp import ents, text_of

TEXT = (
    "Malika Toqmadi of the University of Almaty said 5,000 people left Kazakhstan in 2021.\n\n"
    "The ministry in Astana counted 3,000 more. Officials in Moscow and London disagreed."
)


def test_ents_of_each_sentence_are_spacys(nlp):
    doc = nlp(TEXT)
    assert doc.ents  # the check below must compare something
    for sent in doc.sents:
        assert [(e.start, e.end, e.label_) for e in ents(sent)] == [
            (e.start, e.end, e.label_) for e in sent.ents
        ]
    assert [(e.start, e.end) for e in ents(doc)] == [(e.start, e.end) for e in doc.ents]
    assert [(e.start, e.end) for e in ents(doc[3:12])] == [(e.start, e.end) for e in doc[3:12].ents]


def test_text_of_is_the_docs_text(nlp):
    doc = nlp(TEXT)
    assert text_of(doc) == doc.text == TEXT
    assert text_of(doc) is text_of(doc)  # kept, not rebuilt
