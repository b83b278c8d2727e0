"""Benchmark: a cold load of N paper files (read, check, make the Papers, arrange the catalog), CPU seconds.

Usage: python bench/bench_load.py 10000 [--root DIR] [--runs 3]
In one process, the median of --runs of each: the build's load (buildcache.read_papers_cached with no .cache/,
then build_catalog) and the same files read the line-aware way, as `check` reads them and as every build did
before canonical.py (store.read_paper_file with lines). Related papers are left out of both: bench_related.py
times them. A fresh project of N papers is made in a temporary folder unless --root names one.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from corpus import make_project  # noqa: E402
from measure import cpu_of  # noqa: E402

from generator.buildcache import CACHE_DIR, read_papers_cached  # noqa: E402
from generator.catalog import build_catalog  # noqa: E402
from generator.storage.store import load_vocabularies, paper_files, read_paper_file, vocabulary_of  # noqa: E402
from generator.storage.yamlfile import display_paths  # noqa: E402


def build_load(root: Path) -> int:
    """What a cold build does before related papers: every file read and checked, the catalog arranged."""
    shutil.rmtree(root / CACHE_DIR, ignore_errors=True)
    read = read_papers_cached(root)
    return len(build_catalog(read.papers, read.topics, read.tag_groups, related={}).papers)


def line_aware_load(root: Path) -> int:
    """The same files parsed with every line kept, then checked, as `check` does."""
    data_dir = root / "data"
    topics, tag_groups, _ = load_vocabularies(data_dir, root)
    vocabulary = vocabulary_of(topics, tag_groups)
    paths = paper_files(data_dir)
    files = [read_paper_file(path, root, vocabulary, shown) for path, shown in zip(paths, display_paths(paths, root))]
    papers = [f.paper for f in files if f.paper]
    return len(build_catalog(papers, topics, tag_groups, related={}).papers)


def cpu_seconds(load, root: Path, runs: int) -> tuple[float, int]:
    times, count = [], 0
    for _ in range(runs):
        cpu, count = cpu_of(lambda: load(root))
        times.append(cpu)
    return statistics.median(times), count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("papers", type=int)
    parser.add_argument("--root", type=Path, help="an existing project to load instead of a fresh one")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-load-") as scratch:
        root = args.root or Path(scratch) / "project"
        if args.root is None:
            make_project(root, args.papers)
        fast, count = cpu_seconds(build_load, root, args.runs)
        slow, slow_count = cpu_seconds(line_aware_load, root, args.runs)
        if count != slow_count:
            raise SystemExit(f"the two loads disagree: {count} papers against {slow_count}")
        print(f"{count} papers, median of {args.runs} runs, CPU: build load {fast:.2f} s, "
              f"line-aware load {slow:.2f} s ({slow / fast:.1f}x)")


if __name__ == "__main__":
    main()
