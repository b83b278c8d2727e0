"""Ingest end to end on real files: dedupe across listings, idempotence, curator edits, safe ids, YAML round trip."""

import datetime as dt
from pathlib import Path

import pytest

from generator.cli import main
from generator.commands.ingest import ingest_files
from generator.curate.dedupe import PaperIndex
from generator.model import Links, Paper, RawEntry, Source
from generator.storage.store import dump_paper, load_papers, paper_path, write_paper
from generator.project import copy_project_skeleton

ROOT = Path(__file__).resolve().parents[1]
TODAY = dt.date(2026, 11, 21)
ABSTRACT = (
    "Large language models are expensive to serve at scale. We propose FooServe, a serving system that "
    "batches requests across many adapters to raise throughput without hurting latency. Code is at "
    "https://github.com/foo/serve. Experiments on real traces show large gains over strong baselines."
)


@pytest.fixture
def project(tmp_path):
    return copy_project_skeleton(ROOT, tmp_path, with_papers=False)


def snapshot(project):
    return {p.name: p.read_bytes() for p in sorted((project / "data" / "papers").iterdir())}


def test_seed_listings_become_one_file_per_distinct_paper(project):
    listings = sorted((ROOT / "data" / "sources").glob("*.txt"))
    first = ingest_files(project, listings, TODAY)
    assert (first.read, first.added, first.merged) == (219, 216, 3)
    papers, problems = load_papers(project / "data")
    assert problems == [] and len(papers) == 216
    assert all(p.title and p.abstract and p.topics for p in papers)
    redco = next(p for p in papers if p.arxiv == "2310.16355")
    assert redco.title.startswith("Redco: A Lightweight Tool") and not redco.title_is_derived
    assert len(redco.sources) == 2 and redco.links.code == ["https://github.com/tanyuqian/redco"]
    parrot = next(p for p in papers if p.title.startswith("Parrot: Efficient Serving"))
    assert parrot.authors_count == 7 and parrot.published == dt.date(2024, 5, 30)


def test_ingesting_again_changes_nothing(project):
    listings = sorted((ROOT / "data" / "sources").glob("*.txt"))
    ingest_files(project, listings, TODAY)
    before = snapshot(project)
    again = ingest_files(project, listings, TODAY + dt.timedelta(days=3))
    assert (again.added, again.merged, again.unchanged) == (0, 0, 219)
    assert snapshot(project) == before


def test_real_title_replaces_derived_and_curator_edits_survive(project):
    listing = project / "abstracts.txt"
    listing.write_text(ABSTRACT + "\n", encoding="utf-8")
    ingest_files(project, [listing], TODAY)
    (paper,), _ = load_papers(project / "data")
    assert paper.title_is_derived and paper.title.startswith("FooServe: ")
    write_paper(project / "data", Paper(**{**paper.__dict__, "venue": "Curated Venue", "topics": ["agents"]}))
    titled = project / "search.txt"
    titled.write_text(f"FooServe: Serving Many Adapters\n{ABSTRACT}\n", encoding="utf-8")
    result = ingest_files(project, [titled], TODAY)
    (merged,), _ = load_papers(project / "data")
    assert result.merged == 1 and merged.title == "FooServe: Serving Many Adapters" and not merged.title_is_derived
    assert merged.venue == "Curated Venue" and merged.topics == ["agents"]
    assert [s.file for s in merged.sources] == ["abstracts.txt", "search.txt"]


def test_bad_files_are_reported_and_the_rest_ingested(project, capsys):
    good = project / "good.txt"
    good.write_text(ABSTRACT + "\n", encoding="utf-8")
    empty, binary = project / "empty.txt", project / "blob.bin"
    empty.write_text("  \n", encoding="utf-8")
    binary.write_bytes(b"\x89PNG\x00\x00")
    code = main(["--root", str(project), "ingest", str(empty), str(good), str(binary), "--today", "2026-11-21"])
    out, err = capsys.readouterr()
    assert code == 1 and "added 1" in out
    assert "empty.txt: empty file" in err and "blob.bin: binary file" in err


def test_broken_data_stops_ingest_with_file_and_line(project, capsys):
    (project / "data" / "papers" / "bad.yml").write_text("id: bad\ntitle: [unclosed\n", encoding="utf-8")
    listing = project / "a.txt"
    listing.write_text(ABSTRACT + "\n", encoding="utf-8")
    assert main(["--root", str(project), "ingest", str(listing)]) == 2
    assert "data/papers/bad.yml:3" in capsys.readouterr().err or "data/papers/bad.yml:2" in capsys.readouterr().err


@pytest.mark.parametrize("bad_id", ["../escape", "a/b", "UPPER", "", ".hidden", "x" * 120])
def test_ids_never_become_paths_outside_data_papers(tmp_path, bad_id):
    with pytest.raises(ValueError):
        paper_path(tmp_path, bad_id)


def test_yaml_round_trip_is_exact(tmp_path):
    paper = Paper(
        id="2401.05561", title="TrustLLM: {\\it Trust} in $f+1$ | <b> * [x]", abstract="Line: with 'quotes' and \"more\" — ünïcode",
        arxiv="2401.05561", links=Links(code=["https://github.com/a/b"], hf="https://huggingface.co/papers/2401.05561"),
        authors_count=8, published=dt.date(2024, 1, 10), venue="FPGA'24", upvotes=12, topics=["trust", "evaluation"],
        tags=["benchmark"], sources=[Source("data/sources/x.txt", 3, "hf-daily")], added=TODAY,
    )
    (tmp_path / "papers").mkdir()
    write_paper(tmp_path, paper)
    loaded, problems = load_papers(tmp_path)
    assert problems == [] and loaded == [paper]
    assert dump_paper(loaded[0]) == (tmp_path / "papers" / "2401.05561.yml").read_text(encoding="utf-8")
    assert not list((tmp_path / "papers").glob(".*.tmp")), "no temporary file is left behind"


def test_shipped_data_is_what_the_seeds_give(project):
    """data/papers/ holds every paper the shipped listings produce (plus any curated later), under its own id
    or, once enrichment found its arXiv id, under that: the same paper by title or abstract."""
    ingest_files(project, sorted((ROOT / "data" / "sources").glob("*.txt")), TODAY)
    fresh = load_papers(project / "data")[0]
    shipped, problems = load_papers(ROOT / "data")
    assert problems == [] and len(fresh) == len(shipped)
    index = PaperIndex(shipped)
    ids = {p.id for p in shipped}
    for paper in fresh:
        found = paper.id if paper.id in ids else index.find(RawEntry(Source("-", 1), title=paper.title, abstract=paper.abstract))
        assert found and (found == paper.id or found == next(p.arxiv for p in shipped if p.id == found)), paper.id
