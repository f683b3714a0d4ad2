"""Moves of an actor that owns a military operation: plan, refine, present, launch, reassure.

Sources: Israel Hayom (2025), sections "We chose to narrow gaps" and "No
disaster occurred"; Schelling (1966) and Altman (2017) on the fait accompli;
Putnam (1988) on win-sets.
"""

from __future__ import annotations

from negotiation_sim.model.state import APPROVED, LAUNCHED, NONE, PLANNING, PRESENTED
from negotiation_sim.moves.base import Move, Signal, interest_vector, set_slot
from negotiation_sim.model.vector import all_of, as_code, is_in

__all__ = [
    "PreparePlan",
    "RefinePlan",
    "PresentPlan",
    "ActUnilaterally",
    "LaunchAgreedOperation",
    "ReassureWithInformation",
]

_OPEN = (PLANNING, PRESENTED, APPROVED)


def _status(view, ix, op):
    return as_code(view.at(ix.layout.ops[op].status))


def _ready(view, ix, op):
    """Forces are available and the munitions stock suffices for the plan's scope.

    A narrower plan needs fewer munitions: the required share of need is
    ``min_stock_ratio * (0.4 + 0.6 * scope)`` (the article's "with what we had").
    """
    spec = ix.ops[op]
    s = ix.layout.ops[op]
    forces = view.at(s.readiness) >= spec.readiness_needed
    if spec.stock is None:
        return forces
    st = ix.stocks[spec.stock]
    need = spec.min_stock_ratio * (0.4 + 0.6 * view.at(s.scope))
    return all_of(forces, view.at(ix.layout.stocks[spec.stock].stock) / st.need >= need)


def _patrons(ix, op) -> list[str]:
    return ix.partners(ix.ops[op].owner)


class PreparePlan(Move):
    """Order a plan for an operation at the owner's ideal scope.

    Sources: Israel Hayom (2025), "We chose to narrow gaps": the chief of staff
    orders the Rafah plan, a north-and-south pincer, in January 2024; Putnam
    (1988): the plan is the owner's opening position, inside its domestic win-set.
    Precondition: no plan yet. Effect: status PLANNING, scope = the owner's ideal position.
    """

    name = "prepare_plan"
    roles = frozenset({"client", "adversary"})
    target_kind = "own_operation"
    text = "{actor} orders a plan for {target}"
    option = "Order a plan for {target}"

    def allowed(self, view, ix, me, target):
        return _status(view, ix, target) == NONE

    def effect(self, view, ix, me, target, d):
        s = ix.layout.ops[target]
        set_slot(d, view, s.status, PLANNING)
        set_slot(d, view, s.scope, ix.position(me.id, ix.ops[target].issue))


class RefinePlan(Move):
    """Narrow a plan's scope to meet the partner's demands (a concession).

    Sources: Israel Hayom (2025), "We chose to narrow gaps": about six weeks of
    refinements ("narrow the gaps") until the plan is a southern entry; Putnam
    (1988): the concession stops at the edge of the domestic win-set.
    Precondition: a plan already presented, not yet launched, and one more step
    keeps the scope within the owner's win-set. Effects: scope down one step and
    the narrowed plan is presented at once ("presented repeatedly to the
    Americans"), an outstanding demand is met, political trust rises a little.
    Cost: a domestic cost of conceding.
    """

    name = "refine_plan"
    roles = frozenset({"client"})
    target_kind = "own_operation"
    channel = "political"
    text = "{actor} narrows the plan for {target} to meet its partner's demands"
    option = "Narrow the plan for {target} to meet your partner's demands"

    def allowed(self, view, ix, me, target):
        s = ix.layout.ops[target]
        scope = view.at(s.scope)
        return all_of(is_in(_status(view, ix, target), (PLANNING, PRESENTED)),
                      view.at(s.presented) >= 0,
                      scope - ix.m.concession_step >= ix.floor(view, me, target) - 1e-9)

    def effect(self, view, ix, me, target, d):
        s = ix.layout.ops[target]
        new = view.at(s.scope) - ix.m.concession_step
        d[..., s.scope] = -ix.m.concession_step
        set_slot(d, view, s.status, PRESENTED)
        set_slot(d, view, s.presented, new)
        set_slot(d, view, s.demand, 0.0)
        for p in _patrons(ix, target):
            for slot in ix.channels(me.id, p, "political"):
                d[..., slot] += ix.m.pressure_trust_cost / 2

    def cost(self, ix, me, target):
        return interest_vector(domestic=ix.m.concession_cost)

    def signal(self, view, ix, me, target):
        return Signal(resolve=-1.0, cost=0.0)


class PresentPlan(Move):
    """Show the current plan to the partner for approval, maps in hand.

    Sources: Israel Hayom (2025), "Even a soccer game isn't won with a tie":
    Herzog and Zilberman bring aerial photographs and battle diagrams to
    Washington for approval before the Rafah entry; Kydd (2005): information the
    partner can check builds trust.
    Precondition: a plan in PLANNING that has not been shown at this scope, and
    the partner has asked to see it (an outstanding demand). Effects: status
    PRESENTED, the presented scope is recorded, the demand is met, diplomatic
    trust rises a little.
    """

    name = "present_plan"
    roles = frozenset({"client"})
    target_kind = "own_operation"
    channel = "diplomatic"
    text = "{actor} presents the plan for {target} to its partner for approval"
    option = "Present the plan for {target} to your partner for approval"

    def allowed(self, view, ix, me, target):
        s = ix.layout.ops[target]
        return all_of(_status(view, ix, target) == PLANNING,
                      view.at(s.demand) >= 0.5,
                      abs(view.at(s.presented) - view.at(s.scope)) > 1e-9)

    def effect(self, view, ix, me, target, d):
        s = ix.layout.ops[target]
        set_slot(d, view, s.status, PRESENTED)
        set_slot(d, view, s.presented, view.at(s.scope))
        set_slot(d, view, s.demand, 0.0)
        for p in _patrons(ix, target):
            for slot in ix.channels(me.id, p, "diplomatic"):
                d[..., slot] += ix.m.reassurance_gain / 2


class ActUnilaterally(Move):
    """Launch the operation without the partner's approval: a fait accompli.

    Sources: Israel Hayom (2025), "We chose to narrow gaps": Israel enters
    Rafah without US approval in May 2024; Altman (2017) on the fait accompli;
    Schelling (1966) on commitment by action.
    Precondition: a plan not approved, forces ready, munitions above the launch
    threshold. Effects: status LAUNCHED; political and diplomatic trust fall by
    the fait-accompli cost; alliance strain rises. Cost: defying the patron
    weighs on an irresolute client (coercion cost x (1 - resolve)). It signals resolve.
    """

    name = "act_unilaterally"
    roles = frozenset({"client", "adversary"})
    target_kind = "own_operation"
    channel = "political"
    public = True
    coercive = True
    launches = True
    text = "{actor} launches {target} without its partner's approval (a fait accompli)"
    option = "Launch {target} without your partner's approval (a fait accompli)"

    def allowed(self, view, ix, me, target):
        return all_of(is_in(_status(view, ix, target), (PLANNING, PRESENTED)), _ready(view, ix, target))

    def effect(self, view, ix, me, target, d):
        s = ix.layout.ops[target]
        set_slot(d, view, s.status, LAUNCHED)
        for p in _patrons(ix, target):
            for slot in ix.channels(me.id, p, "political", "diplomatic"):
                d[..., slot] -= ix.m.fait_accompli_trust_cost
        d[..., ix.layout.index["strain"]] += ix.m.fait_accompli_strain

    def cost(self, ix, me, target):
        return interest_vector(alliance=ix.m.coercion_cost * (1 - me.resolve))

    def signal(self, view, ix, me, target):
        return Signal(resolve=1.0, cost=ix.m.fait_accompli_trust_cost)


class LaunchAgreedOperation(Move):
    """Launch an operation the partner has approved.

    Sources: Israel Hayom (2025), "We chose to narrow gaps": the political
    echelon's instruction to "do Rafah with the Americans"; Putnam (1988): an
    agreement inside both win-sets.
    Precondition: plan APPROVED, forces ready, munitions sufficient. Effect: status LAUNCHED.
    """

    name = "launch_agreed_operation"
    roles = frozenset({"client"})
    target_kind = "own_operation"
    public = True
    launches = True
    text = "{actor} launches {target} on the agreed plan"
    option = "Launch {target} on the agreed plan"

    def allowed(self, view, ix, me, target):
        return all_of(_status(view, ix, target) == APPROVED, _ready(view, ix, target))

    def effect(self, view, ix, me, target, d):
        set_slot(d, view, ix.layout.ops[target].status, LAUNCHED)


class ReassureWithInformation(Move):
    """Share operational detail (aerial photos, in-tank footage) to show the operation is careful.

    Sources: Israel Hayom (2025), "No disaster occurred": near-daily Pentagon
    briefings by the military attaché during the Rafah operation; Kydd (2005)
    on reassurance between partners.
    Precondition: the operation is under way. Effects: military and defence
    trust rise, strain and the partner's domestic pressure ease a little.
    """

    name = "reassure_with_information"
    roles = frozenset({"client"})
    target_kind = "own_operation"
    channel = "military"
    text = "{actor} shares operational detail of {target} with its partner to reassure it"
    option = "Share operational detail of {target} with your partner to reassure it"

    def allowed(self, view, ix, me, target):
        return _status(view, ix, target) == LAUNCHED

    def effect(self, view, ix, me, target, d):
        m = ix.m
        for p in _patrons(ix, target):
            for slot in ix.channels(me.id, p, "military", "defence"):
                d[..., slot] += m.reassurance_gain
            slot = ix.layout.pressure.get(p)
            if slot is not None:
                d[..., slot] -= m.reassurance_relief * view.at(slot)
        d[..., ix.layout.index["strain"]] -= m.reassurance_gain / 2

