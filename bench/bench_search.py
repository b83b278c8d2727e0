"""Browser benchmark of search: bytes a first search transfers and time to results, in Chromium at 4x CPU slowdown.

Usage: python bench/bench_search.py --papers 10000          (builds a bench/corpus.py project first)
       python bench/bench_search.py --site path/to/site     (an already built site)
The site is served gzipped on 127.0.0.1; Chromium (/usr/bin/chromium, headless) is slowed down with DevTools'
Emulation.setCPUThrottlingRate (which, in this Chromium, slows the page's thread and hardly the search worker's).
The home page loads and settles (what it fetched for search by then is reported: the index should wait for a
reader); then the search box is tapped and the first query typed at once, timed until its results show, the
index's download and indexing included; then every query again, the index loaded. For each query: milliseconds
from typing it to the first result on screen, and whether the expected paper's page is the first result. Bytes
are the encoded (gzipped) bytes Chromium received.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import html
import http.server
import io
import json
import os
import re
import sys
import tempfile
import threading
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from generator.site.search_index import PAPERS_INDEX, read_papers_index  # noqa: E402

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
PHONE = {"width": 390, "height": 844}
_COMPRESSIBLE = (".html", ".js", ".css", ".json", ".xml", ".svg", ".txt", ".bib")
# Time from typing to results, once the index has loaded (the worker builds it after the page's load event).
# Null if none shows within a minute (a broken worker), so that the benchmark stops rather than waits for ever.
_FIRST_RESULT_JS = """
() => { window.__shown = new Promise(resolve => {
  const list = document.querySelector('.md-search-result__list');
  const done = () => list.querySelector('.md-search-result__item') && (observer.disconnect(), resolve(performance.now()));
  const observer = new MutationObserver(done);
  observer.observe(list, {childList: true, subtree: true});
  setTimeout(() => (observer.disconnect(), resolve(null)), 60000);
}); }
"""


# The query as the last keystroke leaves it: Material searches on keyup. Returns the time the key went up.
_TYPE_JS = """
query => {
  const input = document.querySelector('.md-search__input');
  input.value = query;
  const started = performance.now();
  input.dispatchEvent(new KeyboardEvent('keyup', {key: query.slice(-1), bubbles: true}));
  return started;
}
"""


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site as a production host would: text gzipped when the browser accepts it."""

    def log_message(self, *args) -> None:
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not (path.suffix in _COMPRESSIBLE and path.is_file() and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = _gzipped(str(path), path.stat().st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@functools.lru_cache(maxsize=4096)
def _gzipped(path: str, _mtime: int) -> bytes:
    return gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def queries_for(site: Path, count: int = 3) -> list[tuple[str, str]]:
    """(query, expected page) pairs from the site's own index: a paper's first and last authors, short name and id."""
    papers = read_papers_index((site / PAPERS_INDEX).read_text(encoding="utf-8"))
    picks = [papers[len(papers) * k // (count + 1)] for k in range(1, count + 1)]
    # A short name two papers share (made-up names do collide) has no one right answer: such a query is left out.
    firsts = Counter(d["name"].split()[0].lower() for d in papers if d["name"])
    shared = {name for name, n in firsts.items() if n > 1}
    # The same for an author: a name on two papers has no one right first result.
    authors = Counter(a.lower() for d in papers for a in set(d["authors"]))
    out = []
    for doc in picks:
        for author in dict.fromkeys(doc["authors"][:1] + doc["authors"][-1:]):
            if authors[author.lower()] == 1:
                out.append((html.unescape(author), doc["location"]))
        names = doc["name"].split()
        short = names[0] if names and not re.match(r"^\d", names[0]) else None
        if short and short.lower() not in shared:
            out.append((short, doc["location"]))
        paper_id = doc["location"].split("/")[1]
        if paper_id in names:  # an arXiv id; a slug id is not searched for
            out.append((paper_id, doc["location"]))
    return out


def _count(request, received: dict, urls: dict) -> None:
    """Record a finished request's encoded body size (what came over the wire), workers' requests included."""
    key = str(len(urls))
    urls[key] = request.url
    received[key] = request.sizes()["responseBodySize"]
    response = request.response()
    if not received[key] and response and response.headers.get("content-encoding") == "gzip":
        # Chromium gives a worker's own script no size: it is what serve() sent, the body gzipped as _gzipped does.
        received[key] = len(gzip.compress(response.body(), compresslevel=6, mtime=0))


def _wait_until_quiet(page, received: dict, quiet_ms: int = 2000) -> None:
    """Until no request has finished for quiet_ms (Playwright's networkidle never fires with CDP's Network on)."""
    seen = -1
    while seen != len(received):
        seen = len(received)
        page.wait_for_timeout(quiet_ms)


def phone_page(playwright, timeout_ms: int):
    """Chromium on a phone screen with no cache, every request to another host refused, and a DevTools session."""
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    context.route(re.compile(r"^(?!http://127\.0\.0\.1)"), lambda route: route.abort())
    page = context.new_page()
    page.set_default_timeout(timeout_ms)
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    return browser, context, page, cdp


def _is_search(url: str) -> bool:
    return "/search/" in url or "/workers/" in url


def _search(page, query: str, expected: str) -> dict:
    """Type the query into the open search box; milliseconds until its first result shows, and which it is."""
    page.fill(".md-search__input", "")
    page.wait_for_function("() => !document.querySelector('.md-search-result__item')")
    page.evaluate(_FIRST_RESULT_JS)
    started = page.evaluate(_TYPE_JS, query)
    shown = page.evaluate("() => window.__shown")
    if shown is None:
        raise SystemExit(f"no result showed within a minute of typing {query!r}: is the search worker broken?")
    first = urlsplit(page.eval_on_selector(".md-search-result__link", "a => a.href")).path
    return {"query": query, "ms": round(shown - started, 1), "expected": expected, "first": first,
            "first_is_expected": first == "/" + expected, "shown": page.evaluate(_SHOWN_JS)}


# What the reader sees of the first results: each one's address, title, and how many tag chips it shows.
_SHOWN_JS = """
() => [...document.querySelectorAll('.md-search-result__item')].slice(0, 10).map(item => {
  const link = item.querySelector('.md-search-result__link');
  return {path: new URL(link.href).pathname, title: (item.querySelector('h1') || {}).innerText || '',
          tags: item.querySelectorAll('.md-tag').length};
})
"""


def topic_query(site: Path) -> tuple[str, str] | None:
    """A topic page's title as a query (many papers share its words), and the topic page's address."""
    pages = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    topics = sorted(d for d in (doc["location"] for doc in pages) if d.startswith("topics/") and d != "topics/")
    if not topics:
        return None
    page = next(doc for doc in pages if doc["location"] == topics[0])
    return html.unescape(page["title"]), page["location"]


def shown_summary(shown: list[dict]) -> str:
    """'papers 1-9, topic page 10, 0 tag chips on pages': where the papers and other pages fall among the first."""
    papers = [n + 1 for n, item in enumerate(shown) if item["path"].strip("/").split("/")[-2:-1] == ["papers"]]
    others = [n + 1 for n in range(len(shown)) if n + 1 not in papers]
    chips = sum(item["tags"] for n, item in enumerate(shown) if n + 1 in others)
    untitled = sum(1 for item in shown if not item["title"].strip())
    return (f"papers at {papers}, other pages at {others}, {chips} tag chips on other pages, "
            f"{untitled} results without a title")


def measure(site: Path, rate: float, repeats: int) -> dict:
    from playwright.sync_api import sync_playwright

    server, base = serve(site)
    received: dict[str, int] = {}
    urls: dict[str, str] = {}
    results = {"throttle": rate, "queries": []}
    queries = queries_for(site)
    try:
        with sync_playwright() as p:
            browser, context, page, cdp = phone_page(p, timeout_ms=60_000)
            context.on("requestfinished", lambda r: _count(r, received, urls))
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
            page.goto(base, wait_until="load")
            _wait_until_quiet(page, received)
            results["page_load_bytes"] = sum(received.values())
            results["page_load_search_requests"] = {u: received[r] for r, u in urls.items() if _is_search(u)}
            # A reader taps the search box and types: the index loads now, and the first results wait for it.
            page.click("label.md-search__icon[for=__search], .md-search__input", force=True)
            results["first_search"] = _search(page, *queries[0])
            _wait_until_quiet(page, received)
            for query, expected in queries * repeats:
                results["queries"].append(_search(page, query, expected))
            topic = topic_query(site)
            if topic:
                results["topic_query"] = _search(page, *topic)
            page.keyboard.press("Escape")
            search_requests = {u: received.get(r, 0) for r, u in urls.items() if _is_search(u)}
            results["search_bytes"] = sum(search_requests.values())
            results["search_requests"] = search_requests
            results["total_bytes"] = sum(received.values())
            browser.close()
    finally:
        server.shutdown()
    return results


def browser_bench_parser(description: str) -> argparse.ArgumentParser:
    """The arguments every browser benchmark takes: a built site or a number of papers to build, the slowdown."""
    parser = argparse.ArgumentParser(description=description)
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--site", type=Path, help="a built site folder")
    source.add_argument("--papers", type=int, help="build a project of this many bench/corpus.py papers first")
    parser.add_argument("--throttle", type=float, default=4.0, help="CPU slowdown (default 4)")
    parser.add_argument("--json", type=Path)
    return parser


def site_to_measure(args: argparse.Namespace, prefix: str) -> Path:
    """The --site given, or a fresh project of --papers papers, built in a temporary folder."""
    if not args.papers:
        return args.site
    from corpus import build_site

    return build_site(Path(tempfile.mkdtemp(prefix=prefix)), args.papers)


def main(argv: list[str] | None = None) -> int:
    parser = browser_bench_parser(__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=2, help="times each query is run")
    args = parser.parse_args(argv)
    site = site_to_measure(args, "bench-search-")
    results = measure(site, args.throttle, args.repeats)
    papers = sum(1 for _ in (site / "papers").glob("*/index.html")) if (site / "papers").is_dir() else 0
    print(f"site {site} ({papers} paper pages), CPU throttled {args.throttle:g}x")
    loaded = results["page_load_search_requests"]
    print(f"page load: {results['page_load_bytes'] / 1e3:.0f} KB gzipped, of which for search "
          f"{sum(loaded.values()) / 1e3:.1f} KB ({', '.join(sorted(u.rsplit('/', 1)[-1] for u in loaded)) or 'nothing'})")
    print(f"first search transferred {results['search_bytes'] / 1e3:.0f} KB gzipped "
          f"(page load and searches: {results['total_bytes'] / 1e3:.0f} KB)")
    for name, size in sorted(results["search_requests"].items()):
        print(f"  {size / 1e3:8.1f} KB  {name}")
    first = results["first_search"]
    print(f"first search, the index loading after the tap: {first['ms']:.0f} ms from typing {first['query']!r} to "
          f"results ({'ok' if first['first_is_expected'] else 'first result ' + first['first']})")
    print("then, the index loaded:")
    for q in results["queries"]:
        mark = "ok" if q["first_is_expected"] else f"first result {q['first']}"
        print(f"  {q['ms']:7.0f} ms  {q['query']!r:32} -> {q['expected']} ({mark})")
    topic = results.get("topic_query")
    if topic:
        print(f"  {topic['ms']:7.0f} ms  {topic['query']!r:32} (a topic's title): {shown_summary(topic['shown'])}")
        for item in topic["shown"][:3]:
            print(f"             {item['path']}  {item['title'][:70]}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
