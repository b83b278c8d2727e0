"""Pages kept whole between renders (list pages, paper pages, feeds, downloads): after any edit a render from the
kept fragments is the fresh render, and it makes again only what shows an edited paper."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from conftest import make_papers
from generator.catalog import Fragments, build_catalog
from generator.model import Paper
from generator.site import lists
from generator.site.addresses import SiteAddress
from generator.site.pages import render_site

# Pages of three papers: every list of the catalog below has several pages, and an edit can move a paper across them.
PAGE = 3


@pytest.fixture(autouse=True)
def small_pages(monkeypatch):
    monkeypatch.setattr(lists, "PAGE_SIZE", PAGE)


def _papers() -> list[Paper]:
    """The five hostile papers and a dozen more, spread over topics, tags and months."""
    topics = ["serving", "compression", "trust", "agents"]
    extra = [Paper(id=f"2403.{n:05d}", arxiv=f"2403.{n:05d}", title=f"Paper {n} on $x_{n}$ & <caches>",
                   abstract=f"Words about serving and caches, paper {n}.", authors=[f"Author {n}", "B. Second"],
                   published=dt.date(2024, 1 + n % 6, 1 + n), added=dt.date(2026, 11, 1 + n % 3),
                   topics=[topics[n % 4], topics[(n + 1) % 4]], tags=[["survey", "benchmark", "kv-cache"][n % 3]])
             for n in range(12)]
    return make_papers() + extra


def _digests(papers: list[Paper], version: dict[str, int]) -> dict[str, str]:
    return {p.id: f"file-{p.id}-v{version.get(p.id, 0)}" for p in papers}


def _render(papers, catalog, memo=None, address=SiteAddress(), related=None):
    site = render_site(build_catalog(papers, catalog.topics, catalog.tag_groups, related, memo), address)
    return dict(site.pages), dict(site.fills)


def _edits(papers: list[Paper]) -> list[tuple[str, str, dict]]:
    """(paper id, what changes, the new fields) for each kind of edit a list can feel."""
    moved, other = papers[7].id, papers[9].id
    return [
        (papers[1].id, "title", {"title": "Retitled $\\alpha$ <b>bold</b> | pipe"}),
        (moved, "date, so it moves to another page", {"published": dt.date(2020, 5, 5)}),
        (other, "primary topic", {"topics": ["trust", "serving"]}),
        (papers[3].id, "a new secondary topic", {"topics": ["serving", "agents"]}),
        (papers[10].id, "tags", {"tags": ["survey", "benchmark"]}),
        (papers[12].id, "added, so it moves in the feeds", {"added": dt.date(2026, 12, 1)}),
    ]


def test_a_render_from_kept_pieces_after_each_edit_in_turn_is_the_fresh_render(catalog) -> None:
    # With a site_url, which the feeds' entries take their links from (tests/test_fragments.py renders without).
    address = SiteAddress("https://user.example.io/R&D/list/")
    papers, version = _papers(), {}
    memo = Fragments(digests=_digests(papers, version))
    _render(papers, catalog, memo, address)
    for paper_id, _, fields in _edits(papers):
        papers = [dataclasses.replace(p, **fields) if p.id == paper_id else p for p in papers]
        version[paper_id] = version.get(paper_id, 0) + 1
        memo = Fragments(memo.kept(), _digests(papers, version))
        assert _render(papers, catalog, memo, address) == _render(papers, catalog, address=address), paper_id


def test_a_paper_added_or_removed_gives_the_fresh_render(catalog) -> None:
    papers = _papers()
    memo = Fragments(digests=_digests(papers, {}))
    _render(papers, catalog, memo)
    for changed in (papers[:8] + papers[9:], papers + [dataclasses.replace(papers[8], id="2405.00001", arxiv="2405.00001")]):
        again = Fragments(memo.kept(), _digests(changed, {}))
        assert _render(changed, catalog, again) == _render(changed, catalog)


def test_each_edit_makes_again_only_the_pieces_that_show_the_edited_paper(catalog) -> None:
    papers, version = _papers(), {}
    memo = Fragments(digests=_digests(papers, version))
    # The related papers as they were: an edit's text changes them, and the pages that show them with them.
    related = build_catalog(papers, catalog.topics).related
    _render(papers, catalog, memo, related=related)
    for paper_id, what, fields in _edits(papers)[:2]:
        papers = [dataclasses.replace(p, **fields) if p.id == paper_id else p for p in papers]
        version[paper_id] = version.get(paper_id, 0) + 1
        before = memo.kept()
        memo = Fragments(before, _digests(papers, version))
        _render(papers, catalog, memo, related=related)
        made = [key for key in memo.used if key not in before]
        lists_made = {key[1] for key in made if key[0] == "list-page"}
        assert lists_made, what
        # A page whose papers did not change, nor their order, is found whole; so are its entries, kept with it.
        assert all(f"file-{paper_id}-v" in repr(key) for key in made if key[0] != "list-page"), (what, made)
        assert len(lists_made) < len({key[1] for key in before if key[0] == "list-page"}) / 2, what
        again = Fragments(memo.kept(), _digests(papers, version))
        _render(papers, catalog, again, related=related)
        assert not again.fresh, f"a second render after the {what} edit found everything"


def test_a_feed_entry_made_once_links_from_each_feed_as_the_feed_would_link_it(catalog) -> None:
    from xml.etree import ElementTree as ET

    from generator.site.feeds import ATOM_NS, render_feeds

    for site_url in (None, "https://user.example.io/R&D/list/"):
        for path, text in render_feeds(build_catalog(_papers(), catalog.topics, catalog.tag_groups, {}, Fragments()),
                                       site_url).items():
            root = site_url or "../" * path.count("/")
            for entry in ET.fromstring(text.encode("utf-8")).iter(f"{{{ATOM_NS}}}entry"):
                href = entry.find(f"{{{ATOM_NS}}}link").get("href")
                assert href.startswith(root + "papers/") and href.endswith("/"), (path, href)
