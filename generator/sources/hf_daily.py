"""Reader for a Hugging Face daily-papers page copied as text: paragraphs of title, abstract, and card metadata.

The metadata paragraph ("• 8 authors" or an organisation, "·", then "Mar 30 1": date and upvotes) is
optional per card, so it is attached only to the card directly above it, never carried to a later one.
Dates without a year are in the page's year: the year after the latest year any card spells out.
"""

from __future__ import annotations

import re

from ..model import RawEntry, Source
from .entries import make_entry
from .hf_page import CARD_DATE_RE, card_date, is_chrome, unglue
from .textblocks import looks_like_abstract, paragraphs

FORMAT = "hf-daily"
_AUTHORS_RE = re.compile(r"^[•·*-]\s*(?P<count>[0-9]{1,6})\s+authors?$", re.IGNORECASE)
_BULLET_RE = re.compile(r"^[•*-]\s*(?P<names>.+)$")


def _is_metadata(lines: list[str]) -> bool:
    return len(lines) <= 4 and (
        "·" in lines or bool(_AUTHORS_RE.match(lines[0])) or bool(CARD_DATE_RE.match(lines[-1]))
    )


def _content(text: str) -> list[tuple[int, list[str]]]:
    blocks = [(n, [unglue(line) for line in lines]) for n, lines in paragraphs(text)]
    while blocks and all(is_chrome(line) or not line for line in blocks[0][1]):
        blocks.pop(0)
    return blocks


def sniff(text: str) -> int:
    """High for blank-line separated title and abstract paragraphs, higher still with card metadata."""
    blocks = _content(text)
    if len(blocks) < 2:
        return 0
    metadata = sum(1 for _, lines in blocks if _is_metadata(lines))
    prose = sum(1 for _, lines in blocks if len(lines) == 1 and looks_like_abstract(lines[0]))
    if metadata:
        return 85
    return 75 if prose * 2 >= 0.8 * (len(blocks) - metadata) else 0


def _listing_year(blocks: list[tuple[int, list[str]]]) -> int | None:
    dates = [CARD_DATE_RE.match(line) for _, lines in blocks if _is_metadata(lines) for line in lines]
    years = [int(m.group("year")) for m in dates if m and m.group("year")]
    yearless = any(m and not m.group("year") for m in dates)
    return max(years) + 1 if years and yearless else None


def _metadata_fields(lines: list[str], listing_year: int | None) -> dict:
    fields: dict = {}
    for line in lines:
        authors = _AUTHORS_RE.match(line)
        date = CARD_DATE_RE.match(line)
        bullet = _BULLET_RE.match(line)
        if line == "·":
            continue
        if authors:
            fields["authors_count"] = int(authors.group("count"))
        elif date:
            fields["published"] = card_date(date, listing_year)
            if date.group("upvotes"):
                fields["upvotes"] = int(date.group("upvotes"))
        elif bullet:
            fields["authors"] = [name.strip() for name in bullet.group("names").split(",") if name.strip()]
        else:
            # "openbmb OpenBMB": the organisation's handle, then its display name
            handle, _, name = line.partition(" ")
            fields["organization"] = name.strip() or handle
    return {k: v for k, v in fields.items() if v is not None}


def read(text: str, file: str, listing_year: int | None = None) -> list[RawEntry]:
    blocks = _content(text)
    listing_year = listing_year or _listing_year(blocks)
    cards: list[dict] = []
    for number, lines in blocks:
        last = cards[-1] if cards else None
        block = " ".join(lines)
        if _is_metadata(lines):
            if last and not last["meta"]:
                last["meta"] = _metadata_fields(lines, listing_year)
        elif last and last["abstract"] is None and not last["meta"] and looks_like_abstract(block):
            last["abstract"] = block
        elif looks_like_abstract(block):
            cards.append({"line": number, "title": None, "abstract": block, "meta": {}})
        else:
            cards.append({"line": number, "title": block, "abstract": None, "meta": {}})
    return [
        make_entry(Source(file, c["line"], FORMAT), title=c["title"], abstract=c["abstract"], **c["meta"])
        for c in cards
    ]
