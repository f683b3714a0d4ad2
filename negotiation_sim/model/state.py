"""The world state as one numeric vector with named slots.

Core objects: `Layout` (slot names, indices and bounds; `model/layout.py` builds a scenario's,
adding each mechanism's slots to the core ones declared here),
`OpSlots` / `StockSlots` / `CommitSlots` (the indices of one operation, stock or
commitment), and `WorldView` (the read-only view an actor decides from).

Keeping the state in one NumPy vector lets an actor score every pair of its own
move and the other side's reply in one array operation, which is what makes a
run take milliseconds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from negotiation_sim.model.codes import (  # noqa: F401  (the codes are also read from here)
    APPROVED,
    CEASEFIRE,
    COMPLETED,
    FLOWING,
    HALTED,
    HELD,
    LAUNCHED,
    LOCKED,
    NONE,
    PAUSED,
    PLANNING,
    PRESENTED,
    SLOWED,
    STOPPED,
    WITHDRAWN,
    OpStatus,
    Policy,
)

if TYPE_CHECKING:
    from negotiation_sim.scenario.schema import Scenario

__all__ = ["OpStatus", "Policy", "Layout", "OpSlots", "StockSlots", "CommitSlots", "WorldView"]


@dataclass(frozen=True, slots=True)
class OpSlots:
    """Slot indices of one operation."""

    id: str
    owner: str
    status: int
    scope: int
    progress: int
    readiness: int
    presented: int  # scope last presented to the patron, -1 if never
    demand: int  # 1 while a demand on this plan is outstanding
    waited: int  # ticks the plan has waited since it was prepared


@dataclass(frozen=True, slots=True)
class StockSlots:
    """Slot indices of one supplied stock (munitions, money, oil...)."""

    id: str
    owner: str
    supplier: str
    stock: int
    locked: int
    policy: int
    conserve: int
    # Only for stocks that declare them (-1 otherwise), so other scenarios keep their layout.
    reserves: int = -1  # the owner's reserve not yet drawn (finance, energy)
    alt: int = -1  # 0 = no other supplier sought; else 1 + days since it was approached


@dataclass(frozen=True, slots=True)
class CommitSlots:
    """Slot indices of one actor's public commitments on one operation."""

    actor: str
    op: str
    red_line: int
    threat: int
    threshold: int


class Layout:
    """Names, indices and bounds of every state slot of a scenario.

    Built by `negotiation_sim.model.layout.build_layout`: the constructor declares the core
    slots (pressures, trust, operations, stocks, commitments), each mechanism then adds its own
    with `_add`, and `seal` fixes the bounds. `stops`: the scenario opens a move that stops an
    operation (`model/oplife.py`), so a status may take the codes past COMPLETED.
    """

    def __init__(self, scenario: Scenario, *, stops: bool):
        self.names: list[str] = []
        self._lo: list[float] = []
        self._hi: list[float] = []
        self.index: dict[str, int] = {}
        for name in ("strain", "un_cover", "humanitarian", "escalation", "un_vote"):
            self._add(name)
        self.trust = {c.id: self._add(f"trust.{c.id}") for c in scenario.channels}
        self.pressure = {p.actor: self._add(f"pressure.{p.actor}") for p in scenario.pressures}
        self.ops: dict[str, OpSlots] = {}
        # The codes past COMPLETED exist only where a scenario opens a move that stops an operation:
        # elsewhere the bound stays COMPLETED, as before, so a look-ahead that adds two status
        # changes (a launch and an approval) is clipped as it always was.
        top = int(OpStatus.WITHDRAWN) if stops else int(OpStatus.COMPLETED)
        for op in scenario.operations:
            p = f"op.{op.id}."
            self.ops[op.id] = OpSlots(
                id=op.id,
                owner=op.owner,
                status=self._add(p + "status", 0, top),
                scope=self._add(p + "scope"),
                progress=self._add(p + "progress"),
                readiness=self._add(p + "readiness"),
                presented=self._add(p + "presented", -1, 1),
                demand=self._add(p + "demand"),
                waited=self._add(p + "waited", 0, 1e6),
            )
        self.stocks: dict[str, StockSlots] = {}
        for s in scenario.stocks:
            cap = s.capacity if s.capacity is not None else 1e12
            self.stocks[s.id] = StockSlots(
                id=s.id,
                owner=s.owner,
                supplier=s.supplier,
                stock=self._add(f"stock.{s.id}", 0, cap),
                locked=self._add(f"locked.{s.id}", 0, 1e12),
                policy=self._add(f"policy.{s.id}", 0, int(Policy.LOCKED)),
                conserve=self._add(f"conserve.{s.id}"),
                reserves=self._add(f"reserves.{s.id}", 0, 1e12) if s.reserves else -1,
                alt=self._add(f"alt.{s.id}", 0, 1e6) if s.alternative_supplier else -1,
            )
        self.commits: dict[tuple[str, str], CommitSlots] = {}
        for a in scenario.actors:
            if a.role != "patron":
                continue
            for op in scenario.operations:
                if op.owner == a.id:
                    continue
                p = f"commit.{a.id}.{op.id}."
                self.commits[(a.id, op.id)] = CommitSlots(
                    actor=a.id,
                    op=op.id,
                    red_line=self._add(p + "red_line"),
                    threat=self._add(p + "threat"),
                    threshold=self._add(p + "threshold"),
                )

    def seal(self) -> Layout:
        """Fix the bounds and the size once every slot is declared."""
        self.lo = np.array(self._lo)
        self.hi = np.array(self._hi)
        self.size = len(self.names)
        return self

    def _add(self, name: str, lo: float = 0.0, hi: float = 1.0) -> int:
        self.index[name] = len(self.names)
        self.names.append(name)
        self._lo.append(lo)
        self._hi.append(hi)
        return self.index[name]

    def __contains__(self, name: str) -> bool:
        return name in self.index

    def clip(self, x: np.ndarray) -> np.ndarray:
        """Clip a state vector (or a batch of them, last axis) into bounds, in place."""
        np.maximum(x, self.lo, out=x)  # two plain ufuncs: about twice as fast as np.clip here
        return np.minimum(x, self.hi, out=x)


class WorldView:
    """What an actor may see when it decides: the state, the date, the record of moves made.

    The state vector is a read-only copy: an actor cannot change the world
    except by the move it returns, and the model applies that move.
    """

    __slots__ = ("x", "layout", "tick", "date", "moves_made", "_counts")

    def __init__(self, x: np.ndarray, layout: Layout, tick: int, date: dt.date,
                 moves_made: dict[tuple[str, str, str | None], int]):
        self.x = x
        self.layout = layout
        self.tick = tick
        self.date = date
        self.moves_made = moves_made

    def __getitem__(self, name: str) -> float:
        return float(self.x[self.layout.index[name]])

    def at(self, slot: int) -> float:
        """The value of the slot with index `slot`."""
        return float(self.x[slot])

    def times_made(self, actor: str, move: str, target: str | None = None) -> int:
        """How many times `actor` has made `move` on `target` so far."""
        return self.moves_made.get((actor, move, target), 0)
