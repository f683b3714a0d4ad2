"""Ensemble throughput: Rafah runs per second advanced in lockstep, on one process and on two.

Each task is a chunk of seeds (and, with ``--points``, random parameter points) run as one
ensemble (`negotiation_sim.api.ensemble`), outcomes computed as a sweep does. One process runs
the chunks in turn; two run them on a process pool (forkserver, warm). Prints runs/s, the
ratio two/one and what a 1,000,000-run study would take at that rate. `--curve` prints instead
the CPU time per run against the runs per ensemble, in one process, beside the size
`lockstep_size` picks for the scenario.

    python benchmarks/ensemble.py                   # 32,768 Rafah runs each way, chunks of lockstep_size
    python benchmarks/ensemble.py --scenario campaign_2024 --runs 1024
    python benchmarks/ensemble.py --points          # a new random parameter point every 4 runs
    python benchmarks/ensemble.py --curve --scenario campaign_2024
    python benchmarks/ensemble.py --kernel both     # NumPy and compiled kernels, and their ratio

`--kernel` sets NEGOTIATION_SIM_KERNEL for this process and its workers (`model/kernels.py`); the
default is the one the library picks (numba where the `fast` extra is installed).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


_GC = {"seconds": 0.0, "since": 0.0}  # time this process spent in the cyclic garbage collector


def _gc_timer(phase: str, info: dict) -> None:
    if phase == "start":
        _GC["since"] = time.perf_counter()
    else:
        _GC["seconds"] += time.perf_counter() - _GC["since"]


def chunk_task(task: tuple[str, int, int, bool]) -> tuple[int, float, float]:
    """Run one chunk of runs as an ensemble and compute its outcomes; returns the number of runs,
    and the CPU seconds the task took and spent in the garbage collector."""
    import gc

    if _gc_timer not in gc.callbacks:
        gc.callbacks.append(_gc_timer)
    in_gc, cpu = _GC["seconds"], time.process_time()
    size = _chunk(task)
    return size, time.process_time() - cpu, _GC["seconds"] - in_gc


def _chunk(task: tuple[str, int, int, bool]) -> int:
    from negotiation_sim.model.ensemble import Ensemble
    from negotiation_sim.scenario.loader import load_scenario

    name, start, size, points = task
    sc = load_scenario(name)
    rng = np.random.default_rng(start)
    space = {k: p.range for k, p in list(sc.parameters.items())[:10]}
    runs = []
    for s in range(start, start + size):
        if points and (s % 4 == 0 or not runs):
            point = {k: float(lo + (hi - lo) * rng.random()) for k, (lo, hi) in space.items()}
        runs.append((s, point if points else {}))
    res = Ensemble(sc, runs).run()
    for r in range(res.n_runs):
        res.outcomes(r)
    return size


def measure(name: str, runs: int, chunk: int, points: bool, workers: int) -> tuple[float, float, float]:
    """Runs per second with `workers` processes (1: in this process), start-up excluded, the
    CPU seconds per run spent in this process (meaningful with one process), and the share of the
    tasks' CPU their processes spent in the garbage collector."""
    from negotiation_sim.experiments.backends import PoolBackend, SerialBackend

    tasks = [(name, s, min(chunk, runs - s), points) for s in range(0, runs, chunk)]
    backend = SerialBackend() if workers == 1 else PoolBackend(workers)
    try:
        # warm: small tasks, several per worker, so that every worker has imported (and loaded
        # any compiled kernel) before the clock starts
        list(backend.imap_unordered(chunk_task, [(name, 10**9 + k * 64, 64, points)
                                                 for k in range(4 * max(workers, 1))]))
        t, cpu = time.perf_counter(), time.process_time()
        out = list(backend.imap_unordered(chunk_task, tasks))
        secs, cpu = time.perf_counter() - t, time.process_time() - cpu
    finally:
        backend.close()
    assert sum(o[0] for o in out) == runs
    return runs / secs, cpu / runs, sum(o[2] for o in out) / sum(o[1] for o in out)


def curve(name: str, runs: int, picked: int) -> int:
    """CPU ms per run at each power of two from 64 to 2,048 runs per ensemble (`runs` runs each,
    at least one ensemble), interleaved over three rounds; the median of the rounds."""
    sizes = [2 ** k for k in range(6, 12)]
    cpu: dict[int, list[float]] = {s: [] for s in sizes}
    chunk_task((name, 10**9, 64, False))  # warm
    for _ in range(3):
        for s in sizes:
            n = max(runs // s, 1) * s
            t = time.process_time()
            for start in range(0, n, s):
                chunk_task((name, start, s, False))
            cpu[s].append((time.process_time() - t) / n)
    print(f"{name}: CPU ms per run against runs per ensemble (median of 3 rounds; load average "
          f"{os.getloadavg()[0]:.1f})")
    best = min(sizes, key=lambda s: np.median(cpu[s]))
    for s in sizes:
        mark = "  <- lockstep_size" if s == picked else ""
        mark += "  <- fastest here" if s == best else ""
        print(f"  {s:5d}  {np.median(cpu[s]) * 1e3:7.3f} ms{mark}")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", default="rafah")
    ap.add_argument("--runs", type=int, default=None,
                    help="runs each way (default 32,768: 32 chunks of 1,024 for Rafah, so that two "
                         "workers end together; with 8 chunks the last one often ran alone); "
                         "with --curve, runs per size and round (default 8,192)")
    ap.add_argument("--chunk", type=int, default=None, help="runs per ensemble (default: lockstep_size)")
    ap.add_argument("--curve", action="store_true", help="CPU time per run against the runs per ensemble")
    ap.add_argument("--points", action="store_true", help="a random parameter point every 4 runs")
    ap.add_argument("--kernel", choices=["numpy", "numba", "both"], default=None,
                    help="NEGOTIATION_SIM_KERNEL for the run (default: the library's choice)")
    args = ap.parse_args()
    from negotiation_sim.model.ensemble import lockstep_size
    from negotiation_sim.scenario.loader import load_scenario

    picked = lockstep_size(load_scenario(args.scenario))
    if args.curve:
        return curve(args.scenario, args.runs or 8192, picked)
    args.runs = args.runs or 32768
    args.chunk = args.chunk or picked
    print(f"{args.scenario}: {args.runs} runs each way, ensembles of {args.chunk}"
          f"{', a new parameter point every 4 runs' if args.points else ', one parameter point'}")
    print(f"load average before: {', '.join(f'{v:.1f}' for v in os.getloadavg())} (2 cores; others' jobs slow both figures)")
    from negotiation_sim.model import kernels

    rates = {}
    for kernel in (["numpy", "numba"] if args.kernel == "both" else [args.kernel]):
        if kernel:
            os.environ[kernels.ENV] = kernel  # read by this process and inherited by the pool's
        print(f"kernel: {kernels.selected()}")
        one, cpu, gc_one = measure(args.scenario, args.runs, args.chunk, args.points, 1)
        print(f"  1 process  : {one:8.0f} runs/s   ({cpu * 1e3:.2f} ms CPU per run: {1 / cpu:.0f} runs per CPU-second;"
              f" {gc_one:.1%} of it in the garbage collector)")
        two, _, gc_two = measure(args.scenario, args.runs, args.chunk, args.points, 2)
        rates[kernels.selected()] = two
        print(f"  2 processes: {two:8.0f} runs/s   ({two / one:.2f}x one process; aim >= 1.9;"
              f" {gc_two:.1%} of the workers' CPU in the garbage collector, frozen after their first task)")
        print(f"  1,000,000 runs at this rate: {1e6 / two / 60:.1f} min on 2 processes (aim <= 15)")
        if args.scenario == "rafah":
            print(f"  aim >= 1,500 Rafah runs/s on 2 cores: {'met' if two >= 1500 else 'NOT met'}")
    if len(rates) == 2:
        print(f"compiled kernel against NumPy, 2 processes: {rates['numba'] / rates['numpy']:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
