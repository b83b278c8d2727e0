"""Measure the topic classifier against the hand labels: each labeller apart, both halves, and the misses.

Usage: python bench/topic_agreement.py [--misses] [--half tune|held-out]

The seed papers are split in two by a hash of their id (generator/curate/agreement.py, `half`): rules
tuned while looking at one half are checked on the other, so that a change that only fits the papers
it was made for shows as such. Strict agreement: the classifier's primary topic is the labeller's
primary; with alternatives: it is the primary or one of the alternatives the labeller wrote down.
`--misses` lists the papers whose primary topic is neither labeller's first choice ("~": it is an
alternative one of them accepts; "X": no labeller accepts it).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from generator.curate.agreement import HALVES, agreement, half, load_labels  # noqa: E402
from generator.curate.classify import TopicClassifier  # noqa: E402
from generator.storage.store import load_catalog_inputs  # noqa: E402

LABEL_FILES = {
    "first": REPO / "tests" / "fixtures" / "topic_labels.yml",
    "second": REPO / "tests" / "fixtures" / "topic_labels_second.yml",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--misses", action="store_true", help="list the papers whose primary topic is neither labeller's")
    parser.add_argument("--half", choices=HALVES, help="list the misses of this half only")
    args = parser.parse_args()

    papers, topics, _ = load_catalog_inputs(REPO / "data")
    classifier = TopicClassifier(topics, papers)
    suggested = {p.id: classifier.classify(p) for p in papers}
    primary = {pid: (found or ["(none)"])[0] for pid, found in suggested.items()}
    labels = {name: load_labels(path) for name, path in LABEL_FILES.items()}
    first, second = labels["first"], labels["second"]
    every = sorted(suggested)
    groups = {"all": every, **{h: [i for i in every if half(i) == h] for h in HALVES}}

    both = [i for i in every if first[i]["primary"] == second[i]["primary"]]
    print(f"labellers agree on the primary topic of {len(both)}/{len(every)} papers ({len(both) / len(every):.1%}); "
          f"first vs second with alternatives: {agreement({i: first[i]['primary'] for i in every}, second).lenient_share:.1%}")
    print(f"{'':10}" + "".join(f"{f'{g} ({len(ids)})':>22}" for g, ids in groups.items()))
    for name, lab in labels.items():
        cells = [agreement(primary, lab, ids) for ids in groups.values()]
        print(f"{name:10}" + "".join(f"{f'{a.strict_share:.1%} / {a.lenient_share:.1%}':>22}" for a in cells))
    cells = [agreement(primary, first, [i for i in ids if i in both]) for ids in groups.values()]
    print(f"{'consensus':10}" + "".join(f"{f'{a.strict_share:.1%} of {a.papers}':>22}" for a in cells))
    counts = Counter(len(t) for t in suggested.values())
    average = sum(len(t) for t in suggested.values()) / len(suggested)
    print(f"topics per paper: {average:.2f} ({', '.join(f'{n}: {counts[n]}' for n in sorted(counts))})")
    print("(cells: strict / with alternatives; consensus: papers both labellers gave the same primary topic)")

    if args.misses:
        print()
        titles = {p.id: p.title for p in papers}
        for pid in groups[args.half or "all"]:
            wanted = list(dict.fromkeys(lab[pid]["primary"] for lab in labels.values()))
            if primary[pid] in wanted:
                continue
            accepted = {a for lab in labels.values() for a in (lab[pid]["primary"], *lab[pid]["also"])}
            mark = "~" if primary[pid] in accepted else "X"
            print(f"{mark} {pid[:40]:40} got {','.join(suggested[pid]) or '(none)':32} want {'/'.join(wanted)}  | {titles[pid][:60]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
