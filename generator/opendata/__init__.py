"""Open data in and out: the national formats the guide's data comes from and goes to.

- `schemas`: the official data·inclusion v1 JSON Schemas (generator/reference/), with the
  formats they use (uri, email, date) really checked.
- `rules`: what data·inclusion's own models refuse beyond those schemas (`tous-publics` alone,
  dates, web addresses as browsers read them), for `check` and the export.
- `datainclusion`: export the guide as data·inclusion `structures.json` and `services.json`,
  imported records under their producer's own source and ids.
- `di_read`: read such files back as actors, record by record.
- `mediation`: read the national "lieux de médiation numérique" CSV (table schema v1.0.2).
- `incoming`: an imported actor and the clean-up of its values (one function, `convert_hours`,
  turns every hours text into OpenStreetMap syntax when it can).
- `merge`, `merge_tree`: add or update those actors in actors.yaml, record by record,
  comments and editors' work kept.
"""
