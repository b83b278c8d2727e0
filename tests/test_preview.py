"""Local preview: `mkdocs serve` shows an edit under data/ on its page first, then everywhere, as a fresh build would."""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import REPO, make_papers, make_project
from generator.build import build
from generator.storage.store import write_paper

BUILD_LINE = "Building documentation"
QUICK_LINE = "without rebuilding the site"
GENERATED_LINE = "Generated the pages from data/"
SERVED_LINE = "Served"
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


@dataclasses.dataclass
class Served:
    """A project under `mkdocs serve`: its root, its address, its log, and the server process."""

    root: Path
    url: str
    log: Path
    process: subprocess.Popen

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8")

    def stop(self) -> None:
        """Stop the server as `make serve`'s Ctrl+C or a terminating supervisor would."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture
def served(tmp_path: Path):
    """A throwaway project served by `mkdocs serve` on a free port; the server is stopped whatever the test does."""
    root = make_project(tmp_path / "served")
    log = tmp_path / "serve.log"
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(REPO)}
    env.pop("READING_LIST_DOCS_FRESH", None)
    with log.open("w", encoding="utf-8") as sink:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=root, env=env, stdout=sink, stderr=subprocess.STDOUT,
        )
    running = Served(root, f"http://127.0.0.1:{port}", log, server)
    try:
        yield running
    finally:
        running.stop()


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


def shows(url: str, text: str, timeout: float = 20) -> bool:
    return bool(wait_for(lambda: text in (get(url) or ""), timeout=timeout))


def as_built(page: bytes, served_url: str, root: Path) -> bytes:
    """A served page as `generator build` writes it: without the script `mkdocs serve` puts before </body>, and
    with the configured site_url (if any) where the server put its own address."""
    start, end = page.rfind(b"<script>"), page.rfind(b"</body>")
    if 0 <= start < end and b"livereload(" in page[start:end]:
        page = page[:start] + page[end:]
    configured = re.search(r"^site_url:\s*['\"]?([^'\"\s]+)", (root / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    site_url = configured.group(1).rstrip("/") if configured else ""
    return page.replace(served_url.encode(), site_url.encode())


def without_canonical(page: bytes) -> bytes:
    """Without a site_url, MkDocs writes a canonical link (and the preview's og:url) only under `mkdocs serve`,
    which has an address; the template's blank lines around them go too."""
    page = re.sub(rb'<link rel="canonical" href="[^"]*">|<meta property="og:url" content="[^"]*">', b"", page)
    return re.sub(rb"\n\s*\n", b"\n", page)


def test_an_edit_is_served_on_its_page_first_then_everywhere_and_equals_a_fresh_build(served, tmp_path: Path):
    root, url, log = served.root, served.url, served.log
    page, paper_page = f"{url}/topics/serving/", f"{url}/papers/2402.00001/"
    first = wait_for(lambda: get(page), timeout=30)
    assert first is not None, served.text()
    paper = next(p for p in make_papers() if p.id == "2402.00001")
    assert paper.title in first and NEW_TITLE not in first
    assert settled(log) == 1
    assert served.text().count(GENERATED_LINE) == 1  # one generation at start
    assert not (root / "docs" / "topics").exists()  # nothing generated was written into the watched docs/

    write_paper(root / "data", dataclasses.replace(paper, title=NEW_TITLE))
    assert shows(paper_page, NEW_TITLE), served.text()
    # The edited page is written on its own, before the rest of the site is rendered.
    assert f"{SERVED_LINE} papers/2402.00001/index.html" in served.text()
    # The served paper page is the shell readdressed: its canonical URL is its own.
    assert f'<link rel="canonical" href="{url}/papers/2402.00001/">' in get(paper_page)
    for shown in (page, f"{url}/", f"{url}/tags/kv-cache/", f"{url}/timeline/", f"{url}/feed.xml",
                  f"{url}/downloads/papers.json", f"{url}/downloads/papers.bib", f"{url}/papers/2312.11111/"):
        assert shows(shown, NEW_TITLE), shown
    # One build for the edit, and none for what the build wrote: a MkDocs build, as the home page MkDocs themes
    # shows the title among what is new.
    assert settled(log) == 2, served.text()
    assert served.text().count(BUILD_LINE) == 2, served.text()

    other = next(p for p in make_papers() if p.id == "2312.11111")
    write_paper(root / "data", dataclasses.replace(other, abstract="An abstract edited while the server runs."))
    assert shows(f"{url}/papers/2312.11111/", "edited while the server runs"), served.text()
    assert shows(f"{url}/downloads/papers.json", "edited while the server runs"), served.text()
    assert settled(log) == 3
    # The abstract is shown by no page MkDocs themes: the edit was filled in without MkDocs.
    assert served.text().count(BUILD_LINE) == 2 and served.text().count(QUICK_LINE) == 1, served.text()

    # What is served is what a fresh build of the same data gives, page for page.
    fresh = tmp_path / "fresh"
    shutil.copytree(root, fresh, ignore=shutil.ignore_patterns(".cache", "site"))
    build(fresh)
    compared = 0
    for path in sorted((fresh / "site").rglob("*")):
        name = path.relative_to(fresh / "site").as_posix()
        if not path.is_file() or name.startswith("sitemap.xml") or not name.endswith((".html", ".json", ".xml", ".bib")):
            continue
        with urllib.request.urlopen(f"{url}/{name}", timeout=10) as response:
            body = as_built(response.read(), url, root)
        assert without_canonical(body) == without_canonical(path.read_bytes()), name
        compared += 1
    assert compared > 20


def test_broken_data_shows_its_error_in_the_browser_until_it_is_fixed(served):
    root, url, log = served.root, served.url, served.log
    paper_page = f"{url}/papers/2402.00001/"
    assert wait_for(lambda: get(paper_page), timeout=30), served.text()
    path = root / "data" / "papers" / "2402.00001.yml"
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("topics:", "topics: [unclosed\nx:"), encoding="utf-8")
    shown = wait_for(lambda: "The data has problems" in (get(paper_page) or "") and get(paper_page), timeout=10)
    assert shown and "data/papers/2402.00001.yml" in shown, served.text()
    assert "data/papers/2402.00001.yml" in served.text()
    # The other pages the generator fills show it too, once the worker has written them.
    assert shows(f"{url}/topics/serving/", "The data has problems"), served.text()
    path.write_text(good, encoding="utf-8")
    assert shows(paper_page, "Fast Serving with Paged KV Caches", timeout=10)
    assert "The data has problems" not in get(paper_page)
    assert shows(f"{url}/topics/serving/", "Fast Serving with Paged KV Caches")
    assert "The data has problems" not in get(f"{url}/topics/serving/")
    # Stopped, the server ends its worker and leaves no semaphore behind.
    served.stop()
    assert served.process.returncode == 0, served.text()
    assert "resource_tracker" not in served.text() and "Traceback" not in served.text(), served.text()


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


def test_the_preview_takes_related_papers_from_the_state_the_build_kept(tmp_path: Path, monkeypatch) -> None:
    """After an abstract is edited, the preview's related papers start from the build's kept state (so that an
    edit redoes only the rows it reaches) and equal a fresh computation's."""
    from generator.curate import related_update
    from generator.curate.related import related_papers
    from generator.preview import Preview

    root = make_project(tmp_path / "previewed")
    build(root)
    given = []
    real = related_update.updated_state

    def recorded(previous, by_id, *rest):
        given.append(previous)
        return real(previous, by_id, *rest)

    monkeypatch.setattr(related_update, "updated_state", recorded)
    preview = Preview.start(root)
    paper = next(p for p in make_papers() if p.id == "2402.00001")
    write_paper(root / "data", dataclasses.replace(paper, abstract=paper.abstract + " Speculative decoding again."))
    preview.serve_edits(root / "site")
    assert wait_for(lambda: preview.rendered == preview.edits and preview._thread is None, timeout=60)
    assert preview.error is None
    assert len(given) == 1 and given[0] is not None and given[0].ids == tuple(sorted(p.id for p in make_papers()))
    assert preview.last.related == related_papers(preview.papers())
    assert any("Speculative decoding again." in p.abstract for p in preview.papers())
