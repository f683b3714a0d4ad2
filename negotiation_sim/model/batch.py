"""What move code reads in an ensemble: the state, parameters and beliefs of every run at once.

Core objects: `BatchView` (the state of every run, read by move code as `WorldView` is),
`OneRunView` (the same for a single run, read as floats), `BatchParams` (an actor's decision
parameters, one value per run) and `BatchBeliefs` (one actor's beliefs about another in every
run). `Ensemble` (model/ensemble.py) builds and updates them; moves only read them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from negotiation_sim.model.beliefs import Beliefs
from negotiation_sim.model.vector import where

__all__ = ["BatchView", "OneRunView", "BatchParams", "BatchBeliefs"]


class BatchView:
    """The state of every run, read the way a `WorldView` is (`at` returns one value per run)."""

    __slots__ = ("x", "layout", "tick", "date", "counts", "zeros")

    def __init__(self, x: np.ndarray, layout, tick: int, date, counts: dict, zeros: np.ndarray):
        self.x, self.layout, self.tick, self.date, self.counts, self.zeros = x, layout, tick, date, counts, zeros

    def __getitem__(self, name: str) -> np.ndarray:
        return self.x[:, self.layout.index[name]]

    def at(self, slot: int) -> np.ndarray:
        """The value of slot `slot` in every run."""
        return self.x[:, slot]

    def times_made(self, actor: str, move: str, target: str | None = None) -> np.ndarray:
        """How many times `actor` has made `move` on `target` so far, per run."""
        return self.counts.get((actor, move, target), self.zeros)


class OneRunView(BatchView):
    """A `BatchView` of a single run that reads slots as floats: move code then runs at the speed
    of plain Python, as in the reference model, instead of paying a NumPy call per comparison."""

    __slots__ = ()

    def __getitem__(self, name: str) -> float:
        return float(self.x[0, self.layout.index[name]])

    def at(self, slot: int) -> float:
        return float(self.x[0, slot])

    def times_made(self, actor: str, move: str, target: str | None = None) -> float:
        hit = self.counts.get((actor, move, target))
        return 0.0 if hit is None else float(hit[0])


@dataclass
class BatchParams:
    """An actor's decision parameters with one value per run (duck-types `ActorParams`).

    A believed record carries the believer's tolerance per operation (`tol`) and where it
    has one at all (`known`); elsewhere the truth is used, as in `ActorParams`.
    """

    id: str
    role: str
    counterpart: str | None
    resolve: object
    rationality: object
    audience_cost: object
    weights: np.ndarray
    tol: dict[str, np.ndarray] | None = None
    known: dict[str, np.ndarray] | None = None

    def believed_tolerance(self, op: str, default):
        """The believed tolerance on `op` where one is held, else `default`."""
        if self.tol is None or op not in self.tol:
            return default
        return where(self.known[op], self.tol[op], default)


class BatchBeliefs:
    """One actor's beliefs about another in every run; updated by `Beliefs.observe` (one code)."""

    observe = Beliefs.observe

    def __init__(self, about: str, alpha: np.ndarray, beta: np.ndarray, tol: dict, known: dict):
        self.about, self.alpha, self.beta, self.tol, self.known = about, alpha, beta, tol, known

    @property
    def resolve(self) -> np.ndarray:
        """Mean believed resolve per run."""
        return self.alpha / (self.alpha + self.beta)

    def _tolerance(self, op: str):
        if op not in self.tol:
            return 1.0
        return np.where(self.known[op], self.tol[op], 1.0)

    def _learn(self, op: str, cond, value) -> None:
        if cond is False:
            return
        n = self.alpha.shape[0]
        cond = np.broadcast_to(cond, (n,))
        old = self.tol.get(op, np.ones(n))
        self.tol[op] = np.where(cond, value, old)
        self.known[op] = self.known.get(op, np.zeros(n, dtype=bool)) | cond

