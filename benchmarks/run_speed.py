"""Time one run (construction to outcomes) against a bare Mesa model of the same size, in one run.

For each scenario (Rafah and the 2024 campaign by default) it times, interleaved repeat by
repeat so that a busy machine slows all alike:

* a bare Mesa model with the same number of agents and ticks and a DataCollector collecting
  one value per tick: the floor Mesa itself sets;
* `negotiation_sim.run` with the lean engine (the default) and with the reference engine
  (the Mesa `NegotiationModel`), free mode, full records;
* the same runs in an ensemble of the scenario's `lockstep_size` (`negotiation_sim.api.ensemble`), per run.

and prints medians and the ratios. With ``--attention`` it instead times free runs with the
attention-and-agenda mechanism (`model/attention.py`) off (the 2024 cast's defaults) and on
(`ATTENTION_ON`, the values of tests/data/attention.yaml), interleaved, and prints on / off.

    python benchmarks/run_speed.py [--scenario rafah --scenario campaign_2024] [--repeats 30]
    python benchmarks/run_speed.py --attention --scenario rafah --repeats 15
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
from negotiation_sim.model.ensemble import lockstep_size  # noqa: E402
from negotiation_sim.model.index import ScenarioIndex  # noqa: E402

ATTENTION_ON = {"mechanics.attention_decay": 0.15, "mechanics.attention_gain": 0.5,
                "mechanics.repeat_discount": 0.6, "mechanics.repeat_cost": 0.03, "mechanics.repeat_memory": 0.85}
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


def bench(name: str, repeats: int, chunk: int | None) -> None:
    sc = load_scenario(name)
    chunk = chunk or lockstep_size(sc)
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


def bench_attention(name: str, repeats: int, chunk: int | None) -> None:
    """Per-run time of free runs with the attention mechanism off and on (lean, reference, ensemble)."""
    from negotiation_sim.scenario.params import apply_params

    off = load_scenario(name)
    chunk = chunk or lockstep_size(off)
    on = apply_params(off, ATTENTION_ON)
    fns = {}
    for label, sc in (("off", off), ("on", on)):
        fns[f"lean engine, one run, {label}"] = lambda i, sc=sc: run(sc, mode="free", seed=i)
        fns[f"reference engine, {label}"] = lambda i, sc=sc: run(sc, mode="free", seed=i, engine="reference")
        fns[f"ensemble of {chunk}, per run, {label}"] = (
            lambda i, sc=sc: ensemble(sc, range(i * chunk, (i + 1) * chunk)))
    for fn in fns.values():
        fn(0)  # warm caches
    times: dict[str, list[float]] = {k: [] for k in fns}
    for i in range(repeats):
        for k, fn in fns.items():
            if "ensemble" in k and i >= max(1, repeats // 5):
                continue  # an ensemble repeat is `chunk` runs: a few suffice
            t = time.perf_counter()
            fn(i)
            times[k].append((time.perf_counter() - t) / (chunk if "ensemble" in k else 1))
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"scenario {off.id}, attention off vs on, {repeats} repeats (medians)")
    for k, v in med.items():
        print(f"  {k:36s} {v * 1e3:9.2f} ms")
    for k in ("lean engine, one run", "reference engine", f"ensemble of {chunk}, per run"):
        print(f"  {k}: on / off = {med[k + ', on'] / med[k + ', off']:.2f}x")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", action="append", help="scenario id (repeatable)")
    ap.add_argument("--repeats", type=int, default=30)
    ap.add_argument("--chunk", type=int, default=None, help="runs per ensemble (default: lockstep_size)")
    ap.add_argument("--attention", action="store_true", help="time the attention mechanism off against on")
    args = ap.parse_args()
    for name in args.scenario or ["rafah", "campaign_2024"]:
        (bench_attention if args.attention else bench)(name, args.repeats, args.chunk)
    return 0


if __name__ == "__main__":
    sys.exit(main())
