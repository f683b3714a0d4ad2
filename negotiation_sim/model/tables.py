"""An ensemble's tables: each actor's candidates, built once, and each decision, kept when asked.

Core objects: `MoveTable` (an actor's (move, target) pairs in the reference model's order, with
each row's move code and which rows read the mover's tolerance) and `DecisionTable` (every run's
decision of one actor at one tick, rows referring to its `MoveTable`). Built and filled by
`Ensemble` (model/ensemble.py); `EnsembleResult` reads the decision tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from negotiation_sim.model.decision import move_code
from negotiation_sim.moves import Move

__all__ = ["MoveTable", "DecisionTable"]


@dataclass
class MoveTable:
    """An actor's (move, target) pairs in the scenario, in the reference model's order."""

    actor: str
    rows: list[tuple[Move, str | None]]
    removed: np.ndarray = field(default=None)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        self.keys = [m.name if t is None else f"{m.name}:{t}" for m, t in self.rows]
        self.codes = np.array([move_code(m.name) for m, _ in self.rows], dtype=np.intp)
        self.tol_rows = [c for c, (m, _) in enumerate(self.rows) if m.reads_tolerance]
        if self.removed is None:
            self.removed = np.zeros(len(self.rows), dtype=bool)

    def row(self, move: str, target: str | None) -> int | None:
        """The row of a (move, target) pair, None if the actor has no such candidate."""
        key = move if target is None else f"{move}:{target}"
        return self.keys.index(key) if key in self.keys else None


@dataclass
class DecisionTable:
    """Every run's decision of one actor at one tick (kept when asked).

    Attributes:
        tick: The tick.
        actor: The deciding actor.
        rows: (runs, L) each candidate's row in the actor's `MoveTable` (-1: padding).
        legal: (runs, L) mask of real candidates.
        utility, probability: (runs, L).
        parts: (runs, L, 6).
        choice: (runs,) the drawn candidate (a position in `rows`).
        reply_rows: (runs, L) row of the counterpart's most likely reply in its table (-1: none).
        reply_probability: (runs, L).
    """

    tick: int
    actor: str
    rows: np.ndarray
    legal: np.ndarray
    utility: np.ndarray
    probability: np.ndarray
    parts: np.ndarray
    choice: np.ndarray
    reply_rows: np.ndarray
    reply_probability: np.ndarray
    attention: np.ndarray | None = None  # (runs, L, 2) issue salience, recent repeats (when on)
