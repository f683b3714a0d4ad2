"""Moves on a supplied stock (munitions by default): slow, hold, release, deliver locked, conserve.

Sources: Israel Hayom (2025), "We chose to narrow gaps" (the stuttering supply
of 120 mm shells, the conservation order) and "No disaster occurred" (the held
ship of heavy bombs, the "interim deployment" compromise); Snyder (1984) on the
patron's leverage and the client's fear of abandonment.
"""

from __future__ import annotations

from negotiation_sim.model.codes import COMPLETED, LAUNCHED
from negotiation_sim.model.state import FLOWING, HELD, LOCKED, SLOWED
from negotiation_sim.moves.base import Move, Signal, interest_vector, set_slot
from negotiation_sim.moves.kinds import stock_channel
from negotiation_sim.model.vector import all_of, any_of, as_code, clip, is_array, is_in, maximum, where

__all__ = ["SlowShipment", "HoldShipment", "ReleaseShipment", "DeliverLocked", "ConserveMunitions"]


class _SupplyMove(Move):
    roles = frozenset({"patron"})
    target_kind = "supplied_stock"
    channel = "defence"

    def _policy(self, view, ix, stock):
        return as_code(view.at(ix.layout.stocks[stock].policy))


class SlowShipment(_SupplyMove):
    """Slow the supply of a munition type: a quiet, deniable squeeze.

    Sources: Israel Hayom (2025), "We chose to narrow gaps": the US supply of
    120 mm tank shells stutters in March 2024 over frustration with aid to Gaza.
    Precondition: supply is flowing. Effects: policy SLOWED; defence trust falls
    a little; strain rises. A costly signal of resolve; coercive.
    """

    name = "slow_shipment"
    coercive = True
    text = "{actor} slows deliveries of {target}"
    option = "Slow deliveries of {target}"
    texts = {
        "finance": ("{actor} slows disbursements of {target}", "Slow disbursements of {target}"),
        "aid": ("{actor} slows the convoys of {target}", "Slow the convoys of {target}"),
        "intelligence": ("{actor} slows the sharing of {target}", "Slow the sharing of {target}"),
        "diplomatic_cover": ("{actor} scales back {target}", "Scale back {target}"),
    }

    def allowed(self, view, ix, me, target):
        return self._policy(view, ix, target) == FLOWING

    def effect(self, view, ix, me, target, d):
        set_slot(d, view, ix.layout.stocks[target].policy, SLOWED)
        for slot in ix.channels(me.id, ix.stocks[target].owner, stock_channel(ix, target)):
            d[..., slot] -= ix.m.pressure_trust_cost / 2
        d[..., ix.layout.index["strain"]] += ix.m.supply_strain

    def cost(self, ix, me, target):
        return interest_vector(alliance=ix.m.coercion_cost * (1 - me.resolve) / 2)

    def signal(self, view, ix, me, target):
        return Signal(resolve=1.0, cost=ix.m.coercion_cost / 2)


class HoldShipment(_SupplyMove):
    """Hold a shipment outright to deter an operation the patron opposes.

    Sources: Israel Hayom (2025), "No disaster occurred": the Defense
    Department blocks a ship of 2,000 lb bombs to deter the Rafah entry; public
    record: about 1,800 2,000 lb and 1,700 500 lb bombs paused (May 2024).
    Fearon (1997): sinking costs signals resolve. Precondition: supply flowing or
    slowed. Effects: policy HELD; strain rises
    (twice the slow-down). While supply is held, a breached red line counts as
    enforced (no audience cost). Coercive, costly.
    """

    name = "hold_shipment"
    coercive = True
    text = "{actor} holds back the shipment of {target}"
    option = "Hold back the shipment of {target}"
    texts = {
        "finance": ("{actor} holds back the next tranche of {target}", "Hold back the next tranche of {target}"),
        "energy": ("{actor} halts deliveries of {target}", "Halt deliveries of {target}"),
        "aid": ("{actor} holds back the convoys of {target}", "Hold back the convoys of {target}"),
        "intelligence": ("{actor} stops sharing {target}", "Stop sharing {target}"),
        "diplomatic_cover": ("{actor} withholds {target}", "Withhold {target}"),
    }

    def allowed(self, view, ix, me, target):
        return is_in(self._policy(view, ix, target), (FLOWING, SLOWED))

    def effect(self, view, ix, me, target, d):
        set_slot(d, view, ix.layout.stocks[target].policy, HELD)
        d[..., ix.layout.index["strain"]] += 2 * ix.m.supply_strain
        for slot in ix.channels(me.id, ix.stocks[target].owner, stock_channel(ix, target)):
            d[..., slot] -= ix.m.pressure_trust_cost

    def cost(self, ix, me, target):
        return interest_vector(alliance=ix.m.coercion_cost * (1 - me.resolve))

    def signal(self, view, ix, me, target):
        return Signal(resolve=1.0, cost=ix.m.coercion_cost)


def at_stake(view, ix, owner: str):
    """How much of what a patron's hold bears on is still undecided: over the owner's operations,
    1 for one not yet launched, the share still to do (1 - progress) for one under way, 0 for one
    completed or stopped; 1 if the owner has none (the hold is then about no operation)."""
    out = None
    for op in ix.ops_of.get(owner, []):
        s = ix.layout.ops[op]
        status = as_code(view.at(s.status))
        left = where(status == LAUNCHED, 1.0 - clip(view.at(s.progress), 0.0, 1.0),
                     where(status >= COMPLETED, 0.0, 1.0))
        out = left if out is None else maximum(out, left)
    return 1.0 if out is None else out


class ReleaseShipment(_SupplyMove):
    """Let a slowed or held supply flow again.

    Sources: Israel Hayom (2025), "No disaster occurred": the release Gallant
    sought in June 2024; Fearon (1994): backing down is seen at home. Precondition: supply slowed or held. Effects: policy
    FLOWING; strain eases; defence trust rises; domestic pressure on the
    patron rises by the reversal cost times what is still at stake in the client's operations
    (`at_stake`: 1 before launch, the share still to do while one runs, 0 once done): a release
    while the dispute is live is a climb-down, one as the operation ends closes a review. Read by the client as backing down. Cost: legitimacy
    equal to the stock's `civilian_harm` (a weapon held because of civilian harm is costlier
    to free than one held alongside it; public record: the hold of May 2024 was explained by
    the 2,000 lb bombs' use in dense areas, and the 500 lb bombs were released in July).
    """

    name = "release_shipment"
    text = "{actor} lets {target} flow again"
    option = "Let {target} flow again"

    def allowed(self, view, ix, me, target):
        return is_in(self._policy(view, ix, target), (SLOWED, HELD))

    def effect(self, view, ix, me, target, d):
        set_slot(d, view, ix.layout.stocks[target].policy, FLOWING)
        d[..., ix.layout.index["strain"]] -= ix.m.supply_strain
        for slot in ix.channels(me.id, ix.stocks[target].owner, stock_channel(ix, target)):
            d[..., slot] += ix.m.pressure_trust_cost
        slot = ix.layout.pressure.get(me.id)
        if slot is not None:  # backing down is seen at home (Fearon 1994) while the dispute is live
            d[..., slot] += ix.m.reversal_cost * view.at(slot) * at_stake(view, ix, ix.stocks[target].owner)

    def cost(self, ix, me, target):
        harm = ix.stocks[target].civilian_harm
        return interest_vector(legitimacy=harm) if is_array(harm) or harm else None

    def signal(self, view, ix, me, target):
        return Signal(resolve=-1.0, cost=ix.m.coercion_cost / 2)


class DeliverLocked(_SupplyMove):
    """Deliver held munitions as emergency stock the client may not use ("interim deployment").

    Sources: Israel Hayom (2025), "No disaster occurred": the compromise was Gallant's
    proposal after his discreet efforts and his Washington trip failed to free the ship;
    the bombs arrive in Israel but stay unusable by the IDF (still so in January 2025);
    Snyder (1984): the client's fear of abandonment eased without entrapping the patron.
    Precondition: supply held, and the stock's owner has asked for it by quiet diplomacy
    (`quiet_diplomacy`) at least `interim_requests` times in this run: the patron does not
    invent the compromise, the client proposes it once quiet requests have failed (so a
    scenario without quiet diplomacy never delivers locked). Effects: policy LOCKED; strain
    eases by half the cost of holding; the client's fear of abandonment is eased (defence
    trust rises).
    """

    name = "deliver_locked"
    text = "{actor} delivers {target} as emergency stock its partner may not use"
    option = "Deliver {target} as emergency stock your partner may not use"
    texts = {
        "finance": ("{actor} pays {target} into an escrow account its partner may not draw on",
                    "Pay {target} into an escrow account your partner may not draw on"),
        "energy": ("{actor} delivers {target} into storage its partner may not draw on",
                   "Deliver {target} into storage your partner may not draw on"),
        "aid": ("{actor} pre-positions {target} that its partner may not hand out",
                "Pre-position {target} that your partner may not hand out"),
        "intelligence": ("{actor} shares {target} under a bar on its use",
                         "Share {target} under a bar on its use"),
        "diplomatic_cover": ("{actor} drafts {target} but does not table it",
                             "Draft {target} but do not table it"),
    }

    def allowed(self, view, ix, me, target):
        owner = ix.stocks[target].owner
        return all_of(self._policy(view, ix, target) == HELD,
                      view.times_made(owner, "quiet_diplomacy", target) >= ix.m.interim_requests)

    def effect(self, view, ix, me, target, d):
        set_slot(d, view, ix.layout.stocks[target].policy, LOCKED)
        d[..., ix.layout.index["strain"]] -= ix.m.supply_strain
        for slot in ix.channels(me.id, ix.stocks[target].owner, stock_channel(ix, target)):
            d[..., slot] += ix.m.pressure_trust_cost / 2


class ConserveMunitions(Move):
    """Order units to conserve a scarce munition.

    Sources: Israel Hayom (2025), "We chose to narrow gaps": tank crews are told
    to save as many shells as they can in March 2024; Snyder (1984): a client
    hedges against abandonment.
    Precondition: a munitions stock (units cannot ration money or oil), not yet conserving, and
    the supply is squeezed (slowed or held) or the stock is below half its need. Effects:
    the burn rate falls to `conserve_factor` of normal. Cost: a little security.
    """

    name = "conserve_munitions"
    roles = frozenset({"client"})
    target_kind = "owned_stock"
    text = "{actor} orders its forces to conserve {target}"
    option = "Order your forces to conserve {target}"

    def targets(self, ix, me):
        # Units in the field can ration shells, not a loan or an oil contract (those have
        # `draw_reserves` and `seek_other_supplier`).
        return [s for s in ix.stocks_of[me.id] if ix.stocks[s].kind == "munitions"]

    def allowed(self, view, ix, me, target):
        s = ix.layout.stocks[target]
        squeezed = is_in(view.at(s.policy), (SLOWED, HELD))
        return all_of(view.at(s.conserve) < 0.5,
                      any_of(squeezed, view.at(s.stock) < 0.5 * ix.stocks[target].need))

    def effect(self, view, ix, me, target, d):
        set_slot(d, view, ix.layout.stocks[target].conserve, 1.0)

    def cost(self, ix, me, target):
        return interest_vector(security=0.02)


