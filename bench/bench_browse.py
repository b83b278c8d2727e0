"""Browser benchmark of the browse page: bytes its data costs and keystroke-to-updated-list time, in Chromium at 4x CPU slowdown.

Usage: python bench/bench_browse.py --papers 10000          (builds a bench/corpus.py project first)
       python bench/bench_browse.py --site path/to/site     (an already built site)
The site is served gzipped on 127.0.0.1 (bench_search.py's server) to Chromium slowed down with DevTools'
Emulation.setCPUThrottlingRate, on a phone-sized screen. It reports the gzipped bytes of the page and of its
index, the time until the filters work, then for each letter of a query typed into the text box the
milliseconds from the key going down to the first frame painted once the list was updated with every match
(the page marks its list data-searching while it waits for its worker's matches in the abstracts): once while
the word index is still loading (the first query starts that), then with it; then the same for pressing a tag
chip. Each is given as median and max, with the main thread's script, style and layout time.
"""

from __future__ import annotations

import gzip
import json
import os
import statistics
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from bench_search import browser_bench_parser, phone_page, serve, site_to_measure  # noqa: E402

QUERY = "model"
# Times the query is typed again once the abstracts are in: a busy machine makes single keystrokes noisy.
REPEATS = 3
# Resolves, for the next keydown or click, with the milliseconds from that event to the frame painted once the
# list no longer waits for the worker's matches.
_NEXT_PAINT_JS = """
kind => { window.__painted = new Promise(resolve => {
  const target = kind === 'key' ? document.querySelector('#browse-q') : document;
  const list = document.querySelector('.browse-results');
  target.addEventListener(kind === 'key' ? 'keydown' : 'click', event => {
    const started = event.timeStamp;
    const painted = () => requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - started), 0));
    requestAnimationFrame(() => {
      if (!list.dataset.searching) return painted();
      const watch = new MutationObserver(() => {
        if (!list.dataset.searching) { watch.disconnect(); painted(); }
      });
      watch.observe(list, {attributes: true, attributeFilter: ['data-searching']});
    });
  }, {once: true, capture: true});
}); }
"""


# DevTools' counters of the renderer's main thread, in seconds: time spent in script, style and layout, and its
# CPU time (ThreadTime), which the throttling does not stretch and other work on the machine barely moves: on a
# busy machine the milliseconds to the frame grow, this stays.
_COUNTERS = ("ScriptDuration", "RecalcStyleDuration", "LayoutDuration", "ThreadTime")


def _counters(cdp) -> dict[str, float]:
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return {name: metrics.get(name, 0.0) for name in _COUNTERS}


def _timed(page, cdp, kind: str, act) -> dict:
    """Milliseconds from the event to the next frame, and the main thread's script, style and layout meanwhile."""
    page.evaluate(_NEXT_PAINT_JS, kind)
    before = _counters(cdp)
    act()
    wall = page.evaluate("() => window.__painted")
    after = _counters(cdp)
    return {"ms": round(wall, 1), **{name: round((after[name] - before[name]) * 1000, 1) for name in _COUNTERS}}


def _type(page, cdp, query: str) -> list[dict]:
    page.fill("#browse-q", "")
    page.wait_for_timeout(300)
    return [_timed(page, cdp, "key", lambda letter=letter: page.keyboard.press(letter)) for letter in query]


def _searched_bytes(site: Path) -> int:
    """The gzipped bytes, as the server sends them, of what the first query loads to search every abstract: the
    word index, or (before it) every text chunk. Its worker's requests are not reported to the page's listener."""
    words = site / "browse" / "words.json"
    files = [words] if words.is_file() else sorted((site / "browse" / "text").glob("*.json"))
    return sum(len(gzip.compress(f.read_bytes(), compresslevel=6, mtime=0)) for f in files)


def _summary(runs: list[dict]) -> str:
    times, cpu = [r["ms"] for r in runs], [r["ThreadTime"] for r in runs]
    return (f"median {statistics.median(times):.0f}, max {max(times):.0f}; main thread CPU median "
            f"{statistics.median(cpu):.1f}, max {max(cpu):.1f}\n    ms {times}\n    main thread CPU {cpu}\n    script "
            f"{[r['ScriptDuration'] for r in runs]}, style+layout "
            f"{[round(r['RecalcStyleDuration'] + r['LayoutDuration'], 1) for r in runs]} (with workers)")


def measure(site: Path, rate: float) -> dict:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    server, base = serve(site)
    received: dict[str, int] = {}
    try:
        with sync_playwright() as p:
            browser, context, page, cdp = phone_page(p, timeout_ms=120_000)
            cdp.send("Performance.enable")
            def count(request) -> None:
                try:
                    received[request.url] = request.sizes()["responseBodySize"]
                except PlaywrightError:
                    pass  # a request that finished as the browser closed, after the figures were taken

            context.on("requestfinished", count)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
            page.goto(base + "browse/", wait_until="load")
            page.wait_for_selector("form.browse-filters:not([hidden])")
            ready_ms = page.evaluate("() => performance.now()")
            results: dict = {"throttle": rate, "ready_ms": round(ready_ms), "papers": page.evaluate(
                "() => Number(document.querySelector('.browse-count').textContent.match(/\\d+/g).pop())")}
            results["page_bytes"] = sum(received.values())
            results["page_requests"] = {url.removeprefix(base): size for url, size in sorted(received.items())}
            results["index_bytes"] = sum(size for url, size in received.items() if url.endswith("/browse/index.json"))
            page.click("#browse-q")
            results["typing_while_loading_ms"] = _type(page, cdp, QUERY)
            page.wait_for_function("() => !document.querySelector('.browse-count').textContent.includes('loading')")
            results["text_chunk_bytes"] = _searched_bytes(site)
            results["typing_ms"] = [run for _ in range(REPEATS) for run in _type(page, cdp, QUERY)]
            page.fill("#browse-q", "")
            page.click(".browse-facet[data-facet=tag] summary")
            # The mouse pressed where the chip is: Playwright's click would first run its own checks in the page,
            # which the counters would take for the page's work.
            box = page.locator(".browse-facet[data-facet=tag] .browse-chip").first.bounding_box()
            x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
            results["chip_ms"] = [_timed(page, cdp, "click", lambda: page.mouse.click(x, y)) for _ in range(2 * REPEATS)]
            browser.close()
    finally:
        server.shutdown()
    return results


def main(argv: list[str] | None = None) -> int:
    args = browser_bench_parser(__doc__.splitlines()[0]).parse_args(argv)
    site = site_to_measure(args, "bench-browse-")
    load = os.getloadavg()[0]
    r = measure(site, args.throttle)
    r["load_average"] = [round(load, 1), round(os.getloadavg()[0], 1)]
    print(f"site {site}: browse lists {r['papers']} papers; CPU throttled {args.throttle:g}x, phone screen; "
          f"load average {r['load_average'][0]} before, {r['load_average'][1]} after")
    print(f"page load {r['page_bytes'] / 1e3:.0f} KB gzipped, of which the index {r['index_bytes'] / 1e3:.0f} KB; "
          f"filters ready {r['ready_ms']} ms after navigation")
    for name, size in sorted(r["page_requests"].items(), key=lambda item: -item[1])[:6]:
        print(f"  {size / 1e3:8.1f} KB  {name}")
    print(f"typing {QUERY!r} while the abstracts load, ms per key: {_summary(r['typing_while_loading_ms'])}")
    print(f"what searching every author and abstract loaded: {r['text_chunk_bytes'] / 1e3:.0f} KB gzipped")
    print(f"typing {QUERY!r} with abstracts searched, ms per key: {_summary(r['typing_ms'])}")
    print(f"pressing a tag chip, ms: {_summary(r['chip_ms'])}")
    if args.json:
        args.json.write_text(json.dumps(r, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
