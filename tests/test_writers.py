"""Commands that write data/: one at a time, valid files only, nothing left behind by a kill, curators' edits kept."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from generator.cli import main
from generator.storage.fileio import exchange_into_place, remove_stale_staging, staging_dir
from generator.storage.lock import data_lock
from generator.model import Paper, Source
from generator.project import copy_project_skeleton
from generator.storage.store import (PaperRejected, load_papers, paper_files, read_paper_file, repair_paper, validated_text,
                             write_paper)

REPO = Path(__file__).resolve().parent.parent
LISTINGS = sorted((REPO / "data" / "sources").glob("*.txt"))
TODAY = "2026-11-21"


@pytest.fixture
def project(tmp_path):
    return copy_project_skeleton(REPO, tmp_path / "p", with_papers=False)


def _ingest(root: Path, *files: Path, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "generator", "--root", str(root), "ingest", "--today", TODAY,
                             *map(str, files)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})})


def _ingest_here(root: Path, *files: Path) -> int:
    """The same ingest in this process: for reference runs, which need no process of their own to be killed or raced."""
    return main(["--root", str(root), "ingest", "--today", TODAY, *map(str, files)])


def _state(root: Path) -> dict[str, set]:
    """Each paper file and the set of sources it records: what two runs must agree on, whatever their order."""
    papers, problems = load_papers(root / "data")
    assert problems == []
    return {p.id: {(s.file, s.line) for s in p.sources} for p in papers}


def test_two_ingests_at_once_lose_and_duplicate_nothing(project, tmp_path):
    first, second = LISTINGS[:3], LISTINGS[2:]  # one listing in both, so both runs touch the same papers
    runs = [_ingest(project, *first), _ingest(project, *second)]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    # the result is that of one run after the other, in whichever order they got the lock
    orders = []
    for name, (a, b) in {"ab": (first, second), "ba": (second, first)}.items():
        alone = copy_project_skeleton(REPO, tmp_path / name, with_papers=False)
        assert _ingest_here(alone, *a) == 0 and _ingest_here(alone, *b) == 0
        orders.append(_state(alone))
    assert _state(project) in orders


def test_a_second_writer_waits_then_gives_up_with_a_message(project):
    with data_lock(project):
        run = _ingest(project, LISTINGS[0], env={"READING_LIST_LOCK_TIMEOUT": "1"})
        out, err = run.communicate(timeout=120)
    assert run.returncode == 4
    assert f"waiting: another command (pid {os.getpid()}) is writing data/" in err
    assert "is still writing data/ after 1 s; let it finish and run this again" in err
    assert "Traceback" not in err and list(paper_files(project / "data")) == []


def test_kill_9_at_any_moment_leaves_valid_files_and_no_litter(project, tmp_path):
    expected = copy_project_skeleton(REPO, tmp_path / "alone", with_papers=False)
    assert _ingest_here(expected, *LISTINGS) == 0
    for delay in (0.8, 2.0, 3.5):
        run = _ingest(project, *LISTINGS)
        time.sleep(delay)
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=60)
        for path in paper_files(project / "data"):
            assert read_paper_file(path, project).problems == [], path  # every file on disk is whole and valid
    # litter a kill may leave is removed by the next writer, which then finishes the job
    (project / "data" / "papers" / ".2401.05561.yml.abc123.tmp").write_text("half", encoding="utf-8")
    assert _ingest_here(project, *LISTINGS) == 0
    assert [p.name for p in (project / "data").rglob("*.tmp")] == []
    assert _state(project) == _state(expected)


def test_ingest_writes_only_what_check_accepts(project, tmp_path, capsys):
    abstract = ("Large language models are increasingly used for many tasks, and this abstract is long enough "
                "to be one. We present a method that works well. ")
    listing = tmp_path / "hostile.txt"
    listing.write_text(f"{abstract}Code: HTTPS://github.com/foo/bar and https://[::1 for details.\narXiv:2401.09999\n"
                       f"$$ . . . $$\narXiv:2401.07777\n{abstract} Again.\narXiv:２４０１.０８８８８\n", encoding="utf-8")
    (tmp_path / "awesome.md").write_text("# Awesome\n\n## Serving\n\n- [A Real Title For Testing]"
                                         "(https://arxiv.org/abs/2401.06666) [](http)\n", encoding="utf-8")
    assert main(["--root", str(project), "ingest", "--today", TODAY, str(listing), str(tmp_path / "awesome.md")]) == 0
    assert main(["--root", str(project), "check"]) in (0, 1)
    out = capsys.readouterr().out
    errors = [line for line in out.splitlines() if ": error: " in line and "no topics" not in line]
    assert errors == [], out
    papers = {p.id: p for p in load_papers(project / "data")[0]}
    assert papers["2401.09999"].links.code == ["https://github.com/foo/bar"]
    assert papers["2401.07777"].title == "arXiv:2401.07777" and papers["2401.07777"].title_is_derived
    assert "2401.08888" in papers  # the full-width id, read as the ASCII id it is
    assert all(not s.file.startswith("/") for p in papers.values() for s in p.sources)  # no local path published


def test_a_paper_check_would_refuse_is_never_written(project):
    bad = Paper(id="x", title="X", topics=["no-such-topic"], sources=[Source("listing.txt", 7)])
    with pytest.raises(PaperRejected, match=r"^listing.txt:7: not written \(x\): unknown topic"):
        write_paper(project / "data", bad, {"topics": {"serving"}})
    assert not (project / "data" / "papers" / "x.yml").exists()


def test_the_shipped_files_are_rewritten_byte_for_byte():
    papers, problems = load_papers(REPO / "data")
    assert problems == []
    for paper in papers:
        path = REPO / "data" / "papers" / f"{paper.id}.yml"
        assert repair_paper(paper) == paper  # the repairs before a write leave a valid paper as it is
        assert validated_text(REPO / "data", paper)[1] == path.read_text(encoding="utf-8")


def test_comments_survive_and_a_deleted_field_stays_deleted_on_re_ingest(project, tmp_path):
    assert _ingest(project, LISTINGS[0]).wait(timeout=300) == 0
    path = next(p for p in paper_files(project / "data") if "\ncomments: " in p.read_text(encoding="utf-8")
                and "\narxiv: " in p.read_text(encoding="utf-8")
                and not p.read_text(encoding="utf-8").split("\ncomments: ", 1)[1].split("\n", 2)[1].startswith(" "))
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    edited = [line for line in lines if not line.startswith("comments: ")]  # the curator deletes a field...
    at = next(n for n, line in enumerate(edited) if line.startswith("topics:"))
    edited.insert(at, "# checked by hand: keep these topics\n")  # ...and explains a choice
    edited[1] = edited[1].rstrip("\n") + "  # the title as printed\n"
    path.write_text("".join(edited), encoding="utf-8")
    ids = tmp_path / "ids.txt"  # a new listing naming the paper: it is merged, so its file is rewritten
    ids.write_text(f"https://huggingface.co/papers/{path.stem}\n", encoding="utf-8")
    assert _ingest(project, LISTINGS[0], ids).wait(timeout=300) == 0
    after = path.read_text(encoding="utf-8")
    assert f"https://huggingface.co/papers/{path.stem}" in after and "ids.txt" in after
    assert "# checked by hand: keep these topics\n" in after and "  # the title as printed\n" in after
    assert "\ncomments: " not in after
    assert read_paper_file(path, project).problems == []


def test_fix_never_squeezes_a_file_name(project, capsys):
    path = project / "data" / "papers" / "spaced.yml"
    path.write_text("id: spaced\ntitle: A  spaced   title\ntopics: [serving]\nsources:\n"
                    "  - file: data/sources/my  listing.txt\n    line: 1\n", encoding="utf-8")
    main(["--root", str(project), "check", "--fix"])
    fixed = path.read_text(encoding="utf-8")
    assert "file: data/sources/my  listing.txt" in fixed and "title: A spaced title" in fixed


def test_the_site_is_never_missing_while_it_is_replaced(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("v0", encoding="utf-8")
    missing, stop = [], threading.Event()

    def watch() -> None:
        while not stop.is_set():
            try:
                (site / "index.html").read_text(encoding="utf-8")
            except FileNotFoundError:
                missing.append(1)

    watcher = threading.Thread(target=watch)
    watcher.start()
    for n in range(1, 60):
        staging = staging_dir(site)
        (staging / "index.html").write_text(f"v{n}", encoding="utf-8")
        assert exchange_into_place(staging, site)
        shutil.rmtree(staging)  # it now holds the old site, as after a build that keeps no spare
    stop.set()
    watcher.join()
    if sys.platform.startswith("linux"):
        assert missing == []
    assert (site / "index.html").read_text(encoding="utf-8") == "v59"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    (tmp_path / ".site-killed").mkdir()  # what a build killed before its swap leaves
    assert [p.name for p in remove_stale_staging(site)] == [".site-killed"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_refused_paper_is_counted_as_skipped_not_added(project, tmp_path, capsys):
    listing = tmp_path / "bad.txt"
    listing.write_text("2401.05561\n", encoding="utf-8")
    # an `added` date far in the future breaks the date rule, so the paper is refused before it is written
    assert main(["--root", str(project), "ingest", "--today", "9999-01-01", str(listing)]) == 1
    captured = capsys.readouterr()
    assert "read 1, added 0, merged 0, unchanged 0, without arXiv id 0, not papers 0, skipped 1" in captured.out
    assert "skipped: bad.txt:1: not written (2401.05561): added '9999-01-01' is outside 1990 to" in captured.err
    assert paper_files(project / "data") == []
