"""What a scenario asks of its runs: sweepable parameters, outcomes, counterfactuals and the
fidelity rule.

Core objects: `CounterfactualSpec` (a branch date, interventions and the `Expectation`s its
mechanism implies), `OutcomeSpec`, `ParameterSpec`, `FidelitySpec`.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from negotiation_sim.scenario._base import Strict as _Strict
from negotiation_sim.scenario.history import EventSpec

__all__ = ["ParameterSpec", "OutcomeSpec", "InterventionSpec", "Expectation", "CounterfactualSpec",
           "FidelitySpec"]


class ParameterSpec(_Strict):
    """A sweepable parameter bound to a path in the scenario."""

    path: str = Field(description="e.g. actors.us.resolve, mechanics.concession_step, stocks.tank_shells.resupply_rate")
    range: tuple[float, float]
    unit: str = ""
    description: str = ""
    source: str = ""

    @model_validator(mode="after")
    def _ordered(self) -> ParameterSpec:
        if self.range[1] < self.range[0]:
            raise ValueError("range must be [low, high] with low <= high")
        return self


class OutcomeSpec(_Strict):
    """An outcome metric computed from a run (see `negotiation_sim.model.outcomes`)."""

    metric: str
    target: str | None = None
    actor: str | None = None
    column: str | None = None
    value: str | None = None
    description: str = ""
    recorded: str = Field(
        "", description="what the record says of this outcome, in words, when the record's moves "
        "do not give it (e.g. the plan the entry was made on); shown as history in debriefs")


class InterventionSpec(_Strict):
    """One change applied at a counterfactual's branch date."""

    kind: Literal["force_move", "remove_move", "set_parameter", "set_state", "add_event", "drop_event"]
    actor: str | None = None
    move: str | None = None
    target: str | None = None
    date: dt.date | None = None
    name: str | None = None
    value: float | None = None
    event: EventSpec | None = None


class Expectation(_Strict):
    """The direction a counterfactual's mechanism implies for one outcome, over paired seeds.

    `difference` is the mean over seeds of (counterfactual - factual). `higher` holds when it
    exceeds `by`; `lower` when it is below `-by`; `not_lower` when it is at least `-by`;
    `not_higher` when it is at most `by`. Stating the expectation in the data lets `compare`
    report it and calibration keep it (a fit to the record must not buy fidelity by breaking
    the mechanism the counterfactual is about).
    """

    outcome: str
    direction: Literal["higher", "lower", "not_lower", "not_higher"]
    by: float = Field(0.0, ge=0.0, description="margin: size of the effect, or tolerance for not_*")
    why: str = Field("", description="the mechanism that implies the direction")

    def holds(self, difference: float) -> bool:
        """Whether a mean paired difference agrees with this expectation (NaN never does)."""
        d = difference
        if d != d:
            return False
        return {"higher": d > self.by, "lower": d < -self.by,
                "not_lower": d >= -self.by, "not_higher": d <= self.by}[self.direction]


class CounterfactualSpec(_Strict):
    """A named counterfactual: a branch date, interventions and what the mechanism implies."""

    branch: dt.date
    description: str = ""
    interventions: list[InterventionSpec]
    shared: list[InterventionSpec] = Field(
        default_factory=list,
        description="interventions applied to both arms of a paired comparison, after the "
        "counterfactual's own (e.g. keep a recorded move on its date after the branch)")
    expect: list[Expectation] = Field(
        default_factory=list,
        description="outcome directions the mechanism implies (checked by compare and by tests)")


class FidelitySpec(_Strict):
    """How fidelity to the record is scored."""

    tolerance_days: int = Field(14, ge=0, le=365)


