"""Validate a scenario: the model's proper scores, the null rules' scores, and skill with CIs.

Core objects: `validate` and `ValidationReport`. For one scenario with a record it computes,
for the model's rule and each null rule (uniform, never wait, base rate), on the same files
and events:

- the replay log score (`replay_score`), per observation, for move and wait observations apart;
- free-play precision, recall, F1 and order agreement (`matching`), over seeds;
- Brier and CRPS scores of the outcomes with a declared historical value (`outcome_scores`).

Skill is the model's improvement over the best null on each score (positive is better: a higher
log score or F1, a lower Brier or CRPS), with a 95% paired bootstrap interval: over observations
for the log score, over seeds for the rest. Optionally the whole comparison is repeated with
every modelled event moved by a number of days, to show how much the scores rest on them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import partial

import numpy as np
import pandas as pd

from negotiation_sim.api import ensembles, prepare
from negotiation_sim.model.nulls import BaseRateRule, BaseRates
from negotiation_sim.scenario.schema import Scenario
from negotiation_sim.validation.baselines import base_rates, reference_episodes
from negotiation_sim.validation.matching import RunMatch, match_run
from negotiation_sim.validation.outcome_scores import OutcomeTruth, brier, censored_days, crps, truths
from negotiation_sim.validation.replay_score import ReplayScore, replay_log_score
from negotiation_sim.validation.stats import BOOTSTRAP, Estimate, mean_ci, paired_ci

__all__ = ["validate", "ValidationReport", "RuleScores", "MODEL_RULE", "shift_modelled_events"]

MODEL_RULE = "lookahead_qr"
NULLS = ("uniform", "never_wait", "base_rate")


@dataclass
class RuleScores:
    """Everything one rule scored on one scenario."""

    rule: str
    replay: ReplayScore
    matches: list[RunMatch] = field(default_factory=list)
    outcomes: dict[str, np.ndarray] = field(default_factory=dict)  # outcome -> value per seed

    def f1(self) -> np.ndarray:
        return np.array([m.f1 for m in self.matches])

    def precision(self) -> np.ndarray:
        return np.array([m.precision for m in self.matches])

    def recall(self) -> np.ndarray:
        return np.array([m.recall for m in self.matches])

    def tau(self) -> np.ndarray:
        return np.array([m.tau for m in self.matches])


def _rule_factory(name: str, rates: BaseRates) -> str | Callable:
    return partial(BaseRateRule, rates=rates) if name == "base_rate" else name


def _free_batch(sc: Scenario, rule, seeds: Sequence[int], tolerance: int
                ) -> list[tuple[RunMatch, dict[str, float]]]:
    recorded = [((e.actor, e.move, e.target), (e.date - sc.calendar.start).days) for e in sc.record]
    free = sc.model_copy(update={"record": []})  # free play never sees the record
    out = []
    for res in ensembles(free, list(seeds), mode="free", rule=rule):  # in lockstep, a batch at a time
        for r in range(res.n_runs):
            made = [((m.actor, m.move, m.target), m.day) for m in res.made(r)]
            out.append((match_run(made, recorded, tolerance), res.outcomes(r)))
    return out


#: Seeds per rule from which free play is spread over processes. Below it one process is faster:
#: each worker pays its imports (about 2.5 s of CPU) once per scoring, while an ensemble plays a
#: Rafah seed of the four rules in about 5 ms. Measured with `negotiation-sim validate rafah` (three
#: scorings): 100 seeds took 7.0 s in one process and 13.0 s with two; 1,000 seeds 21.4 and 21.8 s.
POOL_MIN_SEEDS = 2000


def _free_play(sc: Scenario, rules: Mapping[str, object], seeds: Sequence[int], tolerance: int,
               workers: int) -> dict[str, list[tuple[RunMatch, dict[str, float]]]]:
    if len(seeds) < POOL_MIN_SEEDS:
        workers = 1  # the same results (seeded runs), sooner: see POOL_MIN_SEEDS
    chunks = [list(seeds[i::workers]) for i in range(workers)] if workers > 1 else [list(seeds)]
    if workers <= 1:
        return {name: _free_batch(sc, rule, seeds, tolerance) for name, rule in rules.items()}
    out: dict[str, list] = {}
    with ProcessPoolExecutor(workers) as pool:
        futures = {name: [pool.submit(_free_batch, sc, rule, c, tolerance) for c in chunks]
                   for name, rule in rules.items()}
        for name, fs in futures.items():
            parts = [f.result() for f in fs]
            # chunks interleave the seeds; put results back in seed order
            merged: list = [None] * len(seeds)
            for k, part in enumerate(parts):
                merged[k::workers] = part
            out[name] = merged
    return out


def shift_modelled_events(sc: Scenario, days: int) -> Scenario:
    """The scenario with every event marked modelled or fitted moved by `days` (kept in the calendar)."""
    events = []
    for e in sc.events:
        if e.sourced in ("modelled", "fitted"):
            d = min(max(e.date + dt.timedelta(days=days), sc.calendar.start), sc.calendar.end)
            e = e.model_copy(update={"date": d})
        events.append(e)
    return sc.model_copy(update={"events": events})


@dataclass
class ValidationReport:
    """Scores of the model and the null rules on one scenario, and the model's skill."""

    scenario_id: str
    seeds: int
    tolerance_days: int
    truths: list[OutcomeTruth]
    rules: dict[str, RuleScores]
    horizon: tuple[dt.date, dt.date, int]
    base_rates: BaseRates
    base_rates_out_of_sample: bool
    shifted: dict[int, ValidationReport] = field(default_factory=dict)

    # -- per-rule scores ------------------------------------------------------------------
    def log_score(self, rule: str, kind: str | None = None) -> Estimate:
        rows = self.rules[rule].replay.rows
        if kind is not None:
            rows = rows[rows.kind == kind]
        return mean_ci(rows.logp.to_numpy())

    def free(self, rule: str, what: str) -> Estimate:
        return mean_ci(getattr(self.rules[rule], what)())

    def _outcome_scores(self, rule: str, idx: np.ndarray | None = None) -> tuple[float, float]:
        from negotiation_sim.model.calendar import Calendar

        cal = Calendar(*self.horizon)
        b, c = [], []
        for t in self.truths:
            v = self.rules[rule].outcomes[t.name]
            v = v if idx is None else v[idx]
            if t.kind == "flag":
                b.append(brier(v, t.value))
            else:
                c.append(crps(censored_days(v, cal), t.value))
        return (float(np.mean(b)) if b else float("nan"), float(np.mean(c)) if c else float("nan"))

    def brier(self, rule: str) -> float:
        return self._outcome_scores(rule)[0]

    def crps(self, rule: str) -> float:
        return self._outcome_scores(rule)[1]

    # -- skill over the best null ---------------------------------------------------------
    def best_null(self, metric: str) -> str:
        """The null rule with the best point score on `metric` (ties: the first listed)."""
        nulls = [r for r in self.rules if r != MODEL_RULE]
        if metric in ("log", "log_move", "log_wait"):
            kind = {"log": None, "log_move": "move", "log_wait": "wait"}[metric]
            return max(nulls, key=lambda r: _nan_low(self.log_score(r, kind).mean))
        if metric in ("f1", "precision", "recall"):
            return max(nulls, key=lambda r: _nan_low(self.free(r, metric).mean))
        i = 0 if metric == "brier" else 1
        return min(nulls, key=lambda r: _nan_high(self._outcome_scores(r)[i]))

    def skill(self, metric: str, null: str | None = None) -> Estimate:
        """The model's improvement on `metric` over `null` (default: the best null), with a CI."""
        null = null or self.best_null(metric)
        if metric in ("log", "log_move", "log_wait"):
            kind = {"log": None, "log_move": "move", "log_wait": "wait"}[metric]
            a, b = self.rules[MODEL_RULE].replay.rows, self.rules[null].replay.rows
            if kind is not None:
                a, b = a[a.kind == kind], b[b.kind == kind]
            return paired_ci(a.logp.to_numpy(), b.logp.to_numpy())
        if metric in ("f1", "precision", "recall"):
            return paired_ci(getattr(self.rules[MODEL_RULE], metric)(), getattr(self.rules[null], metric)())
        i = 0 if metric == "brier" else 1
        point = self._outcome_scores(null)[i] - self._outcome_scores(MODEL_RULE)[i]
        if point != point:
            return Estimate(float("nan"), float("nan"), float("nan"), 0)
        rng = np.random.default_rng(0)
        diffs = np.empty(BOOTSTRAP)
        for k in range(BOOTSTRAP):
            idx = rng.integers(0, self.seeds, self.seeds)
            diffs[k] = self._outcome_scores(null, idx)[i] - self._outcome_scores(MODEL_RULE, idx)[i]
        lo, hi = np.quantile(diffs, [0.025, 0.975])
        return Estimate(point, float(lo), float(hi), self.seeds)

    # -- tables ---------------------------------------------------------------------------
    def table(self) -> pd.DataFrame:
        """One row per rule: every score (point values)."""
        rows = []
        for name in self.rules:
            rows.append({
                "rule": name,
                "log": self.log_score(name).mean,
                "log_move": self.log_score(name, "move").mean,
                "log_wait": self.log_score(name, "wait").mean,
                "impossible": self.rules[name].replay.impossible,
                "precision": self.free(name, "precision").mean,
                "recall": self.free(name, "recall").mean,
                "f1": self.free(name, "f1").mean,
                "tau": self.free(name, "tau").mean,
                "brier": self.brier(name),
                "crps": self.crps(name),
            })
        return pd.DataFrame(rows)

    def skills(self) -> dict[str, tuple[str, Estimate]]:
        """Skill over the best null for each score: metric -> (that null, estimate)."""
        out = {}
        for metric in ("log", "log_move", "log_wait", "precision", "recall", "f1", "brier", "crps"):
            null = self.best_null(metric)
            out[metric] = (null, self.skill(metric, null))
        return out

    def lines(self) -> list[str]:
        """The report as text lines (what `negotiation-sim validate` prints)."""
        rep = self.replay_summary()
        out = [f"Validation of {self.scenario_id}: replay log score on {rep['observations']} "
               f"observations ({rep['moves']} recorded moves, {rep['waits']} waits); free play "
               f"over {self.seeds} seeds, tolerance +/- {self.tolerance_days} days", ""]
        header = (f"{'rule':<13}{'log':>7}{'move':>7}{'wait':>7}{'illegal':>8}{'prec':>7}{'recall':>7}"
                  f"{'F1':>7}{'tau':>7}{'Brier':>7}{'CRPS':>7}")
        out.append(header)
        for _, r in self.table().iterrows():
            out.append(f"{r.rule:<13}{_f(r.log)}{_f(r.log_move)}{_f(r.log_wait)}{r.impossible:>8d}"
                       f"{_f(r.precision)}{_f(r.recall)}{_f(r.f1)}{_f(r.tau)}{_f(r.brier)}{_f(r.crps, 1)}")
        out += ["", "skill of the model over the best null (positive = better; 95% bootstrap CI):"]
        for metric, (null, est) in self.skills().items():
            label = {"log": "log score per observation", "log_move": "  on recorded moves",
                     "log_wait": "  on waits", "precision": "free-play precision",
                     "recall": "free-play recall", "f1": "free-play F1", "brier": "Brier (flags)",
                     "crps": "CRPS (days)"}[metric]
            digits = "+.1f" if metric == "crps" else "+.2f"
            verdict = "" if est.n == 0 else ("  beats it" if est.lo > 0 else
                                             ("  worse" if est.hi < 0 else "  no clear difference"))
            out.append(f"  {label:<27} {format(est, digits):<26} vs {null}{verdict}")
        if self.truths:
            out += ["", "outcomes scored against history: " + ", ".join(
                f"{t.name} ({'Brier' if t.kind == 'flag' else 'CRPS'})" for t in self.truths)]
        src = ", ".join(self.base_rates.source) or "none"
        out.append(f"base rates from: {src}" + ("" if self.base_rates_out_of_sample
                                               else " (in sample: no other episode is left)"))
        for days, rep_s in sorted(self.shifted.items()):
            log = rep_s.skill("log")
            f1 = rep_s.skill("f1")
            out.append(f"modelled events moved {days:+d} days: log-score skill {log:+.2f}, "
                       f"F1 skill {f1:+.2f} (model F1 {rep_s.free(MODEL_RULE, 'f1').mean:.2f})")
        return out

    def replay_summary(self) -> dict[str, int]:
        rows = self.rules[MODEL_RULE].replay.rows
        return {"observations": len(rows), "moves": int((rows.kind == "move").sum()),
                "waits": int((rows.kind == "wait").sum())}


def _f(v: float, digits: int = 2) -> str:
    return f"{'n/a':>7}" if v != v else f"{v:>7.{digits}f}"


def _nan_low(v: float) -> float:
    return -np.inf if v != v else v


def _nan_high(v: float) -> float:
    return np.inf if v != v else v


def with_fitted(sc: Scenario, values: Mapping[str, float]) -> Scenario:
    """`sc` with fitted values (by path) set wherever their path exists in it."""
    from negotiation_sim.scenario.params import apply_params, resolve_path

    keep = {}
    for path, v in values.items():
        try:
            resolve_path(sc, path)
        except KeyError:
            continue  # a personality of an actor this scenario does not have
        keep[path] = v
    return apply_params(sc, keep)


def validate(scenario: Scenario | str, seeds: int = 100, params: Mapping[str, float] | None = None,
             tolerance_days: int | None = None, shifts: Sequence[int] = (),
             workers: int = 1, references: list[Scenario] | None = None,
             fitted: Mapping[str, float] | None = None, after: dt.date | None = None
             ) -> ValidationReport:
    """Score the model and the null rules on a scenario's record.

    Args:
        scenario: A `Scenario` or a built-in id / path.
        seeds: Free-play seeds 0..seeds-1 per rule.
        params: Declared parameter names to values.
        tolerance_days: Matching tolerance (default: the scenario's fidelity tolerance).
        shifts: Also score with every modelled event moved by each of these days.
        workers: Processes for free play, used from `POOL_MIN_SEEDS` seeds (below that one
            process is faster; the results are the same either way).
        references: Episodes for the base-rate null (default: `reference_episodes`).
        fitted: Values by path from a fit (`negotiation-sim calibrate`), e.g. one that left this
            scenario out; applied before `params`.
        after: Score the replay log score only on observations after this date (a temporal
            split's test part); free play still runs from the start.
    """
    sc = prepare(scenario, None)
    if fitted:
        sc = with_fitted(sc, fitted)
    sc = prepare(sc, params)
    if not sc.record:
        from negotiation_sim.errors import ScenarioError

        raise ScenarioError(sc.id, "record", "a historical record to validate against (none declared)")
    refs, out_of_sample = reference_episodes(sc, references)
    rates = base_rates(refs)
    rep = _score(sc, seeds, tolerance_days, workers, rates, out_of_sample, after)
    for days in shifts:
        rep.shifted[days] = _score(shift_modelled_events(sc, days), seeds, tolerance_days, workers,
                                   rates, out_of_sample, after)
    return rep


def _score(sc: Scenario, seeds: int, tolerance_days: int | None, workers: int, rates: BaseRates,
           out_of_sample: bool, after: dt.date | None = None) -> ValidationReport:
    tol = sc.fidelity.tolerance_days if tolerance_days is None else tolerance_days
    names = (MODEL_RULE, *NULLS)
    rules = {n: _rule_factory(n, rates) for n in names}
    scores = {n: RuleScores(n, replay_log_score(sc, rules[n], rule_name=n)) for n in names}
    if after is not None:
        for r in scores.values():
            rows = r.replay.rows
            r.replay.rows = rows[[d > after for d in rows.date]].reset_index(drop=True)
    free = _free_play(sc, rules, list(range(seeds)), tol, workers) if seeds > 0 else {}
    tr = truths(sc)
    for n, results in free.items():
        scores[n].matches = [m for m, _ in results]
        scores[n].outcomes = {t.name: np.array([o.get(t.name, np.nan) for _, o in results]) for t in tr}
    cal = sc.calendar
    return ValidationReport(sc.id, seeds, tol, tr, scores, (cal.start, cal.end, cal.tick_days),
                            rates, out_of_sample)
