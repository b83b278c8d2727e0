"""The build's forked workers (half the paper files read, half the pages filled): the same result as one process,
and a worker that dies, fails or hangs ends the build in one line with exit code 5, the previous site/ kept."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import textwrap

import pytest

from conftest import REPO, make_papers, make_project


def _run(script: str, *args: str) -> subprocess.CompletedProcess:
    """A script in a process of its own: a worker is forked only from a process with one thread, which a test
    worker is not."""
    return subprocess.run([sys.executable, "-c", textwrap.dedent(script), *args], cwd=REPO, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"})


READ_BOTH_WAYS = """
    import json, sys
    from pathlib import Path
    from generator import buildcache
    from generator.problems import DataError

    def read(root):
        try:
            got = buildcache.read_papers_cached(Path(root))
        except DataError as exc:
            return {"problems": [f"{p.path}:{p.line}: {p.message}" for p in exc.problems]}
        return {"papers": [repr(p) for p in got.papers], "keys": got.file_keys, "key": got.key}

    root = sys.argv[1]
    alone = read(root)
    buildcache.READ_APART_FROM = 1
    for cache in Path(root, buildcache.CACHE_DIR).glob("*.pickle"):
        cache.unlink()
    print(json.dumps({"alone": alone, "apart": read(root)}))
"""


def test_files_read_in_two_processes_give_the_papers_and_keys_of_one(tmp_path) -> None:
    root = make_project(tmp_path)
    done = _run(READ_BOTH_WAYS, str(root))
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["apart"] == out["alone"] and len(out["alone"]["papers"]) == 5


def test_problems_found_by_the_reading_child_are_named_as_one_process_names_them(tmp_path) -> None:
    papers = make_papers()
    # The last file by name, which the child reads, with a topic that does not exist.
    broken = dataclasses.replace(papers[-1], id="zz-broken", arxiv=None)
    root = make_project(tmp_path, [*papers, broken])
    path = root / "data" / "papers" / "zz-broken.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("topics:\n", "topics:\n  - no-such-topic\n"),
                    encoding="utf-8")
    done = _run(READ_BOTH_WAYS, str(root))
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["apart"] == out["alone"]
    assert any("data/papers/zz-broken.yml:" in problem and "no-such-topic" in problem
               for problem in out["alone"]["problems"])


FAILING_READER = """
    import multiprocessing, os, signal, sys, time
    from generator import buildcache, cli

    read_file = buildcache._read_file

    def in_child(*args, **kwargs):
        if multiprocessing.parent_process() is not None:
            {how}
        return read_file(*args, **kwargs)

    buildcache._read_file = in_child
    buildcache.READ_APART_FROM = 1
    buildcache.read_timeout = lambda files: 0.5
    sys.exit(cli.main(sys.argv[1:]))
"""


@pytest.mark.parametrize("how, said", [
    ("os.kill(os.getpid(), signal.SIGKILL)",
     "paper files: the process reading them killed by SIGKILL before it answered (out of memory?)"),
    ("raise OSError('disk gone')", "paper files: reading them failed: OSError: disk gone"),
    ("time.sleep(600)", "paper files: not computed within 0.5 s for 3 files; the paper-reading process was stopped"),
])
def test_a_reading_child_that_dies_fails_or_hangs_ends_the_build_in_one_line(tmp_path, how, said) -> None:
    root = make_project(tmp_path)
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("the previous site", encoding="utf-8")
    done = _run(FAILING_READER.replace("{how}", how), "--root", str(root), "build")
    assert done.returncode == 5, done.stderr
    assert done.stderr == f"{said}; the previous site/ is kept\n"
    assert (root / "site" / "index.html").read_text(encoding="utf-8") == "the previous site"
    assert not (root / "docs" / "index.md").exists()


FILLS = """
    import json, multiprocessing, os, signal, sys, time
    from pathlib import Path
    from generator import build
    from generator.forked import WorkerError
    from generator.site.fill import SLOT_CLOSE, SLOT_OPEN, SHELL_FILE, SHELL_TITLE, Fill, paper_file

    fill_site = build.fill_site

    def in_child(*args, **kwargs):
        if multiprocessing.parent_process() is not None:
            {how}
        return fill_site(*args, **kwargs)

    site = Path(sys.argv[1])
    (site / SHELL_FILE).parent.mkdir(parents=True)
    (site / SHELL_FILE).write_text(f"<title>{SHELL_TITLE}</title>{SLOT_OPEN}{SLOT_CLOSE}", encoding="utf-8")
    fills = {paper_file(f"p{n}"): Fill(f"<p>paper {n} &amp; more</p>", SHELL_FILE, f"Paper {n}") for n in range(5)}
    build.FILL_APART_FROM = 1
    build.fill_site = in_child
    build.fill_timeout = lambda pages: 0.5
    try:
        written = build.fill_in_two(site, fills)
    except WorkerError as exc:
        written = str(exc)
    pages = {name: (site / name).read_text(encoding="utf-8") for name in sorted(fills) if (site / name).exists()}
    print(json.dumps({"written": written, "pages": pages, "children": len(multiprocessing.active_children())}))
"""


def _fills(tmp_path, how: str) -> dict:
    done = _run(FILLS.replace("{how}", how), str(tmp_path / "site"))
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_pages_filled_in_two_processes_are_every_page_filled_once(tmp_path) -> None:
    out = _fills(tmp_path, "pass")
    assert out["written"] == 5 and out["children"] == 0
    assert out["pages"]["papers/p4/index.html"] == "<title>Paper 4</title>" + (
        '<div class="generated-fill"><p>paper 4 &amp; more</p><!--/generated-fill--></div>')
    assert sorted(out["pages"]) == [f"papers/p{n}/index.html" for n in range(5)]


@pytest.mark.parametrize("how, said", [
    ("os.kill(os.getpid(), signal.SIGKILL)",
     "the site's filled pages: the process writing them killed by SIGKILL before it answered (out of memory?)"),
    ("time.sleep(600)", "the site's filled pages: not computed within 0.5 s for 3 pages; the page-filling process "
                        "was stopped"),
])
def test_a_filling_child_that_dies_or_hangs_is_named_and_reaped(tmp_path, how, said) -> None:
    out = _fills(tmp_path, how)
    assert out["written"] == said and out["children"] == 0


def test_a_build_whose_filling_child_fails_keeps_the_previous_site(tmp_path) -> None:
    root = make_project(tmp_path)
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("the previous site", encoding="utf-8")
    script = textwrap.dedent(FILLS.split("site = Path")[0]) + "build.FILL_APART_FROM = 1\nbuild.fill_site = in_child\n" + (
        "from generator import cli\nsys.exit(cli.main(sys.argv[1:]))\n")
    done = _run(script.replace("{how}", "raise OSError('disk full')"), "--root", str(root), "build")
    assert done.returncode == 5, done.stderr
    assert done.stderr == "the site's filled pages: writing them failed: OSError: disk full; the previous site/ is kept\n"
    assert (root / "site" / "index.html").read_text(encoding="utf-8") == "the previous site"
    assert [p.name for p in root.iterdir() if p.name.startswith(".site-")] == []


FORKING_BUILD = """
    import sys
    from generator import build, buildcache, cli
    build.FILL_APART_FROM = 1
    buildcache.READ_APART_FROM = 1
    sys.exit(cli.main(sys.argv[1:]))
"""


def _site_files(site) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_builds_with_every_worker_forked_give_the_site_of_one_process(tmp_path) -> None:
    """A cold build (files read and pages filled in halves) and an edit rebuild (the last site linked by a child)
    run forked, as on the command line, against the same builds here, where a test worker's threads keep every
    step in this process."""
    from generator.build import build
    from generator.storage.store import write_paper

    forking, alone = make_project(tmp_path / "forking"), make_project(tmp_path / "alone")
    done = _run(FORKING_BUILD, "--root", str(forking), "build")
    assert done.returncode == 0, done.stderr
    build(alone)
    assert _site_files(forking / "site") == _site_files(alone / "site")
    edited = dataclasses.replace(make_papers()[1], abstract="Paged caches, edited.")
    for root in (forking, alone):
        write_paper(root / "data", edited)
    done = _run(FORKING_BUILD, "--root", str(forking), "build")
    assert done.returncode == 0, done.stderr
    assert build(alone).reused_site
    assert _site_files(forking / "site") == _site_files(alone / "site")
    assert [p.name for p in tmp_path.glob("*/.site-*")] == []


DETACHED_FAILING = """
    import multiprocessing, sys
    from generator import build, cli

    write_detached = build._write_detached

    def in_child(*args):
        if multiprocessing.parent_process() is not None:
            raise OSError('disk full')
        return write_detached(*args)

    build._write_detached = in_child
    sys.exit(cli.main(sys.argv[1:]))
"""


def test_a_build_whose_feeds_child_fails_ends_in_one_line_and_keeps_the_previous_site(tmp_path) -> None:
    root = make_project(tmp_path)
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("the previous site", encoding="utf-8")
    done = _run(DETACHED_FAILING, "--root", str(root), "build")
    assert done.returncode == 5, done.stderr
    assert done.stderr == ("the feeds and the papers' search files: writing them failed: OSError: disk full; "
                           "the previous site/ is kept\n")
    assert (root / "site" / "index.html").read_text(encoding="utf-8") == "the previous site"
    assert [p.name for p in root.iterdir() if p.name.startswith(".site-")] == []
