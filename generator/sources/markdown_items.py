"""A Markdown README as a list of items: list entries and table rows, each with its cells, line and headings.

Awesome lists put one paper per list entry or table row, so that is the unit read here. Headings at
any level (`#`..`######` or HTML `<h1>`..`<h6>`) give each item its place; their emoji, badges and
back-links are dropped. Cells are split on `|`, as both table rows and `- [Title](url) | venue`
entries use it, and each cell is rendered to HTML once (Python-Markdown) for BeautifulSoup to read.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import markdown
from bs4 import BeautifulSoup

_HEADING_RE = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
_HTML_HEADING_RE = re.compile(r"^\s*<h([1-6])\b[^>]*>(.*?)</h\1>\s*$", re.IGNORECASE)
_BULLET_RE = re.compile(r"^(\s*)(?:[-*+]|\d{1,3}[.)])\s+(.*)$")
_DELIMITER_ROW_RE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")
_FENCE_RE = re.compile(r"^\s*(```|~~~)")
# "[//]: # (note)" is the usual way to write a comment in Markdown
_MARKDOWN_COMMENT_RE = re.compile(r"\[//\]:\s*#.*$")
_HTML_COMMENT_RE = re.compile(r"<!--.*?-->", re.DOTALL)
_SHORTCODE_RE = re.compile(r":[a-z0-9_+-]+:")
_BR_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)
# A Markdown link to a paper on arXiv or Hugging Face.
PAPER_LINK_RE = re.compile(r"\]\(\s*<?(?:https?://)?(?:www\.)?(?:arxiv\.org|huggingface\.co/papers|hf\.co/papers)", re.IGNORECASE)
# Badges ([![alt](img)](url)), links, images and &nbsp; padding: what a line of links is made of.
_LINKS_AND_SPACES_RE = re.compile(r"\[!\[[^\]]*\]\([^)]*\)\]\([^)]*\)|!?\[[^\]]*\]\([^)]*\)|&nbsp;|\s")


@dataclass
class Item:
    """One list entry or table row: where it starts, its cells as Markdown, the headings above it, its table's header."""

    line: int
    kind: str
    cells: list[str]
    headings: list[str] = field(default_factory=list)
    header: list[str] | None = None


def split_cells(text: str) -> list[str]:
    """Cells split at `|` (or a full-width `｜`) outside links and code: "[a|b](u) | x" is two cells."""
    cells, depth, start, code = [], 0, 0, False
    for i, char in enumerate(text):
        if char == "`":
            code = not code
        elif code:
            continue
        elif char in "[(":
            depth += 1
        elif char in "])":
            depth = max(depth - 1, 0)
        elif char in "|｜" and depth == 0 and (i == 0 or text[i - 1] != "\\"):
            cells.append(text[start:i])
            start = i + 1
    cells.append(text[start:])
    return [c.strip() for c in cells]


def _table_cells(line: str) -> list[str]:
    cells = split_cells(line.strip())
    # a row written "| a | b |" has empty cells outside its outer pipes
    if cells and not cells[0]:
        cells = cells[1:]
    if cells and not cells[-1]:
        cells = cells[:-1]
    return cells


_renderer = markdown.Markdown()


def render(text: str) -> list[BeautifulSoup]:
    """A cell's Markdown as HTML, one fragment per `<br>`-separated part."""
    _renderer.reset()
    html = _renderer.convert(text)
    return [BeautifulSoup(part, "html.parser") for part in _BR_RE.split(html)]


def _strip_symbols(text: str) -> str:
    """Text without emoji, :shortcodes: and the joiners that build emoji."""
    text = _SHORTCODE_RE.sub("", text)
    return "".join(c for c in text if unicodedata.category(c) not in ("So", "Cf", "Mn", "Sk") or c.isalnum())


def heading_text(markup: str) -> str:
    """What a heading says: no emoji, badges or back-links ("[🔝](#contents)"), only its words."""
    soup = BeautifulSoup(_renderer.reset().convert(markup), "html.parser")
    for image in soup.find_all("img"):
        image.decompose()
    text = " ".join(_strip_symbols(soup.get_text(" ")).split())
    back_links = [a for a in soup.find_all("a") if a.get("href", "").startswith("#")]
    linked = " ".join(_strip_symbols(" ".join(a.get_text(" ") for a in back_links)).split())
    if back_links and linked != text:
        for link in back_links:
            link.decompose()
        text = " ".join(_strip_symbols(soup.get_text(" ")).split())
    # a back-link inside parentheses leaves "( )" or "(see here )" behind
    text = re.sub(r"\s+\)", ")", re.sub(r"\s*\(\s*\)", "", text))
    return text.strip(" -–—|:·")


def _heading(line: str) -> tuple[int, str] | None:
    """A heading's level and its Markdown."""
    match = _HEADING_RE.match(line) or _HTML_HEADING_RE.match(line)
    if not match:
        return None
    level = len(match.group(1)) if match.group(1).startswith("#") else int(match.group(1))
    return level, match.group(2)


def _only_links(line: str) -> bool:
    """True for a line of nothing but links and badges, such as the code badge under a list entry."""
    return bool(line.strip()) and not _LINKS_AND_SPACES_RE.sub("", line).strip()


def markdown_items(text: str) -> list[Item]:
    """Every list entry and table row, in order; code blocks and comments are skipped."""
    text = _HTML_COMMENT_RE.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    lines = text.splitlines()
    items: list[Item] = []
    path: dict[int, str] = {}
    header: list[str] | None = None
    in_code = seen_heading = False
    open_item: Item | None = None
    for index, raw in enumerate(lines):
        number = index + 1
        line = _MARKDOWN_COMMENT_RE.sub("", raw).rstrip()
        if _FENCE_RE.match(line):
            in_code, open_item = not in_code, None
            continue
        if in_code:
            continue
        if not line.strip():
            # a blank line ends a table; an indented line after it may still continue a list entry
            header = None
            continue
        heading = _heading(line)
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if heading and PAPER_LINK_RE.search(heading[1]):
            # "### 1. [Title](https://arxiv.org/abs/…)": a paper written as a heading is an entry, not a section
            open_item, header = None, None
            items.append(Item(number, "heading", split_cells(heading[1]), _headings(path)))
        elif heading:
            level, title = heading[0], heading_text(heading[1])
            path = {lvl: t for lvl, t in path.items() if lvl < level}
            # the `# Awesome X` at the top names the list, not a section of it
            if title and not (level == 1 and not seen_heading):
                path[level] = title
            seen_heading, open_item, header = True, None, None
        elif _DELIMITER_ROW_RE.match(following) and "|" in line:
            header, open_item = [c.lower() for c in _table_cells(line)], None
        elif _DELIMITER_ROW_RE.match(line):
            continue
        elif header is not None:
            open_item = None
            items.append(Item(number, "row", _table_cells(line), _headings(path), header))
        elif bullet := _BULLET_RE.match(line):
            open_item = Item(number, "bullet", split_cells(bullet.group(2)), _headings(path))
            items.append(open_item)
        elif open_item is not None and (raw[:1].isspace() or lines[index - 1].strip() or _only_links(line)):
            # a continuation of the entry above: indented, directly under it, or a line of its code badges
            open_item.cells = split_cells(" | ".join(open_item.cells) + " " + line.strip())
        elif line.lstrip().startswith("|"):
            items.append(Item(number, "row", _table_cells(line), _headings(path)))
        else:
            open_item = None
            items.append(Item(number, "text", split_cells(line.strip()), _headings(path)))
    return items


def _headings(path: dict[int, str]) -> list[str]:
    return [path[level] for level in sorted(path)]
