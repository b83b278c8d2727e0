"""Benchmark: related papers (curate/related.py) on realistic papers, against the exact all-pairs algorithm.

Usage: python bench/bench_related.py 2000 10000 30000 [--time-only 100000] [--bound 1000] [--vocabulary]
       python bench/bench_related.py --edits 20 10000 [--check]
Each size runs in a process of its own: the papers of bench/corpus.py are made, then related_papers() is timed
(CPU seconds, and the growth of the process's peak resident set it causes), then the exact algorithm it replaced
(cosines a block of rows at a time, each row's top-k from the whole block) on the same papers, for the same lists
and the recall of the exact top 5. --time-only sizes skip the exact algorithm. The growth exponent is that of
the CPU time from the size before. --bound sets related_papers' max_papers_per_word (default: the module's).
--edits N times N one-paper edits after a cold computation at each size (curate/related_update.py: a title
word replaced by one of another paper's title, or a sentence added to an abstract), with the route each took;
--check compares each with a fresh computation. --vocabulary prints how vocabulary grows and how many words are rare, in the shipped abstracts, the shared
fixtures' (when there) and the corpus.
"""

from __future__ import annotations

import argparse
import collections
import json
import math
import os
import random
import resource
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import numpy as np  # noqa: E402

from generator.curate import related  # noqa: E402
from measure import cpu_of  # noqa: E402
from generator.curate.words import words  # noqa: E402

SHARED = Path(os.environ.get("LRL_SHARED") or REPO.parent / "shared") / "fixtures"
# Cosines of the exact algorithm held at once: rows of a block times every paper.
EXACT_BLOCK_CELLS = 1 << 20


def exact_related(papers) -> dict[str, tuple[related.Related, ...]]:
    """The exact lists the slow way: every cosine, a dense block of rows at a time, each row's best from its block."""
    by_id = sorted(papers, key=lambda p: p.id)
    matrix = related._tfidf([related._document(p) for p in by_id])
    if matrix is None:
        return {}
    transposed = matrix.T.tocsc()
    block = max(1, EXACT_BLOCK_CELLS // len(by_id))
    out: dict[str, tuple[related.Related, ...]] = {}
    for start in range(0, len(by_id), block):
        cosines = (matrix[start:start + block] @ transposed).tocoo()
        rows, cols, score = related._best(cosines.row + start, cosines.col.astype(np.int64), cosines.data)
        for row in np.unique(rows):
            mine = rows == row
            out[by_id[row].id] = tuple(related.Related(by_id[c].id, float(s)) for c, s in zip(cols[mine], score[mine]))
    return out


def recall(found: dict, exact: dict) -> tuple[float, float]:
    """The share of the exact lists' papers found, and the share of papers whose whole list is the exact one."""
    total = sum(len(rel) for rel in exact.values())
    hits = sum(len({r.id for r in found.get(pid, ())} & {r.id for r in rel}) for pid, rel in exact.items())
    same = sum(found.get(pid) == rel for pid, rel in exact.items()) + sum(pid not in exact for pid in found)
    return hits / total if total else 1.0, same / max(1, len(set(exact) | set(found)))


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_size(size: int, with_exact: bool, seed: int, bound: int | None = None) -> dict:
    """Every figure for one size, measured in this process (run it in a fresh one for a clean peak)."""
    from corpus import make_papers

    papers = make_papers(REPO / "data", size, seed)
    bound = related.MAX_PAPERS_PER_WORD if bound is None else bound
    before = _peak_mb()
    cpu, found = cpu_of(lambda: related.related_papers(papers, max_papers_per_word=bound))
    out = {"papers": size, "cpu": cpu, "peak_mb": _peak_mb(), "peak_growth_mb": _peak_mb() - before}
    if with_exact:
        out["exact_cpu"], exact = cpu_of(lambda: exact_related(papers))
        out["recall"], out["same_lists"] = recall(found, exact)
    return out


def measure_edits(size: int, edits: int, seed: int, check: bool, bound: int | None = None) -> dict:
    """CPU seconds of the cold state, then of each of `edits` one-paper edits, and the route each took."""
    import dataclasses
    import statistics

    from corpus import make_papers
    from generator.curate.related_update import updated_state

    papers = sorted(make_papers(REPO / "data", size, seed), key=lambda p: p.id)
    bound = related.MAX_PAPERS_PER_WORD if bound is None else bound
    cold, state = cpu_of(lambda: related.related_state(papers, bound))
    rng = random.Random(seed)
    times, routes, same = [], collections.Counter(), 0
    for _ in range(edits):
        index, donor = rng.randrange(size), papers[rng.randrange(size)]
        paper = papers[index]
        if rng.random() < 0.5:
            title = paper.title.split()
            title[rng.randrange(len(title))] = rng.choice(donor.title.split())
            papers[index] = dataclasses.replace(paper, title=" ".join(title))
        else:
            sentence = (donor.abstract or donor.title).split(". ")[0]
            papers[index] = dataclasses.replace(paper, abstract=f"{paper.abstract or ''} {sentence}.")
        cpu, (state, route) = cpu_of(lambda: updated_state(state, papers, bound))
        times.append(cpu)
        routes["rows" if route == "rows" else "afresh: " + route.split(" ", 1)[-1] if route[0].isdigit() else route] += 1
        if check:
            same += state.pairs() == related.related_state(papers, bound, state.counts).pairs()
    return {"papers": size, "cold": cold, "median": statistics.median(times), "max": max(times),
            "mean": statistics.fmean(times), "routes": dict(routes), "same": same if check else None}


def _document_words(texts: list[str]) -> list[list[str]]:
    stop = set(related._stop_words())
    return [[w for w in words(text) if w not in stop] for text in texts]


def vocabulary_figures(documents: list[list[str]], at: int = 216, shuffles: int = 20) -> dict:
    """Words per document, rare words (in one or at most two of the first `at`), and Heaps' exponent up to `at`.

    The exponent is the slope of log(vocabulary) over log(documents) from 20 documents on, averaged over shuffles.
    """
    first = documents[:at]
    frequency = collections.Counter(w for d in first for w in set(d))
    curve = np.zeros(len(first))
    for seed in range(shuffles):
        order = first[:]
        random.Random(seed).shuffle(order)
        seen: set[str] = set()
        for n, document in enumerate(order):
            seen.update(document)
            curve[n] += len(seen) / shuffles
    x, y = np.log(np.arange(20, len(first) + 1)), np.log(curve[19:])
    return {
        "documents": len(first), "words": sum(map(len, first)) / len(first),
        "distinct": sum(len(set(d)) for d in first) / len(first),
        "in_one": sum(sum(frequency[w] == 1 for w in set(d)) for d in first) / len(first),
        "in_at_most_two": sum(sum(frequency[w] <= 2 for w in set(d)) for d in first) / len(first),
        "vocabulary": len(frequency), "heaps_exponent": float(np.polyfit(x, y, 1)[0]),
    }


def vocabulary_growth(documents: list[list[str]], sizes: tuple[int, ...]) -> list[tuple[int, int]]:
    seen: set[str] = set()
    out = []
    for n, document in enumerate(documents, 1):
        seen.update(document)
        if n in sizes:
            out.append((n, len(seen)))
    return out


def same_topic_share(papers) -> float:
    """The share of the first 216 papers' related papers whose primary topic is the paper's own."""
    first = list(papers)[:216]
    topic = {p.id: p.topics[0] for p in first}
    pairs = [(pid, r.id) for pid, rel in related.related_papers(first).items() for r in rel]
    return sum(topic[a] == topic[b] for a, b in pairs) / len(pairs)


def print_vocabulary(seed: int) -> None:
    from corpus import make_papers
    from generator.storage.store import load_catalog_inputs

    shipped, _, _ = load_catalog_inputs(REPO / "data")
    sets = {"shipped abstracts": _document_words([f"{p.title} {p.abstract or ''}" for p in shipped])}
    same_topic = {"shipped abstracts": same_topic_share(shipped)}
    snapshot = SHARED / "arxiv-snapshot" / "seed-papers.jsonl"
    if snapshot.is_file():
        records = [json.loads(line) for line in snapshot.read_text(encoding="utf-8").splitlines() if line.strip()]
        sets["arXiv snapshot (shared)"] = _document_words(
            [f"{r.get('title') or ''} {r['abstract']}" for r in records if r.get("abstract")])
    synthetic = make_papers(REPO / "data", 10000, seed)
    sets["bench corpus"] = _document_words([f"{p.title} {p.abstract}" for p in synthetic])
    same_topic["bench corpus"] = same_topic_share(synthetic)
    print("words of title and abstract as related papers count them; in 1, in <=2: words per document found in one,"
          " at most two; same topic: related papers sharing the paper's primary topic")
    print(f"{'text':<24} {'docs':>5} {'words':>6} {'distinct':>8} {'in 1':>5} {'in <=2':>6} {'vocab':>6} {'Heaps':>6}"
          f" {'same topic':>10}")
    for name, documents in sets.items():
        f = vocabulary_figures(documents)
        topic = f"{same_topic[name]:>10.2f}" if name in same_topic else f"{'-':>10}"
        print(f"{name:<24} {f['documents']:>5} {f['words']:>6.0f} {f['distinct']:>8.0f} {f['in_one']:>5.1f} "
              f"{f['in_at_most_two']:>6.1f} {f['vocabulary']:>6} {f['heaps_exponent']:>6.2f} {topic}")
    growth = vocabulary_growth(sets["bench corpus"], (216, 2000, 10000))
    steps = ", ".join(f"{b} papers {vb} words (exponent {math.log(vb / va) / math.log(b / a):.2f} from {a})"
                      for (a, va), (b, vb) in zip(growth, growth[1:]))
    print(f"bench corpus vocabulary: {growth[0][0]} papers {growth[0][1]} words, {steps}")


def _child(size: int, with_exact: bool, seed: int, bound: int | None) -> dict:
    command = [sys.executable, __file__, "--child", str(size), "--seed", str(seed)] + ([] if with_exact else ["--no-exact"])
    command += [] if bound is None else ["--bound", str(bound)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[2000, 10000])
    parser.add_argument("--time-only", nargs="*", type=int, default=[], help="sizes timed without the exact algorithm")
    parser.add_argument("--vocabulary", action="store_true", help="real text against the corpus (no timing)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--bound", type=int, help="max_papers_per_word (default: related.MAX_PAPERS_PER_WORD)")
    parser.add_argument("--edits", type=int, help="time this many one-paper edits at each size")
    parser.add_argument("--check", action="store_true", help="with --edits: compare each with a fresh computation")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--no-exact", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(measure_size(args.child, not args.no_exact, args.seed, args.bound)))
        return 0
    if args.vocabulary:
        print_vocabulary(args.seed)
        return 0
    if args.edits:
        print("CPU seconds: the cold state, then one-paper edits (median, mean, max); routes: how many took the"
              " shortcut (rows) or were computed afresh, and why")
        for size in args.sizes:
            r = measure_edits(size, args.edits, args.seed, args.check, args.bound)
            same = f", {r['same']}/{args.edits} the same as afresh" if args.check else ""
            print(f"{size:>7} cold {r['cold']:.2f}  edits {r['median']:.3f} {r['mean']:.3f} {r['max']:.3f}"
                  f"  {r['routes']}{same}", flush=True)
        return 0
    print("CPU seconds of related_papers() and of the exact all-pairs algorithm on the same papers; peak = the process's"
          " largest resident set (growth: what related_papers added to it)")
    bound = related.MAX_PAPERS_PER_WORD if args.bound is None else args.bound
    print(f"max_papers_per_word {bound}: lists are exact below {2 * bound} papers")
    print(f"{'papers':>7} {'cpu':>7} {'exponent':>8} {'peak MB':>8} {'growth':>7} {'exact cpu':>9} {'recall':>7}"
          f" {'same lists':>10}", flush=True)
    last = None
    for size, with_exact in [(s, True) for s in args.sizes] + [(s, False) for s in args.time_only]:
        r = _child(size, with_exact, args.seed, args.bound)
        exact = (f"{r['exact_cpu']:>9.1f} {r['recall']:>7.4f} {r['same_lists']:>10.4f}" if with_exact
                 else f"{'-':>9} {'-':>7} {'-':>10}")
        grown = last and size != last[0]
        exponent = f"{math.log(r['cpu'] / last[1]) / math.log(size / last[0]):>8.2f}" if grown else f"{'-':>8}"
        print(f"{size:>7} {r['cpu']:>7.1f} {exponent} {r['peak_mb']:>8.0f} {r['peak_growth_mb']:>7.0f} {exact}",
              flush=True)
        last = (size, r["cpu"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
