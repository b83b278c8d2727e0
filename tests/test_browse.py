"""The browse pages, their index and chunks: every paper listed without JavaScript, one index entry per paper."""

from __future__ import annotations

import json

import bibtexparser
from bs4 import BeautifulSoup

from conftest import make_papers
from generator.catalog import Catalog, build_catalog
from generator.model import Links, Paper
from generator.site.bibtex import bibtex_file, citation_keys
from generator.site.browse_words import fold
from generator.site.browse import (BIBTEX_CHUNKS, BROWSE_INDEX, BROWSE_PAGE, BROWSE_WORDS, CHUNK_SERIES, CHUNK_SIZE,
                                   LINK_CHUNK_SIZE, LINK_CHUNKS, RECORD_CHUNKS, TEXT_CHUNKS, chunk_path, page_path,
                                   render_browse)
from generator.site.exports import paper_record
from generator.site.fill import built_file
from generator.site.lists import PAGE_SIZE
from test_render import front_matter


def _browse(catalog: Catalog) -> tuple[dict[str, str], str]:
    """The docs/ files (stubs, index, chunks) and the first page's filled content."""
    pages, fills = render_browse(catalog)
    return pages, fills[built_file(BROWSE_PAGE)].content


def _rows(index: dict) -> dict[str, dict]:
    """The index's columns as one dict per paper, by id."""
    columns = [name for name, value in index.items() if isinstance(value, list) and len(value) == index["count"]
               and name not in ("topics", "tags", "venues")]
    return {paper_id: {name: index[name][n] for name in columns} for n, paper_id in enumerate(index["id"])}


def test_index_has_an_entry_for_each_list_item_in_the_same_order(catalog: Catalog) -> None:
    out, content = _browse(catalog)
    index = json.loads(out[BROWSE_INDEX])
    items = BeautifulSoup(content, "html.parser").select(".browse-list li")
    assert [li["data-paper"] for li in items] == [li.a["href"].split("/")[-2] for li in items]
    assert index["id"] == [li["data-paper"] for li in items] == [p.id for p in catalog.papers]
    assert index["count"] == len(catalog.papers)


def test_index_holds_what_the_filters_and_the_cards_need(catalog: Catalog) -> None:
    index = json.loads(_browse(catalog)[0][BROWSE_INDEX])
    assert index["topics"][0] == ["serving", "Inference & Serving"]
    assert index["tags"] == ["benchmark", "kv-cache", "survey"] and index["venues"] == ["FPGA'24"]
    rows = _rows(index)
    nasty = rows["2401.05561"]
    assert nasty == {
        "id": "2401.05561", "arxiv": 1, "title": "Nasty × Italic <script>alert(1)</script> | pipe * star [bracket `tick`",
        "authors": [], "author_total": 8, "date": "2024-01-10", "venue": 0,
        "topics_of": [index["topics"].index(["serving", "Inference & Serving"]),
                      [t[0] for t in index["topics"]].index("trust")],
        "tags_of": [0, 2], "code": 1, "upvotes": 12,
        # arXiv, PDF and Hugging Face are made from the id by the script; the others' addresses are in link chunks.
        "links": ["a", "p", ["Code"], "h", ["example.org"]],
    }
    assert rows["a-paper-without-arxiv"]["authors"] == ["Ada Lovelace"] and rows["a-paper-without-arxiv"]["arxiv"] is None
    assert rows["a-paper-without-arxiv"]["date"] is None and rows["a-paper-without-arxiv"]["upvotes"] is None
    assert rows["2402.00001"]["date"] == "2024-02"  # from the arXiv month
    assert rows["2310.16355"]["links"] == ["a", "p", ["Project page"]]


def test_chunks_hold_abstracts_bibtex_and_records_in_the_index_order(catalog: Catalog) -> None:
    out, _ = _browse(catalog)
    text = json.loads(out[chunk_path(TEXT_CHUNKS, 0)])
    ids = [p.id for p in catalog.papers]
    nasty = ids.index("2401.05561")
    assert "<img src=x onerror=alert(1)>" in text["abstracts"][nasty] and "H₂O" in text["abstracts"][nasty]
    assert list(text) == ["abstracts"]  # the authors are searched in the word index, and shown from the index
    # The addresses of the links the index gives by label, in its order; the breakout URL stays encoded.
    addresses = json.loads(out[chunk_path(LINK_CHUNKS, 0)])
    assert addresses[nasty] == ["https://github.com/example/nasty",
                                "https://example.org/a%22%3E%3Cscript%3Ealert(2)%3C/script%3E"]
    labels = [[code for code in links if isinstance(code, list)] for links in json.loads(out[BROWSE_INDEX])["links"]]
    assert list(map(len, addresses)) == list(map(len, labels))
    entries = json.loads(out[chunk_path(BIBTEX_CHUNKS, 0)])
    keys = citation_keys(catalog.papers)
    # The entries are papers.bib's own: joined in id order, they are papers.bib.
    by_id = dict(zip(ids, entries))
    assert "\n".join(by_id[i] for i in sorted(ids)) == bibtex_file(catalog.papers, keys)
    assert not bibtexparser.parse_string("\n".join(entries)).failed_blocks
    records = json.loads(out[chunk_path(RECORD_CHUNKS, 0)])
    assert records == [json.loads(json.dumps(paper_record(p))) for p in catalog.papers]


def _word_lists(out: dict[str, str]) -> dict[str, list[int]]:
    """The word index decoded: each word with the positions of the papers that hold it."""
    index = json.loads(out[BROWSE_WORDS])
    words = index["words"].split("\n") if index["words"] else []
    decoded: dict[str, list[int]] = {word: [] for word in words}
    lists = index["papers"].split(";")
    assert len(lists) == index["count"]
    for position, numbers in enumerate(lists):
        number = 0
        for gap in filter(None, numbers.split(",")):
            number += int(gap)
            decoded[words[number]].append(position)
    return decoded


def test_word_index_lists_each_folded_word_of_authors_and_abstracts_with_its_papers(catalog: Catalog) -> None:
    out, _ = _browse(catalog)
    words, ids = _word_lists(out), [p.id for p in catalog.papers]
    assert list(words) == sorted(words) and all(w and not any(c.isspace() for c in w) for w in words)
    assert all(papers and papers == sorted(set(papers)) for papers in words.values())
    # Every paper's text, searched whole for a word, finds what a search of its words finds.
    text = json.loads(out[chunk_path(TEXT_CHUNKS, 0)])["abstracts"]
    for n, paper in enumerate(catalog.papers):
        hay = fold(" ".join([*paper.authors, text[n]]))
        for query in ("h2o", "lovelace", "onerror", "quanti", "the", "zzz", "levy"):
            in_words = any(query in word and n in papers for word, papers in words.items())
            assert in_words == (query in hay), (paper.id, query)
    assert ids.index("2401.05561") in words["h2o"]  # H₂O, folded as the script folds a query
    assert words["lovelace"] == [ids.index("a-paper-without-arxiv")]


def test_word_index_of_papers_without_text(catalog: Catalog) -> None:
    papers = [Paper(id=f"2403.{n:05d}", arxiv=f"2403.{n:05d}", title=f"Paper {n}", topics=["serving"]) for n in range(3)]
    out, _ = _browse(build_catalog(papers, catalog.topics))
    assert json.loads(out[BROWSE_WORDS]) == {"count": 3, "words": "", "papers": ";;"}


def test_chunks_split_a_long_list(catalog: Catalog) -> None:
    papers = [Paper(id=f"2403.{n:05d}", arxiv=f"2403.{n:05d}", title=f"Paper {n}", topics=["serving"])
              for n in range(CHUNK_SIZE + 3)]
    out, _ = _browse(build_catalog(papers, catalog.topics))
    index = json.loads(out[BROWSE_INDEX])
    assert index["chunk"] == CHUNK_SIZE
    for series in CHUNK_SERIES:
        assert chunk_path(series, 1) in out and chunk_path(series, 2) not in out
    assert index["link_chunk"] == LINK_CHUNK_SIZE >= CHUNK_SIZE + 3
    assert len(json.loads(out[chunk_path(LINK_CHUNKS, 0)])) == CHUNK_SIZE + 3 and chunk_path(LINK_CHUNKS, 1) not in out
    assert len(json.loads(out[chunk_path(RECORD_CHUNKS, 1)])) == 3
    assert json.loads(out[chunk_path(RECORD_CHUNKS, 1)])[0]["id"] == index["id"][CHUNK_SIZE]


def test_page_is_left_out_of_search_and_its_form_waits_for_the_script(catalog: Catalog) -> None:
    pages, content = _browse(catalog)
    assert front_matter(pages[BROWSE_PAGE]) == {"title": "Browse", "search": {"exclude": True},
                                               "hide": ["navigation", "toc"]}
    soup = BeautifulSoup(content, "html.parser")
    form = soup.find("form", class_="browse-filters")
    assert form.has_attr("hidden") and form["data-index"] == "index.json"
    assert [f["name"] for f in form.find_all(["select", "input"])] == ["query", "code", "sort"]
    assert form.find("label", attrs={"for": "browse-q"}) and soup.find(id="browse-q-hint")
    facets = {d["data-facet"]: d for d in form.find_all("details")}
    assert list(facets) == ["topic", "tag", "year", "venue"]
    topics = [(b["data-value"], b.find(class_="browse-chip-label").get_text(), b.find(class_="browse-chip-count").get_text())
              for b in facets["topic"].find_all("button")]
    assert topics[:2] == [("serving", "Inference & Serving", "4"),
                          ("compression", "Compression: quantization, pruning, distillation", "2")]
    assert all(b["aria-pressed"] == "false" and b["type"] == "button" for b in form.find_all("button", class_="browse-chip"))
    assert [b["data-value"] for b in facets["year"].find_all("button")] == ["2024", "2023"]
    assert soup.find(class_="browse-count")["role"] == "status"
    assert soup.find("script")["src"] == "../javascripts/browse.js"


def test_chip_values_match_the_index_for_hostile_and_untidy_text(catalog: Catalog) -> None:
    paper = Paper(id="2405.00001", arxiv="2405.00001", title="T", topics=["serving"], venue='  A<b>"  \n venue ',
                  tags=["x&y"], links=Links(code=["https://github.com/a/b"]))
    out, content = _browse(build_catalog([*make_papers(), paper], catalog.topics))
    form = BeautifulSoup(content, "html.parser").find("form")
    venues = [b["data-value"] for b in form.find("details", attrs={"data-facet": "venue"}).find_all("button")]
    assert venues == ['A<b>" venue', "FPGA'24"]
    index = json.loads(out[BROWSE_INDEX])
    assert set(venues) == set(index["venues"]) and "x&y" in index["tags"]
    assert "<b>" not in content


def test_list_items_say_authors_date_venue_and_topic(catalog: Catalog) -> None:
    item = BeautifulSoup(_browse(catalog)[1], "html.parser").find("li", attrs={"data-paper": "2401.05561"})
    facts = [span.get_text() for span in item.find_all("span", class_="paper-meta")]
    assert facts == ["8 authors · 10 Jan 2024 · FPGA'24 · Inference & Serving"]


def test_a_long_list_is_listed_whole_on_static_pages(catalog: Catalog) -> None:
    papers = [Paper(id=f"2403.{n:05d}", arxiv=f"2403.{n:05d}", title=f"Paper {n}", topics=["serving"])
              for n in range(PAGE_SIZE + 2)]
    pages, fills = render_browse(build_catalog(papers, catalog.topics))
    first = BeautifulSoup(fills[built_file(BROWSE_PAGE)].content, "html.parser")
    second = BeautifulSoup(fills[built_file(page_path(2))].content, "html.parser")
    listed = [li["data-paper"] for soup in (first, second) for li in soup.select(".browse-list li")]
    assert listed == json.loads(pages[BROWSE_INDEX])["id"] and len(set(listed)) == PAGE_SIZE + 2
    assert [a["href"] for a in first.select("nav.list-pager a")] == ["page-2/"] * 2
    assert [a["href"] for a in second.select("nav.list-pager a")] == ["../"] * 2
    assert front_matter(pages[page_path(2)])["title"] == "Browse (page 2 of 2)"
    assert not second.find("form") and not second.find("script")
    assert f"The newest {PAGE_SIZE} of {PAGE_SIZE + 2} papers" in str(first)


def test_an_edit_writes_only_the_chunk_that_holds_the_paper(catalog: Catalog, monkeypatch) -> None:
    from generator.catalog import Fragments
    from generator.site import browse

    papers = [Paper(id=f"2403.{n:05d}", arxiv=f"2403.{n:05d}", title=f"Paper {n}", abstract=f"Abstract {n}.",
                  topics=["serving"]) for n in range(CHUNK_SIZE + 3)]
    memo = Fragments(digests={p.id: f"hash-{p.id}" for p in papers})
    before, _ = render_browse(build_catalog(papers, catalog.topics, memo=memo))
    made, chunk_files = [], browse._chunk_files
    monkeypatch.setattr(browse, "_chunk_files", lambda chunk, *args: made.append(chunk[0].id) or chunk_files(chunk, *args))
    edited = papers[-1]
    edited.abstract = "An edited abstract."
    memo.digests[edited.id] = "hash-edited"
    after, _ = render_browse(build_catalog(papers, catalog.topics, memo=memo))
    # One arXiv month, so in id order: the edited paper is in the second chunk, which alone is made again.
    assert made == [json.loads(before[BROWSE_INDEX])["id"][CHUNK_SIZE]]
    assert after[chunk_path(TEXT_CHUNKS, 0)] == before[chunk_path(TEXT_CHUNKS, 0)]
    # What the kept chunks make (the word index of the whole list among it) is what a render from nothing makes.
    assert after == render_browse(build_catalog(papers, catalog.topics))[0]
