"""Related papers, tag pages and the timeline, rendered without MkDocs."""

from __future__ import annotations

import datetime as dt
import re

from mkdocs.config import load_config

from conftest import REPO
from generator.catalog import Catalog, build_catalog
from generator.curate.related import MAX_RELATED, related_papers
from generator.model import Paper
from generator.site.lists import PAGE_SIZE
from generator.site.pages import render_pages, render_site
from generator.storage.store import load_topics
from test_render import front_matter


def _paper(pid: str, title: str, abstract: str, topics=("serving",), tags=(), published=None) -> Paper:
    return Paper(id=pid, title=title, abstract=abstract, topics=list(topics), tags=list(tags), published=published)


def test_related_papers_are_similar_ranked_capped_and_tie_broken_by_id() -> None:
    base = "paged attention kv cache eviction for serving long prompts"
    papers = [_paper(f"p{i}", f"Cache paper {i}", base) for i in range(7)]
    papers += [_paper("q", "Watermarks for text", "a watermark hidden in sampled tokens survives paraphrase attacks"),
               _paper("r", "Watermark robustness", "paraphrase attacks against a sampled watermark")]
    # Unrelated papers, so that the cache papers' words are not common to most of the catalog.
    papers += [_paper(f"z{i}", f"Topic {word}", f"{word} studied alone") for i, word in
               enumerate(["apples", "bridges", "comets", "deserts", "engines", "forests"])]
    related = related_papers(papers)
    # Identical abstracts tie; the tie goes to the smaller id, and at most MAX_RELATED are kept.
    assert [r.id for r in related["p0"]] == ["p1", "p2", "p3", "p4", "p5"][:MAX_RELATED]
    assert [r.id for r in related["q"]] == ["r"]
    assert all(r.id.startswith("p") for r in related["p6"])
    assert related_papers(list(reversed(papers))) == related


def test_no_related_papers_when_nothing_is_shared() -> None:
    assert related_papers([_paper("a", "Alpha", "apples"), _paper("b", "Beta", "bananas"), _paper("c", "Gamma", "cherries")]) == {}
    assert related_papers([_paper("a", "Alpha", "apples")]) == {}


def _catalog() -> Catalog:
    papers = [
        _paper("2403.00001", "March paper", "kv cache eviction", tags=["kv-cache"], published=dt.date(2024, 3, 5)),
        _paper("2403.00002", "Another March paper", "kv cache paging", topics=["compression", "serving"],
               tags=["kv-cache", "quantization"]),
        _paper("2312.00003", "December paper", "quantization", topics=["compression"], published=dt.date(2023, 12, 1)),
        _paper("undated", "Undated paper", "agents", topics=["agents"]),
    ]
    return build_catalog(papers, load_topics(REPO / "data"))


def _fill(name: str) -> str:
    return render_site(_catalog()).fills[name].content


def test_timeline_groups_by_year_and_month_newest_first_with_undated_last() -> None:
    page = _fill("timeline/index.html")
    headings = re.findall(r'<h([23]) id="([\w-]+)">([^<]+)</h[23]>', page)
    assert headings == [("2", "year_2024", "2024"), ("3", "month_2024-03", "March 2024"),
                        ("2", "year_2023", "2023"), ("3", "month_2023-12", "December 2023"),
                        ("2", "year_undated", "Undated")]
    # The table of contents names the years, not every month.
    assert front_matter(render_pages(_catalog())["timeline.md"])["sections"] == [
        {"id": "year_2024", "title": "2024"}, {"id": "year_2023", "title": "2023"},
        {"id": "year_undated", "title": "Undated"}]
    entry = re.search(r'<li class="paper-entry" data-paper="2403.00001">.*?</li>', page).group(0)
    assert '<a class="paper-title" href="../papers/2403.00001/">March paper</a>' in entry
    assert "5 Mar 2024 · Inference &amp; Serving" in entry
    assert "search:\n  exclude: true" in render_pages(_catalog())["timeline.md"]


def test_tag_pages_list_papers_and_the_index_counts_them() -> None:
    pages = render_pages(_catalog())
    assert {name for name in pages if name.startswith("tags/")} == {"tags/index.md", "tags/kv-cache.md", "tags/quantization.md"}
    kv = _fill("tags/kv-cache/index.html")
    assert "2 papers tagged <em>kv-cache</em>" in kv
    assert kv.index('href="../../papers/2403.00001/"') < kv.index('href="../../papers/2403.00002/"')
    assert "- [kv-cache](kv-cache.md) · 2 papers" in pages["tags/index.md"]
    assert front_matter(pages["tags/kv-cache.md"])["sections"] == [{"id": "year_2024", "title": "2024"},
                                                                    {"id": "year_undated", "title": "Undated"}]


def test_a_topic_pages_table_of_contents_is_its_sections_and_years() -> None:
    pages, fills = render_pages(_catalog()), render_site(_catalog()).fills
    assert front_matter(pages["topics/serving.md"])["sections"] == [
        {"id": "papers_here", "title": "Papers", "sections": [{"id": "year_2024", "title": "2024"}]},
        {"id": "also_relevant", "title": "Also relevant"},
        {"id": "related_topics", "title": "Related topics"}]
    compression = front_matter(pages["topics/compression.md"])["sections"]
    assert [s["id"] for s in compression] == ["papers_here", "related_topics"]
    assert [s["title"] for s in compression[0]["sections"]] == ["2023", "Undated"]
    # Every section the table of contents names is a heading of the filled page, in the same order.
    for slug in ("serving", "compression"):
        content = fills[f"topics/{slug}/index.html"].content
        toc = [(s["id"], *[c["id"] for c in s.get("sections", [])]) for s in front_matter(pages[f"topics/{slug}.md"])["sections"]]
        assert re.findall(r'<h[23] id="([\w-]+)">', content) == [anchor for section in toc for anchor in section]


def test_topics_carry_the_taxonomys_order_for_the_sidebar() -> None:
    pages = render_pages(_catalog())
    taxonomy = [t.slug for t in load_topics(REPO / "data")]
    orders = {slug: front_matter(pages[f"topics/{slug}.md"])["nav_order"] for slug in taxonomy}
    assert sorted(taxonomy, key=orders.get) == taxonomy
    assert taxonomy != sorted(taxonomy)  # or the test could not tell the two orders apart


def test_topic_pages_end_with_topics_sharing_papers() -> None:
    page = _fill("topics/compression/index.html")
    assert page.rstrip().endswith('<h2 id="related_topics">Related topics</h2>\n<ul class="related-topics">\n'
                                  '<li><a href="../../topics/serving/">Inference &amp; Serving</a>: 1 paper in common</li>\n</ul>')
    assert "Related topics" not in _fill("topics/agents/index.html")


def test_long_lists_are_split_into_pages_linked_to_each_other() -> None:
    papers = [_paper(f"2403.{n:05d}", f"Paper {n}", "kv cache", tags=["kv-cache"]) for n in range(PAGE_SIZE + 3)]
    site = render_site(build_catalog(papers, load_topics(REPO / "data")))
    assert front_matter(site.pages["topics/serving/page-2.md"])["title"] == "Inference &amp; Serving (page 2 of 2)"
    first, second = site.fills["topics/serving/index.html"].content, site.fills["topics/serving/page-2/index.html"].content
    assert first.count('class="paper-entry"') == PAGE_SIZE and second.count('class="paper-entry"') == 3
    assert '<a href="page-2/">2</a>' in first and '<a href="../">1</a>' in second
    assert f'href="../../../papers/2403.{PAGE_SIZE + 2:05d}/"' in second
    assert "tags/kv-cache/page-2.md" in site.pages
    # In the nav, every later page would be repeated on every page of the site: thirty thousand papers made 3.8 GB.
    not_in_nav = load_config(str(REPO / "mkdocs.yml"))["not_in_nav"]
    later = [path for path in site.pages if path.rsplit("/", 1)[-1].startswith("page-")]
    assert {"topics/serving/page-2.md", "tags/kv-cache/page-2.md", "timeline/page-2.md"} <= set(later)
    assert [path for path in later if not not_in_nav.match_file(path)] == []


def test_related_topics_count_the_papers_two_topics_share_each_once() -> None:
    from generator.site.crosslinks import related_topics

    papers = [_paper("2401.00001", "a", "x", topics=("serving", "compression", "trust")),
              _paper("2401.00002", "b", "x", topics=("compression", "serving", "serving")),
              _paper("2401.00003", "c", "x", topics=("unknown-topic", "serving", "trust")),
              _paper("2401.00004", "d", "x", topics=("trust", "unknown-topic")),
              _paper("2401.00005", "e", "x", topics=("agents",))]
    catalog = build_catalog(papers, load_topics(REPO / "data"), related={})
    shared = {topic.slug: [(other.slug, n) for other, n in related_topics(catalog, topic)] for topic in catalog.topics}
    assert dict(shared["serving"]) == {"compression": 2, "trust": 2}
    assert dict(shared["trust"]) == {"serving": 2, "compression": 1} and dict(shared["compression"]) == {"serving": 2, "trust": 1}
    assert shared["agents"] == []
