"""Leverage beyond munitions: a one-off tranche, drawing reserves, turning to another supplier.

Sources: Baldwin (1985), Economic Statecraft: money and trade are instruments of influence like
arms, positive (a grant) as well as negative (a cut); Kirshner (1995), Currency and Coercion: a
target defends against monetary pressure by spending its reserves; Hirschman (1945), National
Power and the Structure of Foreign Trade: dependence, and so leverage, falls with the client's
alternative suppliers and rises with the cost of switching; Drezner (1999), The Sanctions
Paradox: third-party suppliers and the target's capacity to absorb a cut decide whether it works.

Which stocks a move can take is read from the stock's declared `kind`, `tranche`, `reserves`
and `alternative_supplier` (`negotiation_sim.scenario.leverage`), never from actor names: a
scenario that declares none of them offers none of these moves.
"""

from __future__ import annotations

from negotiation_sim.model.codes import HELD, LOCKED, SLOWED
from negotiation_sim.moves.base import Move, Signal, interest_vector, set_slot
from negotiation_sim.moves.kinds import stock_channel
from negotiation_sim.model.vector import all_of, any_of, is_in, minimum
from negotiation_sim.scenario.leverage import RESERVE_KINDS

__all__ = ["GrantTranche", "DrawReserves", "SeekOtherSupplier"]


def _squeezed(view, ix, stock):
    """The patron slows, holds or locks the supply: the client feels the squeeze."""
    return is_in(view.at(ix.layout.stocks[stock].policy), (SLOWED, HELD, LOCKED))


class GrantTranche(Move):
    """Grant a one-off tranche (a loan drawing, an emergency cargo) that adds to the stock once.

    Sources: Baldwin (1985), Economic Statecraft: positive sanctions (a grant, a loan) are
    leverage too, and cheaper to the relationship than a cut. Targets: stocks that declare a
    `tranche`. Precondition: fewer than `tranches` tranches granted on this stock so far.
    Effects: the stock rises once by `tranche` (no flow is changed); strain eases by half the
    cost of a slow-down; trust on the stock's channel rises. Read by the client as a soft hand.
    """

    name = "grant_tranche"
    roles = frozenset({"patron"})
    target_kind = "supplied_stock"
    channel = "political"
    text = "{actor} grants a one-off delivery of {target}"
    option = "Grant a one-off delivery of {target}"
    texts = {
        "finance": ("{actor} releases a one-off tranche of {target}", "Release a one-off tranche of {target}"),
        "energy": ("{actor} sends an emergency cargo of {target}", "Send an emergency cargo of {target}"),
        "aid": ("{actor} sends an extra convoy of {target}", "Send an extra convoy of {target}"),
    }

    def targets(self, ix, me):
        return [s for s in ix.supplied_by[me.id] if ix.stocks[s].tranche is not None]

    def allowed(self, view, ix, me, target):
        return view.times_made(me.id, self.name, target) < ix.stocks[target].tranches

    def effect(self, view, ix, me, target, d):
        st = ix.stocks[target]
        d[..., ix.layout.stocks[target].stock] += st.tranche
        d[..., ix.layout.index["strain"]] -= ix.m.supply_strain / 2
        for slot in ix.channels(me.id, st.owner, stock_channel(ix, target)):
            d[..., slot] += ix.m.pressure_trust_cost / 2

    def signal(self, view, ix, me, target):
        return Signal(resolve=-0.5, cost=0.0)


class DrawReserves(Move):
    """Draw down the client's own reserves to bridge a squeeze on money or energy.

    Sources: Kirshner (1995), Currency and Coercion: a target under monetary pressure spends
    reserves to defend itself, and reserves run out; Drezner (1999): the target's capacity to
    absorb a cut shapes the outcome. Targets: the client's finance or energy stocks that declare
    `reserves`. Precondition: some reserve is left, and the supply is squeezed (slowed, held or
    locked) or the stock is below its need. Effects: up to `reserves.draw` units move from the
    reserve into the stock. Cost: `reserves.cost` in domestic standing (austerity, a currency
    under strain).
    """

    name = "draw_reserves"
    roles = frozenset({"client"})
    target_kind = "owned_stock"
    channel = "political"
    text = "{actor} draws on its own reserves of {target}"
    option = "Draw on your own reserves of {target}"

    def targets(self, ix, me):
        return [s for s in ix.stocks_of[me.id]
                if ix.stocks[s].kind in RESERVE_KINDS and ix.stocks[s].reserves is not None]

    def allowed(self, view, ix, me, target):
        s = ix.layout.stocks[target]
        return all_of(view.at(s.reserves) > 1e-9,
                      any_of(_squeezed(view, ix, target), view.at(s.stock) < ix.stocks[target].need))

    def effect(self, view, ix, me, target, d):
        s = ix.layout.stocks[target]
        amount = minimum(ix.stocks[target].reserves.draw, view.at(s.reserves))
        d[..., s.stock] += amount
        d[..., s.reserves] -= amount

    def cost(self, ix, me, target):
        return interest_vector(domestic=ix.stocks[target].reserves.cost)


class SeekOtherSupplier(Move):
    """Turn to another supplier for a squeezed stock: partial substitution, late, at a strain.

    Sources: Hirschman (1945), National Power and the Structure of Foreign Trade: a client that
    can switch suppliers is less dependent, but switching is partial and slow; Drezner (1999),
    The Sanctions Paradox: third-party suppliers undercut a sanction. Targets: the client's
    stocks that declare an `alternative_supplier`. Precondition: not yet approached, and the
    supply is squeezed (slowed, held or locked). Effects: from `delay_days` after the approach,
    the other supplier replaces `share` of the supply the patron withholds (model.md, 7.1);
    strain rises by the supplier's `strain` (the patron resents a rival); trust on the stock's
    channel falls. A show of independence: a costly signal of resolve.
    """

    name = "seek_other_supplier"
    roles = frozenset({"client"})
    target_kind = "owned_stock"
    channel = "political"
    public = True
    text = "{actor} turns to another supplier for {target}"
    option = "Turn to another supplier for {target}"

    def targets(self, ix, me):
        return [s for s in ix.stocks_of[me.id] if ix.stocks[s].alternative_supplier is not None]

    def allowed(self, view, ix, me, target):
        return all_of(view.at(ix.layout.stocks[target].alt) < 1.0, _squeezed(view, ix, target))

    def effect(self, view, ix, me, target, d):
        st = ix.stocks[target]
        set_slot(d, view, ix.layout.stocks[target].alt, 1.0)
        d[..., ix.layout.index["strain"]] += st.alternative_supplier.strain
        for slot in ix.channels(me.id, st.supplier, stock_channel(ix, target)):
            d[..., slot] -= ix.m.pressure_trust_cost / 2

    def signal(self, view, ix, me, target):
        strain = ix.stocks[target].alternative_supplier.strain
        return Signal(resolve=1.0, cost=strain)
