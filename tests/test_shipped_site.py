"""The shipped data: it loads cleanly, builds strictly, shows every paper, and builds byte-identically twice."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import search_docs
from generator.build import build
from generator.project import copy_project_skeleton
from generator.storage.store import load_papers
from generator.text.latex import latex_to_text

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def shipped_builds(tmp_path_factory):
    """The real project built twice, in two separate folders."""
    roots = [copy_project_skeleton(REPO, tmp_path_factory.mktemp(f"shipped{n}")) for n in (1, 2)]
    return [(root, build(root)) for root in roots]


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_shipped_papers_load_without_problems():
    papers, problems = load_papers(REPO / "data")
    assert problems == [] and len(papers) >= 216


def test_every_paper_has_a_page_with_title_and_abstract_and_an_entry_on_its_topic(shipped_builds):
    root, result = shipped_builds[0]
    papers, _ = load_papers(root / "data")
    listed = set()
    for page in (result.site_dir / "topics").rglob("index.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        listed |= {entry["id"] for entry in soup.select("li.paper-entry[id]")}
    for paper in papers:
        assert paper.id in listed, f"{paper.id} is on no topic page"
        page = BeautifulSoup((result.site_dir / "papers" / paper.id / "index.html").read_text(encoding="utf-8"), "html.parser")
        assert " ".join(page.h1.get_text().split()) == " ".join(latex_to_text(paper.title).split()), paper.id
        text = " ".join(page.find("p", class_="paper-abstract").get_text(" ").split())
        assert " ".join(latex_to_text(paper.abstract).split())[:200] in text, paper.id


def test_every_title_is_in_the_search_index(shipped_builds):
    root, result = shipped_builds[0]
    titles = {" ".join(BeautifulSoup(doc["title"], "html.parser").get_text().split()) for doc in search_docs(result.site_dir)}
    papers, _ = load_papers(root / "data")
    missing = [p.id for p in papers if " ".join(latex_to_text(p.title).split()) not in titles]
    assert missing == []


def test_same_data_gives_a_byte_identical_site(shipped_builds):
    (_, first), (_, second) = shipped_builds
    assert site_files(first.site_dir) == site_files(second.site_dir)
