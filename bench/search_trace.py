"""Where a first search's time goes, from a DevTools trace bench_search.py --trace wrote: each thread's tasks in turn.

Usage: python bench/search_trace.py TRACE.json [...]   (bench_search.py --trace DIR writes first-<n>-gap-<ms>.json)
For the page's main thread and the search worker, from the tap (the box's focus) to the first result on screen:
every task of at least --min milliseconds of CPU, when it began (milliseconds after the focus), its wall and CPU
time, and the trace events inside it that took most of it (a script's function and file, a style recalculation, a
layout, a paint); then each thread's CPU by trace event, each event's own time, and, from V8's samples, by script
function, each function's own time.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

_MARKS = ("bench-start", "bench-typed", "bench-end")
_TASKS = ("RunTask", "ThreadControllerImpl::RunTask")


def _threads(events: list[dict]) -> dict[str, tuple]:
    """The main thread's and the search worker's (pid, tid), by 'main' and 'worker'."""
    out = {}
    for e in events:
        if e.get("ph") == "M" and e.get("name") == "thread_name":
            name = e["args"]["name"]
            if name == "CrRendererMain":
                out["main"] = (e["pid"], e["tid"])
            elif name.startswith("DedicatedWorker"):
                out["worker"] = (e["pid"], e["tid"])
    return out


def _marks(events: list[dict]) -> dict[str, float]:
    return {e["name"]: e["ts"] for e in events if e.get("name") in _MARKS and e.get("ph") in ("R", "I", "n", "b")}


def _label(e: dict) -> str:
    """A trace event's name, with the script function or file, or the event type, it is about."""
    data = e.get("args", {}).get("data", {}) or {}
    detail = data.get("functionName") or data.get("type") or ""
    url = data.get("url") or data.get("scriptName") or ""
    if url:
        detail = f"{detail} {url.rsplit('/', 1)[-1].split('?')[0]}".strip()
    return f"{e['name']}({detail})" if detail else e["name"]


def _spans(events: list[dict], thread: tuple, start: float, end: float) -> list[dict]:
    return sorted((e for e in events if e.get("ph") == "X" and (e["pid"], e["tid"]) == thread and e.get("dur")
                   and e["ts"] < end and e["ts"] + e["dur"] > start), key=lambda e: (e["ts"], -e["dur"]))


def own_times(spans: list[dict]) -> dict[str, float]:
    """CPU milliseconds by event label, each event's own time without the events inside it."""
    own: Counter = Counter()
    stack: list[dict] = []
    for span in spans:
        while stack and stack[-1]["ts"] + stack[-1]["dur"] <= span["ts"]:
            stack.pop()
        cpu = span.get("tdur", span["dur"]) / 1000
        own[_label(span)] += cpu
        if stack:
            own[_label(stack[-1])] -= cpu
        stack.append(span)
    return dict(own)


def tasks(spans: list[dict]) -> list[tuple[dict, list[dict]]]:
    """The top-level tasks, each with the events inside it."""
    out: list[tuple[dict, list[dict]]] = []
    for span in spans:
        if out and span["ts"] < out[-1][0]["ts"] + out[-1][0]["dur"]:
            out[-1][1].append(span)
        elif span["name"] in _TASKS:
            out.append((span, []))
    return out


def profile_self(events: list[dict], thread: tuple, start: float, end: float) -> dict[str, float]:
    """Milliseconds of V8's samples between two trace times by script function (its own time), for one thread."""
    # A profile is named by its Profile event on the thread sampled; its chunks may come from another thread.
    starts = {(e["pid"], e["id"]): e["args"]["data"]["startTime"] for e in events
              if e.get("name") == "Profile" and (e["pid"], e["tid"]) == thread}
    scripts = {(e["pid"], str(data.get("scriptId"))): data.get("url", "") for e in events
               if e.get("name") in ("v8.compile", "EvaluateScript") for data in [e.get("args", {}).get("data", {}) or {}]}
    frames: dict[tuple, dict] = {}
    out: Counter = Counter()
    clock = dict(starts)
    last: dict[tuple, int] = {}
    for e in events:
        key = (e["pid"], e.get("id"))
        if e.get("name") != "ProfileChunk" or key not in starts:
            continue
        profile = e["args"]["data"].get("cpuProfile", {})
        for node in profile.get("nodes", []):
            frames[(key, node["id"])] = node["callFrame"]
        for sample, delta in zip(profile.get("samples", []), e["args"]["data"].get("timeDeltas", [])):
            clock[key] += delta
            if key in last and start <= clock[key] <= end:
                frame = frames.get((key, last[key]), {})
                name = frame.get("functionName") or "(anonymous)"
                url = frame.get("url") or scripts.get((e["pid"], str(frame.get("scriptId"))), "")
                url = url.rsplit("/", 1)[-1].split("?")[0]
                out[f"{name} {url}:{frame.get('lineNumber', -1) + 1}:{frame.get('columnNumber', -1) + 1}"
                    if url else name] += delta / 1000
            last[key] = sample
    return dict(out)


def report(path: Path, least_ms: float) -> str:
    events = json.loads(path.read_text(encoding="utf-8"))
    marks, threads = _marks(events), _threads(events)
    if "bench-start" not in marks or "bench-end" not in marks:
        return f"{path}: no bench-start or bench-end mark"
    start, end = marks["bench-start"], marks["bench-end"]
    lines = [f"{path}: focus to results {(end - start) / 1000:.0f} ms" + (
        f", keystroke at {(marks['bench-typed'] - start) / 1000:.0f} ms" if "bench-typed" in marks else "")]
    for kind, thread in sorted(threads.items()):
        spans = _spans(events, thread, start, end)
        top = tasks(spans)
        cpu = sum(t.get("tdur", t["dur"]) for t, _ in top) / 1000
        lines.append(f"  {kind}: {cpu:.0f} ms CPU in {len(top)} tasks")
        for task, inner in top:
            if task.get("tdur", task["dur"]) / 1000 < least_ms:
                continue
            biggest = sorted(own_times([task, *inner]).items(), key=lambda kv: -kv[1])[:4]
            lines.append(f"    at {(task['ts'] - start) / 1000:6.0f} ms  wall {task['dur'] / 1000:5.0f}  "
                         f"CPU {task.get('tdur', task['dur']) / 1000:5.0f}  "
                         + ", ".join(f"{name} {ms:.0f}" for name, ms in biggest if ms >= 0.5))
        for name, ms in sorted(own_times(spans).items(), key=lambda kv: -kv[1])[:12]:
            lines.append(f"      {ms:6.1f} ms  {name}")
        sampled = profile_self(events, thread, start, end)
        if sampled:
            lines.append("    by script function (V8's samples):")
            for name, ms in sorted(sampled.items(), key=lambda kv: -kv[1])[:15]:
                lines.append(f"      {ms:6.1f} ms  {name}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("traces", type=Path, nargs="+")
    parser.add_argument("--min", type=float, default=2.0, help="tasks of less CPU (ms) are not listed (default 2)")
    args = parser.parse_args(argv)
    for path in args.traces:
        print(report(path, args.min))
    return 0


if __name__ == "__main__":
    sys.exit(main())
