"""The two bilateral tracks of a scenario: escalation ladders and mediated talks.

Core objects: `LadderSpec` (the `ladders:` section: two actors, their rungs, coalition air
defence) and `TalksSpec` (the `talks:` section: a client, an adversary and a mediator bargaining
over one divisible issue). Both are fields of `Scenario` and are re-exported by
`negotiation_sim.scenario.schema`; their cross-references are checked by
`negotiation_sim.scenario.checks`.
"""

from __future__ import annotations

import datetime as dt

from pydantic import Field, model_validator

from negotiation_sim.scenario._base import Strict as _Strict

__all__ = ["LadderSpec", "TalksSpec"]


class LadderSpec(_Strict):
    """An escalation ladder between two actors (Kahn 1965), with coalition air defence.

    Rungs are ordered names, 0 = no direct hostilities .. last = open war. A strike's size is a
    position on the ladder's `issue` (0 symbolic .. 1 massive).
    """

    id: str
    between: tuple[str, str] = Field(description="the two actors on the ladder")
    rungs: list[str] = Field(min_length=3, description="rung names, lowest first; the last is war")
    initial: int = Field(0, ge=0, description="rung at the start")
    covert_rung: int = Field(1, ge=0, description="rung reached by a strike on a proxy or an asset abroad")
    direct_rung: int = Field(2, ge=0, description="rung reached by a direct attack on the other's soil")
    issue: str = Field(description="issue whose positions are each side's preferred strike size")
    defended: str | None = Field(None, description="the side a patron's coalition helps defend")
    defender: str | None = Field(None, description="the patron running the coalition defence")
    interception_base: float = Field(
        0.5, ge=0.0, le=1.0, description="share of a barrage the defended side intercepts alone")
    interception_gain: float = Field(
        0.45, ge=0.0, le=1.0,
        description="extra share intercepted at full defence cooperation and full military trust")
    defence: float = Field(0.2, ge=0.0, le=1.0, description="defence cooperation at the start (0..1)")
    source: str = ""

    @model_validator(mode="after")
    def _rungs(self) -> LadderSpec:
        top = len(self.rungs) - 1
        if not self.initial <= top or not 0 < self.covert_rung < self.direct_rung < top:
            raise ValueError(f"need 0 < covert_rung < direct_rung < {top} and initial <= {top}")
        if self.between[0] == self.between[1]:
            raise ValueError("a ladder joins two different actors")
        return self


class TalksSpec(_Strict):
    """Mediated talks between a client and an adversary over one divisible issue (a hostage deal).

    The issue runs 0 (nothing to the adversary) .. 1 (all it asks). The adversary accepts an
    offer at or above its reservation: the larger of its outside option and its Rubinstein
    (1982) responder share; the client offers at most its win-set's upper bound, narrowed by
    domestic pressure (Putnam 1988). The zone of agreement is what lies between (Fearon 1995).
    """

    id: str
    client: str
    adversary: str
    mediator: str | None = None
    issue: str = Field(description="issue the offer is a position on")
    open: bool = Field(True, description="talks open at the start")
    precondition: bool = Field(True, description="the adversary first demands an end to the war")
    offer: float = Field(0.2, ge=0.0, le=1.0, description="the client's offer at the start")
    outside_option: float = Field(0.3, ge=0.0, le=1.0, description="adversary's value of no deal at the start")
    outside_drift: float = Field(
        0.0, ge=-0.2, le=0.2,
        description="change of the outside option per tick while the client's operation is under way "
        "(negative: military pressure lowers it)")
    discount_client: float = Field(0.95, gt=0.0, lt=1.0, description="client's per-round discount factor")
    discount_adversary: float = Field(0.9, gt=0.0, lt=1.0, description="adversary's per-round discount factor")
    step: float = Field(0.05, gt=0.0, le=0.5, description="offer increase of one concession")
    value: float = Field(1.0, ge=0.0, le=5.0, description="hostages utility of a deal to the client")
    mediator_value: float = Field(0.5, ge=0.0, le=5.0, description="utility of a deal to the mediator")
    deadline: dt.date | None = Field(None, description="talks lapse if no deal by this date")
    source: str = ""
