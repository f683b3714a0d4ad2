"""Moves of more than two: clients of one patron coordinating, a third power threatening.

Sources: Snyder (1997), Alliance Politics (clients that align gain leverage over their
patron); Walt (1987), The Origins of Alliances; Huth (1988), Extended Deterrence and the
Prevention of War (a protector's threat on behalf of a protégé). The relations are read from
supply (`model/multiparty.py`); no move names an actor.
"""

from __future__ import annotations

from negotiation_sim.model.multiparty import co_clients, joint_key, opposed_ops
from negotiation_sim.model.state import COMPLETED
from negotiation_sim.moves.base import Move, Signal, interest_vector, set_slot
from negotiation_sim.model.vector import all_of, as_code

__all__ = ["JointRequest", "ThirdPartyThreat"]


class JointRequest(Move):
    """Take a joint position with another client of the same patron toward that patron.

    Sources: Snyder (1997): allies that coordinate raise the cost to their patron of squeezing
    either; Walt (1987) on alignment among the weaker. Precondition: the target is another
    client of a patron that supplies the mover, and no joint position of the two stands.
    Effects: the joint position stands (for both); strain rises by `coordination_strain` (the
    patron resents being faced by a bloc). While it stands, the patron loses
    `coordination_leverage` in alliance standing per unit of its squeeze on either client's
    supply (`MultiPartyTerms`), so releasing pays it more.
    """

    name = "joint_request"
    roles = frozenset({"client"})
    channel = "diplomatic"
    public = True
    text = "{actor} and {target} present a joint request to their common supplier"
    option = "Present a joint request with {target} to your common supplier"

    def targets(self, ix, me):
        return co_clients(ix.scenario, me.id)

    def allowed(self, view, ix, me, target):
        return view.at(ix.layout.joint[joint_key(me.id, target)].slot) < 0.5

    def effect(self, view, ix, me, target, d):
        set_slot(d, view, ix.layout.joint[joint_key(me.id, target)].slot, 1.0)
        d[..., ix.layout.index["strain"]] += ix.m.coordination_strain

    def signal(self, view, ix, me, target):
        return Signal(resolve=1.0, cost=ix.m.coordination_strain)


class ThirdPartyThreat(Move):
    """Threaten to join the war if an operation against one's client goes ahead (or continues).

    Sources: Huth (1988): extended deterrence, a protector threatening an attacker on behalf
    of a protégé; Schelling (1966) on threats that leave something to chance. The mover is a
    patron of an adversary; the target an operation of that adversary's opponent.
    Precondition: the operation is not completed and no such threat of the mover stands.
    Effects: the threat stands; while the operation runs, its owner and the owner's patrons
    lose `third_party_risk` per unit scope (its owner in security, their patrons in escalation
    avoidance), and the threatener loses
    its audience cost if defied (`MultiPartyTerms`). Cost: coercion, as a red line's.
    """

    name = "third_party_threat"
    roles = frozenset({"patron"})
    channel = "diplomatic"
    public = True
    coercive = True
    text = "{actor} threatens to join the war if {target} goes on"
    option = "Threaten to join the war if {target} goes on"

    def targets(self, ix, me):
        return opposed_ops(ix.scenario, me.id)

    def allowed(self, view, ix, me, target):
        return all_of(as_code(view.at(ix.layout.ops[target].status)) < COMPLETED,
                      view.at(ix.layout.third_party[(me.id, target)]) < 0.5)

    def effect(self, view, ix, me, target, d):
        set_slot(d, view, ix.layout.third_party[(me.id, target)], 1.0)

    def cost(self, ix, me, target):
        return interest_vector(escalation=ix.m.coercion_cost * (1 - me.resolve) / 2)

    def signal(self, view, ix, me, target):
        return Signal(resolve=1.0, cost=ix.m.coercion_cost / 2)
