"""Stage 1, load, for a large file edited a little: each actor's block is parsed once.

A département's guide is ~15 MB of YAML: parsing it whole costs seconds on every build, even
when an editor changed one line. The `actors:` list is cut into its items' blocks of lines;
a block already parsed by an earlier build (same text) is taken from the cache
(`.cache/source-blocks.marshal`), the others are parsed alone, and the positions of every
value are shifted to where the block stands in the file.

The result is the same `Source` as `parse_text` gives, value for value and position for
position (tests/test_load_blocks.py compares them). Whenever that cannot be guaranteed the
whole file is parsed as before: a file with any loading problem (the careful parser words
them and counts their lines), a layout this module does not cut (flow style, tabs, document
markers), or a block that does not parse alone as one item.
"""

from __future__ import annotations

import gc
import hashlib
import itertools
import marshal
import os
import re
import sys
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import Problem
from generator.load import (
    MAX_VALUES,
    PathKey,
    Position,
    Source,
    _compose_fast,
    _Converter,
    _Loader,
    find_control_characters,
    parse_text,
)

CACHE_NAME = "source-blocks.marshal"
# The cache holds Python values in marshal's format, which each Python version may change.
VERSION = f"blocks-1-{sys.version_info.major}.{sys.version_info.minor}"

_ACTORS_KEY = re.compile(r"^actors:[ ]*(?:#.*)?$", re.MULTILINE)
_DOCUMENT_MARKER = re.compile(r"^(?:---|\.\.\.)(?:\s|$)", re.MULTILINE)
_CONTENT = re.compile(r"^ *[^ #\n]", re.MULTILINE)  # a line that is not blank nor a comment

# A parsed block: its item's value, the positions of its values and of its keys relative to
# the block (path below the item -> line from 0, column), and how many values it counts.
Table = dict[PathKey, tuple[int, int]]
Block = tuple[Any, Table, Table, int]


@dataclass(frozen=True, slots=True)
class Cut:
    """The items of a file's `actors:` list: where each block of lines starts and ends."""

    starts: list[int]  # offset in the text of each item's first line
    end: int  # offset where the list ends (the next top-level key, or the end of the text)
    indent: int  # the column of the items' `-`, from 0


def cut_actor_blocks(text: str) -> Cut | None:
    """Where the items of the `actors:` list stand, or None when the list is not laid out as
    block items (`- ` at one indentation) this function can cut safely."""
    # Tabs, document markers and the line breaks YAML knows besides "\n": the whole parser.
    if any(char in text for char in "\t\r\x85\u2028\u2029") or _DOCUMENT_MARKER.search(text):
        return None
    keys = _ACTORS_KEY.findall(text)
    if len(keys) != 1:
        return None
    key = _ACTORS_KEY.search(text)
    assert key is not None
    first = _CONTENT.search(text, key.end())
    if first is None:
        return None
    line_end = text.find("\n", first.start())
    line = text[first.start() : len(text) if line_end < 0 else line_end]
    indent = len(line) - len(line.lstrip(" "))
    if not _item_start(line, indent):
        return None
    # The first line that is neither an item, nor deeper, nor blank, nor a comment ends it.
    pad = " " * indent
    stop = re.compile(rf"^(?!{pad}-(?: |$)|{pad} | *#| *$)", re.MULTILINE)
    ending = stop.search(text, first.start())
    end = len(text) if ending is None else ending.start()
    if ending is not None:
        rest = text[end : text.find("\n", end) if "\n" in text[end:] else len(text)]
        beside = indent > 0 and len(rest) - len(rest.lstrip(" ")) == indent
        if beside or rest.startswith(pad + "-"):
            return None  # a key beside the items, or `-text`: not a list cut here
    items = re.compile(rf"^{pad}-(?: |$)", re.MULTILINE)
    starts = [match.start() for match in items.finditer(text, first.start(), end)]
    return Cut(starts, end, indent)


def _item_start(line: str, indent: int) -> bool:
    rest = line[indent:]
    return rest == "-" or rest.startswith("- ")


class BlockPositions(Mapping[PathKey, Position]):
    """The positions of a file's values, the actors' read from their blocks when asked."""

    def __init__(
        self,
        head: dict[PathKey, Position],
        blocks: list[tuple[int, Table]],
    ) -> None:
        self.head = head
        self.blocks = blocks  # (first line of the block, from 0; its positions)

    def __getitem__(self, path: PathKey) -> Position:
        if len(path) >= 2 and path[0] == "actors" and type(path[1]) is int:
            index = path[1]
            if 0 <= index < len(self.blocks):
                begin, table = self.blocks[index]
                line, column = table[path[2:]]
                return Position(begin + line + 1, column)
        return self.head[path]

    def __contains__(self, path: object) -> bool:
        try:
            self[path]  # type: ignore[index]
        except (KeyError, TypeError):
            return False
        return True

    def __iter__(self) -> Iterator[PathKey]:
        yield from self.head
        for index, (_, table) in enumerate(self.blocks):
            for path in table:
                yield ("actors", index, *path)

    def __len__(self) -> int:
        return len(self.head) + sum(len(table) for _, table in self.blocks)


def parse_text_cached(text: str, file: str, cache_dir: Path | None) -> tuple[Source, list[Problem]]:
    """`parse_text`, reusing the blocks of actors an earlier build already parsed."""
    if cache_dir is None:
        return parse_text(text, file)
    # Hundreds of thousands of small values are made here and none is garbage: the cyclic
    # collector would walk them all again and again (it doubled the time at 2,000 actors).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _parse_with_blocks(text, file, cache_dir)
    finally:
        if collecting:
            gc.enable()


def _parse_with_blocks(text: str, file: str, cache_dir: Path) -> tuple[Source, list[Problem]]:
    cut = cut_actor_blocks(text)
    if cut is None or find_control_characters(text, file, limit=1):
        return parse_text(text, file)
    cache_file = cache_dir / CACHE_NAME
    known = _read_cache(cache_file)
    bounds = [*cut.starts, cut.end]
    # The file without its actors' blocks, line for line (blank lines in their place).
    head_text = "".join(
        [
            text[: cut.starts[0]],
            *("\n" * text.count("\n", begin, end) for begin, end in itertools.pairwise(bounds)),
            text[cut.end :],
        ]
    )
    head, problems = parse_text(head_text, file)
    if problems or not isinstance(head.data, dict) or head.data.get("actors", 0) is not None:
        return parse_text(text, file)
    kept: dict[str, Block] = {}
    block_keys: list[str] = []
    items: list[Any] = []
    tables: list[tuple[int, Table]] = []
    key_tables: list[tuple[int, Table]] = []
    count = len(head.values)
    line = text.count("\n", 0, cut.starts[0])
    for begin, end in itertools.pairwise(bounds):
        block_text = text[begin:end]
        key = hashlib.blake2b(block_text.encode("utf-8"), digest_size=16).hexdigest()
        # Two blocks with the same text (a copied actor) get values of their own.
        block = None if key in kept else known.get(key)
        block = block or _parse_block(block_text, file)
        if block is None:
            return parse_text(text, file)
        kept[key] = block
        block_keys.append(key)
        items.append(block[0])
        tables.append((line, block[1]))
        key_tables.append((line, block[2]))
        count += block[3]
        line += block_text.count("\n")
    if count > MAX_VALUES:
        return parse_text(text, file)
    source = Source(file=file, text=text, data=head.data, block_keys=tuple(block_keys))
    # The head without the blocks' places: an actor that grows by a line changes no other key.
    head_only = f"{text[: cut.starts[0]]}\0{text[cut.end :]}"
    source.head_key = hashlib.blake2b(head_only.encode("utf-8"), digest_size=16).hexdigest()
    source.data["actors"] = items
    head_values = dict(head.values)
    head_values[("actors",)] = Position(tables[0][0] + 1, cut.indent + 1)
    source.values = BlockPositions(head_values, tables)  # type: ignore[assignment]
    source.keys = BlockPositions(dict(head.keys), key_tables)  # type: ignore[assignment]
    if set(kept) != set(known):
        _write_cache(cache_file, kept)
    return source, []


def _parse_block(block_text: str, file: str) -> Block | None:
    """One item of the actors list, parsed alone as the list's only item (None: a problem)."""
    source = Source(file=file, text=block_text, data=None)
    loader = _Loader(block_text, file)
    try:
        root = _compose_fast(block_text)
        if root is None:
            return None  # an anchor, an alias or a syntax error: the whole file is parsed
        problems: list[Problem] = []
        converter = _Converter(source, loader, problems)
        # The item stands at depth 2 of the file (the file's mapping, then its `actors:` list).
        value = converter.convert(root, ("actors",), 1)
    finally:
        loader.dispose()
    if problems or converter.located or not isinstance(value, list) or len(value) != 1:
        return None
    values = {
        path[2:]: (position.line - 1, position.column)
        for path, position in source.values.items()
        if len(path) >= 2
    }
    keys = {
        path[2:]: (position.line - 1, position.column) for path, position in source.keys.items()
    }
    return value[0], values, keys, converter.count - 1


def _read_cache(path: Path) -> dict[str, Block]:
    try:
        stored = marshal.loads(path.read_bytes())  # 10 times faster than from a file object
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    if not isinstance(stored, dict) or stored.get("version") != VERSION:
        return {}
    blocks = stored.get("blocks")
    return blocks if isinstance(blocks, dict) else {}


def _write_cache(path: Path, blocks: dict[str, Block]) -> None:
    """Keep the blocks of this file only (a cache never grows past the file it serves)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(marshal.dumps({"version": VERSION, "blocks": blocks}))
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
