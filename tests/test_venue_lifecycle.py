"""A preprint's venue fills when any source says it was accepted, and a curator's venue always wins."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from generator.enrichment.arxiv_api import ArxivRecord
from generator.curate.fill import venue_of
from generator.commands.enrich import enrich_from_file
from generator.commands.ingest import ingest_files
from generator.model import Paper
from generator.project import copy_project_skeleton
from generator.storage.store import load_papers, write_paper

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 11, 21)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    copy_project_skeleton(ROOT, tmp_path, with_papers=False)
    for paper_id, venue in (("2611.00101", None), ("2611.00202", "Curated Workshop 2026"), ("2611.00303", None)):
        write_paper(tmp_path / "data", Paper(id=paper_id, arxiv=paper_id, title=f"Paper {paper_id}", venue=venue,
                                             topics=["serving"]))
    return tmp_path


def venues(project: Path) -> dict[str, str | None]:
    return {p.id: p.venue for p in load_papers(project / "data")[0]}


def test_arxiv_comments_then_the_journal_reference_name_the_venue():
    assert venue_of(ArxivRecord("1", "T", comment="Accepted at ICLR 2024; 9 pages", journal_ref="Proc. X")) == "ICLR 2024"
    assert venue_of(ArxivRecord("1", "T", comment="12 pages, 3 figures", journal_ref="Proceedings of EMNLP 2023")) == "EMNLP 2023"
    assert venue_of(ArxivRecord("1", "T", journal_ref="Nature 620 (2023) 47-60")) == "Nature 620 (2023) 47-60"
    assert venue_of(ArxivRecord("1", "T", comment="Under review")) is None


def test_a_bibtex_booktitle_and_an_awesome_list_tag_fill_an_empty_venue_only(project):
    refs = project / "refs.bib"
    refs.write_text(
        "@inproceedings{a, title={Paper 2611.00101}, booktitle={Proceedings of ICML 2027}, eprint={2611.00101}}\n"
        "@inproceedings{b, title={Paper 2611.00202}, booktitle={NeurIPS 2026}, eprint={2611.00202}}\n",
        encoding="utf-8",
    )
    ingest_files(project, [refs], TODAY)
    assert venues(project)["2611.00101"] == "ICML 2027"
    assert venues(project)["2611.00202"] == "Curated Workshop 2026", "the curator's venue wins"
    readme = project / "README.md"
    readme.write_text("# Papers\n\n- [Paper 2611.00303](https://arxiv.org/abs/2611.00303) (ICLR 2027)\n"
                      "- [Paper 2611.00202](https://arxiv.org/abs/2611.00202) (AAAI 2027)\n", encoding="utf-8")
    ingest_files(project, [readme], TODAY)
    assert venues(project) == {"2611.00101": "ICML 2027", "2611.00202": "Curated Workshop 2026", "2611.00303": "ICLR 2027"}


def test_a_snapshot_journal_reference_fills_the_venue_and_never_replaces_one(project, tmp_path):
    snapshot = tmp_path / "snapshot.json"
    lines = [{"id": "2611.00101", "title": "Paper 2611.00101", "abstract": "x", "journal-ref": "Transactions on Things 4 (2027)"},
             {"id": "2611.00202", "title": "Paper 2611.00202", "abstract": "x", "comments": "Accepted to ICML 2027"}]
    snapshot.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    enrich_from_file(project, snapshot)
    found = {p.id: p for p in load_papers(project / "data")[0]}
    assert found["2611.00101"].venue == "Transactions on Things 4 (2027)"
    assert (found["2611.00202"].venue, found["2611.00202"].comments) == ("Curated Workshop 2026", "Accepted to ICML 2027")
    assert found["2611.00303"].venue is None, "no source named one"
