"""Moves in the life of a launched operation: pause, halt, ceasefire, withdrawal, resumption, demands.

Sources: Goemans (2000), War and Punishment (wars end when continuing no longer pays); Reiter
(2009), How Wars End (fighting reveals information until stopping beats going on); Fortna
(2004), Peace Time (agreed ceasefires hold better than unilateral ones; breaking one costs);
Pillar (1983), Negotiating Peace (war termination as bargaining). The state of an operation is
its status slot (`OpStatus` PAUSED to WITHDRAWN); a patron's demand to halt lives in the
`op.<id>.halt_demand` and `op.<id>.deadline` slots (`model/oplife.py`), shared with demands to
limit (`moves/oplimit.py`, where `op.<id>.limit_to` says which). No move names an actor or a date.
"""

from __future__ import annotations

from negotiation_sim.model.oplife import HALT, opposing_ops
from negotiation_sim.model.state import CEASEFIRE, HALTED, LAUNCHED, PAUSED, WITHDRAWN
from negotiation_sim.moves.base import Move, Signal, ease_pressure, interest_vector, set_slot
from negotiation_sim.moves.plans import _ready  # the launch condition: forces and munitions
from negotiation_sim.model.vector import all_of, any_of, as_code, is_in, set_slot_where, where

__all__ = ["PauseOperation", "HaltOperation", "AcceptCeasefire", "WithdrawForces", "ResumeOperation",
           "DemandHalt"]


def _status(view, ix, op):
    return as_code(view.at(ix.layout.ops[op].status))


def _meet_demand(view, ix, op, d) -> None:
    """A standing demand to halt (or limit) `op` is met (if the scenario has such demands)."""
    h = ix.layout.halt.get(op)
    if h is not None:
        set_slot(d, view, h.demand, 0.0)
        set_slot(d, view, h.deadline, 0.0)
        if h.limit >= 0:
            set_slot(d, view, h.limit, 0.0)


def _ease_patrons(view, ix, me, op, trust_gain, d, relief: float = 1.0) -> None:
    """The owner's patrons see the fighting stop (or narrow): political trust rises, their
    pressure eases by `relief` times `reassurance_relief` of it."""
    for p in ix.partners(ix.ops[op].owner):
        for slot in ix.channels(me.id, p, "political"):
            d[..., slot] += trust_gain
        ease_pressure(view, ix, p, relief * ix.m.reassurance_relief, d)


class PauseOperation(Move):
    """Pause (limit) a running operation: it stands still, burns and harms nothing, and may resume.

    Sources: Reiter (2009): a belligerent limits a war while it learns whether going on pays;
    Pillar (1983) on pauses as bargaining moves. Precondition: the operation is running.
    Effect: status PAUSED (no progress, no launch burn, no harm); a standing demand to halt is
    not met by a pause. It keeps `pause_value` of the value still to be won.
    """

    name = "pause_operation"
    roles = frozenset({"client", "adversary"})
    target_kind = "own_operation"
    text = "{actor} pauses {target}"
    option = "Pause {target}"

    def allowed(self, view, ix, me, target):
        return _status(view, ix, target) == LAUNCHED

    def effect(self, view, ix, me, target, d):
        set_slot(d, view, ix.layout.ops[target].status, PAUSED)

    def signal(self, view, ix, me, target):
        return Signal(resolve=-0.5, cost=0.0)


class HaltOperation(Move):
    """Halt a running or paused operation: a unilateral ceasefire, which the other side may accept.

    Sources: Fortna (2004): a unilateral ceasefire is an offer, weaker than an agreed one;
    Goemans (2000): stopping short keeps only what was won. Precondition: the operation is
    running or paused. Effects: status HALTED (the operation keeps its progress as gains); a
    standing demand to halt is met; strain eases by `press_strain`; the owner's patrons' political
    trust rises by half of `pressure_trust_cost` and their domestic pressure eases by
    `reassurance_relief`. Cost: `concession_cost` at home (a halt short of victory).
    """

    name = "halt_operation"
    roles = frozenset({"client", "adversary"})
    target_kind = "own_operation"
    channel = "political"
    public = True
    text = "{actor} halts {target} (a unilateral ceasefire)"
    option = "Halt {target} (a unilateral ceasefire)"

    def allowed(self, view, ix, me, target):
        return is_in(_status(view, ix, target), (LAUNCHED, PAUSED))

    def effect(self, view, ix, me, target, d):
        set_slot(d, view, ix.layout.ops[target].status, HALTED)
        _meet_demand(view, ix, target, d)
        d[..., ix.layout.index["strain"]] -= ix.m.press_strain
        _ease_patrons(view, ix, me, target, ix.m.pressure_trust_cost / 2, d)

    def cost(self, ix, me, target):
        return interest_vector(domestic=ix.m.concession_cost)

    def signal(self, view, ix, me, target):
        return Signal(resolve=-1.0, cost=ix.m.concession_cost)


class AcceptCeasefire(Move):
    """Accept the other side's halt: both sides' operations stand in an agreed ceasefire.

    Sources: Fortna (2004): agreed ceasefires last longer than unilateral ones; Pillar (1983):
    a war ends by agreement when both prefer the terms to fighting on. Precondition: the mover's
    operation was launched and not yet in ceasefire or withdrawn (running, paused or halted),
    and an operation of the other side is halted (its standing offer). Effects: the mover's
    operation and every halted operation of the other side go to CEASEFIRE; standing demands to
    halt them are met; strain eases by `press_strain`; the mover's patrons' trust and pressure
    ease as for a halt. Cost: half of `concession_cost` at home (a reciprocal stop costs less).
    """

    name = "accept_ceasefire"
    roles = frozenset({"client", "adversary"})
    target_kind = "own_operation"
    channel = "diplomatic"
    public = True
    text = "{actor} accepts a ceasefire: {target} stops on both sides"
    option = "Accept a ceasefire: stop {target} while the other side stops"

    def allowed(self, view, ix, me, target):
        offers = [_status(view, ix, o) == HALTED for o in opposing_ops(ix, target)]
        return all_of(is_in(_status(view, ix, target), (LAUNCHED, PAUSED, HALTED)), any_of(*offers))

    def effect(self, view, ix, me, target, d):
        set_slot(d, view, ix.layout.ops[target].status, CEASEFIRE)
        _meet_demand(view, ix, target, d)
        for o in opposing_ops(ix, target):
            set_slot_where(d, view, ix.layout.ops[o].status, CEASEFIRE, _status(view, ix, o) == HALTED)
        d[..., ix.layout.index["strain"]] -= ix.m.press_strain
        _ease_patrons(view, ix, me, target, ix.m.pressure_trust_cost / 2, d)

    def cost(self, ix, me, target):
        return interest_vector(domestic=ix.m.concession_cost / 2)

    def signal(self, view, ix, me, target):
        return Signal(resolve=-0.5, cost=ix.m.concession_cost / 2)


class WithdrawForces(Move):
    """Pull forces back one stage from a halted operation or one in ceasefire.

    Sources: Fortna (2004): withdrawal and buffer zones make a ceasefire hold; Pillar (1983)
    on staged disengagement. Precondition: the operation is halted or in ceasefire and still
    holds ground (scope above 0). Effects: the scope falls by `withdrawal_step`; at the last
    stage the status is WITHDRAWN (scope 0: nothing kept); strain eases by half of
    `press_strain`; the patrons' trust and pressure ease as for a halt, by half.
    """

    name = "withdraw_forces"
    roles = frozenset({"client", "adversary"})
    target_kind = "own_operation"
    channel = "military"
    text = "{actor} pulls its forces back one stage from {target}"
    option = "Pull your forces back one stage from {target}"

    def allowed(self, view, ix, me, target):
        return all_of(is_in(_status(view, ix, target), (HALTED, CEASEFIRE)),
                      view.at(ix.layout.ops[target].scope) > 1e-9)

    def effect(self, view, ix, me, target, d):
        s = ix.layout.ops[target]
        new = view.at(s.scope) - ix.m.withdrawal_step
        last = new <= 1e-9
        set_slot(d, view, s.scope, where(last, 0.0, new))
        set_slot_where(d, view, s.status, WITHDRAWN, last)
        d[..., ix.layout.index["strain"]] -= ix.m.press_strain / 2
        _ease_patrons(view, ix, me, target, ix.m.pressure_trust_cost / 4, d)

    def signal(self, view, ix, me, target):
        return Signal(resolve=-0.5, cost=0.0)


class ResumeOperation(Move):
    """Resume a paused or halted operation, or break a ceasefire.

    Sources: Fortna (2004): breaking an agreed ceasefire costs trust and standing; Schelling
    (1966) on commitment by action. Precondition: the operation is paused, halted or in
    ceasefire, and forces and munitions are ready as for a launch. Effects: status LAUNCHED;
    from a halt, political and diplomatic trust with its patrons fall by half of
    `fait_accompli_trust_cost` and strain rises by half of `fait_accompli_strain`; from a
    ceasefire, by the whole of both, and the other side's operations in ceasefire are halted
    (their ceasefire is now one-sided). Cost: as a fait accompli, half of coercion x (1 - resolve).
    """

    name = "resume_operation"
    roles = frozenset({"client", "adversary"})
    target_kind = "own_operation"
    channel = "political"
    public = True
    coercive = True
    text = "{actor} resumes {target}"
    option = "Resume {target}"

    def allowed(self, view, ix, me, target):
        return all_of(is_in(_status(view, ix, target), (PAUSED, HALTED, CEASEFIRE)), _ready(view, ix, target))

    def effect(self, view, ix, me, target, d):
        status = _status(view, ix, target)
        set_slot(d, view, ix.layout.ops[target].status, LAUNCHED)
        # how much breaking the stop costs: none for a pause, half for a halt, all for a ceasefire
        breach = where(status == CEASEFIRE, 1.0, where(status == HALTED, 0.5, 0.0))
        for p in ix.partners(ix.ops[target].owner):
            for slot in ix.channels(me.id, p, "political", "diplomatic"):
                d[..., slot] -= breach * ix.m.fait_accompli_trust_cost
        d[..., ix.layout.index["strain"]] += breach * ix.m.fait_accompli_strain
        for o in opposing_ops(ix, target):
            set_slot_where(d, view, ix.layout.ops[o].status, HALTED,
                           all_of(status == CEASEFIRE, _status(view, ix, o) == CEASEFIRE))

    def cost(self, ix, me, target):
        return interest_vector(alliance=ix.m.coercion_cost * (1 - me.resolve) / 2)

    def signal(self, view, ix, me, target):
        return Signal(resolve=1.0, cost=ix.m.fait_accompli_trust_cost / 2)


class DemandHalt(Move):
    """Demand publicly that a running operation halt, with a deadline.

    Sources: Fearon (1994): a public demand engages audience costs; George (1991), Forceful
    Persuasion: an ultimatum names a demand, a deadline and a punishment; Reiter (2009) on
    third-party pressure to end a war. Precondition: the scenario has halt demands, the
    partner's operation is running or paused, and no such demand stands. Effects: the demand
    stands with `halt_deadline_days` to run; strain rises by half of `red_line_strain`; political
    trust with the owner falls by `pressure_trust_cost`; the patron's domestic pressure eases by
    half of `public_stance_relief` times the scope (it is seen to act). While the demand stands
    the owner pays `demand_friction` in alliance, twice after the deadline; after the deadline,
    a running operation costs the patron its audience cost unless it squeezes supply
    (`LifeTerms`). Met by a halt, a ceasefire or a withdrawal.
    """

    name = "demand_halt"
    roles = frozenset({"patron"})
    target_kind = "partner_operation"
    channel = "political"
    public = True
    coercive = True
    text = "{actor} demands publicly that {target} halt, and sets a deadline"
    option = "Demand publicly that {target} halt, with a deadline"

    def allowed(self, view, ix, me, target):
        h = ix.layout.halt.get(target)
        if h is None:  # structure: the scenario has no halt demands
            return False
        return all_of(is_in(_status(view, ix, target), (LAUNCHED, PAUSED)), view.at(h.demand) < 0.5)

    def effect(self, view, ix, me, target, d):
        h = ix.layout.halt.get(target)
        if h is None:  # structure: never legal where the scenario has no halt demands
            return
        set_slot(d, view, h.demand, 1.0)
        set_slot(d, view, h.deadline, ix.m.halt_deadline_days)
        if h.limit >= 0:  # where demands to limit exist too, say that this one is to halt
            set_slot(d, view, h.limit, HALT)
        d[..., ix.layout.index["strain"]] += ix.m.red_line_strain / 2
        for slot in ix.channels(me.id, ix.ops[target].owner, "political"):
            d[..., slot] -= ix.m.pressure_trust_cost
        ease_pressure(view, ix, me.id, ix.m.public_stance_relief / 2 * view.at(ix.layout.ops[target].scope), d)

    def signal(self, view, ix, me, target):
        return Signal(resolve=1.0, cost=me.audience_cost * ix.m.threat_audience_share)
