"""Benchmark: `python -m generator build` on N realistic papers against stock mkdocs-material on the same papers.

Usage: python bench/bench_build.py 2000 10000 30000 [--json results.json] [--keep DIR] [--cold-only]
For each size, in a fresh project: a cold build, a rebuild with no change, a rebuild after editing one paper file,
then the largest HTML page, the site's size, the search index a first search downloads (gzipped) per paper, and
a plain MkDocs + Material project of the same papers on 30 topic pages built in the same run. CPU is user + sys of
the build and every process it starts; peak memory is the largest resident set among them.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from corpus import make_project  # noqa: E402
from measure import Run, measured  # noqa: E402
from stock_material import write_stock_project  # noqa: E402

from generator.model import Paper  # noqa: E402
from generator.storage.store import dump_paper, load_topics, paper_path  # noqa: E402

# The files a reader's browser fetches for a first search, relative to the site, in the order they are looked for.
# MkDocs' pages, and the papers' index: its first part and the parts it lists (search/papers-<n>.json).
SEARCH_FILES = ("search/search_index.json", "search/papers.json", "search/papers-*.json")


@dataclasses.dataclass
class SizeResult:
    papers: int
    cold: Run
    rebuild: Run
    edit: Run
    stock: Run
    largest_page: str
    largest_page_bytes: int
    largest_page_gzip: int
    site_bytes: int
    html_pages: int
    search_gzip: int

    @property
    def ratio(self) -> float:
        return self.cold.cpu / self.stock.cpu

    @property
    def wall_ratio(self) -> float:
        """Stock MkDocs runs on one core; the build may use more, so its wall clock is compared too."""
        return self.cold.wall / self.stock.wall


def _gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


def search_download(site: Path) -> int:
    """Gzipped bytes of every search index file, all parts of the papers' index included (the browser bench measures
    what a first search transfers)."""
    return sum(_gzip_size(path) for pattern in SEARCH_FILES for path in sorted(site.glob(pattern)) if path.is_file())


def _env() -> dict[str, str]:
    python_path = os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH")) if p)
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": python_path}


def _build(root: Path) -> Run:
    return measured([sys.executable, "-m", "generator", "--root", str(root), "build"], root, _env())


def edit_one_paper(root: Path, paper: Paper) -> Path:
    """Rewrite one paper's file with a changed title, as a curator's edit would."""
    path = paper_path(root / "data", paper.id)
    path.write_text(dump_paper(dataclasses.replace(paper, title=f"Edited {paper.title}")), encoding="utf-8")
    return path


def bench_cold(size: int, workdir: Path, seed: int = 0) -> Run:
    """The cold build alone, for a size whose every figure would take hours (100,000 papers)."""
    root = workdir / f"ours-{size}"
    make_project(root, size, seed)
    return _build(root)


def bench_size(size: int, workdir: Path, seed: int = 0) -> SizeResult:
    """Every figure for one size; the projects are left in workdir."""
    root = workdir / f"ours-{size}"
    papers = make_project(root, size, seed)
    cold = _build(root)
    rebuild = _build(root)
    edit_one_paper(root, papers[len(papers) // 2])
    edit = _build(root)
    site = root / "site"
    pages = sorted(site.rglob("*.html"))
    largest = max(pages, key=lambda p: (p.stat().st_size, str(p)))
    stock_root = write_stock_project(workdir / f"stock-{size}", papers, [t.slug for t in load_topics(root / "data")])
    stock = measured([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(stock_root / "site")], stock_root, _env())
    return SizeResult(
        papers=size, cold=cold, rebuild=rebuild, edit=edit, stock=stock,
        largest_page=str(largest.relative_to(site)), largest_page_bytes=largest.stat().st_size,
        largest_page_gzip=_gzip_size(largest),
        site_bytes=sum(f.stat().st_size for f in site.rglob("*") if f.is_file()), html_pages=len(pages),
        search_gzip=search_download(site),
    )


HEADER = (f"{'papers':>7} {'cold cpu':>9} {'cold wall':>9} {'rebuild':>8} {'edit':>7} {'peak MB':>8} "
          f"{'stock cpu':>9} {'ratio':>6} {'stock wall':>10} {'wall ratio':>10} {'largest page KB (gz)':>21} {'site MB':>8} {'pages':>6} {'search B/paper':>14}")


def row(r: SizeResult) -> str:
    peak = max(r.cold.peak_mb, r.rebuild.peak_mb, r.edit.peak_mb)
    largest = f"{r.largest_page_bytes / 1e3:.0f} ({r.largest_page_gzip / 1e3:.0f})"
    return (f"{r.papers:>7} {r.cold.cpu:>9.1f} {r.cold.wall:>9.1f} {r.rebuild.cpu:>8.1f} {r.edit.cpu:>7.1f} {peak:>8.0f} "
            f"{r.stock.cpu:>9.1f} {r.ratio:>5.2f}x {r.stock.wall:>10.1f} {r.wall_ratio:>9.2f}x {largest:>21} {r.site_bytes / 1e6:>8.1f} {r.html_pages:>6} "
            f"{r.search_gzip / r.papers:>14.0f}")


def _plain(result: SizeResult) -> dict:
    out = dataclasses.asdict(result)
    for run in ("cold", "rebuild", "edit", "stock"):
        out[run].pop("output")
    return {**out, "ratio": result.ratio, "wall_ratio": result.wall_ratio}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[200, 2000])
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    parser.add_argument("--keep", type=Path, help="build the projects in this folder and leave them there")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--cold-only", action="store_true", help="only the cold build (CPU, wall, peak) of each size")
    args = parser.parse_args(argv)
    print("CPU = user+sys seconds of the build and its children; rebuild = no change; edit = one paper file changed;"
          " ratio = cold cpu / stock cpu, wall ratio = cold wall / stock wall (same run); load average before each size")
    print(HEADER, flush=True)
    results = []
    for size in args.sizes:
        workdir = args.keep or Path(tempfile.mkdtemp(prefix="bench-"))
        workdir.mkdir(parents=True, exist_ok=True)
        print(f"{'':>7} load average {' '.join(f'{v:.2f}' for v in os.getloadavg())}", flush=True)
        try:
            if args.cold_only:
                cold = bench_cold(size, workdir, args.seed)
                print(f"{size:>7} cold cpu {cold.cpu:.1f} s, wall {cold.wall:.1f} s, peak {cold.peak_mb:.0f} MB", flush=True)
                continue
            result = bench_size(size, workdir, args.seed)
        finally:
            if not args.keep:
                shutil.rmtree(workdir, ignore_errors=True)
        results.append(result)
        print(row(result), flush=True)
        if len(results) > 1:
            print(f"{'':>7} cold cpu {result.cold.cpu / results[0].cold.cpu:.2f}x that of {results[0].papers} papers")
    if args.json:
        args.json.write_text(json.dumps([_plain(r) for r in results], indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
