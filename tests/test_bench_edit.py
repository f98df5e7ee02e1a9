"""The bench's one-actor edit changes one value in the file's text, as an editor would, in any
guide (`python -m bench --guide FILE`): the rest of the file keeps its bytes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from bench.edit import MARK, EditError, edit_one_actor
from bench.synthetic import write_guide
from generator.load_blocks import cut_actor_blocks
from generator.pipeline import load_guide
from tests.conftest import ROOT, TODAY


def test_a_synthetic_guide_has_one_line_changed_in_one_block(tmp_path: Path) -> None:
    source = write_guide(tmp_path / "actors.yaml", 60, ["fr", "ar"])
    before = source.read_text(encoding="utf-8")
    assert edit_one_actor(source) == "actors[france-services-tilleuls].description.fr"
    after = source.read_text(encoding="utf-8")
    old, new = yaml.safe_load(before), yaml.safe_load(after)
    assert new["actors"][0]["description"]["fr"] == old["actors"][0]["description"]["fr"] + MARK
    new["actors"][0]["description"]["fr"] = old["actors"][0]["description"]["fr"]
    assert new == old, "nothing else changed"
    cut_before, cut_after = cut_actor_blocks(before), cut_actor_blocks(after)
    assert cut_before and cut_after
    blocks = [
        (text[start:end], text)
        for text, cut in ((before, cut_before), (after, cut_after))
        for start, end in zip(cut.starts, [*cut.starts[1:], cut.end], strict=True)
    ]
    first = [block for block, text in blocks if text is before]
    second = [block for block, text in blocks if text is after]
    assert sum(a != b for a, b in zip(first, second, strict=True)) == 1
    assert before[: cut_before.starts[0]] == after[: cut_after.starts[0]]
    assert before[cut_before.end :] == after[cut_after.end :]
    guide, _ = load_guide(source, TODAY)
    assert guide.actors[0].description is not None
    assert guide.actors[0].description.get("fr").text.endswith(MARK)


HAND_WRITTEN = """\
# Le guide de la Maison des habitants — relu le 3 novembre
guide:
  title: "Qui fait quoi ?"
actors:
  # Sans description : le banc en change une autre.
  - id: mairie
    nom: Mairie   # l'accueil
  - id: "caf"
    nom: 'CAF de "Bellevue"'
    description:
      fr: >-
        Aide pour les prestations
        familiales, sur rendez-vous.
      en: Help with family benefits.
    commune: Rennes
  - id: epicerie
    nom: Épicerie
"""


def test_a_hand_written_guide_keeps_its_layout_and_comments(tmp_path: Path) -> None:
    source = tmp_path / "guide.yaml"
    source.write_text(HAND_WRITTEN, encoding="utf-8")
    assert edit_one_actor(source) == "actors[caf].description.fr"
    after = source.read_text(encoding="utf-8")
    # The folded text is now one quoted line; every other line is as it was.
    expected = HAND_WRITTEN.replace(
        ">-\n        Aide pour les prestations\n        familiales, sur rendez-vous.\n",
        json.dumps("Aide pour les prestations familiales, sur rendez-vous." + MARK) + "\n",
    )
    assert after == expected.replace("\\u00e9", "é")
    data = yaml.safe_load(after)
    assert data["actors"][1]["description"]["en"] == "Help with family benefits."
    assert data["actors"][1]["commune"] == "Rennes"


@pytest.mark.parametrize(
    "value", ['"Guillemets" et \\ barre', "deux-points : dièse # non", "retour\nà la ligne", "عربي"]
)
def test_any_text_reads_back_as_written(tmp_path: Path, value: str) -> None:
    source = tmp_path / "guide.yaml"
    quoted = json.dumps(value, ensure_ascii=False)  # a YAML double-quoted text
    source.write_text(f"actors:\n  - id: a\n    description: {quoted}\n", encoding="utf-8")
    assert edit_one_actor(source) == "actors[a].description"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    assert data["actors"][0]["description"] == value + MARK


def test_without_descriptions_the_first_name_changes(tmp_path: Path) -> None:
    source = tmp_path / "guide.yaml"
    source.write_text("actors:\n- id: a\n  nom: Mairie\n- id: b\n  nom: CAF\n", "utf-8")
    assert edit_one_actor(source) == "actors[a].nom"
    assert source.read_text(encoding="utf-8") == (
        f'actors:\n- id: a\n  nom: "Mairie{MARK}"\n- id: b\n  nom: CAF\n'
    )
    source.write_text("guide: {}\n", "utf-8")
    with pytest.raises(EditError, match="no actors"):
        edit_one_actor(source)


@pytest.mark.slow
def test_the_bench_measures_a_guide_given_as_a_file(tmp_path: Path) -> None:
    """`python -m bench --guide FILE`: that guide as it is, its languages, today's date."""
    from bench import run

    data = yaml.safe_load((ROOT / "actors.yaml").read_text(encoding="utf-8"))
    data["guide"]["languages"] = ["fr"]
    data["actors"] = data["actors"][:3]
    for actor in data["actors"]:
        actor["date_verification"] = str(actor["date_verification"])
    guide = tmp_path / "mon-guide.yaml"
    guide.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    result = run.bench_size(None, [], outputs=False, guide=guide)
    assert result["guide"] == "mon-guide.yaml"
    assert (result["actors"], result["languages"]) == (3, 1)
    assert result["one_edit"] == f"actors[{data['actors'][0]['id']}].description.fr"
    assert result["no_change_pages_rendered"] == 0
    assert 0 < result["one_edit_pages_rendered"] < result["pages"]
    assert result["full_build_s"] > result["no_change_rebuild_s"]


def test_a_text_in_a_flow_mapping(tmp_path: Path) -> None:
    source = tmp_path / "guide.yaml"
    source.write_text(
        'actors:\n  - {id: a, description: {fr: "Aide", en: "Help"}, nom: A}\n', "utf-8"
    )
    assert edit_one_actor(source) == "actors[a].description.fr"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    assert data["actors"][0]["description"] == {"fr": f"Aide{MARK}", "en": "Help"}


@pytest.mark.parametrize("layout", ["plain", "block"])
def test_a_text_ending_in_a_non_breaking_space(tmp_path: Path, layout: str) -> None:
    source = tmp_path / "guide.yaml"
    value = "Ouvert à tous\u00a0"
    text = {"plain": f"description: {value}\n", "block": f"description: |\n      {value}\n"}
    source.write_text(f"actors:\n  - id: a\n    {text[layout]}    nom: A\n", "utf-8")
    assert edit_one_actor(source) == "actors[a].description"
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    expected = value + ("\n" if layout == "block" else "")
    assert data["actors"][0] == {"id": "a", "description": expected + MARK, "nom": "A"}


@pytest.mark.parametrize("bom", ["", "\ufeff"])
@pytest.mark.parametrize("end", ["\n", "\r\n"])
def test_a_file_saved_on_windows_keeps_its_bytes(tmp_path: Path, bom: str, end: str) -> None:
    """A byte-order mark and CRLF line ends stay as they were, on every line but the edited
    value's, and after the comment the bench adds for its same-data build."""
    from bench.edit import add_comment

    source = tmp_path / "guide.yaml"
    text = bom + HAND_WRITTEN.replace("\n", end)
    source.write_bytes(text.encode("utf-8"))
    assert edit_one_actor(source) == "actors[caf].description.fr"
    after = source.read_bytes().decode("utf-8")
    assert after.startswith(bom + "# Le guide") and after.count("\ufeff") == len(bom)
    assert after.count("\r\n") == (text.count("\r\n") and text.count("\r\n") - 2)
    assert after.removeprefix(bom).splitlines()[:8] == HAND_WRITTEN.splitlines()[:8]
    data = yaml.safe_load(after.removeprefix(bom))
    assert data["actors"][1]["description"]["fr"].endswith(MARK)
    add_comment(source, "relu")
    again = source.read_bytes().decode("utf-8")
    assert again == f"{bom}# relu{end}{after.removeprefix(bom)}"
    assert yaml.safe_load(again.removeprefix(bom)) == data
