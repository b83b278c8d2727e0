"""The to-do list of what papers lack: the command's sections, and the counts on the Contribute page."""

from __future__ import annotations

import datetime as dt

from bs4 import BeautifulSoup

from conftest import make_papers, make_project
from generator.build import build, generate
from generator.cli import main
from generator.curate.gaps import missing_report
from generator.site.contribute import MISSING_SNIPPET, missing_counts
from generator.model import Links, Paper

SLUG_ONLY = Paper(id="a-listing-only", title="Only a Listing", topics=["serving"])
WITH_CODE = Paper(id="with-code", title="With Code", topics=["serving"], links=Links(code=["https://example.org/c"]),
                  published=dt.date(2024, 1, 2), authors=["Ada Lin"])


def test_each_gap_lists_the_papers_that_have_it():
    report = missing_report([*make_papers(), SLUG_ONLY, WITH_CODE])
    ids = {gap: [p.id for p in papers] for gap, papers in report.items()}
    assert ids == {
        "link": ["a-listing-only", "a-paper-without-arxiv"],
        "authors": ["2310.16355", "2312.11111", "2401.05561", "2402.00001", "a-listing-only"],
        "date": ["a-listing-only", "a-paper-without-arxiv"],
        "title": ["a-paper-without-arxiv"],
    }, "an arXiv id is a link and gives the month; an author count is not names"
    assert missing_counts(report, 7).splitlines()[2] == "- 2 with no arXiv id or other link"


def test_the_command_names_each_file(project, capsys):
    assert main(["--root", str(project), "missing"]) == 0
    out = capsys.readouterr().out
    assert "no arXiv id or other link: 1\n  data/papers/a-paper-without-arxiv.yml: A Provisional Title Made From An Abstract\n" in out
    assert "a title made up from the abstract: 1\n" in out and "no author names: 4\n" in out


def test_the_contribute_page_shows_the_counts(project):
    generate(project)
    assert (project / "docs" / MISSING_SNIPPET).read_text(encoding="utf-8").startswith("Of the 5 papers on the list:")
    build(project)
    page = BeautifulSoup((project / "site" / "contributing" / "index.html").read_text(encoding="utf-8"), "html.parser")
    items = [li.get_text() for li in page.select("article ul li") if " with " in li.get_text()]
    assert "4 with no author names" in items and "1 with a title made up from the abstract" in items
    assert not (project / "site" / "snippets").exists(), "the included text is not a page of its own"


def test_make_project_keeps_the_hand_written_page(tmp_path):
    fresh = make_project(tmp_path / "fresh")
    assert '--8<-- "missing.txt"' in (fresh / "docs" / "contributing.md").read_text(encoding="utf-8")
    assert not (fresh / "docs" / "snippets").exists(), "generated text is never copied as if hand-written"
