"""Loading: safe YAML, positions, and the loading mistakes editors make."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import SourceError
from generator.load import MAX_BYTES, load_source, parse_text


def messages(text: str) -> list[str]:
    _source, problems = parse_text(text, "a.yaml")
    return [p.format() for p in problems]


def test_plain_values_and_positions() -> None:
    source, problems = parse_text("guide:\n  territory: Tilleuls\n  n: 12\n", "a.yaml")
    assert problems == []
    assert source.data == {"guide": {"territory": "Tilleuls", "n": 12}}
    assert source.position(("guide", "territory")).line == 2
    assert source.position(("guide", "territory")).column == 14
    assert source.position(("guide", "territory"), key=True).column == 3


def test_yaml_1_1_surprises_are_off() -> None:
    source, _ = parse_text(
        "a: no\nb: on\nc: 2026-10-15\nd: 010\ne: 9:30\nf: yes\ng: true\nh: 1.5\n", "a.yaml"
    )
    assert source.data == {
        "a": "no",
        "b": "on",
        "c": "2026-10-15",
        "d": "010",
        "e": "9:30",
        "f": "yes",
        "g": True,
        "h": 1.5,
    }


def test_anchors_and_aliases_are_refused() -> None:
    assert messages("a: &x [1, 2]\nb: *x\n") == [
        "a.yaml:1:4: YAML anchors and aliases (&x) are not allowed"
        " — write the value out in full where it is needed",
        "a.yaml:2:4: YAML anchors and aliases (*x) are not allowed"
        " — write the value out in full where it is needed",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "a: !!str &x texte\n",  # after a tag
        "--- &x\na: 1\n",  # a whole document
        "a:\n  - &x un\n",  # a list item
        "a: {b: &x 1}\n",  # in a flow mapping
        "a: [un, &x deux]\n",  # after a comma
        "? &x clé\n: valeur\n",  # an explicit key
        "a:\n  &x\n  b: 1\n",  # alone on its line
    ],
)
def test_every_kind_of_anchor_is_refused(text: str) -> None:
    """The quick libyaml reading is used only when no anchor can be in the text."""
    _source, problems = parse_text(text, "a.yaml")
    assert [p.message for p in problems if "anchors and aliases (&x)" in p.message]


def test_stars_inside_texts_are_not_anchors() -> None:
    source, problems = parse_text('a: "Les **horaires**"\nb: 3*4 - *x\n', "a.yaml")
    assert problems == [] and source.data == {"a": "Les **horaires**", "b": "3*4 - *x"}


def test_billion_laughs_is_refused_without_expanding() -> None:
    bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for name, prev in zip("bcdefghij", "abcdefghi", strict=True):
        bomb += f"{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
    source, problems = parse_text(bomb, "bomb.yaml")
    assert problems and all("anchors and aliases" in p.message for p in problems)
    assert source.data["j"] == [None] * 7  # nothing was expanded


def test_duplicate_key_names_both_lines() -> None:
    assert messages("guide:\n  territory: A\n  territory: B\n") == [
        "a.yaml:3:3: guide: `territory` appears twice in this block (first on line 2)"
        " — keep only one of them"
    ]


def test_python_tags_are_refused() -> None:
    assert messages("a: !!python/object/apply:os.system ['ls']\n") == [
        "a.yaml:1:4: the YAML tag `!!python/object/apply:os.system` is not allowed"
        " — remove the `!…` tag"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "a: b: c\n",
            "a.yaml:1:5: YAML syntax error: mapping values are not allowed here — check the"
            " indentation of this line and of the line above; put text that contains ': ' in double"
            " quotes",
        ),
        (
            "a:\n\t- b\n",
            "a.yaml:2:1: YAML syntax error: while scanning for the next token found character"
            " '\\t' that cannot start any token — indent with spaces, never with tabs",
        ),
        (
            'a: "open\nb: 2\n',
            'a.yaml:1:4: a text opened with a double quote (") is not closed on this line'
            ' — end the text with a " before the end of the line (inside a text, write \\" for'
            " a quote)",
        ),
        pytest.param(
            'a:\n  b: "open\n  c: "closed"\n  d: 1\n',
            'a.yaml:2:6: a text opened with a double quote (") is not closed on this line'
            ' — end the text with a " before the end of the line (inside a text, write \\" for'
            " a quote)",
            id="unclosed-quote-reported-where-it-opens-not-where-the-parser-stumbles",
        ),
        (
            "a: 'open\nb: 2\n",
            "a.yaml:1:4: YAML syntax error: while scanning a quoted scalar found unexpected end"
            " of stream — a quote is not closed: end the text with the same quote",
        ),
    ],
)
def test_syntax_errors_are_located_with_a_hint(text: str, expected: str) -> None:
    assert messages(text) == [expected]


def test_control_characters_are_all_located() -> None:
    assert messages('a: "x\x01y"\n\x00b: 1\n') == [
        "a.yaml:1:6: an invisible control character (U+0001) is in the text — delete it and"
        " retype the characters around it (it often comes from a copy from a PDF or a word"
        " processor)",
        "a.yaml:2:1: an invisible control character (U+0000) is in the text — delete it and"
        " retype the characters around it (it often comes from a copy from a PDF or a word"
        " processor)",
    ]


def test_direction_controls_are_refused_where_they_are() -> None:
    """A right-to-left override (U+202E) would show "fdp.exe" as "exe.pdf": never in the data."""
    assert messages('nom: "Caf\u202e lieu"\ncommune: "\u2067x\u2069"\n') == [
        "a.yaml:1:10: an invisible direction control (U+202E RIGHT-TO-LEFT OVERRIDE) is in the"
        " text: it changes the order readers see — delete it (the guide sets the direction of"
        " every text itself)",
        "a.yaml:2:11: an invisible direction control (U+2067 RIGHT-TO-LEFT ISOLATE) is in the"
        " text: it changes the order readers see — delete it (the guide sets the direction of"
        " every text itself)",
        "a.yaml:2:13: an invisible direction control (U+2069 POP DIRECTIONAL ISOLATE) is in the"
        " text: it changes the order readers see — delete it (the guide sets the direction of"
        " every text itself)",
    ]


def test_missing_file_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="file not found — check the path"):
        load_source(tmp_path / "nope.yaml")


def test_too_large_file_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"# " + b"x" * MAX_BYTES + b"\n")
    with pytest.raises(SourceError, match="more than the 51200 KiB allowed"):
        load_source(big)


def test_non_utf8_file_names_the_line(tmp_path: Path) -> None:
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("a: 1\nb: é\n".encode("latin-1"))
    with pytest.raises(SourceError, match=r"latin.yaml:2: the file is not UTF-8 text"):
        load_source(latin)


def test_fast_and_careful_parsers_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    """libyaml composes plain files; the pure-Python composer must give the same data and lines."""
    from generator import load
    from tests.conftest import ROOT

    text = (ROOT / "actors.yaml").read_text(encoding="utf-8")
    assert load._compose_fast(text) is not None
    fast, fast_problems = parse_text(text, "a.yaml")
    monkeypatch.setattr(load, "_compose_fast", lambda text: None)
    careful, careful_problems = parse_text(text, "a.yaml")
    assert fast.data == careful.data
    assert fast.values == careful.values and fast.keys == careful.keys
    assert fast_problems == careful_problems == []
