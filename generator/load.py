"""Stage 1, load: read actors.yaml safely into plain data, remembering where each value stands.

Safety: only plain YAML values (mappings, lists, text, numbers, true/false, null) are built;
anchors and aliases are refused (they allow "billion laughs" memory bombs), explicit tags are
refused, and the file size, nesting depth and number of values are capped.

The YAML 1.1 surprises are switched off: `no`, `on`, `yes` stay text, `2026-10-15` stays text
(the validator checks it is a date), `010` is not octal and `9:30` is not a number of minutes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.errors import Problem, SourceError

MAX_BYTES = 50 * 1024 * 1024  # a département-wide guide of thousands of actors is ~15 MB
MAX_DEPTH = 24
MAX_VALUES = 5_000_000
MAX_TEXT = 20_000

PathKey = tuple[str | int, ...]

STR_TAG = "tag:yaml.org,2002:str"
ALLOWED_SCALAR_TAGS = {
    STR_TAG,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}


@dataclass(frozen=True, slots=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based


@dataclass(slots=True)
class Source:
    """The loaded file: plain data plus the position of every value and every mapping key."""

    file: str
    text: str
    data: Any
    values: dict[PathKey, Position] = field(default_factory=dict)
    keys: dict[PathKey, Position] = field(default_factory=dict)
    # Read by blocks (generator/load_blocks.py): the digest of each actor's block of text and
    # of the rest of the file; empty when the file was parsed whole.
    block_keys: tuple[str, ...] = ()
    head_key: str = ""

    def position(self, path: PathKey, *, key: bool = False) -> Position:
        """Where `path` stands; falls back to its nearest located parent, then the file start."""
        if key and path in self.keys:
            return self.keys[path]
        probe = tuple(path)
        while probe:
            if probe in self.values:
                return self.values[probe]
            probe = probe[:-1]
        return self.values.get((), Position(1, 1))

    def describe(self, path: PathKey) -> str:
        """`actors[caf-tilleuls].services[aide-caf].telephone`: ids where they are known."""
        parts: list[str] = []
        node: Any = self.data
        for step in path:
            item = _child(node, step)
            if isinstance(step, int):
                ident = item.get("id") if isinstance(item, dict) else None
                label = ident if isinstance(ident, str) and ident else f"#{step + 1}"
                parts[-1:] = [f"{parts[-1]}[{label}]" if parts else f"[{label}]"]
            else:
                parts.append(str(step))
            node = item
        return ".".join(parts)


def _child(node: Any, step: str | int) -> Any:
    if isinstance(step, int):
        return node[step] if isinstance(node, list) and step < len(node) else None
    return node.get(step) if isinstance(node, dict) else None


class _Resolver(yaml.resolver.BaseResolver):
    """Implicit types of the YAML 1.2 core schema, without the YAML 1.1 surprises."""


_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789")
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"),
    list("-+0123456789."),
)
_Resolver.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)


class _Loader(
    yaml.reader.Reader,
    yaml.scanner.Scanner,
    yaml.parser.Parser,
    yaml.composer.Composer,
    yaml.constructor.SafeConstructor,
    _Resolver,
):
    """A composer that refuses anchors and aliases instead of expanding them."""

    def __init__(self, stream: str, file: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        _Resolver.__init__(self)
        self.file = file
        self.problems: list[Problem] = []

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            self.get_event()
            self._refuse_anchor(event.start_mark, f"*{event.anchor}")
            return ScalarNode("tag:yaml.org,2002:null", "", event.start_mark, event.end_mark)
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            self._refuse_anchor(event.start_mark, f"&{anchor}")
            event.anchor = None
        return super().compose_node(parent, index)

    def _refuse_anchor(self, mark: yaml.Mark, what: str) -> None:
        self.problems.append(
            Problem(
                self.file,
                mark.line + 1,
                mark.column + 1,
                "",
                f"YAML anchors and aliases ({what}) are not allowed",
                "write the value out in full where it is needed",
            )
        )


if getattr(yaml, "__with_libyaml__", False):

    class _FastLoader(yaml.cyaml.CParser, yaml.constructor.SafeConstructor, _Resolver):  # type: ignore[misc]
        """libyaml's parser with the guide's resolver: about twenty times faster."""

        def __init__(self, stream: str) -> None:
            yaml.cyaml.CParser.__init__(self, stream)
            yaml.constructor.SafeConstructor.__init__(self)
            _Resolver.__init__(self)


# Hints for the YAML syntax errors editors meet most often.
_SYNTAX_HINTS = (
    ("found character '\\t'", "indent with spaces, never with tabs"),
    (
        "mapping values are not allowed",
        "check the indentation of this line and of the line above; put text that contains ': '"
        " in double quotes",
    ),
    (
        "could not find expected ':'",
        "each line of a block is `key: value`; check the indentation and close any open quote",
    ),
    ("found undefined alias", "YAML aliases (*name) are not allowed: write the value out in full"),
    ("expected a single document", "the file must hold one document: remove the `---` line"),
    ("while scanning a quoted scalar", "a quote is not closed: end the text with the same quote"),
    ("did not find expected key", "check the indentation: items of a block line up exactly"),
    ("did not find expected '-' indicator", "list items (`- …`) of one list line up exactly"),
    ("found unexpected end of stream", "a quote or bracket is not closed before the end"),
    ("expected <block end>", "check the indentation of this line against the lines above"),
)


_QUOTED_VALUE = re.compile(r'^\s*(?:-\s+)?(?:[^\s:#"][^:#"]*:\s+)?(")')


def find_unclosed_quote(text: str, last_line: int, lines_above: int = 3) -> tuple[int, int] | None:
    """Line and column (1-based) of a double-quoted value left open near `last_line`, if any."""
    lines = text.splitlines()
    for number in range(min(last_line, len(lines)), max(last_line - lines_above, 1) - 1, -1):
        line = lines[number - 1]
        opening = _QUOTED_VALUE.match(line)
        if opening and line.replace('\\"', "").count('"') % 2:
            return number, opening.start(1) + 1
    return None


def _syntax_problem(file: str, error: yaml.MarkedYAMLError, text: str) -> Problem:
    # An unclosed quote or bracket is reported at the end of the file: point at its start instead.
    starts_there = bool(error.context and error.context.startswith("while scanning a"))
    mark = (error.context_mark if starts_there else None) or error.problem_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    quote = find_unclosed_quote(text, line)
    if quote is not None:
        # A quote left open swallows the next lines: the parser stumbles further down.
        return Problem(
            file,
            *quote,
            "",
            'a text opened with a double quote (") is not closed on this line',
            'end the text with a " before the end of the line '
            '(inside a text, write \\" for a quote)',
        )
    text = " ".join(part for part in (error.context, error.problem) if part)
    fix = next((hint for needle, hint in _SYNTAX_HINTS if needle in str(error)), "")
    return Problem(
        file,
        line,
        column,
        "",
        f"YAML syntax error: {text}",
        fix or "check the indentation and the quotes on this line and the one above",
    )


def read_text(path: Path) -> str:
    """Read the source as UTF-8 text, with user-friendly errors."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SourceError(
            f"{path}: file not found — check the path, or pass --source FILE"
        ) from None
    except IsADirectoryError:
        raise SourceError(f"{path}: is a folder — pass the YAML file itself") from None
    except OSError as error:
        raise SourceError(f"{path}: cannot be read ({error.strerror})") from None
    if len(raw) > MAX_BYTES:
        raise SourceError(
            f"{path}: the file is {len(raw) // 1024} KiB, more than the {MAX_BYTES // 1024} KiB "
            "allowed — split it or remove what does not belong in it"
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise SourceError(
            f"{path}:{line}: the file is not UTF-8 text — save it as UTF-8 in your editor"
        ) from None


def load_source(path: Path, display_name: str | None = None) -> tuple[Source, list[Problem]]:
    """Load a YAML file into a `Source`; problems found while loading are returned, not raised."""
    file = display_name or str(path)
    return parse_text(read_text(path), file)


# Where a node may start (line start, after `key: `, `- `, `? `, a tag, in a flow `[`, `{`, `,`),
# `&` or `*` and a name: every anchor and alias matches (and some texts, read with care then).
MAYBE_ANCHOR = re.compile(
    r"(?:^[ \t]*|[:?-][ \t]+|[\[{,][ \t]*|![^\s]*[ \t]+)[&*][^\s,\[\]{}]", re.MULTILINE
)


def _compose_fast(text: str) -> Node | None:
    """Compose with libyaml when the text is plain: no anchor, no alias, no syntax error.

    Returns None when the careful pure-Python composer must run instead (it reports every
    anchor and alias, and phrases syntax errors the same way on every machine).
    """
    if not getattr(yaml, "__with_libyaml__", False):
        return None
    try:
        # Reading every event costs seconds on a département's file: only when something in
        # the text could be an anchor or an alias (`&name`, `*name` where a value starts).
        if MAYBE_ANCHOR.search(text):
            for event in yaml.parse(text, Loader=yaml.CSafeLoader):
                if isinstance(event, AliasEvent) or getattr(event, "anchor", None) is not None:
                    return None
        loader = _FastLoader(text)
        try:
            return loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.YAMLError:
        return None


# Unicode direction controls (embeddings, overrides, isolates): invisible, they reorder what a
# reader sees ("Trojan Source"). The guide sets the direction of every text itself.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def find_control_characters(text: str, file: str, limit: int = 20) -> list[Problem]:
    """Every character YAML refuses (NUL, escape codes…) and every direction control, with its
    line and column."""
    problems = []
    found = sorted(
        [*yaml.reader.Reader.NON_PRINTABLE.finditer(text), *BIDI_CONTROLS.finditer(text)],
        key=lambda match: match.start(),
    )
    for match in found:
        start = match.start()
        line = text.count("\n", 0, start) + 1
        column = start - text.rfind("\n", 0, start)
        char = match.group()
        if BIDI_CONTROLS.match(char):
            what = (
                f"an invisible direction control (U+{ord(char):04X} "
                f"{unicodedata.name(char)}) is in the text: it changes the order readers see"
            )
            fix = "delete it (the guide sets the direction of every text itself)"
        else:
            what = f"an invisible control character (U+{ord(char):04X}) is in the text"
            fix = (
                "delete it and retype the characters around it (it often comes from a copy "
                "from a PDF or a word processor)"
            )
        problems.append(Problem(file, line, column, "", what, fix))
        if len(problems) == limit:
            break
    return problems


def parse_text(text: str, file: str) -> tuple[Source, list[Problem]]:
    """Parse YAML text into a `Source`, collecting every loading problem."""
    source = Source(file=file, text=text, data=None)
    if control := find_control_characters(text, file):
        return source, control
    loader = _Loader(text, file)
    fast = _compose_fast(text)
    try:
        root = fast if fast is not None else loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        return source, [*loader.problems, _syntax_problem(file, error, text)]
    except yaml.YAMLError as error:  # e.g. a control character in the stream
        return source, [Problem(file, 1, 1, "", f"YAML error: {error}", "save the file as text")]
    finally:
        loader.dispose()
    problems = list(loader.problems)
    if root is None:
        return source, problems
    converter = _Converter(source, loader, problems)
    source.data = converter.convert(root, (), 0)
    for problem, path in converter.located:
        problems.append(replace(problem, path=source.describe(path)))
    return source, problems


class _Converter:
    """Turns composed nodes into plain values, recording positions and refusing oddities."""

    def __init__(self, source: Source, loader: _Loader, problems: list[Problem]) -> None:
        self.source = source
        self.loader = loader
        self.problems = problems
        self.located: list[tuple[Problem, PathKey]] = []  # described once the data is built
        self.count = 0

    def problem(self, node: Node, message: str, fix: str, path: PathKey | None = None) -> None:
        mark = node.start_mark
        problem = Problem(self.source.file, mark.line + 1, mark.column + 1, "", message, fix)
        if path is None:
            self.problems.append(problem)
        else:
            self.located.append((problem, path))

    def convert(self, node: Node, path: PathKey, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_VALUES:
            if self.count == MAX_VALUES + 1:
                self.problem(node, "the file holds too many values", "split the file")
            return None
        if depth > MAX_DEPTH:
            self.problem(node, "the file is nested too deeply", "check the indentation")
            return None
        mark = node.start_mark
        self.source.values[path] = Position(mark.line + 1, mark.column + 1)
        if isinstance(node, ScalarNode):
            return self.convert_scalar(node)
        if isinstance(node, SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                self.refuse_tag(node)
            return [self.convert(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        assert isinstance(node, MappingNode)
        if node.tag != "tag:yaml.org,2002:map":
            self.refuse_tag(node)
        return self.convert_mapping(node, path, depth)

    def convert_mapping(self, node: MappingNode, path: PathKey, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.problem(key_node, "a key must be a simple word", "write `name: value`")
                continue
            key = str(key_node.value)
            key_line = key_node.start_mark.line + 1
            if key in first_seen:
                self.problem(
                    key_node,
                    f"`{key}` appears twice in this block (first on line {first_seen[key]})",
                    "keep only one of them",
                    path,
                )
                continue
            first_seen[key] = key_line
            child = (*path, key)
            self.source.keys[child] = Position(key_line, key_node.start_mark.column + 1)
            result[key] = self.convert(value_node, child, depth + 1)
        return result

    def convert_scalar(self, node: ScalarNode) -> Any:
        if node.tag not in ALLOWED_SCALAR_TAGS:
            self.refuse_tag(node)
            return None
        if node.tag == "tag:yaml.org,2002:str":  # most values: the text as written
            value = node.value
        else:
            value = self.loader.construct_object(node, deep=True)
        if isinstance(value, str) and len(value) > MAX_TEXT:
            self.problem(node, f"this text is longer than {MAX_TEXT} characters", "shorten it")
        return value

    def refuse_tag(self, node: Node) -> None:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        self.problem(node, f"the YAML tag `{tag}` is not allowed", "remove the `!…` tag")
