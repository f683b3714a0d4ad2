"""Mesa agents: decision-makers, and the states and groups they make up.

Core objects: `DecisionMaker` (a person with influence and interests),
`Actor` (a Mesa agent that decides for a state or group), `StateActor` and
`GroupActor`. An actor decides from a `WorldView` and its own beliefs; the
model applies what it chooses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa

from negotiation_sim.model.beliefs import Beliefs
from negotiation_sim.model.decision import DecisionRecord, candidates
from negotiation_sim.model.index import ActorParams, ScenarioIndex
from negotiation_sim.model.state import WorldView
from negotiation_sim.moves import Move, moves_for_role
from negotiation_sim.scenario.schema import ActorSpec, Member

if TYPE_CHECKING:
    from negotiation_sim.model.model import NegotiationModel

__all__ = ["DecisionMaker", "Actor", "StateActor", "GroupActor", "spokesperson", "member_name"]


def member_name(spec: ActorSpec, member_id: str) -> str:
    """The display name of one of an actor's members (the id if unknown)."""
    return next((m.name for m in spec.members if m.id == member_id), member_id)


def spokesperson(scenario, spec: ActorSpec, move: Move) -> str | None:
    """The member who would carry a move: the most influential one on its channel."""
    if not spec.members:
        return None
    kinds = {m.id: {ch.kind for ch in scenario.channels if m.id in ch.between} for m in spec.members}
    pool = [m for m in spec.members if move.channel in kinds[m.id]] or spec.members
    return max(pool, key=lambda m: m.influence).name


class DecisionMaker(mesa.Agent):
    """A person inside a state: influence, interest weights, and the channels they sit on."""

    def __init__(self, model: NegotiationModel, spec: Member, actor: str):
        super().__init__(model)
        self.spec = spec
        self.actor = actor
        self.channel_kinds = {
            ch.kind for ch in model.scenario.channels if spec.id in ch.between
        }


class Actor(mesa.Agent):
    """A deciding actor. Holds beliefs about others; chooses one move per tick."""

    def __init__(self, model: NegotiationModel, spec: ActorSpec):
        super().__init__(model)
        self.spec = spec
        self.id = spec.id
        self.members: list[DecisionMaker] = [DecisionMaker(model, m, spec.id) for m in spec.members]
        self._initial = (model.scenario, spec)  # members are agents made once, from the start
        self.removed: set[str] = set()
        self.beliefs: dict[str, Beliefs] = {}
        for other in model.ix.actor_ids:
            if other != spec.id:
                self.seed_belief(other)
        self.last_decision: DecisionRecord | None = None

    def seed_belief(self, other: str) -> None:
        """(Re)start the belief about `other` from the prior this actor's spec declares."""
        b = self.spec.beliefs.get(other)
        prior = b.resolve if b is not None else 0.5
        tol = dict(b.tolerance) if b is not None else {}
        self.beliefs[other] = Beliefs.prior(other, prior, self.model.ix.m.belief_prior_strength, tol)

    @property
    def params(self) -> ActorParams:
        return self.model.ix.params[self.id]

    def available_moves(self) -> list[Move]:
        """Moves this actor's role allows, less any removed by an intervention."""
        allowed = self.model.scenario.moves
        return [m for m in moves_for_role(self.spec.role) if m.name not in self.removed
                and (allowed is None or m.name in allowed)]

    def believed(self, other: str) -> ActorParams:
        """The other actor's parameters as this actor believes them."""
        b = self.beliefs[other]
        return self.model.ix.params[other].believed(b.resolve, b.tolerance)

    def decide(self, view: WorldView, u: float) -> DecisionRecord:
        """Score every legal move against each counterpart's believed replies; draw one."""
        model = self.model
        ix: ScenarioIndex = model.ix
        me = self.params
        att = model.attention
        own = candidates(view, ix, me, self.available_moves(), att)
        counterparts = []
        for cp in me.counterparts:
            other = self.believed(cp)
            counterparts.append((other, candidates(view, ix, other, model.actor(cp).available_moves(), att)))
        record = model.rule.decide(view, me, own, counterparts, u, att)
        self.last_decision = record
        return record

    def member_name(self, member_id: str) -> str:
        """The display name of one of this actor's members (the id if unknown)."""
        return member_name(self._initial[1], member_id)

    def spokesperson(self, move: Move) -> str | None:
        """The member who would carry a move: the most influential one on its channel."""
        return spokesperson(*self._initial, move)


class StateActor(Actor):
    """A state: its interest weights are its members' weights, averaged by influence."""


class GroupActor(Actor):
    """A unitary actor (an armed group, a simple state) with its own interest weights."""
