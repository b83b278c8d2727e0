"""BibTeX: every place an entry names its arXiv id, LaTeX turned into text, and broken entries reported one by one."""

from pathlib import Path

import pytest

from generator.sources import PartlyRead, read_listing, sniff_format
from generator.sources.bibtex import read_entries

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "bibtex"


def test_arxiv_ids_from_eprint_journal_url_and_dblp_volume():
    fmt, entries = read_listing((FIXTURES / "refs.bib").read_text(encoding="utf-8"), "refs.bib")
    assert fmt == "bibtex"
    assert [e.arxiv for e in entries] == ["2611.00101", "2611.00102", "2611.00050", "2611.00777", None]
    paged, bench, old, dblp, journal = entries
    assert paged.title == "Paged Adapters: Serving Many Fine-Tuned Models on One GPU"
    assert paged.authors == ["Ada Lin", "Bruno Moreau"]
    assert paged.venue == "MLSys 2027", "the @string macro is expanded and shortened to acronym and year"
    assert paged.links.code == ["https://github.com/example/paged-adapters"]
    assert bench.authors == ["Chidi Okafor", "Jérôme Müller"], "accents composed, 'others' dropped"
    assert bench.venue is None, "an arXiv preprint is not a venue"
    assert old.title == "Old Archive Ideas Revisited with α-Models"
    assert dblp.title == "Tiny Judges: Small Models Grade Large Ones"
    assert (journal.title, journal.doi) == ("A Paper Only in a Journal", "10.1234/example.2026.9")
    assert [e.source.line for e in entries] == [4, 15, 22, 29, 37]


def test_unbalanced_braces_skip_only_that_entry():
    text = (FIXTURES / "broken.bib").read_text(encoding="utf-8")
    with pytest.raises(PartlyRead) as caught:
        read_listing(text, "broken.bib")
    assert [e.title for e in caught.value.entries] == ["The First Good Entry", "The Second Good Entry", "An Extra Brace"]
    (first_line, first), (second_line, second) = caught.value.problems
    assert first_line == 8 and "entry 'broken2026'" in first and "unbalanced braces" in first
    assert second_line == 22 and "entry 'extra2026'" in second and "unbalanced braces" in second


def test_syntax_variants():
    entries, problems = read_entries(
        '@STRING(venue = "Conf")\n'
        '@Misc(key1, title = "A " # venue # { {B}race}, month = jan, year = 2024)\n'
        "@article{key2,\n  title = {Quote \" inside}, note = \"with {\"} brace\"\n}\n"
        "@article{key3, title = {No comma at the end} }\n",
        "x.bib",
    )
    assert problems == []
    assert [e.title for e in entries] == ["A Conf Brace", 'Quote " inside', "No comma at the end"]
    assert [e.source.line for e in entries] == [2, 3, 6]


def test_a_stray_field_between_entries_loses_no_entry():
    """Google Scholar exports carry lines such as `comment = {Mistral}` between entries."""
    text = "".join(f"@article{{k{n},\n  title = {{Paper {n}}},\n  year = {{2024}}\n}}\ncomment = {{Mistral}}\n" for n in range(20))
    entries, problems = read_entries(text, "scholar.bib")
    assert [e.title for e in entries] == [f"Paper {n}" for n in range(20)]
    assert len(problems) == 20 and all("ignored" in p for _, p in problems)


def test_dblp_multiline_venue_and_protected_case():
    text = ("@inproceedings{DBLP:conf/x/Ng26,\n  author = {Tam Ng and\n               Jos{\\'{e}} Mart{\\'{\\i}}nez},\n"
            "  title = {{LLM}s Prove {T}heorems},\n  booktitle = {Proceedings of the 12th International\n"
            "               Conference on Things},\n  year = {2026},\n  doi = {10.1000/xyz}\n}\n")
    (entry,), problems = read_entries(text, "dblp.bib")
    assert problems == []
    assert entry.title == "LLMs Prove Theorems" and entry.authors == ["Tam Ng", "José Martínez"]
    assert entry.venue == "Proceedings of the 12th International Conference on Things 2026" and entry.doi == "10.1000/xyz"


def test_a_bib_with_a_leading_note_is_still_bibtex():
    assert sniff_format("Exported from a reference manager.\n\n@article{a, title={T}, eprint={2611.00101}}\n") == "bibtex"


def test_exports_of_scholar_zotero_semantic_scholar_arxiv_and_dblp():
    with pytest.raises(PartlyRead) as caught:
        read_listing((FIXTURES / "exports.bib").read_text(encoding="utf-8"), "exports.bib")
    scholar, zotero, semantic, arxiv, proceedings = caught.value.entries
    assert caught.value.problems == [(7, "a field outside any entry, after 'souza2026scholar', ignored")]
    assert [e.arxiv for e in caught.value.entries] == ["2611.00201", "2611.00202", "2611.00203", "2611.00204", None]
    assert scholar.authors == ["Ana Souza", "Ben Cho"] and scholar.venue is None
    assert zotero.doi is None, "the arXiv DOI is the arXiv id, not a publisher DOI"
    assert semantic.venue == "Neural Information Processing Systems 2026"
    assert (arxiv.title, arxiv.authors) == ("Tiny Judges Revisited: LLMs Grading LLMs", ["Tam Ng", "Jérôme Müller"])
    assert proceedings.title == "A Proceedings Paper Without arXiv"
    assert proceedings.venue == "ACL 2026" and proceedings.doi == "10.18653/v1/2026.acl-long.1"
    assert proceedings.links.project == "https://aclanthology.org/2026.acl-long.1"
