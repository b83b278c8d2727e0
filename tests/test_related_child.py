"""The related-papers child: its result is collected late, and one that hangs, dies or fails ends the build clearly."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from conftest import REPO, make_project

# Run in a process of its own: a child is forked only from a process with one thread, which a test worker is not.
SCENARIOS = textwrap.dedent("""
    import json, multiprocessing, os, signal, sys, time
    from generator import buildcache

    def sleeps(papers):
        time.sleep(600)

    def dies(papers):
        os.kill(os.getpid(), signal.SIGKILL)

    def fails(papers):
        raise ValueError("no words")

    def answers(papers):
        return {p: (("b", 0.5),) for p in papers}

    out = {}
    for name, work, timeout in [("sleeps", sleeps, 0.5), ("dies", dies, 60), ("fails", fails, 60),
                                ("answers", answers, 60)]:
        started = time.monotonic()
        pending = buildcache._related_pairs_apart(["a", "c"], work, timeout)
        pid = pending.pid
        try:
            out[name] = {"result": pending.result()}
        except buildcache.RelatedPapersError as exc:
            out[name] = {"error": str(exc)}
        out[name]["seconds"] = time.monotonic() - started
        out[name]["children"] = len(multiprocessing.active_children())
        try:
            os.kill(pid, 0)
            out[name]["pid_left"] = True
        except ProcessLookupError:
            out[name]["pid_left"] = False
    # Never looked at: the child is stopped when the handle goes.
    pending = buildcache._related_pairs_apart(["a"], sleeps, 600)
    pid = pending.pid
    del pending
    time.sleep(0.2)
    try:
        os.kill(pid, 0)
        out["dropped"] = {"pid_left": True}
    except ProcessLookupError:
        out["dropped"] = {"pid_left": False}
    print(json.dumps(out))
""")


@pytest.fixture(scope="module")
def outcomes() -> dict:
    done = subprocess.run([sys.executable, "-c", SCENARIOS], cwd=REPO, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_a_child_that_hangs_is_stopped_at_its_timeout_and_reaped(outcomes) -> None:
    hung = outcomes["sleeps"]
    assert hung["error"] == ("related papers: not computed within 0.5 s for 2 papers; "
                             "the related-papers process was stopped")
    assert 0.5 <= hung["seconds"] < 10
    assert hung["children"] == 0 and not hung["pid_left"]


def test_a_child_that_dies_or_fails_is_named_and_reaped(outcomes) -> None:
    assert outcomes["dies"]["error"] == ("related papers: the process computing them killed by SIGKILL before it "
                                         "answered (out of memory?)")
    assert outcomes["fails"]["error"] == "related papers: computing them failed: ValueError: no words"
    for name in ("dies", "fails"):
        assert outcomes[name]["children"] == 0 and not outcomes[name]["pid_left"]


def test_the_answer_comes_back_and_a_handle_never_read_leaves_no_child(outcomes) -> None:
    assert outcomes["answers"]["result"] == {"a": [["b", 0.5]], "c": [["b", 0.5]]}
    assert outcomes["answers"]["children"] == 0 and not outcomes["answers"]["pid_left"]
    assert not outcomes["dropped"]["pid_left"]


def test_a_build_killed_outright_takes_its_child_with_it(tmp_path) -> None:
    script = textwrap.dedent("""
        import os, signal, sys, time
        from generator import buildcache
        pending = buildcache._related_pairs_apart(["a"], lambda papers: time.sleep(600), 600)
        with open(sys.argv[1], "w") as out:
            out.write(str(pending.pid))
        time.sleep(0.5)
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    # No pipe: a child left running would hold it open, and the test would wait for it.
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path / "pid")], cwd=REPO, timeout=120,
                          stdout=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == -signal.SIGKILL
    pid = int((tmp_path / "pid").read_text())
    deadline = time.monotonic() + 10
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        assert not _alive(pid)
    finally:
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)


def _alive(pid: int) -> bool:
    """Whether the process runs (a zombie, ended but not yet reaped by init, does not)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_the_build_says_so_without_a_traceback(tmp_path) -> None:
    """`generator build` with related papers that never come: a one-line error, exit code 5, docs/ not written."""
    root = make_project(tmp_path)
    script = textwrap.dedent("""
        import sys, time
        from generator import buildcache, cli
        buildcache._related_pairs = lambda papers, **_: time.sleep(600)
        buildcache.related_timeout = lambda papers: 0.5
        sys.exit(cli.main(sys.argv[1:]))
    """)
    done = subprocess.run([sys.executable, "-c", script, "--root", str(root), "build", "--pages-only"], cwd=REPO,
                          capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 5, done.stderr
    assert done.stderr == ("related papers: not computed within 0.5 s for 5 papers; the related-papers process was "
                           "stopped; the previous site/ is kept\n")
    assert not (root / "docs" / "papers").exists() and not (root / "docs" / "index.md").exists()
