"""The words of French opening-hours texts: a text to tokens, or Unsure at an unknown word.

Accents and capitals are dropped first; phrases ("jours fériés", "24h/24", "après-midi") are
tried before single words; times come as minutes from midnight.
"""

from __future__ import annotations

import re
import unicodedata

Token = tuple[str, int]  # a kind (DAY, TIME, NUM, DU, AU, ET, CLOSE, PH, ",", "("...) and a value
NOON = 12 * 60


class Unsure(Exception):
    """The text says something this module cannot convert with certainty."""


_DAYS = {
    0: "lundi lundis lun lu",
    1: "mardi mardis mar ma",
    2: "mercredi mercredis mer merc me",
    3: "jeudi jeudis jeu je",
    4: "vendredi vendredis ven vend ve",
    5: "samedi samedis sam sa",
    6: "dimanche dimanches dim di",
}
DAY_WORDS = {word: day for day, words in _DAYS.items() for word in words.split()}
ABBREVIATIONS = {word for word in DAY_WORDS if len(word) <= 4}  # "lun.", "merc."
_KINDS = {
    "DU": "du",
    "AU": "au",
    "A": "a",
    "DE": "de d'",
    "ET": "et",
    "ENTRE": "entre",
    "SAUF": "sauf hors excepte",
    "CLOSE": "ferme fermee fermes fermees fermeture fermetures",
    "OPEN": "ouvert ouverte ouverts ouvertes ouverture",
    "FILLER": "le les l' la tous toutes chaque inclus incluse uniquement seulement horaires "
    "horaire accueil",
}
WORDS = {word: kind for kind, words in _KINDS.items() for word in words.split()}
# Multi-word phrases, tried before single words (accents are already removed).
PHRASES = (
    ("FILLER", r"horaires?\s+d'(?:ouverture|accueil)|accueil\s+du\s+public|toute\s+l'annee"),
    ("FILLER", r"ouverts?\s+au\s+public"),
    ("CONT", r"en\s+continu|non[- ]?stop|sans\s+interruption|journee\s+continue"),
    ("H24", r"24\s*(?:h|heures)?\s*(?:/|sur)\s*24(?:\s*h(?![a-z]))?"),
    ("D7", r"7\s*j(?:ours)?\s*(?:/|sur)\s*7(?:\s*j(?:ours)?)?|7\s*/\s*7"),
    ("ALWAYS", r"24\s*/\s*7"),
    ("PH", r"(?:jours?\s+)?feries?"),
    ("ALL", r"tous\s+les\s+jours|tlj|chaque\s+jour"),
    ("WEEKEND", r"week[- ]?ends?"),
    ("PM", r"apres[- ]?midis?|aprem"),
    ("AM", r"matin(?:s|ee|ees)?"),
    ("EVE", r"soir(?:s|ee|ees)?"),
    ("UNTIL", r"jusqu'?\s*a"),
    ("MIDNIGHT", r"minuit"),
    ("NOON", r"midi"),
)
_TOKEN_RE = re.compile(
    "|".join(f"(?P<P{i}>(?:{pattern})(?![a-z]))" for i, (_, pattern) in enumerate(PHRASES))
    + r"|(?P<time>(?P<h>\d{1,2})\s*(?:heures?|h)(?![a-z])\s*(?:(?P<m>\d{2})(?!\s*[h:\d]))?"
    r"|(?P<h2>\d{1,2}):(?P<m2>\d{2})(?:\s*h(?![a-z]))?)"
    r"|(?P<num>\d+[a-z]*)|(?P<word>[a-z]+'?)|(?P<punct>[,;/:()&+\n.-])|(?P<space>\s+)|(?P<other>.)"
)


def _normalize(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return text.translate(str.maketrans("’‘`´–—‑\r", "''''---\n"))


def tokenize(text: str) -> list[Token]:
    """The tokens of a text; Unsure at the first word that has no known meaning."""
    tokens: list[Token] = []
    text = _normalize(text)
    position = 0
    while position < len(text):
        match = _TOKEN_RE.match(text, position)
        assert match is not None  # the last alternative takes any character
        position = match.end()
        group = match.lastgroup or ""
        if group.startswith("P"):
            kind = PHRASES[int(group[1:])][0]
            if kind == "MIDNIGHT":
                tokens.append(("TIME", 24 * 60))
            elif kind == "NOON":
                tokens.append(("TIME", NOON))
            elif kind != "FILLER":
                tokens.append((kind, 0))
        elif group == "time":
            hour, minute = match["h"] or match["h2"], match["m"] or match["m2"] or "0"
            if int(hour) > 24 or int(minute) > 59 or (int(hour) == 24 and int(minute)):
                raise Unsure
            tokens.append(("TIME", int(hour) * 60 + int(minute)))
        elif group == "num":
            if not match["num"].isdigit() or len(match["num"]) > 2 or int(match["num"]) > 24:
                raise Unsure  # "1er", "2ème", "2025", a postcode...
            tokens.append(("NUM", int(match["num"]) * 60))
        elif group == "word":
            word = match["word"]
            if word in DAY_WORDS:
                tokens.append(("DAY", DAY_WORDS[word]))
                if word in ABBREVIATIONS and text.startswith(".", position):
                    position += 1  # "lun." is an abbreviation, not the end of a sentence
            elif word in WORDS:
                if WORDS[word] != "FILLER":
                    tokens.append((WORDS[word], 0))
            else:
                raise Unsure
        elif group == "punct":
            tokens.append((match["punct"], 0))
        elif group == "other":
            raise Unsure
    return tokens
