"""Null decision rules: what a model must beat to claim it explains anything.

Core objects: `UniformRule`, `NeverWaitRule`, `BaseRateRule` (registered in `RULES` as
``uniform``, ``never_wait`` and ``base_rate``) and `BaseRates`. Each gives probabilities over
the same legal candidates the model's own rule sees, on the same scenario files and events, so
that any difference in score comes from the decision rule alone. None of them looks at
utilities, beliefs or the historical record of the episode being scored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from negotiation_sim.model.decision import DecisionRecord, DecisionRule
from negotiation_sim.model.index import ScenarioIndex

__all__ = ["NullRule", "UniformRule", "NeverWaitRule", "BaseRateRule", "BaseRates", "NULL_RULES"]

NULL_RULES = ("uniform", "never_wait", "base_rate")


class NullRule(DecisionRule):
    """A rule that gives choice probabilities directly, without utilities.

    `decide` draws from `probabilities` with the same inverse-CDF draw as the model's rules,
    so a null rule and the model share the model's common random numbers.
    """

    def __init__(self, ix: ScenarioIndex):
        self.ix = ix  # no interest models: a null rule never scores a state

    def probabilities(self, me, keys: list[str], tick_days: int) -> np.ndarray:
        """Choice probabilities over the candidate keys (summing to 1)."""
        raise NotImplementedError

    def evaluate(self, view, me, own, other, replies):
        p = self.probabilities(me, own.keys, self.ix.calendar.tick_days)
        with np.errstate(divide="ignore"):
            return np.log(p), np.zeros((len(own), 6)), [("", 0.0)] * len(own)

    def decide(self, view, me, own, other, replies, u: float) -> DecisionRecord:
        keys = own.keys
        p = self.probabilities(me, keys, self.ix.calendar.tick_days)
        choice = min(int(np.searchsorted(np.cumsum(p), u * p.sum(), side="right")), len(keys) - 1)
        with np.errstate(divide="ignore"):
            logp = np.log(p)
        return DecisionRecord(view.tick, view.date, me.id, keys, logp, np.zeros((len(keys), 6)), p,
                              choice, [("", 0.0)] * len(keys), self.name)


class UniformRule(NullRule):
    """Pick uniformly among the legal moves, waiting included: a rule with no reasons.

    Sources: the "random" baseline of forecasting tournaments (Tetlock 2005, ch. 2) and the
    zero-rationality limit of logit quantal response (McKelvey and Palfrey 1995).
    """

    name = "uniform"

    def probabilities(self, me, keys, tick_days):
        return np.full(len(keys), 1.0 / len(keys))


class NeverWaitRule(NullRule):
    """Never wait: pick uniformly among the legal moves other than waiting (wait only if alone).

    Sources: the null that recall ("did the model make the recorded move near its date?")
    cannot tell from a real model, because it rewards acting all the time (Grimm et al. 2005
    on patterns that can and cannot falsify).
    """

    name = "never_wait"

    def probabilities(self, me, keys, tick_days):
        act = np.array([k != "wait" for k in keys], dtype=float)
        if not act.any():
            return np.full(len(keys), 1.0 / len(keys))
        return act / act.sum()


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

    def probabilities(self, me, keys, tick_days):
        counts = self.rates.move_counts
        w = np.array([0.0 if k == "wait" else counts.get(k.partition(":")[0], 0) + 1.0 for k in keys])
        waiting = np.array([k == "wait" for k in keys])
        if not (~waiting).any():
            return np.full(len(keys), 1.0 / len(keys))
        act = self.rates.act_probability(me.role, tick_days) if waiting.any() else 1.0
        p = np.where(waiting, (1.0 - act) / max(int(waiting.sum()), 1), act * w / w.sum())
        return p / p.sum()
