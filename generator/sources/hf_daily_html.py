"""Reader for a Hugging Face daily, weekly or monthly papers page (huggingface.co/papers/...) saved as HTML.

The page embeds its list as JSON (`data-target="DailyPapers"`, a `dailyPapers` list of paper records); a
page saved without it still has one `<article>` card per paper whose `<h3>` links to /papers/<id>.
The date the page lists papers for is not a paper date: only each paper's own `publishedAt` is used.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

from ..ids import normalize_arxiv_id
from ..model import Links, RawEntry, Source
from .entries import make_entry, read_each
from .hf_paper_html import HF_PAPERS, paper_fields
from .htmlpage import hydration_props, looks_like_html, parse_page, squash, text_of

FORMAT = "hf-daily-html"
_CARD_LINK_RE = re.compile(r"^/papers/(?P<id>[0-9]{4}\.[0-9]{4,5})(?:v[0-9]+)?(?:[#?].*)?$")


def sniff(text: str) -> int:
    """Certain for an HTML page with Hugging Face's paper list or its paper cards."""
    if not looks_like_html(text):
        return 0
    if 'data-target="DailyPapers"' in text:
        return 98
    return 96 if "<article" in text and re.search(r'href="/papers/\d{4}\.\d{4,5}', text) else 0


def _card_id(card: Tag) -> str | None:
    heading = card.find("h3")
    link = heading.find("a", href=True) if heading else None
    match = _CARD_LINK_RE.match(link["href"]) if link else None
    return normalize_arxiv_id(match.group("id")) if match else None


def _from_props(items: list, cards: dict[str, Tag], file: str, line: int) -> list[RawEntry]:
    def read_one(item: object) -> RawEntry | None:
        if not isinstance(item, dict):
            return None
        paper = item.get("paper") if isinstance(item.get("paper"), dict) else item
        fields = paper_fields(paper)
        # the list repeats title and summary beside the paper record; either may be the only one present
        fields["title"] = fields["title"] or squash(str(item.get("title") or "")) or None
        fields["abstract"] = fields["abstract"] or squash(str(item.get("summary") or "")) or None
        if not (fields["title"] or fields["arxiv"]):
            return None
        card = cards.get(fields["arxiv"] or "")
        return make_entry(Source(file, card.sourceline if card else line, FORMAT), **fields)

    return read_each(items, read_one, lambda item: line)


def _from_cards(cards: dict[str, Tag], file: str) -> list[RawEntry]:
    entries = []
    for arxiv, card in cards.items():
        abstract = card.find("p")
        entries.append(
            make_entry(
                Source(file, card.sourceline or 0, FORMAT),
                title=text_of(card.find("h3")) or None,
                abstract=text_of(abstract) if abstract and len(text_of(abstract).split()) >= 20 else None,
                arxiv=arxiv,
                links=Links(hf=HF_PAPERS + arxiv),
            )
        )
    return entries


def read(text: str, file: str) -> list[RawEntry]:
    soup: BeautifulSoup = parse_page(text)
    cards = {}
    for card in soup.find_all("article"):
        arxiv = _card_id(card)
        if arxiv:
            cards.setdefault(arxiv, card)
    props = hydration_props(soup, "DailyPapers")
    items = (props.get("dailyPapers") or props.get("papers")) if props else None
    if isinstance(items, list) and items:
        holder = soup.find(attrs={"data-target": "DailyPapers"})
        return _from_props(items, cards, file, holder.sourceline or 0)
    return _from_cards(cards, file)
