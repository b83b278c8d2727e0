"""The lean search index: one entry per paper page, packed in columns beside a real MkDocs build's index."""

from __future__ import annotations

import gzip
import html
import json
from pathlib import Path

import pytest
import yaml

from conftest import NASTY_TITLE, REPO, make_papers, search_docs
from generator.model import Paper
from generator.site import search_index
from generator.site.search_index import (PAPERS_INDEX, join, pack, paper_entries, read_papers_index, render_papers_files,
                                         short_name, split, unpack)


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
    locations = [doc["location"] for doc in search_docs(built)]
    papers = [loc for loc in locations if loc.startswith("papers/")]
    assert sorted(papers) == sorted(f"papers/{p.id}/" for p in make_papers())
    assert not [loc for loc in locations if "#" in loc]
    # MkDocs' own index holds its pages alone: the papers come packed, fetched by the worker.
    assert not [doc for doc in _index(built)["docs"] if doc["location"].startswith("papers/")]


def test_names_outweigh_authors_tags_titles_and_abstracts_and_pages_are_trimmed(built) -> None:
    columns = json.loads((built / search_index.PAPERS_INDEX).read_text(encoding="utf-8"))
    weights = columns["weights"]
    assert weights[search_index.NAME_FIELD] > weights[search_index.AUTHORS_FIELD] > weights["tags"]
    assert weights["tags"] > weights["title"] > weights["text"] > 0
    pages = _index(built)["docs"]
    assert pages and all(len(doc["text"]) <= search_index.PAGE_TEXT for doc in pages)


def test_papers_split_into_words_as_lunr_splits_the_pages(built) -> None:
    configured = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    search = next(plugin["search"] for plugin in configured["plugins"] if isinstance(plugin, dict) and "search" in plugin)
    assert search["separator"] == search_index.SEPARATOR == _index(built)["config"]["separator"]
    assert json.loads((built / search_index.PAPERS_INDEX).read_text(encoding="utf-8"))["separator"] == search_index.SEPARATOR


def test_short_name_and_id_are_searchable_and_text_is_escaped(built) -> None:
    docs = {doc["location"]: doc for doc in search_docs(built)}
    # One spelling each: the search worker folds "H₂O" and "H2O" alike.
    assert docs["papers/2312.11111/"][search_index.NAME_FIELD].split() == ["H₂O", "2312.11111"]
    # A slug id is no name a reader types; the authors have a field of their own.
    slugged = docs["papers/a-paper-without-arxiv/"]
    assert slugged[search_index.NAME_FIELD] == "" and slugged[search_index.AUTHORS_FIELD] == ["Ada Lovelace"]
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
    # Every author, at any size: a reader finds a paper by any of them.
    assert sorted(e[search_index.AUTHORS_FIELD][0] for e in small) == sorted(f"Author {n}" for n in range(50))
    assert all(e[search_index.AUTHORS_FIELD][1:] == ["B C"] for e in small)
    assert all(len(e[search_index.AUTHORS_FIELD]) == 2 for e in large)
    share = search_index.INDEX_CHARS // 50
    assert all(len(json.dumps(e, ensure_ascii=False, separators=(",", ":"))) <= share for e in small)
    raw = "".join(render_papers_files(_many(20_000)).values()).encode()
    assert len(gzip.compress(raw)) < len(raw) / 2


def test_the_packed_index_unpacks_to_the_same_entries() -> None:
    authors = [["Jean-Paul Sartre", "Wei Wang"], [], ["Wei Li, Jr.", "O&#x27;Brien"], ["Wei Wang", "Lévy 2401.00001"]]
    entries = [{"location": f"papers/{pid}/", "title": f"QuIP: T{n}", "text": "", "name": name, "authors": people}
               for n, (pid, name, people) in enumerate(zip(
                   ["2401.00001", "a-slug", "2402.00002", "2403.00003"],
                   ["QuIP 2401.00001", "", "2402.00002", "Flash Attention 2 2309.99999"], authors))]
    entries[0]["tags"] = ["kv-cache"]
    packed = pack(entries)
    assert unpack(json.loads(json.dumps(packed))) == entries
    assert packed["arxiv"] == [1, 0, 1, 0] and packed["name"] == [4, 0, 0, "Flash Attention 2 2309.99999"]
    # The most frequent word of a name takes the shortest number.
    assert packed["words"][:2] == ["Wei", "Wang"] and packed["authors"][3].startswith("0.1,")


def test_the_built_index_holds_every_author_of_every_paper(built) -> None:
    papers = read_papers_index(lambda path: (built / path).read_text(encoding="utf-8"))
    by_page = {entry["location"]: entry[search_index.AUTHORS_FIELD] for entry in papers}
    assert by_page == {f"papers/{p.id}/": [html.escape(a) for a in p.authors] for p in make_papers()}


def test_a_link_without_its_scheme_gets_it_back() -> None:
    paper = Paper(id="2401.00011", title="QuIP: Two Bits", abstract="Our code can be found at //github.com/jerry-chee/QuIP.")
    assert paper_entries([paper])[0]["text"].endswith("at https://github.com/jerry-chee/QuIP.</p>")


def test_the_same_papers_in_any_order_give_the_same_index() -> None:
    papers = make_papers()
    assert render_papers_files(papers) == render_papers_files(list(reversed(papers)))
    assert NASTY_TITLE not in "".join(render_papers_files(papers).values())


@pytest.mark.parametrize("count", [0, 1, 4, 5, 9])
def test_parts_hold_every_paper_once_the_last_first(count: int) -> None:
    packed = pack(paper_entries(_many(count)))
    files = {path: json.dumps(part) for path, part in split(packed, 4, 3).items()}
    first = json.loads(files[PAPERS_INDEX])
    # The first file read holds the newest ids (a tie between results goes to the later id) and names the rest.
    assert first["count"] == count and first["start"] == max(0, count - 3) and len(first["id"]) == min(3, count)
    assert [f"search/{name}" for name, _ in first["parts"]] == sorted(set(files) - {PAPERS_INDEX}, key=lambda f: (len(f), f))
    assert [start for _, start in first["parts"]] == [json.loads(files[f"search/{name}"])["start"]
                                                      for name, _ in first["parts"]]
    assert all(0 < len(json.loads(part)["id"]) <= 4 for path, part in files.items() if path != PAPERS_INDEX)
    assert join(files.__getitem__) == json.loads(json.dumps(packed))


def test_the_first_part_stays_small_as_the_catalog_grows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_index, "PART_PAPERS", 50)
    monkeypatch.setattr(search_index, "FIRST_PART_PAPERS", 50)
    # No byline or abstract in either, as past a few thousand papers: their entries are alike.
    monkeypatch.setattr(search_index, "INDEX_CHARS", 0)
    small, large = (render_papers_files(_many(n)) for n in (50, 200))
    assert len(small) == 1 and len(large) == 4
    assert len(large[PAPERS_INDEX]) < 1.2 * len(small[PAPERS_INDEX])
