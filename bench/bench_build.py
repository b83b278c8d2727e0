"""Benchmark: time `generator build` (generation and MkDocs separately) on N synthetic papers in the real data format.

Usage: python bench/bench_build.py 200 2000
Each size is built twice in a fresh temporary project: a cold build, then a rebuild with no data change.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.build import build  # noqa: E402
from generator.model import Links, Paper, Source  # noqa: E402
from generator.project import copy_project_skeleton  # noqa: E402
from generator.store import load_topics, write_paper  # noqa: E402

WORDS = (
    "efficient scalable sparse adaptive robust federated multimodal quantized distilled retrieval agentic "
    "reasoning serving attention memory latency throughput benchmark alignment privacy watermark kernel "
    "pipeline cache decoding pruning adapter instruction preference tool graph vision speech code"
).split()


def synthetic_paper(n: int, rng: random.Random, topics: list[str]) -> Paper:
    """One plausible paper: a title, a ~150-word abstract, a date, topics and links."""
    name = "".join(rng.choice(WORDS).title() for _ in range(2)) + str(n)
    title = f"{name}: " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 10))).capitalize()
    abstract = " ".join(rng.choice(WORDS) for _ in range(150)).capitalize() + "."
    year, month = rng.randint(2019, 2025), rng.randint(1, 12)
    arxiv = f"{year % 100:02d}{month:02d}.{n:05d}"
    chosen = rng.sample(topics, rng.choice((1, 1, 2, 3)))
    return Paper(
        id=arxiv,
        title=title,
        abstract=abstract,
        arxiv=arxiv,
        links=Links(code=[f"https://github.com/example/{name.lower()}"] if rng.random() < 0.4 else []),
        authors_count=rng.randint(1, 30),
        published=dt.date(year, month, rng.randint(1, 28)),
        upvotes=rng.randint(0, 50),
        topics=chosen,
        sources=[Source("data/sources/synthetic.txt", n + 1, "hf-daily")],
        added=dt.date(2026, 11, 21),
    )


def make_project(dest: Path, size: int) -> None:
    """The real site configuration and hand-written docs, with `size` synthetic papers as data."""
    copy_project_skeleton(REPO, dest, with_papers=False)
    rng = random.Random(size)
    slugs = [t.slug for t in load_topics(dest / "data")]
    for n in range(size):
        write_paper(dest / "data", synthetic_paper(n, rng, slugs))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[200, 2000])
    args = parser.parse_args()
    print(f"{'papers':>7} {'run':>8} {'generate s':>11} {'mkdocs s':>9} {'total s':>8} {'pages':>6} {'site MB':>8}")
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
            root = Path(tmp)
            make_project(root, size)
            for run in ("cold", "rebuild"):
                result = build(root)
                total = result.generate_seconds + result.mkdocs_seconds
                pages = result.pages.written + result.pages.unchanged
                site_mb = sum(f.stat().st_size for f in result.site_dir.rglob("*") if f.is_file()) / 1e6
                print(f"{size:>7} {run:>8} {result.generate_seconds:>11.2f} {result.mkdocs_seconds:>9.2f} "
                      f"{total:>8.2f} {pages:>6} {site_mb:>8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
