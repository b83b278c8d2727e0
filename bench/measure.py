"""Run a command and report its wall time, CPU time and peak memory, its child processes included."""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Run:
    """One measured command: seconds of wall clock and of CPU (user + sys), and the largest resident set in MB."""

    wall: float
    cpu: float
    peak_mb: float
    output: str


def cpu_of(work):
    """CPU seconds (user + sys) this process spends calling `work()`, and what it returned."""
    started = time.process_time()
    result = work()
    return time.process_time() - started, result


class CommandFailed(Exception):
    pass


def measured(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run `command` to the end; raises CommandFailed with its output when it fails.

    os.wait4 reports the child's usage together with that of every descendant it waited for, so a build that starts
    MkDocs in a subprocess is measured whole; the peak is that of the largest single process.
    """
    log = (cwd / ".bench-output.log").open("w+", encoding="utf-8")
    started = time.perf_counter()
    with log:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read()
    if process.returncode != 0:
        raise CommandFailed(f"{' '.join(command)} failed ({process.returncode}):\n{output[-4000:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, output)


def run_per_size(description: str, bench: Callable[[Path, Path | None], str], profile_help: str, prefix: str,
                 argv: list[str] | None) -> int:
    """The command line of an in-process bench: `bench(project, profile)` on --project, or on a project built per size."""
    from corpus import build_site

    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("sizes", nargs="*", type=int, default=[2000])
    parser.add_argument("--project", type=Path, help="measure this built project instead of making one per size")
    parser.add_argument("--profile", type=Path, help=profile_help)
    args = parser.parse_args(argv)
    if args.project:
        print(bench(args.project, args.profile), flush=True)
        return 0
    for size in args.sizes:
        with tempfile.TemporaryDirectory(prefix=f"bench-{prefix}-") as workdir:
            root = Path(workdir) / f"{prefix}-{size}"
            build_site(root, size)
            print(bench(root, args.profile), flush=True)
    return 0
