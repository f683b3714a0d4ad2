"""The compiled kernels in place: each call of a real ensemble replayed through the NumPy
reference and the numba kernel, interleaved, in one run.

Runs one Rafah ensemble (1,024 runs; with ``--points`` a new random parameter point every 5 runs,
as in a Sobol study), records the arguments of every call to `kernels.pair_states`,
`kernels.legal_first` and `kernels.scale_slots`, then replays all of them through both implementations, round after
round in turn, into reused output buffers as the engine does. With ``--cold`` a 64 MB array is
written before each call, so the inputs come from memory rather than cache (the engine's calls
sit between other work and see something in between). Prints the time per ensemble of each
kernel, the ratio, and the share of the ensemble's CPU time the kernel takes; checks that both
give the same arrays.

    python benchmarks/kernels.py [--points] [--cold] [--rounds 5]

Needs the `fast` extra (numba).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def capture(points: bool) -> tuple[dict[str, list[tuple]], float]:
    """The arguments of every kernel call of one 1,024-run Rafah ensemble, and its CPU seconds."""
    from negotiation_sim.model import attention, candidates, kernels, rules
    from negotiation_sim.model.ensemble import Ensemble
    from negotiation_sim.scenario.loader import load_scenario

    sc = load_scenario("rafah")
    rng = np.random.default_rng(0)
    space = {k: p.range for k, p in list(sc.parameters.items())[:10]}
    runs: list[tuple[int, dict]] = []
    point: dict = {}
    for s in range(1024):
        if points and s % 5 == 0:
            point = {k: float(lo + (hi - lo) * rng.random()) for k, (lo, hi) in space.items()}
        runs.append((s, point))
    Ensemble(sc, runs[:64]).run()  # compile or load the kernels
    cpu = time.process_time()
    Ensemble(sc, runs).run()
    cpu = time.process_time() - cpu
    calls: dict[str, list[tuple]] = {"pair_states": [], "legal_first": [], "scale_slots": []}

    def pair_states(*a):
        calls["pair_states"].append(tuple(np.array(v, copy=True) for v in a))
        return kernels.pair_states(*a)

    def legal_first(*a):
        calls["legal_first"].append(tuple(np.array(v, copy=True) if isinstance(v, np.ndarray) else v for v in a))
        return kernels.legal_first(*a)

    def scale_slots(*a):
        calls["scale_slots"].append(tuple(np.array(v, copy=True) for v in a))  # before: it scales in place
        return kernels.scale_slots(*a)

    saved = rules.pair_states, candidates.legal_first, attention.scale_slots
    rules.pair_states, candidates.legal_first, attention.scale_slots = pair_states, legal_first, scale_slots
    try:
        Ensemble(sc, runs).run()
    finally:
        rules.pair_states, candidates.legal_first, attention.scale_slots = saved
    return calls, cpu


def replay(calls: dict[str, list[tuple]], rounds: int, cold: bool) -> dict[str, float]:
    """Replays the calls through both kernels; returns the median ms per ensemble of each."""
    from negotiation_sim.model import kernels

    compiled = {"pair_states": kernels._numba("pair_states", kernels._pair_states_loops),
                "legal_first": kernels._numba("legal_first", kernels._legal_first_loops),
                "scale_slots": kernels._numba("scale_slots", kernels._scale_slots_loops)}
    flush = np.ones(64 * 2**20 // 8) if cold else None

    def pair_states_with(fn):
        outs = [(np.empty_like(c[9]), np.empty_like(c[10])) for c in calls["pair_states"]]

        def go():
            for c, (xs_t, xa_t) in zip(calls["pair_states"], outs):
                if flush is not None:
                    flush.fill(1.0)
                t = time.perf_counter()
                fn(*c[:9], xs_t, xa_t)
                times.append(time.perf_counter() - t)
            return [o for pair in outs for o in pair]
        return go

    def legal_first_with(which):
        def go():
            res = []
            for legal, delta, cost, width in calls["legal_first"]:
                if flush is not None:
                    flush.fill(1.0)
                t = time.perf_counter()
                if which == "numpy":
                    res.append(kernels.legal_first_numpy(legal, delta, cost, width))
                else:
                    n = legal.shape[0]
                    out = (np.empty((n, width), dtype=np.intp), np.empty((n, width), dtype=bool),
                           np.empty((n, width) + delta.shape[2:]), np.empty((n, width) + cost.shape[2:]))
                    compiled["legal_first"](legal, delta, cost, *out)
                    res.append(out)
                times.append(time.perf_counter() - t)
            return [a for r in res for a in r]
        return go

    def scale_slots_with(fn):
        def go():
            outs = [c[0].copy() for c in calls["scale_slots"]]  # fresh tables: the call scales in place
            for (_, f, starts, stops), d in zip(calls["scale_slots"], outs):
                if flush is not None:
                    flush.fill(1.0)
                t = time.perf_counter()
                fn(d, f, starts, stops)
                times.append(time.perf_counter() - t)
            return outs
        return go

    runners = {
        "pair_states": {"numpy": pair_states_with(kernels.pair_states_numpy),
                        "numba": pair_states_with(compiled["pair_states"])},
        "legal_first": {"numpy": legal_first_with("numpy"), "numba": legal_first_with("numba")},
        "scale_slots": {"numpy": scale_slots_with(kernels.scale_slots_numpy),
                        "numba": scale_slots_with(compiled["scale_slots"])},
    }
    spent = {"numpy": 0.0, "numba": 0.0}
    for name, impls in runners.items():
        totals: dict[str, list[float]] = {k: [] for k in impls}
        results = {}
        for _ in range(rounds):
            for which, go in impls.items():
                times: list[float] = []
                results[which] = go()
                totals[which].append(sum(times))
        same = all(np.array_equal(a, b, equal_nan=True) for a, b in zip(results["numpy"], results["numba"]))
        med = {k: statistics.median(v) * 1e3 for k, v in totals.items()}
        print(f"  {name:12s} {len(calls[name]):4d} calls: NumPy {med['numpy']:7.1f} ms, numba "
              f"{med['numba']:7.1f} ms per ensemble (median of {rounds}); NumPy / numba "
              f"{med['numpy'] / med['numba']:.2f}x; same arrays: {same}")
        for k in spent:
            spent[k] += med[k]
    return spent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--points", action="store_true", help="a new random parameter point every 5 runs")
    ap.add_argument("--cold", action="store_true", help="evict the caches before each call")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    try:
        import numba  # noqa: F401
    except ImportError:
        print('this benchmark needs numba: pip install ".[fast]"', file=sys.stderr)
        return 2
    calls, cpu = capture(args.points)
    print(f"Rafah ensemble of 1,024 runs{' with parameter points' if args.points else ''}: "
          f"{cpu * 1e3:.0f} ms CPU; kernel calls replayed {'cold' if args.cold else 'warm'}")
    spent = replay(calls, args.rounds, args.cold)
    print(f"  all kernels: {spent['numba']:.0f} ms with numba, {spent['numba'] / (cpu * 1e3):.0%} of the "
          f"ensemble's CPU; with NumPy {spent['numpy']:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
