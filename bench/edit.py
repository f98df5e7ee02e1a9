"""The bench's one-actor edit, as an editor makes it: one value changed in the file's text.

The rest of the file keeps its bytes (layout, comments, quotes), so a build sees exactly one
actor's block of text changed, whatever guide is measured (`python -m bench --guide FILE`):
loading the file and writing it out again would lay out every block anew.

The value edited is the French description of the first actor that has one ("(modifié)" is
added to it), else the first actor's name. The new value is written as a double-quoted
scalar (JSON's string syntax is YAML's), then read back to check it says what was meant.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.load_blocks import cut_actor_blocks

MARK = " (modifié)"
# libyaml when PyYAML has it: a département's file is ~15 MB.
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class EditError(Exception):
    """The guide has no actor whose text the bench can edit."""


def _get(node: Node | None, key: str) -> Node | None:
    if not isinstance(node, MappingNode):
        return None
    return next((value for name, value in node.value if name.value == key), None)


def _target(item: Node) -> ScalarNode | None:
    """An actor's French description (a text, or the `fr` of a text with translations)."""
    description = _get(item, "description")
    if isinstance(description, ScalarNode) and description.value.strip():
        return description
    french = _get(description, "fr")
    if isinstance(french, ScalarNode) and french.value.strip():
        return french
    return None


def _actors(text: str) -> tuple[list[Node], int]:
    """The actors' nodes and the offset of the text they were read from: the first item's
    block alone when the list can be cut there (a large guide parses in a moment), else the
    whole file (libyaml: its marks count characters)."""
    cut = cut_actor_blocks(text)
    if cut is not None:
        end = cut.starts[1] if len(cut.starts) > 1 else cut.end
        node = yaml.compose(text[cut.starts[0] : end], Loader=yaml.SafeLoader)
        if isinstance(node, SequenceNode) and len(node.value) == 1:
            first = node.value[0]
            if _target(first) is not None or len(cut.starts) == 1:
                return [first], cut.starts[0]
    root = yaml.compose(text, Loader=LOADER)
    actors = _get(root, "actors")
    if not isinstance(actors, SequenceNode) or not actors.value:
        raise EditError("the guide has no actors: nothing to edit")
    return list(actors.value), 0


def edit_one_actor(source: Path) -> str:
    """Change one value of one actor in `source`, as an editor would; returns what changed
    (`actors[caf-tilleuls].description.fr`)."""
    bom, text = _read(source)
    actors, offset = _actors(text)
    found = next(((k, node) for k, item in enumerate(actors) if (node := _target(item))), None)
    if found is not None:
        index, node = found
        item = actors[index]
        field = "description" + (".fr" if node is not _get(item, "description") else "")
    else:
        index, item = 0, actors[0]
        name = _get(item, "nom")
        if not isinstance(name, ScalarNode):
            raise EditError("the first actor has no `nom` and no actor has a description")
        node, field = name, "nom"
    ident = _get(item, "id")
    who = ident.value if isinstance(ident, ScalarNode) else "#1"
    start, end = offset + node.start_mark.index, offset + node.end_mark.index
    old = text[start:end]
    trailing = old[len(old.rstrip(" \t\r\n")) :]  # a block scalar's last line breaks: kept
    value = node.value + MARK
    edited = text[:start] + json.dumps(value, ensure_ascii=False) + trailing + text[end:]
    data: Any = yaml.load(edited, Loader=LOADER)
    for step in ("actors", index, *field.split(".")):
        data = data[step] if isinstance(data, dict | list) else None
    if data != value:  # the file's other values are the same bytes
        raise EditError(f"the edited value does not read back as intended: {data!r}")
    _write(source, bom + edited)
    return f"actors[{who}].{field}"


def add_comment(source: Path, comment: str) -> None:
    """The same data in a file that changed: `# comment` as its first line (after a byte-order
    mark), with the file's own line ends."""
    bom, text = _read(source)
    end = "\r\n" if "\r\n" in text else "\n"
    _write(source, f"{bom}# {comment}{end}{text}")


def _read(source: Path) -> tuple[str, str]:
    """The file as it is, its line ends kept (CRLF too): its byte-order mark ("" if none, to
    put back on writing: libyaml's marks do not count it) and its text after it."""
    with source.open(encoding="utf-8", newline="") as file:
        text = file.read()
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    return bom, text.removeprefix(bom)


def _write(source: Path, text: str) -> None:
    with source.open("w", encoding="utf-8", newline="") as file:
        file.write(text)
