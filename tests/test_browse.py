"""The browse page and its index: every paper listed without JavaScript, one index row per list item."""

from __future__ import annotations

import json
import re

from bs4 import BeautifulSoup

from conftest import make_papers
from generator.catalog import Catalog, build_catalog
from generator.model import Links, Paper
from generator.site.browse import BROWSE_INDEX, BROWSE_PAGE, INDEX_FIELDS, LISTED, render_browse
from generator.site.fill import built_file
from test_render import front_matter


def _browse(catalog: Catalog) -> tuple[dict[str, str], str]:
    """The docs/ files (stub and index) and the page's filled content."""
    pages, fills = render_browse(catalog)
    return pages, fills[built_file(BROWSE_PAGE)].content


def test_index_has_a_row_for_each_list_item_in_the_same_order(catalog: Catalog) -> None:
    out, content = _browse(catalog)
    index = json.loads(out[BROWSE_INDEX])
    assert index["fields"] == list(INDEX_FIELDS)
    ids = [row[0] for row in index["papers"]]
    items = BeautifulSoup(content, "html.parser").select(".browse-list li")
    assert [li["data-paper"] for li in items] == [li.a["href"].split("/")[-2] for li in items]
    assert ids == [li["data-paper"] for li in items] == [p.id for p in catalog.papers]


def test_index_rows_hold_what_the_filters_need(catalog: Catalog) -> None:
    index = json.loads(_browse(catalog)[0][BROWSE_INDEX])
    rows = {row[0]: dict(zip(index["fields"], row)) for row in index["papers"]}
    assert rows["2401.05561"] == {
        "id": "2401.05561", "year": 2024, "topics": ["serving", "trust"], "tags": ["benchmark", "survey"],
        "venue": "FPGA'24", "code": True, "upvotes": 12, "authors": [],
        "title": "Nasty × Italic <script>alert(1)</script> | pipe * star [bracket `tick`", "date": "10 Jan 2024",
    }
    assert rows["a-paper-without-arxiv"]["authors"] == ["Ada Lovelace"]
    assert rows["2402.00001"]["year"] == 2024  # from the arXiv month
    assert rows["a-paper-without-arxiv"]["year"] is None and rows["a-paper-without-arxiv"]["upvotes"] is None


def test_page_is_left_out_of_search_and_its_form_waits_for_the_script(catalog: Catalog) -> None:
    pages, content = _browse(catalog)
    assert front_matter(pages[BROWSE_PAGE]) == {"title": "Browse", "search": {"exclude": True}}
    form = BeautifulSoup(content, "html.parser").find("form", class_="browse-filters")
    assert form.has_attr("hidden") and form["data-index"] == "index.json"
    names = [field["name"] for field in form.find_all(["select", "input"])]
    assert names == ["topic", "tag", "year", "venue", "code", "sort"]
    topics = [(o["value"], o.get_text()) for o in form.find("select", attrs={"name": "topic"}).find_all("option")]
    assert topics[:3] == [("", "All topics"), ("serving", "Inference & Serving (4)"), ("compression", "Compression: quantization, pruning, distillation (2)")]


def test_option_values_match_the_index_for_hostile_and_untidy_text(catalog: Catalog) -> None:
    paper = Paper(id="2405.00001", arxiv="2405.00001", title="T", topics=["serving"], venue='  A<b>"  \n venue ',
                  tags=["x&y"], links=Links(code=["https://github.com/a/b"]))
    out, content = _browse(build_catalog([*make_papers(), paper], catalog.topics))
    form = BeautifulSoup(content, "html.parser").find("form")
    venues = [o["value"] for o in form.find("select", attrs={"name": "venue"}).find_all("option")]
    assert venues == ["", 'A<b>" venue', "FPGA'24"]
    row = next(r for r in json.loads(out[BROWSE_INDEX])["papers"] if r[0] == "2405.00001")
    assert row[INDEX_FIELDS.index("venue")] == 'A<b>" venue' and row[INDEX_FIELDS.index("tags")] == ["x&y"]
    assert "<b>" not in content


def test_list_items_say_venue_code_and_upvotes(catalog: Catalog) -> None:
    item = BeautifulSoup(_browse(catalog)[1], "html.parser").find("li", attrs={"data-paper": "2401.05561"})
    facts = [span.get_text() for span in item.find_all("span", class_="paper-meta")]
    assert facts == ["8 authors · 10 Jan 2024 · FPGA'24 · Inference & Serving", "has code · 12 upvotes"]


def test_a_long_list_keeps_the_page_small_and_the_index_whole(catalog: Catalog) -> None:
    papers = [Paper(id=f"2403.{n:05d}", arxiv=f"2403.{n:05d}", title=f"Paper {n}", topics=["serving"])
              for n in range(LISTED + 2)]
    out, content = _browse(build_catalog(papers, catalog.topics))
    items = BeautifulSoup(content, "html.parser").select(".browse-list li")
    index = json.loads(out[BROWSE_INDEX])
    assert len(items) == LISTED and len(index["papers"]) == LISTED + 2
    assert [li["data-paper"] for li in items] == [row[0] for row in index["papers"][:LISTED]]
    assert f"The newest {LISTED} of {LISTED + 2} papers" in content
