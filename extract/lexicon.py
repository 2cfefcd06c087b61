"""Lexical resources in one place: number words, qualifiers, reporting verbs, trend and
movement cues, role nouns. Every rule in the extractor reads its words from here, so
the lists can be reviewed (and extended) without reading code.

None of these lists may name words taken from one particular article: they describe
how news English states figures in general.
"""

from __future__ import annotations

# --- numbers ---------------------------------------------------------------------

SMALL_NUMBERS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
SCALES = {
    "hundred": 100, "thousand": 1_000, "million": 1_000_000,
    "billion": 1_000_000_000, "trillion": 1_000_000_000_000,
}
# abbreviated scales written after digits: "$3bn", "5m", "10k"
SCALE_ABBREVIATIONS = {"k": 1_000, "m": 1_000_000, "mn": 1_000_000, "bn": 1_000_000_000, "tn": 1_000_000_000_000}
DOZEN = {"dozen": 12}
FRACTIONS = {
    "half": 1 / 2, "halves": 1 / 2, "third": 1 / 3, "thirds": 1 / 3,
    "quarter": 1 / 4, "quarters": 1 / 4, "fifth": 1 / 5, "fifths": 1 / 5,
    "sixth": 1 / 6, "sixths": 1 / 6, "tenth": 1 / 10, "tenths": 1 / 10,
}

# Qualifiers written before a figure, kept apart from its value. Longest first.
QUALIFIERS = (
    "more than", "less than", "fewer than", "greater than", "larger than",
    "higher than", "lower than", "at least", "at most", "up to", "close to",
    "closer to", "as many as", "as much as", "as few as", "an estimated",
    "in excess of", "upwards of", "well over", "just over", "just under",
    "almost", "nearly", "over", "around", "about", "approximately", "roughly",
    "some", "only", "just", "above", "below", "under", "estimated", "circa",
    "approx.", "barely", "merely", "fully",
)
# ... and written after it: "107 or more"
POST_QUALIFIERS = ("or more", "or so", "or fewer", "or less", "plus")

CURRENCIES = {
    "US$": "USD", "NZ$": "NZD", "A$": "AUD", "AU$": "AUD", "C$": "CAD", "CA$": "CAD",
    "HK$": "HKD", "S$": "SGD", "$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY",
    "₹": "INR", "₽": "RUB", "₸": "KZT",
}
CURRENCY_WORDS = {
    "dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR",
    "pound": "GBP", "pounds": "GBP", "yen": "JPY", "rupees": "INR", "roubles": "RUB",
    "rubles": "RUB", "tenge": "KZT", "yuan": "CNY",
}
PERCENT_WORDS = ("%", "percent", "per cent", "pc", "percentage points", "percentage point")

MEASURE_UNITS = {
    "km": "km", "kilometer": "km", "kilometers": "km", "kilometre": "km", "kilometres": "km",
    "mile": "miles", "miles": "miles", "meter": "m", "meters": "m", "metre": "m",
    "metres": "m", "square meter": "m2", "square meters": "m2", "square metre": "m2",
    "square metres": "m2", "square kilometers": "km2", "square kilometres": "km2",
    "square miles": "sq mi", "kg": "kg", "kilogram": "kg", "kilograms": "kg",
    "tonne": "t", "tonnes": "t", "ton": "t", "tons": "t", "page": "pages",
    "pages": "pages", "acre": "acres", "acres": "acres", "hectare": "ha",
    "hectares": "ha", "feet": "ft", "foot": "ft", "litre": "l", "litres": "l",
    "liter": "l", "liters": "l", "barrel": "barrels", "barrels": "barrels",
}

# --- what is not a claim -----------------------------------------------------------

MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august",
    "september", "october", "november", "december", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# a figure followed by one of these counts time: a duration, not a claim
DURATION_UNITS = (
    "second", "seconds", "minute", "minutes", "hour", "hours", "day", "days",
    "week", "weeks", "month", "months", "year", "years", "decade", "decades",
    "century", "centuries", "yr", "yrs", "weekend", "weekends", "night", "nights",
)
TIME_SUFFIXES = ("a.m.", "p.m.", "am", "pm", "gmt", "utc", "o'clock", "hrs")
# words before a number that make it a name or an identifier ("Section 8")
IDENTIFIER_NOUNS = (
    "section", "article", "chapter", "clause", "paragraph", "page", "item", "no.",
    "number", "vol.", "volume", "issue", "route", "highway", "flight", "room",
    "gate", "platform", "line", "version", "level", "phase", "grade", "form",
    "resolution", "post", "posts", "unit", "building", "block", "exit", "channel",
    "district", "ward", "seat", "bill", "act", "rule", "step", "stage", "episode",
    "season", "round", "week", "day", "category", "class", "division", "series",
    "model", "mark", "type", "covid", "tier", "zone", "terminal", "pier",
)
AGE_CUES = ("aged", "age", "ages", "year-old", "years-old", "years old", "year old")

# --- who says so -------------------------------------------------------------------

REPORTING_VERBS = {
    "say", "tell", "note", "report", "state", "claim", "announce", "add", "explain",
    "estimate", "write", "argue", "confirm", "warn", "insist", "suggest", "find",
    "show", "reveal", "indicate", "believe", "point", "stress", "predict",
    "calculate", "count", "record", "publish", "conclude", "acknowledge",
    "admit", "assert", "maintain", "observe", "mention", "tweet", "testify",
    "put", "quote", "cite", "release", "describe", "disclose", "declare",
}
# verbs whose subject is rarely the source even when they take a clause
NOT_SPEAKER_SUBJECTS = {"it", "this", "that", "there", "which", "what"}
SOURCE_PREPOSITIONS = ("according to", "as reported by", "cited by", "quoted by")
# data nouns: "figures from X show", "statistics of X"
DATA_NOUNS = {"figure", "figures", "data", "statistics", "estimate", "estimates",
              "survey", "report", "study", "poll", "census", "analysis", "research"}
# self-references of an article rewriting another outlet's report
ARTICLE_SELF_NOUNS = {"article", "report", "story", "piece", "publication", "outlet"}
HEARSAY_ADVERBS = {"reportedly", "allegedly", "purportedly", "supposedly"}
PRONOUNS = {"he", "she", "they", "him", "her", "them", "i", "we", "you"}
ROLE_NOUNS = {
    "economist", "expert", "analyst", "researcher", "scientist", "professor",
    "minister", "spokesman", "spokeswoman", "spokesperson", "official",
    "director", "president", "chairman", "chairwoman", "chief", "head",
    "author", "authors", "founder", "co-founder", "sociologist", "demographer",
    "politician", "lawyer", "doctor", "journalist", "editor", "ambassador",
    "governor", "mayor", "secretary", "commissioner", "officer", "manager",
    "leader", "chancellor", "premier", "senator", "representative", "agency",
    "ministry", "government", "police", "department", "organisation",
    "organization", "group", "company", "firm", "institute", "centre", "center",
    "team", "study", "survey", "report", "campaign", "coach", "curator",
}

# --- which way it moves ------------------------------------------------------------

INCREASE_CUES = {
    "rise", "rose", "risen", "rising", "increase", "increased", "increasing",
    "grow", "grew", "grown", "growing", "growth", "climb", "climbed", "jump",
    "jumped", "surge", "surged", "soar", "soared", "double", "doubled", "triple",
    "tripled", "up", "gain", "gained", "higher", "more", "boost", "boosted",
    "expand", "expanded", "swell", "swelled", "skyrocket", "skyrocketed",
    "spike", "spiked", "upsurge", "rebound", "rebounded", "add", "added",
    "outnumber", "exceed", "exceeded", "peak", "peaked", "record",
}
DECREASE_CUES = {
    "fall", "fell", "fallen", "falling", "drop", "dropped", "dropping", "decline",
    "declined", "declining", "decrease", "decreased", "decreasing", "down",
    "lower", "shrink", "shrank", "shrunk", "plunge", "plunged", "plummet",
    "plummeted", "slump", "slumped", "cut", "reduce", "reduced", "reduction",
    "slide", "slid", "dip", "dipped", "sink", "sank", "tumble", "tumbled",
    "lose", "lost", "loss", "halve", "halved", "fewer", "less", "contract",
    "contracted", "diminish", "diminished", "outflow", "slow", "slowed",
}
STABLE_CUES = {"unchanged", "stable", "steady", "flat", "stagnant", "constant", "remain", "remained", "stay", "stayed"}
# "only 19,000" presents a figure as low against another: a fall when set against
# another figure or a fall cue nearby
MINIMISERS = {"only", "just", "merely", "barely", "mere"}
# a change is measured "by" and arrives "to" a level: "rose by 15,000 to 444,000"
CHANGE_PREPOSITIONS = {"by", "to", "from"}

# --- movements of people -----------------------------------------------------------

OUTBOUND_CUES = {
    "leave", "left", "leaving", "departure", "departures", "depart", "departed",
    "emigrate", "emigrated", "emigrating", "emigration", "emigrant", "emigrants",
    "flee", "fled", "fleeing", "relocate", "relocated", "exodus", "outflow",
    "outflows", "evacuate", "evacuated", "evacuation", "evacuees", "deport",
    "deported", "deportation", "deportations", "expel", "expelled", "repatriate",
    "repatriated", "escape", "escaped", "outbound", "exit",
}
INBOUND_CUES = {
    "arrive", "arrived", "arriving", "arrival", "arrivals", "immigrate",
    "immigrated", "immigration", "immigrant", "immigrants", "asylum",
    "inflow", "inflows", "influx", "settle", "settled", "refugee", "refugees",
    "enter", "entered", "entering", "entry", "entries", "permit", "permits",
    "visa", "visas", "cross", "crossed", "crossing", "crossings", "welcome",
    "welcomed", "inbound", "newcomer", "newcomers", "incoming", "admitted",
    "asylee", "asylees",
    "resettle", "resettled",
}
# people nouns: a flow is only a movement of people
PEOPLE_NOUNS = {
    "people", "person", "persons", "citizen", "citizens", "resident", "residents",
    "migrant", "migrants", "immigrant", "immigrants", "emigrant", "emigrants",
    "refugee", "refugees", "seeker", "seekers", "worker", "workers", "family",
    "families", "national", "nationals", "individual", "individuals", "student",
    "students", "child", "children", "men", "women", "visitor", "visitors",
    "tourist", "tourists", "applicant", "applicants", "application",
    "applications", "permit", "permits", "visa", "visas", "evacuee", "evacuees",
    "newcomer", "newcomers", "arrival", "arrivals", "departure", "departures",
    "villager", "villagers", "asylee", "asylees", "hopefuls",
    "employee", "employees", "nurse", "nurses", "doctor", "doctors", "teacher",
    "teachers", "engineer", "engineers", "professional", "professionals",
    "specialist", "specialists", "graduate", "graduates", "labourer", "labourers",
    "laborer", "laborers", "seasonal",
    "asylum", "crossing", "crossings", "pilgrim", "pilgrims",
}

# --- places --------------------------------------------------------------------------

# "the country", "the region": resolved from context
PLACE_ANAPHORS = {
    "country": "country", "nation": "country", "state": "country",
    "region": "region", "regions": "region", "province": "region",
    "city": "city", "capital": "city", "town": "city",
}
WORLD_WORDS = {"world", "worldwide", "globally", "global", "planet"}
# verbs of change before "from X to Y": two figures (old and new level), not a range
CHANGE_VERBS = {
    "rose", "risen", "rise", "rising", "increased", "increase", "grew", "grown",
    "fell", "fallen", "dropped", "declined", "decreased", "jumped", "climbed",
    "went", "changed", "raised", "reduced", "expanded", "shrank", "cut", "up",
    "down", "soared", "plunged", "slipped", "surged", "doubled", "halved",
}
# plural nouns that follow a year without making it a count ("2000 levels")
YEAR_NOUNS = {"levels", "figures", "prices", "rates", "values", "numbers", "data", "elections", "games", "olympics", "census", "standards", "terms"}

# short and common names the gazetteers spell otherwise
COUNTRY_ALIASES = {
    "US": "US", "U.S.": "US", "USA": "US", "U.S.A.": "US", "America": "US",
    "United States of America": "US", "UK": "GB", "U.K.": "GB", "Britain": "GB",
    "Great Britain": "GB", "England": "GB", "Scotland": "GB", "Wales": "GB",
    "Russia": "RU", "South Korea": "KR", "North Korea": "KP", "DPRK": "KP",
    "Iran": "IR", "Syria": "SY", "Vietnam": "VN", "Taiwan": "TW", "Laos": "LA",
    "Moldova": "MD", "Bolivia": "BO", "Venezuela": "VE", "Tanzania": "TZ",
    "Czech Republic": "CZ", "Czechia": "CZ", "Ivory Coast": "CI", "Burma": "MM",
    "Holland": "NL", "the Netherlands": "NL", "UAE": "AE", "Emirates": "AE",
    "Hong Kong": "HK", "Macau": "MO", "Palestine": "PS", "Kosovo": "XK",
    "Turkey": "TR", "Türkiye": "TR", "DRC": "CD", "Congo": "CG", "Brunei": "BN",
    "Cape Verde": "CV", "Eswatini": "SZ", "Swaziland": "SZ", "Vatican": "VA",
}

# regions of the world that are not countries, with a rough centre
WORLD_REGIONS = {
    "Southeast Asia": (4.0, 110.0), "South East Asia": (4.0, 110.0),
    "Central Asia": (45.0, 68.0), "South Asia": (20.0, 77.0),
    "East Asia": (35.0, 115.0), "Middle East": (29.0, 45.0),
    "Western Europe": (48.0, 5.0), "Eastern Europe": (52.0, 30.0),
    "Scandinavia": (62.0, 15.0), "Balkans": (43.0, 20.0), "Caucasus": (42.0, 45.0),
    "Sub-Saharan Africa": (0.0, 20.0), "North Africa": (28.0, 10.0),
    "West Africa": (12.0, 0.0), "East Africa": (0.0, 37.0),
    "Latin America": (-10.0, -60.0), "Central America": (14.0, -87.0),
    "Caribbean": (18.0, -70.0), "Siberia": (60.0, 100.0), "Far East": (50.0, 135.0),
    "European Union": (50.0, 10.0), "EU": (50.0, 10.0), "Mediterranean": (35.0, 18.0),
    "Sahel": (15.0, 5.0), "Gulf": (26.0, 52.0), "Pacific": (0.0, -160.0),
}

# adjectives of nationality: "Australian children" are counted in Australia
DEMONYMS = {
    "Afghan": "AF", "Albanian": "AL", "Algerian": "DZ", "American": "US",
    "Argentine": "AR", "Argentinian": "AR", "Armenian": "AM", "Australian": "AU",
    "Austrian": "AT", "Azerbaijani": "AZ", "Bangladeshi": "BD", "Belarusian": "BY",
    "Belgian": "BE", "Bolivian": "BO", "Bosnian": "BA", "Brazilian": "BR",
    "British": "GB", "Bulgarian": "BG", "Cambodian": "KH", "Cameroonian": "CM",
    "Canadian": "CA", "Chilean": "CL", "Chinese": "CN", "Colombian": "CO",
    "Congolese": "CD", "Croatian": "HR", "Cuban": "CU", "Czech": "CZ",
    "Danish": "DK", "Dutch": "NL", "Ecuadorian": "EC", "Egyptian": "EG",
    "English": "GB", "Eritrean": "ER", "Estonian": "EE", "Ethiopian": "ET",
    "Filipino": "PH", "Finnish": "FI", "French": "FR", "Georgian": "GE",
    "German": "DE", "Ghanaian": "GH", "Greek": "GR", "Guatemalan": "GT",
    "Haitian": "HT", "Honduran": "HN", "Hungarian": "HU", "Icelandic": "IS",
    "Indian": "IN", "Indonesian": "ID", "Iranian": "IR", "Iraqi": "IQ",
    "Irish": "IE", "Israeli": "IL", "Italian": "IT", "Jamaican": "JM",
    "Japanese": "JP", "Jordanian": "JO", "Kazakh": "KZ", "Kazakhstani": "KZ",
    "Kenyan": "KE", "Korean": "KR", "Kosovar": "XK", "Kuwaiti": "KW",
    "Kyrgyz": "KG", "Latvian": "LV", "Lebanese": "LB", "Libyan": "LY",
    "Lithuanian": "LT", "Malaysian": "MY", "Malian": "ML", "Mexican": "MX",
    "Moldovan": "MD", "Mongolian": "MN", "Moroccan": "MA", "Nepalese": "NP",
    "Nigerian": "NG", "Norwegian": "NO", "Pakistani": "PK", "Palestinian": "PS",
    "Peruvian": "PE", "Polish": "PL", "Portuguese": "PT", "Romanian": "RO",
    "Russian": "RU", "Rwandan": "RW", "Saudi": "SA", "Scottish": "GB",
    "Senegalese": "SN", "Serbian": "RS", "Singaporean": "SG", "Slovak": "SK",
    "Slovenian": "SI", "Somali": "SO", "South African": "ZA", "Spanish": "ES",
    "Sri Lankan": "LK", "Sudanese": "SD", "Swedish": "SE", "Swiss": "CH",
    "Syrian": "SY", "Taiwanese": "TW", "Tajik": "TJ", "Tanzanian": "TZ",
    "Thai": "TH", "Tunisian": "TN", "Turkish": "TR", "Turkmen": "TM",
    "Ugandan": "UG", "Ukrainian": "UA", "Uzbek": "UZ", "Venezuelan": "VE",
    "Vietnamese": "VN", "Welsh": "GB", "Yemeni": "YE", "Zambian": "ZM",
    "Zimbabwean": "ZW", "New Zealand": "NZ", "Kiwi": "NZ",
}
# trend words too common in other senses to count alone ("more than", "up to")
AMBIGUOUS_TREND_WORDS = {"up", "down", "more", "less", "fewer", "record", "add", "added", "cut", "lost", "loss", "lower", "higher", "slow", "exceed", "exceeded", "outflow"}
# a place after these words is not where the figure is counted ("except Atyrau")
PLACE_EXCLUDING_PREPOSITIONS = {"except", "excluding", "than", "unlike", "besides", "outside"}
# ... and after these it seldom is ("sharing the border with Russia")
WEAK_PLACE_PREPOSITIONS = {"with", "between", "against", "toward", "towards", "near", "beyond", "via", "like"}
# role nouns that stand for an organisation, resolved to the last one named
ORGANISATION_NOUNS = {"agency", "ministry", "government", "police", "department", "organisation", "organization", "group", "company", "firm", "institute", "centre", "center", "team", "study", "survey", "report", "campaign", "office", "authority", "council", "committee", "commission", "bank", "university"}
ORDINAL_WORDS = {"first", "second", "third", "fourth", "fifth", "last", "final", "latter", "former", "the", "other"}
DURATION_ADJECTIVES = {"working", "business", "straight", "consecutive", "full", "more", "long", "calendar", "school"}
PERSONAL_PRONOUNS = {"he", "she", "i", "you", "we", "they"}

# words before a year-like number that make it a year ("in 1997", "the 2010"...)
YEAR_PREPOSITIONS = frozenset({
    "in", "since", "from", "until", "till", "by", "during", "before", "after", "between", "early",
    "late", "mid", "year", "fiscal", "the", "and", "to", "'s",
})

