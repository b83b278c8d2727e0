"""Shared helpers for the readers of pages saved from a browser: recognising, parsing and reading HTML."""

from __future__ import annotations

import datetime as dt
import json
import re

from bs4 import BeautifulSoup, NavigableString, PageElement, Tag

from .errors import ListingError

_START_RE = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.IGNORECASE | re.DOTALL)
_CLOSED_RE = re.compile(r"</html\s*>", re.IGNORECASE)
# arXiv writes "(cs.CL)" after each subject name; old archives have no dot ("(quant-ph)").
_CATEGORY_RE = re.compile(r"\(([a-z-]+(?:\.[A-Za-z-]+)?)\)")
_LINK_WORDS_RE = re.compile(r"^(?:this\s+)?https?\s+url$|^https?://", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """True for a whole HTML document (a doctype or <html> first), not Markdown with some inline tags."""
    return bool(_START_RE.match(text[:4096]))


def ensure_complete(text: str) -> None:
    """Refuse a page cut off before its closing </html>: its last entries, or what identifies it, are lost."""
    if not _CLOSED_RE.search(text[-4096:]):
        raise ListingError("truncated HTML page: it ends before </html>; save the complete page again")


def parse_page(text: str) -> BeautifulSoup:
    """The parsed page, once it is known to be complete."""
    ensure_complete(text)
    return BeautifulSoup(text, "html.parser")


def squash(text: str) -> str:
    """Whitespace collapsed to single spaces: saved pages wrap text anywhere."""
    return " ".join(text.split())


def _is_label(node: PageElement, stop: Tag) -> bool:
    for parent in node.parents:
        if parent is stop:
            return False
        if "descriptor" in (parent.get("class") or []):
            return True
    return False


def text_of(tag: Tag | None, *, show_urls: bool = False) -> str:
    """A tag's visible text without arXiv's labels (`<span class="descriptor">Title:</span>`), squashed.

    With show_urls, a link written as "this https URL" (arXiv's way) shows its address instead, so
    that code and project links can be found in the text.
    """
    if tag is None:
        return ""
    pieces = []
    for node in tag.find_all(string=True):
        if type(node) is not NavigableString or _is_label(node, tag):
            continue
        parent = node.parent
        href = parent.get("href", "") if parent.name == "a" else ""
        if show_urls and href.startswith("http") and _LINK_WORDS_RE.match(squash(node)):
            pieces.append(href)
        else:
            pieces.append(node)
    return squash("".join(pieces))


def categories_in(text: str) -> list[str]:
    """arXiv category codes from a subjects line, primary first: "Machine Learning (cs.LG); ..." -> ["cs.LG"]."""
    return list(dict.fromkeys(_CATEGORY_RE.findall(text)))


def hydration_props(soup: BeautifulSoup, target: str) -> dict | None:
    """The JSON a Hugging Face page embeds for one of its components (`data-target="PaperContent"`)."""
    holder = soup.find(attrs={"data-target": target, "data-props": True})
    if holder is None:
        return None
    try:
        props = json.loads(holder["data-props"])
    except json.JSONDecodeError:
        return None
    return props if isinstance(props, dict) else None


def iso_date(value: object) -> dt.date | None:
    """The date of an ISO timestamp like "2025-09-28T17:53:27.000Z", else None."""
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
