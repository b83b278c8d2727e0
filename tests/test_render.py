"""Rendering without MkDocs: escaping, anchors, order, determinism, and the writer's care with docs/."""

from __future__ import annotations

import os
import random
import re

import pytest
import yaml

from conftest import REPO, make_papers
from generator.catalog import Catalog, build_catalog
from generator.model import Links, Paper
from generator.site.cards import authors_text, compact_entry, display_date, paper_links
from generator.site.markdown_text import html_text, md_text, safe_url
from generator.site.fill import SHELL_FILE
from generator.site.pages import GENERATED_PATHS, render_pages, render_site
from generator.site.paper_page import render_paper_page
from generator.site.writer import write_pages


def front_matter(page: str) -> dict:
    _, front, _ = page.split("---\n", 2)
    return yaml.safe_load(front)


# --- escaping helpers ---------------------------------------------------------------------------


def test_md_text_turns_every_markdown_character_into_an_entity() -> None:
    special = "&<>\\`*_{}[]()#+!|~^=$:\"'"
    escaped = md_text(special)
    assert re.fullmatch(r"(&#\d+;)+", escaped)
    assert len(re.findall("&#", escaped)) == len(special)


def test_md_text_collapses_whitespace_and_drops_markdown_placeholders() -> None:
    assert md_text("  two\n\nlines\tand  \x02wzxhzdk:0\x03 ") == "two lines and wzxhzdk&#58;0"


def test_html_text_escapes_markup_and_quotes() -> None:
    assert html_text('<img src=x onerror="a">\n& \'it\'') == "&lt;img src=x onerror=&quot;a&quot;&gt; &amp; &#x27;it&#x27;"


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,<script>", "vbscript:x", "ftp://example.org",
     "//example.org/x", "jav\tascript:alert(1)", "/relative/path", ""],
)
def test_safe_url_refuses_anything_but_http(url: str) -> None:
    assert safe_url(url) is None


def test_safe_url_keeps_http_and_encodes_what_could_break_out() -> None:
    assert safe_url(" HTTPS://Example.org/a b ") == "HTTPS://Example.org/a%20b"
    assert safe_url("https://x.org/\"'<>`\\\x00") == "https://x.org/%22%27%3C%3E%60%5C%00"
    assert safe_url("https://en.wikipedia.org/wiki/Foo_(bar)?q=1&r=2#s") == "https://en.wikipedia.org/wiki/Foo_(bar)?q=1&r=2#s"


# --- cards --------------------------------------------------------------------------------------


def test_entry_title_is_escaped_anchored_and_linked_to_the_paper_page(catalog: Catalog) -> None:
    entry = compact_entry(catalog.by_id["2401.05561"], "../../", anchor=True)
    assert entry.startswith('<li class="paper-entry" id="2401.05561" data-paper="2401.05561">')
    title = re.search(r'<a class="paper-title" href="../../papers/2401.05561/">(.*?)</a>', entry).group(1)
    assert "×" in title and "Italic" in title and "\\it" not in title
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in title and "<script" not in entry
    assert 'id="' not in compact_entry(catalog.by_id["2401.05561"], "../../")


def test_paper_page_has_the_abstract_as_escaped_text(catalog: Catalog) -> None:
    page = render_paper_page(catalog, catalog.by_id["2401.05561"])
    block = re.search(r'<p class="paper-abstract">(.*?)</p>', page).group(1)
    assert "&lt;img src=x onerror=alert(1)&gt;" in block
    assert "H₂O is bold, 54.6% cheaper. See our page." in block
    assert "<img" not in page and "<script" not in page


def test_unsafe_links_are_dropped_and_breakouts_encoded(catalog: Catalog) -> None:
    paper = Paper(
        id="2401.00002",
        arxiv="2401.00002",
        title="Links",
        links=Links(code=["JavaScript:alert(1)"], project="javascript:alert(1)", other=["data:text/html,x"]),
    )
    assert [label for label, _ in paper_links(paper)] == ["arXiv:2401.00002", "PDF"]
    assert "javascript" not in compact_entry(paper, "").lower()
    assert "javascript" not in render_paper_page(catalog, paper).lower()
    urls = dict(paper_links(catalog.by_id["2401.05561"]))
    assert urls["example.org"] == "https://example.org/a%22%3E%3Cscript%3Ealert(2)%3C/script%3E"


def test_links_line_names_every_kind(catalog: Catalog) -> None:
    labels = [label for label, _ in paper_links(catalog.by_id["2401.05561"])]
    assert labels == ["arXiv:2401.05561", "PDF", "Code", "Hugging Face", "example.org"]
    assert dict(paper_links(catalog.by_id["2310.16355"]))["Project page"] == "https://example.org/project"
    # Without an arXiv id there is nothing to link to, and no Hugging Face page is invented.
    assert paper_links(catalog.by_id["a-paper-without-arxiv"]) == []


def test_dates_say_how_they_are_known(catalog: Catalog) -> None:
    assert display_date(catalog.by_id["2401.05561"]) == "10 Jan 2024"
    assert display_date(catalog.by_id["2402.00001"]) == "Feb 2024 (arXiv)"
    assert display_date(catalog.by_id["a-paper-without-arxiv"]) is None


def test_entry_and_page_metadata_tags_and_notes(catalog: Catalog) -> None:
    nasty = compact_entry(catalog.by_id["2401.05561"], "../../")
    assert '<span class="paper-meta">8 authors · 10 Jan 2024 · FPGA&#x27;24</span>' in nasty
    assert ('<a class="paper-tag" href="../../tags/benchmark/">benchmark</a> '
            '<a class="paper-tag" href="../../tags/survey/">survey</a>') in nasty
    page = render_paper_page(catalog, catalog.by_id["2401.05561"])
    assert "8 authors · 10 Jan 2024 · FPGA&#x27;24 · 12 upvotes" in page
    assert ('Topics: <a href="../../topics/serving/">Inference &amp; Serving</a>, '
            '<a href="../../topics/trust/">Trustworthiness</a>') in page
    assert "@inproceedings{nasty2024," in page
    derived = render_paper_page(catalog, catalog.by_id["a-paper-without-arxiv"])
    assert "Ada Lovelace" in derived and "Derived title" in derived
    assert "Derived title" not in page


def test_lists_name_three_authors_and_the_page_names_all() -> None:
    many = Paper(id="x", title="T", authors=["A. One", "B. Two", "C. Three", "D. Four"])
    assert authors_text(many) == "A. One, B. Two, C. Three et al."
    assert authors_text(many, limit=None) == "A. One, B. Two, C. Three, D. Four"
    assert authors_text(Paper(id="y", title="T", authors=["A <b>"])) == "A &lt;b&gt;"
    assert authors_text(Paper(id="z", title="T", authors_count=9)) == "9 authors"
    assert authors_text(Paper(id="w", title="T")) is None


def test_every_listed_paper_has_a_page_filled_from_the_shell(catalog: Catalog) -> None:
    fills = render_site(catalog).fills
    papers = {name for name in fills if name.startswith("papers/")}
    assert papers == {f"papers/{p.id}/index.html" for p in catalog.papers}
    fill = fills["papers/2402.00001/index.html"]
    assert fill.source == SHELL_FILE and fill.title == "Fast Serving with Paged KV Caches"
    assert "&lt;script&gt;" in fills["papers/2401.05561/index.html"].title


# --- pages --------------------------------------------------------------------------------------


def test_pages_cover_home_topic_index_and_every_topic(catalog: Catalog) -> None:
    pages = render_pages(catalog)
    tags = {"benchmark", "kv-cache", "survey"}
    expected = {
        "index.md", "topics/index.md", *(f"topics/{t.slug}.md" for t in catalog.topics),
        "tags/index.md", *(f"tags/{tag}.md" for tag in tags), "timeline.md",
        "browse/index.md", "downloads/index.md", "downloads/feeds.md", "papers/_shell.md",
    }
    assert {name for name in pages if name.endswith(".md")} == expected


def test_every_page_ends_with_exactly_one_newline(catalog: Catalog) -> None:
    for name, text in render_pages(catalog).items():
        if not text:
            continue  # the BibTeX file of a topic without papers is empty
        assert text.endswith("\n") and not text.endswith("\n\n"), name


def _topic(catalog: Catalog, slug: str) -> str:
    return render_site(catalog).fills[f"topics/{slug}/index.html"].content


def test_topic_page_lists_its_papers_newest_first_with_anchors(catalog: Catalog) -> None:
    page = _topic(catalog, "serving").split('<h2 id="also_relevant">')[0]
    anchors = re.findall(r'<li class="paper-entry" id="([a-z0-9.-]+)"', page)
    # 2402.00001 is dated by its arXiv month (Feb 2024); the undated slug paper comes last.
    assert anchors == ["2402.00001", "2401.05561", "a-paper-without-arxiv"]


def test_secondary_papers_link_to_their_page_without_an_anchor(catalog: Catalog) -> None:
    also = _topic(catalog, "serving").split('<h2 id="also_relevant">', 1)[1]
    assert 'href="../../papers/2312.11111/"' in also
    assert 'id="2312.11111"' not in also
    assert "also_relevant" not in _topic(catalog, "compression")


def test_topic_stub_has_its_title_and_the_slot(catalog: Catalog) -> None:
    pages = render_pages(catalog)
    front = front_matter(pages["topics/serving.md"])
    # No tags: Material would show front-matter tags as chips above the title.
    assert front["title"] == "Inference &amp; Serving" and "tags" not in front
    assert pages["topics/serving.md"].rstrip().endswith('<div class="generated-fill"><!--/generated-fill--></div>')
    assert "No papers yet." in _topic(catalog, "training")


def test_home_page_counts_and_links_every_topic(catalog: Catalog) -> None:
    home = render_pages(catalog)["index.md"]
    assert "# LLM Reading List" in home
    assert "5 papers on large language models, sorted into 15 topics" in home
    assert "-   [**Inference &#38; Serving**](topics/serving.md)\n\n    3 papers · 1 also relevant" in home
    for topic in catalog.topics:
        assert f"](topics/{topic.slug}.md)" in home


def test_rendering_is_deterministic(catalog: Catalog) -> None:
    shuffled = make_papers()
    random.Random(7).shuffle(shuffled)
    again = build_catalog(shuffled, catalog.topics, catalog.tag_groups)
    assert render_site(catalog) == render_site(again)


# --- writer -------------------------------------------------------------------------------------


def test_writer_writes_then_leaves_unchanged_pages_alone(tmp_path, catalog: Catalog) -> None:
    pages = render_pages(catalog)
    first = write_pages(tmp_path, pages, GENERATED_PATHS)
    assert (first.written, first.unchanged, first.removed) == (len(pages), 0, 0)
    page = tmp_path / "topics" / "serving.md"
    assert page.read_text(encoding="utf-8") == pages["topics/serving.md"]
    os.utime(page, ns=(1, 1))
    second = write_pages(tmp_path, pages, GENERATED_PATHS)
    assert (second.written, second.unchanged, second.removed) == (0, len(pages), 0)
    assert page.stat().st_mtime_ns == 1


def test_writer_removes_stale_generated_files_only(tmp_path, catalog: Catalog) -> None:
    pages = render_pages(catalog)
    write_pages(tmp_path, pages, GENERATED_PATHS)
    stale = [tmp_path / "topics" / "retired-topic.md", tmp_path / "topics" / "old" / "deep.md"]
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("old\n", encoding="utf-8")
    hand_written = tmp_path / "about.md"
    hand_written.write_text("# About\n", encoding="utf-8")

    counts = write_pages(tmp_path, pages, GENERATED_PATHS)
    assert counts.removed == 2
    assert not any(path.exists() for path in stale)
    assert not (tmp_path / "topics" / "old").exists()
    assert hand_written.read_text(encoding="utf-8") == "# About\n"

    del pages["index.md"]
    assert write_pages(tmp_path, pages, GENERATED_PATHS).removed == 1
    assert not (tmp_path / "index.md").exists()


@pytest.mark.parametrize("name", ["about.md", "../outside.md", "topicsx/a.md", "/etc/x.md"])
def test_writer_refuses_pages_outside_generated_paths(tmp_path, name: str) -> None:
    with pytest.raises(ValueError, match="outside the generated paths"):
        write_pages(tmp_path, {name: "x\n"}, GENERATED_PATHS)
    assert not any(tmp_path.iterdir())


def test_generated_paths_are_git_ignored() -> None:
    ignored = (REPO / ".gitignore").read_text(encoding="utf-8").splitlines()
    for path in GENERATED_PATHS:
        assert f"/docs/{path}" in ignored or f"/docs/{path}/" in ignored, path
