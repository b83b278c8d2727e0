"""Benchmark: the CPU the browse page's files cost a build (site/browse.py render_browse), in-process.

Usage: python bench/bench_browse_build.py --project DIR [--profile FILE]
       python bench/bench_browse_build.py 2000 [10000]     (builds a bench/corpus.py project per size first)
Three figures from a built project's catalog, each with no kept fragments and the generator's caches emptied (a
cold build's render): render_browse alone; render_browse where render_site calls it, after the pages before it;
and what it adds to render_site, which is render_site against render_site with the browse page left out. The last
is what a cold build pays for Browse: pieces that other pages show too (a paper's entry, its readable abstract,
its BibTeX, its papers.json record) are paid by whichever page asks first. Best of three, CPU seconds.
"""

from __future__ import annotations

import cProfile
import sys
from pathlib import Path
from unittest import mock

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from measure import cpu_of, run_per_size  # noqa: E402

from generator.build import site_address  # noqa: E402
from generator.buildcache import load_catalog_cached  # noqa: E402
from generator.catalog import Fragments, build_catalog  # noqa: E402
from generator.site import pages  # noqa: E402
from generator.site.bibtex import bibtex_entries, citation_keys  # noqa: E402
from generator.site.browse import render_browse  # noqa: E402
from generator.site.cards import _tag_chip, readable_title  # noqa: E402
from generator.text.latex import latex_to_text  # noqa: E402

RUNS = 3


def bench(root: Path, profile: Path | None) -> str:
    """The figures for one built project, as a line."""
    loaded = load_catalog_cached(root).catalog
    address = site_address(root)
    digests = {p.id: f"file-{p.id}" for p in loaded.papers}

    def catalog():
        # The conversions each build makes once per text, kept by lru_cache: a run after the first would find them.
        for cache in (latex_to_text, readable_title, _tag_chip):
            cache.cache_clear()
        return build_catalog(loaded.papers, loaded.topics, loaded.tag_groups, loaded.related, Fragments(digests=digests))

    def alone():
        fresh = catalog()
        keys = citation_keys(fresh.papers, fresh.memo)
        entries = bibtex_entries(fresh.papers, keys, fresh.memo)
        return cpu_of(lambda: render_browse(fresh, keys, entries))[0]

    def site(with_browse: bool) -> tuple[float, float]:
        """render_site's CPU, and that of the render_browse it calls (nothing, without the page)."""
        fresh, inside = catalog(), []

        def timed(*args):
            spent, made = cpu_of(lambda: render_browse(*args))
            inside.append(spent)
            return made

        stand_in = timed if with_browse else (lambda *args: ({}, {}))
        with mock.patch.object(pages, "render_browse", stand_in):
            return cpu_of(lambda: pages.render_site(fresh, address))[0], sum(inside)

    if profile:
        fresh = catalog()
        keys = citation_keys(fresh.papers, fresh.memo)
        entries = bibtex_entries(fresh.papers, keys, fresh.memo)
        cProfile.runctx("render_browse(fresh, keys, entries)", globals(), locals(), str(profile))
    browse = min(alone() for _ in range(RUNS))
    runs = [(site(True), site(False)) for _ in range(RUNS)]
    (whole, inside), without = min(r[0] for r in runs), min(r[1][0] for r in runs)
    return (f"{len(loaded.papers):>7} papers: render_browse alone {browse:.2f} s, inside render_site {inside:.2f} s; "
            f"render_site {whole:.2f} s, without the browse page {without:.2f} s, so Browse adds {whole - without:.2f} s "
            f"(CPU, best of {RUNS})")


def main(argv: list[str] | None = None) -> int:
    return run_per_size(__doc__.splitlines()[0], bench, "write a cProfile of render_browse alone here", "browse-build", argv)


if __name__ == "__main__":
    sys.exit(main())
