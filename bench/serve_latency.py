"""Benchmark: how long `mkdocs serve` takes to serve a saved edit to one paper file at papers/<id>/.

Usage: python bench/serve_latency.py 2000 [10000]
For each size, in a fresh project of bench/corpus.py papers: start `mkdocs serve` on 127.0.0.1 and a free port,
then edit one paper's abstract (an edit only lists and paper pages show: filled in without a MkDocs build) and
one paper's title (the home page shows it: a MkDocs build), and time each from the save to the page showing it.
Prints the seconds, and the builds the server logged; the server is stopped at the end.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from corpus import make_project  # noqa: E402

from generator.storage.store import paper_path  # noqa: E402

BUILD_LINES = ("Building documentation", "without rebuilding the site")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def _until(condition, timeout: float) -> float | None:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if condition():
            return time.monotonic() - started
        time.sleep(0.05)
    return None


def _edit(path: Path, field: str, mark: str) -> None:
    text = path.read_text(encoding="utf-8")
    start = text.index(f"\n{field}: ") + len(f"\n{field}: ")
    path.write_text(text[:start] + mark + " " + text[start:], encoding="utf-8")


def bench(size: int, workdir: Path) -> None:
    root = workdir / f"serve-{size}"
    papers = make_project(root, size, 0)
    paper = papers[len(papers) // 2]
    port = _free_port()
    log = root / "serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(REPO)}
    with log.open("w", encoding="utf-8") as sink:
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                                  cwd=root, env=env, stdout=sink, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/papers/{paper.id}/"
    try:
        started = _until(lambda: _get(url), timeout=600)
        print(f"{size:>7} papers: first build served after {started:.1f} s", flush=True)
        time.sleep(3)
        for field, mark in (("abstract", "Abstract-edited-once."), ("title", "Title-edited-once")):
            _edit(paper_path(root / "data", paper.id), field, mark)
            seen = _until(lambda: mark in _get(url), timeout=300)
            time.sleep(3)
            text = log.read_text(encoding="utf-8")
            builds = {line: text.count(line) for line in BUILD_LINES}
            print(f"{size:>7} papers: {field} edit served at papers/<id>/ after "
                  f"{'never' if seen is None else f'{seen:.2f} s'}; builds so far {builds}", flush=True)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def main() -> int:
    sizes = [int(arg) for arg in sys.argv[1:]] or [2000]
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as workdir:
        for size in sizes:
            bench(size, Path(workdir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
