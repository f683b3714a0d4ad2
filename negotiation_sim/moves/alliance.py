"""Moves in an alliance dispute over held supply: quiet diplomacy, hints, public blame, punishment.

Sources: Snyder (1984) on the alliance security dilemma; Fearon (1994) on audience costs;
Israel Hayom (2025), "No disaster occurred" (Gallant's discreet efforts, McGurk's hint, the
English video of June 2024, Sullivan's call, the low point).
"""

from __future__ import annotations

from negotiation_sim.model.state import HELD
from negotiation_sim.moves.base import Move, Signal, ease_pressure, interest_vector
from negotiation_sim.moves.kinds import stock_channel
from negotiation_sim.model.vector import all_of, as_code, maximum

__all__ = ["QuietDiplomacy", "SignalRelease", "PubliclyCriticize", "RefuseRelease"]


def _held(view, ix, stock):
    return as_code(view.at(ix.layout.stocks[stock].policy)) == HELD


class QuietDiplomacy(Move):
    """Work discreetly with the patron's defence establishment to free held supply.

    Sources: Israel Hayom (2025), "No disaster occurred": Gallant tries to resolve the held ship
    quietly and is invited to meet Austin in Washington (late June 2024); Kydd (2005) on
    reassurance. Precondition: the stock is held. Effects: defence trust rises by
    `quiet_diplomacy_gain`; strain eases by half that; the patron's domestic pressure eases
    by half of `reassurance_relief`.
    """

    name = "quiet_diplomacy"
    roles = frozenset({"client"})
    target_kind = "owned_stock"
    channel = "defence"
    text = "{actor} asks its partner's defence officials quietly to free {target}"
    option = "Ask your partner's defence officials quietly to free {target}"
    texts = {k: (f"{{actor}} asks its partner's {who} quietly to free {{target}}",
                 f"Ask your partner's {who} quietly to free {{target}}")
             for k, who in (("finance", "treasury officials"), ("energy", "energy officials"),
                            ("aid", "aid officials"), ("intelligence", "intelligence chiefs"),
                            ("diplomatic_cover", "diplomats"))}

    def allowed(self, view, ix, me, target):
        return _held(view, ix, target)

    def effect(self, view, ix, me, target, d):
        patron = ix.stocks[target].supplier
        for slot in ix.channels(me.id, patron, stock_channel(ix, target)):
            d[..., slot] += ix.m.quiet_diplomacy_gain
        d[..., ix.layout.index["strain"]] -= ix.m.quiet_diplomacy_gain / 2
        ease_pressure(view, ix, patron, ix.m.reassurance_relief / 2, d)


class SignalRelease(Move):
    """Hint privately that held supply will soon be released (cheap talk).

    Sources: Israel Hayom (2025), "No disaster occurred": a week before Gallant's trip McGurk
    tells him he can come back "with the ammunition ship"; Crawford and Sobel (1982) on cheap
    talk. Precondition: the stock is held and defence trust is at least 0.5. Effects: defence
    trust rises by half of `quiet_diplomacy_gain`; the client's domestic pressure eases by
    `offer_relief` (it expects the ship).
    """

    name = "signal_release"
    roles = frozenset({"patron"})
    target_kind = "supplied_stock"
    channel = "defence"
    text = "{actor} hints privately that {target} will soon be released"
    option = "Hint privately that {target} will soon be released"

    def allowed(self, view, ix, me, target):
        owner = ix.stocks[target].owner
        slots = ix.channels(me.id, owner, stock_channel(ix, target))
        if not slots:
            return False
        return all_of(_held(view, ix, target), maximum(*[view.at(k) for k in slots]) >= 0.5)

    def effect(self, view, ix, me, target, d):
        owner = ix.stocks[target].owner
        for slot in ix.channels(me.id, owner, stock_channel(ix, target)):
            d[..., slot] += ix.m.quiet_diplomacy_gain / 2
        ease_pressure(view, ix, owner, ix.m.offer_relief, d)

    def signal(self, view, ix, me, target):
        return Signal(resolve=-0.5, cost=0.0)


class PubliclyCriticize(Move):
    """Blame the patron in public for holding weapons (a video addressed to its public).

    Sources: Israel Hayom (2025), "No disaster occurred": Netanyahu's English video of 18 June
    2024 (public record) blaming the administration for holding weapons; the administration is
    incensed. Fearon (1994): a patron seen to yield to public pressure pays at home.
    Precondition: the stock is held. Effects: political trust falls by `criticism_trust_cost`;
    strain rises by `criticism_strain`; the client's domestic pressure eases by
    `criticism_relief`; the patron's domestic pressure rises by `criticism_backlash` (a release
    now looks like yielding).
    """

    name = "publicly_criticize"
    roles = frozenset({"client"})
    target_kind = "owned_stock"
    channel = "political"
    public = True
    coercive = True
    text = "{actor} publicly blames its partner for holding back {target}"
    option = "Blame your partner publicly for holding back {target}"

    def allowed(self, view, ix, me, target):
        return _held(view, ix, target)

    def effect(self, view, ix, me, target, d):
        m = ix.m
        patron = ix.stocks[target].supplier
        for slot in ix.channels(me.id, patron, "political"):
            d[..., slot] -= m.criticism_trust_cost
        d[..., ix.layout.index["strain"]] += m.criticism_strain
        ease_pressure(view, ix, me.id, m.criticism_relief, d)
        slot = ix.layout.pressure.get(patron)
        if slot is not None:
            d[..., slot] += m.criticism_backlash

    def cost(self, ix, me, target):
        return interest_vector(alliance=0.02)

    def signal(self, view, ix, me, target):
        return Signal(resolve=1.0, cost=0.1)


class RefuseRelease(Move):
    """Order publicly that held supply stays held "under any circumstances" (punishment).

    Sources: Israel Hayom (2025), "No disaster occurred": after the video, Sullivan tells
    Gallant the President has ordered the ship not to sail; Fearon (1994): standing firm
    after public defiance pays at home. Precondition: the stock is held and its owner has
    blamed the patron publicly for it in this run. Effects: strain rises by `supply_strain`;
    defence trust falls by `pressure_trust_cost`; the patron's domestic pressure eases by
    `public_stance_relief`. Cost: coercion, as holding.
    """

    name = "refuse_release"
    roles = frozenset({"patron"})
    target_kind = "supplied_stock"
    channel = "political"
    coercive = True
    text = "{actor} rules out releasing {target}"
    option = "Rule out releasing {target}"

    def allowed(self, view, ix, me, target):
        owner = ix.stocks[target].owner
        return all_of(_held(view, ix, target), view.times_made(owner, "publicly_criticize", target)
                      > view.times_made(me.id, self.name, target))

    def effect(self, view, ix, me, target, d):
        m = ix.m
        owner = ix.stocks[target].owner
        d[..., ix.layout.index["strain"]] += m.supply_strain
        for slot in ix.channels(me.id, owner, stock_channel(ix, target)):
            d[..., slot] -= m.pressure_trust_cost
        ease_pressure(view, ix, me.id, m.public_stance_relief, d)

    def cost(self, ix, me, target):
        return interest_vector(alliance=ix.m.coercion_cost * (1 - me.resolve) / 2)

    def signal(self, view, ix, me, target):
        return Signal(resolve=1.0, cost=ix.m.coercion_cost / 2)
