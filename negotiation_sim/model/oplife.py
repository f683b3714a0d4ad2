"""The life of a launched operation: demands to halt it, their deadlines, what a stopped one is worth.

Core objects: `HaltSlots`, `add_life_slots` (called by `Layout`), `drift_life` (called by
`dynamics.advance`), `opposing_ops`, `kept_share` (what share of its value a launched operation
keeps in each status) and `LifeTerms` (vectorised interest terms of demands to halt).

A launched operation can stop short of completion (`OpStatus` PAUSED, HALTED, CEASEFIRE,
WITHDRAWN; the moves are in `moves/oplife.py`). Wars end when continuing no longer pays more
than stopping (Goemans 2000; Reiter 2009): a stopped operation keeps only the gains made so far
(its progress), so halting costs its owner the rest of the operation's value, and what pushes it
to halt is the pressure of its patron (a demand to halt with a deadline) and the harm and strain
a running operation causes. A paused operation keeps a share (`pause_value`) of the value still
to be won, since it may resume.

Slots exist only when the scenario opens `demand_halt` (its `moves:` list names it, or it has
no list), so a scenario without the move has the same state vector as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from negotiation_sim.model.state import CEASEFIRE, COMPLETED, HALTED, LAUNCHED, PAUSED
from negotiation_sim.moves.vector import is_in, maximum, where

if TYPE_CHECKING:
    from negotiation_sim.model.index import ScenarioIndex
    from negotiation_sim.model.state import Layout
    from negotiation_sim.scenario.schema import Scenario

__all__ = ["HaltSlots", "add_life_slots", "drift_life", "opposing_ops", "kept_share", "LifeTerms",
           "opens_halt_demands", "opens_stop_moves", "STOP_MOVES"]

ALLIANCE, DOMESTIC = 1, 2
_OPPOSITE = {"client": "adversary", "adversary": "client"}


@dataclass(frozen=True, slots=True)
class HaltSlots:
    """Slots of a demand to halt one operation."""

    op: str
    demand: int  # 1 while a partner's demand to halt the operation stands
    deadline: int  # days left before the demand's deadline (0 once it has passed)


def opens_halt_demands(scenario: Scenario) -> bool:
    """Whether the scenario lets a patron demand a halt (its slots are then in the state)."""
    return scenario.moves is None or "demand_halt" in scenario.moves


#: Moves that stop a launched operation (moves/oplife.py); the status codes past COMPLETED exist
#: only where a scenario opens one of them.
STOP_MOVES = ("pause_operation", "halt_operation", "accept_ceasefire", "withdraw_forces", "resume_operation")


def opens_stop_moves(scenario: Scenario) -> bool:
    """Whether the scenario opens a move that stops (or resumes) a launched operation."""
    return scenario.moves is None or any(m in scenario.moves for m in STOP_MOVES)


def add_life_slots(lay: Layout, scenario: Scenario) -> None:
    """Declare the halt-demand slots of every operation (none if the scenario does not open the move)."""
    lay.halt: dict[str, HaltSlots] = {}
    if not opens_halt_demands(scenario):
        return
    for op in scenario.operations:
        p = f"op.{op.id}."
        lay.halt[op.id] = HaltSlots(op.id, lay._add(p + "halt_demand"), lay._add(p + "deadline", 0.0, 1e6))


def opposing_ops(ix: ScenarioIndex, op: str) -> list[str]:
    """Operations of the other side of `op`'s owner (a client's against an adversary's, and back)."""
    role = ix.specs[ix.ops[op].owner].role
    other = _OPPOSITE.get(role)
    return [o for o, spec in ix.ops.items() if ix.specs[spec.owner].role == other]


def drift_life(x: np.ndarray, ix: ScenarioIndex) -> None:
    """Count down the deadlines of standing demands; a demand lapses once its operation is not running.

    `x` is transposed as in `advance` (``x[slot]`` is that slot in every run).
    """
    lay, days = ix.layout, ix.calendar.tick_days
    for op, h in lay.halt.items():
        live = is_in(x[lay.ops[op].status], (LAUNCHED, PAUSED))
        x[h.demand] = where(live, x[h.demand], 0.0)
        x[h.deadline] = where(x[h.demand] >= 0.5, maximum(x[h.deadline] - days, 0.0), 0.0)


def kept_share(status: np.ndarray, progress: np.ndarray, pause_value) -> np.ndarray:
    """The share of a launched operation's value its owner holds in each status (0 before launch).

    Running or completed: all of it (as before these statuses existed). Paused: the gains made
    plus `pause_value` of the rest (it may resume). Halted or in ceasefire: the gains made
    (Goemans 2000: a war stopped short keeps what was won). Withdrawn: nothing.
    """
    p = np.clip(progress, 0.0, 1.0)
    in_force = ((status >= LAUNCHED - 0.5) & (status < COMPLETED + 0.5)).astype(float)
    paused = (np.abs(status - PAUSED) < 0.5).astype(float)
    held = ((status >= HALTED - 0.5) & (status < CEASEFIRE + 0.5)).astype(float)
    return in_force + paused * (p + (1.0 - p) * pause_value) + held * p


class LifeTerms:
    """Interest terms of demands to halt, for one actor.

    For the owner of an operation under a demand: alliance falls by ``demand_friction`` while
    the demand stands, twice that once its deadline has passed (the partner's patience is
    spent). For a patron of the owner: once the deadline has passed and the operation still
    runs, domestic standing falls by its ``audience_cost`` (an ultimatum defied, Fearon 1994),
    less the share ``breach_enforce_bonus`` times its squeeze on the owner's supply (a defied
    demand answered by a squeeze is enforced, as for a red line).
    """

    def __init__(self, ix: ScenarioIndex, actor: str):
        lay, m = ix.layout, ix.m
        self.batched = False
        self.friction = m.demand_friction
        self.enforce = m.breach_enforce_bonus
        self.audience = ix.specs[actor].audience_cost
        stocks = list(ix.stocks.values())
        mine = [h for op, h in lay.halt.items() if ix.ops[op].owner == actor]
        self.own_demand = np.array([h.demand for h in mine], dtype=np.intp)
        self.own_deadline = np.array([h.deadline for h in mine], dtype=np.intp)
        patron = ix.specs[actor].role == "patron"
        theirs = [h for op, h in lay.halt.items() if patron and actor in ix.partners(ix.ops[op].owner)]
        self.p_demand = np.array([h.demand for h in theirs], dtype=np.intp)
        self.p_deadline = np.array([h.deadline for h in theirs], dtype=np.intp)
        self.p_status = np.array([lay.ops[h.op].status for h in theirs], dtype=np.intp)
        # (demands, stocks): the patron's stocks owned by each operation's owner (its squeeze)
        self.p_stock = np.array([[s.supplier == actor and s.owner == ix.ops[h.op].owner for s in stocks]
                                 for h in theirs], dtype=float).reshape(len(theirs), len(stocks))

    def __bool__(self) -> bool:
        return bool(self.own_demand.size or self.p_demand.size)

    def _p(self, v):
        return v[:, None] if self.batched and isinstance(v, np.ndarray) and v.ndim else v

    def __call__(self, x: np.ndarray, f, out: np.ndarray) -> None:
        if self.own_demand.size:
            demand = x[..., self.own_demand]
            overdue = demand * (x[..., self.own_deadline] <= 0.0)
            out[..., ALLIANCE] -= self._p(self.friction) * (demand + overdue).sum(axis=-1)
        if self.p_demand.size:
            running = (np.abs(x[..., self.p_status] - LAUNCHED) < 0.5).astype(float)
            defied = x[..., self.p_demand] * (x[..., self.p_deadline] <= 0.0) * running
            squeeze = ((1.0 - f.armed)[..., None, :] * self.p_stock).max(axis=-1, initial=0.0)
            kept = np.clip(1.0 - self._p2(self.enforce) * squeeze, 0.0, 1.0)
            out[..., DOMESTIC] -= self._p(self.audience) * (defied * kept).sum(axis=-1)

    def _p2(self, v):
        """A per-run scalar against (runs, states, demands) values."""
        return v[:, None, None] if self.batched and isinstance(v, np.ndarray) and v.ndim else v

