"""Browser benchmark of the browse page: bytes its data costs and keystroke-to-updated-list time, in Chromium at 4x CPU slowdown.

Usage: python bench/bench_browse.py --papers 10000          (builds a bench/corpus.py project first)
       python bench/bench_browse.py --site path/to/site     (an already built site)
       python bench/bench_browse.py --site path/to/site --trace trace.json   (keeps the DevTools trace)
The site is served gzipped on 127.0.0.1 (bench_search.py's server) to Chromium slowed down with DevTools'
Emulation.setCPUThrottlingRate, on a phone-sized screen. It reports the gzipped bytes of the page and of its
index and of the word index a first query loads, the time until the filters work, then for each letter of a
query typed into the text box the milliseconds from the key going down to the first frame painted after the
list was updated: once while the word index is still loading (the first query starts that), then with it; then
the same for pressing a tag chip. Each is given as median and max, with the main thread's CPU time over the same
span, from a DevTools trace, and of it the page's scripts' and the style and layout's.
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

from bench_search import browser_bench_parser, end_trace, phone_page, serve, site_to_measure, start_trace  # noqa: E402

QUERY = "model"
# Times the query is typed again once the abstracts are in: a busy machine makes single keystrokes noisy.
REPEATS = 3
# Resolves, for the next keydown or click, with the milliseconds from that event to the frame painted after it;
# marks both in the trace. A timer set in a frame's callbacks runs once that frame is painted.
_NEXT_PAINT_JS = """
kind => { window.__painted = new Promise(resolve => {
  const target = kind === 'key' ? document.querySelector('#browse-q') : document;
  target.addEventListener(kind === 'key' ? 'keydown' : 'click', event => {
    const started = event.timeStamp;
    performance.mark('bench-start', {startTime: started});
    requestAnimationFrame(() => setTimeout(() => {
      performance.mark('bench-end');
      resolve(performance.now() - started);
    }, 0));
  }, {once: true, capture: true});
}); }
"""


def _timed(page, kind: str, act) -> float:
    """Milliseconds from the event to the frame painted after it."""
    page.evaluate(_NEXT_PAINT_JS, kind)
    act()
    return round(page.evaluate("() => window.__painted"), 1)


def _main_thread_cpu(events: list[dict], names: tuple[str, ...] = ("RunTask",)) -> list[float]:
    """For each marked interaction, the CPU milliseconds the renderer's main thread spent in its tasks between the
    event and the frame: what the wall time would be on an idle machine, but for waiting on the next frame. With
    `names`, in those trace events instead: ("FunctionCall",) is the page's scripts, ("Layout", "UpdateLayoutTree")
    its style and layout."""
    threads = {(e["pid"], e["tid"]) for e in events if e.get("ph") == "M" and e.get("name") == "thread_name"
               and e["args"]["name"] == "CrRendererMain"}
    tasks = [e for e in events if e.get("ph") == "X" and e.get("name") in names and (e["pid"], e["tid"]) in threads
             and e.get("dur")]
    out = []
    for start, end in _marks(events):
        cpu = 0.0
        for task in tasks:
            overlap = min(end, task["ts"] + task["dur"]) - max(start, task["ts"])
            if overlap > 0:
                cpu += task.get("tdur", task["dur"]) * overlap / task["dur"]
        out.append(round(cpu / 1000, 1))
    return out


def _self_times(events: list[dict], start: float, end: float) -> dict[str, float]:
    """CPU milliseconds of the renderer's main thread between two trace times, by trace event, each event's own time
    without the events inside it: where an interaction's time goes (FunctionCall is the page's scripts, RunTask's
    own the work no finer event names)."""
    threads = {(e["pid"], e["tid"]) for e in events if e.get("ph") == "M" and e.get("name") == "thread_name"
               and e["args"]["name"] == "CrRendererMain"}
    spans = sorted((e for e in events if e.get("ph") == "X" and (e["pid"], e["tid"]) in threads and e.get("dur")
                    and e["ts"] < end and e["ts"] + e["dur"] > start), key=lambda e: (e["ts"], -e["dur"]))
    own: dict[str, float] = {}
    stack: list[dict] = []
    for span in spans:
        while stack and stack[-1]["ts"] + stack[-1]["dur"] <= span["ts"]:
            stack.pop()
        cpu = span.get("tdur", span["dur"]) / 1000
        own[span["name"]] = own.get(span["name"], 0.0) + cpu
        if stack:
            own[stack[-1]["name"]] -= cpu
        stack.append(span)
    return own


def _marks(events: list[dict]) -> list[tuple[float, float]]:
    """Each marked interaction's start and end, in trace time."""
    marks = sorted((e["ts"], e["name"]) for e in events if e.get("name") in ("bench-start", "bench-end")
                   and e.get("ph") in ("R", "I", "n", "b", "e"))
    return list(zip([ts for ts, name in marks if name == "bench-start"], [ts for ts, name in marks if name == "bench-end"]))


def _type(page, query: str) -> list[float]:
    page.fill("#browse-q", "")
    page.wait_for_timeout(300)
    return [_timed(page, "key", lambda letter=letter: page.keyboard.press(letter)) for letter in query]


def _searched_bytes(site: Path) -> int:
    """The gzipped bytes, as the server sends them, of what the first query loads to search every abstract: the
    word index, or (before it) every text chunk. Its worker's requests are not reported to the page's listener."""
    words = site / "browse" / "words.json"
    files = [words] if words.is_file() else sorted((site / "browse" / "text").glob("*.json"))
    return sum(len(gzip.compress(f.read_bytes(), compresslevel=6, mtime=0)) for f in files)


def _summary(r: dict, name: str) -> str:
    times, cpu, script, layout = (r[f"{name}{part}_ms"] for part in ("", "_cpu", "_script", "_layout"))
    return (f"median {statistics.median(times):.0f}, max {max(times):.0f} (main thread CPU median "
            f"{statistics.median(cpu):.0f}, max {max(cpu):.0f}; of it scripts median {statistics.median(script):.0f}, "
            f"max {max(script):.0f}, style and layout median {statistics.median(layout):.0f}, max {max(layout):.0f})"
            f"\n    ms {times}\n    main thread CPU ms {cpu}")


def measure(site: Path, rate: float, trace: Path | None = None) -> dict:
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    server, base = serve(site)
    received: dict[str, int] = {}
    try:
        with sync_playwright() as p:
            browser, context, page, cdp = phone_page(p, timeout_ms=120_000)
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
            results["elements"] = page.evaluate("() => document.getElementsByTagName('*').length")
            page.click("#browse-q")
            events, finished = start_trace(cdp)
            results["typing_while_loading_ms"] = _type(page, QUERY)
            page.wait_for_function("() => !document.querySelector('.browse-count').textContent.includes('loading')")
            results["text_chunk_bytes"] = _searched_bytes(site)
            results["typing_ms"] = [run for _ in range(REPEATS) for run in _type(page, QUERY)]
            page.fill("#browse-q", "")
            page.click(".browse-facet[data-facet=tag] summary")
            # A reader's pause, as before each query typed: the first press would also pay for the group's opening.
            page.wait_for_timeout(300)
            # The mouse pressed where the chip is: Playwright's click would first run its own checks in the page,
            # which the counters would take for the page's work.
            box = page.locator(".browse-facet[data-facet=tag] .browse-chip").first.bounding_box()
            x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
            results["chip_ms"] = [_timed(page, "click", lambda: page.mouse.click(x, y)) for _ in range(2 * REPEATS)]
            end_trace(page, cdp, finished)
            if trace:
                trace.write_text(json.dumps(events), encoding="utf-8")
            for suffix, names in (("cpu", ("RunTask",)), ("script", ("FunctionCall",)),
                                  ("layout", ("Layout", "UpdateLayoutTree"))):
                cpu = iter(_main_thread_cpu(events, names))
                for name in ("typing_while_loading", "typing", "chip"):
                    results[f"{name}_{suffix}_ms"] = [next(cpu, None) for _ in results[f"{name}_ms"]]
            spans = iter(_marks(events))
            for name in ("typing_while_loading", "typing", "chip"):
                # The run whose main thread worked longest: a busy machine stretches its wall time, not its work.
                runs = [(cpu or 0.0, next(spans, None)) for cpu in results[f"{name}_cpu_ms"]]
                _, span = max(runs, key=lambda run: run[0])
                own = _self_times(events, *span) if span else {}
                results[f"{name}_slowest"] = {event: round(cpu, 1) for event, cpu in
                                              sorted(own.items(), key=lambda item: -item[1])[:8]}
            browser.close()
    finally:
        server.shutdown()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = browser_bench_parser(__doc__.splitlines()[0])
    parser.add_argument("--trace", type=Path,
                        help="write the DevTools trace of the interactions here (DevTools' Performance panel opens it)")
    args = parser.parse_args(argv)
    site = site_to_measure(args, "bench-browse-")
    load = os.getloadavg()[0]
    r = measure(site, args.throttle, args.trace)
    r["load_average"] = [round(load, 1), round(os.getloadavg()[0], 1)]
    print(f"site {site}: browse lists {r['papers']} papers; CPU throttled {args.throttle:g}x, phone screen; "
          f"load average {r['load_average'][0]} before, {r['load_average'][1]} after")
    print(f"page load {r['page_bytes'] / 1e3:.0f} KB gzipped, of which the index {r['index_bytes'] / 1e3:.0f} KB; "
          f"filters ready {r['ready_ms']} ms after navigation, the page then {r['elements']} elements")
    for name, size in sorted(r["page_requests"].items(), key=lambda item: -item[1])[:6]:
        print(f"  {size / 1e3:8.1f} KB  {name}")
    print(f"typing {QUERY!r} while the abstracts load, ms per key: "
          f"{_summary(r, 'typing_while_loading')}")
    print(f"what searching every author and abstract loaded: {r['text_chunk_bytes'] / 1e3:.0f} KB gzipped")
    print(f"typing {QUERY!r} with abstracts searched, ms per key: {_summary(r, 'typing')}")
    print(f"pressing a tag chip, ms: {_summary(r, 'chip')}")
    for name in ("typing_while_loading", "typing", "chip"):
        print(f"the {name.replace('_', ' ')} that cost the main thread most, its CPU ms by trace event: "
              + ", ".join(f"{event} {cpu}" for event, cpu in r[f"{name}_slowest"].items()))
    if args.json:
        args.json.write_text(json.dumps(r, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
