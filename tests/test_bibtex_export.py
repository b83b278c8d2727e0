"""BibTeX exports: entries that a real parser reads back, with arXiv fields, stable keys and every value escaped."""

from __future__ import annotations

import datetime as dt
import random

import bibtexparser

from conftest import make_papers
from generator.model import Links, Paper
from generator.site.bibtex import bibtex_entry, bibtex_file, bibtex_text, cite_block


def parse(text: str) -> bibtexparser.Library:
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks, [b.error for b in library.failed_blocks]
    return library


def fields(entry) -> dict[str, str]:
    return {f.key: f.value for f in entry.fields}


def test_file_parses_with_one_entry_per_paper_keyed_by_id() -> None:
    papers = make_papers()
    library = parse(bibtex_file(papers))
    assert [e.key for e in library.entries] == sorted(p.id for p in papers)
    assert {e.entry_type for e in library.entries} == {"misc"}


def test_arxiv_papers_carry_eprint_archive_prefix_date_and_url() -> None:
    entry = parse(bibtex_entry(make_papers()[0])).entries[0]
    assert fields(entry) == {
        "title": "{Nasty × Italic \\textless{}script\\textgreater{}alert(1)\\textless{}/script\\textgreater{} "
                 "\\textbar{} pipe * star [bracket `tick`}",
        "year": "2024",
        "month": "jan",
        "eprint": "2401.05561",
        "archivePrefix": "arXiv",
        "note": "FPGA'24",
        "url": "https://arxiv.org/abs/2401.05561",
    }


def test_primary_class_doi_and_authors_when_known() -> None:
    paper = Paper(id="2402.00002", arxiv="2402.00002", title="T", categories=["cs.CL", "cs.LG"], doi="10.1/x_y",
                  authors=["Ada Lovelace", "Bell and Howell Lab"], journal_ref="J. Things 3 (2024)")
    got = fields(parse(bibtex_entry(paper)).entries[0])
    assert got["primaryClass"] == "cs.CL"
    assert got["doi"] == "10.1/x\\_y"
    assert got["author"] == "Ada Lovelace and {Bell and Howell Lab}"
    assert got["note"] == "J. Things 3 (2024)"


def test_a_paper_off_arxiv_links_its_own_page_with_braces_encoded() -> None:
    paper = Paper(id="a-slug", title="Off arXiv", published=dt.date(2023, 5, 2),
                  links=Links(project="https://example.org/{x}", code=["javascript:alert(1)"]))
    got = fields(parse(bibtex_entry(paper)).entries[0])
    assert got["url"] == "https://example.org/%7Bx%7D"
    assert (got["year"], got["month"]) == ("2023", "may")
    assert "eprint" not in got


def test_every_special_character_is_escaped_and_braces_stay_balanced() -> None:
    hostile = "a } b { c % d # e $ f & g _ h ^ i ~ j \\ k < l > m | n\x00o"
    assert bibtex_text(hostile) == (
        "a \\textbraceright{} b \\textbraceleft{} c \\% d \\# e \\$ f \\& g \\_ h \\^{} i \\~{} j "
        "\\textbackslash{} k \\textless{} l \\textgreater{} m \\textbar{} no"
    )
    paper = Paper(id="x", title="T", venue="} @misc{evil, title={x}", authors=["}"])
    entry = bibtex_entry(paper)
    assert entry.count("{") == entry.count("}")
    library = parse(entry + "\n" + bibtex_entry(Paper(id="y", title="Next")))
    assert [e.key for e in library.entries] == ["x", "y"]


def test_output_is_the_same_whatever_the_input_order() -> None:
    papers = make_papers()
    shuffled = papers[:]
    random.Random(3).shuffle(shuffled)
    assert bibtex_file(papers) == bibtex_file(shuffled)


def test_card_block_is_escaped_copyable_and_kept_out_of_search() -> None:
    block = cite_block(make_papers()[0])
    assert block.startswith('<details class="cite quote" data-search-exclude=""><summary>Cite (BibTeX)</summary><pre><code>@misc{2401.05561,')
    assert "&lt;script&gt;" not in block  # the title's markup is LaTeX-escaped first, then HTML-escaped
    assert "\\textless{}script\\textgreater{}" in block
    assert block.endswith("}</code></pre></details>") and "\n\n" not in block
