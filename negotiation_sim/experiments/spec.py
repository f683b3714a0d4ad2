"""The experiment specification: what to sweep, how often, and what to keep.

Core objects: `ExperimentSpec` (the validated file), `load_spec` (read a YAML
file) and `check_spec` (cross-check a spec against its scenario). Every
mistake is raised as one `UserError` naming the file and the field path, e.g.
``study.yaml: design.parameters.us_resolve.range: expected ...``.

A spec file looks like::

    name: rafah_leverage
    scenario: rafah              # built-in id, or a path relative to this file
    mode: free                   # free | replay | counterfactual
    seed: 20240506               # the experiment seed (all run seeds derive from it)
    counterfactual:              # counterfactual mode only
      branch: 2024-04-15         # optional; default: the earliest date the arms name
      arms:                      # each arm is paired with the factual run on the same seed
        no_hold: [no_hold]
    design:
      method: grid               # grid | lhs | saltelli
      parameters:
        us_shell_supply: {levels: 3}             # grid over the declared range
        israel_resolve: {values: [0.3, 0.6, 0.9]}
      samples: 64                # lhs / saltelli base sample size
      fixed: {us_rationality: 8.0}
    replications: 3
    outcomes: [entered, entry_day, entry_scope]
    timeseries: {columns: [strain, trust]}       # optional
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationInfo, ValidationError, field_validator, model_validator

from negotiation_sim.errors import UserError
from negotiation_sim.scenario._base import Strict as _Strict  # finite numbers within bounds
from negotiation_sim.scenario.loader import read_yaml
from negotiation_sim.scenario.schema import Scenario

__all__ = ["ExperimentSpec", "DesignSpec", "ParameterAxis", "CounterfactualArms", "TimeseriesSpec",
           "load_spec", "parse_spec", "check_spec", "spec_hash", "FACTUAL", "RESERVED_COLUMNS"]

FACTUAL = "factual"
RESERVED_COLUMNS = ("run_id", "point", "replicate", "arm", "seed", "status", "error")




class ParameterAxis(_Strict):
    """How one parameter varies: explicit values, or a range (default: the declared range)."""

    values: list[float] | None = Field(None, min_length=1)
    range: tuple[float, float] | None = None
    levels: int | None = Field(None, ge=1, le=10_000, description="grid points over the range")

    @model_validator(mode="after")
    def _one_way(self) -> ParameterAxis:
        if self.values is not None and (self.range is not None or self.levels is not None):
            raise ValueError("give either values, or range and/or levels, not both")
        if self.range is not None and self.range[1] < self.range[0]:
            raise ValueError("range must be [low, high] with low <= high")
        return self


class DesignSpec(_Strict):
    """The parameter design: full grid, Latin hypercube or Saltelli (for Sobol indices)."""

    method: Literal["grid", "lhs", "saltelli"] = "grid"
    parameters: dict[str, ParameterAxis] = Field(default_factory=dict, validate_default=True)
    samples: int | None = Field(None, ge=1, le=10_000_000, validate_default=True,
                                description="base sample size for lhs and saltelli")
    second_order: bool = False
    fixed: dict[str, float] = Field(default_factory=dict)

    @field_validator("parameters")
    @classmethod
    def _method_parameters(cls, params: dict[str, ParameterAxis], info: ValidationInfo
                           ) -> dict[str, ParameterAxis]:
        method = info.data.get("method")
        if method == "saltelli" and len(params) < 2:
            raise ValueError("at least two parameters for method saltelli")
        if method in ("lhs", "saltelli") and any(a.values is not None or a.levels is not None
                                                 for a in params.values()):
            raise ValueError(f"ranges, not values or levels: method {method} samples ranges")
        return params

    @field_validator("samples")
    @classmethod
    def _method_samples(cls, samples: int | None, info: ValidationInfo) -> int | None:
        method = info.data.get("method")
        if method in ("lhs", "saltelli") and samples is None:
            raise ValueError(f"a base sample size (method {method} needs samples)")
        return samples


class CounterfactualArms(_Strict):
    """Counterfactual arms: name to intervention strings or declared counterfactual names."""

    branch: dt.date | None = None
    arms: dict[str, list[str]] = Field(min_length=1)

    @field_validator("arms")
    @classmethod
    def _names(cls, arms: dict[str, list[str]]) -> dict[str, list[str]]:
        if FACTUAL in arms:
            raise ValueError(f"an arm name other than {FACTUAL!r} (reserved for the paired factual runs)")
        if any(not items for items in arms.values()):
            raise ValueError("at least one intervention in every arm")
        return arms


class TimeseriesSpec(_Strict):
    """State columns to keep per tick (see `RunResult.timeline`)."""

    columns: list[str] = Field(min_length=1)
    every: int = Field(1, ge=1, le=100_000, description="keep every n-th tick")

    @field_validator("columns")
    @classmethod
    def _once(cls, columns: list[str]) -> list[str]:
        if len(set(columns)) != len(columns):
            raise ValueError("each column once")
        return columns


class ExperimentSpec(_Strict):
    """A validated experiment file."""

    name: str = Field(pattern=r"^[A-Za-z0-9_.-]+$")
    description: str = ""
    scenario: str
    mode: Literal["free", "replay", "counterfactual"] = "free"
    seed: int = Field(0, ge=0, le=2**63 - 1)
    counterfactual: CounterfactualArms | None = Field(None, validate_default=True)
    design: DesignSpec = Field(default_factory=DesignSpec)
    replications: int = Field(1, ge=1, le=1_000_000)
    outcomes: list[str] = Field(min_length=1)
    timeseries: TimeseriesSpec | None = None
    chunk_size: int | None = Field(None, ge=1, le=100_000, description=(
        "runs per task sent to a worker (default: the scenario's lockstep size times the arms)"))

    @field_validator("counterfactual")
    @classmethod
    def _mode(cls, cf: CounterfactualArms | None, info: ValidationInfo) -> CounterfactualArms | None:
        mode = info.data.get("mode")  # absent when mode itself failed: reported there
        if mode == "counterfactual" and cf is None:
            raise ValueError("a counterfactual section with arms (mode is counterfactual)")
        if mode in ("free", "replay") and cf is not None:
            raise ValueError(f"no counterfactual section with mode {mode} (or set mode: counterfactual)")
        return cf

    @field_validator("outcomes")
    @classmethod
    def _outcomes_once(cls, outcomes: list[str]) -> list[str]:
        if len(set(outcomes)) != len(outcomes):
            raise ValueError("each outcome once")
        return outcomes

    @property
    def arms(self) -> list[str]:
        """Arm names in run order: the factual arm first."""
        return [FACTUAL] + (list(self.counterfactual.arms) if self.counterfactual else [])


def _loc(loc: tuple) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif str(part).startswith("function-") or "[" in str(part) or part in ("float", "int"):
            continue  # pydantic's validator and union tags, not fields
        else:
            out += ("." if out else "") + str(part)
    return out


def parse_spec(data: object, source: str) -> ExperimentSpec:
    """Validate parsed YAML into an `ExperimentSpec` (one-line `UserError` on failure)."""
    if not isinstance(data, dict):
        raise UserError(source, "(top level)", "a mapping of experiment fields", type(data).__name__)
    try:
        return ExperimentSpec.model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        got = first.get("input")
        expected = first["msg"].removeprefix("Input should be ")
        expected = expected[0].lower() + expected[1:]
        if first["type"] == "missing":
            expected, got = "this required field", None
        elif first["type"] == "extra_forbidden":
            expected, got = "no such field (see docs/experiments.md)", None
        expected = expected.removeprefix("value error, ")
        if isinstance(got, (dict, list)):
            got = None
        raise UserError(source, _loc(first["loc"]), expected, got) from None


def load_spec(path: str | Path) -> ExperimentSpec:
    """Read, parse and validate an experiment file; the scenario path is made absolute."""
    from negotiation_sim.scenario.loader import scenario_path

    p = Path(path)
    data = read_yaml(p, UserError)
    spec = parse_spec(data, str(p))
    scen = Path(spec.scenario)
    if scen.suffix in (".yaml", ".yml") and not scen.is_absolute():
        spec = spec.model_copy(update={"scenario": str((p.parent / scen).resolve())})
    try:
        scenario_path(spec.scenario)
    except UserError as err:  # a misspelt id: say so at the spec's own field
        raise UserError(p, "scenario", err.expected, spec.scenario) from None
    return spec


def check_spec(spec: ExperimentSpec, scenario: Scenario, source: str) -> None:
    """Cross-check a spec against its scenario: parameters, ranges, interventions, outcomes."""
    from negotiation_sim.model.intervention import build_counterfactual
    from negotiation_sim.scenario.params import check_params

    known = ", ".join(sorted(scenario.parameters)) or "none declared"
    for name, axis in spec.design.parameters.items():
        field = f"design.parameters.{name}"
        decl = scenario.parameters.get(name)
        if decl is None:
            raise UserError(source, field, f"a parameter declared by scenario {scenario.id} ({known})")
        lo, hi = decl.range
        if axis.range is not None and not (lo <= axis.range[0] and axis.range[1] <= hi):
            raise UserError(source, f"{field}.range", f"a range within [{lo}, {hi}]", list(axis.range))
        for i, v in enumerate(axis.values or []):
            if not lo <= v <= hi:
                raise UserError(source, f"{field}.values[{i}]", f"a value in [{lo}, {hi}]", v)
    for name, value in spec.design.fixed.items():
        if name in spec.design.parameters:
            raise UserError(source, f"design.fixed.{name}", "a parameter not also varied", name)
        try:
            check_params(scenario, {name: value}, source)
        except UserError as err:
            raise UserError(source, f"design.fixed.{name}", err.expected, err.got) from None
    outcomes = ", ".join(sorted(scenario.outcomes))
    for i, name in enumerate(spec.outcomes):
        if name not in scenario.outcomes:
            raise UserError(source, f"outcomes[{i}]", f"an outcome of scenario {scenario.id} ({outcomes})",
                            name)
        if name in spec.design.parameters or name in RESERVED_COLUMNS:
            raise UserError(source, f"outcomes[{i}]", "a name that is not a parameter or column", name)
    if spec.counterfactual is not None:
        for arm, items in spec.counterfactual.arms.items():
            for i, item in enumerate(items):
                field = f"counterfactual.arms.{arm}[{i}]"
                try:
                    build_counterfactual(scenario, [item], spec.counterfactual.branch, source)
                except UserError as err:
                    raise UserError(source, field, err.expected, err.got) from None


def spec_hash(spec: ExperimentSpec) -> str:
    """A stable hash of everything that decides the runs (not chunk size)."""
    data = spec.model_dump(mode="json", exclude={"chunk_size", "description"})
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]
