"""`enrich --from FILE`: records from an arXiv metadata snapshot, matched by id or verified title, in bounded memory."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import os
import shutil
import tracemalloc
from pathlib import Path

import pytest

from generator.commands.check import check_data
from generator.cli import main
from generator.commands.enrich import enrich_from_file
from generator.commands.ingest import ingest_files
from generator.model import Paper, paper_to_dict
from generator.project import copy_project_skeleton
from generator.enrichment.snapshot import CatalogIndex, record_from_snapshot, scan_snapshot
from generator.storage.store import load_papers, write_paper

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("LRL_SHARED") or ROOT.parent / "shared") / "fixtures" / "arxiv-snapshot"

ABSTRACT = (
    "We quantize the weights of large language models to two bits by rotating them with random orthogonal "
    "matrices first, which spreads outliers evenly, and then rounding with an adaptive scheme that minimises "
    "a proxy of the layer's output error; the method needs no fine-tuning and runs on one GPU in hours."
)
OTHER_ABSTRACT = (
    "We prune attention heads of large language models in one shot by scoring each head with the change in "
    "the loss it causes on a small calibration set, then removing the lowest-scoring half of them, and show "
    "that perplexity barely moves on seven models while decoding runs a third faster on common hardware."
)


def line(**fields) -> str:
    """One snapshot line in the public file's shape, with every key it always has."""
    record = {"id": None, "submitter": "A. Submitter", "authors": "", "title": "", "comments": None,
              "journal-ref": None, "doi": None, "report-no": None, "categories": "cs.CL", "license": None,
              "abstract": "", "versions": [], "update_date": "2026-11-20", "authors_parsed": []}
    return json.dumps(record | fields) + "\n"


ROTATED = line(
    id="2611.01234", title="Rotate, then Round:\n  Two-Bit Weights for Large Language Models",
    abstract="  " + ABSTRACT + "\n", authors="Ana Lima, Jo\\~ao Souza and Wei Chen",
    authors_parsed=[["Lima", "Ana", ""], ["Souza", "Jo\\~ao", ""], ["Chen", "Wei", "Jr"]],
    categories="cs.LG cs.CL", comments="Accepted at ICLR 2027; 9 pages", doi="10.5555/rr.2027",
    versions=[{"version": "v1", "created": "Mon, 2 Nov 2026 18:00:01 GMT"}, {"version": "v2", "created": "Fri, 20 Nov 2026 10:00:00 GMT"}],
)
NEAR_MISS = line(id="2611.04321", title="Rotate, then Prune: Two-Bit Heads for Large Language Models",
                 abstract=OTHER_ABSTRACT, authors="Kim Lee")
KNOWN = line(id="2611.00101", title="Paged Adapters", abstract="Short.", authors="Ada Lin",
             **{"journal-ref": "Proc. MLSys 7 (2027)"})


def papers() -> list[Paper]:
    return [
        Paper(id="rotate-then-round-two-bit-weights-for-large-language-models",
              title="Rotate, then Round: Two-Bit Weights for Large Language Models", abstract=ABSTRACT, topics=["compression"]),
        Paper(id="rotate-then-prune-two-bit-heads-for-llms", title="Rotate then Prune: Two-Bit Heads for LLMs",
              abstract=ABSTRACT.replace("two bits", "three bits"), topics=["compression"]),
        Paper(id="2611.00101", arxiv="2611.00101", title="Paged Adapters", venue="Curated Venue", topics=["serving"]),
    ]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    copy_project_skeleton(ROOT, tmp_path / "p", with_papers=False)
    for paper in papers():
        write_paper(tmp_path / "p" / "data", paper)
    return tmp_path / "p"


def test_a_snapshot_line_becomes_a_record():
    record = record_from_snapshot(json.loads(ROTATED))
    assert record.title == "Rotate, then Round: Two-Bit Weights for Large Language Models"
    assert record.authors == ("Ana Lima", "João Souza", "Wei Chen Jr"), "names from authors_parsed, LaTeX read"
    assert (record.published, record.categories) == (dt.date(2026, 11, 2), ("cs.LG", "cs.CL")), "the first version's date"
    assert record_from_snapshot({"id": "not an id"}) is None
    plain = record_from_snapshot(json.loads(line(id="hep-th/9901001v2", authors="A. One, B. Two and C. Three")))
    assert plain.arxiv == "hep-th/9901001" and plain.authors == ("A. One", "B. Two", "C. Three")


def test_enrich_from_file_matches_by_id_and_verified_title_only(project, tmp_path):
    snapshot = tmp_path / "snapshot.json"
    snapshot.write_bytes((NEAR_MISS + "\n" + ROTATED + "{broken\n" + "[1, 2]\n" + KNOWN).encode() + b"\xff\xfe\n")
    result = enrich_from_file(project, snapshot)
    assert result.lines == 7
    assert result.errors == [f"{snapshot}:4: not a JSON record (Expecting property name enclosed in double quotes "
                             "at column 2)", f"{snapshot}:5: not a JSON object", f"{snapshot}:7: not UTF-8 text"]
    assert result.renamed == {"rotate-then-round-two-bit-weights-for-large-language-models": "2611.01234"}
    found = {p.id: p for p in load_papers(project / "data")[0]}
    rotated = found["2611.01234"]
    assert (rotated.arxiv, rotated.venue, rotated.doi, rotated.published) == (
        "2611.01234", "ICLR 2027", "10.5555/rr.2027", dt.date(2026, 11, 2))
    assert rotated.abstract == ABSTRACT and rotated.categories == ["cs.LG", "cs.CL"]
    assert found["rotate-then-prune-two-bit-heads-for-llms"].arxiv is None, "a near-miss title with another abstract is refused"
    known = found["2611.00101"]
    assert (known.venue, known.authors, known.journal_ref) == ("Curated Venue", ["Ada Lin"], "Proc. MLSys 7 (2027)")
    assert check_data(project).errors == 0


def test_the_cli_reads_gzip_and_names_a_missing_file(project, tmp_path, capsys):
    snapshot = tmp_path / "snapshot.json.gz"
    with gzip.open(snapshot, "wt", encoding="utf-8") as handle:
        handle.write(ROTATED)
    assert main(["--root", str(project), "enrich", "--from", str(snapshot)]) == 0
    out = capsys.readouterr().out
    assert "renamed data/papers/rotate-then-round-two-bit-weights-for-large-language-models.yml -> data/papers/2611.01234.yml" in out
    assert "read 1 lines, matched 1, enriched 1 (renamed 1 to their arXiv id)" in out
    assert main(["--root", str(project), "enrich", "--from", str(tmp_path / "nope.json")]) == 2
    assert "enrich: cannot read" in capsys.readouterr().err


def test_memory_stays_bounded_by_the_catalog_not_the_file(tmp_path):
    snapshot = tmp_path / "big.json"
    filler = "x" * 900
    with snapshot.open("w", encoding="utf-8") as handle:
        for n in range(20_000):
            handle.write(line(id=f"2601.{n:05d}", title=f"Unrelated paper number {n}", abstract=f"{n} {filler}"))
        handle.write(ROTATED)
    index = CatalogIndex(papers())
    tracemalloc.start()
    scan = scan_snapshot(snapshot, index)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert scan.lines == 20_001 and list(scan.found) == ["rotate-then-round-two-bit-weights-for-large-language-models"]
    assert peak < snapshot.stat().st_size / 20, f"peak {peak} bytes for a {snapshot.stat().st_size}-byte file"


def seed_ids() -> set[str]:
    lines = (SHARED / "seed-papers.jsonl").read_text(encoding="utf-8").splitlines()
    return {json.loads(raw)["id"] for raw in lines if raw.strip()}


@pytest.mark.skipif(not SHARED.is_dir(), reason=f"no shared fixtures at {SHARED}")
def test_the_listings_enriched_from_the_seed_snapshot_gain_ids_and_keep_what_they_had(tmp_path):
    project = copy_project_skeleton(ROOT, tmp_path / "fresh", with_papers=False)
    shutil.copytree(ROOT / "data" / "sources", project / "data" / "sources")
    ingest_files(project, sorted((project / "data" / "sources").glob("*.txt")), dt.date(2026, 11, 21))
    before = {p.id: p for p in load_papers(project / "data")[0]}
    result = enrich_from_file(project, SHARED / "seed-papers.jsonl")
    assert result.errors == [] and result.doubts == [] and result.notes == []
    after = {p.id: p for p in load_papers(project / "data")[0]}
    assert seed_ids() <= {p.arxiv for p in after.values()}, "every paper with a record has its arXiv id"
    assert len(after) == len(before) and check_data(project).errors == 0
    renamed = {new: old for old, new in result.renamed.items()}
    assert len(renamed) >= 80 and all(after[new].arxiv == new for new in renamed)
    for paper in after.values():
        old = before[renamed.get(paper.id, paper.id)]
        kept = {k: v for k, v in paper_to_dict(old).items() if k not in ("id", "title_is_derived")}
        if old.title_is_derived:
            kept.pop("title")
        now = paper_to_dict(paper)
        assert {k: now.get(k) for k in kept} == kept, f"{paper.id}: a value already there was overwritten"
    assert sum(bool(after[new].authors) for new in renamed) >= 20
    assert after["2410.11331"].authors[0] == "Syed Abdul Gaffar Shakhadri"


@pytest.mark.skipif(not SHARED.is_dir(), reason=f"no shared fixtures at {SHARED}")
def test_the_shipped_data_is_already_enriched_from_the_seed_snapshot(tmp_path):
    project = copy_project_skeleton(ROOT, tmp_path / "shipped")
    result = enrich_from_file(project, SHARED / "seed-papers.jsonl")
    assert result.changed == {} and result.doubts == [], "rerun enrich --from on data/ and commit it"
    assert seed_ids() <= {p.arxiv for p in load_papers(project / "data")[0]}


def test_values_of_the_wrong_type_are_ignored_not_fatal(project, tmp_path):
    snapshot = tmp_path / "odd.json"
    odd = [{"id": ["2611.01234"], "title": {"t": 1}, "abstract": 7},
           {"id": 2611.01234, "title": None, "abstract": None, "authors_parsed": [[1, 2]], "versions": [{"created": 5}]},
           json.loads(ROTATED) | {"authors_parsed": "x", "authors": ["not", "a", "line"], "versions": "v1", "categories": 3}]
    snapshot.write_text("".join(json.dumps(o) + "\n" for o in odd), encoding="utf-8")
    result = enrich_from_file(project, snapshot)
    assert result.errors == [] and list(result.renamed.values()) == ["2611.01234"]
    rotated = {p.id: p for p in load_papers(project / "data")[0]}["2611.01234"]
    assert (rotated.authors, rotated.categories, rotated.published) == ([], [], None)


def test_a_file_that_is_not_a_snapshot_is_named_line_by_line_then_counted(project, tmp_path, capsys):
    wrong = tmp_path / "notes.txt"
    wrong.write_text("".join(f"note {n}\n" for n in range(25)), encoding="utf-8")
    before = {p.name: p.read_bytes() for p in (project / "data" / "papers").iterdir()}
    assert main(["--root", str(project), "enrich", "--from", str(wrong)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == f"skipped: {wrong}:1: not a JSON record (Expecting value at column 1)"
    assert len(err) == 21 and err[-1] == f"skipped: {wrong}: 5 more unreadable line(s)"
    assert {p.name: p.read_bytes() for p in (project / "data" / "papers").iterdir()} == before


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_sees_the_megabytes_read(tmp_path, monkeypatch):
    monkeypatch.setattr("generator.enrichment.snapshot.MEGABYTE", 1000)
    monkeypatch.setattr("generator.enrichment.snapshot.PROGRESS_EVERY", 10)
    snapshot = tmp_path / "snapshot.json"
    snapshot.write_text("".join(line(id=f"2601.{n:05d}", title=f"Paper {n}") for n in range(200)), encoding="utf-8")
    terminal = Terminal()
    scan = scan_snapshot(snapshot, CatalogIndex(papers()), stream=terminal)
    total = snapshot.stat().st_size // 1000
    drawn = terminal.getvalue().split("\r")
    assert scan.lines == 200 and total >= 40 and any(d.startswith("enrich --from (MB) [") for d in drawn)
    assert any(d.endswith(f"/{total}") for d in drawn) and drawn[-1].strip() == "", "drawn, then cleared"
    assert scan_snapshot(snapshot, CatalogIndex(papers()), stream=io.StringIO()).lines == 200, "no bar in a pipe"
