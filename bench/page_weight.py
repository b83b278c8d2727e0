"""Benchmark: the bytes a first visit to the home page, a topic page, browse and a paper page downloads.

Usage: python bench/page_weight.py shipped 10000 [--json results.json] [--keep DIR] [--site DIR]
`shipped` is the project's own papers; a number is that many realistic papers from bench/corpus.py. Each is
built in a fresh project, served on 127.0.0.1, and each page opened in Chromium with an empty cache; every
same-origin response (HTML, CSS, JavaScript, the search index and page data a first visit fetches, fonts,
images) is counted raw and gzipped (level 6, as a web server would send it). The topic page is the largest
topic's first page, the paper page the largest paper page. `--site DIR` measures a site already built there.
Needs the test extras (Playwright) and Chromium, like the browser tests.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import re
import shutil
import sys
import tempfile
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from bench_search import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from corpus import build_site  # noqa: E402


# What a response counts as, by the end of its path; anything else is "other".
KINDS = {".html": "html", "/": "html", ".css": "css", ".js": "js", ".json": "data", ".xml": "data", ".woff2": "fonts",
         ".woff": "fonts", ".ttf": "fonts", ".png": "images", ".svg": "images", ".ico": "images"}
# Material's search index (search/search_index.json) and the papers' (search/papers.json and its parts,
# papers-<n>.json), Zensical's (search.json).
SEARCH_INDEXES = re.compile(r"search_index\.json|papers(-\d+)?\.json|search\.json")


@dataclass
class Weight:
    """One page's first visit: how many responses, their bytes raw and gzipped, and gzipped bytes by kind."""

    page: str
    path: str
    requests: int = 0
    raw: int = 0
    gzip: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    other_hosts: list[str] = field(default_factory=list)


def gzipped(body: bytes) -> int:
    return len(gzip.compress(body, compresslevel=6, mtime=0))


def kind_of(path: str) -> str:
    """What a response is, by its path; the search index apart, as Material fetches it on every first visit."""
    if SEARCH_INDEXES.fullmatch(path.rsplit("/", 1)[-1]):
        return "search"
    return next((kind for end, kind in KINDS.items() if path.endswith(end)), "other")


def pages_to_weigh(site: Path) -> dict[str, str]:
    """The four pages, as paths under the site: the largest topic's first page and the largest paper page."""
    def largest(pattern: str) -> str:
        files = [p for p in site.glob(pattern) if "_shell" not in p.parts]
        if not files:
            raise SystemExit(f"{site}: no page matches {pattern}; is it a built site?")
        biggest = max(files, key=lambda p: (p.stat().st_size, str(p)))
        return biggest.parent.relative_to(site).as_posix() + "/"

    return {"home": "", "topic": largest("topics/*/index.html"), "browse": "browse/", "paper": largest("papers/*/index.html")}


def weigh(browser, base_url: str, name: str, path: str) -> Weight:
    """Open one page in a fresh context (nothing cached) and add up what it fetched once the network is idle."""
    weight = Weight(name, path)
    origin = urlsplit(base_url).netloc
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    responses = []

    def route(route) -> None:
        if urlsplit(route.request.url).netloc == origin:
            route.continue_()
        else:
            weight.other_hosts.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    context.on("response", lambda response: responses.append(response))
    page = context.new_page()
    page.goto(urljoin(base_url, path))
    page.wait_for_load_state("networkidle")
    for response in responses:
        body = response.body()
        packed = gzipped(body)
        weight.requests += 1
        weight.raw += len(body)
        weight.gzip += packed
        kind = kind_of(urlsplit(response.url).path)
        weight.by_kind[kind] = weight.by_kind.get(kind, 0) + packed
    context.close()
    weight.by_kind = dict(sorted(weight.by_kind.items()))
    return weight


def weigh_site(site: Path) -> list[Weight]:
    """Serve the built site on 127.0.0.1 and weigh each page in Chromium."""
    from playwright.sync_api import sync_playwright

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=site))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
            base = f"http://127.0.0.1:{server.server_port}/"
            weights = [weigh(browser, base, name, path) for name, path in pages_to_weigh(site).items()]
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    return weights


def build_project(size: str, workdir: Path) -> Path:
    """A fresh project with the shipped papers or `size` synthetic ones, built; its site folder."""
    return build_site(workdir / f"site-{size}", None if size == "shipped" else int(size))


def weigh_size(size: str, keep: Path | None) -> list[Weight]:
    """Build a project of `size` papers in `keep` (or a temporary folder, removed afterwards) and weigh its pages."""
    workdir = keep or Path(tempfile.mkdtemp(prefix="page-weight-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        return weigh_site(build_project(size, workdir))
    finally:
        if keep is None:
            shutil.rmtree(workdir, ignore_errors=True)


def table(label: str, weights: list[Weight]) -> str:
    kinds = sorted({kind for w in weights for kind in w.by_kind})
    head = f"{'':>8} {'page':<8} {'requests':>8} {'raw KB':>8} {'gzip KB':>8}  " + " ".join(f"{k + ' gz':>9}" for k in kinds)
    lines = [head]
    for w in weights:
        cells = " ".join(f"{w.by_kind.get(k, 0) / 1e3:>9.1f}" for k in kinds)
        lines.append(f"{label:>8} {w.page:<8} {w.requests:>8} {w.raw / 1e3:>8.1f} {w.gzip / 1e3:>8.1f}  {cells}")
        if w.other_hosts:
            lines.append(f"{'':>8} {'':<8} requests to other hosts, blocked: {', '.join(sorted(set(w.other_hosts)))}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", default=["shipped", "10000"], help="'shipped' or a number of papers")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    parser.add_argument("--keep", type=Path, help="build the projects in this folder and leave them there")
    parser.add_argument("--site", type=Path, help="weigh the site already built in this folder instead")
    args = parser.parse_args(argv)
    for size in args.sizes:
        if size != "shipped" and not size.isdigit():
            parser.error(f"{size!r} is neither 'shipped' nor a number of papers")
    if not CHROMIUM.exists():
        parser.error(f"no Chromium at {CHROMIUM} (apt-get install chromium, or set CHROMIUM)")

    results: dict[str, list[dict]] = {}
    runs = [("site", args.site)] if args.site else [(size, None) for size in args.sizes]
    for label, site in runs:
        weights = weigh_site(site) if site else weigh_size(label, args.keep)
        print(table(label, weights), flush=True)
        results[label] = [asdict(w) for w in weights]
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
