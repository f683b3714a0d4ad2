"""Null decision rules: what a model must beat to claim it explains anything.

Core objects: `UniformRule`, `NeverWaitRule`, `BaseRateRule` (registered in `RULES` as
``uniform``, ``never_wait`` and ``base_rate``) and `BaseRates`. Each gives probabilities over
the same legal candidates the model's own rule sees, on the same scenario files and events, so
that any difference in score comes from the decision rule alone. None of them looks at
utilities, beliefs or the historical record of the episode being scored. They work in both
engines: a rule sees a block of runs (`CandidateBlock`) whose `move` row says which move each
candidate is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from negotiation_sim.model.decision import CandidateBlock, DecisionRule, Evaluation, move_code
from negotiation_sim.model.index import ScenarioIndex
from negotiation_sim.moves.base import MOVES

__all__ = ["NullRule", "UniformRule", "NeverWaitRule", "BaseRateRule", "BaseRates", "NULL_RULES"]

NULL_RULES = ("uniform", "never_wait", "base_rate")


class NullRule(DecisionRule):
    """A rule that gives choice probabilities directly, without utilities.

    It draws from `probabilities` with the same inverse-CDF draw as the model's rules, so a null
    rule and the model share the model's common random numbers.
    """

    def __init__(self, ix: ScenarioIndex):
        self.ix = ix  # no interest models: a null rule never scores a state

    def evaluate(self, x, me, own: CandidateBlock, other, replies) -> Evaluation:
        shape = own.legal.shape
        return Evaluation(np.zeros(shape), np.zeros(shape + (6,)), np.full(shape, -1, dtype=np.intp),
                          np.zeros(shape))

    def weights(self, me, own: CandidateBlock) -> np.ndarray:
        """Unnormalised weight of each candidate (runs, L); zero where illegal."""
        raise NotImplementedError

    def probabilities(self, ev, me, own: CandidateBlock) -> np.ndarray:
        w = np.where(own.legal, self.weights(me, own), 0.0)
        total = w.sum(axis=1, keepdims=True)
        uniform = own.legal / own.legal.sum(axis=1, keepdims=True)
        # a rule with no weight left on any legal move (never wait, and only waiting is legal)
        return np.where(total > 0, w / np.where(total > 0, total, 1.0), uniform)


_WAIT = None


def _waiting(own: CandidateBlock) -> np.ndarray:
    global _WAIT
    if _WAIT is None:
        _WAIT = move_code("wait")
    return own.move == _WAIT


class UniformRule(NullRule):
    """Pick uniformly among the legal moves, waiting included: a rule with no reasons.

    Sources: the "random" baseline of forecasting tournaments (Tetlock 2005, ch. 2) and the
    zero-rationality limit of logit quantal response (McKelvey and Palfrey 1995).
    """

    name = "uniform"

    def weights(self, me, own):
        return np.ones(own.legal.shape)


class NeverWaitRule(NullRule):
    """Never wait: pick uniformly among the legal moves other than waiting (wait only if alone).

    Sources: the null that recall ("did the model make the recorded move near its date?")
    cannot tell from a real model, because it rewards acting all the time (Grimm et al. 2005
    on patterns that can and cannot falsify).
    """

    name = "never_wait"

    def weights(self, me, own):
        return (~_waiting(own)).astype(float)


@dataclass(frozen=True)
class BaseRates:
    """How often actors move, and which moves they make, measured on other episodes' records.

    Attributes:
        moves_per_day: Recorded moves per actor-day, by role ("" = all roles pooled).
        move_counts: Recorded moves by move name.
        source: The episodes the rates were counted on.
    """

    moves_per_day: Mapping[str, float]
    move_counts: Mapping[str, int] = field(default_factory=dict)
    source: tuple[str, ...] = ()

    def act_probability(self, role: str, tick_days: int) -> float:
        """Chance of at least one move in a tick, from a Poisson rate of moves per day."""
        rate = self.moves_per_day.get(role, self.moves_per_day.get("", 0.0))
        return float(1.0 - np.exp(-rate * tick_days))


class BaseRateRule(NullRule):
    """Act at the base rate of other episodes, choosing moves by their frequency there.

    The chance of acting in a tick comes from the recorded moves per actor-day of the same role
    in the *other* episodes (a Poisson process); which move is chosen follows how often each
    move was recorded there (with add-one smoothing, so an unseen move is possible). Waiting
    takes the rest.

    Sources: the base-rate (climatological) reference forecast of forecast verification
    (Murphy 1973; Gneiting and Raftery 2007).
    """

    name = "base_rate"

    def __init__(self, ix: ScenarioIndex, rates: BaseRates | None = None):
        super().__init__(ix)
        self.rates = rates if rates is not None else BaseRates({"": 0.0})
        names = list(MOVES)
        self._count = np.array([self.rates.move_counts.get(n, 0) + 1.0 for n in names])

    def weights(self, me, own):
        wait = _waiting(own)
        legal = own.legal
        act = ~wait & legal
        freq = np.where(act, self._count[np.maximum(own.move, 0)], 0.0)
        share = freq / np.maximum(freq.sum(axis=1, keepdims=True), 1e-300)
        p_act = self.rates.act_probability(me.role, self.ix.calendar.tick_days)
        n_wait = (wait & legal).sum(axis=1, keepdims=True)
        any_act = act.any(axis=1, keepdims=True)
        p_act = np.where(n_wait > 0, p_act, 1.0)  # nothing to wait with: act
        p_act = np.where(any_act, p_act, 0.0)
        return np.where(wait, (1.0 - p_act) / np.maximum(n_wait, 1), p_act * share)
