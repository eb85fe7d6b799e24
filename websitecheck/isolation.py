"""The hard limits of a check, enforced from outside it.

A check reads hostile pages with third-party parsers (lxml, extruct, the fingerprint patterns),
so its own limits (``fetch``: every socket operation ends by the deadline, bodies capped; ``page``:
linear patterns on capped text) are not the only guard. Each check runs in a child process: the
parent waits at most ``timeout`` seconds (plus ``START_GRACE`` for a fork) and then kills it, and
the child's address space may grow at most ``MEMORY_BUDGET`` bytes during the check (RLIMIT_AS set
before each check, and never beyond twice the budget over what the child inherited). Whatever the
site does, the caller gets an ``Outcome`` by the deadline: a timeout, a memory overrun or a crash
of the child is an error code, never an exception.

A child runs check after check (``_Pool``): forking one for every check cost more CPU than the
check itself. A child killed at a deadline, out of memory, grown by half the budget or done with
``MAX_CHECKS`` is replaced by a fresh fork. Children are forked from the calling thread
(gunicorn's sync worker, the CLI's main thread); ``run_many`` schedules several without threads.
The fingerprint dataset is loaded in the parent before the first fork, so children share it
instead of loading it each time.
"""

from __future__ import annotations

import multiprocessing
import resource
import signal
import time
from dataclasses import dataclass
from multiprocessing.connection import wait

from . import fingerprints
from .fetch import Fetcher
from .site import Outcome, check

MEMORY_BUDGET = 256 * 1024 * 1024
MAX_TIMEOUT = 45.0  # a check must end well before gunicorn's worker timeout (60 s)
START_GRACE = 1.0  # seconds a child may take to start, on top of the check's deadline
PARSE_SHARE = 0.2  # of the deadline kept for parsing what was fetched (at most PARSE_MAX seconds)
PARSE_MAX = 3.0
MAX_CHECKS = 200  # checks one child runs before a fresh one is forked


@dataclass(frozen=True)
class Limits:
    """One check's limits (from the configuration: WEBSITE_CHECK_*)."""

    allowed_hosts: tuple = ()
    timeout: float = 15.0
    ca_file: str | None = None
    memory: int = MEMORY_BUDGET

    @classmethod
    def from_config(cls, config) -> Limits:
        timeout = min(max(float(config.get("WEBSITE_CHECK_TIMEOUT", 15)), 1.0), MAX_TIMEOUT)
        return cls(allowed_hosts=tuple(config.get("WEBSITE_CHECK_ALLOWED_HOSTS") or ()),
                   timeout=timeout, ca_file=config.get("WEBSITE_CHECK_CA_FILE"),
                   memory=int(config.get("WEBSITE_CHECK_MEMORY", MEMORY_BUDGET)))

    def fetcher(self, started: float) -> Fetcher:
        """Fetching ends early enough to parse what came before the whole deadline."""
        reserve = min(PARSE_MAX, self.timeout * PARSE_SHARE)
        return Fetcher(allowed_hosts=self.allowed_hosts, deadline=started + self.timeout - reserve,
                       ca_file=self.ca_file)


def _virtual_size() -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        return None
    return None


def _cap(soft: int, hard: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _one(url: str, limits: Limits) -> Outcome:
    """One check in the child (its deadline counted from now); a failure is an outcome."""
    try:
        return check(url, limits.fetcher(time.monotonic()))
    except MemoryError:
        return Outcome(requested=(url or "").strip(), error="too_large")
    except Exception:  # noqa: BLE001 - a parser's failure on a hostile page is an outcome, not a crash
        return Outcome(requested=(url or "").strip(), error="failed")


def _child(conn, memory: int) -> None:
    """A forked worker: reset the server's signal handlers, then run the checks it is sent, one at
    a time, each under its own memory cap, until told to stop (None) or the parent is gone. It
    retires (exits after answering) when a check ran out of memory, kept memory, or after
    ``MAX_CHECKS``; the parent then forks a fresh one."""
    for name in ("SIGTERM", "SIGINT", "SIGQUIT", "SIGHUP", "SIGUSR1", "SIGUSR2", "SIGWINCH", "SIGCHLD"):
        signal.signal(getattr(signal, name), signal.SIG_DFL)
    baseline = _virtual_size()
    for done in range(1, MAX_CHECKS + 1):
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        size = _virtual_size()
        if baseline is not None and size is not None:  # this check may grow by ``memory``, never more
            _cap(min(size + memory, baseline + 2 * memory), baseline + 2 * memory)
        outcome = _one(*job)
        if baseline is not None and size is not None:
            _cap(baseline + 2 * memory, baseline + 2 * memory)  # room to answer
        grown = _virtual_size()
        retire = (done == MAX_CHECKS or outcome.error == "too_large"
                  or (baseline is not None and grown is not None and grown > baseline + memory // 2))
        try:
            conn.send((outcome, retire))
        except MemoryError:
            conn.send((Outcome(requested=(job[0] or "").strip(), error="too_large"), True))
        if retire:
            return


class _Worker:
    """A forked check process and the parent's end of its pipe."""

    def __init__(self, context, memory: int):
        self.conn, theirs = context.Pipe()
        self.process = context.Process(target=_child, args=(theirs, memory), daemon=True, name="website-check")
        self.process.start()
        theirs.close()

    def stop(self, kill: bool = False) -> None:
        if kill and self.process.is_alive():
            self.process.kill()
        elif self.process.is_alive():
            try:
                self.conn.send(None)
            except OSError:
                pass
        self.process.join(5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(5)
        self.conn.close()


@dataclass
class _Running:
    index: int
    url: str
    worker: _Worker
    started: float
    deadline: float


def _failed(url: str, code: str, started: float) -> Outcome:
    outcome = Outcome(requested=(url or "").strip(), error=code)
    outcome.duration_ms = int((time.monotonic() - started) * 1000)
    outcome.dataset_version = fingerprints.dataset_version()
    return outcome


def _collect(job: _Running) -> tuple[Outcome, bool]:
    """The job's outcome and whether its worker can take another check."""
    try:
        outcome, retire = job.worker.conn.recv()
    except (EOFError, OSError):  # the child died: killed by the kernel for memory, or crashed
        job.worker.process.join(5)
        code = "too_large" if job.worker.process.exitcode == -signal.SIGKILL else "failed"
        return _failed(job.url, code, job.started), False
    return outcome, not retire


class _Pool:
    """At most ``size`` forked workers, each reused for check after check (forking a process for
    every check cost more CPU than the check: the child's first writes copy the parent's pages)."""

    def __init__(self, limits: Limits, size: int):
        self.context = multiprocessing.get_context("fork")
        self.limits, self.size = limits, max(1, size)
        self.idle: list[_Worker] = []
        self.running: dict[object, _Running] = {}

    def start(self, index: int, url: str) -> None:
        worker = None
        while self.idle and worker is None:
            worker = self.idle.pop()
            if not worker.process.is_alive():
                worker.stop(kill=True)
                worker = None
        started = time.monotonic()
        worker = worker or _Worker(self.context, self.limits.memory)
        try:
            worker.conn.send((url, self.limits))
        except OSError:  # the worker is gone: a fresh one
            worker.stop(kill=True)
            worker = _Worker(self.context, self.limits.memory)
            worker.conn.send((url, self.limits))
        job = _Running(index, url, worker, started, started + self.limits.timeout + START_GRACE)
        self.running[worker.conn] = job

    def finished(self) -> list[tuple[int, Outcome]]:
        """Wait until a check answers or a deadline passes; what ended, by input index."""
        ended = []
        nearest = min(job.deadline for job in self.running.values())
        for conn in wait(list(self.running), timeout=max(0.0, nearest - time.monotonic())):
            job = self.running.pop(conn)
            outcome, reusable = _collect(job)
            if reusable:
                self.idle.append(job.worker)
            else:
                job.worker.stop()
            ended.append((job.index, outcome))
        now = time.monotonic()
        for conn, job in list(self.running.items()):
            if now >= job.deadline:  # whatever the child is doing, it ends here
                del self.running[conn]
                job.worker.stop(kill=True)
                ended.append((job.index, _failed(job.url, "timeout", job.started)))
        return ended

    def close(self) -> None:
        for job in self.running.values():
            job.worker.stop(kill=True)
        for worker in self.idle:
            worker.stop()
        self.running, self.idle = {}, []


def run_many(urls: list[str], limits: Limits, workers: int = 1, progress=None) -> list[Outcome]:
    """Check each address in a child process, at most ``workers`` at a time, each ended by its
    deadline and capped in memory; outcomes in input order."""
    fingerprints.dataset_version()  # loaded once here, shared by every child
    waiting = list(enumerate(urls))
    pool = _Pool(limits, min(workers, len(urls)))
    results: list[Outcome | None] = [None] * len(urls)
    try:
        while waiting or pool.running:
            while waiting and len(pool.running) < pool.size:
                pool.start(*waiting.pop(0))
            for index, outcome in pool.finished():
                results[index] = outcome
                if progress is not None:
                    progress(1)
    finally:
        pool.close()
    return [r for r in results if r is not None]


def run(url: str, limits: Limits) -> Outcome:
    """One check under the hard limits."""
    return run_many([url], limits)[0]

