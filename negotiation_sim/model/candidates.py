"""An actor's candidates in every run: its `MoveTable` evaluated on a `BatchView`, packed for a rule.

Core objects: `evaluate` (legality and effect of every row in every run: one call of a move's
`allowed` per row whatever the number of runs), `believed` (the table as another actor believes
it: only rows that read the mover's tolerance are evaluated again), `costs` and `resolve_rows`
(each row's direct cost, and which rows' costs depend on the mover's resolve, which beliefs
change) and `pack` (a `CandidateBlock`: legal candidates first, padded to the largest count).
`Ensemble` (model/ensemble.py) calls them each tick.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from negotiation_sim.model.batch import BatchParams, BatchView
from negotiation_sim.model.decision import CandidateBlock
from negotiation_sim.model.kernels import legal_first
from negotiation_sim.model.tables import MoveTable

if TYPE_CHECKING:
    from negotiation_sim.model.attention import Attention
    from negotiation_sim.model.index import ScenarioIndex

__all__ = ["costs", "resolve_rows", "evaluate", "believed", "pack"]


def costs(table: MoveTable, ix: ScenarioIndex, n: int, me: BatchParams, rows=None,
          base: np.ndarray | None = None) -> np.ndarray:
    """Direct costs (runs, rows, 6) of the table's rows in `n` runs with parameters `me`.

    With `rows` and `base`: `base` with only those rows computed again (the rows whose cost
    depends on the mover's resolve, which beliefs change).
    """
    if base is None:
        cost = np.zeros((n, len(table.rows), 6))
        rows = range(len(table.rows))
    else:
        cost = base.copy()
    effort = ix.m.action_cost
    effort = effort[:, None] if isinstance(effort, np.ndarray) else effort
    for c in rows:
        move, target = table.rows[c]
        v = move.cost(ix, me, target)
        cost[:, c] = 0.0 if v is None else v
        if move.name != "wait":
            cost[:, c] += effort
    return cost


def resolve_rows(table: MoveTable, ix: ScenarioIndex, me: BatchParams) -> list[int]:
    """Rows of the table whose cost depends on the mover's resolve (`me` the mover's true parameters)."""
    out = []
    for c, (move, target) in enumerate(table.rows):
        lo = move.cost(ix, BatchParams(me.id, me.role, me.counterpart, 0.0, 1.0, 0.0, me.weights), target)
        hi = move.cost(ix, BatchParams(me.id, me.role, me.counterpart, 1.0, 1.0, 0.0, me.weights), target)
        if (lo is None) != (hi is None) or (lo is not None and not np.array_equal(lo, hi)):
            out.append(c)
    return out


def evaluate(table: MoveTable, view: BatchView, ix: ScenarioIndex, me: BatchParams,
             attention: Attention) -> tuple[np.ndarray, np.ndarray]:
    """Legality (runs, rows) and effects (runs, rows, slots) of every row of the table in every run."""
    n, size = view.x.shape[0], view.layout.size
    legal = np.zeros((n, len(table.rows)), dtype=bool)
    delta = np.zeros((n, len(table.rows), size))
    for c, (move, target) in enumerate(table.rows):
        if table.removed[c]:
            continue
        ok = move.allowed(view, ix, me, target)
        legal[:, c] = ok
        if move.name != "wait" and (ok if isinstance(ok, bool) else legal[:, c].any()):
            move.effect(view, ix, me, target, delta[:, c])
    attention.discount_delta(delta, attention.table_factor(table.actor))
    return legal, delta


def believed(table: MoveTable, view: BatchView, ix: ScenarioIndex, me: BatchParams, own: tuple,
             attention: Attention) -> tuple[np.ndarray, dict]:
    """The table as another actor believes it: rows that read the mover's tolerance evaluated
    again with the believed parameters `me` (their effects returned apart); the rest shared
    with `own`, the table's evaluation with the true parameters."""
    n, size = view.x.shape[0], view.layout.size
    legal, changed = own[0], {}
    if table.tol_rows:
        legal = legal.copy()
    for c in table.tol_rows:
        if table.removed[c]:
            continue
        move, target = table.rows[c]
        legal[:, c] = move.allowed(view, ix, me, target)
        if legal[:, c].any():
            d = changed[c] = np.zeros((n, size))
            move.effect(view, ix, me, target, d)
            attention.discount_delta(d, attention.factor(table.actor, move.name, target))
    return legal, changed


def pack(legal: np.ndarray, delta: np.ndarray, cost: np.ndarray, changed: dict | None = None,
         codes: np.ndarray | None = None) -> CandidateBlock:
    """Legal candidates first (table order), padded to the largest count, zero where padding.

    `changed` replaces the effects of some rows (row -> (runs, slots)); `codes` gives each
    table row's `move_code`, so a rule can see which move a candidate is.
    """
    if legal.shape[0] == 1:  # one run: no padding to arrange
        idx = np.flatnonzero(legal[0])
        d, c = delta[0, idx], cost[0, idx]
        for row, dr in (changed or {}).items():
            d[idx == row] = dr[0]
        return CandidateBlock(d[None], c[None], np.ones((1, idx.size), dtype=bool), idx[None],
                              None if codes is None else codes[idx][None])
    width = max(int(legal.sum(axis=1).max()), 1)
    order, ok, d, c = legal_first(legal, delta, cost, width)
    for row, dr in (changed or {}).items():
        at = (order == row) & ok
        if at.any():
            d[at] = dr[np.nonzero(at)[0]]
    return CandidateBlock(d, c, ok, np.where(ok, order, -1),
                          None if codes is None else np.where(ok, codes[order], -1))
