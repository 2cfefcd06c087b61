"""The model's ``attribute_ruler``, applied faster, with the same result.

spaCy's English pipelines set coarse part-of-speech tags, morphology and some lemmas
with an ``attribute_ruler``: about 180 token patterns (mostly "this fine-grained tag
gives that POS") run through spaCy's ``Matcher``. Matching every pattern at every
token costs as much as the parser. Nearly all the patterns are single-token tests on
the tag, the lower-case form, the dependency label and whether the token is a space,
so their outcome depends only on those four values: :class:`FastAttributeRules`
looks it up in a table built as it goes, runs the few multi-token patterns through a
``Matcher`` of their own, and sets the attributes in the ruler's order (later
patterns win), as the ruler does. :func:`fast_rules` returns None for a ruler with
patterns it does not understand, and the ruler is then used as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

_KEYS = ("TAG", "LOWER", "DEP", "IS_SPACE")


def fast_rules(ruler) -> FastAttributeRules | None:
    """A faster equivalent of ``ruler`` (a spaCy AttributeRuler), or None when one of
    its patterns tests something other than tag, lower-case form, dependency label or
    space, or uses an operator other than IN, NOT_IN and REGEX."""
    try:
        return FastAttributeRules(ruler)
    except _Unsupported:
        return None


class _Unsupported(Exception):
    pass


def _test(value) -> callable:
    if isinstance(value, (str, bool)):
        return lambda v: v == value
    if isinstance(value, dict) and len(value) == 1:
        ((op, arg),) = value.items()
        if op == "IN":
            allowed = frozenset(arg)
            return lambda v: v in allowed
        if op == "NOT_IN":
            banned = frozenset(arg)
            return lambda v: v not in banned
        if op == "REGEX":
            rx = re.compile(arg)
            return lambda v: isinstance(v, str) and rx.search(v) is not None
    raise _Unsupported(value)


class FastAttributeRules:
    def __init__(self, ruler):
        self.attrs = list(ruler.attrs)
        self.indices = list(ruler.indices)
        self.single: list[tuple[int, tuple]] = []  # (rule id, ((key position, test), ...))
        self.multi = Matcher(ruler.vocab)
        self.has_multi = False
        for rule_id, entry in enumerate(ruler.patterns):
            for pattern in entry["patterns"]:
                for spec in pattern:
                    if not set(spec) <= set(_KEYS) or "OP" in spec:
                        raise _Unsupported(spec)
                    for value in spec.values():
                        _test(value)
                if len(pattern) == 1:
                    tests = tuple((_KEYS.index(k), _test(v)) for k, v in pattern[0].items())
                    self.single.append((rule_id, tests))
                else:
                    self.multi.add(str(rule_id), [pattern])
                    self.has_multi = True
        self._table: dict[tuple, tuple[int, ...]] = {}

    def _rules_for(self, key: tuple) -> tuple[int, ...]:
        found = self._table.get(key)
        if found is None:
            found = tuple(
                sorted(
                    {
                        rule_id
                        for rule_id, tests in self.single
                        if all(test(key[i]) for i, test in tests)
                    }
                )
            )
            self._table[key] = found
        return found

    def __call__(self, doc: Doc) -> Doc:
        matches = []
        for tok in doc:
            for rule_id in self._rules_for((tok.tag_, tok.lower_, tok.dep_, tok.is_space)):
                matches.append((rule_id, tok.i, tok.i + 1))
        if self.has_multi:
            strings = doc.vocab.strings
            matches.extend((int(strings[m_id]), start, end) for m_id, start, end in self.multi(doc))
        matches.sort()
        for rule_id, start, end in matches:
            set_token_attrs(doc[start:end][self.indices[rule_id]], self.attrs[rule_id])
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 0) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)
