"""Reader for an awesome-list README: one paper per list entry or table row that links to arXiv.

Entries come as `- [Title](https://arxiv.org/abs/…) | Venue`, `- [Name](…): Rest of the title | Org`, or
table rows such as `| date | [Title](…) | [[pdf]](…) | [code](…) |`, where the title link may point to
code and a separate "[paper]" link to arXiv. Table headers name the title, venue, date, authors and code
columns when present. Venue badges (shields.io `Conference-ICML'23`) are read as venues. The headings an
entry sits under are kept in its source, for the curator and for a suggested topic.
Entries without an arXiv (or Hugging Face paper) link are left out: in these lists they are mostly tools,
courses and talks rather than papers.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup, Tag

from ..ids import normalize_arxiv_id
from ..model import RawEntry, Source
from ..text.links import classify_urls, find_urls
from ..text.venue import venue_from_comment
from .entries import make_entry
from .htmlpage import looks_like_html, squash
from .markdown_items import PAPER_LINK_RE, Item, markdown_items, render

FORMAT = "awesome-list"
_STRUCTURE_RE = re.compile(r"^\s{0,3}#{1,6}\s|^\s*(?:[-*+]|\|)\s", re.MULTILINE)
# Link texts that name a kind of link rather than a paper.
_GENERIC_WORDS = {
    "paper", "papers", "pdf", "arxiv", "abs", "abstract", "link", "links", "code", "github", "gitlab", "repo",
    "project", "page", "homepage", "website", "site", "html", "hf", "huggingface", "hugging", "face", "blog",
    "video", "slides", "demo", "model", "models", "dataset", "data", "poster", "talk", "openreview", "doi",
    "here", "official", "url", "bib", "bibtex", "citation", "twitter", "tweet", "weights", "checkpoint",
    "checkpoints", "colab", "notebook", "docs", "star", "stars", "publish", "type", "preprint", "pytorch", "jax",
    "tensorflow", "implementation", "unofficial", "v1", "v2", "v3", "full", "text", "download", "view",
}
_ROLE_PATTERNS = {
    "title": re.compile(r"title|paper|name"),
    "venue": re.compile(r"venue|conference|\bconf\b|publication|published|journal|where"),
    "date": re.compile(r"date|time|year|month|released"),
    "authors": re.compile(r"author"),
}
_BADGE_LABELS = {"conference", "journal", "venue", "publish", "published", "publication", "accepted"}
_DATE_RE = re.compile(r"\b(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b")
# What follows a title in a list entry: " – Meta (Feb 2023)" (an en dash, never a hyphen or an em dash, which
# titles use themselves) or a parenthesised note.
_TRAILER_CUT_RE = re.compile(r"\s+–\s+.*$|\s*\([^()]*\)\s*$")
_ASIDE_RE = re.compile(r"\(([^()]+)\)")
_DASH_RE = re.compile(r"\s[—–]\s")
_WRAPPERS = ("strong", "em", "b", "i", "code", "span")


def sniff(text: str) -> int:
    """Likely for Markdown with headings, list entries or table rows and links to arXiv papers.

    A lone pasted `[Title](https://arxiv.org/abs/…)` line scores lower, but still above bare prose.
    """
    if looks_like_html(text) or not PAPER_LINK_RE.search(text):
        return 0
    return 92 if _STRUCTURE_RE.search(text) else 50


def _is_generic(text: str) -> bool:
    if not text or normalize_arxiv_id(text) or text.lower().startswith(("http", "www.")):
        return True
    words = re.findall(r"[a-z0-9'+.-]+", text.lower())
    return not words or (len(words) <= 3 and all(w in _GENERIC_WORDS or w.isdigit() for w in words))


def _roles(header: list[str] | None) -> dict[str, int]:
    """Which column holds what, from a table's header: {"title": 1, "date": 0, ...}."""
    roles: dict[str, int] = {}
    for index, name in enumerate(header or []):
        for role, pattern in _ROLE_PATTERNS.items():
            if pattern.search(name) and role not in roles:
                roles[role] = index
    return roles


def _text_after(link: Tag) -> str:
    """The words after a link up to the next link: "[Megatron-LM](…): Training Multi-Billion …"."""
    node = link
    while node.parent is not None and node.parent.name in _WRAPPERS and len(node.parent.contents) == 1:
        node = node.parent
    pieces = []
    for sibling in node.next_siblings:
        if isinstance(sibling, Tag) and (sibling.name == "a" or sibling.find("a")):
            break
        pieces.append(sibling.get_text() if isinstance(sibling, Tag) else str(sibling))
    return squash("".join(pieces))


def _title_case(text: str) -> bool:
    """True for "A Communication-Driven Approach", false for a sentence like "Ensuring deterministic inference"."""
    words = [w for w in re.findall(r"[A-Za-z][\w'-]*", text) if len(w) > 3]
    return not words or sum(w[0].isupper() for w in words) >= 0.6 * len(words)


def _joined_title(name: str, after: str) -> str:
    """The title from a link's text and the words after it, which often finish it."""
    name = name.strip()
    rest = _TRAILER_CUT_RE.sub("", after.lstrip(" :：").strip()).strip(" .,;|")
    # "… Speculative Decoding — overlaps drafting and verification …": a description after a dash is not title
    dash = _DASH_RE.search(rest)
    if dash and not _title_case(rest[dash.end():]):
        rest = rest[:dash.start()]
    if after.lstrip()[:1] in (":", "："):
        if rest.lower().startswith(name.rstrip(":").lower() + ":"):
            return rest
        if rest and (len(name.split()) <= 3 or _title_case(rest)):
            return f"{name.rstrip(':')}: {rest}"
        return name.rstrip(":")
    if name.endswith(":") and rest:
        return f"{name} {rest}"
    # "[Ring Attention](…) with Blockwise Transformers for Near-Infinite Context"
    if after.lstrip()[:1].islower():
        return f"{name} {rest}"
    return name.rstrip(":")


def _badge_venue(image: Tag) -> str | None:
    """The venue a shields.io badge states: `badge/Conference-NeurIPS'24%20Workshop-blue` -> "NeurIPS'24 Workshop"."""
    parts = urlsplit(image.get("src", ""))
    if parts.hostname != "img.shields.io" or not parts.path.startswith("/badge/"):
        return None
    # shields writes "-" as "--" and " " as "_" inside a part
    fields = [f.replace("\x00", "-").replace("__", "\x01").replace("_", " ").replace("\x01", "_")
              for f in unquote(parts.path.removeprefix("/badge/")).replace("--", "\x00").split("-")]
    if len(fields) == 3 and fields[0].strip().lower() in _BADGE_LABELS:
        return fields[1].strip() or None
    return None


def _names(text: str) -> list[str]:
    """Author names from "A. Author, B. Author et al", or nothing when the text does not look like names."""
    names = [n.strip(" .") for n in re.split(r",|\band\b", re.sub(r"\bet al\.?", "", text)) if n.strip(" .")]
    plausible = all(1 <= len(n.split()) <= 5 and not re.search(r"\d|[:;()\[\]]", n) for n in names)
    return names if names and plausible else []


def _cell_text(segments: list[BeautifulSoup]) -> str:
    return squash(" ".join(s.get_text(" ") for s in segments))


def _plain_title(cells: list[list[BeautifulSoup]], roles: dict[str, int]) -> str | None:
    """A title written as text next to "[pdf]"-style links: the title column, else the text before the first link."""
    index = roles.get("title", 0)
    if index >= len(cells):
        return None
    segment = next((s for s in cells[index] if s.get_text().strip()), None)
    if segment is None:
        return None
    words = []
    for node in segment.find_all(string=True):
        if node.find_parent("a") is not None:
            if words:
                break
            continue
        words.append(str(node))
    title = squash("".join(words)).strip(" .,;:|-–—[]()")
    return None if _is_generic(title) or len(title) < 4 else title


def _title_of(link: Tag) -> str:
    title = _joined_title(squash(link.get_text()), _text_after(link))
    # "[**Longformer: The Long-Document Transformer.**](…)": titles carry no full stop of their own
    return title[:-1] if title.endswith(".") and not title.endswith("..") else title


def _arxiv_ids(cells: list[list[BeautifulSoup]]) -> list[str]:
    """Each arXiv id the entry links to, or names by a bare URL in its text, in order of appearance."""
    found: dict[str, None] = {}
    for segments in cells:
        for segment in segments:
            for link in segment.find_all("a", href=True):
                found.setdefault(normalize_arxiv_id(link["href"]) or "", None)
            text = " ".join(s for s in segment.find_all(string=True) if s.find_parent("a") is None)
            for url in find_urls(text):
                found.setdefault(normalize_arxiv_id(url) or "", None)
    found.pop("", None)
    return list(found)


def _venue_and_organization(cells: list[list[BeautifulSoup]], roles: dict[str, int], has_header: bool) -> tuple[str | None, str | None]:
    """The venue from a badge, a venue column or a `| SOSP' 24` cell; an organisation from a `| Google` cell."""
    venue = next(filter(None, (_badge_venue(img) for segs in cells for seg in segs for img in seg.find_all("img"))), None)
    if venue is None and roles.get("venue", len(cells)) < len(cells):
        text = _cell_text(cells[roles["venue"]])
        venue = venue_from_comment(text) or text if text and not _is_generic(text) and text != "-" else None
    organization = None
    if not has_header:
        # "[Title](…) (ICLR 2027)" or "[Title](…) *Authors.* ICLR 2020.": a venue after the title
        first = _cell_text(cells[0])
        for aside in [*_ASIDE_RE.findall(first), first.rstrip(" .").rsplit(". ", 1)[-1]]:
            if len(aside.split()) <= 6:
                venue = venue or venue_from_comment(aside)
        for segments in cells[1:]:
            text = _cell_text(segments)
            if not text or any(seg.find("a") for seg in segments):
                continue
            if venue_from_comment(text):
                venue = venue or venue_from_comment(text)
            elif organization is None and len(text.split()) <= 6 and not re.search(r"\d", text):
                organization = text
    return venue, organization


def _date(cells: list[list[BeautifulSoup]], roles: dict[str, int]) -> dt.date | None:
    """A full date from the date column; a month or a year alone is not a paper date."""
    if roles.get("date", len(cells)) >= len(cells):
        return None
    match = _DATE_RE.search(_cell_text(cells[roles["date"]]))
    try:
        return dt.date(*map(int, match.groups())) if match else None
    except ValueError:
        return None


def _authors(cells: list[list[BeautifulSoup]], roles: dict[str, int], title_link: tuple | None) -> list[str]:
    if roles.get("authors", len(cells)) >= len(cells):
        return []
    column = cells[roles["authors"]]
    if title_link and title_link[0] == roles["authors"] and title_link[1] in column:
        # "Title & Authors": the names are the part after the title's line break
        return _names(_cell_text(column[column.index(title_link[1]) + 1:][:1]))
    return _names(_cell_text(column))


def _entries(item: Item, file: str) -> list[RawEntry]:
    cells = [render(cell) for cell in item.cells]
    papers = _arxiv_ids(cells)
    if not papers:
        return []
    roles = _roles(item.header)
    links = [(i, seg, a) for i, segs in enumerate(cells) for seg in segs for a in seg.find_all("a", href=True)]
    candidates = [(i, seg, a) for i, seg, a in links
                  if not _is_generic(squash(a.get_text())) and not venue_from_comment(squash(a.get_text()))]
    in_title_column = [c for c in candidates if c[0] == roles.get("title", c[0])]
    title_link = (in_title_column or candidates or [None])[0]
    row_title = _title_of(title_link[2]) if title_link else _plain_title(cells, roles)
    venue, organization = _venue_and_organization(cells, roles, item.header is not None)
    urls = list(dict.fromkeys(a["href"] for _, _, a in links if a["href"].startswith("http") and not normalize_arxiv_id(a["href"])))
    source = Source(file, item.line, FORMAT, " > ".join(item.headings) or None)
    entries = []
    for position, arxiv in enumerate(papers):
        # Further arXiv links in an entry are mentions ("a successor to [H2O](…)"), named by a short
        # name at best: they are kept by id, and get their real title from their own entry or enrich.
        first = position == 0
        entries.append(
            make_entry(
                source,
                title=row_title if first else None,
                arxiv=arxiv,
                links=classify_urls(urls, arxiv),
                venue=venue,
                organization=organization,
                published=_date(cells, roles) if first else None,
                authors=_authors(cells, roles, title_link) if first else [],
            )
        )
    return entries


def read(text: str, file: str) -> list[RawEntry]:
    return [entry for item in markdown_items(text) for entry in _entries(item, file)]
