"""Escalation ladders between pairs of actors: state slots, drift, interception and interest terms.

Core objects: `LadderSlots` (the slot indices of one ladder), `add_ladder_slots` (called by
`Layout`), `init_ladders`, `drift_ladders`, `interception`, `strike_size`, `new_rung` and
`ladder_linear_terms` (the linear interest terms the ladders add for one actor).

A ladder (Kahn 1965) is an ordered list of rungs, 0 = no direct hostilities .. top = open war.
Each side carries a grievance ("owed": an unanswered attack, which erodes its deterrence;
Schelling 1966), a legitimacy framing, the size of its last strike (a position on the ladder's
issue), the damage it has suffered, the restraint its patron presses on it, and whether it gave
its patron notice. A direct attack on the defended side is partly intercepted; the share
rises with the patron's defence cooperation and the trust on the military channel.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from negotiation_sim.model.codes import APPROVED, COMPLETED
from negotiation_sim.model.vector import clip, maximum, mean_of, minimum, where

if TYPE_CHECKING:
    from negotiation_sim.model.index import ScenarioIndex
    from negotiation_sim.model.state import Layout, WorldView
    from negotiation_sim.scenario.schema import LadderSpec, Scenario

__all__ = ["LadderSlots", "SideSlots", "add_ladder_slots", "init_ladders", "drift_ladders",
           "interception", "strike_size", "new_rung", "ladder_linear_terms", "ladders_of", "GRIEVANCE", "PendingRisk"]

SECURITY, ALLIANCE, DOMESTIC, LEGITIMACY, HOSTAGES, ESCALATION = range(6)
GRIEVANCE = 0.2  # an unanswered attack at least this large can be answered


@dataclass(frozen=True, slots=True)
class SideSlots:
    """Slot indices of one side of a ladder."""

    owed: int  # grievance: an unanswered attack, 0..1
    framed: int  # 1 once the side has framed the other's attack as one on its soil
    size: int  # size of its last strike, 0..1
    damage: int  # damage suffered, 0..1 (fades)
    restraint: int  # restraint pressed on it by its patron, 0..1 (fades)
    notified: int  # 1 while its patron has notice of its next strike
    illegit: int  # direct attack made without framing, 0..1 (legitimacy cost)
    ready: int  # preparation of a direct strike, 0..1 (1 = ready to launch)
    window: int  # 1 while a high-value enemy target abroad is within its reach (set by events)


@dataclass(frozen=True, slots=True)
class LadderSlots:
    """Slot indices of one ladder."""

    id: str
    a: str
    b: str
    top: int
    rung: int
    defence: int  # coalition defence cooperation for the defended side, 0..1
    intercepted: int  # share of the last barrage intercepted, 0..1
    sides: dict[str, SideSlots]

    def other(self, actor: str) -> str:
        """The other side of the ladder."""
        return self.b if actor == self.a else self.a


def add_ladder_slots(lay: Layout, scenario: Scenario) -> dict[str, LadderSlots]:
    """Declare every ladder's slots in the layout."""
    out: dict[str, LadderSlots] = {}
    for spec in scenario.ladders:
        p = f"ladder.{spec.id}."
        top = len(spec.rungs) - 1
        sides = {}
        for side in spec.between:
            q = f"{p}{side}."
            sides[side] = SideSlots(*(lay._add(q + n) for n in (
                "owed", "framed", "size", "damage", "restraint", "notified", "illegit", "ready", "window")))
        out[spec.id] = LadderSlots(spec.id, spec.between[0], spec.between[1], top,
                                   rung=lay._add(p + "rung", 0, top), defence=lay._add(p + "defence"),
                                   intercepted=lay._add(p + "intercepted"),
                                   sides=sides)
    return out


def init_ladders(x: np.ndarray, ix: ScenarioIndex) -> None:
    """Initial rungs and defence cooperation; the overall escalation level follows the rungs."""
    for spec in ix.scenario.ladders:
        s = ix.layout.ladders[spec.id]
        x[s.rung] = spec.initial
        x[s.defence] = spec.defence
    _overall(x, ix)


def _overall(x: np.ndarray, ix: ScenarioIndex) -> None:
    lad = ix.layout.ladders
    if lad:
        xt = x.T
        xt[ix.layout.index["escalation"]] = maximum(*[xt[s.rung] / s.top for s in lad.values()])


def drift_ladders(x: np.ndarray, ix: ScenarioIndex, date: dt.date) -> None:
    """One tick: grievances, damage and restraint fade (per day); a side with an unanswered
    attack prepares a direct strike (ready after its `strike_prep_days`); rungs are whole numbers."""
    m, days = ix.m, ix.calendar.tick_days
    keep_owed = (1.0 - m.grievance_decay) ** days
    keep_damage = (1.0 - m.damage_decay) ** days
    keep_restraint = (1.0 - m.restraint_decay) ** days
    xt = x.T  # xt[slot]: a float for one run, a view over runs for many
    for s in ix.layout.ladders.values():
        xt[s.rung] = np.round(xt[s.rung])
        for name, side in s.sides.items():
            ready = xt[side.ready]
            xt[side.ready] = where(xt[side.owed] >= GRIEVANCE,
                                   minimum(1.0, ready + days / ix.specs[name].strike_prep_days), ready)
            xt[side.owed] *= keep_owed
            xt[side.damage] *= keep_damage
            xt[side.restraint] *= keep_restraint
    _overall(x, ix)


def ladders_of(ix: ScenarioIndex, actor: str) -> list[LadderSlots]:
    """The ladders `actor` stands on."""
    return [s for s in ix.layout.ladders.values() if actor in (s.a, s.b)]


def interception(view: WorldView, ix: ScenarioIndex, ladder: str, target: str) -> float:
    """Share of a direct attack on `target` that is intercepted.

    The defended side intercepts ``base + gain * defence * military trust`` (the coalition
    that Kurilla ran from the IDF's operations centre); the other side intercepts nothing
    of a precision strike (the Isfahan radar was hit).
    """
    spec: LadderSpec = ix.ladders[ladder]
    if target != spec.defended:
        return 0.0
    s = ix.layout.ladders[ladder]
    trust = ix.channels(spec.defended, spec.defender, "military")
    mil = mean_of([view.at(k) for k in trust], 0.5)
    return clip(spec.interception_base + spec.interception_gain * view.at(s.defence) * mil, 0.0, 1.0)


def strike_size(view: WorldView, ix: ScenarioIndex, actor: str, ladder: str) -> float:
    """Size of the actor's next direct strike: its position on the ladder's issue, pulled toward
    its patron's position in proportion to the restraint pressed on it, kept in its win-set."""
    spec: LadderSpec = ix.ladders[ladder]
    own = ix.position(actor, spec.issue, 0.5)
    side = ix.layout.ladders[ladder].sides[actor]
    patrons = [p for p in ix.partners(actor) if ix.specs[p].role == "patron"]
    size = own
    if patrons:
        wanted = minimum(*[ix.position(p, spec.issue, own) for p in patrons])
        size = own + view.at(side.restraint) * (wanted - own)
    ws = ix.win_set(actor, spec.issue)
    return clip(size, ws.lo, ws.hi)


def new_rung(ix: ScenarioIndex, ladder: str, rung: float, size: float, direct: bool) -> float:
    """Rung after a strike: a covert strike reaches the covert rung; a direct one the direct rung,
    and a heavy one (size >= `heavy_strike`) climbs one rung above the current one."""
    spec: LadderSpec = ix.ladders[ladder]
    top = len(spec.rungs) - 1
    if not direct:
        return 1.0 * maximum(rung, spec.covert_rung)
    return 1.0 * where(size >= ix.m.heavy_strike, minimum(top, maximum(rung + 1, spec.direct_rung + 1)),
                       maximum(rung, spec.direct_rung))


class PendingRisk:
    """A patron's fear of entrapment (Snyder 1984) by what a client may yet do, over batches of states.

    Two sources, each times ``entrapment_fear``: a client's unanswered grievance on a ladder, the
    part the patron has not restrained (``owed * (1 - restraint)``); and a client operation on a
    ladder (its `front`) that the patron has approved and that has not ended, weighted by its
    scope and by the enemy's unbroken strength there (``scope * (1 - enemy damage)``): backing a
    ground war against an intact enemy risks the top of the ladder (public record: Washington
    backed a limited entry into Lebanon only after Hezbollah's command was struck, September 2024).
    """

    def __init__(self, ix: ScenarioIndex, actor: str):
        spec = ix.specs[actor]
        self.batched = False
        self.fear = spec.entrapment_fear if spec.role == "patron" else 0.0
        clients = set(ix.partners(actor))
        lay = ix.layout
        sides = [s.sides[c] for s in lay.ladders.values() for c in (s.a, s.b) if c in clients]
        self.owed = np.array([x.owed for x in sides], dtype=np.intp)
        self.restraint = np.array([x.restraint for x in sides], dtype=np.intp)
        ops = [o for o in ix.ops.values() if o.front is not None and o.owner in clients]
        enemy = [lay.ladders[o.front].sides[lay.ladders[o.front].other(o.owner)] for o in ops]
        self.op_status = np.array([lay.ops[o.id].status for o in ops], dtype=np.intp)
        self.op_scope = np.array([lay.ops[o.id].scope for o in ops], dtype=np.intp)
        self.op_enemy_damage = np.array([e.damage for e in enemy], dtype=np.intp)

    def __bool__(self) -> bool:
        fear = self.fear
        return bool((fear > 0 if isinstance(fear, float) else np.any(fear > 0))
                    and (self.owed.size or self.op_status.size))

    def __call__(self, x: np.ndarray, out: np.ndarray) -> None:
        risk = (x[..., self.owed] * (1.0 - x[..., self.restraint])).sum(axis=-1)
        if self.op_status.size:
            status = x[..., self.op_status]
            backed = ((status >= APPROVED) & (status < COMPLETED)).astype(float)
            intact = 1.0 - clip(x[..., self.op_enemy_damage], 0.0, 1.0)
            risk = risk + (backed * x[..., self.op_scope] * intact).sum(axis=-1)
        fear = self.fear[:, None] if self.batched and isinstance(self.fear, np.ndarray) else self.fear
        out[..., ESCALATION] -= fear * risk


def ladder_linear_terms(ix: ScenarioIndex, actor: str, linear: np.ndarray) -> None:
    """Add the ladders' linear interest terms for `actor` to the (slots, 6) matrix.

    On its own ladders: security falls with an unanswered attack (times `retaliation_drive`)
    and with damage suffered, and rises with damage dealt (half weight); escalation falls with
    the rung (times `deterrence_sensitivity`); legitimacy falls with unframed direct attacks
    (times `legitimacy_need`). A patron fears entrapment: escalation falls with the rung of
    every ladder its clients or the side it defends stand on (times `entrapment_fear`).
    """
    spec = ix.specs[actor]
    for s in ladders_of(ix, actor):
        me, other = s.sides[actor], s.sides[s.other(actor)]
        linear[me.owed, SECURITY] -= spec.retaliation_drive
        linear[me.damage, SECURITY] -= 1.0
        linear[other.damage, SECURITY] += 0.5
        linear[s.rung, ESCALATION] -= spec.deterrence_sensitivity / s.top
        linear[me.illegit, LEGITIMACY] -= spec.legitimacy_need
    if spec.role == "patron" and spec.entrapment_fear > 0:
        clients = set(ix.partners(actor))
        for lid, s in ix.layout.ladders.items():
            if actor in (s.a, s.b):
                continue
            if clients & {s.a, s.b} or ix.ladders[lid].defender == actor:
                linear[s.rung, ESCALATION] -= spec.entrapment_fear / s.top
