"""Synthetic guides of any size, made from the sample's real actors (real text lengths, scripts).

Actor `k` is a copy of sample actor `k mod 28` with new ids, so texts, translations, hours
and services keep the sample's shape in every language. By default every copy keeps the
sample's commune; with `communes`, places are spread over that many communes of
Ille-et-Vilaine, as unevenly as in a département (the first, Rennes, has the most: commune i
has a share proportional to 1/i), so that need pages, leaflets and the directory split by
commune as they would there.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "actors.yaml"


# Communes of Ille-et-Vilaine, the largest first; past these, "Commune 41"…
COMMUNES = (
    "Rennes", "Saint-Malo", "Fougères", "Vitré", "Cesson-Sévigné", "Bruz", "Redon",
    "Saint-Jacques-de-la-Lande", "Betton", "Dinard", "Pacé", "Chantepie", "Chartres-de-Bretagne",
    "Thorigné-Fouillard", "Le Rheu", "Saint-Grégoire", "Vern-sur-Seiche", "Guichen", "Mordelles",
    "Combourg", "Montfort-sur-Meu", "Cancale", "Janzé", "Liffré", "Châteaugiron",
    "Bain-de-Bretagne", "Noyal-Châtillon-sur-Seiche", "Melesse", "Acigné", "Saint-Méen-le-Grand",
    "La Guerche-de-Bretagne", "Retiers", "Pleurtuit", "Bréal-sous-Montfort",
    "Montauban-de-Bretagne", "Dol-de-Bretagne", "Saint-Aubin-du-Cormier", "Louvigné-du-Désert",
    "Val-d'Anast", "Guipry-Messac",
)  # fmt: skip


def commune_names(count: int) -> list[str]:
    extra = [f"Commune {i}" for i in range(len(COMMUNES) + 1, count + 1)]
    return [*COMMUNES[:count], *extra]


def commune_of_copy(k: int, names: list[str]) -> str:
    """The commune of place `k`: shares proportional to 1/i, spread evenly along the list
    (a low-discrepancy sequence: deterministic, no two runs differ)."""
    weights = [1 / (i + 1) for i in range(len(names))]
    point = (k * 0.6180339887498949) % 1 * sum(weights)
    for name, weight in zip(names, weights, strict=True):
        point -= weight
        if point < 0:
            return name
    return names[-1]


def synthetic_guide(
    actors: int, languages: list[str] | None = None, communes: int = 0
) -> dict[str, Any]:
    """A valid guide with `actors` actors (and only `languages`, when given), spread over
    `communes` communes (0: all in the sample's)."""
    sample = yaml.safe_load(SAMPLE.read_text(encoding="utf-8"))
    for actor in sample["actors"]:  # the loader keeps dates as text: so does the dump
        if "date_verification" in actor:
            actor["date_verification"] = str(actor["date_verification"])
    if languages:
        sample = _keep_languages(sample, set(languages))
        sample["guide"]["languages"] = languages
    base = sample["actors"]
    sample["actors"] = [_copy_actor(base[k % len(base)], k // len(base)) for k in range(actors)]
    if communes:
        names = commune_names(communes)
        for k, actor in enumerate(sample["actors"]):
            actor["commune"] = commune_of_copy(k, names)
    return sample


def _copy_actor(actor: dict[str, Any], round_: int) -> dict[str, Any]:
    """A copy of a sample actor; from the second round on, with new ids and name."""
    actor = copy.deepcopy(actor)
    if round_:
        actor["id"] = f"{actor['id']}-{round_}"
        actor["nom"] = f"{actor['nom']} ({round_ + 1})"
        for service in actor.get("services", []):
            service["id"] = f"{service['id']}-{round_}"
    return actor


def _keep_languages(data: Any, keep: set[str]) -> Any:
    """Drop the translations in languages the guide does not have."""
    if isinstance(data, dict):
        if _is_text(data):
            return {k: v for k, v in data.items() if k in keep}
        return {k: _keep_languages(v, keep) for k, v in data.items()}
    if isinstance(data, list):
        return [_keep_languages(item, keep) for item in data]
    return data


def _is_text(value: dict[str, Any]) -> bool:
    """A translatable text: French plus translations, plain or {text: …}."""
    return isinstance(value.get("fr"), str) and all(
        isinstance(v, str) or (isinstance(v, dict) and "text" in v) for v in value.values()
    )


def write_guide(
    path: Path, actors: int, languages: list[str] | None = None, communes: int = 0
) -> Path:
    """Write a synthetic guide as YAML; returns its path."""
    data = synthetic_guide(actors, languages, communes)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(text, encoding="utf-8")
    return path
