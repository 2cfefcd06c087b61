"""Places: the offline gazetteer and the place mentions of a sentence."""

import pytest

from extract.places import WORLD, gazetteer, place_mentions


@pytest.fixture(scope="module")
def gaz():
    return gazetteer()


def test_gazetteer_is_built_once():
    assert gazetteer() is gazetteer()


@pytest.mark.parametrize(
    "name, code",
    [
        ("Kenya", "KE"),
        ("Germany", "DE"),
        ("Syria", "SY"),
        ("the Netherlands", "NL"),
        ("United Kingdom", "GB"),
        ("Côte d'Ivoire", "CI"),
    ],
)
def test_countries(gaz, name, code):
    place = gaz.lookup(name)
    assert place is not None
    assert place.kind == "country"
    assert place.country_code == code


@pytest.mark.parametrize(
    "alias, code",
    [
        ("U.S.", "US"),
        ("US", "US"),
        ("USA", "US"),
        ("UK", "GB"),
        ("U.K.", "GB"),
        ("Britain", "GB"),
        ("Türkiye", "TR"),
    ],
)
def test_country_aliases(gaz, alias, code):
    place = gaz.lookup(alias)
    assert place is not None and place.kind == "country"
    assert place.country_code == code


def test_aliases_give_the_same_place(gaz):
    assert gaz.lookup("U.S.") == gaz.lookup("United States")
    assert gaz.lookup("UK") == gaz.lookup("United Kingdom")


@pytest.mark.parametrize(
    "name, code",
    [
        ("Marseille", "FR"),
        ("Munich", "DE"),
        ("Rotterdam", "NL"),
        ("Malmo", "SE"),
        ("Frankfurt", "DE"),
    ],
)
def test_cities(gaz, name, code):
    place = gaz.lookup(name)
    assert place is not None
    assert place.kind == "city"
    assert place.country_code == code
    assert place.latitude is not None and place.longitude is not None


@pytest.mark.parametrize(
    "name, code",
    [
        ("California", "US"),
        ("Ontario", "CA"),
        ("Texas", "US"),
        ("Bavaria", "DE"),
        ("Basque Country", "ES"),
        ("Andalusia", "ES"),
        ("Scotland", "GB"),
        ("Wales", "GB"),
    ],
)
def test_first_level_regions(gaz, name, code):
    place = gaz.lookup(name)
    assert place is not None
    assert place.kind == "region"
    assert place.country_code == code


def test_marseille_coordinates_are_in_provence(gaz):
    place = gaz.lookup("Marseille")
    assert 43 < place.latitude < 44
    assert 5 < place.longitude < 6


@pytest.mark.parametrize(
    "word, code", [("Syrian", "SY"), ("Afghan", "AF"), ("Nigerian", "NG"), ("British", "GB")]
)
def test_demonyms(gaz, word, code):
    place = gaz.demonym(word)
    assert place is not None
    assert place.kind == "country"
    assert place.country_code == code


def test_demonym_is_not_a_place_name(gaz):
    assert gaz.demonym("Martian") is None
    assert gaz.demonym("Syria") is None


@pytest.mark.parametrize("name", ["Quorvendia", "Zyxwvut", "government", "Tuesday", "asylum", ""])
def test_unknown_words(gaz, name):
    assert gaz.lookup(name) is None


@pytest.mark.parametrize(
    "word",
    [
        "in",
        "it",
        "In",
        "It",
        "IT",
        "at",
        "on",
        "is",
        "as",
        "be",
        "me",
        "we",
        "he",
        "an",
        "or",
        "no",
        "so",
        "by",
        "do",
        "go",
        "if",
        "up",
        "my",
        "am",
        "to",
        "of",
    ],
)
def test_two_letter_words_never_resolve(gaz, word):
    assert gaz.lookup(word) is None


def test_world_words(gaz):
    assert gaz.lookup("worldwide") is WORLD
    assert gaz.lookup("world").kind == "world"


@pytest.mark.parametrize(
    "name", ["Kenya", "Germany", "Syria", "United States", "Brazil", "Kazakhstan", "Australia"]
)
def test_countries_have_plausible_coordinates(gaz, name):
    place = gaz.lookup(name)
    assert place.latitude is not None and place.longitude is not None
    assert -90 <= place.latitude <= 90 and -180 <= place.longitude <= 180


def test_country_coordinates_are_in_the_country(gaz):
    kenya = gaz.lookup("Kenya")  # Nairobi, just south of the equator
    assert -5 < kenya.latitude < 5 and 33 < kenya.longitude < 42
    brazil = gaz.lookup("Brazil")
    assert brazil.latitude < 0 and brazil.longitude < -30


def test_nearly_all_countries_have_coordinates(gaz):
    countries = {p.country_code: p for p in gaz.countries.values()}
    missing = {p.name for p in countries.values() if p.latitude is None or p.longitude is None}
    assert len(countries) > 240
    # only uninhabited or dissolved territories may lack a capital or a city
    assert len(missing) <= 10, missing
    assert not missing & {"Kenya", "Germany", "Syria", "United States", "India", "Nigeria"}


def test_largest_city(gaz):
    assert gaz.largest_city("TR").name == "Istanbul"
    assert gaz.largest_city("NG").name == "Lagos"
    assert gaz.largest_city("ZZ") is None


# --- place_mentions --------------------------------------------------------------------------


def _mentions(nlp, text, context=None, gaz=None):
    doc = nlp(text)
    return place_mentions(next(iter(doc.sents)), context, gaz)


def test_the_country_resolves_to_context(nlp, gaz):
    mentions = _mentions(
        nlp, "Unemployment in the country rose to 9% last year.", gaz.lookup("Turkey"), gaz
    )
    assert [(m.text, m.place.country_code) for m in mentions] == [("country", "TR")]


def test_the_country_as_subject(nlp, gaz):
    mentions = _mentions(
        nlp, "The country took in 40,000 refugees in 2022.", gaz.lookup("Germany"), gaz
    )
    assert [m.place.name for m in mentions] == ["Germany"]


def test_the_country_without_context_is_not_a_place(nlp, gaz):
    assert _mentions(nlp, "Unemployment in the country rose to 9% last year.", None, gaz) == []


def test_its_largest_city_resolves_to_the_context_countrys_largest_city(nlp, gaz):
    text = "Rents in its largest city doubled over five years."
    mentions = _mentions(nlp, text, gaz.lookup("Nigeria"), gaz)
    assert len(mentions) == 1
    m = mentions[0]
    assert m.place.kind == "city"
    assert m.place == gaz.largest_city("NG")
    assert m.text == "its largest city"
    assert text[m.start : m.end] == m.text


def test_named_countrys_largest_city(nlp, gaz):
    mentions = _mentions(nlp, "Rents in Turkey's largest city doubled.", None, gaz)
    assert [m.place.name for m in mentions] == ["Istanbul"]


def test_named_places_in_a_sentence(nlp, gaz):
    text = "Some 4,200 asylum seekers arrived in Greece and Italy in June."
    mentions = _mentions(nlp, text, None, gaz)
    assert [m.place.country_code for m in mentions] == ["GR", "IT"]
    for m in mentions:
        assert text[m.start : m.end] == m.text


def test_nationality_resolves_to_its_country(nlp, gaz):
    mentions = _mentions(nlp, "Most of the 12,000 Syrian refugees were housed in camps.", None, gaz)
    assert [m.place.country_code for m in mentions] == ["SY"]


def test_pronouns_are_not_places(nlp, gaz):
    assert _mentions(nlp, "Officials told us that 300 families arrived in May.", None, gaz) == []
    assert _mentions(nlp, "Asked about it, he said 40 people were in it.", None, gaz) == []
