"""A Rafah Sobol study through the sweep runner: time, runs/s and memory as runs finish.

Ten Rafah parameters in a Saltelli design (``samples * 12`` points, first-order and total
indices), ``--replications`` seeds per point, free play, on a process pool of 2 workers
(each chunk of runs advanced in lockstep as one ensemble), results streamed to Parquet. Prints
the wall time, runs/s, the peak resident memory of the sweep (parent and workers) at marks, and
the first-order indices of the entry outcome so that the study is seen to be used.

    python benchmarks/sobol.py                      # 2,048 samples x 12 points x 4 seeds = 98,304 runs
    python benchmarks/sobol.py --samples 16384 --replications 5    # 983,040 runs (the million-run study)
    python benchmarks/sobol.py --samples 256 --replications 2      # a quick look
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

PARAMETERS = ["us_resolve", "israel_resolve", "us_audience_cost", "shell_stock", "us_shell_supply",
              "us_pressure_baseline", "us_humanitarian_sensitivity", "israel_delay_sensitivity",
              "concession_step", "coercion_cost"]


def _rss() -> int:
    import psutil

    me = psutil.Process()
    total = me.memory_info().rss
    for c in me.children(recursive=True):
        try:
            total += c.memory_info().rss
        except psutil.Error:
            pass
    return total


def main() -> int:
    import yaml

    from negotiation_sim.experiments.analysis import load_results, sobol_indices
    from negotiation_sim.experiments.backends import PoolBackend
    from negotiation_sim.experiments.runner import make_plan, run_sweep
    from negotiation_sim.model.ensemble import lockstep_size
    from negotiation_sim.model import kernels

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--samples", type=int, default=2048, help="Saltelli base samples (a power of two)")
    ap.add_argument("--replications", type=int, default=4)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--chunk", type=int, default=None,
                    help="runs per task, one ensemble each (default: the runner's, lockstep_size)")
    args = ap.parse_args()
    spec = {"name": "rafah_sobol_bench", "scenario": "rafah", "mode": "free", "seed": 12,
            "design": {"method": "saltelli", "samples": args.samples,
                       "parameters": {p: {} for p in PARAMETERS}},
            "replications": args.replications, "chunk_size": args.chunk,  # None: the runner's default
            "outcomes": ["entered", "entry_day", "peak_strain", "final_trust"]}
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "spec.yaml"
        path.write_text(yaml.safe_dump(spec))
        plan = make_plan(path)
        n = plan.n_runs
        chunk = args.chunk or lockstep_size(plan.scenario)
        print(f"runs per task: {chunk}{'' if args.chunk else ' (lockstep_size of rafah)'}; "
              f"kernel: {kernels.selected()} (NEGOTIATION_SIM_KERNEL; model/kernels.py)")
        print(f"Rafah Sobol study: {len(PARAMETERS)} parameters, {args.samples} samples, "
              f"{args.replications} seeds per point = {n:,} runs on {args.workers} workers")
        out = Path(d) / "out"
        samples: list[tuple[int, int]] = []
        stop = threading.Event()

        def watch() -> None:
            while not stop.is_set():
                parts = len(list((out / "runs").glob("part-*"))) if (out / "runs").exists() else 0
                samples.append((parts * chunk, _rss()))
                stop.wait(1.0)

        th = threading.Thread(target=watch, daemon=True)
        backend = PoolBackend(args.workers)
        t = time.perf_counter()
        th.start()
        try:
            summary = run_sweep(path, out, backend, progress=True, chunk_size=args.chunk)
        finally:
            backend.close()
            stop.set()
            th.join()
        secs = time.perf_counter() - t
        print(f"{summary.ran:,} runs in {secs:.0f} s: {summary.ran / secs:.0f} runs/s, "
              f"{summary.errors} errors; 1,000,000 runs at this rate: {1e6 / (summary.ran / secs) / 60:.1f} min "
              "(aim <= 15)")
        print("runs done  peak RSS so far (parent + workers)")
        peak, k = 0, 0
        marks = [m for m in (1_000, 10_000, 100_000, 250_000, 500_000, 750_000) if m < n] + [n]
        for done, rss in samples:
            peak = max(peak, rss)
            while k < len(marks) and done >= marks[k]:
                print(f"{marks[k]:>9,}  {peak / 2**20:8.0f} MiB")
                k += 1
        for m in marks[k:]:
            print(f"{m:>9,}  {peak / 2**20:8.0f} MiB")
        df = load_results(out)
        idx = sobol_indices(df, df.attrs["manifest"]["design"], "entered", num_resamples=100)
        print("Sobol indices of `entered`:")
        print(idx.round(3).to_string())
    return 0


if __name__ == "__main__":
    sys.exit(main())
