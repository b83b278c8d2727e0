"""A Markdown README as items read from markdown-it-py's tokens: list entries, table rows, paragraphs, paper headings.

Awesome lists put one paper per list entry or table row, or under a heading of its own; that is the unit
read here. Each item keeps its cells as inline pieces (text, links, images, breaks, with bold and italic
marked), the line it starts on, the headings above it, its table's header, and a BibTeX block under it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, NavigableString, Tag
from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..text.paper_urls import is_paper_url

_md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
_SHORTCODE_RE = re.compile(r":[a-z0-9_+-]+:")
# Attributes inside one inline HTML tag such as <img src="…"> or <a href="…">.
_ATTR_RE = re.compile(r"""\b(src|href)\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_TAG_RE = re.compile(r"^<\s*(/?)\s*([a-z0-9]+)", re.IGNORECASE)


@dataclass
class Piece:
    """One run of inline content: text, a link (its text, target, and any image inside), an image, or a line break."""

    kind: str
    text: str = ""
    href: str | None = None
    image: str | None = None
    strong: bool = False
    em: bool = False


@dataclass
class Item:
    """One entry candidate: where it starts, its cells of pieces, the headings above it, its table's header."""

    line: int
    kind: str
    cells: list[list[Piece]]
    headings: list[str] = field(default_factory=list)
    header: list[str] | None = None
    # the heading the item sits directly under, offered as its title when the item itself names none
    heading_title: str | None = None
    bibtex: str | None = None
    bibtex_line: int | None = None


def strip_symbols(text: str) -> str:
    """Text without emoji, :shortcodes: and the joiners that build emoji."""
    text = _SHORTCODE_RE.sub("", text)
    return "".join(c for c in text if unicodedata.category(c) not in ("So", "Cf", "Mn", "Sk", "Cs", "Co") or c.isalnum())


def _html_piece(tag: str, state: dict) -> Piece | None:
    match = _TAG_RE.match(tag)
    if not match:
        return None
    closing, name = match.group(1) == "/", match.group(2).lower()
    attrs = {k.lower(): v for k, v in _ATTR_RE.findall(tag)}
    if name == "br":
        return Piece("break")
    if name == "img":
        return Piece("image", image=attrs.get("src"))
    if name in ("b", "strong"):
        state["strong"] += -1 if closing else 1
    elif name in ("i", "em"):
        state["em"] += -1 if closing else 1
    elif name == "a" and not closing and attrs.get("href"):
        state["link"] = Piece("link", href=attrs["href"], strong=state["strong"] > 0, em=state["em"] > 0)
    elif name == "a" and closing and state["link"] is not None:
        link, state["link"] = state["link"], None
        return link
    return None


def pieces(inline: Token) -> list[Piece]:
    """The inline content of a paragraph, cell or heading as pieces; a link's text and images are gathered into it."""
    out: list[Piece] = []
    state = {"strong": 0, "em": 0, "link": None}
    for child in inline.children or []:
        kind, link = child.type, state["link"]
        if kind == "strong_open":
            state["strong"] += 1
        elif kind == "strong_close":
            state["strong"] -= 1
        elif kind == "em_open":
            state["em"] += 1
        elif kind == "em_close":
            state["em"] -= 1
        elif kind == "link_open":
            state["link"] = Piece("link", href=str(child.attrs.get("href", "")), strong=state["strong"] > 0, em=state["em"] > 0)
        elif kind == "link_close" and link is not None:
            state["link"] = None
            out.append(link)
        elif kind in ("text", "code_inline"):
            if link is not None:
                link.text += child.content
                link.strong = link.strong or state["strong"] > 0
            else:
                out.append(Piece("text", child.content, strong=state["strong"] > 0, em=state["em"] > 0))
        elif kind == "image":
            if link is not None:
                link.image = link.image or str(child.attrs.get("src", ""))
            else:
                out.append(Piece("image", image=str(child.attrs.get("src", ""))))
        elif kind in ("softbreak", "hardbreak"):
            if link is not None:
                link.text += " "
            else:
                out.append(Piece("break", "soft" if kind == "softbreak" else "hard"))
        elif kind == "html_inline":
            piece = _html_piece(child.content, state)
            if piece is not None and piece.kind == "image" and state["link"] is not None:
                state["link"].image = state["link"].image or piece.image
            elif piece is not None:
                out.append(piece)
    return out


def plain(parts: list[Piece]) -> str:
    """The words of some pieces, link texts included, on one line."""
    return " ".join(" ".join(p.text for p in parts if p.kind in ("text", "link")).split())


def _heading_words(parts: list[Piece]) -> str:
    """What a heading says: no emoji, badges or back-links ("[🔝](#contents)"), only its words."""
    words = [p for p in parts if p.kind in ("text", "link")]
    back = [p for p in words if p.kind == "link" and (p.href or "").startswith("#")]
    if back and any(strip_symbols(p.text).strip() for p in words if p not in back):
        words = [p for p in words if p not in back]
    text = " ".join(strip_symbols(" ".join(p.text for p in words)).split())
    # a back-link inside parentheses leaves "( )" or "(see here )" behind
    text = re.sub(r"\s+\)", ")", re.sub(r"\s*\(\s*\)", "", text))
    # "2. Efficient Attention", "3.1 Quantization": the section's number is not its name
    text = re.sub(r"^\d+(?:\.\d+)*[.)]?\s+(?=\S)", "", text)
    return text.strip(" -–—|:·")


def _split_bullet(parts: list[Piece]) -> list[list[Piece]]:
    """An entry's pieces cut into cells at `|` outside links: `[Title](…) | Venue | Org` has three."""
    cells: list[list[Piece]] = [[]]
    for piece in parts:
        if piece.kind != "text" or "|" not in piece.text and "｜" not in piece.text:
            cells[-1].append(piece)
            continue
        chunks = re.split(r"[|｜]", piece.text)
        for number, chunk in enumerate(chunks):
            if number:
                cells.append([])
            if chunk:
                cells[-1].append(Piece("text", chunk, strong=piece.strong, em=piece.em))
    return cells


def _is_bibtex(token: Token) -> bool:
    info = token.info.strip().lower()
    return info in ("bibtex", "bib", "latex", "tex") and "@" in token.content or token.content.lstrip().startswith("@")


def markdown_items(text: str) -> list[Item]:
    """Every list entry, table row, paragraph and linked heading, in order; code blocks give BibTeX only."""
    tokens = _md.parse(text)
    lines = text.splitlines()
    items: list[Item] = []
    path: dict[int, str] = {}
    seen_heading = False
    heading_title: str | None = None
    header: list[str] | None = None
    row: Item | None = None
    open_items: list[Item] = []
    in_header = False
    for index, token in enumerate(tokens):
        kind = token.type
        if kind == "heading_open":
            parts = pieces(tokens[index + 1])
            level = int(token.tag[1])
            if any(p.kind == "link" and p.text.strip() and not (p.href or "").startswith("#") for p in parts) and _links_a_paper(parts):
                # "### 1. [Title](https://arxiv.org/abs/…)": a paper written as a heading is an entry, not a section
                items.append(Item(token.map[0] + 1, "heading", [parts], _headings(path)))
                heading_title = None
                continue
            path = _enter(path, level, _heading_words(parts), seen_heading)
            seen_heading, heading_title = True, _heading_words(parts) or None
        elif kind == "html_block":
            soup = BeautifulSoup(token.content, "html.parser")
            for level, title in _html_headings(soup):
                path = _enter(path, level, title, seen_heading)
                seen_heading, heading_title = True, title or None
            items += _html_items(soup, token.map[0], _headings(path), heading_title)
        elif kind == "list_item_open":
            item = Item(token.map[0] + 1, "bullet", [], _headings(path), heading_title=heading_title)
            items.append(item)
            open_items.append(item)
        elif kind == "list_item_close":
            item = open_items.pop()
            item.cells = _split_bullet([p for cell in item.cells for p in cell])
        elif kind == "thead_open":
            header, in_header = [], True
        elif kind == "thead_close":
            in_header = False
        elif kind == "tr_open" and not in_header:
            row = Item(token.map[0] + 1, "row", [], _headings(path), header, heading_title=heading_title)
        elif kind == "tr_close" and row is not None:
            _add_row(items, row, lines)
            row = None
        elif kind == "table_close":
            header = None
        elif kind == "inline" and tokens[index - 1].type in ("th_open", "td_open"):
            if in_header:
                header.append(plain(pieces(token)).lower())
            elif row is not None:
                row.cells.append(pieces(token))
        elif kind == "inline" and tokens[index - 1].type == "paragraph_open":
            parts = pieces(token)
            if open_items and open_items[-1].cells and _names_a_paper(parts):
                # "- Image Generation" followed by one paragraph per paper: each paragraph is an entry of its own
                items.append(Item(token.map[0] + 1, "bullet", _split_bullet(parts), _headings(path), heading_title=heading_title))
            elif open_items:
                target = open_items[-1]
                if target.cells:
                    target.cells[-1].append(Piece("break", "paragraph"))
                target.cells.append(parts)
            elif items and items[-1].kind == "bullet" and _only_links(parts):
                # a line of code badges under a list entry, written as a paragraph of its own, belongs to it
                items[-1].cells[-1] += [Piece("break", "paragraph"), *parts]
            else:
                items.append(Item(token.map[0] + 1, "paragraph", _split_bullet(parts), _headings(path), heading_title=heading_title))
        elif kind == "fence" and _is_bibtex(token):
            owner = _cited_item(items, _headings(path))
            if owner is not None:
                owner.bibtex, owner.bibtex_line = token.content, token.map[0] + 2
    return items


def _enter(path: dict[int, str], level: int, title: str, seen_heading: bool) -> dict[int, str]:
    """The heading path once a heading of this level is met."""
    path = {lvl: t for lvl, t in path.items() if lvl < level}
    # the `# Awesome X` at the top names the list, not a section of it
    if title and not (level == 1 and not seen_heading):
        path[level] = title
    return path


def _html_headings(soup: BeautifulSoup) -> list[tuple[int, str]]:
    """The `<h2>`-style headings of an HTML block, with their level and words."""
    found = []
    for tag in soup.find_all(re.compile(r"^h[1-6]$")):
        for image in tag.find_all("img"):
            image.decompose()
        words = " ".join(strip_symbols(tag.get_text(" ")).split()).strip(" -–—|:·")
        found.append((int(tag.name[1]), words))
    return found


def _html_pieces(tag: Tag) -> list[Piece]:
    """An HTML cell or list item as pieces, like the Markdown inline ones: links, bold, italics, breaks, images."""
    out: list[Piece] = []
    for node in tag.descendants:
        inside = {parent.name for parent in node.parents if parent is not tag and isinstance(parent, Tag)}
        if "a" in inside:
            continue
        if isinstance(node, NavigableString):
            if node.strip() or out:
                out.append(Piece("text", str(node).replace("\n", " "), strong=bool(inside & {"b", "strong"}),
                                 em=bool(inside & {"i", "em"})))
        elif node.name == "a" and node.get("href"):
            image = node.find("img")
            out.append(Piece("link", " ".join(node.get_text(" ").split()), href=str(node["href"]),
                             image=str(image.get("src", "")) if image else None, strong=bool(inside & {"b", "strong"})))
        elif node.name == "br":
            out.append(Piece("break"))
        elif node.name == "img":
            out.append(Piece("image", image=str(node.get("src", ""))))
    return out


def _html_items(soup: BeautifulSoup, first_line: int, headings: list[str], heading_title: str | None) -> list[Item]:
    """The rows of HTML tables and the items of HTML lists in a block, numbered by the block's own lines."""
    items = []
    for table in soup.find_all("table"):
        header: list[str] | None = None
        for row in table.find_all("tr"):
            cells = row.find_all(["td", "th"], recursive=False)
            if cells and all(c.name == "th" for c in cells):
                header = [" ".join(c.get_text(" ").split()).lower() for c in cells]
                continue
            items.append(Item(first_line + (row.sourceline or 1), "row", [_html_pieces(c) for c in cells], headings,
                              header, heading_title=heading_title))
    for entry in soup.find_all("li"):
        if entry.find_parent("table") is None and entry.find(["ul", "ol"]) is None:
            items.append(Item(first_line + (entry.sourceline or 1), "bullet", _split_bullet(_html_pieces(entry)), headings,
                              heading_title=heading_title))
    return items


def _cited_item(items: list[Item], headings: list[str]) -> Item | None:
    """The entry a BibTeX block cites: the last one above it, in the same section, that links to a paper."""
    for item in reversed(items):
        if item.headings != headings:
            return None
        if _links_a_paper([p for cell in item.cells for p in cell]):
            return None if item.bibtex else item
    return None


def _only_links(parts: list[Piece]) -> bool:
    """True for pieces that are links and badges with only spaces between them."""
    return any(p.kind == "link" for p in parts) and all(
        p.kind in ("link", "image", "break") or not p.text.replace("\xa0", " ").strip() for p in parts)


def _names_a_paper(parts: list[Piece]) -> bool:
    """True when a paragraph opens with a link to a paper whose text is a title of a few words, not a label."""
    first = next((p for p in parts if p.kind != "text" or p.text.strip()), None)
    return (first is not None and first.kind == "link" and is_paper_url(first.href or "")
            and len(re.findall(r"[^\W\d_]{2,}", first.text)) >= 2)


def _links_a_paper(parts: list[Piece]) -> bool:
    return any(p.kind == "link" and is_paper_url(p.href or "") for p in parts)


def _add_row(items: list[Item], row: Item, lines: list[str]) -> None:
    """Add a table row, or join it to the row above when that row was cut by a wrapped line.

    A long title wrapped onto the next line splits a row in two: the first part has only its first cell,
    and the second part's line does not start with `|`.
    """
    previous = items[-1] if items and items[-1].kind == "row" else None
    source = lines[row.line - 1] if row.line - 1 < len(lines) else ""
    if (previous is not None and not source.lstrip().startswith("|") and previous.cells
            and not any(p.kind == "link" for p in previous.cells[0])
            and not any(plain(cell) for cell in previous.cells[1:]) and row.cells):
        previous.cells = [[*previous.cells[0], Piece("text", " "), *row.cells[0]], *row.cells[1:]]
        return
    items.append(row)


def _headings(path: dict[int, str]) -> list[str]:
    return [path[level] for level in sorted(path)]
