"""Paired comparison of a factual and a counterfactual arm over the same seeds.

Core objects: `Comparison` and `compare`. The factual arm replays the record up to the branch
date and plays freely after it, with only the counterfactual's `shared` interventions; the
counterfactual arm adds its own interventions. Both arms run on the same seeds, so every
random draw is shared (common random numbers) and the per-seed difference isolates the
intervention. The confidence interval of the mean paired difference is a percentile bootstrap
drawn from a generator seeded by the caller.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from negotiation_sim.api import ensembles, prepare
from negotiation_sim.model.intervention import Counterfactual, build_counterfactual
from negotiation_sim.scenario.schema import Scenario

__all__ = ["Comparison", "compare"]


@dataclass
class Comparison:
    """Per-outcome distributions of both arms, the mean paired difference and its CI."""

    scenario_id: str
    label: str
    seeds: int
    level: float
    factual: pd.DataFrame  # one row per seed, one column per outcome
    counterfactual: pd.DataFrame
    table: pd.DataFrame
    expectations: pd.DataFrame  # one row per declared Expectation: outcome, direction, by, difference, held

    @property
    def expectations_hold(self) -> bool:
        """Whether every direction the counterfactual declares agrees with the paired difference."""
        return bool(self.expectations.held.all())

    def lines(self) -> list[str]:
        pct = int(round(self.level * 100))
        out = [f"Paired comparison on {self.scenario_id}: {self.label}, {self.seeds} seeds "
               f"(same seeds in both arms)", "",
               f"{'outcome':<34}{'factual':>18}{'counterfactual':>18}{'difference':>12}"
               f"{f'{pct}% CI':>20}{'n':>5}"]
        for _, r in self.table.iterrows():
            f = f"{r.factual_mean:.3f} ({r.factual_std:.3f})"
            c = f"{r.cf_mean:.3f} ({r.cf_std:.3f})"
            ci = f"[{r.ci_low:.3f}, {r.ci_high:.3f}]"
            out.append(f"{r.outcome:<34}{f:>18}{c:>18}{r.difference:>12.3f}{ci:>20}{int(r.n):>5}")
        out += ["", "factual/counterfactual: mean (std) over seeds; difference: mean of the per-seed "
                "differences (counterfactual - factual) over seeds where both are defined"]
        if len(self.expectations):
            out += ["", "What the mechanism implies (declared in the scenario's counterfactual):"]
            for _, e in self.expectations.iterrows():
                verdict = "holds" if e.held else "DOES NOT HOLD"
                out.append(f"  {e.outcome} {e.direction.replace('_', ' ')} (margin {e.by:g}): "
                           f"difference {e.difference:+.3f}, {verdict}")
        return out


def _bootstrap(d: np.ndarray, level: float, rng: np.random.Generator, n: int = 2000) -> tuple[float, float]:
    if d.size == 0:
        return math.nan, math.nan
    means = d[rng.integers(0, d.size, (n, d.size))].mean(axis=1)
    a = (1 - level) / 2
    return float(np.quantile(means, a)), float(np.quantile(means, 1 - a))


def _outcomes(sc: Scenario, cf: Counterfactual, seeds: list[int]) -> pd.DataFrame:
    """Declared outcomes per seed of one arm, the seeds run in lockstep (`lockstep_size` at a time)."""
    rows = [res.outcomes(r) for res in ensembles(sc, seeds, intervention=cf) for r in range(res.n_runs)]
    return pd.DataFrame(rows, index=seeds)


def compare(scenario: Scenario | str, intervention: str | list[str], seeds: int | Iterable[int] = 100,
            branch=None, level: float = 0.95, ci_seed: int = 0) -> Comparison:
    """Run both arms on the same seeds and contrast every declared outcome."""
    sc = prepare(scenario)
    cf = build_counterfactual(sc, intervention, branch)
    declared = [sc.counterfactuals[n] for n in ([intervention] if isinstance(intervention, str)
                                                else intervention) if n in sc.counterfactuals]
    shared = tuple(iv for c in declared for iv in c.shared)
    factual = Counterfactual(branch=cf.branch, interventions=shared, name="factual")
    seed_list = list(range(seeds)) if isinstance(seeds, int) else list(seeds)
    f = _outcomes(sc, factual, seed_list)
    c = _outcomes(sc, cf, seed_list)
    rng = np.random.default_rng(ci_seed)
    rows = []
    for k in f.columns:
        d = (c[k] - f[k]).dropna().to_numpy(dtype=float)
        lo, hi = _bootstrap(d, level, rng)
        rows.append({"outcome": k, "factual_mean": f[k].mean(), "factual_std": f[k].std(ddof=0),
                     "cf_mean": c[k].mean(), "cf_std": c[k].std(ddof=0),
                     "difference": float(d.mean()) if d.size else math.nan,
                     "ci_low": lo, "ci_high": hi, "n": d.size})
    table = pd.DataFrame(rows)
    diff = dict(zip(table.outcome, table.difference))
    expect = pd.DataFrame(
        [{"outcome": e.outcome, "direction": e.direction, "by": e.by, "difference": diff[e.outcome],
          "held": e.holds(diff[e.outcome])} for c in declared for e in c.expect],
        columns=["outcome", "direction", "by", "difference", "held"])
    return Comparison(sc.id, cf.label, len(seed_list), level, f, c, table, expect)
