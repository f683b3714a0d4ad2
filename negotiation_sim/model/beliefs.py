"""Beliefs about another actor's resolve and tolerance, updated from signals.

Core object: `Beliefs`. Resolve is a Beta distribution (Fearon 1995:
incomplete information about the other side's resolve); tolerance is a point
estimate of the widest plan scope the other side accepts on each operation,
pulled toward the bounds its moves reveal. Costly signals weigh more than
cheap talk (Fearon 1997).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from negotiation_sim.model.mechanics import Mechanics
from negotiation_sim.moves.base import Signal
from negotiation_sim.model.vector import all_of, maximum, where

__all__ = ["Beliefs"]


@dataclass(slots=True)
class Beliefs:
    """One actor's beliefs about another (`about`)."""

    about: str
    alpha: float
    beta: float
    tolerance: dict[str, float] = field(default_factory=dict)

    @classmethod
    def prior(cls, about: str, resolve: float, strength: float, tolerance: dict[str, float]) -> Beliefs:
        """A prior with mean `resolve` worth `strength` pseudo-observations."""
        r = min(max(resolve, 1e-3), 1 - 1e-3)
        return cls(about=about, alpha=r * strength, beta=(1 - r) * strength, tolerance=dict(tolerance))

    @property
    def resolve(self) -> float:
        """Mean believed resolve."""
        return self.alpha / (self.alpha + self.beta)

    def observe(self, signal: Signal, m: Mechanics, mask=True) -> None:
        """Update from a signal: weight by its cost, learn from what it reveals.

        Written once for one run (floats) and an ensemble (`mask` selects the runs in which the
        move was made; values are arrays with one entry per run).
        """
        weight = where(signal.cost <= 0, m.cheap_talk_weight, m.costly_signal_weight * signal.cost)
        if signal.resolve > 0:
            self.alpha = where(mask, self.alpha + weight * signal.resolve, self.alpha)
        elif signal.resolve < 0:
            self.beta = where(mask, self.beta - weight * signal.resolve, self.beta)
        if signal.reveals is not None:
            op, side, scope = signal.reveals
            current = self._tolerance(op)
            if side == "below":
                target = maximum(0.0, scope - m.concession_step / 2)
                self._learn(op, all_of(mask, current >= scope),
                            current + m.tolerance_learning * (target - current))
            elif side == "above":
                self._learn(op, all_of(mask, current < scope), scope)

    def _tolerance(self, op: str):
        """The believed tolerance on `op`, 1 (anything goes) before anything was learned."""
        return self.tolerance.get(op, 1.0)

    def _learn(self, op: str, cond, value) -> None:
        if cond:
            self.tolerance[op] = value
