"""Speakers: who asserts a figure.

The cues, strongest first:

1. the figure is inside a quotation: the quotation's speaker, named by a reporting
   verb outside it in the sentences where it opens or closes ("…," he said. / He
   said: "…"), in the sentence just before it, or by the quotation before it;
2. a reporting verb whose content holds the figure ("X said N", "N, X said", "X told
   Y that N" — X speaks, not Y —, "X estimates the cost at N"); with nested
   reporting ("X said a study showed N") the innermost *named* source speaks, a
   report before an intention ("the party says it would aim for £5,000");
3. a document as a source: "figures from X show", "X's figures show", "a poll by X
   found", "X's announcement that N", "by one estimate", "under X's plan";
4. "according to X" anywhere in the sentence;
5. a hearsay adverb ("reportedly"): the source the article is rewriting;
6. a source named in the sentence before keeps governing a sentence that goes on
   reporting it (reported speech: "It expects growth of 4%. Inflation could climb
   to 14%."), until another source speaks or the article states a fact itself;
7. else the article speaks itself: its outlet.

Names are resolved through the article (:class:`SpeakerState`): surnames to the full
name introduced before, "he"/"she" to the last person who was the subject of a
clause, "they" to the last group, "it" to the last organisation, role nouns ("the
chancellor", "the party") to the one introduced with that role. A document without
a named owner is resolved to the owner of the last such document ("a TUC report … the
report said"), else named by its noun ("reports said": "reports").

spaCy's small model mislabels some names (a surname tagged as a place, an outlet as
a person), so the rules read the parse and the cue words, and use entity labels
mainly to find where a name begins and ends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Span, Token

from . import lexicon as lx
from .cues import Resolved, SpeakerCue
from .grammar import lemmas
from .nlp import ents, text_of
from .places import gazetteer
from .quotes import Quotation, Quotations

_THE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"\s*['’]s?$")

# dependency labels that lead from a reporting verb into what it reports
_CONTENT_DEPS = {
    "ccomp",
    "xcomp",
    "parataxis",
    "dobj",
    "attr",
    "oprd",
    "prep",
    "npadvmod",
    "acomp",
    "dep",
    "advcl",
    "pobj",
    "dative",
    "obj",
    "advmod",
    "punct",
}
# ... and into who reports it: never the content
_SOURCE_DEPS = {"nsubj", "nsubjpass", "csubj", "agent", "expl"}


@dataclass(frozen=True)
class Attribution:
    """A source named in a sentence and what it covers."""

    name: str
    cue: SpeakerCue
    cue_i: int  # token index of the cue word (verb, "according", the document noun)
    named: bool  # a proper name (or one resolved to it), not "analysts" or "reports"
    whole_sentence: bool = False  # "according to X", a parenthetical "X said"


@dataclass
class SpeakerState:
    """What the article has said so far about who is who."""

    source: str | None = None  # the outlet, from the article's metadata
    reported_source: str | None = None  # "X notes that…" at the top of a rewritten report
    people: list[str] = field(default_factory=list)  # full names, in order of mention
    roles: dict[str, str] = field(default_factory=dict)  # "chancellor" -> "Gordon Brown"
    person_subjects: list[tuple[int, str]] = field(default_factory=list)  # (token i, name)
    orgs: list[tuple[int, str]] = field(default_factory=list)
    groups: list[tuple[int, str]] = field(default_factory=list)  # plural sources: "the Tories"
    documents: dict[str, str] = field(default_factory=dict)  # "report" -> its owner
    last_document: str | None = None  # the owner of the last document named
    last_poll: str | None = None  # the owner of the last poll or survey named
    poll_age: int = 0  # sentences since it was named
    sources_named: int = 0  # sentences so far that named a source
    governing: Attribution | None = None  # a source that may go on governing
    governed_for: int = 0  # sentences it has governed since it was named
    quote_speakers: dict[int, str | None] = field(default_factory=dict)  # quote start -> name
    titles: dict[str, str] = field(default_factory=dict)  # "Gordon Brown" -> "mr"
    acronyms: dict[str, str] = field(default_factory=dict)  # "IOM" -> its full name

    def outlet(self) -> str | None:
        """The speaker of a figure no one is said to assert."""
        return self.reported_source or self.source

    def remember(self, name: str) -> None:
        if name and (not self.people or self.people[-1] != name):
            self.people.append(name)

    def full_name(self, name: str) -> str:
        """``"Toqmadi"`` → ``"Malika Toqmadi"`` when that name was introduced before;
        ``"IOM"`` → ``"International Organization for Migration"`` when the article
        gave it so."""
        if name in self.acronyms:
            return self.acronyms[name]
        parts = name.split()
        if not parts:
            return name
        for known in reversed(self.people):
            k = known.split()
            if len(k) > len(parts) and k[-len(parts) :] == parts:
                return known
        return name

    def person_for(self, pronoun: str, i: int) -> str | None:
        """Who "he" or "she" at token ``i`` refers to: the last person who was the
        subject of a clause before it, else the last person named, skipping people
        whose first name or title says otherwise."""
        want = {"he": "m", "him": "m", "she": "f", "her": "f"}.get(pronoun)

        def fits(name: str) -> bool:
            return want is None or gender_of(name, self.titles.get(name)) in (want, None)

        subjects = (name for j, name in reversed(self.person_subjects) if j < i)
        return next(filter(fits, subjects), None) or next(filter(fits, reversed(self.people)), None)

    def person_for_role(self, role: str, i: int) -> str | None:
        """Who "the <role>" at token ``i`` refers to when no one was introduced with
        that role: the last person who was the subject of a clause before it, else the
        last person named, skipping people introduced with another role ("Mayor Ann
        Lee … the president said" is not Ann Lee)."""

        def fits(name: str) -> bool:
            known = {r.split()[-1] for r, n in self.roles.items() if n == name}
            return not known or role in known

        subjects = (name for j, name in reversed(self.person_subjects) if j < i)
        return next(filter(fits, subjects), None) or next(filter(fits, reversed(self.people)), None)

    def org_called(self, noun: str, i: int) -> str | None:
        """The last organisation before token ``i`` whose name has ``noun`` in it ("the
        fund": the International Monetary Fund; "the party": the Liberal Democrats)."""
        words = {noun, *lx.ORGANISATION_KINDS.get(noun, ())}
        for j, name in reversed(self.orgs + self.groups):
            if j < i and words & {w.lower() for w in name.split()}:
                return name
        return None

    def last_before(self, items: list[tuple[int, str]], i: int) -> str | None:
        for j, name in reversed(items):
            if j < i:
                return name
        return None


# --------------------------------------------------------------------------- names


@lru_cache(maxsize=1)
def _gender_detector():
    import gender_guesser.detector as detector  # a dictionary of first names, offline

    return detector.Detector(case_sensitive=False)


def gender_of(name: str, title: str | None = None) -> str | None:
    """ "m", "f" or None (unknown) for a person's name, from a title written before it
    ("Mr", "Mrs", "Ms") or the first name."""
    if title in lx.MALE_TITLES:
        return "m"
    if title in lx.FEMALE_TITLES:
        return "f"
    words = name.split()
    if len(words) < 2:
        return None
    guess = _gender_detector().get_gender(words[0])
    return {"male": "m", "mostly_male": "m", "female": "f", "mostly_female": "f"}.get(guess)


def clean_name(text: str) -> str:
    """``"the Bank of England's"`` → ``"Bank of England"``; titles dropped from people
    (``"Chancellor Gordon Brown"`` → ``"Gordon Brown"``) by :func:`person_name`."""
    text = " ".join(text.split())
    text = _POSSESSIVE.sub("", text)
    return _THE.sub("", text).strip(" ,;:-–—\"'“”‘’()")


def person_name(text: str) -> str:
    """A person's name without leading titles and roles: ``"Mr Brown"`` → ``"Brown"``,
    ``"Massachusetts Sen. Elizabeth Warren"`` → ``"Elizabeth Warren"`` (a title word
    and whatever precedes it are dropped)."""
    words = clean_name(text).split()
    last_title = -1
    for i, w in enumerate(words[:-1]):
        if w.lower().rstrip(".") in lx.PERSON_TITLES or w.lower() in lx.ROLE_NOUNS:
            last_title = i
    return " ".join(words[last_title + 1 :])


def _entity_of(tok: Token):
    if tok.ent_iob_ == "O" or not tok.ent_type_:
        return None
    for ent in ents(tok.doc[max(0, tok.i - 12) : tok.i + 12]):
        if ent.start <= tok.i < ent.end:
            return ent
    return None


def _chain(tok: Token) -> Span:
    """A noun with its compound and proper-name modifiers: "Treasury officials",
    "Labor Department"."""
    left = tok.i
    for child in tok.lefts:
        if child.dep_ in ("compound", "nmod", "amod") and child.i >= left - 4:
            if child.pos_ == "PROPN" or child.dep_ == "compound":
                left = min(left, child.left_edge.i if child.pos_ == "PROPN" else child.i)
        elif (
            child.dep_ == "poss"
            and tok.pos_ == "PROPN"
            and child.pos_ == "PROPN"
            and child.i + 2 == tok.i
            and tok.doc[child.i + 1].tag_ == "POS"
        ):
            # "the Legislative Analyst's Office": a possessive inside a proper name
            left = min(left, child.left_edge.i)
    right = tok.i
    for child in tok.rights:
        if child.dep_ in ("compound", "flat") and child.i == right + 1:
            right = child.i
    return tok.doc[left : right + 1]


def _person_in_subject(subject: Token, verb: Token) -> Span | None:
    """A PERSON named at the end of a subject phrase, right before its verb:
    "Essential Guide 2005 author Dan Lewis said" (spaCy may parse "Guide" as subject)."""
    edge = subject.right_edge.i
    if verb.i > edge:
        j = verb.i - 1
        while j > edge and tok_is_filler(verb.doc[j]):
            j -= 1
        edge = max(edge, j)
    ent = _entity_of(verb.doc[edge])
    if ent is not None and ent.label_ == "PERSON" and subject.left_edge.i <= ent.start:
        return ent
    return None


def tok_is_filler(tok: Token) -> bool:
    return tok.pos_ in ("ADV", "AUX", "PART", "PUNCT") or tok.dep_ in ("aux", "neg", "advmod")


def name_of(tok: Token, state: SpeakerState) -> tuple[str | None, bool]:
    """The source a subject (or agent, or object of "according to") token names, and
    whether it is a proper name. Pronouns, surnames, role nouns and documents are
    resolved through ``state``."""
    low = tok.lower_
    if low in lx.NOT_SPEAKER_SUBJECTS:
        return None, False
    if low in ("he", "she", "him", "her", "i", "his"):
        who = state.person_for("he" if low == "his" else low, tok.i)
        return who, who is not None
    if low in ("they", "them", "we"):
        who = state.last_before(state.groups, tok.i) or state.last_before(state.orgs, tok.i)
        return who, who is not None
    if low in ("its", "their") and tok.dep_ == "poss":
        owner = _clause_subject(tok)
        if owner is not None:  # "The IMF cut its forecast": the clause's subject
            return name_of(owner, state)
        if low == "their":  # "Their analysis found": the group last spoken of
            who = state.last_before(state.groups, tok.i) or state.last_before(state.orgs, tok.i)
            if who is not None:
                return who, True
    if low == "it":
        who = state.last_before(state.orgs, tok.i)
        return who, who is not None
    if tok.pos_ == "PRON":
        return None, False
    if _age_epithet(tok) or _party_epithet(tok):
        # "the 54-year-old said", "the Iowa Republican added": the person last spoken of
        who = state.person_for("", tok.i)
        return who, who is not None
    lemma = tok.lemma_.lower()
    forms = lemmas(tok)
    if _document_noun(tok):
        return document_owner(tok, state)
    if tok.pos_ == "NOUN" and bool(forms & lx.STATEMENT_NOUNS):
        owner = _owner(tok)  # "the statement from Acme read:", "X's announcement said"
        if owner is not None and owner != tok:
            said_by = name_of(owner, state)
            if said_by[0]:
                return said_by
    if lemma == "office" and tok.pos_ == "NOUN":
        owner = next((c for c in tok.children if c.dep_ == "poss"), None)
        if owner is not None:  # "his office said", "the governor's office said"
            said_by = name_of(owner, state)
            if said_by[0]:
                return said_by
    if lemma == "official" and tok.pos_ == "NOUN":
        body = _spoken_for(tok)
        if body is not None and (body.ent_type_ == "ORG" or _acronym(body)):
            said_by = name_of(body, state)  # "a senior CBP official", "an official at Acme"
            if said_by[0]:
                return said_by
    if lemma in lx.SPOKESPERSON_NOUNS:
        body = _spoken_for(tok)
        if body is not None:  # "a spokeswoman for the ministry": the ministry speaks
            said_by = name_of(body, state)
            if said_by[0]:
                return said_by
    person = _appositive_person(tok)
    if person is not None:  # "Acme's chief executive, Tom Rand,", "her deputy, Ana Ruiz,"
        return state.full_name(person_name(person.text)), True
    if (
        tok.pos_ == "NOUN"
        and bool(forms & lx.ARTICLE_SELF_NOUNS)
        and _has_det(tok, ("the", "this"))
    ):
        if tok.dep_ == "nsubj" and tok.head.lemma_.lower() == "read":
            return clean_name(tok.text), False  # '"…," the article read.': another article
        who = state.reported_source or state.source
        return who, who is not None
    ent = _entity_of(tok)
    if ent is not None and ent.label_ in ("PERSON", "ORG", "GPE", "NORP", "FAC", "WORK_OF_ART"):
        name = clean_name(_proper_phrase(tok, ent).text)
        if ent.label_ == "PERSON":
            return state.full_name(person_name(name)), True
        known = state.full_name(name)  # a surname spaCy took for an organisation
        return known, True
    if tok.pos_ == "PROPN":
        chain = _chain(tok)
        end = chain.end
        if (
            end + 1 < len(tok.doc)
            and tok.doc[end].lower_ in ("for", "of", "on")
            and tok.doc[end + 1].pos_ == "PROPN"
            and len(chain) > 1
        ):
            # "the Treasury Inspector General for Tax Administration reported"
            stop = _proper_words_from(tok.doc, end + 1)
            if stop > end + 1:
                return clean_name(tok.doc[chain.start : stop].text), True
        return state.full_name(person_name(chain.text)), True
    if tok.pos_ == "NOUN" and (_acronym(tok) or _camel_case(tok)):
        # an acronym or a brand the tagger took for a common noun ("FEC", "YouGov")
        return state.full_name(tok.text), True
    if tok.pos_ == "NOUN" and (bool(forms & lx.ROLE_NOUNS) or bool(forms & lx.ORGANISATION_NOUNS)):
        if tok.i + 1 < len(tok.doc) and (ent := _entity_of(tok.nbor())) is not None:
            if ent.label_ == "PERSON" and ent.start == tok.i + 1:  # "curator Elaine Gustafon"
                return state.full_name(person_name(ent.text)), True
        if any(c.dep_ == "compound" and (c.pos_ == "PROPN" or c.ent_type_) for c in tok.lefts):
            return clean_name(_chain(tok).text), True  # "the New Zealand government"
        named = _named_beside(tok)
        if named is not None:  # "the economist, John Smith"; "curator Elaine Gustafon"
            return state.full_name(person_name(named)), True
        role = _role_key(tok)
        if role in state.roles and _has_det(tok, ("the", "this", "that")):
            return state.roles[role], True
        if (
            bool(forms & lx.ORGANISATION_NOUNS)
            and any(
                c.dep_ in ("amod", "compound") and c.pos_ in ("ADJ", "PROPN", "NOUN")
                for c in tok.lefts
            )
            and not (_has_det(tok, ("the",)) and _plain_description(tok) and state.orgs)
        ):
            # "the top British medical journal": a description that names it
            return _modified_noun(tok), False
        if _has_det(tok, ("the", "this", "that")) or tok.dep_ == "poss":
            if bool(forms & lx.ORGANISATION_NOUNS):
                who = state.org_called(lemma, tok.i) or state.last_before(state.orgs, tok.i)
                if who:
                    return who, True
                return clean_name(tok.text), False  # "the council", none named before
            elif tok.tag_ != "NNS":
                who = state.person_for_role(lemma, tok.i)
                if who:
                    return who, True
                return clean_name(tok.text), False  # "the president", no one fits
    if tok.pos_ == "NOUN" and (
        bool(forms & lx.GROUP_NOUNS) or bool(forms & lx.ROLE_NOUNS) or bool(forms & lx.PEOPLE_NOUNS)
    ):
        poller = _polled_by(tok) or _members_named(tok) or _affiliation(tok)
        if poller is not None:  # "economists polled by Reuters": the poll's owner
            said_by = name_of(poller, state)
            if said_by[0]:
                return said_by
        text = clean_name(_chain(tok).text)
        return (text or None), False
    return None, False


def _acronym(tok: Token) -> bool:
    """ "FEC", "IMF": a word of capitals, whatever the tagger made of it."""
    return tok.is_alpha and tok.is_upper and len(tok.text) > 1


def _camel_case(tok: Token) -> bool:
    """ "RealClearPolitics", "YouGov": a word with capitals inside, a brand's name."""
    return tok.is_alpha and not tok.is_upper and any(c.isupper() for c in tok.text[1:])


def _spoken_for(tok: Token) -> Token | None:
    """Whom a spokesperson speaks for: "a spokesman for Acme", "a spokeswoman at the
    ministry", "the ministry's spokesman", "a Home Office spokesman"."""
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("for", "of", "at"):
            body = next((o for o in c.children if o.dep_ == "pobj"), None)
            if body is not None:
                return body
        if c.dep_ == "poss" and c.pos_ in ("NOUN", "PROPN"):
            return c
    names = [c for c in tok.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
    return names[-1] if names else None


def _clause_subject(pronoun: Token) -> Token | None:
    """The subject before a possessive pronoun of the clause it is in, when that subject
    is a name ("The IMF cut its forecast", "Acme said its sales rose")."""
    node = pronoun.head
    for _ in range(3):
        if node.pos_ in ("VERB", "AUX"):
            sub = next((c for c in node.children if c.dep_ == "nsubj"), None)
            if sub is not None and sub.i < pronoun.i and (sub.pos_ == "PROPN" or sub.ent_type_):
                return sub
            return None
        if node.head == node:
            return None
        node = node.head
    return None


def _appositive_person(tok: Token) -> Span | None:
    """A person named in apposition to a common noun: "the company's deputy, Ana
    Ruiz," names who the deputy is, whatever the noun (a proper name the model left
    untagged counts as a person; so does a role the tagger took for a name: "CEO")."""
    if tok.pos_ != "NOUN" and not (tok.pos_ == "PROPN" and tok.lower_ in lx.PERSON_ROLE_NOUNS):
        return None
    for c in tok.children:
        if c.dep_ == "appos" and c.i > tok.i and c.pos_ == "PROPN":
            ent = _entity_of(c)
            if ent is None:
                return _chain(c)
            if ent.label_ == "PERSON":
                return ent
    return None


def _age_epithet(tok: Token) -> bool:
    """ "the 54-year-old": a person already named, referred to by age."""
    doc = tok.doc
    return (
        tok.lower_ in ("old", "year-old")
        and tok.i >= 2
        and (tok.lower_ == "year-old" or doc[tok.i - 2].lower_ in ("year", "years"))
        and any(t.like_num for t in doc[max(0, tok.i - 4) : tok.i])
        and any(t.lower_ == "the" for t in doc[max(0, tok.i - 5) : tok.i])  # not "a 54-…"
    )


def _party_epithet(tok: Token) -> bool:
    """ "the Massachusetts Democrat": a politician already named, referred to by party."""
    return (
        tok.lower_ in lx.PARTY_MEMBER_NOUNS
        and tok.tag_ == "NNP"
        and any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children)
    )


def _modified_noun(tok: Token) -> str:
    """A noun with its adjectives and compounds: "federal statistics"."""
    left = min([tok.i, *(c.i for c in tok.lefts if c.dep_ in ("amod", "compound"))])
    return clean_name(tok.doc[left : tok.i + 1].text)


def _proper_phrase(tok: Token, ent: Span) -> Span:
    """The whole proper name around ``tok``: spaCy may end an organisation's name too
    early ("The Uzbek Agency for | External Labour Migration", "Treasury | Inspector
    General for Tax Administration", "Center on Poverty | and Social Policy")."""
    doc = tok.doc
    if ent.label_ != "ORG":
        return ent
    j = ent.end
    if doc[j - 1].pos_ == "ADP":  # the entity ends on "for": its name goes on
        j = _proper_words_from(doc, j)
    joined = any(t.lower_ in ("for", "of", "on") for t in doc[ent.start : j])
    while j < len(doc) and j < ent.end + 8:
        word = doc[j]
        if word.pos_ == "PROPN" and word.ent_type_ not in _NOT_NAME_WORDS:
            j += 1
        elif (
            (word.lower_ in ("for", "of", "on") or (word.lower_ == "and" and joined))
            and j + 1 < len(doc)
            and doc[j + 1].pos_ == "PROPN"
        ):
            stop = _proper_words_from(doc, j + 1)
            if stop == j + 1:
                break  # "The Times on Saturday"
            joined = joined or word.lower_ != "and"
            j = stop
        else:
            break
    return doc[ent.start : j] if j > ent.end else ent


def _proper_words_from(doc, j: int) -> int:
    """The end of the run of proper nouns that starts at ``j`` (not a date's: "The Times
    on Saturday")."""
    while j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].ent_type_ not in _NOT_NAME_WORDS:
        j += 1
    return j


_NOT_NAME_WORDS = ("DATE", "TIME", "GPE", "PERSON")


def _has_det(tok: Token, words: tuple[str, ...]) -> bool:
    return any(c.lower_ in words for c in tok.lefts)


def _role_key(tok: Token) -> str:
    """ "shadow chancellor" and "chancellor" are different roles."""
    mods = [c.lower_ for c in tok.lefts if c.lower_ in lx.ROLE_MODIFIERS]
    return " ".join([*mods, tok.lemma_.lower()])


def _named_beside(tok: Token) -> str | None:
    """The proper name right after or beside a role noun."""
    for c in tok.children:
        if c.dep_ in ("appos", "compound", "flat") and c.pos_ == "PROPN" and c.i > tok.i:
            ent = _entity_of(c)
            return ent.text if ent is not None else _chain(c).text
    if tok.head.pos_ == "PROPN" and tok.dep_ == "compound":
        ent = _entity_of(tok.head)
        return ent.text if ent is not None else _chain(tok.head).text
    return None


_DATA_KEY = "<data>"  # state.documents: the owner of the last data named


def document_owner(tok: Token, state: SpeakerState) -> tuple[str | None, bool]:
    """Who a document noun belongs to: "Apacs' figures", "Labor Department figures",
    "figures from the ONS", "a poll by X", "a report published by X"; else the owner
    of the last document of that kind; else the noun itself ("reports", "one study"),
    or None for bare data ("figures show")."""
    owner = _owner(tok)
    lemma = tok.lemma_.lower()
    forms = lemmas(tok)
    if owner is not None:
        name, _ = name_of(owner, state)
        if name:
            return name, True
    generic = tok.tag_ == "NNS" and not any(c.dep_ in ("det", "poss") for c in tok.children)
    if generic and not bool(forms & lx.DATA_NOUNS):
        return _modified_noun(tok), False  # "exit polls show": polls in general, not the last
    if lemma in state.documents and not _has_det(tok, ("a", "an", "one", "another")):
        return state.documents[lemma], True
    if bool(forms & lx.DATA_NOUNS):
        if _DATA_KEY in state.documents and _has_det(tok, ("the", "these", "those")):
            # "Home Office figures show …. …, the data showed": the figures named before
            return state.documents[_DATA_KEY], True
        return None, False  # "figures show": no one is named
    return clean_name(tok.text), False  # "reports said", "by one estimate": the document


def _measured(noun: Token, owner: Token) -> bool:
    """Whether a plan or budget is what the sentence measures, not what asserts it: a
    place's budget as the subject of its clause ("India's budget has been raised 7.8%").
    A place is never a speaker."""
    return (
        bool(lemmas(noun) & lx.INTENTION_DOCUMENTS)
        and owner.ent_type_ in ("GPE", "LOC")
        and noun.dep_ in ("nsubj", "nsubjpass")
    )


def _available_from(tok: Token) -> Token | None:
    """Who a document noun is "available from": "figures are available from the ONS",
    "the data available from X"."""
    available = [c for c in tok.children if c.dep_ in ("amod", "acl") and c.lower_ == "available"]
    if tok.dep_ == "nsubj":
        available += [c for c in tok.head.children if c.dep_ == "acomp" and c.lower_ == "available"]
    for adj in available:
        for p in adj.children:
            if p.dep_ == "prep" and p.lower_ == "from":
                found = next((o for o in p.children if o.dep_ == "pobj"), None)
                if found is not None:
                    return found
    return None


def _owner(tok: Token) -> Token | None:
    found = _owner_token(tok)
    if found is not None and found.ent_type_ in lx.NOT_OWNER_ENTITIES:
        return None  # "a June report": a date, not who wrote it
    if (
        found is not None
        and found.dep_ == "compound"
        and found.ent_type_ in ("GPE", "LOC")
        and lemmas(tok) & lx.DATA_NOUNS
    ):
        return None  # "UK figures show": the place measured, not who measured it
    return found


_FILED = frozenset({"filing", "record", "registration", "submission", "return"})


def _owner_token(tok: Token) -> Token | None:
    for c in tok.children:
        if (
            c.dep_ == "poss"
            and c.pos_ in ("PROPN", "NOUN")
            or (c.dep_ == "poss" and c.lower_ in ("its", "their", "his", "her"))
        ):
            return c
    for c in tok.children:
        if c.dep_ in ("compound", "nmod") and (
            c.pos_ == "PROPN"
            or c.ent_type_ in ("ORG", "PERSON")
            or _acronym(c)
            or (
                c.pos_ == "NOUN"
                and bool(lemmas(c) & lx.ORGANISATION_NOUNS)
                and bool(lemmas(tok) & lx.DATA_NOUNS)
            )
        ):
            # "Labor Department figures", "a new Gallup poll", "FEC records", "central
            # bank figures"
            return c
    for c in tok.children:
        if c.dep_ == "prep" and (
            c.lower_ in ("by", "from") or c.lower_ == "with" and lemmas(tok) & _FILED
        ):
            # "a poll by X", "figures from X", "filings with the Federal Election
            # Commission" (the body that holds and publishes them)
            for obj in c.children:
                if obj.dep_ == "pobj":
                    return obj
    for c in tok.children:  # "a study that appeared in the British Medical Journal"
        if c.dep_ in ("acl", "relcl") and lemmas(c) & {"appear", "publish"}:
            for p in c.children:
                if p.dep_ == "prep" and p.lower_ == "in":
                    found = next((o for o in p.children if o.dep_ == "pobj"), None)
                    if found is not None and (found.pos_ == "PROPN" or found.ent_type_):
                        return found
    for c in tok.children:
        if c.dep_ == "acl" and lemmas(c) & lx.ISSUING_VERBS:
            for agent in c.children:
                if agent.dep_ == "agent":
                    return next((o for o in agent.children if o.dep_ == "pobj"), None)
    found = _available_from(tok)
    if found is not None:
        return found
    # "a survey of 280 schemes by Incomes Data Services": the "by" may hang lower
    for t in tok.doc[tok.i + 1 : min(tok.i + 8, tok.sent.end)]:
        if t.pos_ in ("VERB", "AUX") or t.text in ",;:":
            break
        if t.lower_ == "by" and t.dep_ in ("prep", "agent"):
            by_whom = next((o for o in t.children if o.dep_ == "pobj"), None)
            if by_whom is not None and (
                by_whom.pos_ == "PROPN" or by_whom.ent_type_ in ("ORG", "PERSON")
            ):
                return by_whom
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            for obj in c.children:
                if obj.dep_ == "pobj" and (obj.pos_ == "PROPN" or obj.ent_type_ == "ORG"):
                    return obj
    return None


# --------------------------------------------------------------------- the article


_NAME_WITH_ACRONYM = re.compile(
    r"((?:[A-Z][\w&'.-]*\s+(?:(?:for|of|and|on|to|the)\s+)*)+[A-Z][\w&'.-]*)\s+\(([A-Z]{2,7})\)"
)


def _note_acronyms(sent: Span, state: SpeakerState) -> None:
    """ "the International Organization for Migration (IOM)": the short name the
    article goes on using, so both give one speaker. The acronym must spell the
    capitalised words' initials, from some word on."""
    for m in _NAME_WITH_ACRONYM.finditer(sent.text):
        words = [w for w in m.group(1).split() if w[:1].isupper()]
        acronym = m.group(2)
        for k in range(len(words)):
            if "".join(w[0] for w in words[k:]) == acronym:
                start = m.group(1).index(words[k])
                state.acronyms[acronym] = clean_name(m.group(1)[start:])
                break


def note_sentence(sent: Span, state: SpeakerState) -> None:
    """Remember the people, organisations, groups, roles and documents a sentence
    names, and which people are subjects (what "he" and "she" refer to)."""
    state.poll_age += 1
    _note_acronyms(sent, state)
    for ent in ents(sent):
        if ent.label_ == "PERSON":
            # a name of one word counts only with a title or role before it ("President
            # Obama", "Mr. Obama")
            name = person_name(ent.text)
            if len(name.split()) >= 2:
                state.remember(name)
            title = _title_before(ent)
            if title:
                state.titles[state.full_name(name)] = title
            role = _role_before(ent)
            if role:
                state.roles[role] = state.full_name(name)
        elif ent.label_ == "ORG" and gazetteer().demonym(ent.text) is None:
            # not a people the model took for an organisation ("Kyrgyz citizens")
            state.orgs.append((ent.end - 1, state.full_name(clean_name(ent.text))))
            if ent.root.tag_ in ("NNPS", "NNS") or ent.text.endswith("s"):
                state.groups.append((ent.end - 1, clean_name(ent.text)))
        elif ent.label_ == "NORP" and ent.root.tag_ in ("NNPS", "NNS") and ent.root.pos_ == "PROPN":
            state.groups.append((ent.end - 1, clean_name(ent.text)))
    for tok in sent:
        if tok.dep_ in ("nsubj", "nsubjpass"):
            ent = _entity_of(tok)
            person = _appositive_person(tok) if ent is None else None
            if ent is not None and ent.label_ == "PERSON" and not _backgrounded(tok.head):
                state.person_subjects.append((tok.i, state.full_name(person_name(ent.text))))
            elif person is not None and not _backgrounded(tok.head):
                # "Mrs. Clinton's campaign manager, Robby Mook, told reporters …"
                state.person_subjects.append((tok.i, state.full_name(person_name(person.text))))
            elif tok.tag_ in ("NNS", "NNPS") and tok.pos_ in ("NOUN", "PROPN"):
                body = _affiliation(tok)  # "researchers at X": X
                affiliated = name_of(body, state)[0] if body is not None else None
                name = affiliated or clean_name(_chain(tok).text)
                if (
                    tok.pos_ == "PROPN"
                    or bool(lemmas(tok) & lx.GROUP_NOUNS)
                    or bool(lemmas(tok.head) & lx.REPORTING_VERBS)
                ):
                    state.groups.append((tok.i, name))
        if _document_noun(tok):
            owner = _owner(tok) or _issuer(tok)
            if owner is not None and (
                owner.pos_ == "PROPN" or owner.ent_type_ or owner.lower_ in lx.OWNER_PRONOUNS
            ):
                owner_name, named = name_of(owner, state)
                if owner_name and named:
                    state.documents[tok.lemma_.lower()] = owner_name
                    if lemmas(tok) & lx.DATA_NOUNS:  # "the data" later: these figures
                        state.documents[_DATA_KEY] = owner_name
                    state.last_document = owner_name
                    if lemmas(tok) & lx.POLL_NOUNS:
                        state.last_poll = owner_name
                        state.poll_age = 0


def _plain_description(tok: Token) -> bool:
    """ "the nonpartisan scorekeeper": a noun described by lower-case words only, a way
    of referring back to an organisation, unlike "the top British medical journal"."""
    return all(c.text.islower() for c in tok.lefts if c.dep_ in ("amod", "compound", "nmod"))


def _backgrounded(verb: Token) -> bool:
    """A clause of background ("since Patrick Murray joined", "who Ann Lee hired"): its
    subject is not who "he" or "she" in the next sentence most likely is."""
    return verb.dep_ in ("advcl", "relcl", "acl", "pcomp") and not any(
        c.dep_ == "mark" and c.lower_ == "that" for c in verb.children
    )


def _document_noun(tok: Token) -> bool:
    """A noun that names a document or data ("the report", "ONS figures"); the tagger may
    read one with an owner as an adjective ("the Institute's average shows")."""
    if tok.pos_ != "NOUN" and not (tok.pos_ == "ADJ" and tok.dep_ in ("nsubj", "pobj")):
        return False
    return bool(lemmas(tok) & lx.DOCUMENT_NOUNS)


def _issuer(doc_noun: Token) -> Token | None:
    """Who issues a document named as the object of a verb of issuing: "The Labor
    Department issued its jobs report", "X released a study"."""
    verb = doc_noun.head
    if doc_noun.dep_ != "dobj" or not lemmas(verb) & lx.ISSUING_VERBS:
        return None
    return subject_of(verb)


_GENDER_TITLES = lx.MALE_TITLES | lx.FEMALE_TITLES


def _title_before(ent: Span) -> str | None:
    """ "mr" for "Mr Brown" (the title inside the entity or just before it)."""
    first = ent[0].lower_.rstrip(".")
    if first in _GENDER_TITLES:
        return first
    if ent.start > 0:
        before = ent.doc[ent.start - 1].lower_.rstrip(".")
        if before in _GENDER_TITLES:
            return before
    return None


def _role_before(ent: Span) -> str | None:
    """The role written before a name: "Chancellor Gordon Brown", "shadow chancellor
    Oliver Letwin", "the economist, Jane Doe"."""
    doc = ent.doc
    j = ent.start - 1
    if j >= 0 and doc[j].text == ",":
        j -= 1
    if j < 0:
        return None
    tok = doc[j]
    title = lx.TITLE_ROLES.get(tok.lower_.rstrip("."))
    if title is not None:
        return title  # "Sen. Ann Wu": the senator
    if tok.lower_ in lx.ROLE_NOUNS or bool(lemmas(tok) & lx.ROLE_NOUNS):
        mods: list[str] = []
        k = j - 1
        while k >= 0 and doc[k].lower_ in lx.ROLE_MODIFIERS:
            mods.insert(0, doc[k].lower_)
            k -= 1
        return " ".join([*mods, tok.lemma_.lower()])
    # a role inside the entity: "Chancellor Gordon Brown", "Sen. Ann Wu" tagged whole
    first = ent[0]
    if first.lower_.rstrip(".") in lx.TITLE_ROLES and len(ent) >= 3:
        return lx.TITLE_ROLES[first.lower_.rstrip(".")]
    if first.lower_ in lx.ROLE_NOUNS and len(ent) >= 3:
        return first.lower_
    return None


_HEARSAY = re.compile(rf"\b(?:{'|'.join(sorted(lx.HEARSAY_ADVERBS))})\b", re.IGNORECASE)
_SELF_NOUNS = "|".join(sorted(lx.ARTICLE_SELF_NOUNS))
_REWRITTEN = re.compile(
    rf"\b(?:according to|as) the (?:{_SELF_NOUNS})\b|\bthe (?:{_SELF_NOUNS}) "
    r"(?:notes|says|states|reports)\b",
    re.IGNORECASE,
)


def says_hearsay(text: str) -> bool:
    """Whether a text uses a hearsay adverb ("reportedly", "allegedly")."""
    return _HEARSAY.search(text) is not None


def reported_source(doc) -> str | None:
    """The outlet or report an article rewrites: the subject of a reporting verb in
    its first sentence, when the article later says "reportedly" or "according to the
    article"."""
    text = text_of(doc)
    if not says_hearsay(text) and not _REWRITTEN.search(text):
        return None
    first = next(iter(doc.sents), None)
    if first is None:
        return None
    for t in first:
        if t.pos_ == "VERB" and bool(lemmas(t) & lx.REPORTING_VERBS) and t.dep_ == "ROOT":
            sub = subject_of(t)
            if sub is not None and (sub.pos_ == "PROPN" or sub.ent_type_):
                ent = _entity_of(sub)
                return clean_name(ent.text if ent is not None else _chain(sub).text)
    return None


# ------------------------------------------------------------------- attributions


def subject_of(verb: Token) -> Token | None:
    """The active subject of a verb, or the agent of a passive one ("was reported by X").
    Of two subjects (a parse that makes "The rate held at 4.9 percent, the report said"
    two subjects of "said"), the one nearest the verb."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj" and c.lower_ not in _FLOATING]
    tail = _tail_subject(verb)
    if tail is not None and all(c.i < tail.i for c in subjects):
        return tail
    if len(subjects) > 1:
        before = [c for c in subjects if c.i < verb.i]
        return before[-1] if before else subjects[0]
    for child in verb.children:
        if child.dep_ == "nsubj" and child.lower_ not in _FLOATING:
            return child
        if child.dep_ == "agent":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    if any(c.dep_ == "nsubjpass" for c in verb.children):
        return None
    for c in verb.children:
        # "John Roberts, writing for the majority, said": the parse gave the subject to
        # the participle between them
        if c.dep_ == "advcl" and c.tag_ == "VBG" and c.i < verb.i:
            sub = next((g for g in c.children if g.dep_ == "nsubj" and g.i < c.i), None)
            if sub is not None:
                return sub
    # "…, X said and added": a conjunct shares its subject; so does a participle
    # ("X tried to make the case, explaining that …")
    if verb.dep_ in ("conj", "advcl", "xcomp") and verb.head.pos_ in ("VERB", "AUX"):
        if verb.dep_ != "advcl" or verb.tag_ == "VBG":
            return subject_of(verb.head)
    return None


# quantifiers that float after the subject they count: "the two offices both said"
_FLOATING = frozenset({"both", "all", "each"})
_TAIL_PHRASE_POS = ("DET", "PROPN", "NOUN", "ADJ", "ADP", "CCONJ", "PART", "PRON", "NUM")


def _tail_subject(verb: Token) -> Token | None:
    """The subject of a reporting verb that ends its sentence after a comma, which the
    parse hung on a word before the comma ("N left, most of them to Russia, the Agency
    for Migration said": the agency, not "most"): the head of the words between the
    last comma and the verb."""
    sent = verb.sent
    after = [t for t in verb.doc[verb.i + 1 : sent.end] if not t.is_punct]
    if reporting_lemma(verb) is None or (after and not _told_whom(verb, after)):
        return None
    j = verb.i - 1
    while j > sent.start and j > verb.i - 14 and verb.doc[j].text != ",":
        j -= 1
    if verb.doc[j].text != "," or j + 1 == verb.i:
        return None
    end = verb.i
    while end > j + 2 and verb.doc[end - 1].lower_ in _FLOATING | {"also"}:
        end -= 1  # "…, the governor's office and the analyst's office both said"
    phrase = verb.doc[j + 1 : end]
    if any(t.pos_ not in _TAIL_PHRASE_POS for t in phrase):
        return None
    heads = [t for t in phrase if not (phrase.start <= t.head.i < phrase.end) or t.head == t]
    if len(heads) != 1 or heads[0].pos_ not in ("NOUN", "PROPN", "PRON"):
        return None
    return heads[0]


def _told_whom(verb: Token, after: list[Token]) -> bool:
    """Whether the words after a reporting verb that ends its sentence only say whom it
    was told to ("…, a senior official told the Daily Mail")."""
    return (
        verb.lemma_.lower() == "tell"
        and len(after) <= 4
        and all(t.head == verb or t.head in after for t in after)
    )


def reporting_lemma(tok: Token) -> str | None:
    """The reporting verb ``tok`` is a form of, if any ("rated" → "rate")."""
    found = lemmas(tok) & lx.REPORTING_VERBS
    return min(found) if found else None


def _is_reporting(tok: Token) -> bool:
    if tok.pos_ not in ("VERB", "AUX") and not (tok.pos_ == "NOUN" and tok.dep_ == "ROOT"):
        return False
    if tok.dep_ in ("amod", "compound", "nummod", "quantmod", "advmod"):
        return False  # "an estimated $2.9bn": an adjective, no one named
    lemma = reporting_lemma(tok)
    if lemma == "claim" and any(
        c.dep_ == "dobj" and lemmas(c) & lx.CLAIMED_THINGS for c in tok.children
    ):
        return False  # "X claimed a loss of N": a claim to a due, not to a fact
    if lemma is not None:
        if lemma in lx.REPORTING_ONLY_WITH_CLAUSE:
            return (
                any(c.dep_ in ("ccomp", "parataxis") for c in tok.children)
                or any(c.text in '"“”:' for c in tok.children)
                or tok.dep_ == "parataxis"
                or _tail_subject(tok) is not None  # "N, a senior official told Reuters."
            )
        return True
    return bool(lemmas(tok) & lx.INTENTION_VERBS) or _calls_for(tok)


def _place_measured(subject: Token, verb: Token) -> bool:
    """ "The Basque Country recorded 7.9%": a place whose figure a verb of measuring
    records is what is measured, not a source (a place is never a speaker)."""
    if not lemmas(verb) & lx.MEASURING_VERBS:
        return False
    if subject.ent_type_ in ("GPE", "LOC"):
        return True
    if subject.pos_ != "PROPN":
        return False
    place = gazetteer().lookup(clean_name(_chain(subject).text))
    return place is not None and place.kind != "city"  # a city's name may be a club's


def _calls_for(tok: Token) -> bool:
    """ "X called for a 15 percent cut": a call for something is a proposal."""
    return tok.lemma_.lower() == "call" and any(
        c.dep_ == "prep" and c.lower_ == "for" for c in tok.children
    )


def attributions(sent: Span, state: SpeakerState) -> list[Attribution]:
    """The sources a sentence names: reporting verbs with their subjects, "according
    to X", documents with owners."""
    out: list[Attribution] = []
    for tok in sent:
        inverted = _inverted_report(tok, sent)
        if inverted is not None:
            source, is_named = name_of(inverted[-1], state)
            if source:
                out.append(Attribution(source, SpeakerCue.VERB, tok.i, is_named, True))
        elif _is_reporting(tok):
            sub = subject_of(tok) or _compound_subject(tok) or _contact_subject(tok)
            if sub is None or _place_measured(sub, tok):
                continue
            person = _person_in_subject(sub, tok)
            if person is not None:
                name: str | None = state.full_name(person_name(person.text))
                named = True
            elif _glued_figure(sub) is not None:
                name, named = sub.text, False  # "the 3.4% economists had expected"
            else:
                name, named = name_of(sub, state)
            if name:
                whole = (
                    tok.dep_ in ("ROOT", "parataxis")
                    and tok.i > sent.start + 2
                    and _reports_before(tok)
                )
                out.append(Attribution(name, SpeakerCue.VERB, tok.i, named, whole))
        elif tok.lower_ == "according" and tok.i + 1 < sent.end and tok.nbor().lower_ == "to":
            objs = [c for c in tok.nbor().children if c.dep_ == "pobj"]
            obj = next((c for c in objs if c.pos_ == "PROPN" or c.ent_type_), None) or (
                objs[0] if objs else None
            )
            if obj is not None:
                name, named = name_of(obj, state)
                if name is None and bool(lemmas(obj) & lx.DATA_NOUNS):
                    name = _modified_noun(obj)  # "according to federal statistics"
                if name:
                    out.append(Attribution(name, SpeakerCue.ACCORDING_TO, tok.i, named, True))
        elif tok.pos_ == "NOUN" and bool(lemmas(tok) & lx.STATEMENT_NOUNS):
            owner = _owner(tok)
            if owner is not None and _measured(tok, owner):
                owner = None  # "India's defence budget was raised 7.8%": a place's budget
            if owner is not None and owner.lower_ in ("his", "her"):
                owner = None  # "His promises notwithstanding, analyses agree …"
            if owner is not None and (
                owner.pos_ == "PROPN" or owner.ent_type_ or owner.dep_ == "poss"
            ):
                name, named = name_of(owner, state)
                if name and (named or _of_a_figure(tok)):
                    # "Under X's plan, …": the whole sentence is what the plan says, and
                    # what "the year for which figures are available from X" dates
                    whole = (
                        tok.dep_ == "pobj"
                        and tok.head.lower_ in ("under", "in")
                        or (bool(lemmas(tok) & lx.DATA_NOUNS) and _available_from(tok) is not None)
                    )
                    out.append(Attribution(name, SpeakerCue.DOCUMENT, tok.i, named, whole))
        elif (
            tok.lower_ in ("in", "by")
            and tok.dep_ == "prep"
            and tok.head.dep_ == "ROOT"
            and not (_is_reporting(tok.head) and subject_of(tok.head) is not None)
        ):
            # "In this poll, Trump rose 1 point", "by one estimate"; not "X said in a
            # report" (X's report: X speaks)
            obj = next((c for c in tok.children if c.dep_ == "pobj"), None)
            if obj is not None and lemmas(obj) & lx.DOCUMENT_NOUNS and obj.i <= tok.i + 3:
                name, named = document_owner(obj, state)
                if name:
                    out.append(Attribution(name, SpeakerCue.DOCUMENT, tok.i, named, True))
        elif tok.lower_ == "by" and tok.i + 1 < sent.end:
            # "by one estimate", "by some counts"
            obj = next((c for c in tok.children if c.dep_ == "pobj"), None)
            if obj is not None and bool(lemmas(obj) & lx.DOCUMENT_NOUNS) and obj.i == tok.i + 2:
                name, named = document_owner(obj, state)
                if name:
                    out.append(Attribution(name, SpeakerCue.DOCUMENT, tok.i, named, True))
    return out + _misparsed_documents(sent, state, out)


def _contact_subject(verb: Token) -> Token | None:
    """The subject of a reporting verb in a relative clause without "that", which the
    parse glued to the figure before it ("the $20 million experts say it costs": the
    experts): the noun just before the verb, that carries the figure."""
    if verb.dep_ not in ("dep", "relcl", "acl", "advcl"):
        return None
    j = verb.i - 1
    while j > verb.sent.start and verb.doc[j].dep_ in ("aux", "neg"):
        j -= 1  # "the 6% analysts had forecast"
    noun = verb.doc[j]
    if j == verb.i or noun.pos_ != "NOUN" or _glued_figure(noun) is None:
        return None
    return noun


def _glued_figure(noun: Token) -> Token | None:
    """The money or percent figure a people noun carries as its number in a parse of a
    contact clause ("the 3.4% economists had expected"): an amount is never a count of
    people, so the noun is the clause's subject, not what the figure counts."""
    if noun.tag_ != "NNS":
        return None
    for c in noun.children:
        if c.dep_ in ("nummod", "compound", "quantmod") and c.ent_type_ in ("MONEY", "PERCENT"):
            if any(d.lower_ == "the" for d in noun.children if d.dep_ == "det"):
                return c
    return None


def _of_a_figure(noun: Token) -> bool:
    """Whether a statement noun gives a figure as its content: "forecasts of 3.8%"."""
    objects = [o for c in noun.children if c.lower_ == "of" for o in c.children]
    return any(
        o.dep_ == "pobj" and (o.like_num or any(n.like_num for n in o.children)) for o in objects
    )


def _owner_before_data(doc, data_i: int, start: int) -> Span | None:
    """The name before a data noun ("Home Office data"): proper names of an organisation
    or person, not a place's (a place is never a speaker) nor an adjective ("Official")."""
    if data_i <= start:
        return None
    data = doc[data_i]
    if data.pos_ != "NOUN" or not lemmas(data) & lx.DATA_NOUNS:
        return None  # not "… for National Statistics show": a name's last word
    j = data_i
    while j > start and doc[j - 1].pos_ == "PROPN" and doc[j - 1].ent_type_ not in _PLACE_LABELS:
        j -= 1
    return doc[j:data_i] if j < data_i else None


_PLACE_LABELS = ("GPE", "LOC", "NORP")


def _members_named(people: Token) -> Token | None:
    """The first named member of a group described by "which/who include(s) X":
    "the authors of the report, which include the Tax Justice Network and Oxfam" (the
    parse may hang the clause on "the report")."""
    of = [o for p in people.children if p.lower_ == "of" for o in p.children if o.dep_ == "pobj"]
    for c in (c for noun in [people, *of] for c in noun.children):
        if c.dep_ == "relcl" and c.lemma_.lower() == "include":
            named = next((o for o in c.children if o.dep_ == "dobj"), None)
            if named is not None and (named.pos_ == "PROPN" or named.ent_type_):
                return named
    return None


def _affiliation(people: Token) -> Token | None:
    """The organisation people named by their work belong to: "researchers at Columbia
    University", "economists from Goldman Sachs", "analysts with Moody's"."""
    for c in people.children:
        if c.dep_ == "prep" and c.lower_ in ("at", "from", "with"):
            body = next((o for o in c.children if o.dep_ == "pobj"), None)
            if body is not None and (body.ent_type_ == "ORG" or _acronym(body)):
                return body
    return None


def _polled_by(people: Token) -> Token | None:
    """Who polled the people a noun names: "analysts polled by Reuters", "economists
    surveyed by Bloomberg"."""
    for c in people.children:
        if c.dep_ == "acl" and lemmas(c) & lx.POLLING_VERBS:
            for agent in c.children:
                if agent.dep_ == "agent":
                    return next((o for o in agent.children if o.dep_ == "pobj"), None)
    return None


def _compound_subject(verb: Token) -> Token | None:
    """ "The IMF forecast that the deficit would narrow": a reporting verb the tagger took
    for a noun, with its subject read as a compound before it and a "that" clause after."""
    doc = verb.doc
    if verb.pos_ != "NOUN" or verb.i + 1 >= len(doc) or doc[verb.i + 1].lower_ != "that":
        return None
    return next(
        (
            c
            for c in verb.children
            if c.dep_ == "compound" and (c.pos_ == "PROPN" or c.ent_type_ in ("ORG", "PERSON"))
        ),
        None,
    )


def _misparsed_documents(
    sent: Span, state: SpeakerState, found: list[Attribution]
) -> list[Attribution]:
    """ "N, figures from the ONS show." / "Figures from the ONS show N": the tagger reads
    "ONS show" as a compound noun, so no reporting verb is parsed; read the words instead.
    The document speaks for the whole sentence, through its named issuer."""
    out: list[Attribution] = []
    doc = sent.doc
    for tok in sent:
        if tok.lower_ not in lx.DOCUMENT_VERB_FORMS or tok.pos_ in ("VERB", "AUX"):
            continue
        owned = _owner_before_data(doc, tok.i - 1, sent.start)
        if owned is not None:  # "…, Home Office data show."
            name = state.full_name(clean_name(owned.text))
            out.append(Attribution(name, SpeakerCue.DOCUMENT, tok.i - 1, True, True))
            continue
        j = tok.i - 1
        while j > sent.start and (
            doc[j].is_title or doc[j].is_upper or doc[j].lower_ in lx.NAME_JOINERS
        ):
            j -= 1
        if doc[j].lower_ == "the":
            j -= 1
        first = j + 1 + (doc[j + 1].lower_ == "the")
        if (
            j - 1 < sent.start
            or doc[j].lower_ not in ("from", "by")
            or not lemmas(doc[j - 1]) & lx.DATA_NOUNS
            or first >= tok.i
            or not (doc[first].is_title or doc[first].is_upper)
            or doc[tok.i - 1].lower_ in lx.NAME_JOINERS
        ):
            continue
        if any(a.whole_sentence and a.cue_i in range(j - 1, tok.i + 1) for a in found):
            continue  # the parse found the document speaking for the sentence
        name = state.full_name(clean_name(doc[first : tok.i].text))
        out.append(Attribution(name, SpeakerCue.DOCUMENT, j - 1, True, True))
    return out


def _inverted_report(tok: Token, sent: Span) -> Span | None:
    """The subject of a reporting verb that ends a sentence after a comma, which the
    tagger read as a plural noun ("The deficit will reach $1 trillion, the
    Congressional Budget Office projects."; "…, the budget office estimates."): the
    words between the comma and the verb."""
    if tok.tag_ != "NNS" or not tok.lower_.endswith("s"):
        return None
    if any(t.pos_ != "PUNCT" for t in tok.doc[tok.i + 1 : sent.end]):
        return None
    low = tok.lower_
    if not {low[:-1], low[:-2]} & lx.REPORTING_VERBS:
        return None
    j = tok.i - 1
    while j > sent.start and j > tok.i - 8 and tok.doc[j].pos_ in ("DET", "PROPN", "NOUN", "ADJ"):
        j -= 1
    if j <= sent.start or tok.doc[j].text != "," or j + 1 == tok.i:
        return None
    return tok.doc[j + 1 : tok.i]


def _path_to(tok: Token, cue: Token) -> str | None:
    """The dependency label under ``cue`` on the way up from ``tok``, or None when
    ``cue`` does not govern ``tok``."""
    node = tok
    for _ in range(12):
        if node.head == node:
            return None
        if node.head == cue:
            return node.dep_
        node = node.head
    return None


def covers(att: Attribution, tok: Token) -> bool:
    """Whether attribution ``att`` reports the figure whose token is ``tok``."""
    doc = tok.doc
    cue = doc[att.cue_i]
    if att.cue == SpeakerCue.ACCORDING_TO or (
        att.cue == SpeakerCue.DOCUMENT and att.whole_sentence
    ):
        return True
    if att.cue == SpeakerCue.VERB and cue.pos_ == "NOUN" and att.whole_sentence:
        return tok.i < cue.i  # "N by 2020, the Congressional Budget Office projects."
    if att.cue == SpeakerCue.VERB and tok.i > cue.i and _colon_after(cue):
        return tok.sent == cue.sent  # "he has announced: - duty cuts - a 100,000 threshold"
    dep = _path_to(tok, cue)
    if att.cue == SpeakerCue.VERB and _contact_glued(cue) is not None:
        return _contact_figure(tok, cue)  # "the 3.4% economists had expected": that one
    if att.cue == SpeakerCue.VERB and reporting_lemma(cue) is None:
        return _intended(tok, cue)
    if att.cue == SpeakerCue.DOCUMENT:
        # "X's announcement that 104,000 jobs would be cut", "X's estimate of N"
        if dep in ("acl", "ccomp", "relcl", "prep", "appos", "compound", "nmod", "amod"):
            return True
        # "X's plan would cap it at 28%", "Under X's plan, taxpayers would pay 39.6%":
        # the statement is an argument of the clause that holds the figure
        anchor = _clause_of(cue)
        if anchor is None:
            return False
        return anchor == tok or _path_to(tok, anchor) in _CONTENT_DEPS | {"nsubj", "nsubjpass"}
    if dep is not None:
        if dep in _SOURCE_DEPS:
            return _subject_elsewhere(tok, cue)
        if dep == "conj":
            # "X said A, but B is thought…": B is not X's; "X found A exceeded B" is;
            # a parenthetical "A, X said, and B" reports both (the parse hangs B on it,
            # or makes the verb the root with A its clause before it)
            return (
                cue.dep_ == "parataxis"
                or _reports_before(cue)
                or not _own_clause(_child_towards(tok, cue))
            )
        return dep in _CONTENT_DEPS or dep in ("relcl", "acl", "nummod", "quantmod")
    # "the minimum $20 million experts say it costs": a relative clause of the figure;
    # "the $68 billion projected by the analyst's office": a participle of it
    if cue.dep_ in ("relcl", "acl") and (cue.head == tok or cue.head.i in _heads(tok, 2)):
        return True
    # "As X noted, N": a clause of "as" reports the clause it hangs on
    if cue.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "as" for c in cue.children):
        head = cue.head
        return tok.sent == cue.sent and (_path_to(tok, head) is not None or tok.head == head)
    # "N, X said": the reporting verb hangs off the clause that holds the figure
    if cue.dep_ == "parataxis" or (
        cue.dep_ in ("advcl", "conj") and cue.i > tok.i and not _own_content(cue)
    ):
        head = cue.head
        return _path_to(tok, head) is not None or tok.head == head or tok == head
    return False


def _contact_glued(verb: Token) -> Token | None:
    """The figure glued to the subject of a reporting verb in a contact clause."""
    subject = subject_of(verb) or _contact_subject(verb)
    return None if subject is None else _glued_figure(subject)


def _contact_figure(tok: Token, verb: Token) -> bool:
    """Whether ``tok`` is the figure a contact clause's subject was glued to ("the 3.4%
    economists had expected": 3.4% is what the economists expected)."""
    glued = _contact_glued(verb)
    return glued is not None and (glued == tok or tok.head == glued or glued.head == tok)


def _subject_elsewhere(tok: Token, verb: Token) -> bool:
    """Whether the figure ``tok`` sits in what the parse made the subject of a reporting
    verb, but the verb's true subject is elsewhere: a second subject after a comma, or
    the words that end the sentence ("N left, most to Russia, the agency said")."""
    tail = _tail_subject(verb)
    return (tail is not None and tail.i > tok.i) or _second_subject(_child_towards(tok, verb), verb)


def _second_subject(first: Token, verb: Token) -> bool:
    """Whether the parse made a reported clause a subject of the reporting verb that
    has its own subject after a comma ("The rate held at 4.9 percent, the report
    said": "rate" and "report" both subjects of "said")."""
    doc = verb.doc
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass") and first.i < c.i < verb.i and c != first:
            between = doc[first.right_edge.i + 1 : c.left_edge.i]
            if any(t.text == "," for t in between):
                return True
    return False


def _heads(tok: Token, depth: int) -> set[int]:
    out, node = set(), tok
    for _ in range(depth):
        if node.head == node:
            break
        node = node.head
        out.add(node.i)
    return out


def _colon_after(verb: Token) -> bool:
    """ "X said:", "X has announced:": a colon right after the verb opens what it reports."""
    doc = verb.doc
    return (
        verb.i + 1 < len(doc) and doc[verb.i + 1].text == ":" and reporting_lemma(verb) is not None
    )


def _clause_of(noun: Token) -> Token | None:
    """The verb a statement noun is an argument of: its subject or object, or the
    object of "under"/"in"/"by" ("under X's plan")."""
    if noun.dep_ in ("nsubj", "nsubjpass", "dobj") and noun.head.pos_ in ("VERB", "AUX"):
        return noun.head
    if noun.dep_ == "pobj" and noun.head.lower_ in ("under", "in", "by", "from"):
        verb = noun.head.head
        return verb if verb.pos_ in ("VERB", "AUX") else None
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.dep_ == "pobj":
        # "as part of new proposals announced by X", "under the terms of X's plan"
        outer = noun.head.head.head
        verb = outer.head
        return verb if outer.dep_ == "prep" and verb.pos_ in ("VERB", "AUX") else None
    return None


def _child_towards(tok: Token, cue: Token) -> Token:
    node = tok
    for _ in range(12):
        if node.head == cue or node.head == node:
            return node
        node = node.head
    return node


def _own_clause(verb: Token) -> bool:
    """A coordinated clause with its own subject ("…, but Mr Brown is thought to…")."""
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children)


def _reports_before(verb: Token) -> bool:
    """ "A, X said": the clause a reporting verb reports comes before it."""
    return any(c.dep_ in ("ccomp", "parataxis") and c.i < verb.i for c in verb.children)


def _own_content(verb: Token) -> bool:
    """A reporting verb that reports a clause of its own ("…, and he added that …")."""
    if verb.lemma_.lower() == "tell" and _tail_subject(verb) is not None:
        return False  # "N, a senior official told Reuters": told whom, not what
    return any(c.dep_ in ("ccomp", "dobj", "xcomp") for c in verb.children)


def _intended(tok: Token, verb: Token) -> bool:
    """ "X plans to axe 104,000 jobs", "X unveiled proposals to raise it to £150,000",
    "X unveiled a list of endorsements from 95 generals": an intention verb speaks for
    a figure in what it intends (its object, or the object of the verb it intends),
    not for an adjunct of a verb ("to hold two referendums at a cost of N")."""
    node = tok
    for _ in range(10):
        head = node.head
        if head == node:
            return False
        if node.dep_ == "conj" and _elliptical_figure(node):
            pass  # "expects growth of 0.8% this year and 1.9% in 2025": the same intention
        elif node.dep_ in ("nsubj", "nsubjpass", "conj", "advcl"):
            return False
        if node.dep_ == "relcl" and head.pos_ in ("VERB", "AUX"):
            return False
        if (
            node.dep_ == "prep"
            and head.pos_ in ("VERB", "AUX")
            and node.lower_ not in ("to", "by", "for", "from")
            and not _at_a_level(node)
        ):
            return False
        if head == verb:
            return node.dep_ in ("xcomp", "dobj", "ccomp", "acomp", "attr", "prep", "dative")
        node = head
    return False


def _elliptical_figure(node: Token) -> bool:
    """A conjunct that is a figure alone, its verb left out ("… and 1.9% in 2025")."""
    return node.pos_ in ("NOUN", "NUM") and (
        node.like_num or any(c.like_num and c.dep_ in ("nummod", "compound") for c in node.children)
    )


def _at_a_level(prep: Token) -> bool:
    """ "taxing income at a 15 percent rate": the level a plan sets, not an adjunct of
    its act ("hold two votes at a cost of $5 million")."""
    return prep.lower_ == "at" and any(
        c.dep_ == "pobj" and c.lemma_.lower() in lx.LEVEL_NOUNS for c in prep.children
    )


def in_subject(att: Attribution, tok: Token) -> bool:
    """Whether the figure is inside the reporting verb's subject: "65% of those asked
    said" (the respondents of a poll speak)."""
    cue = tok.doc[att.cue_i]
    if _path_to(tok, cue) not in ("nsubj", "nsubjpass") or _contact_figure(tok, cue):
        return False
    return not _subject_elsewhere(tok, cue)


# ------------------------------------------------------------------------- quotes


def quote_speaker(quote: Quotation, doc, quotes: Quotations, state: SpeakerState) -> str | None:
    """Who says a quotation (see the module's docstring)."""
    if quote.start in state.quote_speakers:
        return state.quote_speakers[quote.start]
    who = _quote_attribution(quote, doc, quotes, state)
    state.quote_speakers[quote.start] = who
    return who


def _quote_attribution(quote: Quotation, doc, quotes: Quotations, state: SpeakerState):
    inside = quotes.inside
    first = doc.char_span(quote.start, quote.start + 1, alignment_mode="expand")
    last = doc.char_span(max(quote.start, quote.end - 1), quote.end, alignment_mode="expand")
    if first is None or last is None:
        return None
    sents = [first[0].sent]
    if last[-1].sent != sents[0]:
        sents.append(last[-1].sent)
    for sent in reversed(sents):
        who = _attribution_outside(sent, quote, inside, state)
        if who:
            return who
    who = _introduced_by_colon(quote, doc, inside, state)
    if who:
        return who
    tail = _tail_attribution(quote, sents[-1], state)
    if tail is not None:
        return tail or None  # '"…," the letter read.': the letter's, even if unnamed
    # the sentence just after: '"…." He added.' / the one just before: 'He said:'
    end_sent = sents[-1]
    if end_sent.end < len(doc):
        nxt = doc[end_sent.end].sent
        if len(nxt) <= 8:
            who = _attribution_outside(nxt, quote, inside, state)
            if who:
                return who
    start_sent = sents[0]
    if start_sent.start > 0 and doc[start_sent.start].idx >= quote.start - 2:
        before = doc[start_sent.start - 1].sent
        introduced = before.text.rstrip().endswith(":")  # "Caddell continued:" ¶ "…"
        if introduced or not _crosses_paragraph(doc, before.end_char, quote.start):
            who = _attribution_outside(before, quote, inside, state, any_verb=True)
            if who:
                return who
    previous = quotes.before(quote)
    if previous is not None and not _crosses_paragraph(doc, previous.end, quote.start):
        gap = doc.text[previous.end : quote.start] if previous.end <= quote.start else ""
        if len(gap.split()) <= 30:
            return state.quote_speakers.get(previous.start)
    return _paragraph_before(quote, doc, quotes, state)


def _paragraph_before(quote: Quotation, doc, quotes: Quotations, state: SpeakerState):
    """The speaker of a paragraph that is only a quotation: the speaker of a quotation
    in the last sentence of the paragraph before ("“…,” Wu said." ¶ "“…”"), else the
    person that sentence opens with ("Ann Wu disagreed." ¶ "“…”")."""
    text = text_of(doc)
    para_start = text.rfind("\n", 0, quote.start) + 1
    if para_start == 0 or text[para_start : quote.start].strip():
        return None  # not a paragraph of its own
    before = text[:para_start].rstrip()
    if not before:
        return None
    last = doc.char_span(len(before) - 1, len(before), alignment_mode="expand")
    if last is None:
        return None
    sent = last[0].sent
    previous = quotes.before(quote)
    if previous is not None and previous.end >= sent.start_char:
        return state.quote_speakers.get(previous.start)
    # a paragraph without figures is not parsed (extract.parsing): read its entities
    first = next(iter(ents(sent)), None)
    if first is not None and first.label_ == "PERSON" and first.start <= sent.start + 1:
        return state.full_name(person_name(first.text))
    return None


def _tail_attribution(quote: Quotation, sent: Span, state: SpeakerState) -> str | None:
    """The speaker named by a noun phrase and a reporting verb that end the sentence
    after the quotation, which the parse did not read as a clause ('"…," the letter
    from Acme read.'): its name, "" when it names no one, None when the sentence does
    not end so."""
    words = [t for t in sent if t.idx >= quote.end and not t.is_punct and not t.is_space]
    if len(words) < 2 or len(words) > 8:
        return None
    verb = words[-1]
    if not lemmas(verb) & lx.REPORTING_VERBS and verb.lower_ not in ("said", "says"):
        return None
    phrase = words[:-1]
    if phrase[0].pos_ not in ("DET", "PROPN", "NOUN", "ADJ", "PRON"):
        return None
    if _age_epithet(phrase[-1]):  # '"…," the 54-year-old said.'
        return state.person_for("", phrase[-1].i) or ""
    head = next((t for t in phrase if t.pos_ in ("NOUN", "PROPN", "PRON")), None)
    if head is None:
        return None
    person = _entity_of(head)
    if person is not None and person.label_ == "PERSON":
        return state.full_name(person_name(person.text))
    name, _ = name_of(head, state)
    return name or ""


def _introduced_by_colon(quote: Quotation, doc, inside, state: SpeakerState) -> str | None:
    """The speaker of a clause that ends in a colon right before the quotation (in the
    same paragraph or the one before): "X made the following comment: “…”", "X wrote in a
    letter: “…”" — whatever the verb, its named subject introduces the quoted words."""
    text = text_of(doc)
    before = text[: quote.start].rstrip()
    if not before.endswith(":"):
        return None
    colon = doc.char_span(len(before) - 1, len(before), alignment_mode="expand")
    if colon is None:
        return None
    sent = colon[0].sent
    clause = doc[sent.start : colon[0].i]
    if not len(clause):
        return None
    return _attribution_outside(clause, quote, inside, state, any_verb=True, nearest=True)


def _crosses_paragraph(doc, start: int, end: int) -> bool:
    return "\n" in text_of(doc)[start:end]


def _attribution_outside(
    sent: Span, quote: Quotation, inside, state, any_verb=False, nearest=False
):
    for tok in reversed(sent) if nearest else sent:
        if (
            inside(tok.idx)
            or not _is_reporting(tok)
            and not (any_verb and (tok.pos_ == "VERB" or tok.dep_ == "ROOT"))
        ):
            continue
        if tok.lemma_.lower() not in lx.REPORTING_VERBS and not any_verb:
            continue
        sub = subject_of(tok)
        if sub is None or inside(sub.idx):
            continue
        person = _person_in_subject(sub, tok)
        if person is not None:
            return state.full_name(person_name(person.text))
        name, named = name_of(sub, state)
        if name and (named or not any_verb):
            return name
    return None


# ------------------------------------------------------------------------ resolver


def resolve_speaker(
    tok: Token,
    sent_attributions: list[Attribution],
    quotes: Quotations,
    state: SpeakerState,
    hearsay: bool,
    continuing: Attribution | None,
    continuing_cue: SpeakerCue = SpeakerCue.CONTINUED,
) -> Resolved[str | None, SpeakerCue]:
    """The speaker of the figure whose token is ``tok`` in its sentence;
    ``continuing`` is the source that goes on governing this sentence, if any, and
    ``continuing_cue`` how it does (:func:`how_it_continues`)."""
    quote = quotes.around(tok.idx)
    if quote is not None:
        who = quote_speaker(quote, tok.doc, quotes, state)
        if who:
            return Resolved(who, SpeakerCue.QUOTE)
    if state.last_document is not None and _respondents(tok):
        # "65% of those asked said …": the respondents of a poll; the poll speaks
        return Resolved(state.last_document, SpeakerCue.DOCUMENT)
    if state.last_poll is not None and _poll_answer(tok):
        # "46 percent would choose Ruiz": a share of those a poll asked; the poll speaks
        return Resolved(state.last_poll, SpeakerCue.DOCUMENT)
    covering = [a for a in sent_attributions if a.cue != SpeakerCue.ACCORDING_TO and covers(a, tok)]
    # respondents of a poll "said": the poll's source speaks
    if covering and all(in_subject(a, tok) for a in covering):
        covering = []
    covering = [a for a in covering if not _evaluated(a, covering, tok.doc)]
    according = [a for a in sent_attributions if a.cue == SpeakerCue.ACCORDING_TO]
    inner = [a for a in according if a.named and _within_report(a, covering, tok.doc)]
    if inner:
        # "X reports that N, according to Y": Y is X's source, and speaks
        return Resolved(inner[0].name, SpeakerCue.ACCORDING_TO)
    named_according = [a for a in according if a.named]
    if covering and named_according and not any(a.named for a in covering):
        # "Economists had forecast growth of 0.2%, according to a Reuters poll": the
        # unnamed speakers are those the named source asked
        return Resolved(named_according[0].name, SpeakerCue.ACCORDING_TO)
    if covering:
        # a named source before an unnamed one, a report before an intention ("the party
        # says it would aim for £5,000"), then the innermost: the one the figure is
        # attributed to directly
        def rank(a: Attribution) -> tuple[bool, bool, bool, bool, int]:
            cue = tok.doc[a.cue_i]
            reports = a.cue != SpeakerCue.VERB or reporting_lemma(cue) is not None
            someone = a.named or a.cue != SpeakerCue.DOCUMENT  # "in a statement" names no one
            # "X said sales beat analysts' forecasts of 3.8%": the forecast's own figure
            own = (
                a.cue == SpeakerCue.DOCUMENT
                and _path_to(tok, cue) == "prep"
                and _child_towards(tok, cue).lower_ == "of"
            )
            return own, a.named, reports, someone, _depth(cue)

        chosen = max(covering, key=rank)
        return Resolved(chosen.name, chosen.cue)
    if according:
        return Resolved(according[0].name, SpeakerCue.ACCORDING_TO)
    if hearsay and state.reported_source:
        return Resolved(state.reported_source, SpeakerCue.HEARSAY)
    if continuing is not None:
        return Resolved(continuing.name, continuing_cue)
    if state.last_poll is not None and state.poll_age <= lx.POLL_REACH and _share(tok):
        # a poll story goes on giving the poll's shares after the paragraph naming it
        return Resolved(state.last_poll, SpeakerCue.CONTINUED)
    return Resolved(state.outlet(), SpeakerCue.OUTLET if state.outlet() else SpeakerCue.NONE)


def _evaluated(att: Attribution, covering: list[Attribution], doc) -> bool:
    """Whether ``att`` is someone's plan that another source reports on: "the Center
    estimates that Y's plan would raise $1.1 trillion" (the Center speaks)."""
    if att.cue != SpeakerCue.DOCUMENT or not lemmas(doc[att.cue_i]) & lx.INTENTION_DOCUMENTS:
        return False
    return any(
        other.named and other.name != att.name and path is not None
        for other, path in _reporters_over(doc[att.cue_i], covering)
    )


def _within_report(att: Attribution, covering: list[Attribution], doc) -> bool:
    """Whether "according to" sits inside what a covering reporting verb reports, or
    ends the sentence after it ("X reports that N, according to Y": Y is X's source)."""
    cue = doc[att.cue_i]
    return any(
        path in ("ccomp", "xcomp", "parataxis")
        or (path == "prep" and _cited_after(cue, doc[a.cue_i]))
        for a, path in _reporters_over(cue, covering)
    )


def _cited_after(according: Token, verb: Token) -> bool:
    """ "X reports that N, according to Y": "according to" hangs on the reporting verb
    but comes after the clause it reports."""
    return according.head == verb and any(
        c.dep_ == "ccomp" and verb.i < c.i < according.i for c in verb.children
    )


def _reporters_over(tok: Token, covering: list[Attribution]):
    """``(attribution, label)`` for each covering reporting verb, with the dependency
    label under it on the way up from ``tok`` (None when it does not govern ``tok``)."""
    for other in covering:
        verb = tok.doc[other.cue_i]
        if other.cue == SpeakerCue.VERB and reporting_lemma(verb) is not None:
            yield other, _path_to(tok, verb)


def _respondents(tok: Token) -> bool:
    """Whether the figure counts the subject of a reporting verb: "65% of those asked
    said", "nearly a quarter said"."""
    node = tok
    for _ in range(4):
        if node.head == node:
            return False
        if node.dep_ in ("nsubj", "nsubjpass") and reporting_lemma(node.head) in ("say", "tell"):
            return True
        node = node.head
    return False


def _share(tok: Token) -> bool:
    """Whether the figure is a share or a margin ("46 percent", "by 10 points"), and
    not a change ("the economy grew 2 percent")."""
    words = lx.PERCENT_TOKENS | {"point", "points"}
    if tok.lower_ not in words and tok.head.lower_ not in words:
        return False
    node = tok
    for _ in range(4):
        if node.head == node:
            break
        node = node.head
        if node.pos_ == "VERB":
            changes = lx.INCREASE_CUES | lx.DECREASE_CUES | lx.CHANGE_VERBS
            return not lemmas(node) & changes
    return True


def _poll_answer(tok: Token) -> bool:
    """Whether the figure is a share of people that choose, back or approve of
    something ("46 percent would choose Ruiz", "5 percent prefer Lee"): what a poll
    found, when the article has named one."""
    share = tok if tok.lower_ in lx.PERCENT_TOKENS else tok.head
    if share.lower_ not in lx.PERCENT_TOKENS:
        return False
    node = share
    for _ in range(3):  # "46 percent would choose Ruiz and 44 percent would back Lee"
        if node.head == node or node.dep_ not in ("nsubj", "conj"):
            break
        if node.dep_ == "nsubj":
            return bool(lemmas(node.head) & lx.POLL_ANSWER_VERBS)
        node = node.head
    # the parse may hang a second share on the first clause: read the words after it
    after = share.doc[share.i + 1 : share.sent.end]
    verb = next((t for t in after if not tok_is_filler(t)), None)
    return verb is not None and verb.pos_ == "VERB" and bool(lemmas(verb) & lx.POLL_ANSWER_VERBS)


def _depth(tok: Token) -> int:
    d = 0
    while tok.head != tok and d < 30:
        tok = tok.head
        d += 1
    return d


def update_governing(sent: Span, found: list[Attribution], state: SpeakerState) -> None:
    """After a sentence: a source that named the sentence's main assertion may go on
    governing the next ones; one sentence in the article's own voice ends it."""
    main = [a for a in found if a.named and (a.whole_sentence or _governs_root(sent, a))]
    if main:
        state.governing = main[-1]
        state.governed_for = 0
        return
    if state.governing is not None:
        state.governed_for += 1
        if state.governed_for > lx.MAX_GOVERNED_SENTENCES:
            state.governing = None


def how_it_continues(sent: Span, governing: Attribution) -> SpeakerCue | None:
    """How the source ``governing``, named just before, goes on governing a sentence
    with no source of its own, if it does:

    - :attr:`SpeakerCue.CONTINUED`: the sentence reads as reported speech going on
      from the one before: a modal or expectation verb ("would", "could", "is expected
      to"), or one the model cut off from the reporting verb that ends the sentence
      before ("X's average shows | Ruiz ahead by 3.7 points");
    - :attr:`SpeakerCue.FINDINGS`: the source is a document, whose findings run on in
      plain statements ("…, said a World Bank report. Unemployment stood at 25%."); a
      person's words do not.

    A sentence with a reporting verb of its own reports something else ("it was
    announced that …"), even if it names no one."""
    if _cut_from_report(sent):
        return SpeakerCue.CONTINUED
    if any(_is_reporting(tok) and reporting_lemma(tok) for tok in sent):
        return None
    for tok in sent:
        if tok.dep_ in ("aux", "auxpass") and tok.lower_ in lx.REPORTED_SPEECH_MODALS:
            return SpeakerCue.CONTINUED
        if (
            bool(lemmas(tok) & lx.EXPECTATION_WORDS)
            and tok.pos_ in ("VERB", "ADJ")
            and tok.dep_ not in ("amod", "compound")  # "an estimated $2.9bn" expects nothing
        ):
            return SpeakerCue.CONTINUED
    return SpeakerCue.FINDINGS if _by_document(governing, sent.doc) else None


def _cut_from_report(sent: Span) -> bool:
    """Whether the sentence before ends, with no punctuation, on a reporting verb that
    has no object or clause: the sentence splitter cut what it reports off it."""
    if sent.start == 0:
        return False
    last = sent.doc[sent.start - 1]
    return (
        last.pos_ == "VERB"
        and reporting_lemma(last) is not None
        and not any(c.dep_ in ("dobj", "ccomp", "xcomp", "attr", "oprd") for c in last.children)
        and "\n" not in last.whitespace_
        and last.whitespace_ != ""
    )


def added_source(sent: Span, found: list[Attribution]) -> str | None:
    """The source of a sentence that says it adds to what came before: "Sales climbed
    8%, the Commerce Department added." — the sentence before was theirs too; or of a
    sentence that is only the tail of the one before, where the parse split it at a
    comma (", Russia's Interior Ministry said.")."""
    if sent[0].text == "," and len(sent) <= 12:
        tail = [a for a in found if a.named and a.cue == SpeakerCue.VERB]
        if tail:
            return tail[0].name
    for att in found:
        cue = sent.doc[att.cue_i]
        if (
            att.named
            and att.cue == SpeakerCue.VERB
            and reporting_lemma(cue) == "add"
            and (att.whole_sentence or _governs_root(sent, att))
        ):
            return att.name
    return None


def _by_document(att: Attribution, doc) -> bool:
    """Whether ``att`` names a document as the source: "a report said", "according to
    Labor Department figures", "X's survey found"."""
    cue = doc[att.cue_i]
    if att.cue == SpeakerCue.DOCUMENT:
        return bool(lemmas(cue) & lx.DOCUMENT_NOUNS - lx.INTENTION_DOCUMENTS)
    if att.cue == SpeakerCue.ACCORDING_TO:
        objs = [c for t in cue.subtree for c in t.children if c.dep_ == "pobj"]
        return any(lemmas(o) & lx.DOCUMENT_NOUNS for o in objs[:1])
    if att.cue == SpeakerCue.VERB:
        sub = subject_of(cue)
        return sub is not None and bool(lemmas(sub) & lx.DOCUMENT_NOUNS)
    return False


def _governs_root(sent: Span, att: Attribution) -> bool:
    cue = sent.doc[att.cue_i]
    return cue.dep_ == "ROOT" or cue.head.dep_ == "ROOT" and cue.dep_ in ("parataxis", "conj")


__all__ = [
    "Attribution",
    "added_source",
    "SpeakerState",
    "attributions",
    "clean_name",
    "how_it_continues",
    "covers",
    "name_of",
    "note_sentence",
    "person_name",
    "quote_speaker",
    "reported_source",
    "resolve_speaker",
    "subject_of",
    "update_governing",
]
