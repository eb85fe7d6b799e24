"""The hard limits of a check, enforced from outside it.

A check reads hostile pages with third-party parsers (lxml, extruct, the fingerprint patterns),
so its own limits (``fetch``: every socket operation ends by the deadline, bodies capped; ``page``:
linear patterns on capped text) are not the only guard. Each check runs in a child process
forked for it: the parent waits at most ``timeout`` seconds (plus ``START_GRACE`` for the fork)
and then kills it, and the child's address space may grow at most ``MEMORY_BUDGET`` bytes beyond
what it inherited. Whatever the site does, the caller gets an ``Outcome`` by the deadline: a
timeout, a memory overrun or a crash of the child is an error code, never an exception.

Children are forked from the calling thread (gunicorn's sync worker, the CLI's main thread);
``run_many`` schedules several without threads. The fingerprint dataset is loaded in the parent
before the first fork, so children share it instead of loading it each time.
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


def _child(conn, url: str, limits: Limits) -> None:
    """In the forked child: reset the server's signal handlers, cap memory, check, send the outcome."""
    started = time.monotonic()
    for name in ("SIGTERM", "SIGINT", "SIGQUIT", "SIGHUP", "SIGUSR1", "SIGUSR2", "SIGWINCH", "SIGCHLD"):
        signal.signal(getattr(signal, name), signal.SIG_DFL)
    size = _virtual_size()
    if size is not None:
        resource.setrlimit(resource.RLIMIT_AS, (size + limits.memory, size + limits.memory))
    try:
        outcome = check(url, limits.fetcher(started))
    except MemoryError:
        outcome = Outcome(requested=(url or "").strip(), error="too_large")
    except Exception:  # noqa: BLE001 - a parser's failure on a hostile page is an outcome, not a crash
        outcome = Outcome(requested=(url or "").strip(), error="failed")
    try:
        conn.send(outcome)
    except MemoryError:
        conn.send(Outcome(requested=(url or "").strip(), error="too_large"))
    conn.close()


@dataclass
class _Running:
    index: int
    url: str
    process: multiprocessing.Process
    conn: object
    started: float
    deadline: float


def _start(context, index: int, url: str, limits: Limits) -> _Running:
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(send, url, limits), daemon=True,
                              name="website-check")
    started = time.monotonic()
    process.start()
    send.close()
    return _Running(index, url, process, receive, started, started + limits.timeout + START_GRACE)


def _failed(url: str, code: str, started: float) -> Outcome:
    outcome = Outcome(requested=(url or "").strip(), error=code)
    outcome.duration_ms = int((time.monotonic() - started) * 1000)
    outcome.dataset_version = fingerprints.dataset_version()
    return outcome


def _finish(job: _Running, outcome: Outcome | None, code: str) -> Outcome:
    if job.process.is_alive():
        job.process.kill()
    job.process.join(5)
    job.conn.close()
    return outcome if outcome is not None else _failed(job.url, code, job.started)


def _collect(job: _Running) -> Outcome:
    try:
        outcome = job.conn.recv()
    except (EOFError, OSError):  # the child died: killed by the kernel for memory, or crashed
        job.process.join(5)
        code = "too_large" if job.process.exitcode == -signal.SIGKILL else "failed"
        return _finish(job, None, code)
    return _finish(job, outcome, "failed")


def run_many(urls: list[str], limits: Limits, workers: int = 1, progress=None) -> list[Outcome]:
    """Check each address in its own child process, at most ``workers`` at a time, each ended by
    its deadline; outcomes in input order."""
    fingerprints.dataset_version()  # loaded once here, shared by every child
    context = multiprocessing.get_context("fork")
    waiting = list(enumerate(urls))
    running: dict[object, _Running] = {}
    results: list[Outcome | None] = [None] * len(urls)
    try:
        while waiting or running:
            while waiting and len(running) < max(1, workers):
                index, url = waiting.pop(0)
                job = _start(context, index, url, limits)
                running[job.conn] = job
            nearest = min(job.deadline for job in running.values())
            for conn in wait(list(running), timeout=max(0.0, nearest - time.monotonic())):
                job = running.pop(conn)
                results[job.index] = _collect(job)
                if progress is not None:
                    progress(1)
            now = time.monotonic()
            for conn, job in list(running.items()):
                if now >= job.deadline:
                    del running[conn]
                    results[job.index] = _finish(job, None, "timeout")
                    if progress is not None:
                        progress(1)
    finally:
        for job in running.values():
            _finish(job, None, "timeout")
    return [r for r in results if r is not None]


def run(url: str, limits: Limits) -> Outcome:
    """One check under the hard limits."""
    return run_many([url], limits)[0]

