"""The home page and its charts: what is new, counts, the topic grid, and SVG a screen reader can name."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from bs4 import BeautifulSoup

from conftest import make_papers
from generator.catalog import Catalog, build_catalog
from generator.model import Paper
from generator.site.charts import Bar, Column, Table, bar_chart, chart_figure, column_chart
from generator.site.home import WHATS_NEW, render_home


def figures(page: str) -> list[BeautifulSoup]:
    return BeautifulSoup(page, "html.parser").find_all("figure", class_="chart")


def test_each_chart_is_an_image_named_by_its_title_and_described_by_its_desc(catalog: Catalog) -> None:
    charts = figures(render_home(catalog))
    assert len(charts) == 2
    for figure in charts:
        svg = figure.svg
        assert svg["role"] == "img"
        title = figure.find(id=svg["aria-labelledby"])
        desc = figure.find(id=svg["aria-describedby"])
        assert title.name == "title" and title.get_text().startswith("Papers per")
        assert desc.name == "desc" and len(desc.get_text()) > 40
        assert figure.figcaption.get_text().startswith("Papers per")
        assert figure.find("details", class_="chart-data").table.thead


def test_charts_reference_nothing_outside_the_page(catalog: Catalog) -> None:
    for figure in figures(render_home(catalog)):
        assert not figure.find(["image", "use", "script", "style", "foreignobject", "a"])
        assert not any(attr.endswith("href") for tag in figure.find_all(True) for attr in tag.attrs)


def test_column_chart_draws_a_bar_for_every_month_with_papers() -> None:
    columns = [Column("Jan 2024", 3, "2024"), Column("Feb 2024", 0), Column("Mar 2024", 7)]
    svg = BeautifulSoup(column_chart("c", "T", "D", columns), "html.parser")
    bars = svg.find_all("rect", class_="chart-bar")
    assert [bar.title.get_text() for bar in bars] == ["Jan 2024: 3", "Mar 2024: 7"]
    heights = [float(bar["height"]) for bar in bars]
    assert heights[1] / heights[0] == pytest.approx(7 / 3)
    ticks = [t.get_text() for t in svg.find_all("text", class_="chart-tick")]
    assert ticks == ["0", "2", "4", "6", "8"]
    assert [t.get_text() for t in svg.find_all("text") if "chart-tick" not in t.get("class", [])] == ["2024"]


def test_bar_chart_stacks_the_light_part_and_escapes_labels() -> None:
    svg = bar_chart("b", "T", "D", [Bar("<b>One & two</b>", 4, 2), Bar("Three", 1)], ("Own", "Also"))
    assert "&lt;b&gt;One &amp; two&lt;/b&gt;" in svg and "<b>" not in svg
    soup = BeautifulSoup(svg, "html.parser")
    assert [t.get_text() for t in soup.find_all("text", class_="chart-value")] == ["6", "1"]
    assert len(soup.find_all("rect", class_="chart-extra")) == 2  # one in the legend, one stacked


def test_figure_table_escapes_and_heads_rows() -> None:
    figure = chart_figure("<svg></svg>", "Caption & more", Table(("Topic", "Papers"), (("<i>", "3"),)))
    soup = BeautifulSoup(figure, "html.parser")
    assert soup.figcaption.get_text() == "Caption & more"
    row = soup.tbody.tr
    assert row.th["scope"] == "row" and row.th.get_text() == "<i>" and row.td.get_text() == "3"


def test_months_run_without_gaps_and_undated_papers_are_counted_apart(catalog: Catalog) -> None:
    month_figure = figures(render_home(catalog))[0]
    months = [row.th.get_text() for row in month_figure.tbody.find_all("tr")]
    assert months == ["Oct 2023", "Nov 2023", "Dec 2023", "Jan 2024", "Feb 2024"]
    assert month_figure.figcaption.get_text().endswith("Not counted: 1 paper without a date.")


def test_whats_new_lists_the_latest_additions_first_linked_to_their_pages(catalog: Catalog) -> None:
    papers = make_papers()
    for day, paper in enumerate(papers, start=1):
        paper.added = dt.date(2026, 1, day)
    extra = [Paper(id=f"2403.{n:05d}", arxiv=f"2403.{n:05d}", title=f"Old {n}", topics=["training"],
                   added=dt.date(2025, 1, 1)) for n in range(12)]
    home = render_home(build_catalog(papers + extra, catalog.topics))
    section = home.split("## What's new", 1)[1].split("## Topics", 1)[0]
    links = re.findall(r'<a class="paper-title" href="papers/([a-z0-9.-]+)/">', section)
    assert len(links) == WHATS_NEW
    assert links[:5] == [p.id for p in reversed(papers)]
    assert links[0] == "2310.16355"
    assert section.index("Added 5 Jan 2026:") < section.index("Added 1 Jan 2026:") < section.index("Added 1 Jan 2025:")


def test_lists_that_repeat_cards_are_kept_out_of_search(catalog: Catalog) -> None:
    home = render_home(catalog)
    excluded = re.findall(r'^## .* \{ #(\w+) data-search-exclude="" \}$', home, flags=re.MULTILINE)
    assert excluded == ["whats_new", "topic_grid", "papers_per_month", "papers_per_topic"]


def test_counts_and_topic_grid(catalog: Catalog) -> None:
    home = render_home(catalog)
    assert '<ul class="home-stats"><li><strong>5</strong> papers</li><li><strong>15</strong> topics</li>' in home
    assert "<li><strong>1</strong> with code</li>" in home
    grid = home.split('<div class="grid cards topic-grid" markdown>', 1)[1].split("</div>", 1)[0]
    assert grid.count("-   [**") == len(catalog.topics)
    assert "[**Trustworthiness**](topics/trust.md)\n\n    0 papers · 1 also relevant" in grid
