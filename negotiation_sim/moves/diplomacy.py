"""Diplomatic moves: red lines, threats, demands, private pressure, approval, UN cover.

Sources: Fearon (1994) on audience costs; Fearon (1997) on tying hands and
sinking costs; Schelling (1966) on commitments; Israel Hayom (2025), "We chose
to narrow gaps"; public record on UN Security Council resolution 2728.
"""

from __future__ import annotations

from negotiation_sim.model.state import APPROVED, PLANNING, PRESENTED
from negotiation_sim.moves.base import Move, Signal, ease_pressure, interest_vector, set_slot
from negotiation_sim.model.vector import all_of, as_code, is_in, set_slot_where, where

__all__ = [
    "Wait",
    "DeclareRedLine",
    "ThreatenConsequences",
    "DemandHumanitarianPlan",
    "PressPrivately",
    "AcceptPlan",
    "WithdrawUNCover",
    "GiveUNCover",
    "RecallDelegation",
]

_PENDING = (PLANNING, PRESENTED, APPROVED)


def _status(view, ix, op):
    return as_code(view.at(ix.layout.ops[op].status))


def _salience(view, ix, op):
    """How much the public cares about an operation: how ready it is to go (0..1)."""
    return view.at(ix.layout.ops[op].readiness)




class Wait(Move):
    """Do nothing this tick: the baseline every other move is compared with.

    Sources: every decision-theoretic model needs the status quo option
    (Bueno de Mesquita 1981). Always allowed; no effect.
    """

    name = "wait"
    roles = frozenset({"client", "patron", "adversary"})
    text = "{actor} waits"
    option = "Wait and see"


class DeclareRedLine(Move):
    """Declare publicly that an operation beyond what it tolerates crosses a red line.

    Sources: Fearon (1994): a public threat engages audience costs, which makes
    it credible; Israel Hayom (2025), "We chose to narrow gaps": Biden calls an
    entry into Rafah a "red line" (interview aired 9 March 2024, public record).
    Dixit and Pindyck (1994), Slantchev (2011): committing before the partner's forces are
    ready forgoes the option of committing later (a charge of the decision rule, model.md 7.18).
    Precondition: the partner has a plan not yet launched and no red line is in
    force. Effects: red line on, threshold = the patron's current tolerance,
    strain rises, domestic pressure eases in proportion to how imminent the
    operation is (its readiness: the public cares about what looms). If the partner later launches beyond
    the threshold and the patron does not enforce, the patron pays its audience cost.
    """

    name = "declare_red_line"
    roles = frozenset({"patron"})
    target_kind = "partner_operation"
    channel = "political"
    public = True
    text = "{actor} declares publicly that going ahead with {target} would cross a red line"
    option = "Declare publicly that {target} would cross a red line"
    reads_tolerance = True

    def allowed(self, view, ix, me, target):
        c = ix.layout.commits[(me.id, target)]
        return all_of(is_in(_status(view, ix, target), _PENDING), view.at(c.red_line) < 0.5)

    def effect(self, view, ix, me, target, d):
        c = ix.layout.commits[(me.id, target)]
        set_slot(d, view, c.red_line, 1.0)
        set_slot(d, view, c.threshold, ix.tolerance(view, me, target))
        d[..., ix.layout.index["strain"]] += ix.m.red_line_strain
        ease_pressure(view, ix, me.id, ix.m.public_stance_relief * _salience(view, ix, target), d)

    def signal(self, view, ix, me, target):
        return Signal(resolve=1.0, cost=me.audience_cost)


class ThreatenConsequences(Move):
    """Warn publicly of unspecified "consequences" if the partner goes ahead.

    Sources: Fearon (1994); Israel Hayom (2025), "We chose to narrow gaps":
    Harris says civilians have nowhere to go and warns of "consequences" (late March 2024).
    Precondition: a pending plan and no threat yet. Effects: threat on (a
    smaller audience cost than a red line), threshold set if none, pressure eases a little.
    """

    name = "threaten_consequences"
    roles = frozenset({"patron"})
    target_kind = "partner_operation"
    channel = "diplomatic"
    public = True
    text = "{actor} warns publicly of consequences if {target} goes ahead"
    option = "Warn publicly of consequences if {target} goes ahead"
    reads_tolerance = True

    def allowed(self, view, ix, me, target):
        c = ix.layout.commits[(me.id, target)]
        return all_of(is_in(_status(view, ix, target), _PENDING), view.at(c.threat) < 0.5)

    def effect(self, view, ix, me, target, d):
        c = ix.layout.commits[(me.id, target)]
        set_slot(d, view, c.threat, 1.0)
        set_slot_where(d, view, c.threshold, ix.tolerance(view, me, target), view.at(c.red_line) < 0.5)
        d[..., ix.layout.index["strain"]] += ix.m.red_line_strain / 2
        ease_pressure(view, ix, me.id, ix.m.public_stance_relief / 2 * _salience(view, ix, target), d)

    def signal(self, view, ix, me, target):
        return Signal(resolve=1.0, cost=me.audience_cost * ix.m.threat_audience_share)


class DemandHumanitarianPlan(Move):
    """Demand an evacuation and aid plan before any operation.

    Sources: Israel Hayom (2025), "We chose to narrow gaps": Blinken tells the
    cabinet it has no plan to evacuate civilians and none for aid (about 22
    March 2024). Cheap talk (Crawford and Sobel 1982): it moves beliefs little.
    Precondition: a plan in PLANNING or PRESENTED and no demand outstanding.
    Effects: a demand is outstanding (friction until met); diplomatic trust dips.
    Reveals: the presented scope is beyond the patron's tolerance.
    """

    name = "demand_humanitarian_plan"
    roles = frozenset({"patron"})
    target_kind = "partner_operation"
    channel = "diplomatic"
    text = "{actor} demands a plan to protect civilians and deliver aid before {target}"
    option = "Demand a plan to protect civilians and deliver aid before {target}"

    def allowed(self, view, ix, me, target):
        return all_of(is_in(_status(view, ix, target), (PLANNING, PRESENTED)),
                      view.at(ix.layout.ops[target].demand) < 0.5)

    def effect(self, view, ix, me, target, d):
        set_slot(d, view, ix.layout.ops[target].demand, 1.0)
        owner = ix.ops[target].owner
        for slot in ix.channels(me.id, owner, "diplomatic"):
            d[..., slot] -= ix.m.pressure_trust_cost / 2
        ease_pressure(view, ix, me.id, ix.m.public_stance_relief / 4 * _salience(view, ix, target), d)

    def signal(self, view, ix, me, target):
        p = view.at(ix.layout.ops[target].presented)  # the scope last presented, if any
        scope = where(p < 0, view.at(ix.layout.ops[target].scope), p)
        return Signal(resolve=0.5, cost=0.0, reveals=(target, "below", scope))


class PressPrivately(Move):
    """Press the partner hard in private, on the political channel (a shouting call).

    Sources: Israel Hayom (2025), "We chose to narrow gaps": a video call of
    Dermer and Hanegbi with Sullivan and Blinken ends in shouting (late March 2024);
    Crawford and Sobel (1982): words that cost the speaker nothing move beliefs little.
    Private, so no audience cost: it strains the channel more than it moves beliefs.
    Precondition: a plan in PLANNING or PRESENTED. Effects: political trust falls,
    strain rises. Reveals: the current scope is beyond the patron's tolerance.
    """

    name = "press_privately"
    roles = frozenset({"patron"})
    target_kind = "partner_operation"
    channel = "political"
    text = "{actor} presses its partner hard in private over {target}"
    option = "Press your partner hard in private over {target}"

    def allowed(self, view, ix, me, target):
        return is_in(_status(view, ix, target), (PLANNING, PRESENTED))

    def effect(self, view, ix, me, target, d):
        owner = ix.ops[target].owner
        for slot in ix.channels(me.id, owner, "political"):
            d[..., slot] -= 1.5 * ix.m.pressure_trust_cost
        d[..., ix.layout.index["strain"]] += ix.m.press_strain

    def signal(self, view, ix, me, target):
        scope = view.at(ix.layout.ops[target].scope)
        return Signal(resolve=0.5, cost=0.0, reveals=(target, "below", scope))


class AcceptPlan(Move):
    """Approve the partner's presented plan.

    Sources: Putnam (1988): agreement is possible where the win-sets overlap;
    Israel Hayom (2025), "We chose to narrow gaps" (the approval sought and never given).
    Precondition: a presented plan within the patron's tolerance. Effects:
    status APPROVED; political trust rises; strain eases. Reveals: the patron tolerates this scope.
    """

    name = "accept_plan"
    roles = frozenset({"patron"})
    target_kind = "partner_operation"
    channel = "political"
    text = "{actor} approves the plan for {target}"
    option = "Approve the plan for {target}"
    reads_tolerance = True

    def allowed(self, view, ix, me, target):
        return all_of(_status(view, ix, target) == PRESENTED,
                      view.at(ix.layout.ops[target].scope) <= ix.tolerance(view, me, target) + 1e-9)

    def effect(self, view, ix, me, target, d):
        set_slot(d, view, ix.layout.ops[target].status, APPROVED)
        owner = ix.ops[target].owner
        for slot in ix.channels(me.id, owner, "political"):
            d[..., slot] += ix.m.approval_gain
        d[..., ix.layout.index["strain"]] -= ix.m.approval_gain

    def signal(self, view, ix, me, target):
        scope = view.at(ix.layout.ops[target].scope)
        return Signal(resolve=-0.5, cost=0.0, reveals=(target, "above", scope))


class WithdrawUNCover(Move):
    """Abstain at the UN Security Council instead of vetoing: diplomatic cover withdrawn.

    Sources: public record: the US abstains on resolution 2728 (25 March 2024);
    Israel Hayom (2025), "We chose to narrow gaps": the fear of losing support
    at the UN; Fearon (1997): a costly signal. Precondition: a resolution is tabled (the `un_vote` slot, set by
    a dated event: the vote is exogenous, the patron's choice is not) and cover
    is given. Effects: UN cover 0 (the client's legitimacy suffers), strain
    rises, domestic pressure on the patron eases. Coercive and costly.
    """

    name = "withdraw_un_cover"
    roles = frozenset({"patron"})
    channel = "diplomatic"
    public = True
    coercive = True
    text = "{actor} withdraws its diplomatic cover at the UN and lets a resolution pass"
    option = "Withdraw your diplomatic cover at the UN: let the resolution pass"

    def allowed(self, view, ix, me, target):
        return all_of(view.at(ix.layout.index["un_vote"]) >= 0.5, view.at(ix.layout.index["un_cover"]) >= 0.5)

    def effect(self, view, ix, me, target, d):
        set_slot(d, view, ix.layout.index["un_cover"], 0.0)
        d[..., ix.layout.index["strain"]] += ix.m.un_strain
        ease_pressure(view, ix, me.id, ix.m.public_stance_relief, d)

    def cost(self, ix, me, target):
        return interest_vector(alliance=ix.m.coercion_cost * (1 - me.resolve) / 2)

    def signal(self, view, ix, me, target):
        return Signal(resolve=1.0, cost=ix.m.coercion_cost / 2)


class GiveUNCover(Move):
    """Shield the partner at the UN again (veto or vote against hostile resolutions).

    Sources: public record of US vetoes on Gaza resolutions (October 2023 to
    February 2024); Snyder (1984): a patron reassures a client that fears abandonment.
    Precondition: a resolution is tabled and cover was withdrawn.
    Effects: UN cover 1; strain eases a little; domestic pressure on the patron
    rises by the reversal cost.
    """

    name = "give_un_cover"
    roles = frozenset({"patron"})
    channel = "diplomatic"
    public = True
    text = "{actor} shields its partner at the UN again"
    option = "Shield your partner at the UN again"

    def allowed(self, view, ix, me, target):
        return all_of(view.at(ix.layout.index["un_vote"]) >= 0.5, view.at(ix.layout.index["un_cover"]) < 0.5)

    def effect(self, view, ix, me, target, d):
        set_slot(d, view, ix.layout.index["un_cover"], 1.0)
        d[..., ix.layout.index["strain"]] -= ix.m.un_strain / 2
        ease_pressure(view, ix, me.id, -ix.m.reversal_cost, d)

    def signal(self, view, ix, me, target):
        return Signal(resolve=-0.5, cost=0.0)


class RecallDelegation(Move):
    """Cancel a planned delegation in protest: a public counter-signal.

    Sources: public record: Netanyahu cancels a delegation's Rafah trip to
    Washington after the US abstains on resolution 2728 (25 March 2024);
    Schelling (1966) on signalling resolve. Precondition: the patron has
    withdrawn UN cover and no delegation was recalled before. Effects: political
    trust falls, strain rises, domestic pressure on the client eases. Cost: a little alliance.
    """

    name = "recall_delegation"
    roles = frozenset({"client"})
    channel = "political"
    public = True
    text = "{actor} cancels a delegation's visit in protest"
    option = "Cancel a delegation's visit in protest"

    def allowed(self, view, ix, me, target):
        return all_of(view.at(ix.layout.index["un_cover"]) < 0.5, view.times_made(me.id, self.name) == 0)

    def effect(self, view, ix, me, target, d):
        for p in ix.partners(me.id):
            for slot in ix.channels(me.id, p, "political"):
                d[..., slot] -= ix.m.pressure_trust_cost
        d[..., ix.layout.index["strain"]] += ix.m.red_line_strain
        ease_pressure(view, ix, me.id, ix.m.counter_signal_relief, d)

    def cost(self, ix, me, target):
        return interest_vector(alliance=0.02)

    def signal(self, view, ix, me, target):
        return Signal(resolve=1.0, cost=0.02)
