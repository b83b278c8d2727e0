"""Atom feeds (RFC 4287) of the newest additions: one for the whole list and one for each topic.

Dates come from the data, never from the clock: an entry is updated on the day its paper was added,
and a feed on the day of its newest entry, so the same data gives byte-identical feeds. Links are
relative to the feed's own URL, which RFC 4287 allows and feed readers resolve, so the feeds work
wherever the site is hosted; ids are URNs that do not depend on where the site is hosted either.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Mapping

from ..catalog import Catalog, approximate_date, newest_additions, papers_with_cards
from ..model import Paper
from ..storage.store import Topic
from ..text.latex import latex_to_text
from .fill import published_url
from .markdown_text import plain_text

SITE_TITLE = "LLM Reading List"
# At the root: Material fetches sitemap.xml beside every <link rel="alternate"> it finds (it takes them
# for translations of the site), and only at the root is there one, so a feed linked from every page's
# head lives there. Topic feeds sit in a folder and are linked from their pages' text instead.
SITE_FEED = "feed.xml"
FEED_ENTRIES = 50
ATOM_NS = "http://www.w3.org/2005/Atom"
# A fixed namespace for name-based UUIDs: a feed's or paper's id is derived from its name alone.
_ID_NAMESPACE = uuid.UUID("6f6c6c6d-7265-6164-696e-672d6c697374")
# Characters that plain_text keeps but XML 1.0 does not allow.
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")


def topic_feed(slug: str) -> str:
    """The path of a topic's feed under docs/."""
    return f"feeds/{slug}.xml"


def render_feeds(catalog: Catalog) -> dict[str, str]:
    """Every feed, keyed by its path under docs/."""
    papers = papers_with_cards(catalog)
    topics = catalog.topic_by_slug
    feeds = {SITE_FEED: atom_feed(SITE_FEED, SITE_TITLE, "The newest papers added to the list.", "index.md", papers, topics)}
    for topic in catalog.topics:
        listed = [p for p in papers if topic.slug in p.topics]
        feeds[topic_feed(topic.slug)] = atom_feed(
            topic_feed(topic.slug), f"{SITE_TITLE}: {topic.title}", topic.description or topic.title,
            f"topics/{topic.slug}.md", listed, topics,
        )
    return feeds


def atom_feed(path: str, title: str, subtitle: str, page: str, papers: list[Paper], topics: Mapping[str, Topic]) -> str:
    """One feed at `path` (under docs/) of the newest additions among `papers`; `page` is the page it follows."""
    dated = [(p, _entry_date(p)) for p in newest_additions(papers)]
    entries = [(p, d) for p, d in dated if d][:FEED_ENTRIES]
    feed = ET.Element("feed", {"xmlns": ATOM_NS})
    _text(feed, "title", title)
    _text(feed, "subtitle", subtitle)
    _text(feed, "id", _urn(f"feed:{path}"))
    # An empty feed still needs a date; the epoch says "never" without inventing one.
    _text(feed, "updated", _timestamp(max((d for _, d in entries), default=dt.date(1970, 1, 1))))
    ET.SubElement(ET.SubElement(feed, "author"), "name").text = SITE_TITLE
    ET.SubElement(feed, "link", {"rel": "self", "type": "application/atom+xml", "href": _relative(path, path)})
    ET.SubElement(feed, "link", {"rel": "alternate", "type": "text/html", "href": _relative(path, page)})
    for paper, date in entries:
        feed.append(_entry(path, paper, date, topics))
    ET.indent(feed, space="  ")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _entry(path: str, paper: Paper, date: dt.date, topics: Mapping[str, Topic]) -> ET.Element:
    entry = ET.Element("entry")
    _text(entry, "title", latex_to_text(paper.title))
    _text(entry, "id", _urn(f"paper:{paper.id}"))
    _text(entry, "updated", _timestamp(date))
    for name in paper.authors:
        _text(ET.SubElement(entry, "author"), "name", name)
    ET.SubElement(entry, "link", {"rel": "alternate", "type": "text/html", "href": _relative(path, f"papers/{paper.id}/")})
    if paper.arxiv:
        ET.SubElement(entry, "link", {"rel": "related", "type": "text/html", "href": f"https://arxiv.org/abs/{paper.arxiv}"})
    for slug in paper.topics:
        if slug in topics:
            ET.SubElement(entry, "category", {"term": slug, "label": _clean(topics[slug].title)})
    if paper.abstract:
        _text(entry, "summary", latex_to_text(paper.abstract))
    return entry


def _entry_date(paper: Paper) -> dt.date | None:
    """When the paper joined the list, or failing that its own date; None leaves it out of the feeds."""
    return paper.added or approximate_date(paper)


def _text(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, tag).text = _clean(text)


def _clean(text: str) -> str:
    return _NOT_XML.sub("", plain_text(text))


def _urn(name: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_ID_NAMESPACE, name)}"


def _timestamp(date: dt.date) -> str:
    """An RFC 3339 date-time for a day: its midnight in UTC."""
    return f"{date.isoformat()}T00:00:00Z"


def _relative(feed: str, target: str) -> str:
    """The URL of the docs/ file `target` relative to the feed at docs/ path `feed`; never empty, which means the feed."""
    return "../" * feed.count("/") + published_url(target) or "./"
