"""Time `enrich --from` on a synthetic arXiv metadata snapshot, beside the floor of reading and parsing every line.

    python bench/enrich_snapshot.py 1000000        # writes /tmp/lrl-snapshot-1000000.json once (about 1.7 GB)

The file has the public snapshot's keys and about its line length; spread through it, one line for each
shipped paper that has no arXiv id yet carries that paper's title and abstract under a made-up id, so
the scan does real matching work too. Each measurement runs in a child process and reports its own peak
resident memory; "enrich, no lines" is the fixed cost of loading the catalog.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.project import copy_project_skeleton  # noqa: E402
from generator.storage.store import load_papers  # noqa: E402

WORDS = ("model language large token attention cache training inference quantization memory layer we show that "
         "the of and a to in for on with results benchmark reasoning agents serving latency parameters").split()


def write_snapshot(path: Path, lines: int) -> None:
    rng = random.Random(11)
    # papers without an arXiv id, each planted once, so that its line is matched by title and verified
    papers = [p for p in load_papers(ROOT / "data")[0] if not p.arxiv and not p.title_is_derived and p.abstract]
    every = max(lines // max(len(papers), 1), 1)
    with path.open("w", encoding="utf-8") as handle:
        for n in range(lines):
            if n % every == 0 and n // every < len(papers):
                paper = papers[n // every]
                title, abstract = paper.title, paper.abstract
            else:
                title = " ".join(rng.choices(WORDS, k=10)).capitalize()
                abstract = " ".join(rng.choices(WORDS, k=170))
            record = {
                # ids of years 2030-2039, which no shipped paper has, so that only planted lines match
                "id": f"3{n // 100000 % 10}{1 + n % 12:02d}.{n % 100000:05d}", "submitter": "A. Submitter",
                "authors": "Ada Lin, Bruno Moreau and Eve Park", "title": title, "comments": "12 pages",
                "journal-ref": None, "doi": None, "report-no": None, "categories": "cs.CL cs.LG",
                "license": "http://arxiv.org/licenses/nonexclusive-distrib/1.0/", "abstract": "  " + abstract + "\n",
                "versions": [{"version": "v1", "created": "Mon, 2 Nov 2026 18:00:01 GMT"}], "update_date": "2026-11-20",
                "authors_parsed": [["Lin", "Ada", ""], ["Moreau", "Bruno", ""], ["Park", "Eve", ""]],
            }
            handle.write(json.dumps(record) + "\n")


# Each child reports its own peak resident memory (VmHWM, which exec resets) on its last line.
PEAK = """
print(next(l for l in open("/proc/self/status") if l.startswith("VmHWM")).split()[1])
"""
FLOOR = """
import json, sys
with open(sys.argv[1], "rb") as f:
    for raw in f:
        json.loads(raw)
""" + PEAK
ENRICH = """
import sys
from pathlib import Path
from generator.commands.enrich import enrich_from_file
result = enrich_from_file(Path(sys.argv[2]), Path(sys.argv[1]))
print(result.summary(), file=sys.stderr)
""" + PEAK


def measure(label: str, lines: int, code: str, *args: str) -> None:
    """Run one child and print its wall time, CPU time, lines per CPU second and peak resident memory."""
    start = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code, *args], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    out = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    cpu = usage.ru_utime + usage.ru_stime
    if status:
        raise SystemExit(f"{label} failed with status {status}")
    peak_kb = int(out.split()[-1])
    print(f"{label:>16}: {wall:7.1f} s wall, {cpu:7.1f} s CPU, {lines / cpu:>9,.0f} lines/CPU-s, "
          f"peak RSS {peak_kb / 1024:6.1f} MB")


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    snapshot = Path(tempfile.gettempdir()) / f"lrl-snapshot-{count}.json"
    if not snapshot.exists():
        write_snapshot(snapshot, count)
    print(f"{snapshot}: {count:,} lines, {snapshot.stat().st_size / 1e9:.2f} GB")
    with tempfile.TemporaryDirectory() as scratch:
        project = copy_project_skeleton(ROOT, Path(scratch) / "project")
        empty = Path(scratch) / "empty.json"
        empty.write_text("", encoding="utf-8")
        measure("json.loads only", count, FLOOR, str(snapshot))
        measure("enrich, no lines", 0, ENRICH, str(empty), str(project))
        measure("enrich --from", count, ENRICH, str(snapshot), str(project))
