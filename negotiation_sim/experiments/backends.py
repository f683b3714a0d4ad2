"""Execution backends behind one small interface: serial, process pool, Dask.

Core objects: `Backend` (the interface: `imap_unordered(fn, tasks)`, `close`),
`SerialBackend`, `PoolBackend` (the default), `DaskBackend`, and
`make_backend`. A backend only moves picklable tasks to a module-level
function and results back; it never decides seeds or what a task holds, so
results cannot depend on the backend or the number of workers.

Start method: ``import mesa`` calls ``multiprocessing.set_start_method("spawn",
force=True)`` for the whole process. `PoolBackend` ignores that global and
uses its own context, "forkserver" where the platform has it (workers fork
from a small server that has already imported the simulation code, so they
start in milliseconds) and "spawn" elsewhere. Either way workers import the
caller's main module as ``__mp_main__``: scripts must guard their entry point
with ``if __name__ == "__main__":``.

Garbage collection in pool workers: after its first task a worker moves every object then alive
(the imported library, pydantic's schemas, numba's loaded kernels, the parsed scenario: about
200,000 objects) out of the cyclic collector's reach with `gc.freeze`. Each full collection
otherwise walks all of them, and a chunk of a parameter study allocates enough compiled points
to set off several: about 4% of the CPU of Rafah chunks with parameter points went to the
collector, under 1% once frozen (`benchmarks/ensemble.py --points`; benchmarks/README.md). Only `PoolBackend`'s own workers do this; the caller's process (serial
backend) and Dask workers, which may be shared, keep the interpreter's default.

Memory in Dask workers: Dask starts its workers with ``MALLOC_TRIM_THRESHOLD_=65536``, so glibc
hands freed memory back to the operating system at once (and, with that variable set, serves every
block over 128 kB by a fresh ``mmap``); every large array of an ensemble then faults its pages in
again: on a Rafah Sobol chunk about 680,000 page faults and three times the CPU of a pool worker.
For the length of each of our tasks, `DaskBackend` raises glibc's trim and mmap thresholds in the
worker (`mallopt`), then puts back what the worker's environment had set and trims: the chunk
costs what it costs in a pool worker, and the worker, which may serve other clients, is left as it
was found. Elsewhere than glibc this is skipped.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Any, Protocol, TypeVar

__all__ = ["Backend", "SerialBackend", "PoolBackend", "DaskBackend", "make_backend",
           "pool_context", "PRELOAD", "CONNECT_TIMEOUT"]

T = TypeVar("T")
R = TypeVar("R")

#: Seconds to wait for a Dask scheduler to answer before giving up with one line.
CONNECT_TIMEOUT = 5.0

#: Modules the forkserver imports once, so forked workers start warm.
PRELOAD = ["negotiation_sim.experiments.runner"]


class Backend(Protocol):
    """Runs `fn(task)` for each task and yields the results as they finish (any order)."""

    name: str
    workers: int

    def imap_unordered(self, fn: Callable[[T], R], tasks: Iterable[T]) -> Iterator[R]:
        """Yield `fn(task)` for every task, in completion order."""
        ...

    def close(self) -> None:
        """Release workers."""
        ...


class SerialBackend:
    """Everything in this process, in order (for debugging and tests)."""

    name = "serial"
    workers = 1

    def imap_unordered(self, fn: Callable[[T], R], tasks: Iterable[T]) -> Iterator[R]:
        """Yield `fn(task)` for every task, in order."""
        for task in tasks:
            yield fn(task)

    def close(self) -> None:
        """Nothing to release."""


def pool_context() -> multiprocessing.context.BaseContext:
    """The multiprocessing context of `PoolBackend` (see the module docstring)."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(PRELOAD)
        return ctx
    return multiprocessing.get_context("spawn")


_settled = False  # this pool worker has frozen its long-lived objects (module docstring)


def _in_worker(fn: Callable[[T], R], task: T) -> R:
    """`fn(task)` in a `PoolBackend` worker; after the first task, `gc.freeze` what is alive."""
    global _settled
    out = fn(task)
    if not _settled:
        _settled = True
        gc.collect()  # the first task's garbage goes now, not into the frozen generation
        gc.freeze()
    return out


_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # glibc's mallopt parameters (malloc.h)
_GLIBC_TRIM, _GLIBC_MMAP = 128 * 1024, 128 * 1024  # glibc's defaults, for variables not set


_held = [0]  # tasks of this process inside `_malloc_held` (a Dask worker may run several threads)
_held_lock = threading.Lock()


@contextlib.contextmanager
def _malloc_held() -> Iterator[None]:
    """glibc keeps freed memory for reuse while the block runs, if the environment told it not to.

    Only where ``MALLOC_TRIM_THRESHOLD_`` or ``MALLOC_MMAP_THRESHOLD_`` is set (as Dask sets the
    first for its workers) and the C library is glibc. When the last task of the process leaves,
    both thresholds are set back to the environment's values (glibc's defaults for one not set)
    and the free memory is trimmed.
    """
    libc = _glibc() if {"MALLOC_TRIM_THRESHOLD_", "MALLOC_MMAP_THRESHOLD_"} & os.environ.keys() else None
    if libc is None:
        yield
        return
    with _held_lock:
        _held[0] += 1
        if _held[0] == 1:
            libc.mallopt(_M_TRIM_THRESHOLD, 1 << 30)
            libc.mallopt(_M_MMAP_THRESHOLD, 32 << 20)  # glibc's largest on 64-bit
    try:
        yield
    finally:
        with _held_lock:
            _held[0] -= 1
            if _held[0] == 0:
                libc.mallopt(_M_MMAP_THRESHOLD, _env_bytes("MALLOC_MMAP_THRESHOLD_", _GLIBC_MMAP))
                libc.mallopt(_M_TRIM_THRESHOLD, _env_bytes("MALLOC_TRIM_THRESHOLD_", _GLIBC_TRIM))
                libc.malloc_trim(0)


def _env_bytes(name: str, default: int) -> int:
    """A malloc variable of the environment as glibc reads it (a leading decimal number), else `default`."""
    digits = ""
    for ch in os.environ.get(name, "").strip():
        if not ch.isdigit():
            break
        digits += ch
    return int(digits) if digits else default


@functools.cache
def _glibc():
    """The C library if it is glibc (it has `mallopt` and `malloc_trim`), else None."""
    import ctypes
    import ctypes.util

    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None
    return libc if hasattr(libc, "gnu_get_libc_version") else None  # only glibc has it


def _in_dask_worker(fn: Callable[[T], R], task: T) -> R:
    """`fn(task)` on a Dask worker, memory held for reuse while it runs (module docstring)."""
    with _malloc_held():
        return fn(task)


def _bounded(submit: Callable[[T], Any], tasks: Iterable[T], limit: int,
             wait_any: Callable[[set], tuple[set, set]]) -> Iterator[Any]:
    """Keep at most `limit` tasks in flight; yield finished futures."""
    pending: set = set()
    it = iter(tasks)
    exhausted = False
    while True:
        while not exhausted and len(pending) < limit:
            try:
                pending.add(submit(next(it)))
            except StopIteration:
                exhausted = True
        if not pending:
            return
        done, pending = wait_any(pending)
        yield from done


class PoolBackend:
    """A local pool of reused worker processes (the default).

    Args:
        workers: Number of processes (default: all cores).
    """

    name = "pool"

    def __init__(self, workers: int | None = None):
        self.workers = max(1, workers or os.cpu_count() or 1)
        self._executor = ProcessPoolExecutor(max_workers=self.workers, mp_context=pool_context())

    def imap_unordered(self, fn: Callable[[T], R], tasks: Iterable[T]) -> Iterator[R]:
        """Yield `fn(task)` for every task as workers finish them; two tasks queued per worker."""
        def wait_any(fs: set) -> tuple[set, set]:
            done, rest = wait(fs, return_when=FIRST_COMPLETED)
            return set(done), set(rest)

        try:
            def submit(task: T) -> Future:
                return self._executor.submit(_in_worker, fn, task)

            for fut in _bounded(submit, tasks, 2 * self.workers, wait_any):
                yield fut.result()
        except BaseException:
            self._executor.shutdown(wait=False, cancel_futures=True)
            raise

    def close(self) -> None:
        """Stop the workers."""
        self._executor.shutdown(wait=True, cancel_futures=True)


def _reachable(address: str, timeout: float) -> None:
    """Fail fast, in one line, if no Dask scheduler answers at a tcp/tls address.

    A scheduler greets a new connection first (Dask's comm handshake), so over plain TCP
    a peer that accepts but stays silent for `timeout` seconds is not one; Dask's own
    client would wait for it indefinitely.
    """
    import socket

    from negotiation_sim.errors import UserError

    scheme, _, rest = address.rpartition("://")
    if scheme not in ("", "tcp", "tls"):
        return  # ws, ucx: leave the check to Dask's own connect timeout
    host, _, port = rest.rstrip("/").rpartition(":")
    try:
        conn = socket.create_connection((host.strip("[]"), int(port)), timeout=timeout)
    except (OSError, ValueError) as err:
        reason = getattr(err, "strerror", None) or str(err) or type(err).__name__
        raise UserError("command line", "--scheduler", f"a Dask scheduler listening at {address} "
                        f"({reason}; waited up to {timeout:g} s)") from None
    try:
        if scheme != "tls":
            conn.settimeout(timeout)
            try:
                greeting = conn.recv(1)
            except OSError:
                greeting = b""
            if not greeting:
                raise UserError("command line", "--scheduler", f"a Dask scheduler at {address} (something "
                                f"accepted the connection but did not answer within {timeout:g} s)")
    finally:
        conn.close()


class DaskBackend:
    """Dask distributed: an existing scheduler, or a `LocalCluster` started here.

    Args:
        scheduler: Address such as ``tcp://host:8786``; None starts a LocalCluster.
        workers: Worker processes of the LocalCluster (one thread each).
    """

    name = "dask"

    def __init__(self, scheduler: str | None = None, workers: int | None = None,
                 connect_timeout: float = CONNECT_TIMEOUT):
        from negotiation_sim.errors import UserError

        try:
            from distributed import Client, LocalCluster
        except ImportError:  # pragma: no cover - depends on the environment
            raise UserError("command line", "--scheduler", "dask installed: pip install "
                            "'negotiation-sim[cluster]'") from None
        import logging

        self._cluster = None
        if scheduler:
            _reachable(scheduler, connect_timeout)
            try:
                self._client = Client(scheduler, timeout=connect_timeout)
            except Exception as err:  # refused, timed out, or not a Dask scheduler at all
                reason = str(err).splitlines()[0][:120] if str(err) else type(err).__name__
                raise UserError("command line", "--scheduler", f"a Dask scheduler that answers at "
                                f"{scheduler} within {connect_timeout:g} s ({reason})") from None
        else:
            self._cluster = LocalCluster(n_workers=max(1, workers or os.cpu_count() or 1),
                                         threads_per_worker=1, processes=True,
                                         dashboard_address=None, silence_logs=logging.ERROR)
            self._client = Client(self._cluster)
        info = self._client.scheduler_info()
        self.workers = max(1, sum(w.get("nthreads", 1) for w in info["workers"].values()))

    def imap_unordered(self, fn: Callable[[T], R], tasks: Iterable[T]) -> Iterator[R]:
        """Yield `fn(task)` for every task as the cluster finishes them."""
        from distributed import wait as dwait

        def wait_any(fs: set) -> tuple[set, set]:
            res = dwait(list(fs), return_when="FIRST_COMPLETED")
            return set(res.done), set(res.not_done)

        live: set[Future] = set()  # futures not yet handed back (each holds a result on the cluster)

        def submit(task: T) -> Future:
            fut = self._client.submit(_in_dask_worker, fn, task, pure=False)
            live.add(fut)
            return fut

        try:
            for fut in _bounded(submit, tasks, 2 * self.workers, wait_any):
                result = fut.result()
                live.discard(fut)
                yield result
        except BaseException:
            self._client.cancel(list(live))
            raise

    def close(self) -> None:
        """Close the client, and the LocalCluster if this backend started it."""
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


def make_backend(workers: int | None = None, scheduler: str | None = None,
                 local_cluster: bool = False, serial: bool = False,
                 connect_timeout: float = CONNECT_TIMEOUT) -> Backend:
    """Pick a backend from command-line style options.

    Args:
        workers: Worker processes (pool or LocalCluster); 1 with the pool still uses one worker.
        scheduler: A Dask scheduler address.
        local_cluster: Start a Dask LocalCluster with `workers` workers.
        serial: Run everything in this process.
        connect_timeout: Seconds to wait for `scheduler` to answer.
    """
    if serial:
        return SerialBackend()
    if scheduler or local_cluster:
        return DaskBackend(scheduler, workers, connect_timeout)
    return PoolBackend(workers)
