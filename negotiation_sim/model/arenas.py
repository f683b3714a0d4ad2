"""Arenas in the state: resolutions on an agenda, members' declared votes, and the settlement.

Core objects: `ResolutionSlots`, `add_arena_slots` (called by `Layout`), `settle_resolutions`
(called by `dynamics.advance`, so both engines settle votes with the same code),
`resolutions_of` (the items an actor may act on) and the codes `OFF`, `TABLED`, `ADOPTED`,
`REJECTED`, `VETOED` (a resolution's status) and `UNDECLARED`, `YES`, `ABSTAIN`, `VETO` (a vote).

A resolution is tabled by a member (a move), members declare their votes (moves), and the vote
is taken when every member has declared or `deadline_days` after tabling, with the votes then
declared: it is adopted with at least `threshold` yes votes (Voeten 2005: the Council
legitimises by a qualified majority). A veto ends the vote at once (its own move). Adoption
moves the `un_cover` slot, the cover the interest model reads for UN support (7.2), by the
resolution's `effect`, times the arena's `emergency_weight` when a wider body adopted it in an
emergency session (Uniting for Peace: a recommendation, not a decision; Hurd 2007). A scenario
without arenas declares none of these slots.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from negotiation_sim.model.vector import all_of, any_of, where

if TYPE_CHECKING:
    from negotiation_sim.model.index import ScenarioIndex
    from negotiation_sim.model.state import Layout
    from negotiation_sim.scenario.schema import Scenario

__all__ = ["ResolutionSlots", "add_arena_slots", "settle_resolutions", "resolutions_of",
           "OFF", "TABLED", "ADOPTED", "REJECTED", "VETOED", "UNDECLARED", "YES", "ABSTAIN", "VETO"]

OFF, TABLED, ADOPTED, REJECTED, VETOED = 0, 1, 2, 3, 4
UNDECLARED, YES, ABSTAIN, VETO = 0, 1, 2, 3


@dataclass(frozen=True, slots=True)
class ResolutionSlots:
    """Slot indices and structure of one resolution on an arena's agenda.

    Numbers (effect, deadline, threshold, emergency weight) are read from the index
    (`ix.resolutions`, `ix.arenas`), where they may differ by run in an ensemble.
    """

    id: str
    arena: str
    concerns: str
    vetoers: frozenset[str]
    status: int  # OFF .. VETOED
    age: int  # ticks since it was tabled (or reopened)
    emergency: int  # 1 once it is before a wider body (no veto there)
    votes: dict[str, int]  # member actor id -> slot of its declared vote


def add_arena_slots(lay: Layout, scenario: Scenario) -> dict[str, ResolutionSlots]:
    """Declare every resolution's slots in the layout (none for a scenario without arenas)."""
    out: dict[str, ResolutionSlots] = {}
    for ar in scenario.arenas:
        for r in ar.resolutions:
            p = f"res.{r.id}."
            out[r.id] = ResolutionSlots(
                id=r.id, arena=ar.id, concerns=r.concerns,
                vetoers=frozenset(m.actor for m in ar.members if m.veto),
                status=lay._add(p + "status", 0, VETOED),
                age=lay._add(p + "age", 0, 1e6),
                emergency=lay._add(p + "emergency"),
                votes={m.actor: lay._add(f"{p}vote.{m.actor}", 0, VETO) for m in ar.members},
            )
    return out


def resolutions_of(ix: ScenarioIndex, actor: str) -> list[str]:
    """The resolutions on the agenda of every arena `actor` is a member of, in file order."""
    return [r.id for r in ix.layout.resolutions.values() if actor in r.votes]


def settle_resolutions(x, ix: ScenarioIndex) -> None:
    """Take the vote on every tabled resolution that is due, in place (one tick of drift).

    `x` is indexed by slot first (``x.T`` of the engine's array): values are floats for one run
    and arrays for many. A tabled item ages by one tick; it is due when every member has
    declared or its deadline has passed. Adopted with at least `threshold` yes votes: the
    cover moves by the effect (weighted in an emergency session); otherwise rejected.
    """
    days = ix.calendar.tick_days
    un = ix.layout.index["un_cover"]
    for r in ix.layout.resolutions.values():
        spec, arena = ix.resolutions[r.id], ix.arenas[r.arena]
        tabled = x[r.status] == TABLED
        x[r.age] += where(tabled, 1.0, 0.0)
        declared = all_of(*(x[v] != UNDECLARED for v in r.votes.values()))
        due = all_of(tabled, any_of(declared, x[r.age] * days >= spec.deadline_days))
        yes = sum(where(x[v] == YES, 1.0, 0.0) for v in r.votes.values())
        adopted = all_of(due, yes >= arena.threshold)
        weight = where(x[r.emergency] >= 0.5, arena.emergency_weight, 1.0)
        x[un] += where(adopted, spec.effect * weight, 0.0)
        x[r.status] = where(adopted, float(ADOPTED), where(due, float(REJECTED), x[r.status]))
