"""Texts of the printed documents: `print/i18n/<tag>.yaml`, then the site's interface texts.

A print text missing in a language falls back to French, key by key, like the site's catalogue;
`lang_of` tells which language a text is really in, so that the document can mark it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from markupsafe import Markup, escape

from generator.errors import BuildError
from generator.i18n import Catalog, catalog
from generator.languages import language

PRINT_I18N = Path("print") / "i18n"
REFERENCE = "fr"
# Unicode isolates: WeasyPrint ignores `unicode-bidi`, so text in the other direction (a French
# address, a phone number, a URL in an Arabic line) is wrapped in these characters to keep its
# own order and stay in one piece.
ISOLATE = {"ltr": "\u2066", "rtl": "\u2067"}
POP_ISOLATE = "\u2069"


def isolate(value: str, direction: str = "ltr") -> str:
    """`value` as one unit of its own direction inside a line of the other direction."""
    opener, closer = ISOLATE[direction], POP_ISOLATE
    if isinstance(value, Markup):
        return Markup(opener) + value + Markup(closer)
    return f"{opener}{value}{closer}"


@dataclass(frozen=True, slots=True)
class PrintTexts:
    """The print texts of one language, then the site's, French as the last resort."""

    tag: str
    texts: Mapping[str, str]  # print texts in this language
    reference: Mapping[str, str]  # print texts in French
    site: Catalog

    def lang_of(self, key: str) -> str:
        """The language a text is actually shown in."""
        if key in self.texts:
            return self.tag
        if key in self.reference:
            return REFERENCE
        return self.site.lang_of(key)

    def __call__(self, key: str, **values: object) -> str:
        if key in self.texts or key in self.reference:
            text = self.texts.get(key) or self.reference[key]
            return text.format(**values) if values else text
        return self.site(key, **values)

    def markup(self, key: str, **values: object) -> Markup:
        """The text, escaped (Markup values kept), marking its language when it is a fallback."""
        template = self.texts.get(key) or self.reference.get(key) or self.site(key)
        text = Markup(escape(template)).format(**values) if values else escape(template)
        shown = self.lang_of(key)
        if shown == self.tag:
            return Markup(text)
        other = language(shown)
        if other.direction != language(self.tag).direction:
            text = isolate(Markup(text), other.direction)
        return Markup(f'<span lang="{other.tag}" dir="{other.direction}">{text}</span>')


def read_texts(path: Path) -> dict[str, str]:
    """One print catalogue; a file that is not a flat map of texts is a user mistake."""
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise BuildError(f"{path} is not valid YAML: {error}") from error
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise BuildError(f'{path} must map each key to a text in quotes (key: "text")')
    return {str(key): value for key, value in data.items()}


@cache
def print_texts(project_dir: Path, tag: str) -> PrintTexts:
    """The texts of `tag` (an exact file, else its base language, else French only)."""
    folder = project_dir / PRINT_I18N
    own = read_texts(folder / f"{tag}.yaml") or read_texts(folder / f"{tag.split('-')[0]}.yaml")
    return PrintTexts(tag, own, read_texts(folder / f"{REFERENCE}.yaml"), catalog(tag))
