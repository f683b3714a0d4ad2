"""Moves in mediated talks with an adversary: offers, the precondition, a bridging proposal, a deal.

Sources: Rubinstein (1982) on alternating offers; Fearon (1995) on the bargaining range;
Putnam (1988) on win-sets; Israel Hayom (2025), "Dramatic move" (the late-May draft, Hamas
agreeing to stage A without first ending the war, the talks maturing in late July); public
record: Biden's speech of 31 May 2024 presenting the three-stage proposal.
"""

from __future__ import annotations

from negotiation_sim.model.talks import max_offer, reservation
from negotiation_sim.moves.base import Move, Signal, interest_vector, set_slot
from negotiation_sim.model.vector import all_of

__all__ = ["OfferTerms", "DropPrecondition", "AcceptDeal", "WalkOut", "BridgeProposal"]


class _TalksMove(Move):
    """A move in talks where the mover holds the role `_party` ("client", "adversary", "mediator")."""

    _party = "client"

    def targets(self, ix, me):
        return [t.id for t in ix.scenario.talks if getattr(t, self._party) == me.id]

    @staticmethod
    def _open(view, ix, target):
        return view.at(ix.layout.talks[target].open) >= 0.5


class OfferTerms(_TalksMove):
    """Improve the offer by one step (more prisoners, a longer pause).

    Sources: Rubinstein (1982); Putnam (1988): the offer stops at the top of the domestic
    win-set, which pressure from the hostages' families widens; Israel Hayom (2025), "Dramatic
    move": the draft of late May 2024 and the talks maturing toward late July.
    Precondition: talks open and one more step stays within the client's win-set. Effects: the
    offer rises by the talks' `step`; the client's domestic pressure eases by `offer_relief`.
    Cost: `concession_cost` in domestic standing (coalition partners oppose the deal).
    """

    name = "offer_terms"
    roles = frozenset({"client"})
    channel = "diplomatic"
    text = "{actor} improves its offer in {target}"
    option = "Improve your offer in {target} by one step"

    def allowed(self, view, ix, me, target):
        s = ix.layout.talks[target]
        step = ix.talks[target].step
        return all_of(self._open(view, ix, target),
                      view.at(s.offer) + step <= max_offer(view, ix, target) + 1e-9)

    def effect(self, view, ix, me, target, d):
        d[..., ix.layout.talks[target].offer] += ix.talks[target].step
        slot = ix.layout.pressure.get(me.id)
        if slot is not None:
            d[..., slot] -= ix.m.offer_relief * view.at(slot)

    def cost(self, ix, me, target):
        return interest_vector(domestic=ix.m.concession_cost)

    def signal(self, view, ix, me, target):
        return Signal(resolve=-1.0, cost=0.0)


class DropPrecondition(_TalksMove):
    """Agree to start the first stage of a deal without first ending the war.

    Sources: Israel Hayom (2025), "Dramatic move": for the first time Hamas agrees to enter
    stage A without demanding an end to the war (late May 2024); Fearon (1995): dropping
    a precondition opens the bargaining range. Precondition: talks open and
    the precondition still stands. Effects: the precondition is dropped, so an offer at or
    above the adversary's reservation can now be accepted.
    """

    name = "drop_precondition"
    roles = frozenset({"adversary"})
    _party = "adversary"
    channel = "diplomatic"
    text = "{actor} agrees to a first stage of a deal without an end to the war first ({target})"
    option = "Agree to start the first stage without an end to the war first ({target})"

    def allowed(self, view, ix, me, target):
        return all_of(self._open(view, ix, target), view.at(ix.layout.talks[target].precondition) >= 0.5)

    def effect(self, view, ix, me, target, d):
        set_slot(d, view, ix.layout.talks[target].precondition, 0.0)

    def signal(self, view, ix, me, target):
        return Signal(resolve=-0.5, cost=0.0)


class AcceptDeal(_TalksMove):
    """Accept the offer on the table: the deal is made.

    Sources: Rubinstein (1982): the responder accepts any offer at least its equilibrium share;
    Fearon (1995): a deal exists where both prefer it to their outside options. Precondition:
    talks open, the precondition dropped, and the offer at or above the adversary's reservation
    (the larger of its outside option and its Rubinstein share). Effects: talks end in a deal;
    the adversary obtains the offer; the client's domestic pressure halves.
    """

    name = "accept_deal"
    roles = frozenset({"adversary"})
    _party = "adversary"
    channel = "diplomatic"
    public = True
    text = "{actor} accepts the offer on the table: a deal is made ({target})"
    option = "Accept the offer on the table: make the deal ({target})"

    def allowed(self, view, ix, me, target):
        s = ix.layout.talks[target]
        return all_of(self._open(view, ix, target), view.at(s.precondition) < 0.5,
                      view.at(s.offer) >= reservation(view.x, ix, target) - 1e-9)

    def effect(self, view, ix, me, target, d):
        s = ix.layout.talks[target]
        set_slot(d, view, s.open, 0.0)
        set_slot(d, view, s.agreed, 1.0)
        set_slot(d, view, s.settled, view.at(s.offer))
        slot = ix.layout.pressure.get(ix.talks[target].client)
        if slot is not None:
            d[..., slot] -= 0.5 * view.at(slot)


class WalkOut(_TalksMove):
    """Leave the talks and take the outside option.

    Sources: Fearon (1995): a side whose outside option beats every settlement on offer has no
    reason to settle; Israel Hayom (2025), "Dramatic move": after Majdal Shams, Hamas expects a
    northern war. Precondition: talks open. Effects: talks collapse; the adversary takes its
    outside option (its value is kept in `walked`). Cost: `talks_engagement` in legitimacy
    (the mediators blame the side that leaves).
    """

    name = "walk_out"
    roles = frozenset({"adversary"})
    _party = "adversary"
    channel = "diplomatic"
    public = True
    text = "{actor} walks out of {target}"
    option = "Walk out of {target}"

    def allowed(self, view, ix, me, target):
        return self._open(view, ix, target)

    def effect(self, view, ix, me, target, d):
        s = ix.layout.talks[target]
        set_slot(d, view, s.open, 0.0)
        set_slot(d, view, s.collapsed, 1.0)
        set_slot(d, view, s.walked, view.at(s.outside))

    def cost(self, ix, me, target):
        return interest_vector(legitimacy=ix.m.talks_engagement)

    def signal(self, view, ix, me, target):
        return Signal(resolve=1.0, cost=0.0)


class BridgeProposal(_TalksMove):
    """The mediator publicly presents terms halfway between the client's offer and its limit.

    Sources: public record: Biden presents the three-stage hostage-and-ceasefire proposal, as
    Israel's, in a speech (31 May 2024); Nash (1950): the symmetric split of what remains;
    Fearon (1994): a public proposal engages the client's audience, so the offer sticks.
    Precondition: talks open, the precondition dropped, no bridging proposal yet, and room of
    at least one step between the offer and the client's most. Effects: the offer rises to the midpoint of the offer and
    the client's most; the mediator's domestic pressure eases by `public_stance_relief`.
    """

    name = "bridge_proposal"
    roles = frozenset({"patron"})
    _party = "mediator"
    channel = "political"
    public = True
    text = "{actor} publicly presents bridging terms in {target}"
    option = "Present bridging terms publicly in {target}"

    def allowed(self, view, ix, me, target):
        s = ix.layout.talks[target]
        return all_of(self._open(view, ix, target), view.at(s.precondition) < 0.5, view.at(s.bridged) < 0.5,
                      max_offer(view, ix, target) - view.at(s.offer) >= ix.talks[target].step - 1e-9)

    def effect(self, view, ix, me, target, d):
        s = ix.layout.talks[target]
        set_slot(d, view, s.offer, (view.at(s.offer) + max_offer(view, ix, target)) / 2)
        set_slot(d, view, s.bridged, 1.0)
        slot = ix.layout.pressure.get(me.id)
        if slot is not None:
            d[..., slot] -= ix.m.public_stance_relief * view.at(slot)

    def signal(self, view, ix, me, target):
        return Signal(resolve=0.5, cost=0.0)
