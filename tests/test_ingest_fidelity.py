"""Ingest of imported lists: papers without arXiv ids, the summary and report, --format refused, two titles for one id."""

import datetime as dt
from pathlib import Path

import pytest

from generator.cli import main
from generator.commands.ingest import ingest_files
from generator.project import copy_project_skeleton
from generator.storage.store import load_papers

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TODAY = dt.date(2026, 12, 1)


@pytest.fixture
def project(tmp_path):
    return copy_project_skeleton(ROOT, tmp_path, with_papers=False)


def write(project, name, text):
    path = project / name
    path.write_text(text, encoding="utf-8")
    return path


def papers_of(project):
    papers, problems = load_papers(project / "data")
    assert problems == []
    return {p.id: p for p in papers}


def test_a_paper_without_arxiv_gets_a_readable_id_and_is_merged_when_its_id_turns_up(project):
    first = write(project, "classics.md", "# L\n\n- [Language Readers are Few-Shot Learners](https://papers.nips.cc/paper/2020/hash/x-Abstract.html) | NeurIPS 2020\n")
    result = ingest_files(project, [first], TODAY)
    assert (result.added, result.without_arxiv) == (1, 1)
    (paper,) = papers_of(project).values()
    assert paper.id == "language-readers-are-few-shot-learners" and paper.arxiv is None and paper.venue == "NeurIPS 2020"
    later = write(project, "later.md", "# L\n\n- [Language Readers Are Few-Shot Learners](https://arxiv.org/abs/2005.99999)\n")
    result = ingest_files(project, [later], TODAY)
    assert (result.added, result.merged) == (0, 1), "the same title (any case) is the same paper"
    (paper,) = papers_of(project).values()
    assert (paper.id, paper.arxiv) == ("language-readers-are-few-shot-learners", "2005.99999")


def test_summary_counts_and_report_of_every_line_not_made_a_paper(project, capsys, tmp_path):
    listing = FIXTURES / "awesome" / "shapes.md"
    report = tmp_path / "report.txt"
    code = main(["--root", str(project), "ingest", str(listing), "--today", "2026-12-01", "--report", str(report)])
    out = capsys.readouterr().out.strip()
    assert code == 0, "entries that are not papers are reported, not errors"
    assert out == "read 24, added 24, merged 0, unchanged 0, without arXiv id 8, not papers 3"
    lines = report.read_text(encoding="utf-8").splitlines()
    assert lines == [f"{listing}:{n}: not a paper: links to {host} but to no paper"
                     for n, host in ((81, "github.com"), (82, "youtube.com"), (83, "blog.example.org"))]


def test_reingesting_an_imported_list_changes_no_byte(project):
    listings = [FIXTURES / "awesome" / "shapes.md", FIXTURES / "bibtex" / "refs.bib", FIXTURES / "arxiv_api" / "two_papers.xml"]
    ingest_files(project, listings, TODAY)
    before = {p.name: p.read_bytes() for p in sorted((project / "data" / "papers").iterdir())}
    again = ingest_files(project, listings, TODAY)
    assert again.added == again.merged == 0
    assert {p.name: p.read_bytes() for p in sorted((project / "data" / "papers").iterdir())} == before


def test_a_forced_format_that_does_not_fit_is_refused(project, capsys):
    feed = FIXTURES / "arxiv_api" / "two_papers.xml"
    code = main(["--root", str(project), "ingest", str(feed), "--format", "arxiv-abstracts", "--today", "2026-12-01"])
    err = capsys.readouterr().err
    assert code == 1 and "does not look like arxiv-abstracts (it looks like arxiv-api)" in err
    assert list((project / "data" / "papers").iterdir()) == [], "no junk paper written"


def test_one_id_under_two_titles_is_warned_about_with_both_lines(project, capsys):
    listing = write(project, "twice.md", "# L\n\n- [First Title](https://arxiv.org/abs/2611.00101)\n- [Another Title](https://arxiv.org/abs/2611.00101)\n")
    main(["--root", str(project), "ingest", str(listing), "--today", "2026-12-01"])
    err = capsys.readouterr().err
    assert f"warning: {listing}:4: arXiv 2611.00101 is titled 'Another Title' here but 'First Title' at line 3" in err
    assert [p.title for p in papers_of(project).values()] == ["First Title"]


@pytest.mark.parametrize("format", ["awesome-list", "bibtex", "abstracts", "id-list"])
def test_no_reader_but_the_api_one_takes_a_saved_api_answer(project, capsys, format):
    feed = FIXTURES / "arxiv_api" / "two_papers.xml"
    assert main(["--root", str(project), "ingest", str(feed), "--format", format, "--today", "2026-12-01"]) == 1
    assert f"does not look like {format}" in capsys.readouterr().err
    assert list((project / "data" / "papers").iterdir()) == []
