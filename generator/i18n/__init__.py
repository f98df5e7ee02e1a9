"""Interface texts per language: `i18n/<tag>.yaml`, French being the reference catalogue."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REFERENCE = "fr"


@dataclass(frozen=True, slots=True)
class Catalog:
    """The interface texts of one language, falling back to French key by key."""

    tag: str
    texts: dict[str, str]
    reference: dict[str, str]

    @property
    def exists(self) -> bool:
        return bool(self.texts)

    def lang_of(self, key: str) -> str:
        """The language a text is actually shown in."""
        return self.tag if key in self.texts else REFERENCE

    def __call__(self, key: str, **values: object) -> str:
        text = self.texts.get(key) or self.reference[key]
        return text.format(**values) if values else text


def _read(tag: str) -> dict[str, str]:
    path = HERE / f"{tag}.yaml"
    if not path.is_file():
        return {}
    return {str(k): str(v) for k, v in (yaml.safe_load(path.read_text("utf-8")) or {}).items()}


@cache
def catalog(tag: str) -> Catalog:
    """The catalogue of `tag` (an exact file, else its base language, else none)."""
    texts = _read(tag) or _read(tag.split("-")[0])
    return Catalog(tag, texts, _read(REFERENCE))
