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
from generator.store import write_paper

BUILD_LINE = "Building documentation"
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
    return log.read_text(encoding="utf-8").count(BUILD_LINE)


def test_an_edited_title_is_served_within_seconds_without_a_rebuild_loop(served):
    root, url, log = served
    page = f"{url}/topics/serving/"
    first = wait_for(lambda: get(page), timeout=30)
    assert first is not None, log.read_text(encoding="utf-8")
    paper = next(p for p in make_papers() if p.id == "2402.00001")
    assert paper.title in first and NEW_TITLE not in first

    edited_at = time.monotonic()
    write_paper(root / "data", dataclasses.replace(paper, title=NEW_TITLE))
    assert wait_for(lambda: NEW_TITLE in (get(page) or ""), timeout=10), log.read_text(encoding="utf-8")
    seen_after = time.monotonic() - edited_at

    # Settled: no new build for two seconds. One build for the edit, at most one more for the pages it wrote.
    counts = [builds(log)]
    while len(counts) < 4 or counts[-1] != counts[-4]:
        time.sleep(0.5)
        counts.append(builds(log))
        assert len(counts) < 30, f"still rebuilding after 15 s: {counts}"
    assert 2 <= counts[-1] <= 3, log.read_text(encoding="utf-8")
    assert seen_after < 10
    assert NEW_TITLE in (get(page) or "") and get(f"{url}/") is not None
