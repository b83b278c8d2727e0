"""Atom feeds (RFC 4287) of the newest additions: one for the whole list, one for each topic and each tag.

Dates come from the data, never from the clock: an entry is updated on the day its paper was added (papers
added the same day a second apart, in the list's order, so that readers keep that order), and a feed on the
date of its newest entry, so the same data gives byte-identical feeds. With a site_url every link is
absolute; without one, links are relative to the feed's own URL, which RFC 4287 allows and feed readers
resolve. Ids are URNs, which stay the same wherever the site moves. Each feed names a stylesheet of the
site's own (feed_style.py), so that a browser shows it as a page with a subscribe hint.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from itertools import islice

from ..catalog import Catalog, Fragments, approximate_date, newest_additions
from ..model import Paper
from ..storage.store import Topic
from ..text.latex import latex_to_text
from ..text.links import with_schemes
from .addresses import absolute, render_sitemap
from .feed_style import FEED_STYLE
from .fill import published_url
from .markdown_text import plain_text
from .tags_pages import FEED_PATH, TAGS_DIR, papers_by_tag

SITE_TITLE = "LLM Reading List"
# At the root: Material fetches sitemap.xml beside every <link rel="alternate"> it finds (it takes them
# for translations of the site), and only at the root is there one, so a feed linked from every page's
# head lives there. Topic and tag feeds, linked from their own pages' heads, have a sitemap in their folder.
SITE_FEED = "feed.xml"
FEEDS_DIR = "feeds"
STYLESHEET = f"{FEEDS_DIR}/feed.xsl"
FEED_ENTRIES = 50
ATOM_NS = "http://www.w3.org/2005/Atom"
# A fixed namespace for name-based UUIDs: a feed's or paper's id is derived from its name alone.
_ID_NAMESPACE = uuid.UUID("6f6c6c6d-7265-6164-696e-672d6c697374")
# Characters that plain_text keeps but XML 1.0 does not allow.
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")
_DAY_SECONDS = 86_400


def topic_feed(slug: str) -> str:
    """The path of a topic's feed under docs/."""
    return f"{FEEDS_DIR}/{slug}.xml"


def tag_feed(slug: str) -> str:
    """The path of a tag's feed under docs/."""
    return FEED_PATH.format(slug=slug)


def render_feeds(catalog: Catalog, site_url: str | None = None, tagged: dict[str, list[Paper]] | None = None) -> dict[str, str]:
    """Every feed, keyed by its path under docs/; `tagged` is papers_by_tag(catalog), made here if not given."""
    # Sorted once: each feed's papers are taken from this order, which atom_feed expects.
    papers = catalog.additions
    rank = {paper.id: n for n, paper in enumerate(papers)}
    topics = catalog.topic_by_slug
    times = _joined_times(papers)

    def feed(path: str, title: str, subtitle: str, page: str, listed: list[Paper]) -> str:
        return atom_feed(path, title, subtitle, page, listed, topics, times, site_url, catalog.memo)

    feeds = {SITE_FEED: feed(SITE_FEED, SITE_TITLE, "The newest papers added to the list.", "index.md", papers)}
    for topic in catalog.topics:
        listed = [p for p in papers if topic.slug in p.topics]
        feeds[topic_feed(topic.slug)] = feed(topic_feed(topic.slug), f"{SITE_TITLE}: {topic.title}",
                                             topic.description or topic.title, f"topics/{topic.slug}.md", listed)
    titles = {tag.slug: tag.title for group in catalog.tag_groups for tag in group.tags}
    for slug, listed in (papers_by_tag(catalog) if tagged is None else tagged).items():
        title = titles.get(slug, slug)
        feeds[tag_feed(slug)] = feed(tag_feed(slug), f"{SITE_TITLE}: tag {title}", f"The newest papers tagged {title}.",
                                     f"{TAGS_DIR}/{slug}.md", sorted(listed, key=lambda p: rank[p.id]))
    return feeds


def feed_support(feeds: Mapping[str, str], site_url: str | None = None) -> dict[str, str]:
    """The stylesheet the feeds name, and a sitemap of the feeds in each folder below the root."""
    folders: dict[str, list[str]] = {}
    for path in feeds:
        if "/" in path:
            folders.setdefault(path.rsplit("/", 1)[0], []).append(path)
    files = {STYLESHEET: FEED_STYLE}
    for folder, paths in sorted(folders.items()):
        sitemap = f"{folder}/sitemap.xml"
        if sitemap in feeds:
            raise ValueError(f"the slug 'sitemap' is reserved: {sitemap} is the sitemap of the feeds in {folder}/")
        files[sitemap] = render_sitemap(site_url, paths)
    return files


def entry_times(papers: list[Paper]) -> dict[str, dt.datetime]:
    """When each dated paper joined the list: its day, and a second more for each paper added before it that day."""
    return _joined_times(newest_additions(papers))


def _joined_times(additions: list[Paper]) -> dict[str, dt.datetime]:
    """entry_times of papers already in newest_additions() order."""
    times: dict[str, dt.datetime] = {}
    earlier: dict[dt.date, int] = {}
    for paper in reversed(additions):
        day = _entry_date(paper)
        if day is None:
            continue
        offset = min(earlier.get(day, 0), _DAY_SECONDS - 1)
        earlier[day] = earlier.get(day, 0) + 1
        times[paper.id] = dt.datetime(day.year, day.month, day.day) + dt.timedelta(seconds=offset)
    return times


def atom_feed(path: str, title: str, subtitle: str, page: str, papers: list[Paper], topics: Mapping[str, Topic],
              times: Mapping[str, dt.datetime], site_url: str | None = None, memo: Fragments | None = None) -> str:
    """One feed at `path` (under docs/) of the newest additions among `papers`, which are in newest_additions()
    order; `page` is the page it follows.

    A paper is an entry in many feeds, so with `memo` (Catalog.memo) its entry is written once and only the way
    to the root put in for each feed; the feed is ElementTree's head with the entries' text joined in, indented as
    it indents. With `memo` the feed itself is kept, keyed by its entries, so that an edit writes again only the
    feeds that show the edited paper.
    """
    entries = list(islice((p for p in papers if p.id in times), FEED_ENTRIES))
    if memo is None:
        return _feed(path, title, subtitle, page, entries, topics, times, site_url, None)
    key = ("feed", path, title, subtitle, page, site_url, memo.generation,
           tuple([(memo.key_of(paper), times[paper.id]) for paper in entries]))
    return memo.whole(key, lambda: _feed(path, title, subtitle, page, entries, topics, times, site_url, memo))


def _feed(path: str, title: str, subtitle: str, page: str, entries: list[Paper], topics: Mapping[str, Topic],
          times: Mapping[str, dt.datetime], site_url: str | None, memo: Fragments | None) -> str:
    feed = ET.Element("feed", {"xmlns": ATOM_NS})
    _text(feed, "title", title)
    _text(feed, "subtitle", subtitle)
    _text(feed, "id", _urn(f"feed:{path}"))
    # An empty feed still needs a date; the epoch says "never" without inventing one.
    _text(feed, "updated", _timestamp(max((times[p.id] for p in entries), default=dt.datetime(1970, 1, 1))))
    ET.SubElement(ET.SubElement(feed, "author"), "name").text = SITE_TITLE
    ET.SubElement(feed, "link", {"rel": "self", "type": "application/atom+xml", "href": _href(path, path, site_url)})
    ET.SubElement(feed, "link", {"rel": "alternate", "type": "text/html", "href": _href(path, page, site_url)})
    ET.indent(feed, space="  ")
    texts = [_entry_text(path, paper, times[paper.id], topics, site_url, memo) for paper in entries]
    if texts:
        feed[-1].tail = "\n  "
    head = ET.tostring(feed, encoding="unicode").removesuffix("</feed>")
    stylesheet = f'<?xml-stylesheet type="text/xsl" href="{_relative(path, STYLESHEET)}"?>\n'
    body = head + "\n  ".join(texts) + ("\n" if texts else "") + "</feed>"
    return '<?xml version="1.0" encoding="utf-8"?>\n' + stylesheet + body + "\n"


def _entry_text(path: str, paper: Paper, time: dt.datetime, topics: Mapping[str, Topic], site_url: str | None,
                memo: Fragments | None) -> str:
    """One entry as it reads indented one level into its feed; it varies with the feed only by the way to the root."""
    # The way from the feed to the site's pages, as an attribute value (escaped a character at a time, so the
    # escaped way and the escaped rest join as the whole would escape).
    root = (site_url or "../" * path.count("/")).translate(_ATTRIBUTE_ESCAPES)
    if memo is None:
        return _entry(paper, time, topics).replace(ROOT, root)
    labels = tuple((slug, topics[slug].title) for slug in paper.topics if slug in topics)
    key = ("feed-entry", memo.key_of(paper), time, labels)
    return memo.made(key, lambda: _entry(paper, time, topics)).replace(ROOT, root)


# Stands for the way to the site root in an entry; _clean drops control characters from data, so no text holds it.
ROOT = "\x00"


def _entry(paper: Paper, time: dt.datetime, topics: Mapping[str, Topic]) -> str:
    """The entry written as ElementTree writes it indented one level deep (tests/test_fragments.py holds it to that),
    ROOT where the way to the site root goes: thousands of entries through ElementTree cost a third of a second at
    10,000 papers."""
    children = [_leaf("title", latex_to_text(paper.title)), _leaf("id", _urn(f"paper:{paper.id}")),
                _leaf("updated", _timestamp(time))]
    published = approximate_date(paper)
    if published:
        children.append(_leaf("published", _timestamp(dt.datetime(published.year, published.month, published.day))))
    children += [f"<author>\n      {_leaf('name', name)}\n    </author>" for name in paper.authors]
    children.append(_empty("link", rel="alternate", type="text/html", href=f"{ROOT}papers/{paper.id}/"))
    if paper.arxiv:
        children.append(_empty("link", rel="related", type="text/html", href=f"https://arxiv.org/abs/{paper.arxiv}"))
    children += [_empty("category", term=slug, label=_clean(topics[slug].title)) for slug in paper.topics if slug in topics]
    if paper.abstract:
        children.append(_leaf("summary", with_schemes(latex_to_text(paper.abstract))))
    return "<entry>\n    " + "\n    ".join(children) + "\n  </entry>"


def _leaf(tag: str, text: str) -> str:
    """An element holding the text made plain and XML-safe, escaped as ElementTree escapes text; empty, it closes itself."""
    clean = _clean(text)
    return f"<{tag}>{clean.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')}</{tag}>" if clean else f"<{tag} />"


_ATTRIBUTE_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;", "\n": "&#10;",
                                    "\t": "&#09;"})


def _empty(tag: str, **attributes: str) -> str:
    """An element with attributes alone, in the given order, escaped as ElementTree escapes attribute values."""
    return f"<{tag} " + " ".join(f'{name}="{value.translate(_ATTRIBUTE_ESCAPES)}"' for name, value in attributes.items()) + " />"


def _entry_date(paper: Paper) -> dt.date | None:
    """When the paper joined the list, or failing that its own date; None leaves it out of the feeds."""
    return paper.added or approximate_date(paper)


def _text(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, tag).text = _clean(text)


def _clean(text: str) -> str:
    return _NOT_XML.sub("", plain_text(text))


def _urn(name: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_ID_NAMESPACE, name)}"


def _timestamp(time: dt.datetime) -> str:
    """An RFC 3339 date-time, read as UTC."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ")


def _href(feed: str, target: str, site_url: str | None) -> str:
    """The docs/ file `target` as a feed links it: under site_url when there is one, else relative to the feed."""
    return absolute(site_url, published_url(target)) if site_url else _relative(feed, target)


def _relative(feed: str, target: str) -> str:
    """The URL of the docs/ file `target` relative to the feed at docs/ path `feed`; never empty, which means the feed."""
    return "../" * feed.count("/") + published_url(target) or "./"
