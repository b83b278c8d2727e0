"""Work handed to a forked child of the build, whose answer (plain data, pickled once) comes back over a pipe.

A child that dies, fails or outlives its timeout is a WorkerError naming the work in one line, the child stopped
and reaped; a child never waited for is stopped when its handle goes, and a child dies with its build.
"""

from __future__ import annotations

import gc
import multiprocessing
import signal
import sys
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass

from .orphans import die_with_parent


class WorkerError(Exception):
    """Work done in a forked child has no result: the child died, failed or ran out of time."""


def can_fork() -> bool:
    """Whether forking is safe here: a main process with no other thread (a thread's locks would be copied held)."""
    return (threading.active_count() == 1 and multiprocessing.parent_process() is None
            and "fork" in multiprocessing.get_all_start_methods())


_IN_WORKER = False


def in_worker() -> bool:
    """Whether this process is a forked worker, whose objects all go when its one piece of work is done."""
    return _IN_WORKER


def time_allowed(items: int, seconds_each: float) -> float:
    """A child's timeout: a minute for its start on a busy machine, and `seconds_each` for every item it works on."""
    return 60.0 + seconds_each * items


@dataclass(frozen=True)
class Named:
    """How a worker's failures are told: `what` it makes and what it is `doing`, `scope` (" for 5 papers"), its
    process's name, the error raised."""

    what: str
    process: str
    scope: str = ""
    error: type[WorkerError] = WorkerError
    doing: str = "computing"


@dataclass(frozen=True)
class Done:
    """A result made at once, with the interface of a Forked one."""

    value: object

    def result(self):
        return self.value

    def stop(self) -> None:
        """Nothing runs."""


class Forked:
    """`work()` in a forked child; result() waits at most `timeout` seconds from the start for its answer."""

    def __init__(self, work: Callable[[], object], timeout: float, named: Named):
        context = multiprocessing.get_context("fork")
        self._receiver, sender = context.Pipe(duplex=False)
        self._timeout, self._named = timeout, named
        self._deadline = time.monotonic() + timeout
        # The child flushes what it inherited of the standard streams when it ends: nothing may be waiting there.
        sys.stdout.flush()
        sys.stderr.flush()
        self._process = context.Process(target=_send, args=(sender, work), daemon=True)
        self._process.start()
        sender.close()
        # A build that fails before it looks at the result must not leave the child running.
        self._stop = weakref.finalize(self, _stop_child, self._process, self._receiver)

    @property
    def pid(self) -> int:
        return self._process.pid

    def result(self):
        """The child's answer; raises the named WorkerError, the child stopped and reaped, if it has none in time."""
        named = self._named
        try:
            if not self._receiver.poll(max(0.0, self._deadline - time.monotonic())):
                raise named.error(f"{named.what}: not computed within {self._timeout:g} s{named.scope}; "
                                  f"the {named.process} process was stopped")
            outcome, value = self._receiver.recv()
        except EOFError:
            self._process.join()
            code = self._process.exitcode
            how = f"killed by {signal.Signals(-code).name}" if code and code < 0 else f"ended with exit code {code}"
            raise named.error(f"{named.what}: the process {named.doing} them {how} before it answered"
                              + (" (out of memory?)" if code == -signal.SIGKILL else "")) from None
        finally:
            self.stop()
        if outcome != "done":
            raise named.error(f"{named.what}: {named.doing} them failed: {value}")
        return value

    def stop(self) -> None:
        """End the child now, if it still runs, and reap it."""
        self._stop()


def forked(work: Callable[[], object], timeout: float, named: Named) -> Forked | Done:
    """`work()` in a forked child where forking is safe (see can_fork), else done here at once."""
    return Forked(work, timeout, named) if can_fork() else Done(work())


def _send(sender, work: Callable[[], object]) -> None:
    global _IN_WORKER
    _IN_WORKER = True
    die_with_parent()
    # Ctrl-C is the build's to handle: it stops its children, which would each print a traceback of their own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Stopped, the work unwinds as if it raised: what it writes through a temporary file removes that file.
    signal.signal(signal.SIGTERM, _stopped)
    # What the child inherited is never collected here: a collection would touch, and so copy, every page of it.
    gc.freeze()
    try:
        answer = ("done", work())
    except Exception as exc:
        # The parent says what failed: the child's traceback would tell a curator nothing more.
        answer = ("failed", f"{type(exc).__name__}: {exc}")
    sender.send(answer)
    sender.close()


def _stopped(signum, frame) -> None:
    raise SystemExit(128 + signum)


def _stop_child(process, receiver) -> None:
    """End the child (it may be waiting to send what nobody will read) and reap it."""
    receiver.close()
    if process.is_alive():
        process.terminate()
        process.join(5)
        if process.is_alive():
            process.kill()
    process.join()
