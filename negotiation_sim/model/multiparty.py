"""More than two: who is whose client, joint positions of clients, third-party threats.

Core objects: `clients_of`, `co_clients`, `opposed_ops`, `add_multiparty_slots` (called by
`Layout`), `JointSlots`, and `MultiPartyTerms` (vectorised interest terms).

Relations come from supply: an actor that supplies a stock is that stock owner's patron
(`StockSpec.supplier`). Two clients of one patron may take a joint position toward it (Snyder
1997, alliance politics; Walt 1987, alignment): while it stands, a patron that squeezes the
supply of either pays in alliance standing, since it alienates both at once. A patron of an
adversary (it supplies an actor of role adversary) may threaten to join the war if the
adversary's opponent runs an operation against it (extended deterrence, Huth 1988): while the
threat stands, an operation under way carries a security risk for its owner and an escalation
risk for the owner's patrons (entrapment, Snyder 1984), and a defied threat costs the threatener at home
(audience cost, Fearon 1994).

Slots exist only where a scenario has such relations, so a scenario with one client per
patron and no patron of an adversary has the same state vector as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from negotiation_sim.model.codes import COMPLETED, LAUNCHED

if TYPE_CHECKING:
    from negotiation_sim.model.index import ScenarioIndex
    from negotiation_sim.model.state import Layout
    from negotiation_sim.scenario.schema import Scenario

__all__ = ["clients_of", "co_clients", "opposed_ops", "JointSlots", "add_multiparty_slots", "joint_key",
           "MultiPartyTerms"]

SECURITY, ALLIANCE, DOMESTIC, LEGITIMACY, HOSTAGES, ESCALATION = range(6)
_OPPOSITE = {"client": "adversary", "adversary": "client"}


def clients_of(scenario: Scenario, patron: str) -> list[str]:
    """The actors `patron` supplies, in stock order."""
    out: list[str] = []
    for s in scenario.stocks:
        if s.supplier == patron and s.owner != patron and s.owner not in out:
            out.append(s.owner)
    return out


def co_clients(scenario: Scenario, actor: str) -> list[str]:
    """Other clients (role client) of a patron that supplies `actor`, a client itself."""
    roles = {a.id: a.role for a in scenario.actors}
    if roles.get(actor) != "client":
        return []
    out: list[str] = []
    for p in {s.supplier for s in scenario.stocks if s.owner == actor}:
        for c in clients_of(scenario, p):
            if c != actor and roles.get(c) == "client" and c not in out:
                out.append(c)
    return out


def opposed_ops(scenario: Scenario, patron: str) -> list[str]:
    """Operations owned by the other side of `patron`'s clients: a patron of an adversary opposes
    the operations of clients (and conversely); its own clients' operations are never opposed."""
    roles = {a.id: a.role for a in scenario.actors}
    if roles.get(patron) != "patron":
        return []
    mine = clients_of(scenario, patron)
    enemy = {_OPPOSITE[roles[c]] for c in mine if roles[c] in _OPPOSITE}
    return [o.id for o in scenario.operations
            if o.owner not in mine and o.owner != patron and roles.get(o.owner) in enemy]


@dataclass(frozen=True, slots=True)
class JointSlots:
    """Slot of a joint position of two clients of one patron (1 while it stands)."""

    a: str
    b: str
    patrons: tuple[str, ...]
    slot: int


def add_multiparty_slots(lay: Layout, scenario: Scenario) -> None:
    """Declare joint-position and third-party-threat slots in the layout (none if not needed)."""
    lay.joint: dict[tuple[str, str], JointSlots] = {}
    roles = {a.id: a.role for a in scenario.actors}
    for a in scenario.actors:
        if a.role != "client":
            continue
        for b in co_clients(scenario, a.id):
            key = tuple(sorted((a.id, b)))
            if key in lay.joint:
                continue
            shared = tuple(p for p in dict.fromkeys(s.supplier for s in scenario.stocks)
                           if roles.get(p) == "patron" and set(key) <= set(clients_of(scenario, p)))
            lay.joint[key] = JointSlots(key[0], key[1], shared, lay._add(f"joint.{key[0]}.{key[1]}"))
    lay.third_party: dict[tuple[str, str], int] = {}
    for a in scenario.actors:
        for op in opposed_ops(scenario, a.id):
            lay.third_party[(a.id, op)] = lay._add(f"third_party.{a.id}.{op}")


def joint_key(a: str, b: str) -> tuple[str, str]:
    """The layout key of the joint position of `a` and `b`."""
    return (a, b) if a < b else (b, a)


class MultiPartyTerms:
    """The interest terms of joint positions and third-party threats for one actor.

    For a patron: alliance falls by ``coordination_leverage * joint * squeeze`` for every joint
    position of two of its clients, the squeeze being the harder of its squeezes on either
    client's supply (1 - how far it arms them). While an operation is under way (launched, not
    completed) and a third power's threat against it stands, its owner's security falls by
    ``third_party_risk * threat * scope`` (it may have to fight the protector too) and so does
    the escalation avoidance of the owner's patrons (they may be drawn in). For the
    threatener: domestic standing falls by its ``audience_cost`` times the same product (a
    threat defied and not carried out).
    """

    def __init__(self, ix: ScenarioIndex, actor: str):
        lay, m = ix.layout, ix.m
        self.batched = False
        self.leverage = m.coordination_leverage
        self.risk = m.third_party_risk
        stocks = list(ix.stocks.values())
        joint = [j for j in lay.joint.values() if actor in j.patrons]
        self.joint = np.array([j.slot for j in joint], dtype=np.intp)
        # (joints, stocks) masks: the patron's stocks owned by either member of each joint
        self.j_a = np.array([[s.supplier == actor and s.owner == j.a for s in stocks] for j in joint], dtype=float)
        self.j_b = np.array([[s.supplier == actor and s.owner == j.b for s in stocks] for j in joint], dtype=float)
        suppliers = {o.id: {s.supplier for s in stocks if s.owner == o.owner} for o in ix.ops.values()}
        threats = [(q, op, slot) for (q, op), slot in lay.third_party.items()
                   if ix.ops[op].owner == actor or actor in suppliers[op] or q == actor]
        opi = {o: i for i, o in enumerate(ix.ops)}
        self.t_slot = np.array([t[2] for t in threats], dtype=np.intp)
        self.t_op_status = np.array([lay.ops[t[1]].status for t in threats], dtype=np.intp)
        self.t_op = np.array([opi[t[1]] for t in threats], dtype=np.intp)
        self.t_threatener = np.array([t[0] == actor for t in threats], dtype=bool)
        self.t_owner = np.array([ix.ops[t[1]].owner == actor for t in threats], dtype=bool)
        self.t_patron = ~self.t_threatener & ~self.t_owner
        self.audience = ix.specs[actor].audience_cost

    def __bool__(self) -> bool:
        return bool(self.joint.size or self.t_slot.size)

    def _p(self, v):
        return v[:, None] if self.batched and isinstance(v, np.ndarray) and v.ndim else v

    def __call__(self, x: np.ndarray, f, out: np.ndarray) -> None:
        if self.joint.size:
            squeeze = 1.0 - f.armed  # (..., stocks)
            sa = (squeeze[..., None, :] * self.j_a).max(axis=-1)
            sb = (squeeze[..., None, :] * self.j_b).max(axis=-1)
            out[..., ALLIANCE] -= self._p(self.leverage) * (x[..., self.joint] * np.maximum(sa, sb)).sum(axis=-1)
        if self.t_slot.size:
            status = x[..., self.t_op_status]
            running = ((status >= LAUNCHED - 0.5) & (status < COMPLETED - 0.5)).astype(float)
            exposed = x[..., self.t_slot] * running * f.scope[..., self.t_op]
            if self.t_owner.any():  # the attacker risks fighting the protector too
                out[..., SECURITY] -= self._p(self.risk) * exposed[..., self.t_owner].sum(axis=-1)
            if self.t_patron.any():  # the attacker's patron risks being drawn in (entrapment)
                out[..., ESCALATION] -= self._p(self.risk) * exposed[..., self.t_patron].sum(axis=-1)
            if self.t_threatener.any():
                out[..., DOMESTIC] -= self._p(self.audience) * exposed[..., self.t_threatener].sum(axis=-1)
