"""A département's guide as an import of national open data makes it, for the bench.

`python -m bench.messy --places 2000` writes data·inclusion files of about that many places,
copies of the messy test corpus (tests/data/messy/: markdown and HTML in descriptions, control
characters, names in capitals, a 10,000-character description, dates from 2019, free-text
hours, places without services or contacts), spread over the communes of Ille-et-Vilaine and
written as open data writes them (`RENNES` here, `Rennes` there); then makes a guide in 12
languages with `init` and `import data-inclusion`, as a new territory would. Nothing is
translated: every page in another language shows the French texts. Measure it with
`python -m bench --guide bench/work/messy-2000/actors.yaml`.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from bench.edit import LOADER
from bench.run import LANGUAGES, ROOT, WORK
from bench.synthetic import commune_names, commune_of_copy

MESSY = ROOT / "tests" / "data" / "messy"


NUMBER = re.compile(r"(?:\+33 ?|0)[1-9](?:[ .]?\d{2}){4}")


def _phone(phone: str | None, k: int) -> str | None:
    """The same text with each French number in it made copy `k`'s own, written as it was
    (`+33…`, spaces, dots): the import and `check` report places that share a number as
    possible duplicates, and copies are other places."""
    if not phone or k == 0:
        return phone

    def own(match: re.Match[str]) -> str:
        number = list(match.group())
        new = f"{61 + k % 38}{(k * 7919 + int(match.group()[-2:])) % 1_000_000:06d}"
        places = [i for i, char in enumerate(number) if char.isdigit()][-8:]  # after `02`
        for i, digit in zip(places, new, strict=True):
            number[i] = digit
        return "".join(number)

    return NUMBER.sub(own, phone)


def messy_records(rounds: int) -> tuple[list[Any], list[Any]]:
    """The messy corpus's structures (and their services) copied `rounds` times."""
    structures = json.loads((MESSY / "structures.json").read_text(encoding="utf-8"))
    services = json.loads((MESSY / "services.json").read_text(encoding="utf-8"))
    valid = [s for s in structures if isinstance(s, dict)]
    names = commune_names(40)
    out_structures: list[Any] = [s for s in structures if not isinstance(s, dict)]
    out_services: list[Any] = []
    k = 0
    while k < rounds * len(valid):
        round_, index = divmod(k, len(valid))
        record = copy.deepcopy(valid[index])
        old_id = record["id"]
        if round_:
            record["id"] = f"{old_id}-{round_}"
            record["siret"] = None  # one establishment is one place
            record["telephone"] = _phone(record.get("telephone"), k)
            if record.get("adresse"):  # another building
                record["adresse"] = f"{round_ + 1} {record['adresse'].lstrip('0123456789 ')}"
        if record.get("commune"):  # a place without an address stays one
            commune = commune_of_copy(k, names)
            record["commune"] = commune.upper() if k % 3 == 0 else commune
        out_structures.append(record)
        for service in services:
            if isinstance(service, dict) and service.get("structure_id") == old_id:
                service = copy.deepcopy(service)
                if round_:
                    service["id"] = f"{service['id']}-{round_}"
                    service["structure_id"] = record["id"]
                    service["telephone"] = _phone(service.get("telephone"), k)
                out_services.append(service)
        k += 1
    return out_structures, out_services


def cli(*args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=ROOT, capture_output=True, text=True
    )
    if result.returncode:
        sys.exit(f"python -m generator {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout + result.stderr


def make_guide(folder: Path, rounds: int) -> tuple[Path, int, str]:
    """A new guide of `rounds` copies of the corpus in `folder`: its path, its number of
    places and what the import said."""
    folder.mkdir(parents=True, exist_ok=True)
    files = folder / "structures.json", folder / "services.json"
    for path, records in zip(files, messy_records(rounds), strict=True):
        path.write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")
    guide = folder / "actors.yaml"
    guide.unlink(missing_ok=True)
    cli(
        "init", "--territory", "Ille-et-Vilaine", "--languages", ",".join(LANGUAGES),
        "--site-url", "https://guide.example.org/", "--source", str(guide),
    )  # fmt: skip
    said = cli("import", "data-inclusion", *map(str, files), "--source", str(guide))
    places = len(yaml.load(guide.read_text(encoding="utf-8"), Loader=LOADER)["actors"])
    return guide, places, said


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.messy", description=__doc__)
    parser.add_argument("--places", type=int, default=2000, help="about this many places")
    args = parser.parse_args(argv)
    folder = WORK / f"messy-{args.places}"
    # The import leaves out what no resident can use (a place without any address or contact,
    # a record without a date): a copy of the corpus gives fewer places than it has records.
    _, pilot, _ = make_guide(folder / "pilot", 10)
    guide, places, said = make_guide(folder, max(1, round(args.places * 10 / pilot)))
    print(said.strip()[-1500:])
    print(
        f"\n{guide}: {places} places; measure it with python -m bench --guide "
        f"{guide.relative_to(ROOT)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
