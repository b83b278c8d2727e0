"""Every way in ends in the same papers: one paper in five forms is one file; `add`; bad inputs named and skipped."""

import datetime as dt
import io
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.commands.ingest import ingest_files
from generator.storage.store import load_papers
from generator.project import copy_project_skeleton

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
TODAY = dt.date(2026, 11, 21)


@pytest.fixture
def project(tmp_path):
    copy_project_skeleton(ROOT, tmp_path, with_papers=False)
    return tmp_path


def papers_of(project):
    papers, problems = load_papers(project / "data")
    assert problems == []
    return {p.id: p for p in papers}


def test_one_paper_in_five_forms_is_one_file(project):
    forms = [
        FIXTURES / "text" / "arxiv_dump.txt",
        FIXTURES / "html" / "arxiv_abs.html",
        FIXTURES / "awesome" / "table.md",
        FIXTURES / "bibtex" / "refs.bib",
        FIXTURES / "text" / "ids.txt",
    ]
    ingest_files(project, forms, TODAY)
    papers = papers_of(project)
    paged = papers["2611.00101"]
    assert [p for p in papers.values() if p.arxiv == "2611.00101"] == [paged]
    assert sorted(s.format for s in paged.sources) == [
        "arxiv-abs-html", "arxiv-abstracts", "awesome-list", "bibtex", "id-list",
    ]
    assert paged.title == "Paged Adapters: Serving Many Fine-Tuned Models on One GPU" and not paged.title_is_derived
    assert paged.published == dt.date(2026, 11, 18) and paged.authors == ["Ada Lin", "Bruno Moreau"]
    again = ingest_files(project, forms, TODAY)
    assert (again.added, again.merged) == (0, 0), "ingesting the same files again changes nothing"


def test_a_heading_names_the_first_topic_and_id_only_papers_wait_for_enrich(project):
    ingest_files(project, [FIXTURES / "awesome" / "bullets.md"], TODAY)
    papers = papers_of(project)
    assert papers["2611.00202"].topics[0] == "serving"
    assert papers["2611.00707"].topics[0] == "compression"
    assert papers["2611.00707"].sources[0].heading == "Compression > Quantization and pruning"
    ingest_files(project, [FIXTURES / "text" / "ids.txt"], TODAY)
    only_id = papers_of(project)["2611.00102"]
    assert only_id.title == "arXiv:2611.00102" and only_id.title_is_derived
    assert only_id.topics == [], "nothing to classify yet: enrich will"


def test_add_reports_what_it_added_and_merged(project, capsys, monkeypatch):
    args = ["--root", str(project), "add", "--today", "2026-11-21"]
    assert main([*args, "https://arxiv.org/abs/2611.00101v2", "hep-th/9901001"]) == 0
    out = capsys.readouterr().out
    assert "added data/papers/2611.00101.yml: arXiv:2611.00101" in out
    assert "added data/papers/hep-th-9901001.yml: arXiv:hep-th/9901001" in out
    assert "next: python -m generator enrich" in out
    assert main([*args, str(FIXTURES / "html" / "hf_paper.html")]) == 0
    assert "merged into data/papers/2611.00101.yml: Paged Adapters: Serving Many" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO("https://huggingface.co/papers/2611.00101\n"))
    assert main([*args, "-"]) == 0
    assert "merged into data/papers/2611.00101.yml" in capsys.readouterr().out
    assert main([*args, "2611.00101"]) == 0
    assert "already in data/papers/2611.00101.yml, nothing new" in capsys.readouterr().out
    assert main([*args, "no-such-thing"]) == 1
    assert "skipped: no-such-thing: not a file, an arXiv id or a paper URL" in capsys.readouterr().err
    paper = papers_of(project)["2611.00101"]
    # a file outside the project is named by its file name only: no absolute local path is ever published
    assert [s.file for s in paper.sources] == ["(command line)", "hf_paper.html", "(stdin)"]


def test_each_bad_input_gets_one_line_and_the_rest_is_ingested(project, capsys):
    inputs = project / "inputs"
    inputs.mkdir()
    (inputs / "empty.txt").write_text("\n  \n", encoding="utf-8")
    (inputs / "blob.pdf").write_bytes(b"%PDF-1.7\x00\x01\x02binary")
    shutil.copy(FIXTURES / "text" / "unknown.txt", inputs / "notes.txt")
    page = (FIXTURES / "html" / "arxiv_list_new.html").read_text(encoding="utf-8")
    (inputs / "cut.html").write_text(page[:2500], encoding="utf-8")
    shutil.copy(FIXTURES / "bibtex" / "broken.bib", inputs / "broken.bib")
    shutil.copy(FIXTURES / "text" / "ids.txt", inputs / "ids.txt")
    names = ["empty.txt", "blob.pdf", "notes.txt", "cut.html", "broken.bib", "ids.txt"]
    code = main(["--root", str(project), "ingest", *(str(inputs / n) for n in names), "--today", "2026-11-21"])
    out, err = capsys.readouterr()
    lines = err.strip().splitlines()
    assert code == 1, "the exit status says something was skipped"
    assert len(lines) == 6, err
    expected = [
        "empty.txt: empty file",
        "blob.pdf: binary file",
        "notes.txt: not a known listing format",
        "cut.html: truncated HTML page",
        "broken.bib:8: entry 'broken2026': unbalanced braces",
        "broken.bib:22: entry 'extra2026': unbalanced braces",
    ]
    for line, words in zip(lines, expected):
        assert line.startswith("skipped: ") and words in line, line
    assert "added 12" in out, "the good BibTeX entries (one cut short by its extra brace) and the id list are ingested"
    assert {"2611.02001", "2611.02003", "2611.00101"} <= {p.arxiv for p in papers_of(project).values()}
