"""Atom feeds: RFC 4287's rules, dates from the data, stable ids, escaped text, one feed per topic."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

from conftest import make_papers
from generator.catalog import Catalog, build_catalog
from generator.model import Paper
from generator.site.feeds import FEED_ENTRIES, SITE_FEED, render_feeds, topic_feed

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
    assert set(feeds) == {SITE_FEED, *(topic_feed(t.slug) for t in catalog.topics)}
    for text in feeds.values():
        assert_valid_atom(text)


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
