"""The Python API for scripts: load a scenario, run it, get a `RunResult`.

Core function: `run`. Data flows one way: scenario file -> validated
`Scenario` -> `NegotiationModel` -> `RunResult`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path

import mesa

from negotiation_sim.model.intervention import Counterfactual, build_counterfactual
from negotiation_sim.model.model import Mode, NegotiationModel
from negotiation_sim.model.outcomes import METRICS, compute_outcomes
from negotiation_sim.model.result import RunResult
from negotiation_sim.scenario.loader import load_scenario, scenario_hash
from negotiation_sim.scenario.params import apply_params, check_params
from negotiation_sim.scenario.schema import Scenario

__all__ = ["run", "build_model", "prepare", "release"]

MODES = ("replay", "free", "counterfactual")


def prepare(scenario: Scenario | str | Path, params: Mapping[str, float] | None = None,
            source: str = "command line") -> Scenario:
    """Load (if named) and apply checked parameters."""
    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    params = dict(params or {})
    check_params(sc, params, source)
    return apply_params(sc, params)


def build_model(scenario: Scenario, mode: Mode = "free", seed: int | None = 0,
                counterfactual: Counterfactual | None = None, rule: str = "lookahead_qr"
                ) -> NegotiationModel:
    """A ready-to-step `NegotiationModel` (for step-by-step use, e.g. the classroom app)."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
    return NegotiationModel(scenario, mode=mode, seed=seed, counterfactual=counterfactual, rule=rule)


def run(scenario: Scenario | str | Path, mode: Mode = "free", seed: int | None = 0,
        params: Mapping[str, float] | None = None,
        intervention: Counterfactual | str | Sequence[str] | None = None,
        branch: dt.date | None = None, until: dt.date | None = None,
        rule: str = "lookahead_qr", engine: str = "reference") -> RunResult:
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
        engine: "reference" (the Mesa model, `NegotiationModel`).
    """
    if engine != "reference":
        raise ValueError(f"engine must be 'reference', got {engine!r}")
    sc = prepare(scenario, params)
    cf = intervention if isinstance(intervention, Counterfactual) else build_counterfactual(
        sc, intervention, branch)
    if cf is not None and mode != "counterfactual":
        mode = "counterfactual"
    if mode == "counterfactual" and cf is None:
        cf = Counterfactual(branch=branch or sc.calendar.start)
    model = build_model(sc, mode, seed, cf, rule)
    last = model.calendar.n_ticks if until is None else model.calendar.tick_of(until)
    while model.running and model.steps < last:
        model.step()
    result = RunResult(
        scenario_id=sc.id,
        mode=mode,
        seed=seed,
        params=dict(params or {}),
        intervention=cf.label if cf else "",
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
        decision_records=model.decisions,
        record=list(sc.record),
    )
    release(model)
    return result


def release(model: NegotiationModel) -> None:
    """Drop Mesa's class-level reference to a finished model.

    Mesa 3.3 keeps every model that created agents in `mesa.Agent._ids` for
    the life of the process; without this, a long sweep's memory grows with
    every run (see docs/experiments.md).
    """
    mesa.Agent._ids.pop(model, None)
