"""Browser benchmark of search: bytes a first search transfers and time to results, in Chromium at 4x CPU slowdown.

Usage: python bench/bench_search.py --papers 10000          (builds a bench/corpus.py project first)
       python bench/bench_search.py --site path/to/site     (an already built site)
The site is served gzipped on 127.0.0.1, each search file compressed before the clock starts, as a host that keeps
its compressed files would serve it; Chromium (/usr/bin/chromium, headless) is slowed down with DevTools'
Emulation.setCPUThrottlingRate. The home page loads and settles (what it fetched for search by then is reported:
the index should wait for a reader); then the search box is tapped, which is when the index may start loading, and
the first query's first letter typed (one key going up, as Material searches on keyup: a reader's first keystroke,
which matches nearly every paper) at once or `--gaps` milliseconds after the box took the focus, then the whole
query; each gap on a fresh page with an empty cache. For each: milliseconds from the focus and from
the keystroke to the first result on screen, and the CPU milliseconds the page's main thread and the search
worker spent from the focus to the results, from a DevTools trace (what a busy machine does not inflate). Then
every query again, the index loaded: milliseconds from typing it to the first result, and whether the expected
paper's page is the first result. Bytes are the encoded (gzipped) bytes Chromium received: those a first answer
needs (the pages' index, the workers' scripts, the first file of the papers), then with the later parts of the
papers, which the worker fetches after its first answer (it answers again once they are read: "every part in").
The load average is printed before and after: the wall times are only as good as the machine is idle.
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
import statistics
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
OTHER_HOSTS = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
_COMPRESSIBLE = (".html", ".js", ".css", ".json", ".xml", ".svg", ".txt", ".bib")
# Time from typing to results, once the index has loaded (the worker builds it after the page's load event).
# Null if none shows within a minute (a broken worker), so that the benchmark stops rather than waits for ever.
# `__complete`: when the results are no longer marked busy, every part of the papers read and the answer given again.
_FIRST_RESULT_JS = """
() => { window.__shown = new Promise(resolve => {
  const list = document.querySelector('.md-search-result__list');
  const done = () => list.querySelector('.md-search-result__item') &&
    (observer.disconnect(), performance.mark('bench-end'), resolve(performance.now()));
  const observer = new MutationObserver(done);
  observer.observe(list, {childList: true, subtree: true});
  setTimeout(() => (observer.disconnect(), resolve(null)), 60000);
});
window.__complete = window.__shown.then(shown => new Promise(resolve => {
  const results = document.querySelector('.md-search-result');
  const done = () => !results.hasAttribute('aria-busy') && (observer.disconnect(), resolve(Math.max(shown, performance.now())));
  const observer = new MutationObserver(done);
  observer.observe(results, {attributes: true, attributeFilter: ['aria-busy']});
  done();
})); }
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


# Notes when the search box takes the focus, and marks it in the trace; the index may start loading from then on.
_FOCUS_JS = """
() => { window.__focused = new Promise(resolve => document.addEventListener('focusin', event => {
  if (event.target.matches('.md-search__input')) {
    const at = performance.now();
    performance.mark('bench-start', {startTime: at});
    resolve(at);
  }
}, {capture: true, once: false})); }
"""

# The query typed `gap` ms after the focus, as _TYPE_JS types it; returns [focused, typed].
_TYPE_AFTER_JS = """
async ([query, gap]) => {
  const focused = await window.__focused;
  const wait = focused + gap - performance.now();
  if (wait > 0) await new Promise(resolve => setTimeout(resolve, wait));
  const input = document.querySelector('.md-search__input');
  input.value = query;
  const typed = performance.now();
  performance.mark('bench-typed', {startTime: typed});
  input.dispatchEvent(new KeyboardEvent('keyup', {key: query.slice(-1), bubbles: true}));
  return [focused, typed];
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
    for path in sorted((site / "search").glob("*.json")) + sorted((site / "assets/javascripts/workers").glob("*.js")):
        _gzipped(str(path), path.stat().st_mtime_ns)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def queries_for(site: Path, count: int = 3) -> list[tuple[str, str]]:
    """(query, expected page) pairs from the site's own index: a paper's first and last authors, short name and id."""
    papers = read_papers_index(lambda path: (site / path).read_text(encoding="utf-8"))
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
    # Other hosts are refused by name resolution: a Playwright route would stop every request, the site's own too,
    # until this process (busy with the trace's events) let it go, 180-360 ms for a first search's files.
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS + [OTHER_HOSTS],
                                         headless=True)
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(timeout_ms)
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    return browser, context, page, cdp


def _is_search(url: str) -> bool:
    return "/search/" in url or "/workers/" in url


def later_parts(site: Path) -> set[str]:
    """The file names of the papers' parts a first answer does without (the worker fetches them after it)."""
    return {name for name, _ in json.loads((site / PAPERS_INDEX).read_text(encoding="utf-8"))["parts"]}


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


def _thread_cpu(events: list[dict], since: str) -> dict[str, float]:
    """CPU milliseconds of the page's main thread and of its workers from the trace's mark `since` to bench-end."""
    names = {(e["pid"], e["tid"]): e["args"]["name"] for e in events
             if e.get("ph") == "M" and e.get("name") == "thread_name"}
    marks = {e["name"]: e["ts"] for e in events if e.get("name") in (since, "bench-end")
             and e.get("ph") in ("R", "I", "n", "b", "e")}
    start, end = marks.get(since), marks.get("bench-end")
    cpu = {"main": 0.0, "worker": 0.0}
    if start is None or end is None:
        return cpu
    tasks = sorted((e for e in events if e.get("ph") == "X" and e.get("dur")
                    and e.get("name") in ("RunTask", "ThreadControllerImpl::RunTask")),
                   key=lambda e: (e["pid"], e["tid"], e["ts"], -e["dur"]))
    # Top-level tasks only: Chromium wraps each RunTask in a ThreadControllerImpl::RunTask, which counted it twice.
    outer_end: dict[tuple, float] = {}
    for e in tasks:
        thread = names.get((e["pid"], e["tid"]), "")
        kind = "main" if thread == "CrRendererMain" else "worker" if thread.startswith("DedicatedWorker") else None
        if not kind or e["ts"] + e["dur"] <= outer_end.get((e["pid"], e["tid"]), -1):
            continue
        outer_end[(e["pid"], e["tid"])] = e["ts"] + e["dur"]
        overlap = min(end, e["ts"] + e["dur"]) - max(start, e["ts"])
        if overlap > 0:
            cpu[kind] += e.get("tdur", e["dur"]) * overlap / e["dur"] / 1000
    return {kind: round(ms, 1) for kind, ms in cpu.items()}


def start_trace(cdp, profile: bool = False) -> tuple[list[dict], threading.Event]:
    """Start a DevTools trace of the page's timeline; its events gather in the list, the event is set at its end.
    With `profile`, V8's samples of the scripts too (what DevTools' Performance panel shows as JavaScript's calls)."""
    events: list[dict] = []
    finished = threading.Event()
    cdp.on("Tracing.dataCollected", lambda e: events.extend(e["value"]))
    cdp.on("Tracing.tracingComplete", lambda e: finished.set())
    categories = "devtools.timeline,disabled-by-default-devtools.timeline,blink.user_timing"
    if profile:
        categories += ",v8,disabled-by-default-v8.cpu_profiler"
    cdp.send("Tracing.start", {"categories": categories, "transferMode": "ReportEvents"})
    return events, finished


def end_trace(page, cdp, finished: threading.Event) -> None:
    """End the trace and wait for its last events, letting the page's own events run meanwhile."""
    cdp.send("Tracing.end")
    while not finished.is_set():
        page.wait_for_timeout(100)


def _first_search(page, cdp, query: str, expected: str, gap: int, trace: Path | None = None) -> dict:
    """Tap the search box, type the query's first letter `gap` ms after it took the focus, as a reader's first
    keystroke, and time its first result; then the whole query, the index loaded, and whether it finds `expected`.
    With `trace`, the DevTools trace of the first search is written there."""
    events, finished = start_trace(cdp, profile=trace is not None)
    page.evaluate(_FOCUS_JS)
    page.evaluate(_FIRST_RESULT_JS)
    # The mouse pressed where the box is: Playwright's click would first run its own checks in the page.
    box = page.locator("label.md-search__icon[for=__search], .md-search__input").first.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.focus(".md-search__input")
    focused, typed = page.evaluate(_TYPE_AFTER_JS, [query[:1], gap])
    shown = page.evaluate("() => window.__shown")
    if shown is None:
        raise SystemExit(f"no result showed within a minute of typing {query!r}: is the search worker broken?")
    end_trace(page, cdp, finished)
    if trace:
        trace.write_text(json.dumps(events), encoding="utf-8")
    complete = page.evaluate("() => window.__complete")
    whole = _search(page, query, expected)
    return {"query": query[:1], "gap_ms": gap, "focus_ms": round(shown - focused, 1), "ms": round(shown - typed, 1),
            "complete_ms": round(complete - typed, 1),
            "cpu_ms": _thread_cpu(events, "bench-start"), "typed_cpu_ms": _thread_cpu(events, "bench-typed"),
            "then": whole}


def _fresh_first_search(p, base: str, rate: float, query: tuple[str, str], gap: int) -> dict:
    """A first search on a fresh page of the site at `base`."""
    received: dict[str, int] = {}
    browser, context, page, cdp = phone_page(p, timeout_ms=60_000)
    context.on("requestfinished", lambda r: _count(r, received, {}))
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
    page.goto(base, wait_until="load")
    _wait_until_quiet(page, received)
    try:
        return _first_search(page, cdp, *query, gap)
    finally:
        browser.close()


def measure(site: Path, rate: float, repeats: int, gaps: list[int], baseline: Path | None = None,
            traces: Path | None = None) -> dict:
    """`baseline`, a site of the same papers built otherwise, has its first search timed before each of the site's;
    `traces`, a folder, gets each of the site's first searches' DevTools trace (first-<n>-gap-<ms>.json)."""
    from playwright.sync_api import sync_playwright

    server, base = serve(site)
    other = serve(baseline) if baseline else None
    results = {"throttle": rate, "queries": [], "first_searches": [], "baseline_first_searches": [],
               "load_average": [os.getloadavg()]}
    queries = queries_for(site)
    try:
        with sync_playwright() as p:
            for n, gap in enumerate(gaps):
                if other:
                    results["baseline_first_searches"].append(_fresh_first_search(p, other[1], rate, queries[0], gap))
                received: dict[str, int] = {}
                urls: dict[str, str] = {}
                browser, context, page, cdp = phone_page(p, timeout_ms=60_000)
                context.on("requestfinished", lambda r, received=received, urls=urls: _count(r, received, urls))
                cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
                page.goto(base, wait_until="load")
                _wait_until_quiet(page, received)
                trace = traces / f"first-{n}-gap-{gap}.json" if traces else None
                if n:
                    results["first_searches"].append(_first_search(page, cdp, *queries[0], gap, trace))
                    browser.close()
                    continue
                results["page_load_bytes"] = sum(received.values())
                results["page_load_search_requests"] = {u: received[r] for r, u in urls.items() if _is_search(u)}
                # A reader taps the search box and types: the index loads now, and the first results wait for it.
                results["first_searches"].append(_first_search(page, cdp, *queries[0], gap, trace))
                _wait_until_quiet(page, received)
                for query, expected in queries * repeats:
                    results["queries"].append(_search(page, query, expected))
                topic = topic_query(site)
                if topic:
                    results["topic_query"] = _search(page, *topic)
                page.keyboard.press("Escape")
                search_requests = {u: received.get(r, 0) for r, u in urls.items() if _is_search(u)}
                later = later_parts(site)
                results["first_search_bytes"] = sum(size for u, size in search_requests.items()
                                                    if u.rsplit("/", 1)[-1] not in later)
                results["search_bytes"] = sum(search_requests.values())
                results["search_requests"] = search_requests
                results["total_bytes"] = sum(received.values())
                browser.close()
    finally:
        server.shutdown()
        if other:
            other[0].shutdown()
    results["load_average"].append(os.getloadavg())
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
    parser.add_argument("--baseline", type=Path, help="a site of the same papers built otherwise (say, from main): "
                        "its first search is timed on a fresh page beside each of the site's, in the same run")
    parser.add_argument("--gaps", type=int, nargs="+", default=[0, 0, 300, 300],
                        help="milliseconds from the focus to the first keystroke, a fresh page for each (default 0 0 300 300)")
    parser.add_argument("--trace", type=Path, help="a folder to write each first search's DevTools trace in, with V8's "
                        "samples of the scripts (DevTools' Performance panel opens them; bench/search_trace.py reads them)")
    args = parser.parse_args(argv)
    site = site_to_measure(args, "bench-search-")
    if args.trace:
        args.trace.mkdir(parents=True, exist_ok=True)
    results = measure(site, args.throttle, args.repeats, args.gaps, args.baseline, args.trace)
    papers = sum(1 for _ in (site / "papers").glob("*/index.html")) if (site / "papers").is_dir() else 0
    print(f"site {site} ({papers} paper pages), CPU throttled {args.throttle:g}x")
    loaded = results["page_load_search_requests"]
    print(f"page load: {results['page_load_bytes'] / 1e3:.0f} KB gzipped, of which for search "
          f"{sum(loaded.values()) / 1e3:.1f} KB ({', '.join(sorted(u.rsplit('/', 1)[-1] for u in loaded)) or 'nothing'})")
    print(f"first search transferred {results['first_search_bytes'] / 1e3:.0f} KB gzipped before its first results, "
          f"{results['search_bytes'] / 1e3:.0f} KB with every part of the papers "
          f"(page load and searches: {results['total_bytes'] / 1e3:.0f} KB)")
    for name, size in sorted(results["search_requests"].items()):
        print(f"  {size / 1e3:8.1f} KB  {name}")
    print("load average before and after: " + ", ".join(" ".join(f"{x:.1f}" for x in avg) for avg in results["load_average"]))
    print("first search, the index loading from the tap (a fresh page each time):")
    for first in results["first_searches"]:
        cpu, typed = first["cpu_ms"], first["typed_cpu_ms"]
        print(f"  typed {first['gap_ms']:4d} ms after the focus: results {first['ms']:5.0f} ms after the keystroke "
              f"(CPU: main thread {typed['main']:.0f} ms, worker {typed['worker']:.0f} ms), {first['focus_ms']:5.0f} ms "
              f"after the focus (CPU: main {cpu['main']:.0f} ms, worker {cpu['worker']:.0f} ms), {first['query']!r}, "
              f"every part in {first['complete_ms']:.0f} ms after the keystroke; "
              f"then {first['then']['query']!r} {first['then']['ms']:.0f} ms "
              f"({'ok' if first['then']['first_is_expected'] else 'first result ' + first['then']['first']})")
    for label, key in (("", "first_searches"), (f"baseline {args.baseline}: ", "baseline_first_searches")):
        for gap in sorted({first["gap_ms"] for first in results[key]}):
            runs = [first for first in results[key] if first["gap_ms"] == gap]
            figures = {"keystroke": [r["ms"] for r in runs], "focus": [r["focus_ms"] for r in runs],
                       "every part": [r["complete_ms"] for r in runs],
                       "main CPU": [r["typed_cpu_ms"]["main"] for r in runs],
                       "worker CPU": [r["typed_cpu_ms"]["worker"] for r in runs]}
            print(f"  {label}typed {gap} ms after the focus, {len(runs)} pages, median / max ms: " + ", ".join(
                f"{name} {statistics.median(values):.0f} / {max(values):.0f}" for name, values in figures.items()))
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
