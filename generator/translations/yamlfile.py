"""Edit actors.yaml in place with ruamel.yaml: comments, key order, quotes and layout kept.

Reading for decisions uses the project's safe loader (`generator.load`); this module only
carries edits into the round-trip document, whose items stand at the same indexes. Every
edited file is validated before it replaces the original, atomically.
"""

from __future__ import annotations

import difflib
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString
from ruamel.yaml.util import load_yaml_guess_indent

from generator.errors import GuideError, Problem
from generator.load import PathKey, Source, parse_text, read_text
from generator.validate import validate_source
from generator.write import write_atomic

WIDTH = 4096  # never fold a long line: editors find texts on one line
EOL_COMMENT = re.compile(r"(?P<gap>[ \t]+)(?P<comment>#[^\n]*)$")
KEY_STEP = re.compile(r"(?P<field>[a-z_]+)(?:\[(?P<id>[^\]\[]+)\])?")


class EditError(GuideError):
    """An edit cannot be applied to the source file."""


@dataclass(slots=True)
class Document:
    """A source file opened for editing: its text, the safe-loaded view, the round-trip tree."""

    path: Path
    text: str
    source: Source
    tree: Any
    yaml: YAML

    def dump(self) -> str:
        out = io.StringIO()
        self.yaml.dump(self.tree, out)
        return restore_comment_gaps(self.text, out.getvalue())

    def node(self, path: PathKey) -> Any:
        """The round-trip node at a path of the safe-loaded data."""
        node = self.tree
        for step in path:
            node = node[step]
        return node


def open_document(path: Path, today: date) -> Document:
    """Open a source that has no error (warnings are fine) for editing."""
    text = read_text(path)
    source, problems = parse_text(text, str(path))
    if source.data is not None:
        problems += validate_source(source, today)
    errors = [p for p in problems if p.is_error]
    if errors:
        raise EditError(_errors_message(path, errors, "fix them first"))
    try:
        _, sequence, offset = load_yaml_guess_indent(text)
    except YAMLError as error:  # pragma: no cover - the safe loader read it already
        raise EditError(f"{path}: {error}") from None
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = WIDTH
    offset = offset or 0
    yaml.indent(mapping=max(offset, 2), sequence=sequence or 2, offset=offset)
    return Document(path, text, source, yaml.load(text), yaml)


def save_document(document: Document, today: date, *, dry_run: bool = False) -> bool:
    """Write the edited tree back if it changed and is still valid; True if it changed.

    On a dry run the result is validated all the same, and nothing is written.
    """
    new_text = document.dump()
    if new_text == document.text:
        return False
    source, problems = parse_text(new_text, str(document.path))
    problems += validate_source(source, today)
    errors = [p for p in problems if p.is_error]
    if errors:
        raise EditError(_errors_message(document.path, errors, "nothing was written"))
    if not dry_run:
        write_atomic(document.path, new_text.encode("utf-8"))
    return True


def restore_comment_gaps(old: str, new: str) -> str:
    """Give back the spaces before an end-of-line comment on lines an edit made longer.

    ruamel.yaml keeps a comment's column, but writes a single space before it when the line
    has grown past that column; the editor's `}  # comment` is kept as it was written.
    """
    old_lines = old.splitlines(keepends=True)
    new_lines = new.splitlines(keepends=True)
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "replace":
            continue
        gaps: dict[str, str] = {}
        for line in old_lines[i1:i2]:
            found = EOL_COMMENT.search(line.rstrip("\r\n"))
            if found:
                gaps.setdefault(found["comment"], found["gap"])
        for j in range(j1, j2):
            body = new_lines[j].rstrip("\r\n")
            found = EOL_COMMENT.search(body)
            if found and found["gap"] == " " and found["comment"] in gaps:
                ending = new_lines[j][len(body) :]
                new_lines[j] = (
                    body[: found.start()] + gaps[found["comment"]] + found["comment"] + ending
                )
    return "".join(new_lines)


def _errors_message(path: Path, errors: list[Problem], what: str) -> str:
    lines = "\n".join(p.format() for p in errors[:20])
    more = f"\n… and {len(errors) - 20} more" if len(errors) > 20 else ""
    return f"{path} has {len(errors)} error(s) — {what}:\n{lines}{more}"


# --- building values in the file's style ------------------------------------------------------


def quoted(text: str) -> DoubleQuotedScalarString:
    """A text written in double quotes, as the sample writes every text."""
    return DoubleQuotedScalarString(text)


def flow_map(items: Iterable[tuple[str, Any]]) -> CommentedMap:
    """`{text: "…", source: "…"}` on one line."""
    mapping = CommentedMap(items)
    mapping.fa.set_flow_style()
    return mapping


def block_map(items: Iterable[tuple[str, Any]]) -> CommentedMap:
    mapping = CommentedMap(items)
    mapping.fa.set_block_style()
    return mapping


def flow_list(items: Iterable[Any]) -> CommentedSeq:
    """`[fr, ar]` on one line."""
    sequence = CommentedSeq(items)
    sequence.fa.set_flow_style()
    return sequence


def insert_in_order(mapping: CommentedMap, key: str, value: Any, order: list[str]) -> None:
    """Set `key`, or insert it after the keys that come before it in `order`."""
    if key in mapping:
        mapping[key] = value
        return
    rank = order.index(key) if key in order else len(order)
    position = 0
    for index, existing in enumerate(mapping):
        if (order.index(existing) if existing in order else len(order)) <= rank:
            position = index + 1
    mapping.insert(position, key, value)


# --- keys: `actors[caf-tilleuls].services[aide-caf].nom` ----------------------------------------


def resolve_key(data: Any, key: str) -> PathKey | None:
    """The path a key names in the safe-loaded data, or None if nothing is there."""
    path: list[str | int] = []
    node = data
    for step in key.split("."):
        match = KEY_STEP.fullmatch(step)
        if match is None or not isinstance(node, dict) or match["field"] not in node:
            return None
        path.append(match["field"])
        node = node[match["field"]]
        ident = match["id"]
        if ident is not None:
            if not isinstance(node, list):
                return None
            index = next(
                (
                    i
                    for i, item in enumerate(node)
                    if isinstance(item, dict) and item.get("id") == ident
                ),
                None,
            )
            if index is None:
                return None
            path.append(index)
            node = node[index]
    return tuple(path)
