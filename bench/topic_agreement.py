"""Measure the topic classifier against the hand labels: each labeller apart, both halves, and the misses.

Usage: python bench/topic_agreement.py [--misses] [--half tune|held-out]

The seed papers are split in two by a hash of their id (see `half`): rules are tuned while looking at
the "tune" half only, and the "held-out" half shows whether a change generalises or just fits the
papers it was made for. Strict agreement: the classifier's primary topic is the labeller's primary;
lenient: it is the primary or one of the alternatives the labeller wrote down.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections import Counter
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.curate.classify import TopicClassifier  # noqa: E402
from generator.store import load_catalog_inputs  # noqa: E402

LABEL_FILES = {
    "first": REPO / "tests" / "fixtures" / "topic_labels.yml",
    "second": REPO / "tests" / "fixtures" / "topic_labels_second.yml",
}


def half(paper_id: str) -> str:
    """'tune' for ids whose SHA-1 starts with an even byte, 'held-out' for the others; fixed forever."""
    return "tune" if hashlib.sha1(paper_id.encode()).digest()[0] % 2 == 0 else "held-out"


def load_labels() -> dict[str, dict[str, dict]]:
    return {name: yaml.safe_load(path.read_text(encoding="utf-8")) for name, path in LABEL_FILES.items()}


def agreement(suggested: dict[str, list[str]], labels: dict[str, dict], ids) -> tuple[float, float]:
    ids = list(ids)
    strict = sum(suggested[i][0] == labels[i]["primary"] for i in ids)
    lenient = sum(suggested[i][0] in [labels[i]["primary"], *labels[i].get("also", [])] for i in ids)
    return strict / len(ids), lenient / len(ids)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--misses", action="store_true", help="list the papers whose primary topic no labeller accepts")
    parser.add_argument("--half", choices=("tune", "held-out"), help="list misses of this half only")
    args = parser.parse_args()

    papers, topics, _ = load_catalog_inputs(REPO / "data")
    classifier = TopicClassifier(topics, papers)
    suggested = {p.id: classifier.classify(p) for p in papers}
    labels = load_labels()
    every = sorted(suggested)
    halves = {"all": every, **{h: [i for i in every if half(i) == h] for h in ("tune", "held-out")}}

    first, second = labels["first"], labels["second"]
    both = sum(first[i]["primary"] == second[i]["primary"] for i in every)
    print(f"labellers agree on the primary topic of {both}/{len(every)} papers ({both / len(every):.1%})")
    print(f"{'':10}" + "".join(f"{h + f' ({len(ids)})':>26}" for h, ids in halves.items()))
    for name, lab in labels.items():
        cells = [agreement(suggested, lab, ids) for ids in halves.values()]
        print(f"{name:10}" + "".join(f"{f'{s:.1%} / {le:.1%}':>26}" for s, le in cells))
    consensus = {h: [i for i in ids if first[i]["primary"] == second[i]["primary"]] for h, ids in halves.items()}
    cells = [agreement(suggested, first, ids)[0] for ids in consensus.values()]
    print(f"{'consensus':10}" + "".join(f"{f'{s:.1%} of {len(ids)}':>26}" for s, ids in zip(cells, consensus.values())))
    average = sum(len(t) for t in suggested.values()) / len(suggested)
    counts = Counter(len(t) for t in suggested.values())
    print(f"topics per paper: {average:.2f} ({', '.join(f'{n}: {counts[n]}' for n in sorted(counts))})")
    print("(cells: strict / with alternatives)")

    if args.misses:
        print()
        for pid in halves[args.half or "all"]:
            accepted = {lab[pid]["primary"] for lab in labels.values()} | {a for lab in labels.values() for a in lab[pid].get("also", [])}
            primaries = [lab[pid]["primary"] for lab in labels.values()]
            if suggested[pid][0] not in primaries:
                mark = "~" if suggested[pid][0] in accepted else "X"
                title = next(p.title for p in papers if p.id == pid)
                print(f"{mark} {pid[:40]:40} got {','.join(suggested[pid]):32} want {'/'.join(dict.fromkeys(primaries))}  | {title[:60]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
