"""Loading a file by its actors' blocks gives what parsing it whole gives, and parses again
only the blocks that changed."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import load_blocks
from generator.load import parse_text, read_text
from generator.load_blocks import CACHE_NAME, cut_actor_blocks, parse_text_cached

ROOT = Path(__file__).resolve().parent.parent

HEAD = """guide:
  territory: Quartier
  languages: [fr, ar]
themes:
  - id: droits
    title: {fr: Droits}
"""

INDENTED = (
    HEAD
    + """actors:
  # the first place
  - id: caf
    nom: CAF
    description:
      fr: |
        Une aide.
        - pas un élément de la liste
      ar: نص
    services:
      - id: accueil
        nom: Accueil
  - id: mairie   # a comment
    nom: Mairie
    ok: true
    n: 12

  # after a blank line
  - id: ccas
    nom: "CCAS, avec : deux-points"
pronunciation:
  CAF: fr
"""
)

AT_COLUMN_ZERO = (
    HEAD
    + """actors:
- id: caf
  nom: CAF
  telephone: 01 23 45 67 89
- id: mairie
  nom: 'Mairie ''centrale'''
  horaires: null
"""
)

# Texts a careful parser must read whole: each must come out exactly as `parse_text` says.
AWKWARD = {
    "quoted text over an item line": HEAD
    + 'actors:\n- id: a\n  nom: "un texte\n- id: b"\n- id: c\n  nom: C\n',
    "anchor and alias": HEAD + "actors:\n- &x\n  id: a\n- *x\n",
    "key twice": HEAD + "actors:\n- id: a\n  nom: A\n  nom: B\n- id: b\n",
    "flow list": HEAD + "actors: [{id: a}, {id: b}]\n",
    "empty list": HEAD + "actors:\n",
    "windows line ends": (HEAD + "actors:\n- id: a\n  nom: A\n").replace("\n", "\r\n"),
    "control character": HEAD + "actors:\n- id: a\n  nom: A\x07\n",
    "tab": HEAD + "actors:\n- id: a\n\tnom: A\n",
    "dash text": HEAD + "actors:\n- id: a\n-b: 1\n",
    "key beside the items": HEAD + "actors:\n  - id: a\n  nom: A\n",
    "document marker": "---\n" + HEAD + "actors:\n- id: a\n",
    "syntax error in a block": HEAD + "actors:\n- id: a\n  nom: [A\n- id: b\n",
    "tag": HEAD + "actors:\n- id: a\n  nom: !!binary aGVsbG8=\n",
    "text too long": HEAD + "actors:\n- id: a\n  nom: " + "x" * 20_001 + "\n",
    "two actors keys": HEAD + "actors:\n- id: a\nactors:\n- id: b\n",
    "same block twice": HEAD + "actors:\n- id: a\n  nom: A\n- id: a\n  nom: A\n",
}


def assert_same(text: str, cache: Path) -> None:
    whole, whole_problems = parse_text(text, "actors.yaml")
    cut, cut_problems = parse_text_cached(text, "actors.yaml", cache)
    assert cut_problems == whole_problems
    assert cut.data == whole.data
    assert dict(cut.values) == whole.values
    assert dict(cut.keys) == whole.keys
    for path in list(whole.values)[::7]:
        assert cut.position(path) == whole.position(path)
        assert cut.describe(path) == whole.describe(path)


@pytest.mark.parametrize("text", [INDENTED, AT_COLUMN_ZERO], ids=["indented", "column 0"])
def test_blocks_give_what_the_whole_file_gives(text: str, tmp_path: Path) -> None:
    assert cut_actor_blocks(text) is not None
    assert_same(text, tmp_path)  # every block parsed
    assert (tmp_path / CACHE_NAME).is_file()
    assert_same(text, tmp_path)  # every block from the cache


def test_the_sample_guide(tmp_path: Path) -> None:
    text = read_text(ROOT / "actors.yaml")
    assert cut_actor_blocks(text) is not None
    assert_same(text, tmp_path)
    assert_same(text, tmp_path)


@pytest.mark.parametrize("name", sorted(AWKWARD))
def test_awkward_files_are_read_as_the_whole_parser_reads_them(name: str, tmp_path: Path) -> None:
    assert_same(AWKWARD[name], tmp_path)
    assert_same(AWKWARD[name], tmp_path)


def test_a_copied_block_gets_values_of_its_own(tmp_path: Path) -> None:
    source, _ = parse_text_cached(AWKWARD["same block twice"], "actors.yaml", tmp_path)
    first, second = source.data["actors"]
    assert first == second and first is not second


def test_an_edit_parses_its_block_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parse_text_cached(INDENTED, "actors.yaml", tmp_path)
    parsed: list[str] = []
    original = load_blocks._parse_block

    def counting(block_text: str, file: str) -> load_blocks.Block | None:
        parsed.append(block_text)
        return original(block_text, file)

    monkeypatch.setattr(load_blocks, "_parse_block", counting)
    # Two lines more in the first block: the blocks below move down, their positions with them.
    edited = INDENTED.replace("nom: CAF\n", "nom: CAF Tilleuls\n    site_web: x\n    courriel: y\n")
    assert_same(edited, tmp_path)
    assert len(parsed) == 1 and "CAF Tilleuls" in parsed[0]
    parsed.clear()
    assert_same(edited, tmp_path)
    assert parsed == []


def test_a_damaged_cache_is_ignored(tmp_path: Path) -> None:
    (tmp_path / CACHE_NAME).write_bytes(b"not marshal data")
    assert_same(INDENTED, tmp_path)
    (tmp_path / CACHE_NAME).write_bytes(b"")
    assert_same(INDENTED, tmp_path)
