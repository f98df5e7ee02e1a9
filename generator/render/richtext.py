"""Descriptions and conditions as their editors wrote them: Markdown, shown safely, said plainly.

The free texts of the guide (descriptions, conditions, precisions) are Markdown, as in
data·inclusion: paragraphs, line breaks, lists, emphasis, links. markdown-it-py parses them
(CommonMark, raw HTML off); the HTML is then built here from the parsed tokens, tag by tag,
with every piece of text escaped: an element or attribute this module does not write cannot
reach a page or a PDF, whatever the text holds.

- Raw HTML is text: `<script>` shows as `<script>`. Only `<br>`, which real data uses for a
  line break, is read as one.
- Links: http(s), mailto and tel only, with `rel="nofollow noopener"`; any other target
  (`javascript:`, relative paths) leaves the link's text alone.
- Headings are shown as bold paragraphs (they must not break the page's outline); images as
  their alternative text; indented lines as ordinary text (never as code).

For speech and summaries (`spoken_lines`, `to_plain`) the same text becomes plain sentences:
no Markdown symbol, list items and lines as sentences, links as their text (never a URL).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import quote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup, escape

MARKDOWN = MarkdownIt("commonmark", {"html": False, "breaks": True, "linkify": False})
# Indented lines and ``` fences would be code: real data indents by accident. A line such as
# "[1]: voir au dos" would vanish as a link reference definition. Raw HTML is text anyway.
MARKDOWN.disable(["code", "fence", "reference", "html_block", "html_inline"])

LINK_SCHEMES = ("http", "https", "mailto", "tel")
LINK_REL = "nofollow noopener"
# What RFC 3986 allows in a URI besides letters and digits (helpers.URI_CHARACTERS).
URI_CHARACTERS = "-._~:/?#[]@!$&'()*+,;=%"
LINE_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)

BLOCKS = {
    "paragraph_open": "p",
    "heading_open": "heading",
    "bullet_list_open": "ul",
    "ordered_list_open": "ol",
    "list_item_open": "li",
    "blockquote_open": "quote",
}


@dataclass(slots=True)
class Block:
    """A block of the text: a paragraph, a heading, a list, a list item, a quotation."""

    kind: str
    hidden: bool = False  # a paragraph of a tight list item: its text without <p>
    start: int = 1  # an ordered list's first number
    inline: list[Token] = field(default_factory=list)
    children: list[Block] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Rendered:
    """A text as HTML: `html` (blocks), `inline` (one paragraph's content, else None), and
    `phrasing` (everything inside one line of text: paragraphs and items after `<br>`)."""

    html: Markup
    inline: Markup | None
    phrasing: Markup


def parse(text: str) -> list[Block]:
    """The blocks of a Markdown text."""
    tokens = MARKDOWN.parse(LINE_BREAK_TAG.sub("\n", text))
    root = Block("root")
    stack = [root]
    for token in tokens:
        if token.nesting == 1:
            start = token.attrs.get("start", 1)
            block = Block(
                BLOCKS.get(token.type, "other"),
                hidden=token.hidden,
                start=start if isinstance(start, int) else 1,
            )
            stack[-1].children.append(block)
            stack.append(block)
        elif token.nesting == -1:
            if len(stack) > 1:
                stack.pop()
        elif token.type == "inline":
            stack[-1].inline = token.children or []
    return root.children


# --- HTML -------------------------------------------------------------------------------------


def link_target(url: str) -> str | None:
    """The href of a link to keep: http(s) with a host, mailto or tel; None for anything else."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in LINK_SCHEMES or (scheme.startswith("http") and not parts.netloc):
        return None
    return quote(url, safe=URI_CHARACTERS)


def inline_html(tokens: list[Token]) -> Markup:
    """A paragraph's content: text escaped, and only the elements written here."""
    out: list[str] = []
    links: list[bool] = []  # for each open link: was it kept?
    for token in tokens:
        kind = token.type
        if kind in ("softbreak", "hardbreak"):
            out.append("<br>\n")
        elif kind in ("em_open", "em_close", "strong_open", "strong_close"):
            out.append(f"<{'/' if kind.endswith('close') else ''}{kind.split('_')[0]}>")
        elif kind == "link_open":
            href = link_target(str(token.attrs.get("href", "")))
            links.append(href is not None)
            if href is not None:
                out.append(f'<a href="{escape(href)}" rel="{LINK_REL}">')
        elif kind == "link_close":
            if links and links.pop():
                out.append("</a>")
        elif kind == "image":  # its alternative text, never the image
            out.append(str(escape(plain_inline(token.children or []))))
        else:  # text, code, and anything else: as text
            out.append(str(escape(token.content)))
    return Markup("".join(out))


def blocks_html(blocks: list[Block]) -> Markup:
    parts: list[str] = []
    for block in blocks:
        if block.kind == "p":
            inline = inline_html(block.inline)
            parts.append(inline if block.hidden else f"<p>{inline}</p>")
        elif block.kind == "heading":  # a bold paragraph: the page keeps its own outline
            parts.append(f"<p><strong>{inline_html(block.inline)}</strong></p>")
        elif block.kind == "ul":
            parts.append(f"<ul>\n{blocks_html(block.children)}\n</ul>")
        elif block.kind == "ol":
            start = f' start="{block.start}"' if block.start != 1 else ""
            parts.append(f"<ol{start}>\n{blocks_html(block.children)}\n</ol>")
        elif block.kind == "li":
            parts.append(f"<li>{blocks_html(block.children)}</li>")
        elif block.kind == "quote":
            parts.append(f"<blockquote>\n{blocks_html(block.children)}\n</blockquote>")
        else:
            parts.append(blocks_html(block.children))
    return Markup("\n".join(part for part in parts if part))


def phrasing_html(blocks: list[Block]) -> list[Markup]:
    """Lines of phrasing content: paragraphs and headings, list items after a bullet."""
    lines: list[Markup] = []
    for block in blocks:
        if block.kind == "p":
            lines.append(inline_html(block.inline))
        elif block.kind == "heading":
            lines.append(Markup("<strong>%s</strong>") % inline_html(block.inline))
        elif block.kind in ("ul", "ol"):
            for number, item in enumerate(block.children, start=block.start):
                marker = f"{number}." if block.kind == "ol" else "•"
                inner = phrasing_html(item.children) or [Markup("")]
                lines.append(Markup("%s %s") % (marker, inner[0]))
                lines += inner[1:]
        else:
            lines += phrasing_html(block.children)
    return lines


@lru_cache(maxsize=4096)
def render(text: str) -> Rendered:
    """A Markdown text as safe HTML."""
    blocks = parse(text)
    only_paragraph = len(blocks) == 1 and blocks[0].kind == "p"
    html = blocks_html(blocks)
    return Rendered(
        html=html,
        inline=inline_html(blocks[0].inline) if only_paragraph else None,
        phrasing=Markup("<br>\n").join(phrasing_html(blocks)),
    )


# --- plain text -------------------------------------------------------------------------------

TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
URL = re.compile(r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>()]+(?:\([^\s<>()]*\)[^\s<>()]*)*", re.I)
LOOKS_LIKE_URL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*://|www\.|mailto:|tel:)\S*\s*$", re.I)
EMAIL = re.compile(r"^\s*\S+@\S+\.\S+\s*$")
# A link Markdown did not make (its target is not allowed): said as its text.
LEFTOVER_LINK = re.compile(r"\[([^\[\]]*)\]\((?:[^()\s]|\([^()]*\))*\)")
# List marks and quote marks left at the start of a line ("\- item" in data·inclusion).
LEADING_MARKS = re.compile(r"^\s*(?:[-–—]+\s+|[•·*>#]+\s*)+")
SYMBOLS = re.compile(r"[*#`\\|]+")
EMPTY_BRACKETS = re.compile(r"\(\s*\)|\[\s*\]")
SPACE_BEFORE_STOP = re.compile(r"\s+([,.)])")
REPEATED_COMMAS = re.compile(r"([,;])(?:\s*[,;])+")
LINE_END = ".!?…:;؟።。"


def plain_inline(tokens: list[Token]) -> str:
    """A paragraph's words: links as their text (an address as a link's text is dropped)."""
    out: list[str] = []
    link: list[str] | None = None
    for token in tokens:
        if token.type in ("softbreak", "hardbreak"):
            (link if link is not None else out).append("\n")
        elif token.type == "link_open":
            link = []
        elif token.type == "link_close":
            words = "".join(link or [])
            if not LOOKS_LIKE_URL.match(words) and not EMAIL.match(words):
                out.append(words)
            link = None
        elif token.type in ("text", "code_inline"):
            (link if link is not None else out).append(token.content)
    return "".join(out)


def clean_line(line: str) -> str:
    """One line without markup symbols, tags, addresses or leftover punctuation."""
    line = LEFTOVER_LINK.sub(r"\1", line)
    line = TAG.sub(" ", line)
    line = URL.sub(" ", line)
    line = LEADING_MARKS.sub("", line)
    line = SYMBOLS.sub(" ", line)
    line = EMPTY_BRACKETS.sub(" ", line)
    line = " ".join(line.split())
    line = SPACE_BEFORE_STOP.sub(r"\1", line)
    line = REPEATED_COMMAS.sub(r"\1", line)
    return line.strip(" -–—,;")


def raw_lines(blocks: list[Block]) -> list[tuple[str, bool]]:
    """Every line of the text, and whether it goes on from the line before (in a paragraph)."""
    lines: list[tuple[str, bool]] = []
    for block in blocks:
        if block.kind == "p":
            text = plain_inline(block.inline).split("\n")
            lines += [(line, index > 0) for index, line in enumerate(text)]
        elif block.kind == "heading":
            lines.append((plain_inline(block.inline).replace("\n", " "), False))
        else:
            lines += raw_lines(block.children)
    return lines


@lru_cache(maxsize=4096)
def spoken_lines(text: str) -> tuple[str, ...]:
    """The text as plain lines to say one after the other, each a sentence (without a full
    stop where the editor wrote none): paragraphs, headings, list items, lines. A line of a
    paragraph that goes on in lower case after no punctuation continues the line before."""
    lines: list[str] = []
    for raw, goes_on in raw_lines(parse(text)):
        starts_list = bool(LEADING_MARKS.match(raw))
        line = clean_line(raw)
        if not line:
            continue
        goes_on = goes_on and bool(lines) and not starts_list and line[0].islower()
        if goes_on and lines[-1][-1] not in LINE_END:
            lines[-1] = f"{lines[-1]} {line}"
        else:
            lines.append(line)
    return tuple(lines)


def sentences(text: str, stop: str = ".") -> list[str]:
    """The plain lines of a text, each ended by `stop` unless it ends with punctuation."""
    return [line if line[-1] in LINE_END else line + stop for line in spoken_lines(text)]


def to_plain(text: str, stop: str = ".") -> str:
    """The text as one run of plain sentences (page descriptions, summaries)."""
    return " ".join(sentences(text, stop))


# A full stop, then a space: where a sentence ends inside a line ("M. Dupont" is cut too, which
# only makes a summary a little shorter).
SENTENCE_END = re.compile(r"(?<=[.!?…؟።。])\s+(?=\S)")


def plain_sentences(text: str, stop: str = ".") -> list[str]:
    """Every sentence of a text, plain: its lines (`sentences`) split after each full stop."""
    found: list[str] = []
    for line in sentences(text, stop):
        found += [part for part in SENTENCE_END.split(line) if part]
    return found


def shorten_words(line: str, limit: int) -> str:
    """One line of at most `limit` characters, cut between words and ended by "…"."""
    if len(line) <= limit:
        return line
    cut = line[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:—- ")
    return cut + "…"


@dataclass(frozen=True, slots=True)
class Lead:
    """The first sentences of a text, plain, and whether some of the text was left out (the
    text then ends with "…")."""

    text: str
    cut: bool


def lead(text: str, limit: int, stop: str = ".") -> Lead:
    """The first whole sentences of `text` within `limit` characters (the first sentence alone,
    shortened between words, when even it is longer)."""
    said = plain_sentences(text, stop)
    kept: list[str] = []
    for sentence in said:
        if kept and len(" ".join([*kept, sentence])) > limit:
            break
        kept.append(sentence)
    line = " ".join(kept)
    if len(line) > limit:
        return Lead(shorten_words(line, limit), True)
    if len(kept) < len(said):
        return Lead(f"{line} …", True)
    return Lead(line, False)
