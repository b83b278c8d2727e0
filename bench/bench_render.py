"""Benchmark: the CPU of rendering the site (site/pages.py render_site) and of filling it, without load or MkDocs.

Usage: python bench/bench_render.py 2000 [10000] [--project DIR] [--profile FILE]
For each size, a project of bench/corpus.py papers is built once (its catalog and paper shell are what is
measured against); then, in this process: render_site with no fragments (a cold build's render), the fill of
every page into a copy of the built pages, and render_site again from the fragments the first kept after one
paper's title changed (a one-paper edit's render). CPU seconds of this process; --profile FILE writes a cProfile
of the cold render to FILE and of the edit's render beside it (FILE's name with -edit). Run it on main and on a branch to compare them in the same session.
"""

from __future__ import annotations

import cProfile
import dataclasses
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from measure import cpu_of, run_per_size  # noqa: E402

from generator.build import fill_site, site_address  # noqa: E402
from generator.buildcache import load_catalog_cached  # noqa: E402
from generator.catalog import Fragments, build_catalog  # noqa: E402
from generator.site.pages import render_site  # noqa: E402


def bench(root: Path, profile: Path | None) -> str:
    """The figures for one built project, as a line."""
    loaded = load_catalog_cached(root).catalog
    address = site_address(root)
    digests = {p.id: f"file-{p.id}" for p in loaded.papers}

    def catalog(papers, memo):
        return build_catalog(papers, loaded.topics, loaded.tag_groups, loaded.related, memo)

    memo = Fragments(digests=digests)
    cold, site = profiled(lambda: render_site(catalog(loaded.papers, memo), address), profile)
    with tempfile.TemporaryDirectory(prefix="bench-render-") as scratch:
        pages = Path(scratch)
        for source in sorted({fill.source for fill in site.fills.values()}):
            (pages / source).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(root / "site" / source, pages / source)
        fill, _ = cpu_of(lambda: fill_site(pages, site.fills))
    edited = sorted(loaded.papers, key=lambda p: p.id)[len(loaded.papers) // 2]
    papers = [dataclasses.replace(p, title=f"Edited {p.title}") if p is edited else p for p in loaded.papers]
    again = Fragments(memo.kept(), {**digests, edited.id: "file-edited"})
    edit_profile = profile.with_name(f"{profile.stem}-edit{profile.suffix}") if profile else None
    warm, _ = profiled(lambda: render_site(catalog(papers, again), address), edit_profile)
    return (f"{len(loaded.papers):>7} papers: render_site cold {cold:.2f} s, fill {fill:.2f} s, "
            f"render_site after a one-paper edit {warm:.2f} s (CPU)")


def profiled(work, profile: Path | None):
    """cpu_of(work), with a cProfile of it (on the CPU clock) written to `profile` when one is named."""
    if profile is None:
        return cpu_of(work)
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    try:
        return cpu_of(work)
    finally:
        profiler.disable()
        profiler.dump_stats(profile)


def main(argv: list[str] | None = None) -> int:
    return run_per_size(__doc__.splitlines()[0], bench, "write a cProfile of the (last) cold render here", "render", argv)


if __name__ == "__main__":
    sys.exit(main())
