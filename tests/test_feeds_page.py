"""The page of every feed: each feed the site writes, once, in the site's order, titles escaped, addresses absolute."""

from __future__ import annotations

import re
from pathlib import Path

from bs4 import BeautifulSoup

from conftest import PUBLISHED_URL
from generator.site.feeds import SITE_FEED, render_feeds, tag_feed, topic_feed
from generator.site.feeds_page import FEEDS_PAGE, render_feeds_page


def test_every_feed_is_listed_once_in_the_sites_order(catalog) -> None:
    feeds = render_feeds(catalog)
    page = render_feeds_page(catalog, feeds)[FEEDS_PAGE]
    linked = re.findall(r"\]\(\.\./([^)]+)\)", page)
    topics = [topic_feed(t.slug) for t in catalog.topics]
    tags = [tag_feed(tag.slug) for group in catalog.tag_groups for tag in group.tags if tag_feed(tag.slug) in feeds]
    assert linked == [SITE_FEED, *topics, *tags] and sorted(linked) == sorted(feeds)
    assert "`" not in page  # no absolute addresses without a site_url
    assert "&#38;" in page and " & " not in page.split("## Topics")[1]  # "Inference & Serving", escaped


def test_with_a_site_url_each_feed_shows_the_address_a_reader_copies(catalog) -> None:
    page = render_feeds_page(catalog, render_feeds(catalog, PUBLISHED_URL), PUBLISHED_URL)[FEEDS_PAGE]
    assert f"- [Every paper](../{SITE_FEED}): `{PUBLISHED_URL}{SITE_FEED}`" in page


def test_the_built_page_links_every_feed_file(published_site: Path) -> None:
    page = BeautifulSoup((published_site / "downloads" / "feeds" / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = [a["href"] for a in page.select("article li a")]
    assert links and all((published_site / "downloads" / "feeds" / href).resolve().is_file() for href in links)
    downloads = BeautifulSoup((published_site / "downloads" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert downloads.select_one("article a[href='feeds/']")
