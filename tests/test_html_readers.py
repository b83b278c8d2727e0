"""Saved arXiv and Hugging Face pages: each kind recognised, every field read, page dates kept apart from paper dates."""

import datetime as dt
from pathlib import Path

import pytest

from generator.sources import ListingError, read_listing, sniff_format

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "html"


def page(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "name, fmt",
    [
        ("arxiv_list_new.html", "arxiv-list-html"),
        ("arxiv_abs.html", "arxiv-abs-html"),
        ("hf_paper.html", "hf-paper-html"),
        ("hf_daily.html", "hf-daily-html"),
    ],
)
def test_each_saved_page_is_recognised(name, fmt):
    assert sniff_format(page(name)) == fmt


def test_arxiv_listing_reads_every_section_and_field():
    fmt, entries = read_listing(page("arxiv_list_new.html"), "new.html")
    assert fmt == "arxiv-list-html"
    assert [e.arxiv for e in entries] == ["2611.00101", "2611.00102", "2611.00050"]
    first, second, cross = entries
    assert first.title == "Paged Adapters: Serving Many Fine-Tuned Models on One GPU"
    assert first.authors == ["Ada Lin", "Bruno Moreau"]
    assert first.venue == "MLSys 2027"
    assert first.links.code == ["https://github.com/example/paged-adapters"], "a 'this https URL' link keeps its address"
    assert first.categories == ["cs.CL", "cs.DC"]
    assert first.abstract.startswith("Serving thousands of fine-tuned adapters")
    assert second.journal_ref == "Journal of Curated Lists 3 (2026) 1-12"
    assert cross.categories == ["cs.LG", "cs.CL"] and "hep-th/9901001" in cross.abstract
    assert all(e.published is None for e in entries), "the listing's date is not a paper date"
    assert first.source.line < second.source.line < cross.source.line


def test_arxiv_listing_without_papers_says_so():
    empty = page("arxiv_list_new.html").split("<dl id='articles'>")[0] + "<p>No updates for this time period.</p></body></html>"
    with pytest.raises(ListingError, match="no papers on it"):
        read_listing(empty, "empty.html", "arxiv-list-html")


def test_arxiv_abstract_page_takes_body_then_meta_tags():
    _, (entry,) = read_listing(page("arxiv_abs.html"), "abs.html")
    assert entry.arxiv == "2611.00101"
    assert entry.title == "Paged Adapters: Serving Many Fine-Tuned Models on One GPU"
    assert entry.authors == ["Ada Lin", "Bruno Moreau"]
    assert entry.published == dt.date(2026, 11, 18), "the first submission, not the latest revision"
    assert entry.venue == "MLSys 2027" and entry.links.code == ["https://github.com/example/paged-adapters"]
    assert entry.categories == ["cs.CL", "cs.DC"]
    assert entry.journal_ref == "Proc. MLSys 7 (2027) 100-112", "the report number row is not the journal reference"
    assert entry.doi == "10.1234/mlsys.2027.42"
    assert entry.abstract.endswith("without hurting latency.")


def test_arxiv_abstract_page_falls_back_to_meta_tags():
    stripped = page("arxiv_abs.html").split("<body>")[0] + "<body></body></html>"
    _, (entry,) = read_listing(stripped, "abs.html", "arxiv-abs-html")
    assert entry.title == "Paged Adapters: Serving Many Fine-Tuned Models on One GPU"
    assert entry.authors == ["Ada Lin", "Bruno Moreau"], "citation_author 'Last, First' is turned round"
    assert entry.published == dt.date(2026, 11, 18)


def test_hugging_face_paper_page_reads_its_embedded_json():
    _, (entry,) = read_listing(page("hf_paper.html"), "hf.html")
    assert entry.arxiv == "2611.00101"
    assert entry.title == "Paged Adapters: Serving Many Fine-Tuned Models on One GPU"
    assert entry.authors == ["Ada Lin", "Bruno Moreau"]
    assert entry.published == dt.date(2026, 11, 18), "publishedAt, not the day it was listed"
    assert entry.upvotes == 42 and entry.organization == "Example Lab"
    assert entry.links.code == ["https://github.com/example/paged-adapters"]
    assert entry.links.project == "https://paged-adapters.example.org/"
    assert entry.links.hf == "https://huggingface.co/papers/2611.00101"


def test_hugging_face_paper_page_without_json_reads_the_markup():
    text = page("hf_paper.html").replace('data-target="PaperContent"', 'data-target="Other"')
    _, (entry,) = read_listing(text, "hf.html", "hf-paper-html")
    assert entry.arxiv == "2611.00101" and entry.title.startswith("Paged Adapters")
    assert entry.authors == ["Ada Lin", "Bruno Moreau"]
    assert entry.abstract.startswith("Serving thousands of fine-tuned adapters of one base model")
    assert "AI-written" not in entry.abstract, "the AI summary box is not the abstract"


def test_hugging_face_daily_page_reads_json_then_cards():
    _, entries = read_listing(page("hf_daily.html"), "daily.html")
    assert [(e.arxiv, e.upvotes, e.published) for e in entries] == [
        ("2611.00101", 42, dt.date(2026, 11, 18)),
        ("2611.00777", 7, dt.date(2026, 11, 17)),
    ]
    assert entries[1].title == "Tiny Judges: Small Models Grade Large Ones" and entries[1].authors == ["Eve Park"]
    cards_only = page("hf_daily.html").replace('data-target="DailyPapers"', 'data-target="Other"')
    assert sniff_format(cards_only) == "hf-daily-html"
    _, cards = read_listing(cards_only, "daily.html")
    assert [(e.arxiv, e.title) for e in cards] == [(e.arxiv, e.title) for e in entries]
    assert all(e.published is None for e in cards), "the page's date is not a paper date"


@pytest.mark.parametrize("name", ["arxiv_list_new.html", "arxiv_abs.html", "hf_paper.html", "hf_daily.html"])
def test_truncated_page_is_refused(name):
    text = page(name)
    with pytest.raises(ListingError, match="truncated HTML page"):
        read_listing(text[: len(text) // 2], name)
