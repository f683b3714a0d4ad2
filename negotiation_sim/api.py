"""The Python API for scripts: load a scenario, run it, get a `RunResult`.

Core functions: `run` (one run) and `ensemble` (many seeds and parameter points in
lockstep). Data flows one way: scenario file -> validated `Scenario` -> model (the array
engine, or the Mesa `NegotiationModel`) -> `RunResult` / `EnsembleResult`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path

import mesa

from negotiation_sim.model.calendar import Calendar
from negotiation_sim.model.decision import RuleLike
from negotiation_sim.model.ensemble import Ensemble, lockstep_size
from negotiation_sim.model.ensemble_result import EnsembleResult
from negotiation_sim.model.intervention import Counterfactual, build_counterfactual
from negotiation_sim.model.model import Mode, NegotiationModel
from negotiation_sim.model.outcomes import METRICS, compute_outcomes
from negotiation_sim.model.result import RunResult
from negotiation_sim.scenario.loader import load_scenario, scenario_hash
from negotiation_sim.scenario.params import apply_params, check_params
from negotiation_sim.scenario.schema import Scenario

__all__ = ["run", "ensemble", "ensembles", "build_model", "prepare", "release", "collect_result"]

MODES = ("replay", "free", "counterfactual")


def prepare(scenario: Scenario | str | Path, params: Mapping[str, float] | None = None,
            source: str = "command line") -> Scenario:
    """Load (if named) and apply checked parameters."""
    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    params = dict(params or {})
    check_params(sc, params, source)
    return apply_params(sc, params)


def build_model(scenario: Scenario, mode: Mode = "free", seed: int | None = 0,
                counterfactual: Counterfactual | None = None, rule: RuleLike = "lookahead_qr"
                ) -> NegotiationModel:
    """A ready-to-step `NegotiationModel` (for step-by-step use, e.g. the classroom app)."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
    return NegotiationModel(scenario, mode=mode, seed=seed, counterfactual=counterfactual, rule=rule)


def _counterfactual(sc: Scenario, mode: str, intervention, branch) -> tuple[str, Counterfactual | None]:
    cf = intervention if isinstance(intervention, Counterfactual) else build_counterfactual(
        sc, intervention, branch)
    if cf is not None and mode != "counterfactual":
        mode = "counterfactual"
    if mode == "counterfactual" and cf is None:
        cf = Counterfactual(branch=branch or sc.calendar.start)
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
    return mode, cf


def _last_tick(sc: Scenario, until: dt.date | None) -> int:
    cal = Calendar(sc.calendar.start, sc.calendar.end, sc.calendar.tick_days)
    return cal.n_ticks if until is None else min(cal.tick_of(until), cal.n_ticks)


def run(scenario: Scenario | str | Path, mode: Mode = "free", seed: int | None = 0,
        params: Mapping[str, float] | None = None,
        intervention: Counterfactual | str | Sequence[str] | None = None,
        branch: dt.date | None = None, until: dt.date | None = None,
        rule: RuleLike = "lookahead_qr", engine: str = "lean") -> RunResult:
    """Run a scenario once.

    Args:
        scenario: A `Scenario`, a built-in id (``"rafah"``) or a path to a YAML file.
        mode: "replay", "free" or "counterfactual".
        seed: Seed of the model's random generator.
        params: Declared parameter names to values.
        intervention: A `Counterfactual`, a declared counterfactual's name, or
            intervention strings (see `negotiation_sim.model.intervention`).
            Giving one implies counterfactual mode.
        branch: Branch date for intervention strings (default: the earliest date they name).
        until: Stop after the tick holding this date.
        rule: Decision rule name.
        engine: "lean" (the default: the array engine, `negotiation_sim.model.ensemble`, with
            one run) or "reference" (the Mesa model, `NegotiationModel`, stepped tick by tick).
            Both give the same result (tests/model/test_golden.py, test_ensemble.py).
    """
    if engine not in ("lean", "reference"):
        raise ValueError(f"engine must be 'lean' or 'reference', got {engine!r}")
    sc = prepare(scenario, params)
    mode, cf = _counterfactual(sc, mode, intervention, branch)
    last = _last_tick(sc, until)
    if engine == "lean":
        ens = Ensemble(sc, [(seed, {})], mode=mode, counterfactual=cf, rule=rule, keep_decisions=True)
        result = ens.run(until=last).result(0, intervention=cf.label if cf else "")
        result.params = dict(params or {})
        return result
    model = build_model(sc, mode, seed, cf, rule)
    while model.running and model.steps < last:
        model.step()
    result = collect_result(model, mode, params, cf.label if cf else "")
    release(model)
    return result


def collect_result(model: NegotiationModel, mode: str, params: Mapping[str, float] | None = None,
                   intervention: str = "", last_tick: int | None = None) -> RunResult:
    """The `RunResult` of a model stepped so far (decisions after `last_tick` left out)."""
    sc = model.scenario
    decisions = model.decisions if last_tick is None else [d for d in model.decisions if d.tick <= last_tick]
    return RunResult(
        scenario_id=sc.id,
        mode=mode,
        seed=model.seed,
        params=dict(params or {}),
        intervention=intervention,
        scenario_hash=scenario_hash(sc),
        calendar=model.calendar,
        outcomes=compute_outcomes(model),
        outcome_kinds={k: METRICS[o.metric].kind for k, o in sc.outcomes.items()},
        columns=list(model.ix.layout.names),
        states=model.history(),
        trust_slots=model.ix.trust_slots,
        belief_names=[f"belief.{a}.{o}.resolve" for a, o in model.belief_pairs],
        beliefs=model.datacollector.model_vars["beliefs"],
        move_records=model.moves,
        decision_records=decisions,
        record=list(sc.record),
    )


def ensemble(scenario: Scenario | str | Path, seeds: Iterable[int | None] | None = None, *,
             runs: Sequence[tuple[int | None, Mapping[str, float]]] | None = None,
             params: Mapping[str, float] | None = None, mode: Mode = "free",
             intervention: Counterfactual | str | Sequence[str] | None = None,
             branch: dt.date | None = None, until: dt.date | None = None,
             rule: RuleLike = "lookahead_qr", keep_decisions: bool = False) -> EnsembleResult:
    """Run many seeds and parameter points of a scenario together, in lockstep.

    Each run gives what `run` gives for its seed and parameters (`EnsembleResult.result(i)`
    is that `RunResult`); sweeps, fidelity and validation use this for speed. All the runs go
    through one ensemble, whose memory grows with their number: for thousands of seeds use
    `ensembles`, or a sweep (`negotiation_sim.experiments`).

    Args:
        scenario: A `Scenario`, a built-in id or a path.
        seeds: Seeds, all run at `params` (default: ``range(10)`` when `runs` is not given).
        runs: Instead of `seeds`: (seed, parameters) per run, parameters by declared name or path.
        params: Parameters shared by every run (applied before each run's own).
        mode, intervention, branch, until, rule: As for `run` (one for all runs).
        keep_decisions: Keep every decision (`EnsembleResult.tables`, `.probability_of`,
            `.decision_records`); the replay log score needs them, sweeps do not.
    """
    sc = prepare(scenario, params)
    if runs is None:
        runs = [(s, {}) for s in (range(10) if seeds is None else seeds)]
    for point in {tuple(sorted((p or {}).items())) for _, p in runs}:
        check_params(sc, dict(point), "runs")
    mode, cf = _counterfactual(sc, mode, intervention, branch)
    ens = Ensemble(sc, list(runs), mode=mode, counterfactual=cf, rule=rule, keep_decisions=keep_decisions)
    return ens.run(until=_last_tick(sc, until))


def ensembles(scenario: Scenario | str | Path, seeds: Sequence[int | None], *,
              params: Mapping[str, float] | None = None, **options) -> Iterator[EnsembleResult]:
    """`ensemble` over `seeds` a batch at a time, in seed order, each batch of the scenario's
    `lockstep_size` (the fastest size per run; memory stays flat). `options` as for `ensemble`."""
    sc = prepare(scenario, params)
    size = lockstep_size(sc)
    for k in range(0, len(seeds), size):
        yield ensemble(sc, seeds[k:k + size], **options)


def release(model: NegotiationModel) -> None:
    """Drop Mesa's class-level reference to a finished model.

    Mesa 3.3 keeps every model that created agents in `mesa.Agent._ids` for
    the life of the process; without this, a long sweep's memory grows with
    every run (see docs/experiments.md).
    """
    mesa.Agent._ids.pop(model, None)
