"""`classify` re-runs the rules and shows the diff before writing; `explain` shows the working."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import REPO
from generator.cli import main
from generator.storage.store import load_papers
from generator.project import copy_project_skeleton

PAPER = "2401.03868"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    data = copy_project_skeleton(REPO, tmp_path, with_papers=False) / "data"
    for path in sorted((REPO / "data" / "papers").glob("*.yml"))[:40]:
        shutil.copy(path, data / "papers" / path.name)
    text = (data / "papers" / f"{PAPER}.yml").read_text(encoding="utf-8")
    start = text.index("topics:")
    end = text.index("sources:")
    (data / "papers" / f"{PAPER}.yml").write_text(text[:start] + "topics:\n  - agents\n" + text[end:], encoding="utf-8")
    return tmp_path


def _paper(project: Path):
    papers, _ = load_papers(project / "data")
    return next(p for p in papers if p.id == PAPER)


def test_dry_run_shows_the_diff_and_writes_nothing(project: Path, capsys) -> None:
    before = (project / "data" / "papers" / f"{PAPER}.yml").read_bytes()
    assert main(["--root", str(project), "classify", PAPER, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert f"{PAPER}: topics agents -> platforms" in out and "would change 1 paper(s)" in out
    assert (project / "data" / "papers" / f"{PAPER}.yml").read_bytes() == before


def test_classify_writes_the_new_topics_and_tags(project: Path, capsys) -> None:
    assert main(["--root", str(project), "classify", PAPER]) == 0
    assert "changed 1 paper(s)" in capsys.readouterr().out
    paper = _paper(project)
    assert paper.topics[0] == "platforms" and {"fpga", "quantization"} <= set(paper.tags)
    assert main(["--root", str(project), "classify", "--all"]) == 0


def test_classify_needs_ids_or_all_and_known_ids(project: Path, capsys) -> None:
    assert main(["--root", str(project), "classify"]) == 1
    assert main(["--root", str(project), "classify", "no-such-paper"]) == 1
    assert "no paper with id no-such-paper" in capsys.readouterr().err


def test_explain_prints_phrases_and_scores(project: Path, capsys) -> None:
    assert main(["--root", str(project), "explain", PAPER]) == 0
    out = capsys.readouterr().out
    assert "stored topics:    agents" in out and "suggested topics: platforms" in out
    assert "'fpga' (weight 5" in out
    assert main(["--root", str(project), "explain", "nope"]) == 1


def test_a_paper_the_check_would_refuse_is_named_and_its_file_kept(project: Path, capsys, monkeypatch) -> None:
    import generator.commands.reclassify as reclassify

    path = project / "data" / "papers" / f"{PAPER}.yml"
    before = path.read_bytes()
    monkeypatch.setattr(reclassify, "suggest_tags", lambda paper, groups: ["no-such-tag"])
    assert main(["--root", str(project), "classify", PAPER]) == 1
    captured = capsys.readouterr()
    assert "skipped:" in captured.err and PAPER in captured.err and "no-such-tag" in captured.err
    assert "changed 0 paper(s)" in captured.out
    assert path.read_bytes() == before
