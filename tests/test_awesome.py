"""Awesome-list READMEs: bullet and table entries, titles finished by the words after a link, headings kept."""

import datetime as dt
from pathlib import Path

import pytest

from generator.sources import PartlyRead, read_listing, sniff_format
from generator.sources.awesome import is_generic
from generator.sources.markdown_items import markdown_items

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "awesome"


def entries_of(name):
    fmt, entries = read_listing((FIXTURES / name).read_text(encoding="utf-8"), name)
    assert fmt == "awesome-list"
    return {e.arxiv or e.title: e for e in entries}


def test_bullet_list_titles_venues_links_and_headings():
    entries = entries_of("bullets.md")
    assert sorted(entries) == sorted([
        "2611.00101", "2611.00202", "2611.00303", "2611.00404", "Not On arXiv: A Workshop Talk", "2501.00505",
        "2501.00606", "hep-th/9901001", "2611.00707", "2611.00808",
    ]), "one entry per paper, a PDF without arXiv id included; no entry for the BibTeX of the list itself"
    talk = entries["Not On arXiv: A Workshop Talk"]
    assert (talk.arxiv, talk.links.pdf) == (None, "https://example.org/talk.pdf")
    paged = entries["2611.00101"]
    assert paged.title == "Paged Adapters: Serving Many Fine-Tuned Models on One GPU"
    assert paged.venue == "MLSys' 27" and paged.links.code == ["https://github.com/example/paged-adapters"]
    assert paged.source.heading == "Serving > Inference & Serving systems", "emoji and back-links are not part of a heading"
    assert entries["2611.00202"].title == "Ring Batching with Shared Prefixes for Chat Serving"
    assert entries["2611.00202"].organization == "Example Lab"
    assert entries["2611.00303"].title == "Long Descriptive Title That Is Complete On Its Own", "a sentence after the colon is a description"
    assert entries["2611.00404"].title == "Quiet Decoding: Fewer Tokens, Same Answers", "a bold title before [[paper]] links"
    assert entries["2611.00404"].links.code == ["https://github.com/example/quiet"]
    assert entries["2501.00505"].title == "Old Serving Paper", "an en dash starts the organisation and date"
    assert entries["2501.00505"].source.heading == paged.source.heading, "a <details> block is not a heading"
    assert entries["2501.00606"].title == "Same Paper Twice"
    assert entries["hep-th/9901001"].title is None, "a paper mentioned in another's entry is kept by id only"
    quant = entries["2611.00707"]
    assert quant.title == "QuantTiny: Two-Bit Weights for Everyone" and quant.venue == "ICLR 2027"
    assert quant.links.project == "https://quanttiny.example.org", "an indented line continues the entry"
    assert quant.source.heading == "Compression > Quantization and pruning"


def test_table_rows_use_their_header():
    entries = entries_of("table.md")
    paged = entries["2611.00101"]
    assert paged.title == "Paged Adapters: Serving Many Fine-Tuned Models on One GPU", "the title may link to the code"
    assert (paged.published, paged.venue) == (dt.date(2026, 11, 18), "MLSys 2027")
    assert paged.links.code == ["https://github.com/example/paged-adapters"]
    assert entries["2611.00909"].title == "Sparse Experts Without Tears", "a plain-text title beside an [arXiv] link"
    assert entries["2610.01010"].published is None, "a month alone is not a paper date"
    distil = entries["2611.01111"]
    assert distil.title == "Distil Everything: A Study"
    assert distil.venue == "NeurIPS'26 Workshop", "read from the shields.io badge"
    assert distil.authors == ["Ana Souza", "Ben Cho"]
    assert distil.links.code == ["https://github.com/example/distil"]
    assert entries["2611.01212"].authors == ["Chen Wu"]
    assert distil.source.heading == "Knowledge Distillation"


def test_a_readme_quoting_bibtex_is_still_an_awesome_list():
    assert sniff_format((FIXTURES / "bullets.md").read_text(encoding="utf-8")) == "awesome-list"


@pytest.mark.parametrize(
    "markup, text",
    [
        ("🚀 Serving [🔝](#contents)", "Serving"),
        (":star: Recommended Papers", "Recommended Papers"),
        ("[ML Systems](mlsystems.md)", "ML Systems"),
        ("Quantization ![badge](https://img.shields.io/badge/x-y-blue)", "Quantization"),
        ("[Serving](#serving)", "Serving"),
        ("Papers (see the [full list](#full-list))", "Papers (see the)"),
    ],
)
def test_heading_text_drops_emoji_badges_and_back_links(markup, text):
    (item,) = markdown_items(f"## {markup}\n\n- [T](https://arxiv.org/abs/2611.00101)\n")
    assert item.headings == [text]


def test_papers_written_as_headings_or_numbered_bold_entries():
    entries = entries_of("numbered.md")
    assert sorted(entries) == ["2611.00050", "2611.00101", "2611.00777", "2611.00909"]
    assert entries["2611.00101"].title == "Paged Adapters: Serving Many Fine-Tuned Models on One GPU"
    assert entries["2611.00101"].source.heading == "Daily Updates > 2026-11-20", "a paper heading is not a section"
    sparse = entries["2611.00909"]
    assert (sparse.title, sparse.venue) == ("Sparse Experts Without Tears", "ICLR 2027"), "no full stop; venue after the authors"
    assert sparse.links.code == ["https://github.com/example/sparse"], "a line of badges under an entry belongs to it"
    assert sparse.source.heading == "Efficient Attention"
    assert entries["2611.00050"].venue is None and entries["2611.00050"].links.code == []


def shapes():
    try:
        read_listing((FIXTURES / "shapes.md").read_text(encoding="utf-8"), "shapes.md")
    except PartlyRead as exc:
        return exc
    raise AssertionError("the not-paper entries must be reported")


def by_line(entries):
    return {e.source.line: e for e in entries if e.title}


@pytest.mark.parametrize(
    "line, title",
    [
        (9, "Tiny Judges: Small Models Grade Large Ones"),  # bold title, description after a dash
        (10, "Open Recipes: Data for Reasoning Models"),  # a host-name link before the paper link
        (11, "Quiet Decoding Revisited"),  # two spaces before the description
        (15, "Old Archive Ideas Revisited"),  # leading [2011/03], closing full stop, italic authors
        (16, "Sparse Experts Without Tears"),
        (17, "Paged Adapters: Serving Many Fine-Tuned Models on One GPU"),
        (18, "Ring Batching with Shared Prefixes"),  # the venue on the next line is not glued on
        (20, "Quoted Titles Are Still Titles"),
        (24, "A Benchmark of Reading Lists"),  # not "Eval Tool"
        (25, "Judging the Judges"),  # not "Leaderboard"
        (26, "Chapter Sources: A Study"),  # the paper's link, not the book's before it
        (32, "GQA-X: Grouped Queries for Everyone"),  # a bold [ShortName] tag and an (@Org) tail
        (33, "Halo: Attention Sinks Explained"),
        (41, "Heading Papers: A Title Under Its Own Heading"),  # `paper link: [here](…)` under the heading
        (61, "A Title So Long That The Digest Wrapped It Onto A Second Line Of The Table"),
        (63, "Short Digest Title"),
    ],
)
def test_titles_from_each_entry_shape(line, title):
    assert by_line(shapes().entries)[line].title == title


def test_leading_marks_next_lines_italics_and_bibtex_fill_venue_and_authors():
    entries = by_line(shapes().entries)
    assert entries[15].authors == ["Daichi Sato"] and entries[15].arxiv == "2611.00050"
    assert (entries[16].venue, entries[16].organization) == ("ICML 2026", "Example Lab")
    assert entries[17].venue == "NeurIPS'26"
    assert entries[18].venue == "MLSys 2027", "a venue line under the entry"
    assert (entries[20].venue, entries[20].authors) == ("ICLR 2027", ["Ana Souza"])
    assert entries[41].authors == ["Ada Lin", "Bruno Moreau"], "read from the BibTeX block under the heading"
    assert entries[61].authors == ["Chen Wu", "Eve Park"]


def test_papers_without_arxiv_are_kept_with_their_link():
    entries = by_line(shapes().entries)
    classic = entries[69]
    assert (classic.title, classic.arxiv, classic.venue) == ("Deep Bidirectional Readers for Language Understanding", None, "NAACL 2019")
    assert classic.links.pdf == "https://aclanthology.org/N99-9999.pdf"
    assert entries[70].venue == "NeurIPS 2020" and entries[70].links.other == ["https://papers.nips.cc/paper/2020/hash/0000-Abstract.html"]
    assert entries[71].title == "Imitation Games for Reading Lists", "a named link in a table's Paper column"
    assert [entries[n].arxiv for n in (73, 74, 75, 76)] == [None] * 4
    assert entries[76].venue == "SOSP' 25", "a named link with a venue of its own is a paper"
    assert entries[77].title == "A Lab Report Its Author Calls a Paper", "a link labelled Paper is the paper, wherever it points"
    assert entries[77].links.other == ["https://lab.example.org/report.html"]


def test_entries_that_are_not_papers_are_reported_with_their_line():
    caught = shapes()
    assert caught.problems == []
    assert [line for line, _ in caught.not_papers] == [81, 82, 83]
    assert caught.not_papers[0][1] == "not a paper: links to github.com but to no paper"
    assert not any(e.title and "FLAN" in e.title for e in caught.entries), "a venue in a description does not make a paper"


def test_a_table_of_contents_is_not_counted():
    text = "# List\n\n- [Serving](#serving)\n- [Compression](#compression)\n\n## Serving\n\n- [Paper T](https://arxiv.org/abs/2611.00101)\n"
    fmt, entries = read_listing(text, "toc.md")
    assert (fmt, [e.title for e in entries]) == ("awesome-list", ["Paper T"])


def test_html_headings_and_a_full_date_mark():
    text = ('<h2 align="center">🚀 Serving</h2>\n\n- [2026/11/18] [Paged Adapters](https://arxiv.org/abs/2611.00101)\n'
            "- [2026/11] [Monthly Only](https://arxiv.org/abs/2611.00102)\n")
    _, (paged, monthly) = read_listing(text, "html.md")
    assert (paged.title, paged.published, paged.source.heading) == ("Paged Adapters", dt.date(2026, 11, 18), "Serving")
    assert (monthly.title, monthly.published) == ("Monthly Only", None)


def test_a_plain_text_citation_splits_into_title_authors_and_venue():
    text = ("# L\n\n1. Semi-supervised Sequence Learning. Andrew M. Dai, Quoc V. Le. NIPS 2015. [[pdf](https://arxiv.org/abs/1511.01432)]\n"
            "2. Attention Is All You Need. [pdf](https://arxiv.org/abs/1706.03762)\n")
    _, (semi, attention) = read_listing(text, "plain.md")
    assert (semi.title, semi.authors, semi.venue) == ("Semi-supervised Sequence Learning", ["Andrew M. Dai", "Quoc V. Le"], "NIPS 2015")
    assert (attention.title, attention.authors) == ("Attention Is All You Need", [])


def test_a_name_column_gives_way_to_the_paper_column_and_a_lone_model_name_is_no_title():
    text = ("| Name | Paper | Institute |\n|---|---|---|\n"
            "| **Readset-4V** | [Readset: Data for Reading Lists](https://arxiv.org/abs/2611.00301) | Example Lab |\n\n"
            "## Models\n\n- [T5](https://arxiv.org/abs/1910.10683)\n")
    _, (dataset, model) = read_listing(text, "names.md")
    assert (dataset.title, dataset.organization) == ("Readset: Data for Reading Lists", "Example Lab")
    assert (model.arxiv, model.title) == ("1910.10683", None), "kept by id; its title comes from arXiv"


def test_html_tables_and_lists_inside_a_readme():
    text = ("# L\n\n## HTML\n\n<table>\n<tr><th>Title</th><th>Venue</th></tr>\n"
            '<tr><td><a href="https://arxiv.org/abs/2611.00101">Paged Adapters</a><br>Ada Lin, Bruno Moreau</td><td>MLSys 2027</td></tr>\n'
            '<tr>\n  <td><b>Quiet Decoding</b> <a href="https://arxiv.org/pdf/2611.00404">[pdf]</a></td>\n  <td>-</td>\n</tr>\n</table>\n\n'
            '<ul>\n<li><a href="https://openreview.net/forum?id=x">Open Reviewed</a> (ICLR 2026)</li>\n</ul>\n')
    fmt, (paged, quiet, reviewed) = read_listing(text, "html.md")
    assert fmt == "awesome-list"
    assert (paged.source.line, paged.title, paged.authors, paged.venue) == (7, "Paged Adapters", ["Ada Lin", "Bruno Moreau"], "MLSys 2027")
    assert (quiet.source.line, quiet.title, quiet.arxiv) == (8, "Quiet Decoding", "2611.00404")
    assert (reviewed.source.line, reviewed.title, reviewed.venue, reviewed.arxiv) == (15, "Open Reviewed", "ICLR 2026", None)
    assert paged.source.heading == "HTML"


@pytest.mark.parametrize("label, generic", [
    ("[pdf]", True), ("Paper", True), ("Eval Tool", True), ("🏆 Leaderboard", True), ("openthoughts.ai", True),
    ("arXiv:2401.05561", True), ("Qwen2.5-Omni", False), ("J1", False), ("PRIMA.CPP", False), ("Mistral 7B", False),
])
def test_link_labels_against_names(label, generic):
    assert is_generic(label) is generic


def test_one_paragraph_per_paper_under_a_category_entry():
    text = ("# L\n\n- Image Generation\n\n    [Retrieval Painters: Images from Memory](https://arxiv.org/abs/2611.00401)\n\n"
            "    [Instance Painters Revisited](https://arxiv.org/abs/2611.00402)\n\n"
            "- [Badged Paper](https://arxiv.org/abs/2611.00403)\n\n  [![stars](https://img.shields.io/x)](https://github.com/x/y)\n")
    _, entries = read_listing(text, "paragraphs.md")
    assert [(e.source.line, e.arxiv, e.title) for e in entries] == [
        (5, "2611.00401", "Retrieval Painters: Images from Memory"),
        (7, "2611.00402", "Instance Painters Revisited"),
        (9, "2611.00403", "Badged Paper"),
    ]
    assert entries[2].links.code == ["https://github.com/x/y"], "a paragraph of badges still belongs to its entry"


def test_a_heading_names_the_paper_its_label_entries_link_to():
    text = ("# L\n\n## Alignment\n\n### Tiny Judges: Small Models Grade Large Ones\n\n- Paper: [arXiv](https://arxiv.org/abs/2611.00777)\n"
            "- Code: [GitHub](https://github.com/x/judges)\n\n### Section Without Paper\n\n- [A Tool](https://github.com/x/tool)\n")
    with pytest.raises(PartlyRead) as caught:
        read_listing(text, "headings.md")
    (entry,) = caught.value.entries
    assert (entry.arxiv, entry.title) == ("2611.00777", "Tiny Judges: Small Models Grade Large Ones")
    assert [line for line, _ in caught.value.not_papers] == [12]


def test_a_citing_aside_after_a_plain_title_is_not_part_of_it():
    text = "# L\n\n- Sparse Experts Without Tears (Souza et al., ICLR 2027) [[paper](https://arxiv.org/abs/2611.00909)]\n"
    _, (entry,) = read_listing(text, "aside.md")
    assert (entry.title, entry.venue) == ("Sparse Experts Without Tears", "ICLR 2027")
