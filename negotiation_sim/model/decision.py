"""Decision rules: expected utility with look-ahead, chosen by logit quantal response.

Core objects: `Candidate`, `DecisionRecord`, `DecisionRule` (registered in
`RULES`), `LookaheadQuantalResponse` and `MyopicQuantalResponse`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from negotiation_sim.model.index import ActorParams, ScenarioIndex
from negotiation_sim.model.interests import FeatureModel, Features, InterestModel
from negotiation_sim.model.state import WorldView
from negotiation_sim.moves.base import Move

__all__ = ["Candidate", "Candidates", "DecisionRecord", "DecisionRule", "RULES", "LookaheadQuantalResponse",
           "MyopicQuantalResponse", "logit", "candidates"]

RULES: dict[str, type[DecisionRule]] = {}


@dataclass(frozen=True, slots=True)
class Candidate:
    """A legal move with its target, its change to the state and its direct cost."""

    move: Move
    target: str | None
    delta: np.ndarray
    cost: np.ndarray

    @property
    def key(self) -> str:
        return self.move.name if self.target is None else f"{self.move.name}:{self.target}"


@dataclass(frozen=True, slots=True)
class Candidates:
    """The legal moves of one actor at one tick, with their deltas and costs stacked as arrays."""

    moves: list[Move]
    targets: list[str | None]
    delta: np.ndarray  # (n, slots)
    cost: np.ndarray  # (n, 6)

    def __len__(self) -> int:
        return len(self.moves)

    def __getitem__(self, i: int) -> Candidate:
        return Candidate(self.moves[i], self.targets[i], self.delta[i], self.cost[i])

    def __iter__(self):
        return (self[i] for i in range(len(self)))

    @property
    def keys(self) -> list[str]:
        return [m.name if t is None else f"{m.name}:{t}" for m, t in zip(self.moves, self.targets)]


@dataclass(slots=True)
class DecisionRecord:
    """Everything behind one choice: the candidates, their utilities, parts and probabilities."""

    tick: int
    date: object
    actor: str
    keys: list[str]
    utility: np.ndarray  # expected utility per candidate
    parts: np.ndarray  # (candidates, 6) weighted change in each interest, reply included
    probability: np.ndarray
    choice: int
    reply: list[tuple[str, float]]  # most likely reply of the counterpart to each candidate
    rule: str

    @property
    def chosen(self) -> str:
        return self.keys[self.choice]


def logit(u: np.ndarray, rationality: float) -> np.ndarray:
    """Logit quantal response probabilities (McKelvey and Palfrey 1995)."""
    z = rationality * (u - u.max(axis=-1, keepdims=True))
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def candidates(view: WorldView, ix: ScenarioIndex, me: ActorParams, moves: list[Move]) -> Candidates:
    """All legal (move, target) pairs for `me` in `view`, with their state changes and costs."""
    pairs = [(m, t) for m in moves for t in ix.targets(m, me.id)]
    delta = np.zeros((len(pairs), ix.layout.size))
    cost = np.zeros((len(pairs), 6))
    effort = ix.m.action_cost
    legal_moves: list[Move] = []
    legal_targets: list[str | None] = []
    for move, target in pairs:
        if not move.allowed(view, ix, me, target):
            continue
        k = len(legal_moves)
        move.effect(view, ix, me, target, delta[k])
        c = move.cost(ix, me, target)
        if c is not None:
            cost[k] = c
        if move.name != "wait":
            cost[k] += effort
        legal_moves.append(move)
        legal_targets.append(target)
    n = len(legal_moves)
    return Candidates(legal_moves, legal_targets, delta[:n], cost[:n])


class DecisionRule:
    """Base of decision rules; subclasses implement `evaluate`."""

    name: ClassVar[str]
    sources: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if "name" in cls.__dict__:  # abstract intermediate classes have no name of their own
            RULES[cls.name] = cls

    def __init__(self, ix: ScenarioIndex):
        self.ix = ix
        self.features = FeatureModel(ix)
        self.interests = {a: InterestModel(ix, a, self.features) for a in ix.actor_ids}

    def evaluate(self, view: WorldView, me: ActorParams, own: Candidates,
                 other: ActorParams | None, replies: Candidates
                 ) -> tuple[np.ndarray, np.ndarray, list[tuple[str, float]]]:
        """Expected utility and parts per own candidate, and the most likely reply to each."""
        raise NotImplementedError

    def decide(self, view: WorldView, me: ActorParams, own: Candidates, other: ActorParams | None,
               replies: Candidates | None, u: float) -> DecisionRecord:
        """Score the candidates and draw one with the uniform number `u` (inverse CDF)."""
        eu, parts, reply = self.evaluate(view, me, own, other, replies)
        p = logit(eu, me.rationality)
        choice = int(np.searchsorted(np.cumsum(p), u * p.sum(), side="right"))
        choice = min(choice, len(own) - 1)
        return DecisionRecord(view.tick, view.date, me.id, own.keys, eu, parts, p,
                              choice, reply, self.name)


class LookaheadQuantalResponse(DecisionRule):
    """Expected utility over own moves, anticipating the counterpart's logit reply one step ahead.

    For each own move a and believed reply b, the state is x + d_a + d_b
    (clipped). The counterpart's reply probabilities come from its utility as
    the decider believes it (its resolve and tolerance from beliefs), by logit
    quantal response; the decider's expected utility averages its own utility
    over those replies.

    Sources: McKelvey and Palfrey (1995), quantal response equilibrium;
    Bueno de Mesquita (1981) expected-utility decisions; Fearon (1995), choices
    under incomplete information about resolve.
    """

    name = "lookahead_qr"

    def evaluate(self, view, me, own, other, replies):
        x = view.x
        lay = self.ix.layout
        w = me.weights
        mine = self.interests[me.id]
        da, ca = own.delta, own.cost
        if other is None or not replies:
            i = mine(lay.clip(np.vstack([x, x + da])), me)
            ia = i[1:] - ca - i[0]
            return ia @ w, ia * w, [("", 0.0)] * len(own)
        db, cb = replies.delta, replies.cost
        na, nb, n = len(own), len(replies), lay.size
        xs = np.empty((1 + na * nb, n))
        xs[0] = x
        xab = xs[1:].reshape(na, nb, n)
        np.add(x + da[:, None, :], db[None, :, :], out=xab)
        lay.clip(xs)
        f = self.features(xs)  # shared by both actors' scoring of the same states
        rest = Features(*(a[1:] for a in (f.scope, f.launched, f.op_sec, f.harm, f.ready, f.armed)))
        theirs = ((self.interests[other.id](xs[1:], other, rest) @ other.weights).reshape(na, nb)
                  - cb @ other.weights)
        pb = logit(theirs, other.rationality)  # (na, nb)
        i = mine(xs, me, f)
        base = i[0]
        iab = i[1:].reshape(na, nb, 6)
        expected = np.einsum("ab,abk->ak", pb, iab) - ca
        lw = self.ix.m.lookahead_weight
        if lw < 1.0:
            ia = mine(lay.clip(x + da), me) - ca
            expected = lw * expected + (1 - lw) * ia
        parts = (expected - base) * w
        best = pb.argmax(axis=1)
        keys = replies.keys
        reply = [(keys[b], float(pb[k, b])) for k, b in enumerate(best)]
        return parts.sum(axis=1), parts, reply


class MyopicQuantalResponse(DecisionRule):
    """Expected utility of own moves alone, without anticipating replies; logit choice.

    Sources: McKelvey and Palfrey (1995). A baseline to show what look-ahead adds.
    """

    name = "myopic_qr"

    def evaluate(self, view, me, own, other, replies):
        return LookaheadQuantalResponse.evaluate(self, view, me, own, None, None)
