"""Word lists of the genre: substances, agencies, units and number words."""
from __future__ import annotations

import re

# surface form (lower case) -> canonical substance; longest forms are matched first
SUBSTANCES: dict[str, str] = {
    "heroin": "heroin", "raw opium": "opium", "opium": "opium", "opiates": "opiates",
    "hashish oil": "hashish", "hashish": "hashish", "hash": "hashish",
    "cannabis resin": "hashish", "marijuana": "marijuana", "marihuana": "marijuana",
    "cannabis": "cannabis", "wild cannabis": "cannabis", "ecstasy": "ecstasy", "mdma": "ecstasy",
    "methamphetamine hydrochloride": "methamphetamine", "methamphetamine": "methamphetamine",
    "pervitin": "methamphetamine", "amphetamines": "amphetamine", "amphetamine": "amphetamine",
    "lsd": "LSD", "cocaine": "cocaine", "morphine": "morphine", "codeine": "codeine",
    "tramadol": "tramadol", "desomorphine": "desomorphine", "buprenorphine": "buprenorphine",
    "ephedrine": "ephedrine", "ephedra": "ephedra", "equisetum ephedra": "ephedra",
    "khat": "khat", "poppy straw": "poppy straw", "opium poppy": "opium", "opium poppies": "opium", "poppies": "opium",
    "poppy": "opium", "acetic anhydride": "acetic anhydride",
    "potassium permanganate": "potassium permanganate", "hydrochloric acid": "hydrochloric acid",
    "sulphuric acid": "sulphuric acid", "sulfuric acid": "sulphuric acid",
    "precursor chemicals": "precursors", "precursors": "precursors", "precursor": "precursors",
    "psychotropic substances": "psychotropic substances", "synthetic drugs": "synthetic drugs",
    "narcotics": "drugs", "drugs": "drugs", "drug substances": "drugs", "narcotic drugs": "drugs",
}
SUBSTANCE_RE = re.compile(
    r"\b(" + "|".join(re.escape(s) for s in sorted(SUBSTANCES, key=len, reverse=True)) + r")\b", re.I)

# unit (lower case, singular or plural) -> kilograms per unit, None for non-mass units
UNITS: dict[str, float | None] = {
    "kilo": 1.0, "kilos": 1.0, "kilogram": 1.0, "kilograms": 1.0, "kilogramme": 1.0,
    "kilogrammes": 1.0, "kg": 1.0, "kgs": 1.0, "gram": 0.001, "grams": 0.001, "gramme": 0.001,
    "grammes": 0.001, "g": 0.001, "gr": 0.001, "milligrams": 1e-6, "mg": 1e-6,
    "ton": 1000.0, "tons": 1000.0, "tonne": 1000.0, "tonnes": 1000.0, "metric ton": 1000.0,
    "metric tons": 1000.0, "metric tonnes": 1000.0, "mt": 1000.0, "pound": 0.45359237,
    "pounds": 0.45359237, "lbs": 0.45359237, "lb": 0.45359237,
    "dose": None, "doses": None, "pill": None, "pills": None, "tablet": None, "tablets": None,
    "ampoule": None, "ampoules": None, "ampule": None, "ampules": None, "hectare": None,
    "hectares": None, "ha": None, "liter": None, "liters": None, "litre": None, "litres": None,
    "bottle": None, "bottles": None, "packet": None, "packets": None, "blotter": None,
    "blotters": None, "plant": None, "plants": None, "bush": None, "bushes": None,
}
UNIT_SINGULAR = {"kilos": "kilo", "kilograms": "kilogram", "grams": "gram", "tons": "ton",
                 "tonnes": "tonne", "metric tons": "metric ton", "metric tonnes": "metric ton",
                 "pounds": "pound", "doses": "dose", "pills": "pill", "tablets": "tablet",
                 "ampoules": "ampoule", "ampules": "ampoule", "hectares": "hectare", "liters": "liter",
                 "litres": "liter", "bottles": "bottle", "packets": "packet", "plants": "plant",
                 "kilogrammes": "kilogram", "grammes": "gram", "kgs": "kg", "lbs": "pound"}
UNIT_RE = "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))

NUMBER_WORDS: dict[str, int] = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}
NUMBER_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
                     "eighty": 80, "ninety": 90, "hundred": 100, "a": 1, "an": 1,
                     "a dozen": 12, "dozens of": 24, "hundreds of": 200})
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_UNITS_WORDS = "one|two|three|four|five|six|seven|eight|nine"
NUMBER_RE = (r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|"
             rf"(?:{_TENS})[- ](?:{_UNITS_WORDS})\b|"
             + "|".join(sorted((w for w in NUMBER_WORDS if w not in ("a", "an", "dozens of", "hundreds of")),
                               key=len, reverse=True)) + r")(?:\s+(?:million|thousand))?")
MULTIPLIERS = {"million": 1_000_000, "thousand": 1000}
QUALIFIERS = ("more than", "less than", "at least", "up to", "nearly", "almost", "approximately",
              "about", "around", "over", "some", "roughly", "an estimated", "estimated")

AGENCIES: dict[str, str] = {
    r"Committee on Combating Drugs": "Committee on Combating Drugs",
    r"Ministry of Internal Affairs|Ministry of Interior|\bMVD\b|\bMOI\b": "MVD",
    r"Committee for National Security|National Security Committee|\bKNB\b": "KNB",
    r"Customs (?:Service|Committee|Control Committee)|customs officers|customs officials": "Customs Service",
    r"Border Guard Service|Border Service|border guards|\bBGS\b": "Border Guard Service",
    r"Financial Police": "Financial Police", r"Drug Control Agency|\bDCA\b": "Drug Control Agency",
    r"Drug Enforcement Administration|\bDEA\b": "DEA", r"\bUNODC\b|UN Office on Drugs and Crime|United Nations Office on Drugs and Crime": "UNODC",
    r"International Organization for Migration|\bIOM\b": "IOM",
    r"\bINL\b|International Narcotics and Law Enforcement": "INL", r"\bCARICC\b": "CARICC",
    r"\bCSTO\b|Collective Security Treaty Organization": "CSTO", r"\bInterpol\b": "Interpol",
    r"\bEuropol\b": "Europol", r"General Prosecutor'?s Office|Prosecutor General'?s Office": "Prosecutor General's Office",
    r"Federal Drug Control Service|Federal Service of the Russian Federation on Drug Control|\bFSKN\b": "FSKN",
    r"\bOSCE\b": "OSCE", r"Border Management Programme in Central Asia|\bBOMCA\b": "BOMCA",
    r"\bSCO\b|Shanghai Cooperation Organi[sz]ation": "SCO", r"\bpolice\b": "police",
}
_AGENCY_ANY = re.compile("|".join(f"(?P<a{i}>{p})" for i, p in enumerate(AGENCIES)))
_AGENCY_NAMES = list(AGENCIES.values())
# every agency pattern starts with a capital letter or names the police or customs
_AGENCY_HINT = re.compile(r"[A-Z]{2}|Committee|Ministry|Customs|Border|Financial|Drug|Federal|General|"
                          r"Prosecutor|International|United|Collective|Shanghai|National|Interpol|Europol|"
                          r"police|customs|border")


def agencies_in(text: str) -> tuple[str, ...]:
    """Canonical agency names mentioned in ``text``, in order of first mention."""
    names: list[str] = []
    if not _AGENCY_HINT.search(text):
        return ()
    for m in _AGENCY_ANY.finditer(text):
        name = _AGENCY_NAMES[int(m.lastgroup[1:])]
        if name not in names:
            names.append(name)
    # "police" alone adds nothing when a named police body is there
    if "police" in names and len(names) > 1 and {"MVD", "Financial Police"} & set(names):
        names.remove("police")
    return tuple(names)
