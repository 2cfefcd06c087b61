"""The lexicon module: one place for every word list, each defined once."""

import ast
from pathlib import Path

from extract import lexicon

SOURCE = Path(lexicon.__file__).read_text(encoding="utf-8")


def test_every_word_list_is_defined_once():
    names = [
        target.id
        for node in ast.parse(SOURCE).body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    ]
    twice = {n for n in names if names.count(n) > 1}
    assert not twice, f"defined more than once (the last one silently wins): {sorted(twice)}"


def test_word_lists_are_lowercase_where_matched_against_lowercase_words():
    for name in (
        "REPORTING_VERBS",
        "INCREASE_CUES",
        "DECREASE_CUES",
        "STABLE_CUES",
        "DOCUMENT_NOUNS",
        "ROLE_NOUNS",
        "PEOPLE_NOUNS",
        "OUTBOUND_CUES",
        "INBOUND_CUES",
    ):
        words = getattr(lexicon, name)
        assert all(w == w.lower() for w in words), name
