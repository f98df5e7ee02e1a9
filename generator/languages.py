"""What the guide needs to know about a language: its name in its own script, direction, script.

Babel (CLDR) knows most; langcodes covers the languages CLDR lacks (Soninke, Comorian…), so a
language spoken at the desk can always be named.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import langcodes
from babel import Locale, UnknownLocaleError

RTL_SCRIPTS = {"Arab", "Hebr", "Thaa", "Syrc", "Nkoo", "Adlm", "Rohg"}


@dataclass(frozen=True, slots=True)
class Language:
    """A BCP 47 language tag with how to show and lay out text in it."""

    tag: str
    autonym: str  # the language's name in its own script: "العربية", "ትግርኛ", "دری"
    name_fr: str  # its name in French: "arabe", "dari"
    direction: str  # "ltr" or "rtl"
    script: str  # ISO 15924: "Latn", "Arab", "Ethi", "Cyrl"

    @property
    def slug(self) -> str:
        """The URL folder of the language: `fa-af` for fa-AF."""
        return self.tag.lower()

    @property
    def is_rtl(self) -> bool:
        return self.direction == "rtl"


def _capitalise(name: str) -> str:
    return name[:1].upper() + name[1:]


@cache
def language(tag: str) -> Language:
    """Describe a tag; never fails for a tag that langcodes accepts."""
    script = langcodes.Language.get(tag).maximize().script or "Latn"
    direction = "rtl" if script in RTL_SCRIPTS else "ltr"
    try:
        locale = Locale.parse(tag.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        locale = None
    if locale is not None:
        # CLDR names some regional variants specially: fa_AF is "دری" (Dari), not "فارسی".
        own = locale.languages.get(str(locale)) or locale.get_display_name(locale) or tag
        french = Locale("fr").languages.get(str(locale)) or locale.get_display_name("fr")
        if str(locale) == "fa_AF":
            french = "dari"
        direction = locale.text_direction
    else:
        own = langcodes.Language.get(tag).autonym()
        french = langcodes.Language.get(tag).display_name("fr")
    return Language(tag, _capitalise(own), french, direction, script)


def language_name(tag: str) -> str:
    """The English name of a language code, for hints: `fa-AF` → Dari."""
    return "Dari" if tag == "fa-AF" else langcodes.Language.get(tag).display_name("en")


def suggest_tag(written: str) -> str | None:
    """The language code an editor probably meant: `FR` → fr, `arabe` → ar, `Dari` → fa-AF."""
    text = written.strip()
    if not text:
        return None
    standard = text.replace("_", "-")
    if langcodes.tag_is_valid(standard) and standard != text:
        return langcodes.standardize_tag(standard)
    if langcodes.tag_is_valid(standard.lower()) and standard.lower() != text:
        return langcodes.standardize_tag(standard.lower())
    try:
        return str(langcodes.find(text))
    except LookupError:
        return None
