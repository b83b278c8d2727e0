"""BibTeX exports: entries that a real parser reads back, with arXiv fields, stable keys and every value escaped."""

from __future__ import annotations

import datetime as dt
import logging
import random

import bibtexparser

from conftest import REPO, make_papers
from generator.build import generate
from generator.project import copy_project_skeleton
from generator.storage.store import load_papers
from generator.model import Links, Paper
from generator.site.bibtex import bibtex_entry, bibtex_file, bibtex_key, bibtex_text, bibtex_title, citation_keys, cite_block


def parse(text: str) -> bibtexparser.Library:
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks, [b.error for b in library.failed_blocks]
    return library


def fields(entry) -> dict[str, str]:
    return {f.key: f.value for f in entry.fields}


def test_file_parses_with_one_entry_per_paper_in_id_order() -> None:
    papers = make_papers()
    library = parse(bibtex_file(papers))
    assert [e.key for e in library.entries] == ["weight2023", "h2o2023", "nasty2024", "fast2024", "lovelaceprovisional"]
    assert [e.entry_type for e in library.entries] == ["misc", "misc", "inproceedings", "misc", "misc"]


def test_arxiv_papers_carry_eprint_archive_prefix_date_and_url() -> None:
    entry = parse(bibtex_entry(make_papers()[0])).entries[0]
    assert (entry.entry_type, entry.key) == ("inproceedings", "nasty2024")
    assert fields(entry) == {
        "title": "Nasty × Italic \\textless{}script\\textgreater{}alert(1)\\textless{}/script\\textgreater{} "
                 "\\textbar{} pipe * star [bracket `tick`",
        "booktitle": "FPGA'24",
        "year": "2024",
        "month": "jan",
        "eprint": "2401.05561",
        "archivePrefix": "arXiv",
        "url": "https://arxiv.org/abs/2401.05561",
    }


def test_primary_class_doi_and_authors_when_known() -> None:
    paper = Paper(id="2402.00002", arxiv="2402.00002", title="T", categories=["cs.CL", "cs.LG"], doi="10.1/x_y",
                  authors=["Ada Lovelace", "Bell and Howell Lab"], journal_ref="J. Things 3 (2024)")
    got = fields(parse(bibtex_entry(paper)).entries[0])
    assert got["primaryClass"] == "cs.CL"
    assert got["doi"] == "10.1/x\\_y"
    assert got["author"] == "Ada Lovelace and {Bell and Howell Lab}"
    assert got["journal"] == "J. Things 3 (2024)"


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
    assert [e.key for e in library.entries] == ["t", "next"]


def test_output_is_the_same_whatever_the_input_order() -> None:
    papers = make_papers()
    shuffled = papers[:]
    random.Random(3).shuffle(shuffled)
    assert bibtex_file(papers) == bibtex_file(shuffled)


def test_card_block_is_escaped_copyable_and_kept_out_of_search() -> None:
    block = cite_block(make_papers()[0])
    assert block.startswith('<details class="cite quote" data-search-exclude=""><summary>Cite (BibTeX)</summary><pre><code>@inproceedings{nasty2024,')
    assert "&lt;script&gt;" not in block  # the title's markup is LaTeX-escaped first, then HTML-escaped
    assert "\\textless{}script\\textgreater{}" in block
    assert block.endswith("}</code></pre></details>") and "\n\n" not in block


def test_keys_read_lastname_year_first_word_and_are_suffixed_on_collision() -> None:
    def paper(paper_id: str, title: str, **kw) -> Paper:
        return Paper(id=paper_id, title=title, published=dt.date(2024, 3, 1), **kw)

    papers = [
        paper("2403.00003", "The Paged Attention Trick", authors=["Ana María Núñez Jr."]),
        paper("2403.00001", "Paged Attention, Again", authors=["Rui Núñez"]),
        paper("2403.00002", "paged attention: a third", authors=["Li Nunez"]),
        paper("x-2", "Of LLMs", authors=["B. Oh"]),
    ]
    assert bibtex_key(papers[0]) == "nunez2024paged", "accents folded, a name suffix and stop words skipped"
    assert citation_keys(papers) == {"2403.00001": "nunez2024paged", "2403.00002": "nunez2024pagedb",
                                     "2403.00003": "nunez2024pagedc", "x-2": "oh2024llms"}
    keys = [e.key for e in parse(bibtex_file(papers)).entries]
    assert len(set(keys)) == len(keys)


def test_a_paper_page_cites_the_key_papers_bib_gives_it() -> None:
    from generator.catalog import build_catalog
    from generator.site.pages import render_site
    from generator.storage.store import Topic

    def paper(paper_id: str, title: str) -> Paper:
        return Paper(id=paper_id, title=title, published=dt.date(2024, 3, 1), authors=["Rui Núñez"], topics=["serving"])

    papers = [paper("2403.00001", "Paged Attention"), paper("2403.00002", "Paged attention, again")]
    site = render_site(build_catalog(papers, [Topic(slug="serving", title="Serving", description="")]))
    pages = {path: fill.content for path, fill in site.fills.items() if "2403.0000" in path}
    assert sorted(pages) == ["papers/2403.00001/index.html", "papers/2403.00002/index.html"]
    assert "{nunez2024paged," in pages["papers/2403.00001/index.html"]
    assert "{nunez2024pagedb," in pages["papers/2403.00002/index.html"], "the suffix papers.bib gives, not the bare key"


def test_titles_protect_only_the_words_whose_capitals_matter() -> None:
    assert bibtex_title("QuIP: 2-Bit Quantization of LLMs with GPT-4 and H$_2$O") == (
        "{QuIP:} 2-Bit Quantization of {LLMs} with {GPT-4} and {H₂O}")
    assert bibtex_title("Attention Is All You Need") == "Attention Is All You Need"


def test_accepted_papers_are_inproceedings_or_articles() -> None:
    conference = Paper(id="a", title="T", venue="ICLR 2024", journal_ref="Proc. ICLR (2024) 1-12", arxiv="2401.00001")
    entry = parse(bibtex_entry(conference)).entries[0]
    assert entry.entry_type == "inproceedings"
    assert fields(entry)["booktitle"] == "ICLR 2024" and fields(entry)["note"] == "Proc. ICLR (2024) 1-12"
    assert fields(entry)["eprint"] == "2401.00001", "an accepted paper keeps its arXiv fields"
    journal = parse(bibtex_entry(Paper(id="b", title="T", venue="Transactions on Machine Learning Research"))).entries[0]
    assert (journal.entry_type, fields(journal)["journal"]) == ("article", "Transactions on Machine Learning Research")
    proceedings = parse(bibtex_entry(Paper(id="c", title="T", journal_ref="Proceedings of the ACM Symposium X"))).entries[0]
    assert proceedings.entry_type == "inproceedings"


def test_the_shipped_list_reads_back_whole_with_authors_eprints_and_venues(tmp_path, caplog) -> None:
    project = copy_project_skeleton(REPO, tmp_path / "shipped")
    generate(project)
    papers = {p.id: p for p in load_papers(project / "data")[0]}
    with caplog.at_level(logging.WARNING):
        library = parse((project / "docs" / "downloads" / "papers.bib").read_text(encoding="utf-8"))
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING], "bibtexparser warned"
    assert len(library.entries) == len(papers) and len({e.key for e in library.entries}) == len(papers)
    by_eprint = {fields(e).get("eprint"): e for e in library.entries}
    for paper in papers.values():
        if paper.arxiv:
            got = fields(by_eprint[paper.arxiv])
            assert got["url"] == f"https://arxiv.org/abs/{paper.arxiv}" and got["archivePrefix"] == "arXiv"
            assert got["year"] and got["month"], paper.id
    shakti = by_eprint["2410.11331"]
    assert shakti.key == "shakhadri2024shakti"
    assert fields(shakti)["author"] == "Syed Abdul Gaffar Shakhadri and Kruthika KR and Rakshit Aralimatti"
    flight = by_eprint["2401.03868"]
    assert (flight.entry_type, fields(flight)["booktitle"]) == ("inproceedings", "FPGA'24")
    with_authors = [e for e in library.entries if "author" in fields(e)]
    assert len(with_authors) == sum(bool(p.authors) for p in papers.values()) > 25
