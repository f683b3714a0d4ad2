"""Limiting a running operation, and a patron's demand that it be limited.

Sources: Reiter (2009), How Wars End (belligerents fight for limited aims and narrow them as
fighting reveals what is within reach); Clausewitz (1832), On War, book 8 (the political object
sets the measure of the effort: limited war); Pillar (1983), Negotiating Peace (narrowing war
aims as a bargaining move short of ending the war); Fortna (2004), Peace Time (partial steps);
George (1991), Forceful Persuasion (a demand with a deadline). A limit narrows the operation's
scope on its issue while it goes on: harm falls with the scope by itself (harm ∝ scope in
`FeatureModel`). A demand to limit shares the demand slot and deadline of a demand to halt
(`model/oplife.py`); `op.<id>.limit_to` holds the widest scope it allows. No move names an actor
or a date.

Registered after every other module (`moves/__init__.py`): move codes are registration order.
"""

from __future__ import annotations

from negotiation_sim.model.oplife import _EPS
from negotiation_sim.model.state import LAUNCHED, PAUSED
from negotiation_sim.moves.base import Move, Signal, ease_pressure, interest_vector, set_slot
from negotiation_sim.moves.oplife import _ease_patrons, _status
from negotiation_sim.model.vector import all_of, is_in, maximum, set_slot_where

__all__ = ["LimitOperation", "DemandLimit"]


class LimitOperation(Move):
    """Limit a running or paused operation: narrow its scope by one step while it goes on.

    Sources: Reiter (2009): belligerents fight for limited aims and narrow them as fighting
    shows what is within reach; Clausewitz (1832), On War, book 8: the political object sets
    the measure of the effort; Pillar (1983): narrowing aims is a bargaining move short of
    ending a war. Precondition: the operation is running or paused and its scope is above 0.
    Effects: the scope falls by `concession_step` (a limit is a concession on scope made in the
    field, on the same scale as a plan's), not below 0, and harm with it; a standing demand to
    limit is met once the scope is within the limit demanded (not a demand to halt); strain
    eases by half of `press_strain`; the owner's patrons' political trust rises by a quarter of
    `pressure_trust_cost` and their domestic pressure eases by half of `reassurance_relief`
    (the fighting narrows but goes on). Cost: half of `concession_cost` at home.
    """

    name = "limit_operation"
    roles = frozenset({"client", "adversary"})
    target_kind = "own_operation"
    channel = "military"
    public = True
    text = "{actor} limits {target}: narrows its aims while it goes on"
    option = "Limit {target}: narrow its aims while it goes on"

    def allowed(self, view, ix, me, target):
        return all_of(is_in(_status(view, ix, target), (LAUNCHED, PAUSED)),
                      view.at(ix.layout.ops[target].scope) > _EPS)

    def effect(self, view, ix, me, target, d):
        s = ix.layout.ops[target]
        new = maximum(view.at(s.scope) - ix.m.concession_step, 0.0)
        set_slot(d, view, s.scope, new)
        h = ix.layout.halt.get(target)
        if h is not None and h.limit >= 0:  # structure: demands to limit exist in this scenario
            # a demand to halt has limit HALT (-1), below every scope: a limit never meets it
            met = all_of(view.at(h.demand) >= 0.5, new <= view.at(h.limit) + _EPS)
            for slot in (h.demand, h.deadline, h.limit):
                set_slot_where(d, view, slot, 0.0, met)
        d[..., ix.layout.index["strain"]] -= ix.m.press_strain / 2
        _ease_patrons(view, ix, me, target, ix.m.pressure_trust_cost / 4, d, relief=0.5)

    def cost(self, ix, me, target):
        return interest_vector(domestic=ix.m.concession_cost / 2)

    def signal(self, view, ix, me, target):
        return Signal(resolve=-0.5, cost=ix.m.concession_cost / 2)


class DemandLimit(Move):
    """Demand publicly that a running operation be limited to what the patron tolerates, with a deadline.

    Sources: George (1991), Forceful Persuasion: coercive diplomacy may ask for less than a
    stop, with a demand, a deadline and a punishment; Fearon (1994): a public demand engages
    audience costs; Reiter (2009) on third-party pressure to narrow a war's aims. Precondition:
    the scenario has limit demands, the partner's operation is running or paused, no demand
    (to halt or limit) stands, and its scope exceeds the patron's tolerance. Effects: the
    demand stands with `halt_deadline_days` to run and the limit at the patron's tolerance;
    strain rises by half of `red_line_strain`; political trust with the owner falls by
    `pressure_trust_cost`; the patron's domestic pressure eases by half of
    `public_stance_relief` times the cut demanded (scope less the limit: a demand to narrow is
    a smaller public stance than one to halt). While the scope exceeds the limit the owner
    pays `demand_friction` in alliance, twice after the deadline; after the deadline, an
    operation still running beyond the limit costs the patron its audience cost unless it
    squeezes supply (`LifeTerms`). Met by a limit within the limit, a halt, a ceasefire or a
    withdrawal.
    """

    name = "demand_limit"
    roles = frozenset({"patron"})
    target_kind = "partner_operation"
    channel = "political"
    public = True
    coercive = True
    reads_tolerance = True
    text = "{actor} demands publicly that {target} be limited, and sets a deadline"
    option = "Demand publicly that {target} be limited to what you tolerate, with a deadline"

    def allowed(self, view, ix, me, target):
        h = ix.layout.halt.get(target)
        if h is None or h.limit < 0:  # structure: the scenario has no limit demands
            return False
        return all_of(is_in(_status(view, ix, target), (LAUNCHED, PAUSED)), view.at(h.demand) < 0.5,
                      view.at(ix.layout.ops[target].scope) > ix.tolerance(view, me, target) + _EPS)

    def effect(self, view, ix, me, target, d):
        h = ix.layout.halt.get(target)
        if h is None or h.limit < 0:  # structure: never legal where the scenario has no limit demands
            return
        scope = view.at(ix.layout.ops[target].scope)
        limit = ix.tolerance(view, me, target)
        set_slot(d, view, h.demand, 1.0)
        set_slot(d, view, h.deadline, ix.m.halt_deadline_days)
        set_slot(d, view, h.limit, limit)
        d[..., ix.layout.index["strain"]] += ix.m.red_line_strain / 2
        for slot in ix.channels(me.id, ix.ops[target].owner, "political"):
            d[..., slot] -= ix.m.pressure_trust_cost
        ease_pressure(view, ix, me.id, ix.m.public_stance_relief / 2 * maximum(scope - limit, 0.0), d)

    def signal(self, view, ix, me, target):
        return Signal(resolve=1.0, cost=me.audience_cost * ix.m.threat_audience_share)
