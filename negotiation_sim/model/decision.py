"""Decision rules: expected utility with look-ahead, chosen by logit quantal response.

Core objects: `Candidate`, `DecisionRecord`, `DecisionRule` (registered in
`RULES`). The expected-utility rules themselves, `LookaheadQuantalResponse` and
`MyopicQuantalResponse`, are in `model/rules.py`; a rule enters `RULES` when its class is
defined, so whatever looks a rule up by name imports that module first (as `model/model.py`
and `model/ensemble.py` do).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from negotiation_sim.model.commitment import CommitmentOption
from negotiation_sim.model.index import ActorParams, ScenarioIndex
from negotiation_sim.model.interests import DOMESTIC, FeatureModel, InterestModel
from negotiation_sim.model.state import WorldView
from negotiation_sim.moves.base import MOVES, Move
from negotiation_sim.model.vector import per_run

__all__ = ["move_code", "RuleLike", "Candidate", "Candidates", "CandidateBlock", "Evaluation", "DecisionRecord", "DecisionRule", "RULES",
           "logit", "masked_logit", "inverse_cdf",
           "candidates"]

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
    attention: np.ndarray | None = None  # (candidates, 2) issue salience, recent repeats (when on)

    @property
    def chosen(self) -> str:
        return self.keys[self.choice]


def move_code(name: str) -> int:
    """A move's number in the registry (registration order): how a rule that reads which move a
    candidate is (a null rule: is it waiting? how often was it recorded?) sees it in a block."""
    return list(MOVES).index(name)


def logit(u: np.ndarray, rationality: float) -> np.ndarray:
    """Logit quantal response probabilities (McKelvey and Palfrey 1995)."""
    z = rationality * (u - u.max(axis=-1, keepdims=True))
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def candidates(view: WorldView, ix: ScenarioIndex, me: ActorParams, moves: list[Move],
               attention=None) -> Candidates:
    """All legal (move, target) pairs for `me` in `view`, with their state changes and costs.

    With `attention` (`model/attention.py`), repeated moves' effects are worn out as applied.
    """
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
        if attention is not None:
            attention.discount_delta(delta[k], attention.factor(me.id, move.name, target))
        c = move.cost(ix, me, target)
        if c is not None:
            cost[k] = c
        if move.name != "wait":
            cost[k] += effort
        legal_moves.append(move)
        legal_targets.append(target)
    n = len(legal_moves)
    return Candidates(legal_moves, legal_targets, delta[:n], cost[:n])


@dataclass(slots=True)
class CandidateBlock:
    """One actor's candidates at one tick in several runs, legal ones first, padded to a common count.

    A block of one run holds its legal candidates only (no padding), which rules may rely on.

    Attributes:
        delta: (runs, L, slots) change to the state of each candidate.
        cost: (runs, L, 6) direct cost of each candidate.
        legal: (runs, L) whether the slot holds a legal candidate (padding is False).
        index: (runs, L) the candidate's row in the actor's move table (-1 for padding).
    """

    delta: np.ndarray
    cost: np.ndarray
    legal: np.ndarray
    index: np.ndarray
    move: np.ndarray | None = None  # (runs, L) the candidate's move as `move_code` (-1 for padding)

    @classmethod
    def single(cls, c: Candidates) -> CandidateBlock:
        """One run's legal candidates as a block of one run."""
        n = len(c)
        return cls(c.delta[None], c.cost[None], np.ones((1, n), dtype=bool), np.arange(n)[None],
                   np.array([[move_code(m.name) for m in c.moves]], dtype=np.intp).reshape(1, n))


@dataclass(slots=True)
class Evaluation:
    """What a rule makes of one actor's candidates in several runs.

    Attributes:
        utility: (runs, L) expected utility of each candidate.
        parts: (runs, L, 6) weighted change in each interest, reply included.
        reply: (runs, L) the counterpart's most likely reply to each candidate (its position in
            the replies' block; -1 without look-ahead).
        reply_probability: (runs, L) that reply's probability.
    """

    utility: np.ndarray
    parts: np.ndarray
    reply: np.ndarray
    reply_probability: np.ndarray


def _weighted(a: np.ndarray, w) -> np.ndarray:
    """``a @ w`` over the interests axis; `w` is (6,) or one row per run, (runs, 6)."""
    w = np.asarray(w)
    if w.ndim == 1:
        return a @ w
    return np.einsum("b...k,bk->b...", a, w)


def masked_logit(u: np.ndarray, rationality, legal: np.ndarray) -> np.ndarray:
    """`logit` over the legal entries of the last axis; illegal entries get probability 0."""
    best = np.where(legal, u, -np.inf).max(axis=-1, keepdims=True)
    z = np.where(legal, per_run(rationality, u.ndim - 1) * (u - best), -np.inf)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


def inverse_cdf(p: np.ndarray, legal: np.ndarray, u: np.ndarray) -> np.ndarray:
    """The candidate drawn in each run by its uniform number `u` (legal candidates come first)."""
    if p.shape[0] == 1:  # one run (all legal): as the reference model has always drawn
        choice = int(np.searchsorted(np.cumsum(p[0]), u[0] * p[0].sum(), side="right"))
        return np.array([min(choice, p.shape[1] - 1)])
    cum = np.cumsum(p, axis=-1)
    target = u * p.sum(axis=-1)
    choice = (cum <= target[:, None]).sum(axis=-1)
    return np.minimum(choice, legal.sum(axis=-1) - 1)


class DecisionRule:
    """Base of decision rules: `evaluate` scores candidates, `probabilities` turns scores into a choice.

    A rule works on blocks of runs (`CandidateBlock`): the reference model passes one run, an
    ensemble (`model/ensemble.py`) many, with the same code. A rule that is not a logit of
    utilities (a null model: uniform over legal moves, never wait, base rates) overrides
    `probabilities`; `evaluate` may then return zeros.
    """

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
        self.lookahead_weight = ix.m.lookahead_weight
        self.option = CommitmentOption(ix)

    def evaluate(self, x: np.ndarray, me: ActorParams, own: CandidateBlock,
                 other: ActorParams | None, replies: CandidateBlock | None) -> Evaluation:
        """Expected utility and parts per own candidate, and the most likely reply to each.

        Args:
            x: (runs, slots) the state every candidate starts from.
            me: The decider's parameters (floats, or one value per run).
            own: The decider's candidates.
            other: The counterpart's parameters as the decider believes them (None: no counterpart).
            replies: The counterpart's candidates (None: no counterpart).
        """
        raise NotImplementedError

    def probabilities(self, ev: Evaluation, me: ActorParams, own: CandidateBlock) -> np.ndarray:
        """Choice probabilities (runs, L): logit quantal response over the legal candidates."""
        if own.legal.shape[0] == 1:  # one run's block holds legal candidates only
            return logit(ev.utility, me.rationality)
        return masked_logit(ev.utility, me.rationality, own.legal)

    def evaluate_all(self, x: np.ndarray, me: ActorParams, own: CandidateBlock,
                     pairs: list[tuple[ActorParams, CandidateBlock]]) -> Evaluation:
        """`evaluate` against several counterparts: each one's reply anticipated apart, the gains summed.

        With one counterpart (or none) this is `evaluate` itself. With K counterparts each own
        candidate's utility is its value alone plus, for every counterpart, what that
        counterpart's anticipated reply adds to it: ``u = u_alone + sum_k (u_k - u_alone)``
        (an additively separable joint reply: the replies' effects on the decider add, with no
        interaction term). A patron with several clients thus weighs every client's reaction
        (Snyder 1997, alliance management; Crawford 2003, a pivot weighs both sides' replies;
        Putnam 1988, each table's reaction counts) without scoring the product of all replies.
        The reported reply is the first counterpart's.
        """
        if len(pairs) <= 1:
            other, replies = pairs[0] if pairs else (None, None)
            return self._timed(x, me, own, self.evaluate(x, me, own, other, replies))
        evs = [self.evaluate(x, me, own, other, replies) for other, replies in pairs]
        alone = self.evaluate(x, me, own, None, None)
        extra = len(evs) - 1
        parts = sum(ev.parts for ev in evs) - extra * alone.parts
        utility = sum(ev.utility for ev in evs) - extra * alone.utility
        return self._timed(x, me, own, Evaluation(utility, parts, evs[0].reply, evs[0].reply_probability))

    def _timed(self, x: np.ndarray, me: ActorParams, own: CandidateBlock, ev: Evaluation) -> Evaluation:
        """`ev` less the option each candidate gives up by committing publicly before its target
        can be launched (`model/commitment.py`); charged once, however many counterparts."""
        option = getattr(self, "option", None)  # null rules score no state and keep none
        if option is None or not option.active:
            return ev
        charge = option.charge(x, me, own.delta)
        if charge is None:
            return ev
        w = np.asarray(me.weights)
        w_dom = w[DOMESTIC] if w.ndim == 1 else w[:, DOMESTIC][:, None]
        penalty = np.where(own.legal, charge * w_dom, 0.0)
        parts = ev.parts.copy()
        parts[..., DOMESTIC] -= penalty
        return Evaluation(ev.utility - penalty, parts, ev.reply, ev.reply_probability)

    def decide(self, view: WorldView, me: ActorParams, own: Candidates,
               counterparts: list[tuple[ActorParams, Candidates]], u: float, attention=None) -> DecisionRecord:
        """Score one run's candidates against each counterpart's believed replies; draw one with
        the uniform number `u` (inverse CDF). A counterpart without a legal reply is left out.
        `attention` (`model/attention.py`), when active, reshapes the utilities before the draw."""
        block = CandidateBlock.single(own)
        pairs = [(other, CandidateBlock.single(replies), replies) for other, replies in counterparts
                 if replies is not None and len(replies)]
        ev = self.evaluate_all(view.x[None], me, block, [(o, rb) for o, rb, _ in pairs])
        notes = None
        if attention is not None and attention.active:
            table = attention.rows[me.id]
            rows = np.array([[table.get((m.name, t), -1) for m, t in zip(own.moves, own.targets)]],
                            dtype=np.intp).reshape(1, len(own))
            ev = attention.adjust(ev, me, rows, block.move)
            notes = attention.notes(me.id, rows)[0]
        p = self.probabilities(ev, me, block)
        choice = int(inverse_cdf(p, block.legal, np.array([u]))[0])
        keys = pairs[0][2].keys if pairs else []
        reply = ([(keys[b], float(q)) for b, q in zip(ev.reply[0], ev.reply_probability[0])]
                 if pairs else [("", 0.0)] * len(own))
        return DecisionRecord(view.tick, view.date, me.id, own.keys, ev.utility[0], ev.parts[0], p[0],
                              choice, reply, self.name, notes)

    # -- shared by the expected-utility rules ------------------------------------------------
    def _rows(self, runs: np.ndarray) -> DecisionRule:
        """This rule for a list of runs (repeats allowed): itself unless it holds per-run parameters."""
        if not getattr(self, "varies", False):
            return self
        from negotiation_sim.model.stacking import take_rule

        return take_rule(self, runs)

    def _buffer(self, shape: tuple[int, ...]) -> np.ndarray:
        """A scratch array for candidate states, reused between calls (fresh pages cost more than the work)."""
        buf = getattr(self, "_scratch", None)
        size = int(np.prod(shape))
        if buf is None or buf.size < size:
            buf = self._scratch = np.empty(max(size, int(1.5 * (buf.size if buf is not None else 0))))
        return buf[:size].reshape(shape)

    def _linear(self, xs: np.ndarray, a: str, b: str) -> tuple[np.ndarray | None, np.ndarray | None]:
        """The linear interest terms of two actors over the same states in one matrix product
        (one pass over the states instead of two), constants included; (None, None) where their
        matrices or constants differ by run."""
        ia, ib = self.interests[a], self.interests[b]
        if ia.linear.ndim != 2 or ib.linear.ndim != 2 or np.ndim(ia.const) != 1 or np.ndim(ib.const) != 1:
            return None, None
        flat = xs.reshape(-1, xs.shape[-1])
        linear = np.concatenate([ia.linear, ib.linear], axis=1)
        const = np.concatenate([ia.const, ib.const])
        if flat.flags.f_contiguous:  # slot-major states (see LookaheadQuantalResponse): terms-major product
            both = linear.T @ flat.T
            both += const[:, None]  # while the product is still in cache
            both = both.T
        else:
            both = flat @ linear
            both += const
        both = both.reshape(xs.shape[:-1] + (12,))
        return both[..., :6], both[..., 6:]

    def _bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """The state's bounds (lo, hi): per slot, or (runs, slots) on a rule stacked over runs."""
        bounds = getattr(self, "bounds", None)  # set on a rule stacked over runs
        return bounds if bounds is not None else (self.ix.layout.lo, self.ix.layout.hi)

    def _clip(self, xs: np.ndarray) -> np.ndarray:
        lo, hi = self._bounds()
        if lo.ndim == 2 and xs.ndim == 3:  # bounds that differ by run (a stacked layout)
            lo, hi = lo[:, None, :], hi[:, None, :]
        return np.clip(xs, lo, hi, out=xs)  # one pass; the same as maximum then minimum

    def _myopic(self, x, me, own) -> tuple[np.ndarray, np.ndarray]:
        """Utility parts of each own candidate alone, and their weighted sum."""
        xs = np.concatenate([x[:, None, :], x[:, None, :] + own.delta], axis=1)
        i = self.interests[me.id](self._clip(xs), me)
        ia = i[:, 1:] - own.cost - i[:, :1]
        w = np.asarray(me.weights)
        return _weighted(ia, w), ia * (w if w.ndim == 1 else w[:, None, :])


# A rule by its registered name, or a callable that builds one from a scenario index (e.g. a null
# rule with its base rates: functools.partial(BaseRateRule, rates=...), which pickles to workers).
RuleLike = str | Callable[[ScenarioIndex], DecisionRule]
