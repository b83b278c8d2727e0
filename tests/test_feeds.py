"""Atom feeds: RFC 4287's rules, dates from the data, stable ids, escaped text, one feed per topic and per tag,
absolute links with a site_url, and the stylesheet that shows a feed as a page."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from urllib.parse import urljoin, urlsplit

import pytest

from conftest import make_papers
from generator.catalog import Catalog, build_catalog
from generator.model import Paper
from generator.site.feeds import FEED_ENTRIES, SITE_FEED, STYLESHEET, feed_support, render_feeds, tag_feed, topic_feed
from generator.site.tags_pages import papers_by_tag
from generator.text.latex import latex_to_text

SITE_URL = "https://user.example.io/reading-list/"

A = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def assert_valid_atom(text: str) -> ET.Element:
    """Check the RFC 4287 rules a feed reader relies on; return the parsed feed."""
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>\n')
    feed = ET.fromstring(text.encode("utf-8"))
    assert feed.tag == f"{A}feed"

    def one(parent: ET.Element, name: str) -> ET.Element:
        found = parent.findall(f"{A}{name}")
        assert len(found) == 1, f"{name}: {len(found)}"
        return found[0]

    def check_common(element: ET.Element) -> str:
        assert one(element, "title").text
        assert urlsplit(one(element, "id").text).scheme  # an absolute IRI
        updated = one(element, "updated").text
        assert RFC3339.match(updated), updated
        for link in element.findall(f"{A}link"):
            assert link.get("href")
        return updated

    feed_updated = check_common(feed)
    feed_author = feed.find(f"{A}author/{A}name")
    entries = feed.findall(f"{A}entry")
    ids = []
    for entry in entries:
        ids.append(one(entry, "id").text)
        assert feed_author is not None or entry.find(f"{A}author") is not None
        alternates = [link for link in entry.findall(f"{A}link") if link.get("rel", "alternate") == "alternate"]
        assert len(alternates) == 1 or entry.find(f"{A}content") is not None
        assert check_common(entry) <= feed_updated
    assert len(ids) == len(set(ids))
    if entries:
        assert feed_updated == max(one(e, "updated").text for e in entries)
    return feed


def entries(feed: ET.Element) -> list[ET.Element]:
    return feed.findall(f"{A}entry")


def added_papers() -> list[Paper]:
    papers = make_papers()
    for day, paper in enumerate(papers, start=1):
        paper.added = dt.date(2026, 3, day)
    return papers


def test_every_feed_is_valid_atom(catalog: Catalog) -> None:
    feeds = render_feeds(catalog)
    tags = papers_by_tag(catalog)
    assert set(feeds) == {SITE_FEED, *(topic_feed(t.slug) for t in catalog.topics), *(tag_feed(t) for t in tags)}
    for text in feeds.values():
        assert_valid_atom(text)
    kv = ET.fromstring(feeds[tag_feed("kv-cache")])
    assert {e.find(f"{A}title").text for e in entries(kv)} == {latex_to_text(p.title) for p in tags["kv-cache"]} != set()
    assert kv.find(f"{A}title").text == "LLM Reading List: tag KV cache"


def test_papers_added_the_same_day_get_distinct_times_in_the_lists_order(catalog: Catalog) -> None:
    papers = make_papers()
    for paper in papers:
        paper.added = dt.date(2026, 11, 21)
    feeds = render_feeds(build_catalog(papers, catalog.topics))
    site = assert_valid_atom(feeds[SITE_FEED])
    times = [e.find(f"{A}updated").text for e in entries(site)]
    assert len(times) == 5 and times == sorted(times, reverse=True) and len(set(times)) == 5
    assert times[-1] == "2026-11-21T00:00:00Z" and site.find(f"{A}updated").text == times[0]
    # A paper's entry has the same time in every feed that lists it.
    everywhere = {e.find(f"{A}id").text: e.find(f"{A}updated").text for e in entries(site)}
    for text in feeds.values():
        assert all(everywhere[e.find(f"{A}id").text] == e.find(f"{A}updated").text for e in entries(ET.fromstring(text)))


def test_an_entry_has_its_authors_summary_and_the_papers_own_date(catalog: Catalog) -> None:
    feed = ET.fromstring(render_feeds(build_catalog(added_papers(), catalog.topics))[SITE_FEED])
    by_title = {e.find(f"{A}title").text[:8]: e for e in entries(feed)}
    ada = by_title["A Provis"]
    assert ada.find(f"{A}published") is None  # a paper with no date of its own
    assert [n.text for n in ada.findall(f"{A}author/{A}name")] == ["Ada Lovelace"]
    assert ada.find(f"{A}summary").text == "This paper exists only as an abstract in a listing."
    assert by_title["H₂O: Hea"].find(f"{A}published").text == "2023-12-20T00:00:00Z"
    code = Paper(id="2401.00010", arxiv="2401.00010", title="Linked", abstract="Code at //github.com/a/b.", topics=["serving"])
    linked = ET.fromstring(render_feeds(build_catalog([code], catalog.topics))[SITE_FEED])
    assert entries(linked)[0].find(f"{A}summary").text == "Code at https://github.com/a/b."


def test_dates_come_from_the_data_not_the_clock(catalog: Catalog) -> None:
    feed = assert_valid_atom(render_feeds(build_catalog(added_papers(), catalog.topics))[SITE_FEED])
    assert feed.find(f"{A}updated").text == "2026-03-05T00:00:00Z"
    titles = [e.find(f"{A}title").text for e in entries(feed)]
    assert titles[0] == "Weight Decay in Federated Learning" and titles[-1].startswith("Nasty")
    # Without an `added` date a paper's own date stands in; with neither, it has no place in a feed.
    plain = assert_valid_atom(render_feeds(catalog)[SITE_FEED])
    assert plain.find(f"{A}updated").text == "2024-02-01T00:00:00Z"
    assert len(entries(plain)) == 4


def test_entry_ids_are_stable_and_shared_between_feeds(catalog: Catalog) -> None:
    feeds = render_feeds(catalog)
    site = {e.find(f"{A}title").text: e.find(f"{A}id").text for e in entries(ET.fromstring(feeds[SITE_FEED]))}
    topic = {e.find(f"{A}title").text: e.find(f"{A}id").text for e in entries(ET.fromstring(feeds[topic_feed("compression")]))}
    assert topic.items() <= site.items()
    fewer = render_feeds(build_catalog(make_papers()[2:], catalog.topics))[SITE_FEED]
    again = {e.find(f"{A}title").text: e.find(f"{A}id").text for e in entries(ET.fromstring(fewer))}
    assert again.items() <= site.items()
    assert all(i.startswith("urn:uuid:") for i in site.values())


def test_a_topic_feed_holds_the_papers_listed_on_its_page(catalog: Catalog) -> None:
    feed = ET.fromstring(render_feeds(catalog)[topic_feed("serving")])
    terms = [{c.get("term") for c in e.findall(f"{A}category")} for e in entries(feed)]
    assert len(terms) == 3 and all("serving" in t for t in terms)  # the undated paper has no entry
    assert feed.find(f"{A}title").text == "LLM Reading List: Inference & Serving"


def test_text_is_escaped_and_read_back_exactly(catalog: Catalog) -> None:
    text = render_feeds(catalog)[SITE_FEED]
    assert "<script>" not in text and "&lt;script&gt;" in text
    nasty = next(e for e in entries(ET.fromstring(text)) if e.find(f"{A}title").text.startswith("Nasty"))
    assert nasty.find(f"{A}title").text == "Nasty × Italic <script>alert(1)</script> | pipe * star [bracket `tick`"
    assert "<img src=x onerror=alert(1)>" in nasty.find(f"{A}summary").text
    bad = Paper(id="2401.00009", arxiv="2401.00009", title="Bad \x00\x0b\ufffe chars", topics=["serving"])
    assert_valid_atom(render_feeds(build_catalog([bad], catalog.topics))[SITE_FEED])


def test_with_a_site_url_every_link_is_absolute_and_under_it(catalog: Catalog) -> None:
    feeds = render_feeds(catalog, SITE_URL)
    for path, text in feeds.items():
        feed = assert_valid_atom(text)
        links = feed.findall(f"{A}link") + feed.findall(f"{A}entry/{A}link")
        assert links and all(urlsplit(link.get("href")).scheme == "https" for link in links)
        own = [link.get("href") for link in links if link.get("rel") != "related"]
        assert all(href.startswith(SITE_URL) for href in own)
        assert feed.find(f"{A}link[@rel='self']").get("href") == SITE_URL + path
    serving = ET.fromstring(feeds[topic_feed("serving")])
    assert serving.find(f"{A}link[@rel='alternate']").get("href") == SITE_URL + "topics/serving/"
    hrefs = {e.find(f"{A}title").text[:5]: e.find(f"{A}link[@rel='alternate']").get("href") for e in entries(serving)}
    assert hrefs["H₂O: "] == SITE_URL + "papers/2312.11111/"
    # The ids do not move with the site: a reader who subscribed before keeps its entries.
    assert [e.find(f"{A}id").text for e in entries(serving)] == [
        e.find(f"{A}id").text for e in entries(ET.fromstring(render_feeds(catalog)[topic_feed("serving")]))]


def test_every_feed_names_the_sites_stylesheet(catalog: Catalog) -> None:
    feeds = render_feeds(catalog)
    support = feed_support(feeds)
    style = ET.fromstring(support[STYLESHEET].encode("utf-8"))
    assert style.tag == "{http://www.w3.org/1999/XSL/Transform}stylesheet"
    for path, text in feeds.items():
        match = re.search(r'<\?xml-stylesheet type="text/xsl" href="([^"]+)"\?>', text.split("<feed", 1)[0])
        assert match and urljoin(f"https://h/{path}", match.group(1)) == f"https://h/{STYLESHEET}"


def test_each_feed_folder_has_a_sitemap_of_its_feeds(catalog: Catalog) -> None:
    feeds = render_feeds(catalog, SITE_URL)
    support = feed_support(feeds, SITE_URL)
    sitemaps = {path: text for path, text in support.items() if path.endswith("sitemap.xml")}
    assert set(sitemaps) == {"feeds/sitemap.xml", "feeds/tags/sitemap.xml"}
    listed = {loc.text for text in sitemaps.values() for loc in ET.fromstring(text).iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    assert listed == {SITE_URL + path for path in feeds if path != SITE_FEED}
    assert "<url>" not in feed_support(render_feeds(catalog))["feeds/sitemap.xml"]
    with pytest.raises(ValueError, match="'sitemap' is reserved"):
        feed_support({**feeds, "feeds/sitemap.xml": feeds[SITE_FEED]})


def test_links_are_relative_to_the_feed_and_point_at_paper_pages(catalog: Catalog) -> None:
    feeds = render_feeds(catalog)
    site = ET.fromstring(feeds[SITE_FEED])
    assert {(link.get("rel"), link.get("href")) for link in site.findall(f"{A}link")} == {("self", "feed.xml"), ("alternate", "./")}
    serving = ET.fromstring(feeds[topic_feed("serving")])
    hrefs = {e.find(f"{A}title").text[:5]: [link.get("href") for link in e.findall(f"{A}link")] for e in entries(serving)}
    assert hrefs["H₂O: "] == ["../papers/2312.11111/", "https://arxiv.org/abs/2312.11111"]


def test_a_feed_keeps_only_the_newest_entries(catalog: Catalog) -> None:
    many = [Paper(id=f"2404.{n:05d}", arxiv=f"2404.{n:05d}", title=f"P{n}", topics=["training"],
                  added=dt.date(2026, 1, 1) + dt.timedelta(days=n)) for n in range(FEED_ENTRIES + 5)]
    feed = ET.fromstring(render_feeds(build_catalog(many, catalog.topics))[topic_feed("training")])
    titles = [e.find(f"{A}title").text for e in entries(feed)]
    assert len(titles) == FEED_ENTRIES and titles[0] == f"P{FEED_ENTRIES + 4}"
