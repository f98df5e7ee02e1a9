"""The bench's open-data guide (`python -m bench.messy`): copies of the messy corpus that the
import takes as it would take a département's records."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

from bench.messy import make_guide, messy_records
from generator.pipeline import load_guide


def test_copies_are_other_places_in_other_communes() -> None:
    structures, services = messy_records(3)
    records = [s for s in structures if isinstance(s, dict)]
    assert len(records) == 3 * 11 and len(structures) == 3 * 11 + 1  # and the broken one
    ids = Counter(record["id"] for record in records)
    assert max(ids.values()) == 1
    known = set(ids)
    assert all(service["structure_id"] in known for service in services
               if service["structure_id"] != "cd35--999")  # fmt: skip
    communes = {record["commune"] for record in records if record.get("commune")}
    assert len(communes) > 5 and any(name.isupper() for name in communes)
    assert any(len(record.get("description") or "") == 10_000 for record in records)


def test_the_guide_is_what_the_import_makes(tmp_path: Path) -> None:
    guide_path, places, said = make_guide(tmp_path, 2)
    guide, _ = load_guide(guide_path, date.today())  # as the import dates it
    assert len(guide.actors) == places > 11
    assert len(guide.languages) == 12
    assert "not kept" in said  # the import says what it could not keep
