"""Translations that know when they are stale, and the translators' round trip.

A translation may record the hash of the French text it was made from
(`ar: {text: "…", source: "3fa81c2e"}`, see `generator.model.source_hash`); when the French
text changes, the hashes no longer match and the translation is stale.

- `units`: every translatable text of the source, its key (`actors[caf-tilleuls].description`)
  and the state of its translation in each language; coverage per language.
- `formats`: the files translators use (gettext PO, a spreadsheet-friendly CSV), both ways.
- `apply`: writing translations back into actors.yaml (import, stamp), comments kept.
- `yamlfile`: round-trip editing of actors.yaml with ruamel.yaml (also used by open-data imports).
"""
