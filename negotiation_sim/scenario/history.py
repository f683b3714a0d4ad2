"""What happened: exogenous events and the recorded historical moves of a scenario.

Core objects: `EventSpec` (happens on its date in every mode) and `RecordEntry` (replayed in
replay mode, scored for fidelity, never read by agents in free or counterfactual play).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from negotiation_sim.scenario._base import Strict as _Strict

__all__ = ["Sourced", "EffectSpec", "EventSpec", "RecordEntry"]

Sourced = Literal["article", "public record", "modelled", "fitted"]


class EffectSpec(_Strict):
    """An event's effect on one state slot."""

    set: float | None = None
    add: float | None = None

    @model_validator(mode="after")
    def _one(self) -> EffectSpec:
        if (self.set is None) == (self.add is None):
            raise ValueError("give exactly one of 'set' or 'add'")
        return self


class EventSpec(_Strict):
    """An exogenous event: it happens on its date in every mode."""

    id: str
    date: dt.date
    text: str
    source: str = ""
    sourced: Sourced = "article"
    effects: dict[str, EffectSpec] = Field(default_factory=dict)
    note: str = Field("", description="corrections and caveats (e.g. a date the source misprints)")
    context: bool = Field(
        False, description="stands in for what another episode models (a campaign drops it)")


class RecordEntry(_Strict):
    """A recorded historical move: replayed in replay mode, scored for fidelity."""

    date: dt.date
    actor: str
    move: str
    target: str | None = None
    by: str | None = Field(None, description="member who made it")
    text: str = ""
    source: str = Field(description="article section or public record")
    sourced: Sourced = Field(
        "article", description="where the move and its date come from; 'modelled' when either is a "
        "modelling choice (fidelity reports the sourced moves apart)")
    note: str = ""


