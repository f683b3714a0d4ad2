"""Benchmark: this runner against mesa.batch_run on the same model and grid.

Runs one grid of a scenario in free mode (5 x 5 x 4 parameter points x seeds; at
least 2,000 runs by default) through

* ``mesa.batch_run`` with 1 and 2 processes (the model wrapped in `ScenarioBatchModel`,
  which batch_run constructs from keyword arguments),
* this package's runner: serial, process pool with 2 workers, Dask LocalCluster
  with 2 workers (each task a chunk of runs advanced in lockstep as one ensemble),

and prints runs per second and the ratios. Every figure includes starting the workers (about 1 s
for the pool): at 2,000 runs that start-up is most of a pool sweep, so ``--runner-only`` times
only the runner's three backends, on a grid as large as asked (``--runs 40000``), to show how two
workers scale once the start-up is paid. ``--memory`` instead runs one large
sweep (100,000 runs by default) on the process pool and prints the peak resident
memory of the sweep (parent and workers) as the number of finished runs grows.

Usage::

    python benchmarks/sweep.py               # 2,000 runs per method
    python benchmarks/sweep.py --quick       # 400 runs per method
    python benchmarks/sweep.py --runs 4000
    python benchmarks/sweep.py --runner-only --runs 40000   # 2 workers against 1, start-up amortised
    python benchmarks/sweep.py --memory      # 100,000-run sweep, peak RSS
    python benchmarks/sweep.py --memory --runs 20000
    python benchmarks/sweep.py --scenario campaign_2024 --runs 400     # the 2024 campaign
    python benchmarks/sweep.py --scenario campaign_2024 --memory --runs 20000

The grid: Rafah's US resolve, Israel's resolve and the US pressure baseline (5 x 5 x 4 values);
for another scenario, its first three declared parameters over their declared ranges.
"""

from __future__ import annotations

import argparse
import math
import shutil
import sys
import tempfile
import threading
import time
from functools import lru_cache
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from negotiation_sim.model.model import NegotiationModel  # noqa: E402
from negotiation_sim.model.outcomes import compute_outcomes  # noqa: E402

RAFAH_GRID = {"us_resolve": np.linspace(0.2, 1.0, 5).tolist(),
              "israel_resolve": np.linspace(0.2, 1.0, 5).tolist(),
              "us_pressure_baseline": np.linspace(0.0, 0.6, 4).tolist()}
N_POINTS = 5 * 5 * 4


@lru_cache(maxsize=4)
def _base(name: str):
    from negotiation_sim.scenario.loader import load_scenario

    return load_scenario(name)


def grid(name: str) -> dict[str, list[float]]:
    """The benchmark's grid for a scenario (module docstring)."""
    if name == "rafah":
        return RAFAH_GRID
    params = list(_base(name).parameters.items())[:3]
    if len(params) < 3:
        raise SystemExit(f"{name} declares {len(params)} parameters; the grid needs 3")
    return {k: np.linspace(*p.range, n).tolist() for (k, p), n in zip(params, (5, 5, 4))}


class ScenarioBatchModel(NegotiationModel):
    """A scenario in free mode, built from keyword arguments as mesa.batch_run requires.

    Applies the parameters to the scenario like the runner does, steps the same
    number of ticks as `negotiation_sim.api.run` and computes the same outcomes.
    """

    def __init__(self, scenario: str = "rafah", seed: int = 0, **params: float):
        from negotiation_sim.scenario.params import apply_params

        super().__init__(apply_params(_base(scenario), params), mode="free", seed=seed)
        self.outcomes: dict[str, float] = {}

    def step(self) -> None:
        """One tick; stop and compute the outcomes after the last."""
        super().step()
        if self.steps >= self.calendar.n_ticks:
            self.running = False
            self.outcomes = compute_outcomes(self)


def bench_batch_run(name: str, replications: int, processes: int) -> float:
    """Seconds for the grid x replications through mesa.batch_run."""
    import mesa

    params = {**grid(name), "scenario": name, "seed": list(range(replications))}  # batch_run ignores seeds: pass them
    t = time.perf_counter()
    rows = mesa.batch_run(ScenarioBatchModel, params, number_processes=processes, iterations=1,
                          max_steps=10_000, display_progress=False)
    dt = time.perf_counter() - t
    assert len(rows) == N_POINTS * replications
    return dt


def _spec(name: str, replications: int, tmp: Path) -> Path:
    import yaml

    outcomes = (["entered", "entry_day", "entry_scope", "peak_strain", "final_trust"] if name == "rafah"
                else list(_base(name).outcomes or [])[:5] or None)
    spec = {"name": "bench", "scenario": name, "mode": "free", "seed": 1,
            "design": {"method": "grid", "parameters": {k: {"values": v} for k, v in grid(name).items()}},
            "replications": replications}
    if outcomes:
        spec["outcomes"] = outcomes
    path = tmp / "bench.yaml"
    path.write_text(yaml.safe_dump(spec))
    return path


def bench_runner(name: str, replications: int, backend_name: str, tmp: Path) -> float:
    """Seconds for the same grid through run_sweep on a backend (startup included)."""
    from negotiation_sim.experiments.backends import DaskBackend, PoolBackend, SerialBackend
    from negotiation_sim.experiments.runner import run_sweep

    spec = _spec(name, replications, tmp)
    out = tmp / f"out-{backend_name}"
    shutil.rmtree(out, ignore_errors=True)
    t = time.perf_counter()
    backend = {"serial": SerialBackend, "pool2": lambda: PoolBackend(2),
               "dask2": lambda: DaskBackend(workers=2)}[backend_name]()
    try:
        s = run_sweep(spec, out, backend, progress=False)
    finally:
        backend.close()
    dt = time.perf_counter() - t
    assert s.ran == N_POINTS * replications and s.errors == 0
    return dt


def throughput(name: str, runs: int, runner_only: bool = False) -> None:
    """Print runs/s of every method (only the runner's backends if `runner_only`) and the ratios."""
    reps = max(1, math.ceil(runs / N_POINTS))
    n = reps * N_POINTS
    print(f"grid: {N_POINTS} points x {reps} seeds = {n} runs of {name} (free mode) per method")
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        methods = [] if runner_only else [("mesa.batch_run, 1 process", lambda: bench_batch_run(name, reps, 1)),
                                          ("mesa.batch_run, 2 processes", lambda: bench_batch_run(name, reps, 2))]
        for method, fn in methods + [("runner, serial", lambda: bench_runner(name, reps, "serial", tmp)),
                                     ("runner, process pool, 2 workers", lambda: bench_runner(name, reps, "pool2", tmp)),
                                     ("runner, Dask LocalCluster, 2 workers",
                                      lambda: bench_runner(name, reps, "dask2", tmp))]:
            secs = fn()
            results[method] = n / secs
            print(f"{method:40s} {secs:8.1f} s  {n / secs:8.1f} runs/s", flush=True)
    serial = results["runner, serial"]
    pool = results["runner, process pool, 2 workers"]
    print(f"pool 2 workers / runner serial:        {pool / serial:.2f}x (aim >= 1.9; start-up included)")
    print(f"Dask 2 workers / runner serial:        {results['runner, Dask LocalCluster, 2 workers'] / serial:.2f}x")
    if not runner_only:
        best_mesa = max(results["mesa.batch_run, 1 process"], results["mesa.batch_run, 2 processes"])
        print(f"pool 2 workers / best mesa.batch_run:  {pool / best_mesa:.2f}x (aim >= 5)")
        print(f"runner serial / mesa.batch_run 1 proc: {serial / results['mesa.batch_run, 1 process']:.2f}x")


def _tree_rss() -> int:
    import psutil

    me = psutil.Process()
    total = me.memory_info().rss
    for c in me.children(recursive=True):
        try:
            total += c.memory_info().rss
        except psutil.Error:
            pass
    return total


def memory(name: str, runs: int) -> None:
    """Peak RSS of a large pool sweep (parent + workers) as finished runs grow."""
    from negotiation_sim.experiments.backends import PoolBackend
    from negotiation_sim.experiments.runner import run_sweep

    reps = max(1, math.ceil(runs / N_POINTS))
    n = reps * N_POINTS
    samples: list[tuple[float, int, int]] = []  # (time, runs done, rss)
    stop = threading.Event()
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        out = tmp / "out"

        def watch() -> None:
            while not stop.is_set():
                parts = len(list((out / "runs").glob("part-*"))) if (out / "runs").exists() else 0
                samples.append((time.perf_counter(), parts, _tree_rss()))
                stop.wait(0.5)

        spec = _spec(name, reps, tmp)
        th = threading.Thread(target=watch, daemon=True)
        t = time.perf_counter()
        th.start()
        backend = PoolBackend(2)
        try:
            run_sweep(spec, out, backend, progress=True, chunk_size=200)
        finally:
            backend.close()
            stop.set()
            th.join()
        secs = time.perf_counter() - t
    print(f"{n} runs of {name} on the process pool (2 workers) in {secs:.0f} s ({n / secs:.1f} runs/s)")
    print("runs done  peak RSS so far (parent + workers)")
    marks = sorted({m for m in (1_000, 10_000, 25_000, 50_000, 75_000, n) if m <= n})
    peak, k = 0, 0
    for _, parts, rss in samples:
        peak = max(peak, rss)
        while k < len(marks) and parts * 200 >= marks[k]:
            print(f"{marks[k]:9d}  {peak / 2**20:8.0f} MiB")
            k += 1
    for m in marks[k:]:
        print(f"{m:9d}  {peak / 2**20:8.0f} MiB")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", default="rafah", help="a built-in scenario (default rafah)")
    ap.add_argument("--quick", action="store_true", help="400 runs per method")
    ap.add_argument("--runs", type=int, default=None, help="runs per method (default 2000)")
    ap.add_argument("--memory", action="store_true", help="peak RSS of a large sweep instead")
    ap.add_argument("--runner-only", action="store_true",
                    help="only the runner's backends (no mesa.batch_run), for grids too large for it")
    args = ap.parse_args()
    if args.memory:
        memory(args.scenario, args.runs or (5_000 if args.quick else 100_000))
    else:
        throughput(args.scenario, args.runs or (400 if args.quick else 2_000), args.runner_only)


if __name__ == "__main__":
    main()
