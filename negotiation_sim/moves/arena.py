"""Moves in an arena: tabling a resolution, voting on it, vetoing it, reopening it.

Sources: Voeten (2005), "The Political Origins of the UN Security Council's Ability to
Legitimize the Use of Force" (a Council vote confers legitimacy because a qualified majority of
diverse members must agree); Thompson (2006), "Coercion through IOs: The Security Council and
the Logic of Information Transmission" (taking an issue to an organisation signals to third
parties and to the target); Hurd (2007), After Anarchy (the veto and its cost in legitimacy).

A resolution is a move, not an event: a member tables it, members declare their votes, a veto
holder may block it, and the vote is taken in the drift of a later tick
(`model/arenas.settle_resolutions`). Targets are the resolutions on the agenda of arenas the
mover sits in; a scenario without arenas gives these moves no target, so they never appear.
A member that supplies the actor a resolution concerns is that actor's patron: its vote is also
a statement to its client, with the strain and domestic relief of `withdraw_un_cover` and
`give_un_cover` (the same constants), so the choice between shielding and exposing a client is
the same trade-off in both forms.
"""

from __future__ import annotations

from negotiation_sim.model.arenas import (
    ABSTAIN,
    OFF,
    TABLED,
    UNDECLARED,
    VETO,
    VETOED,
    YES,
    resolutions_of,
)
from negotiation_sim.moves.base import Move, Signal, ease_pressure, interest_vector, set_slot
from negotiation_sim.model.vector import all_of, where

__all__ = ["TableResolution", "SupportResolution", "AbstainResolution", "VetoResolution",
           "CallEmergencySession"]

_ALL = frozenset({"patron", "client", "adversary"})


def _res(ix, target):
    return ix.layout.resolutions[target]


def _patron_of_concerned(ix, me, target) -> bool:
    """Whether the mover supplies the actor the resolution concerns (structure: same in every run)."""
    supplied = {ix.stocks[s].owner for s in ix.supplied_by.get(me.id, ())}
    return _res(ix, target).concerns in supplied


def _hostile(ix, target):
    """1 for a resolution that strips cover (negative effect), else 0 (an array if it varies by run).

    Only then is a patron's vote a choice between shielding and exposing its client; on a
    resolution in the client's favour it is neither.
    """
    return where(ix.resolutions[target].effect < 0, 1.0, 0.0)


def _expose(view, ix, me, target, d, share: float) -> None:
    """A patron voting against its client: strain rises, pressure eases (`withdraw_un_cover`)."""
    if _patron_of_concerned(ix, me, target):
        h = share * _hostile(ix, target)
        d[..., ix.layout.index["strain"]] += h * ix.m.un_strain
        ease_pressure(view, ix, me.id, h * ix.m.public_stance_relief, d)


def _exposing_cost(ix, me, target):
    if not _patron_of_concerned(ix, me, target):
        return None
    return interest_vector(alliance=_hostile(ix, target) * ix.m.coercion_cost * (1 - me.resolve) / 2)


def _undeclared(view, ix, me, target):
    r = _res(ix, target)
    return all_of(view.at(r.status) == TABLED, view.at(r.votes[me.id]) == UNDECLARED)


class TableResolution(Move):
    """Table a resolution before an arena: the sponsor puts it to the vote and votes for it.

    Sources: Thompson (2006): taking a dispute to the Security Council is itself a signal to
    the target and to third parties; Voeten (2005). Precondition: the mover is a member, the
    resolution does not concern it and is not on the agenda yet. Effects: the resolution is
    tabled (its vote is taken when all members have declared or at its deadline) and the
    sponsor's vote is yes; a sponsor that supplies the actor a hostile resolution concerns
    pays as for a yes vote (`support_resolution`).
    """

    name = "table_resolution"
    roles = _ALL
    channel = "diplomatic"
    public = True
    text = "{actor} tables {target}"
    option = "Table {target}"

    def targets(self, ix, me):
        return [r for r in resolutions_of(ix, me.id) if _res(ix, r).concerns != me.id]

    def allowed(self, view, ix, me, target):
        return view.at(_res(ix, target).status) == OFF

    def effect(self, view, ix, me, target, d):
        r = _res(ix, target)
        set_slot(d, view, r.status, float(TABLED))
        set_slot(d, view, r.age, 0.0)
        set_slot(d, view, r.votes[me.id], float(YES))
        _expose(view, ix, me, target, d, 1.0)

    def cost(self, ix, me, target):
        return _exposing_cost(ix, me, target)

    def signal(self, view, ix, me, target):
        return Signal(resolve=1.0, cost=0.0)


class _Ballot(Move):
    """A member's declared vote on a tabled resolution it has not voted on yet (abstract)."""

    roles = _ALL
    channel = "diplomatic"
    public = True

    def targets(self, ix, me):
        return resolutions_of(ix, me.id)

    def allowed(self, view, ix, me, target):
        return _undeclared(view, ix, me, target)


class SupportResolution(_Ballot):
    """Vote for a tabled resolution.

    Sources: Voeten (2005): each yes vote of a diverse Council adds to the legitimacy a
    resolution confers. Precondition: the resolution is tabled and the mover has not declared.
    Effects: the mover's vote is yes. A member voting for a hostile resolution (negative
    effect) about the actor it supplies strains
    the alliance by `un_strain` and eases its pressure at home by `public_stance_relief`
    (as `withdraw_un_cover`); cost: coercion, halved.
    """

    name = "support_resolution"
    text = "{actor} votes for {target}"
    option = "Vote for {target}"

    def effect(self, view, ix, me, target, d):
        set_slot(d, view, _res(ix, target).votes[me.id], float(YES))
        _expose(view, ix, me, target, d, 1.0)

    def cost(self, ix, me, target):
        return _exposing_cost(ix, me, target)

    def signal(self, view, ix, me, target):
        if not _patron_of_concerned(ix, me, target):
            return None  # a vote on another's client says nothing about resolve toward a partner
        return Signal(resolve=1.0, cost=_hostile(ix, target) * ix.m.coercion_cost / 2)


class AbstainResolution(_Ballot):
    """Abstain on a tabled resolution: neither for it nor, for a veto holder, blocking it.

    Sources: Hurd (2007): a permanent member's abstention lets a resolution pass while
    keeping distance from it (public record: resolution 2728, 25 March 2024). Precondition:
    the resolution is tabled and the mover has not declared (a sponsor has: it voted yes when
    it tabled). Effects: the mover's vote is abstain. A veto holder abstaining on a hostile
    resolution about the actor it supplies strains the alliance by half of `un_strain` and eases its
    pressure at home by half of `public_stance_relief`.
    """

    name = "abstain_resolution"
    text = "{actor} abstains on {target}"
    option = "Abstain on {target}"

    def effect(self, view, ix, me, target, d):
        set_slot(d, view, _res(ix, target).votes[me.id], float(ABSTAIN))
        if me.id in _res(ix, target).vetoers:  # a veto not used: the client let down, half as much
            _expose(view, ix, me, target, d, 0.5)


class VetoResolution(Move):
    """Veto a tabled resolution: a permanent member blocks its adoption alone.

    Sources: Hurd (2007): the veto protects a permanent member's clients at a cost to the
    Council's legitimacy and its own; Voeten (2005); public record of US vetoes on Gaza
    resolutions (October 2023 to February 2024). Precondition: the mover holds a veto, the
    resolution is tabled in the Council (not in an emergency session) and the mover has not
    declared. Effects: the vote ends at once, the resolution not adopted. Shielding the actor
    it supplies from a hostile resolution eases strain by half of `un_strain` and raises its
    pressure at home by `reversal_cost` (as `give_un_cover`). Cost: a little legitimacy.
    """

    name = "veto_resolution"
    roles = _ALL
    channel = "diplomatic"
    public = True
    text = "{actor} vetoes {target}"
    option = "Veto {target}"

    def targets(self, ix, me):
        return [r for r in resolutions_of(ix, me.id) if me.id in _res(ix, r).vetoers]

    def allowed(self, view, ix, me, target):
        return all_of(_undeclared(view, ix, me, target), view.at(_res(ix, target).emergency) < 0.5)

    def effect(self, view, ix, me, target, d):
        r = _res(ix, target)
        set_slot(d, view, r.votes[me.id], float(VETO))
        set_slot(d, view, r.status, float(VETOED))
        if _patron_of_concerned(ix, me, target):
            h = _hostile(ix, target)
            d[..., ix.layout.index["strain"]] -= h * ix.m.un_strain / 2
            ease_pressure(view, ix, me.id, -h * ix.m.reversal_cost, d)

    def cost(self, ix, me, target):
        return interest_vector(legitimacy=0.02)

    def signal(self, view, ix, me, target):
        if not _patron_of_concerned(ix, me, target):
            return None
        return Signal(resolve=-0.5, cost=0.0)  # shielding its client: backing down from coercion


class CallEmergencySession(Move):
    """Take a vetoed resolution to a wider body in an emergency session (Uniting for Peace).

    Sources: UN General Assembly resolution 377 A (V), "Uniting for Peace" (1950): when a veto
    stops the Council, the Assembly may meet in emergency session and recommend measures;
    Hurd (2007). Precondition: the resolution was vetoed, never reopened, and the mover voted
    for it. Effects: the resolution is before the wider body: tabled again with every vote
    undeclared but the mover's yes, no veto possible; if adopted it moves cover by
    `emergency_weight` of its effect (a recommendation, not a decision).
    """

    name = "call_emergency_session"
    roles = _ALL
    channel = "diplomatic"
    public = True
    text = "{actor} takes {target} to an emergency session after the veto"
    option = "Take {target} to an emergency session"

    def targets(self, ix, me):
        return resolutions_of(ix, me.id)

    def allowed(self, view, ix, me, target):
        r = _res(ix, target)
        return all_of(view.at(r.status) == VETOED, view.at(r.emergency) < 0.5,
                      view.at(r.votes[me.id]) == YES)

    def effect(self, view, ix, me, target, d):
        r = _res(ix, target)
        set_slot(d, view, r.status, float(TABLED))
        set_slot(d, view, r.age, 0.0)
        set_slot(d, view, r.emergency, 1.0)
        for actor, slot in r.votes.items():
            set_slot(d, view, slot, float(YES) if actor == me.id else float(UNDECLARED))

    def signal(self, view, ix, me, target):
        return Signal(resolve=1.0, cost=0.0)
