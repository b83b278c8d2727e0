"""Related papers, tag pages and the timeline, rendered without MkDocs."""

from __future__ import annotations

import datetime as dt

from conftest import REPO
from generator.catalog import Catalog, build_catalog
from generator.curate.related import MAX_RELATED, related_papers
from generator.model import Paper
from generator.site.pages import render_pages
from generator.store import load_topics


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


def test_timeline_groups_by_month_newest_first_with_undated_last() -> None:
    page = render_pages(_catalog())["timeline.md"]
    headings = [line for line in page.splitlines() if line.startswith("## ")]
    assert headings == ["## March 2024 { #month_2024-03 }", "## December 2023 { #month_2023-12 }", "## Undated { #undated }"]
    assert "- [March paper](topics/serving.md#2403.00001) · Inference &#38; Serving · 5 Mar 2024" in page
    assert "search:\n  exclude: true" in page


def test_tag_pages_list_papers_and_the_index_counts_them() -> None:
    pages = render_pages(_catalog())
    assert {name for name in pages if name.startswith("tags/")} == {"tags/index.md", "tags/kv-cache.md", "tags/quantization.md"}
    kv = pages["tags/kv-cache.md"]
    assert "2 papers tagged *kv-cache*" in kv
    assert kv.index("(../topics/serving.md#2403.00001)") < kv.index("(../topics/compression.md#2403.00002)")
    assert "- [kv-cache](kv-cache.md) · 2 papers" in pages["tags/index.md"]


def test_topic_pages_end_with_topics_sharing_papers() -> None:
    page = render_pages(_catalog())["topics/compression.md"]
    assert page.rstrip().endswith("## Related topics { #related_topics }\n\n- [Inference &#38; Serving](serving.md): 1 paper in common")
    assert "Related topics" not in render_pages(_catalog())["topics/agents.md"]
