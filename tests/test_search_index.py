"""The lean search index: one entry per paper page, its size capped, merged into a real MkDocs build's index."""

from __future__ import annotations

import gzip
import html
import json
from pathlib import Path

import pytest

from conftest import NASTY_TITLE, make_papers
from generator.model import Paper
from generator.site import search_index
from generator.site.search_index import paper_entries, render_papers_index, short_name


@pytest.fixture
def built(published_site: Path) -> Path:
    """The site/ of the shared five-paper build (conftest.py); the index does not depend on the site's address."""
    return published_site


def _index(built: Path) -> dict:
    return json.loads((built / "search" / "search_index.json").read_text(encoding="utf-8"))


def test_short_names() -> None:
    assert short_name("QuIP: 2-Bit Quantization of Large Language Models") == "QuIP"
    assert short_name("Flash Attention 2: Faster Attention") == "Flash Attention 2"
    assert short_name("Attention Is All You Need") is None
    assert short_name("A study of many things at once: why") is None


def test_one_entry_per_paper_page_and_no_section_entries(built) -> None:
    index = _index(built)
    locations = [doc["location"] for doc in index["docs"]]
    papers = [loc for loc in locations if loc.startswith("papers/")]
    assert sorted(papers) == sorted(f"papers/{p.id}/" for p in make_papers())
    assert not [loc for loc in locations if "#" in loc]
    assert not (built / search_index.PAPERS_INDEX).exists()


def test_names_rank_above_tags_and_pages_below_papers(built) -> None:
    index = _index(built)
    fields = index["config"]["fields"]
    assert fields[search_index.NAME_FIELD]["boost"] > fields["tags"]["boost"] > fields["title"]["boost"]
    pages = [doc for doc in index["docs"] if not doc["location"].startswith("papers/")]
    assert pages and all(doc["boost"] < 1 and len(doc["text"]) <= search_index.PAGE_TEXT for doc in pages)
    assert all("boost" not in doc for doc in index["docs"] if doc["location"].startswith("papers/"))


def test_short_name_and_id_are_searchable_and_text_is_escaped(built) -> None:
    docs = {doc["location"]: doc for doc in _index(built)["docs"]}
    # One spelling each: the search worker folds "H₂O" and "H2O" alike.
    assert docs["papers/2312.11111/"][search_index.NAME_FIELD].split() == ["H₂O", "2312.11111"]
    # A slug id is no name a reader types; the authors have a field of their own.
    slugged = docs["papers/a-paper-without-arxiv/"]
    assert slugged[search_index.NAME_FIELD] == "" and slugged[search_index.AUTHORS_FIELD] == "Ada Lovelace"
    fields = _index(built)["config"]["fields"]
    assert fields[search_index.AUTHORS_FIELD]["boost"] == fields[search_index.NAME_FIELD]["boost"]
    nasty = docs["papers/2401.05561/"]
    assert "<script>" not in nasty["title"] and "<img" not in nasty["text"]
    assert "alert(1)</script>" in html.unescape(nasty["title"])
    assert docs["papers/2402.00001/"]["tags"] == ["kv-cache"]


def _many(count: int) -> list[Paper]:
    words = "attention cache sparse quantized agent reward retrieval memory kernel decoding".split()
    return [Paper(id=f"25{n % 12 + 1:02d}.{n:05d}", title=f"Name{n}: " + " ".join(words[(n + k) % 10] for k in range(8)),
                  abstract=" ".join(words[(n * k) % 10] for k in range(200)), authors=[f"Author {n}", "B C"],
                  tags=["kv-cache"], topics=["serving"]) for n in range(count)]


def test_abstracts_give_way_as_the_catalog_grows_and_the_size_stays_capped() -> None:
    small, large = paper_entries(_many(50)), paper_entries(_many(20_000))
    assert all("—" in e["text"] and "tags" in e for e in small)
    assert all(e["text"] == "" and "tags" not in e for e in large)
    assert all(e["title"] and e[search_index.NAME_FIELD].startswith("Name") for e in large)
    assert all(e[search_index.AUTHORS_FIELD].startswith("Author ") and "," not in e[search_index.AUTHORS_FIELD]
               for e in large)  # the first author is kept at any size, the next ones while there is room
    assert all(e[search_index.AUTHORS_FIELD].endswith(", B C") for e in small)
    share = search_index.INDEX_CHARS // 50
    assert all(len(json.dumps(e, ensure_ascii=False, separators=(",", ":"))) <= share for e in small)
    raw = render_papers_index(_many(20_000)).encode()
    assert len(gzip.compress(raw)) < len(raw) / 2


def test_a_link_without_its_scheme_gets_it_back() -> None:
    paper = Paper(id="2401.00011", title="QuIP: Two Bits", abstract="Our code can be found at //github.com/jerry-chee/QuIP.")
    assert paper_entries([paper])[0]["text"].endswith("at https://github.com/jerry-chee/QuIP.</p>")


def test_the_same_papers_in_any_order_give_the_same_index() -> None:
    papers = make_papers()
    assert render_papers_index(papers) == render_papers_index(list(reversed(papers)))
    assert NASTY_TITLE not in render_papers_index(papers)
