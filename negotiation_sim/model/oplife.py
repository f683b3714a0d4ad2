"""The life of a launched operation: demands to halt or limit it, their deadlines, what a stopped one is worth.

Core objects: `HaltSlots`, `add_life_slots` (called by `Layout`), `drift_life` (called by
`dynamics.advance`), `opposing_ops`, `kept_share` (what share of its value a launched operation
keeps in each status) and `LifeTerms` (vectorised interest terms of demands to halt or limit).

A launched operation can stop short of completion (`OpStatus` PAUSED, HALTED, CEASEFIRE,
WITHDRAWN; the moves are in `moves/oplife.py`). Wars end when continuing no longer pays more
than stopping (Goemans 2000; Reiter 2009): a stopped operation keeps only the gains made so far
(its progress), so halting costs its owner the rest of the operation's value, and what pushes it
to halt is the pressure of its patron (a demand to halt with a deadline) and the harm and strain
a running operation causes. A paused operation keeps a share (`pause_value`) of the value still
to be won, since it may resume.

A patron may instead demand that the operation be limited: narrowed to at most the scope it
tolerates (Reiter 2009: wars are fought for limited aims; Clausewitz, On War, book 8: the
political object sets the measure of the effort). The two demands share one demand slot and
one deadline per operation (one demand stands at a time); `op.<id>.limit_to` says what is
demanded: the widest scope allowed, or -1 for a halt (no scope meets it, only a stop does).

Slots exist only when the scenario opens `demand_halt` or `demand_limit` (its `moves:` list
names it, or it has no list), and `limit_to` only where it opens `demand_limit`, so a scenario
without these moves has the same state vector as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from negotiation_sim.model.codes import CEASEFIRE, COMPLETED, HALTED, LAUNCHED, PAUSED
from negotiation_sim.model.vector import clip, is_in, maximum, where

if TYPE_CHECKING:
    from negotiation_sim.model.index import ScenarioIndex
    from negotiation_sim.model.state import Layout
    from negotiation_sim.scenario.schema import Scenario

__all__ = ["HaltSlots", "add_life_slots", "drift_life", "opposing_ops", "kept_share", "LifeTerms",
           "opens_halt_demands", "opens_limit_demands", "opens_stop_moves", "STOP_MOVES", "HALT"]

ALLIANCE, DOMESTIC = 1, 2
_OPPOSITE = {"client": "adversary", "adversary": "client"}
#: The `limit_to` of a demand to halt: below every scope, so no narrowing meets it, only a stop.
HALT = -1.0
#: Scopes within this of the demanded limit meet it (a step of narrowing lands on it exactly
#: only up to rounding).
_EPS = 1e-9


@dataclass(frozen=True, slots=True)
class HaltSlots:
    """Slots of a patron's demand on one operation: to halt it, or (where open) to limit it."""

    op: str
    demand: int  # 1 while a partner's demand (to halt, or to limit) on the operation stands
    deadline: int  # days left before the demand's deadline (0 once it has passed)
    limit: int = -1  # the widest scope the demand allows (HALT for a halt); -1: no such slot


def opens_halt_demands(scenario: Scenario) -> bool:
    """Whether the scenario lets a patron demand a halt (its slots are then in the state)."""
    return scenario.moves is None or "demand_halt" in scenario.moves


def opens_limit_demands(scenario: Scenario) -> bool:
    """Whether the scenario lets a patron demand a limit (the `limit_to` slots are then in the state)."""
    return scenario.moves is None or "demand_limit" in scenario.moves


#: Moves that stop a launched operation (moves/oplife.py); the status codes past COMPLETED exist
#: only where a scenario opens one of them.
STOP_MOVES = ("pause_operation", "halt_operation", "accept_ceasefire", "withdraw_forces", "resume_operation")


def opens_stop_moves(scenario: Scenario) -> bool:
    """Whether the scenario opens a move that stops (or resumes) a launched operation."""
    return scenario.moves is None or any(m in scenario.moves for m in STOP_MOVES)


def add_life_slots(lay: Layout, scenario: Scenario) -> None:
    """Declare the demand slots of every operation (none if the scenario opens neither demand).

    `limit_to` comes after an operation's two halt slots, so a scenario that opens only
    `demand_halt` keeps the layout it had before demands to limit existed.
    """
    lay.halt: dict[str, HaltSlots] = {}
    limits = opens_limit_demands(scenario)
    if not (opens_halt_demands(scenario) or limits):
        return
    for op in scenario.operations:
        p = f"op.{op.id}."
        demand, deadline = lay._add(p + "halt_demand"), lay._add(p + "deadline", 0.0, 1e6)
        limit = lay._add(p + "limit_to", HALT, 1.0) if limits else -1
        lay.halt[op.id] = HaltSlots(op.id, demand, deadline, limit)


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
        if h.limit >= 0:  # what was demanded is cleared with the demand (a clean record)
            x[h.limit] = where(x[h.demand] >= 0.5, x[h.limit], 0.0)


def kept_share(status: np.ndarray, progress: np.ndarray, pause_value) -> np.ndarray:
    """The share of a launched operation's value its owner holds in each status (0 before launch).

    Running or completed: all of it (as before these statuses existed). Paused: the gains made
    plus `pause_value` of the rest (it may resume). Halted or in ceasefire: the gains made
    (Goemans 2000: a war stopped short keeps what was won). Withdrawn: nothing.
    """
    p = clip(progress, 0.0, 1.0)
    in_force = ((status >= LAUNCHED - 0.5) & (status < COMPLETED + 0.5)).astype(float)
    paused = (np.abs(status - PAUSED) < 0.5).astype(float)
    held = ((status >= HALTED - 0.5) & (status < CEASEFIRE + 0.5)).astype(float)
    return in_force + paused * (p + (1.0 - p) * pause_value) + held * p


class LifeTerms:
    """Interest terms of demands to halt or limit, for one actor.

    For the owner of an operation under a demand: alliance falls by ``demand_friction`` while
    the demand stands unmet, twice that once its deadline has passed (the partner's patience is
    spent). A demand to halt is unmet while it stands; a demand to limit, while the operation's
    scope exceeds the limit demanded. For a patron of the owner: once the deadline has passed
    and the operation still runs (beyond the limit, for a demand to limit), domestic standing
    falls by its ``audience_cost`` (an ultimatum defied, Fearon 1994), less the share
    ``breach_enforce_bonus`` times its squeeze on the owner's supply (a defied demand answered by
    a squeeze is enforced, as for a red line).
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
        # Where demands to limit exist (structure: every operation has a limit slot or none does),
        # what each demand allows and the scope it is measured against; else None.
        self.own_limit, self.own_scope = self._limits(lay, mine)
        patron = ix.specs[actor].role == "patron"
        theirs = [h for op, h in lay.halt.items() if patron and actor in ix.partners(ix.ops[op].owner)]
        self.p_demand = np.array([h.demand for h in theirs], dtype=np.intp)
        self.p_deadline = np.array([h.deadline for h in theirs], dtype=np.intp)
        self.p_status = np.array([lay.ops[h.op].status for h in theirs], dtype=np.intp)
        self.p_limit, self.p_scope = self._limits(lay, theirs)
        # (demands, stocks): the patron's stocks owned by each operation's owner (its squeeze)
        self.p_stock = np.array([[s.supplier == actor and s.owner == ix.ops[h.op].owner for s in stocks]
                                 for h in theirs], dtype=float).reshape(len(theirs), len(stocks))

    @staticmethod
    def _limits(lay, demands):
        """The `limit_to` and scope slots of `demands`, or (None, None) where no limit slots exist."""
        if not demands or demands[0].limit < 0:
            return None, None
        return (np.array([h.limit for h in demands], dtype=np.intp),
                np.array([lay.ops[h.op].scope for h in demands], dtype=np.intp))

    def __bool__(self) -> bool:
        return bool(self.own_demand.size or self.p_demand.size)

    def _p(self, v):
        return v[:, None] if self.batched and isinstance(v, np.ndarray) and v.ndim else v

    def __call__(self, x: np.ndarray, f, out: np.ndarray) -> None:
        if self.own_demand.size:
            demand = x[..., self.own_demand]
            if self.own_limit is not None:  # a demand to limit is met once the scope is within it
                demand = demand * (x[..., self.own_scope] > x[..., self.own_limit] + _EPS)
            overdue = demand * (x[..., self.own_deadline] <= 0.0)
            out[..., ALLIANCE] -= self._p(self.friction) * (demand + overdue).sum(axis=-1)
        if self.p_demand.size:
            running = (np.abs(x[..., self.p_status] - LAUNCHED) < 0.5).astype(float)
            defied = x[..., self.p_demand] * (x[..., self.p_deadline] <= 0.0) * running
            if self.p_limit is not None:
                defied = defied * (x[..., self.p_scope] > x[..., self.p_limit] + _EPS)
            squeeze = ((1.0 - f.armed)[..., None, :] * self.p_stock).max(axis=-1, initial=0.0)
            kept = clip(1.0 - self._p2(self.enforce) * squeeze, 0.0, 1.0)
            out[..., DOMESTIC] -= self._p(self.audience) * (defied * kept).sum(axis=-1)

    def _p2(self, v):
        """A per-run scalar against (runs, states, demands) values."""
        return v[:, None, None] if self.batched and isinstance(v, np.ndarray) and v.ndim else v
