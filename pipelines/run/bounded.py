"""Each file's extraction in a process of its own, bounded in time and memory: a file that exceeds either
is killed, recorded as that file's failure (so its partition run reports it without reading it again),
and the run goes on with the others.

BUDGET_FILE_SECONDS (default 600) and BUDGET_FILE_MEMORY_MB (default 1536, resident memory) set the bounds.
"""

from __future__ import annotations

import gc
import multiprocessing
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import wait

from .. import settings


@dataclass(frozen=True)
class Bounds:
    seconds: float
    memory_mb: int


def bounds_from_env() -> Bounds:
    return Bounds(settings.file_seconds(), settings.file_memory_mb())


def resident_mb(pid: int) -> float:
    """A process's resident memory in MB (0 where /proc does not say)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            line = next((x for x in fh if x.startswith("VmRSS:")), "")
    except OSError:
        return 0.0
    return int(line.split()[1]) / 1024 if line else 0.0


def _child(work: Callable, item, conn) -> None:
    conn.send(work(item))
    conn.close()


@dataclass
class _Running:
    process: multiprocessing.Process
    conn: object
    item: tuple
    started: float


def _verdict(job: _Running, bounds: Bounds) -> str | None:
    """Why a running job must be stopped, or None."""
    if time.monotonic() - job.started > bounds.seconds:
        return f"extraction stopped after {bounds.seconds:.0f} s (BUDGET_FILE_SECONDS)"
    if bounds.memory_mb and resident_mb(job.process.pid) > bounds.memory_mb:
        return f"extraction stopped above {bounds.memory_mb} MB of memory (BUDGET_FILE_MEMORY_MB)"
    return None


def run_bounded(work: Callable, items: list[tuple], workers: int, bounds: Bounds,
                done: Callable[[tuple, object | None, str | None], None]) -> None:
    """work(item) for every item, at most `workers` at a time, each in its own process. done(item, result,
    reason) is called as each ends: its result, or None and why it was stopped or died."""
    context = multiprocessing.get_context("fork")
    pending, running = list(items), []
    # Every child inherits this process's objects. A garbage collection in a child would visit each of them
    # and so copy every page they are on: frozen, they are left out of its collections.
    gc.freeze()
    try:
        _supervise(context, work, pending, running, workers, bounds, done)
    finally:
        gc.unfreeze()


def _supervise(context, work: Callable, pending: list, running: list, workers: int, bounds: Bounds,
               done: Callable[[tuple, object | None, str | None], None]) -> None:
    while pending or running:
        while pending and len(running) < max(workers, 1):
            item = pending.pop(0)
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=_child, args=(work, item, send), daemon=True)
            process.start()
            send.close()
            running.append(_Running(process, receive, item, time.monotonic()))
        wait([job.process.sentinel for job in running], timeout=0.2)
        for job in list(running):
            result = job.conn.recv() if job.conn.poll() else None
            if result is not None or not job.process.is_alive():
                job.process.join()
                running.remove(job)
                reason = None if result is not None else f"extraction died (exit code {job.process.exitcode})"
                done(job.item, result, reason)
                continue
            reason = _verdict(job, bounds)
            if reason:
                job.process.kill()
                job.process.join()
                running.remove(job)
                done(job.item, None, reason)

