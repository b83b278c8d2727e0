"""Local preview: `mkdocs serve` shows an edit under data/ within seconds, keeps answering, and does not rebuild in a loop."""

from __future__ import annotations

import dataclasses
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import REPO, make_papers, make_project
from generator.storage.store import write_paper

BUILD_LINE = "Building documentation"
QUICK_LINE = "without rebuilding the site"
NEW_TITLE = "Fast Serving, Edited While the Server Runs"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(condition, timeout: float, step: float = 0.1):
    """The first truthy value of condition() within timeout seconds, else None."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    return None


@pytest.fixture
def served(tmp_path: Path):
    """A throwaway project served by `mkdocs serve` on a free port; the server is stopped whatever the test does."""
    root = make_project(tmp_path)
    log = tmp_path / "serve.log"
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(REPO)}
    env.pop("READING_LIST_DOCS_FRESH", None)
    with log.open("w", encoding="utf-8") as sink:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=root, env=env, stdout=sink, stderr=subprocess.STDOUT,
        )
    try:
        yield root, f"http://127.0.0.1:{port}", log
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def builds(log: Path) -> int:
    """Builds so far: MkDocs' own, and quick ones that filled an edit to data/ into the served site."""
    text = log.read_text(encoding="utf-8")
    return text.count(BUILD_LINE) + text.count(QUICK_LINE)


def settled(log: Path) -> int:
    """The build count once no build has started for two seconds."""
    counts = [builds(log)]
    while len(counts) < 4 or counts[-1] != counts[-4]:
        time.sleep(0.5)
        counts.append(builds(log))
        assert len(counts) < 30, f"still rebuilding after 15 s: {counts}"
    return counts[-1]


def test_an_edited_title_is_served_within_seconds_without_a_rebuild_loop(served):
    root, url, log = served
    page, paper_page = f"{url}/topics/serving/", f"{url}/papers/2402.00001/"
    first = wait_for(lambda: get(page), timeout=30)
    assert first is not None, log.read_text(encoding="utf-8")
    paper = next(p for p in make_papers() if p.id == "2402.00001")
    assert paper.title in first and NEW_TITLE not in first
    assert settled(log) == 1
    assert not (root / "docs" / "topics").exists()  # nothing generated was written into the watched docs/

    edited_at = time.monotonic()
    write_paper(root / "data", dataclasses.replace(paper, title=NEW_TITLE))
    assert wait_for(lambda: NEW_TITLE in (get(paper_page) or ""), timeout=10), log.read_text(encoding="utf-8")
    seen_after = time.monotonic() - edited_at
    assert seen_after < 10
    # The served paper page is the shell readdressed: its canonical URL is its own.
    assert f'<link rel="canonical" href="{url}/papers/2402.00001/">' in get(paper_page)
    for shown in (page, f"{url}/", f"{url}/tags/kv-cache/", f"{url}/timeline/", f"{url}/feed.xml",
                  f"{url}/downloads/papers.json", f"{url}/papers/2312.11111/"):
        assert NEW_TITLE in (get(shown) or ""), shown
    # One build for the edit, and none for what the build wrote.
    assert settled(log) == 2, log.read_text(encoding="utf-8")


def test_an_edit_to_data_alone_is_filled_in_without_mkdocs(served):
    root, url, log = served
    paper_page = f"{url}/papers/2402.00001/"
    assert wait_for(lambda: get(paper_page), timeout=30), log.read_text(encoding="utf-8")
    assert settled(log) == 1
    paper = next(p for p in make_papers() if p.id == "2402.00001")
    write_paper(root / "data", dataclasses.replace(paper, abstract="An abstract edited while the server runs."))
    assert wait_for(lambda: "edited while the server runs" in (get(paper_page) or ""), timeout=10), log.read_text(encoding="utf-8")
    assert settled(log) == 2
    text = log.read_text(encoding="utf-8")
    assert text.count(BUILD_LINE) == 1 and text.count(QUICK_LINE) == 1, text


def test_broken_data_shows_its_error_in_the_browser_until_it_is_fixed(served):
    root, url, log = served
    paper_page = f"{url}/papers/2402.00001/"
    assert wait_for(lambda: get(paper_page), timeout=30), log.read_text(encoding="utf-8")
    path = root / "data" / "papers" / "2402.00001.yml"
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("topics:", "topics: [unclosed\nx:"), encoding="utf-8")
    shown = wait_for(lambda: "The data has problems" in (get(paper_page) or "") and get(paper_page), timeout=10)
    assert shown and "data/papers/2402.00001.yml" in shown, log.read_text(encoding="utf-8")
    assert "data/papers/2402.00001.yml" in log.read_text(encoding="utf-8")
    path.write_text(good, encoding="utf-8")
    assert wait_for(lambda: "Fast Serving with Paged KV Caches" in (get(paper_page) or ""), timeout=10)
    assert "The data has problems" not in get(paper_page)


def test_the_hooks_keep_heavy_imports_out_of_the_mkdocs_process() -> None:
    """MkDocs loads the hooks; generation, with scikit-learn and numpy, runs in the worker they start on demand."""
    probe = (
        "import importlib.util, sys\n"
        "for path in sys.argv[1:]:\n"
        "    spec = importlib.util.spec_from_file_location(path, path)\n"
        "    spec.loader.exec_module(importlib.util.module_from_spec(spec))\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'sklearn', 'numpy', 'scipy'}))\n"
    )
    hooks = [str(REPO / "hooks" / name) for name in ("regenerate.py", "search_index.py")]
    done = subprocess.run([sys.executable, "-c", probe, *hooks], capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
