"""The typed scenario: what a scenario YAML file may declare.

Core object: `Scenario`. A YAML file is parsed with `yaml.safe_load` (nothing
in it is executed) and validated into these pydantic models; cross-references
(actors named in the record, moves, dates within the calendar, state slots)
are checked afterwards by `negotiation_sim.scenario.checks`.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, model_validator

from negotiation_sim.model.mechanics import Mechanics
from negotiation_sim.scenario._base import Strict as _Strict
from negotiation_sim.scenario.arena_spec import ArenaSpec
from negotiation_sim.scenario.history import EffectSpec, EventSpec, RecordEntry
from negotiation_sim.scenario.leverage import AlternativeSupplierSpec, Kind, ReservesSpec
from negotiation_sim.scenario.questions import (
    CounterfactualSpec,
    Expectation,
    FidelitySpec,
    InterventionSpec,
    OutcomeSpec,
    ParameterSpec,
)
from negotiation_sim.scenario.tracks import LadderSpec, TalksSpec

__all__ = [
    "INTERESTS",
    "Member",
    "BeliefSpec",
    "WinSet",
    "ActorSpec",
    "ChannelSpec",
    "IssueSpec",
    "OperationSpec",
    "StockSpec",
    "PressureSpec",
    "WorldSpec",
    "EffectSpec",
    "EventSpec",
    "RecordEntry",
    "ParameterSpec",
    "OutcomeSpec",
    "InterventionSpec",
    "CounterfactualSpec",
    "Expectation",
    "FidelitySpec",
    "CalendarSpec",
    "LadderSpec",
    "TalksSpec",
    "ArenaSpec",
    "Scenario",
]

INTERESTS: tuple[str, ...] = (
    "security",
    "alliance",
    "domestic",
    "legitimacy",
    "hostages",
    "escalation",
)
Interest = Literal["security", "alliance", "domestic", "legitimacy", "hostages", "escalation"]
Unit = float


class CalendarSpec(_Strict):
    """Start, end and tick length."""

    start: dt.date
    end: dt.date
    tick_days: int = Field(7, ge=1, le=31, description="days per tick")

    @model_validator(mode="after")
    def _ordered(self) -> CalendarSpec:
        if self.end <= self.start:
            raise ValueError("end must be after start")
        return self


class Member(_Strict):
    """A decision-maker inside a state (bureaucratic politics, Allison 1971)."""

    id: str
    name: str
    title: str = ""
    influence: float = Field(ge=0.0, le=1.0, description="share of say in the state's choices")
    interests: dict[Interest, float] = Field(description="weights over the six interests, >= 0")
    positions: dict[str, float] = Field(
        default_factory=dict, description="issue id -> own ideal position, 0..1 (group models)")
    salience: dict[str, float] = Field(
        default_factory=dict, description="issue id -> how much it matters, 0..1 (default 1)")

    @model_validator(mode="after")
    def _weights(self) -> Member:
        if any(w < 0 for w in self.interests.values()):
            raise ValueError("interest weights must be >= 0")
        if sum(self.interests.values()) <= 0:
            raise ValueError("at least one interest weight must be positive")
        for what, values in (("positions", self.positions), ("salience", self.salience)):
            if any(not 0.0 <= v <= 1.0 for v in values.values()):
                raise ValueError(f"{what} must lie in [0, 1]")
        return self


class WinSet(_Strict):
    """The acceptable range on an issue and how domestic pressure moves it (Putnam 1988)."""

    lo: float = Field(0.0, ge=0.0, le=1.0)
    hi: float = Field(1.0, ge=0.0, le=1.0)
    pressure_sensitivity: float = Field(
        0.0, ge=-1.0, le=1.0,
        description="how far one unit of domestic pressure narrows the range (moves hi down "
        "when positive for a restraining actor, lo up for an acting one)",
    )


class BeliefSpec(_Strict):
    """Prior beliefs about another actor (Fearon 1995: private information)."""

    resolve: float = Field(0.5, ge=0.0, le=1.0, description="prior mean of the other's resolve")
    tolerance: dict[str, float] = Field(
        default_factory=dict, description="believed widest acceptable plan scope per operation"
    )


class ActorSpec(_Strict):
    """An actor: a state of several decision-makers, or a unitary group."""

    id: str
    name: str
    kind: Literal["state", "group"] = "state"
    role: Literal["client", "patron", "adversary"]
    counterpart: str | None = Field(None, description="actor whose replies it looks ahead at")
    counterparts: list[str] = Field(
        default_factory=list,
        description="actors whose replies it looks ahead at, each apart (a patron and its several "
        "clients; Snyder 1997); instead of `counterpart`, not with it")
    resolve: float = Field(0.5, ge=0.0, le=1.0, description="willingness to bear costs for its position")
    rationality: float = Field(5.0, ge=0.0, le=1000.0, description="logit QR precision (0 = random)")
    audience_cost: float = Field(0.3, ge=0.0, le=2.0, description="utility lost for a public commitment not kept")
    interests: dict[Interest, float] | None = Field(None, description="for a group; states use members")
    members: list[Member] = Field(default_factory=list)
    win_sets: dict[str, WinSet] = Field(default_factory=dict)
    beliefs: dict[str, BeliefSpec] = Field(default_factory=dict, description="priors about other actors")
    retaliation_drive: float = Field(
        0.0, ge=0.0, le=2.0,
        description="security lost per unit of an unanswered attack (deterrence credibility, "
        "Schelling 1966); the urge to hit back")
    deterrence_sensitivity: float = Field(
        0.0, ge=0.0, le=2.0,
        description="escalation utility lost per unit of its own ladders' rung (fear of the "
        "other side's reply; deterrence, Snyder 1961)")
    legitimacy_need: float = Field(
        0.0, ge=0.0, le=2.0,
        description="legitimacy lost per unit size of a direct attack made without a framing "
        "that justifies it (a grievance declared on its own soil)")
    entrapment_fear: float = Field(
        0.0, ge=0.0, le=2.0,
        description="a patron's escalation utility lost per unit rung of its clients' ladders "
        "(fear of entrapment, Snyder 1984)")
    strike_prep_days: float = Field(
        7.0, gt=0.0, le=120.0,
        description="days the actor needs to prepare a direct strike once it has a grievance "
        "(a personality: one value in every episode)")
    group_model: Literal["compromise", "median", "bdm"] = Field(
        "compromise", description="how members' positions settle the actor's (docs/bargaining.md)")
    brief: str = ""

    @model_validator(mode="after")
    def _members_or_interests(self) -> ActorSpec:
        if self.kind == "state" and not self.members:
            raise ValueError("a state needs at least one member")
        if self.kind == "group" and not self.interests and not self.members:
            raise ValueError("a group needs interests (or members)")
        if self.counterpart is not None and self.counterparts:
            raise ValueError("give `counterpart` (one actor) or `counterparts` (a list), not both")
        if len(set(self.counterparts)) != len(self.counterparts):
            raise ValueError("`counterparts` names an actor twice")
        return self

    @property
    def looks_at(self) -> list[str]:
        """The actors whose replies this actor anticipates: `counterparts`, or the one `counterpart`."""
        if self.counterparts:
            return list(self.counterparts)
        return [] if self.counterpart is None else [self.counterpart]

    @property
    def first_counterpart(self) -> str | None:
        """The counterpart whose reply a decision record reports (the first one looked at)."""
        return self.looks_at[0] if self.looks_at else None


class ChannelSpec(_Strict):
    """A line of communication between two people, with its own trust."""

    id: str
    kind: Literal["military", "defence", "political", "diplomatic"]
    between: tuple[str, str] = Field(description="two member ids, one on each side")
    trust: float = Field(0.5, ge=0.0, le=1.0)
    source: str = ""


class IssueSpec(_Strict):
    """A one-dimensional issue, scaled 0..1, with each actor's ideal position."""

    id: str
    name: str
    low_label: str = "0"
    high_label: str = "1"
    positions: dict[str, float] = Field(default_factory=dict)


class OperationSpec(_Strict):
    """A military operation whose plan is a position on an issue."""

    id: str
    name: str
    owner: str
    issue: str
    value: float = Field(1.0, ge=0.0, le=5.0, description="security value of completing it")
    civilian_exposure: float = Field(0.5, ge=0.0, le=1.0, description="humanitarian harm per unit scope")
    readiness: float = Field(1.0, ge=0.0, le=1.0, description="forces available at the start")
    readiness_needed: float = Field(0.6, ge=0.0, le=1.0)
    stock: str | None = Field(None, description="munitions stock the operation burns")
    supported_by: list[str] = Field(
        default_factory=list, description="other stocks whose readiness the operation's value depends on")
    min_stock_ratio: float = Field(
        0.4, ge=0.0, le=2.0,
        description="usable stock / need required to launch the widest plan (scaled by the scope)")
    progress_rate: float = Field(0.15, ge=0.0, le=1.0, description="progress per tick once launched")
    front: str | None = Field(
        None, description="escalation ladder the operation is fought on: a patron that approves it "
        "fears entrapment in proportion to the enemy's unbroken strength there")


class StockSpec(_Strict):
    """A supplied stock (munitions by default): level, burn rate, supply and the supplier's policy.

    `kind` says what the leverage is (money, oil, aid...): it picks the words and which of the
    client's responses fit (`negotiation_sim.scenario.leverage`). A missing `name` is made from
    the id, so a narrative never prints the id itself.
    """

    id: str
    name: str = ""
    kind: Kind = "munitions"
    owner: str
    supplier: str
    unit: str = "units"
    stock: float = Field(ge=0.0)
    need: float = Field(gt=0.0, description="level the owner considers sufficient")
    capacity: float | None = Field(None, gt=0.0)
    burn_rate: float = Field(ge=0.0, description="units used per day in normal fighting")
    launch_burn: float = Field(1.0, ge=0.0, description="extra burn multiplier during a launched operation")
    resupply_rate: float = Field(ge=0.0, description="units delivered per day when supply flows")
    policy: Literal["flowing", "slowed", "held", "locked"] = "flowing"
    civilian_harm: float = Field(
        0.0, ge=0.0, le=1.0, description="legitimacy the supplier forgoes by releasing it while "
        "held (how strongly the weapon is tied to civilian harm in its public's eyes)")
    tranche: float | None = Field(None, gt=0.0, description="units one `grant_tranche` adds to the stock once")
    tranches: int = Field(1, ge=0, le=1000, description="how many one-off tranches the supplier may grant")
    reserves: ReservesSpec | None = None
    alternative_supplier: AlternativeSupplierSpec | None = None

    @model_validator(mode="after")
    def _named(self) -> StockSpec:
        if not self.name:  # shown in narratives instead of the id
            self.name = self.id.replace("_", " ")
        return self


class PressureSpec(_Strict):
    """Domestic pressure on an actor, pulled toward a target each tick."""

    actor: str
    initial: float = Field(ge=0.0, le=1.0)
    baseline: float = Field(0.2, ge=0.0, le=1.0)
    humanitarian_sensitivity: float = Field(0.0, ge=0.0, le=2.0)
    delay_sensitivity: float = Field(0.0, ge=0.0, le=2.0, description="pressure to act while a plan waits")
    imminence_sensitivity: float = Field(
        0.0, ge=0.0, le=2.0,
        description="pressure from a partner's operation that is planned and whose forces are ready")
    election: dt.date | None = None
    election_sensitivity: float = Field(0.0, ge=0.0, le=2.0)
    adjust_rate: float = Field(0.2, ge=0.0, le=1.0, description="share of the gap to the target closed per tick")


class WorldSpec(_Strict):
    """Initial values of the shared world state."""

    strain: float = Field(0.2, ge=0.0, le=1.0)
    un_cover: float = Field(1.0, ge=0.0, le=1.0)
    humanitarian: float = Field(0.5, ge=0.0, le=1.0)
    humanitarian_rate: float = Field(0.01, ge=-0.2, le=0.2, description="change per tick")
    escalation: float = Field(0.0, ge=0.0, le=1.0)


class Scenario(_Strict):
    """A validated scenario file."""

    id: str
    title: str
    description: str = ""
    source: str = ""
    calendar: CalendarSpec
    actors: list[ActorSpec]
    channels: list[ChannelSpec] = Field(default_factory=list)
    issues: list[IssueSpec] = Field(default_factory=list)
    operations: list[OperationSpec] = Field(default_factory=list)
    stocks: list[StockSpec] = Field(default_factory=list)
    pressures: list[PressureSpec] = Field(default_factory=list)
    world: WorldSpec = Field(default_factory=WorldSpec)
    mechanics: Mechanics = Field(default_factory=Mechanics)
    moves: list[str] | None = Field(
        None, description="the moves open in this scenario (default: every registered move); "
        "an episode limits the catalogue to what it is about")
    ladders: list[LadderSpec] = Field(default_factory=list)
    talks: list[TalksSpec] = Field(default_factory=list)
    arenas: list[ArenaSpec] = Field(
        default_factory=list, description="bodies that vote on resolutions (default none)")
    events: list[EventSpec] = Field(default_factory=list)
    record: list[RecordEntry] = Field(default_factory=list)
    parameters: dict[str, ParameterSpec] = Field(default_factory=dict)
    outcomes: dict[str, OutcomeSpec] = Field(default_factory=dict)
    counterfactuals: dict[str, CounterfactualSpec] = Field(default_factory=dict)
    fidelity: FidelitySpec = Field(default_factory=FidelitySpec)
    episodes: list[str] = Field(
        default_factory=list, description="set by a campaign: the episodes merged into it")
    casts: list[str] = Field(
        default_factory=list, description="set by the loader from `cast:`: the cast the file names, "
        "then the casts it extends (nearest first); empty for a file without a cast")

    def actor(self, actor_id: str) -> ActorSpec:
        """The actor with this id (KeyError if none)."""
        for a in self.actors:
            if a.id == actor_id:
                return a
        raise KeyError(actor_id)
