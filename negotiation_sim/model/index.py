"""Static facts of a scenario, indexed for fast use by moves and interests.

Core objects: `ActorParams` (an actor's decision parameters: the truth, or
another actor's belief about them) and `ScenarioIndex` (who owns what, which
channels join whom, win-sets, and the state `Layout`).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from negotiation_sim.bargaining.actors import Actor, Issue
from negotiation_sim.bargaining.group import group_position
from negotiation_sim.model.calendar import Calendar
from negotiation_sim.model.layout import build_layout
from negotiation_sim.model.state import WorldView
from negotiation_sim.model.vector import clip
from negotiation_sim.scenario.schema import INTERESTS, ActorSpec, Scenario, WinSet

__all__ = ["ActorParams", "ScenarioIndex"]


@dataclass(frozen=True, slots=True)
class ActorParams:
    """Decision parameters of one actor, as known to whoever holds this record.

    The model holds each actor's true record; an actor predicting another uses
    a copy whose `resolve` and `tolerance` come from its beliefs.
    """

    id: str
    role: str
    counterpart: str | None
    resolve: float
    rationality: float
    audience_cost: float
    weights: np.ndarray
    tolerance: dict[str, float] | None = field(default=None)  # believed tolerance per operation
    counterparts: tuple[str, ...] = ()  # every actor it looks ahead at; `counterpart` is the first

    def believed(self, resolve: float, tolerance: dict[str, float]) -> ActorParams:
        """This actor as seen through someone's beliefs."""
        return replace(self, resolve=resolve, tolerance=tolerance)

    def believed_tolerance(self, op: str, default):
        """The tolerance on `op` this record carries (a belief), else `default` (the truth)."""
        if self.tolerance is not None and op in self.tolerance:
            return self.tolerance[op]
        return default


def _weights(spec: ActorSpec) -> np.ndarray:
    if spec.members:
        total = np.zeros(len(INTERESTS))
        infl = 0.0
        for m in spec.members:
            w = np.array([m.interests.get(k, 0.0) for k in INTERESTS])
            total += m.influence * w / w.sum()
            infl += m.influence
        w = total / infl if infl > 0 else total
    else:
        w = np.array([(spec.interests or {}).get(k, 0.0) for k in INTERESTS])
    return w / w.sum()


class ScenarioIndex:
    """A scenario compiled for simulation: layout, ownership, channels, parameters."""

    def __init__(self, scenario: Scenario):
        self.scenario = scenario
        self.m = scenario.mechanics
        self.layout = build_layout(scenario)
        c = scenario.calendar
        self.calendar = Calendar(c.start, c.end, c.tick_days)
        self.specs = {a.id: a for a in scenario.actors}
        self.actor_ids = [a.id for a in scenario.actors]
        self.params = {
            a.id: ActorParams(
                id=a.id,
                role=a.role,
                counterpart=a.looks_at[0] if a.looks_at else None,
                counterparts=tuple(a.looks_at),
                resolve=a.resolve,
                rationality=a.rationality,
                audience_cost=a.audience_cost,
                weights=_weights(a),
            )
            for a in scenario.actors
        }
        self.member_actor = {m.id: a.id for a in scenario.actors for m in a.members}
        self.ops = {o.id: o for o in scenario.operations}
        self.stocks = {s.id: s for s in scenario.stocks}
        self.issues = {i.id: i for i in scenario.issues}
        self.ladders = {lad.id: lad for lad in scenario.ladders}
        self.talks = {t.id: t for t in scenario.talks}
        self.arenas = {ar.id: ar for ar in scenario.arenas}
        self.resolutions = {r.id: r for ar in scenario.arenas for r in ar.resolutions}
        self._group_positions: dict[tuple[str, str], float | None] = {}
        self.pressures = {p.actor: p for p in scenario.pressures}
        self.ops_of = {a: [o.id for o in scenario.operations if o.owner == a] for a in self.actor_ids}
        self.stocks_of = {a: [s.id for s in scenario.stocks if s.owner == a] for a in self.actor_ids}
        self.supplied_by = {a: [s.id for s in scenario.stocks if s.supplier == a] for a in self.actor_ids}
        # channels: by actor, and by (actor, other, kind)
        self.channel_slots_of: dict[str, list[int]] = {a: [] for a in self.actor_ids}
        self._between: dict[tuple[str, str, str], list[int]] = {}
        self.channel_members: dict[str, tuple[str, str]] = {}
        for ch in scenario.channels:
            a, b = (self.member_actor.get(p) for p in ch.between)
            slot = self.layout.trust[ch.id]
            self.channel_members[ch.id] = ch.between
            for x, y in ((a, b), (b, a)):
                if x is None:
                    continue
                self.channel_slots_of[x].append(slot)
                self._between.setdefault((x, y, ch.kind), []).append(slot)
        self._targets: dict[tuple[str, str], list[str | None]] = {}
        self._partners = {a: self._find_partners(a) for a in self.actor_ids}
        self.initial_trust = np.array([ch.trust for ch in scenario.channels])
        self.trust_slots = np.array([self.layout.trust[ch.id] for ch in scenario.channels], dtype=int)

    def targets(self, move, actor: str) -> list[str | None]:
        """The targets `move` can take for `actor` (cached: they depend only on the scenario)."""
        key = (move.name, actor)
        hit = self._targets.get(key)
        if hit is None:
            hit = self._targets[key] = move.targets(self, self.params[actor])
        return hit

    def channels(self, actor: str, other: str | None, *kinds: str) -> list[int]:
        """Trust slots of the channels of the given kinds between `actor` and `other`."""
        out: list[int] = []
        for k in kinds:
            out.extend(self._between.get((actor, other, k), ()))
        return out

    def partners(self, actor: str) -> list[str]:
        """Actors linked to `actor` by a supply relation (its patrons or its clients)."""
        return self._partners[actor]

    def _find_partners(self, actor: str) -> list[str]:
        seen: list[str] = []
        for s in self.scenario.stocks:
            for x, y in ((s.owner, s.supplier), (s.supplier, s.owner)):
                if x == actor and y not in seen:
                    seen.append(y)
        return seen

    def position(self, actor: str, issue: str, default: float = 1.0) -> float:
        """The actor's ideal position on an issue.

        When the actor's members declare positions on the issue, it is their
        group model's result over them (capability = influence; see
        docs/bargaining.md); otherwise the issue's declared position.
        """
        key = (actor, issue)
        if key not in self._group_positions:
            self._group_positions[key] = self._group_position(actor, issue)
        settled = self._group_positions[key]
        return self.issues[issue].positions.get(actor, default) if settled is None else settled

    def _group_position(self, actor: str, issue: str) -> float | None:
        spec = self.specs.get(actor)
        members = [m for m in spec.members if issue in m.positions] if spec else []
        voters = [Actor(m.id, m.influence, m.positions[issue], m.salience.get(issue, 1.0))
                  for m in members]
        if len(voters) < 2 or sum(v.capability * v.salience for v in voters) <= 0:
            return voters[0].position if len(voters) == 1 else None
        return group_position(spec.group_model, voters, Issue(issue, 0.0, 1.0))

    def win_set(self, actor: str, issue: str) -> WinSet:
        """The actor's acceptable range on an issue (the whole range if undeclared)."""
        return self.specs[actor].win_sets.get(issue, WinSet())

    def pressure(self, view: WorldView, actor: str) -> float:
        """Current domestic pressure on `actor` (0 if it has none)."""
        slot = self.layout.pressure.get(actor)
        return 0.0 if slot is None else view.at(slot)

    def tolerance(self, view: WorldView, me: ActorParams, op: str) -> float:
        """The widest plan scope `me` accepts on `op`: its win-set, narrowed by pressure.

        A believed record carries its own tolerance instead (incomplete information).
        """
        ws = self.win_set(me.id, self.ops[op].issue)
        own = clip(ws.hi - ws.pressure_sensitivity * self.pressure(view, me.id), 0.0, 1.0)
        return me.believed_tolerance(op, own)

    def floor(self, view: WorldView, me: ActorParams, op: str) -> float:
        """The narrowest plan scope the owner of `op` will accept (pressure raises it)."""
        ws = self.win_set(me.id, self.ops[op].issue)
        return clip(ws.lo + ws.pressure_sensitivity * self.pressure(view, me.id), 0.0, 1.0)
