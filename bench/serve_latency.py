"""Benchmark: how long `mkdocs serve` takes to serve a saved edit to one paper file, on its page and everywhere.

Usage: python bench/serve_latency.py 2000 [10000]
For each size, in a fresh project of bench/corpus.py papers: start `mkdocs serve` on 127.0.0.1 and a free port,
then edit one paper's abstract and then its title, and time each from the save to the paper's own page
(papers/<id>/) showing it, and to every other page and file that shows the edited text showing it too
(topic, tag, home, timeline, feed, download, search and related-paper lists: those a render of the edited
data made here, in memory, shows it in). Prints the seconds, the CPU the server and its worker spent until
then (which a busy machine does not stretch), and the builds the server logged for each edit; the server is
stopped at the end.
"""

from __future__ import annotations

import dataclasses
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

from generator.buildcache import load_catalog_cached  # noqa: E402
from generator.catalog import build_catalog  # noqa: E402
from generator.curate.related import related_papers  # noqa: E402
from generator.model import Paper  # noqa: E402
from generator.site.fill import built_file  # noqa: E402
from generator.site.pages import render_site  # noqa: E402
from generator.storage.store import write_paper  # noqa: E402

BUILD_LINES = {"MkDocs builds": "Building documentation", "quick fills": "without rebuilding the site",
               "paper pages served first": "Served papers/"}
# Seconds from an edit after which a page that still does not show it is reported as never showing it.
DEADLINE = 300


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def _until(condition, timeout: float, step: float = 0.02) -> float | None:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if condition():
            return time.monotonic() - started
        time.sleep(step)
    return None


def showing(root: Path, edited: Paper, mark: str) -> list[str]:
    """Every page and file, as a path under the site's root, that a build shows `mark` in once `edited` replaces
    the paper of its id (rendered here, in memory, from the data as it is on disk)."""
    catalog = load_catalog_cached(root).catalog
    papers = sorted([edited if p.id == edited.id else p for p in catalog.papers], key=lambda p: p.id)
    site = render_site(build_catalog(papers, catalog.topics, catalog.tag_groups, related_papers(papers)))
    found = {built_file(name) if name.endswith(".md") else name
             for name, content in site.pages.items() if mark in content}
    return sorted(found | {target for target, fill in site.fills.items() if mark in fill.content})


def tree_cpu(pid: int) -> float:
    """User+system seconds of a process and of its live descendants (and of the children they waited for), from
    /proc: the server's work for an edit, which a busy machine stretches in wall time but not in CPU."""
    stats: dict[int, tuple[int, int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            text = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = text[text.rfind(")") + 2:].split()
        stats[int(entry)] = (int(fields[1]), sum(int(f) for f in fields[11:15]))
    tree, grown = {pid}, True
    while grown:
        more = {child for child, (parent, _) in stats.items() if parent in tree} - tree
        tree |= more
        grown = bool(more)
    return sum(stats[p][1] for p in tree if p in stats) / os.sysconf("SC_CLK_TCK")


def _builds(log: Path) -> dict[str, int]:
    text = log.read_text(encoding="utf-8")
    return {label: text.count(line) for label, line in BUILD_LINES.items()}


def _edited(paper: Paper, field: str, mark: str) -> Paper:
    return dataclasses.replace(paper, **{field: f"{mark} {getattr(paper, field)}"})


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
    base = f"http://127.0.0.1:{port}"
    own = f"papers/{paper.id}/index.html"
    try:
        started = _until(lambda: _get(f"{base}/{own}"), timeout=900, step=0.2)
        print(f"{size:>7} papers: first build served after {started:.1f} s", flush=True)
        time.sleep(3)
        for field, mark in (("abstract", "Abstract-edited-once."), ("title", "Title-edited-once")):
            paper = _edited(paper, field, mark)
            others = [name for name in showing(root, paper, mark) if name != own]
            before = _builds(log)
            cpu_before = tree_cpu(server.pid)
            edited_at = time.monotonic()
            write_paper(root / "data", paper)
            seen = _until(lambda: mark in _get(f"{base}/{own}"), timeout=300)
            for name in others:
                _until(lambda: mark in _get(f"{base}/{name}"), timeout=max(0.0, edited_at + DEADLINE - time.monotonic()),
                       step=0.2)
            everywhere = time.monotonic() - edited_at
            cpu = tree_cpu(server.pid) - cpu_before
            missing = [name for name in others if mark not in _get(f"{base}/{name}")]
            time.sleep(3)
            builds = {label: count - before[label] for label, count in _builds(log).items()}
            print(f"{size:>7} papers: {field} edit served at papers/<id>/ after "
                  f"{'never' if seen is None else f'{seen:.2f} s'}, in all {len(others)} other pages and files "
                  f"that show it ({', '.join(others)}) after {everywhere:.2f} s (server CPU meanwhile {cpu:.2f} s)"
                  f"{f' (never in {missing})' if missing else ''}; builds for it: {builds}", flush=True)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    shutdown = log.read_text(encoding="utf-8")
    if "resource_tracker" in shutdown or "Traceback" in shutdown:
        print(f"{size:>7} papers: the server's log ends badly:\n{shutdown[-2000:]}", flush=True)


def main() -> int:
    sizes = [int(arg) for arg in sys.argv[1:]] or [2000]
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as workdir:
        for size in sizes:
            bench(size, Path(workdir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
