"""The page that lists every feed, the whole list's, each topic's and each tag's, and says how to follow one.

A browser that no longer applies a feed's XSLT stylesheet shows a feed as raw XML; this page is plain HTML.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..catalog import Catalog
from .addresses import absolute
from .feeds import FEED_ENTRIES, SITE_FEED, tag_feed, topic_feed
from .markdown_text import md_text
from .page import markdown_page

FEEDS_PAGE = "downloads/feeds.md"


def _line(title: str, feed: str, site_url: str | None) -> str:
    """One feed as a list item: its name linking to it, and the address a feed reader takes (with a site_url)."""
    address = f": `{absolute(site_url, feed)}`" if site_url else ""
    return f"- [{md_text(title)}](../{feed}){address}"


def render_feeds_page(catalog: Catalog, feeds: Mapping[str, str], site_url: str | None = None) -> dict[str, str]:
    """The page, keyed by its path under docs/; it lists the feeds of `feeds` (render_feeds), in the site's order."""
    topics = [_line(t.title, topic_feed(t.slug), site_url) for t in catalog.topics if topic_feed(t.slug) in feeds]
    groups = []
    for group in catalog.tag_groups:
        tags = [_line(tag.title, tag_feed(tag.slug), site_url) for tag in group.tags if tag_feed(tag.slug) in feeds]
        if tags:
            groups += [f"### {md_text(group.title)}", "\n".join(tags)]
    page = markdown_page(
        {"title": "Feeds", "description": "Every Atom feed of the list, and how to follow one in a feed reader."},
        [
            "# Feeds",
            f"Each feed brings the {FEED_ENTRIES} papers added last, newest first. To follow one, copy its address "
            "into your feed reader (an app or a web service: look for \"add feed\", \"subscribe\" or \"follow\"); "
            "some readers also find the feeds when given the address of a page of this site.",
            "## The whole list { #site }",
            _line("Every paper", SITE_FEED, site_url),
            "## Topics { #topics }",
            "\n".join(topics),
            "## Tags { #tags }",
            *groups,
        ],
    )
    return {FEEDS_PAGE: page}
