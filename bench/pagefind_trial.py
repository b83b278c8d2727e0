"""The measurement behind the choice of search: Pagefind on a built site, against the lean index Material loads.

Usage: pip install 'pagefind[bin]'; python bench/pagefind_trial.py --site path/to/site [--pagefind 'python -m pagefind']
Indexes the site's HTML with the Pagefind binary (CPU and peak memory of that step, which every build and every
serve rebuild would add), then in Chromium at 4x CPU slowdown runs the same queries as bench/bench_search.py
through Pagefind's JavaScript API: bytes received for the first search (its script, WebAssembly, index chunks and
the fragments of the first ten results) and milliseconds to the first ten results.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

from bench_search import CHROMIUM, CHROMIUM_ARGS, PHONE, _count, queries_for, serve  # noqa: E402
from measure import measured  # noqa: E402

_SEARCH_JS = """
async query => {
  const started = performance.now();
  window.__pagefind = window.__pagefind || await import('/pagefind/pagefind.js');
  const found = await window.__pagefind.search(query);
  const shown = await Promise.all(found.results.slice(0, 10).map(r => r.data()));
  return {ms: performance.now() - started, first: shown.length ? shown[0].url : null, count: found.results.length};
}
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, required=True)
    parser.add_argument("--pagefind", default=f"{sys.executable} -m pagefind", help="the command that runs Pagefind")
    parser.add_argument("--throttle", type=float, default=4.0)
    args = parser.parse_args(argv)
    site = args.site.resolve()
    run = measured([*shlex.split(args.pagefind), "--site", str(site)], site)
    files = [f for f in (site / "pagefind").rglob("*") if f.is_file()]
    print(f"Pagefind indexing: {run.cpu:.1f} s CPU, {run.wall:.1f} s wall, peak {run.peak_mb:.0f} MB; "
          f"{len(files)} files, {sum(f.stat().st_size for f in files) / 1e6:.1f} MB")

    from playwright.sync_api import sync_playwright

    server, base = serve(site)
    received: dict[str, int] = {}
    urls: dict[str, str] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
            page = browser.new_context(viewport=PHONE, is_mobile=True).new_page()
            page.set_default_timeout(120_000)
            cdp = page.context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
            page.context.on("requestfinished", lambda r: _count(r, received, urls))
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": args.throttle})
            page.goto(base, wait_until="load")
            page.wait_for_timeout(3000)
            before, loaded = sum(received.values()), set(received)
            for n, (query, expected) in enumerate(queries_for(site) * 2):
                result = page.evaluate(_SEARCH_JS, query)
                if n == 0:
                    print(f"first search transferred {(sum(received.values()) - before) / 1e3:.0f} KB gzipped")
                    for request in sorted(set(received) - loaded, key=lambda r: urls.get(r, "")):
                        print(f"  {received[request] / 1e3:8.1f} KB  {urls.get(request, '?')}")
                mark = "ok" if (result["first"] or "").strip("/").endswith(expected.strip("/")) else f"first {result['first']}"
                print(f"  {result['ms']:7.0f} ms  {query!r:32} {result['count']:>5} results ({mark})")
            print(f"all searches transferred {(sum(received.values()) - before) / 1e3:.0f} KB gzipped")
            browser.close()
    finally:
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
