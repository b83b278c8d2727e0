"""Run a command and report its wall time, CPU time and peak memory, its child processes included."""

from __future__ import annotations

import os
import subprocess
import time
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
