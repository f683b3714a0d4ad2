"""Time one run (construction to outcomes) against a bare Mesa model of the same size, in one run.

For each scenario (Rafah and the 2024 campaign by default) it times, interleaved repeat by
repeat so that a busy machine slows all alike:

* a bare Mesa model with the same number of agents and ticks and a DataCollector collecting
  one value per tick: the floor Mesa itself sets;
* `negotiation_sim.run` with the lean engine (the default) and with the reference engine
  (the Mesa `NegotiationModel`), free mode, full records;
* the same runs in an ensemble of 256 (`negotiation_sim.api.ensemble`), per run.

and prints medians and the ratios.

    python benchmarks/run_speed.py [--scenario rafah --scenario campaign_2024] [--repeats 30]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import mesa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from negotiation_sim import load_scenario, run  # noqa: E402
from negotiation_sim.api import ensemble  # noqa: E402
from negotiation_sim.model.index import ScenarioIndex  # noqa: E402

TARGETS = {"rafah": 0.002, "campaign_2024": 0.020}  # seconds per run (issue 12)


class BareModel(mesa.Model):
    """N agents that do nothing, T ticks, one reporter."""

    def __init__(self, n_agents: int, n_ticks: int, seed: int):
        super().__init__(rng=seed)
        for _ in range(n_agents):
            mesa.Agent(self)
        self.n_ticks = n_ticks
        self.datacollector = mesa.DataCollector(model_reporters={"n": lambda m: len(m.agents)})

    def step(self) -> None:
        self.agents.shuffle_do("step")
        self.datacollector.collect(self)
        self.running = self.steps < self.n_ticks


def bench(name: str, repeats: int, chunk: int) -> None:
    sc = load_scenario(name)
    ix = ScenarioIndex(sc)
    n_agents = len(sc.actors) + sum(len(a.members) for a in sc.actors)
    n_ticks = ix.calendar.n_ticks

    def bare(i: int) -> None:
        m = BareModel(n_agents, n_ticks, i)
        while m.running:
            m.step()
        mesa.Agent._ids.pop(m, None)

    fns = {"bare Mesa model": bare,
           "lean engine, one run": lambda i: run(sc, mode="free", seed=i),
           "reference engine (Mesa model)": lambda i: run(sc, mode="free", seed=i, engine="reference")}
    for fn in fns.values():
        fn(0)  # warm caches
    times: dict[str, list[float]] = {k: [] for k in fns}
    for i in range(repeats):
        for k, fn in fns.items():
            t = time.perf_counter()
            fn(i)
            times[k].append(time.perf_counter() - t)
    batches = max(1, repeats // 10)
    per_run = []
    for b in range(batches):
        t = time.perf_counter()
        res = ensemble(sc, range(b * chunk, (b + 1) * chunk))
        for r in range(res.n_runs):
            res.outcomes(r)
        per_run.append((time.perf_counter() - t) / chunk)
    med = {k: statistics.median(v) for k, v in times.items()}
    med[f"ensemble of {chunk}, per run"] = statistics.median(per_run)
    floor = med["bare Mesa model"]
    lean = med["lean engine, one run"]
    print(f"scenario {sc.id}: {n_agents} agents, {n_ticks} ticks, {repeats} repeats each (medians)")
    for k, v in med.items():
        print(f"  {k:32s} {v * 1e3:9.2f} ms   {v / floor:7.1f}x bare Mesa")
    print(f"  reference / lean: {med['reference engine (Mesa model)'] / lean:.2f}x;  "
          f"lean / ensemble per run: {lean / med[f'ensemble of {chunk}, per run']:.1f}x")
    target = TARGETS.get(sc.id)
    if target:
        ok = lean <= target and (sc.id != "rafah" or lean <= 7 * floor)
        print(f"  target one run <= {target * 1e3:.0f} ms{' and <= 7x bare Mesa' if sc.id == 'rafah' else ''}: "
              f"{'met' if ok else 'NOT met'}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", action="append", help="scenario id (repeatable)")
    ap.add_argument("--repeats", type=int, default=30)
    ap.add_argument("--chunk", type=int, default=256)
    args = ap.parse_args()
    for name in args.scenario or ["rafah", "campaign_2024"]:
        bench(name, args.repeats, args.chunk)
    return 0


if __name__ == "__main__":
    sys.exit(main())
