"""Moves on an escalation ladder: strikes, framing, barrages, retaliation, restraint, air defence.

Sources: Kahn (1965) on escalation ladders; Schelling (1966) on deterrence and the
credibility of retaliation; Snyder (1984) on entrapment; Israel Hayom (2025), "Even a
soccer game isn't won with a tie" (the Zahedi strike, Iran's framing, the Halevi-Kurilla
channel, the barrage, "take the win", the Isfahan strike); public record for sizes and dates.
"""

from __future__ import annotations

from negotiation_sim.model.ladders import GRIEVANCE, interception, new_rung, strike_size
from negotiation_sim.moves.base import Move, Signal, interest_vector, set_slot
from negotiation_sim.model.vector import add_capped, all_of, maximum, mean_of, minimum, set_slot_where

__all__ = ["StrikeAssetAbroad", "GivePriorNotice", "FrameAsSovereignAttack", "LaunchBarrage",
           "Retaliate", "PressForRestraint", "CoordinateDefence"]



def _set_rung(view, ix, s, rung, d) -> None:
    """Set a ladder's rung and keep the overall escalation the highest rung share over ladders."""
    set_slot(d, view, s.rung, rung)
    level = maximum(*([rung / s.top] + [view.at(o.rung) / o.top for o in ix.layout.ladders.values()
                                          if o is not s]))
    set_slot(d, view, ix.layout.index["escalation"], maximum(level, 0.0))


_add = add_capped


class _LadderMove(Move):
    """A move by one side of a ladder on that ladder."""

    target_kind = None

    def targets(self, ix, me):
        return [lid for lid, s in ix.layout.ladders.items() if me.id in (s.a, s.b)]

    def _slots(self, ix, me, target):
        s = ix.layout.ladders[target]
        return s, s.sides[me.id], s.sides[s.other(me.id)]


class StrikeAssetAbroad(_LadderMove):
    """Kill a high-value enemy commander abroad (a proxy target or an asset in a third country).

    Sources: Israel Hayom (2025), "Even a soccer game isn't won with a tie": Israel kills Quds
    Force general Zahedi next to Iran's consulate in Damascus on 1 April 2024 without telling
    the US, which learns of it a minute before a Rafah call; Altman (2017) on the fait accompli.
    Precondition: a target is within the mover's reach (its `window` on the ladder, opened by
    an intelligence event). Effects: the rung reaches the covert rung; the enemy's grievance rises by
    `covert_grievance` and it suffers a little damage; the window closes. Unless the mover gave
    its patrons notice, their political trust falls by `surprise_trust_cost` and strain rises.
    """

    name = "strike_proxy_target"
    roles = frozenset({"client", "adversary"})
    channel = "military"
    public = True
    coercive = True
    text = "{actor} strikes an enemy commander abroad ({target})"
    option = "Strike an enemy commander abroad ({target})"

    def allowed(self, view, ix, me, target):
        return view.at(ix.layout.ladders[target].sides[me.id].window) >= 0.5

    def effect(self, view, ix, me, target, d):
        s, mine, theirs = self._slots(ix, me, target)
        _set_rung(view, ix, s, new_rung(ix, target, view.at(s.rung), 0.0, direct=False), d)
        _add(view, d, theirs.owed, ix.m.covert_grievance)
        _add(view, d, theirs.damage, 0.1)
        slot = ix.layout.pressure.get(s.other(me.id))
        if slot is not None:  # the victim's public demands an answer
            _add(view, d, slot, ix.m.covert_grievance / 2)
        set_slot(d, view, mine.window, 0.0)
        surprise = 1.0 - view.at(mine.notified)
        set_slot(d, view, mine.notified, 0.0)
        for p in ix.partners(me.id):
            for slot in ix.channels(me.id, p, "political"):
                d[..., slot] -= ix.m.surprise_trust_cost * surprise
        d[..., ix.layout.index["strain"]] += ix.m.surprise_trust_cost / 2 * surprise

    def signal(self, view, ix, me, target):
        return Signal(resolve=1.0, cost=0.1)


class GivePriorNotice(_LadderMove):
    """Tell the patron in advance of a strike being prepared.

    Sources: modelled (the counterfactual of Israel Hayom (2025), "Even a soccer game isn't won
    with a tie": Israel did not tell the US, knowing it would object); Snyder (1984): consulting
    an ally reduces its fear of entrapment. Precondition: a target is within reach and no notice
    is pending. Effects: the next strike surprises no one (political trust is spared) and
    political trust rises a little. Cost: `notice_cost` in security (a leak or a veto).
    """

    name = "give_prior_notice"
    roles = frozenset({"client"})
    channel = "political"
    text = "{actor} tells its partner in advance of a strike it prepares ({target})"
    option = "Tell your partner in advance of the strike you prepare ({target})"

    def allowed(self, view, ix, me, target):
        _, mine, _ = self._slots(ix, me, target)
        return all_of(view.at(mine.window) >= 0.5, view.at(mine.notified) < 0.5)

    def effect(self, view, ix, me, target, d):
        _, mine, _ = self._slots(ix, me, target)
        set_slot(d, view, mine.notified, 1.0)
        for p in ix.partners(me.id):
            for slot in ix.channels(me.id, p, "political"):
                d[..., slot] += ix.m.reassurance_gain / 2

    def cost(self, ix, me, target):
        return interest_vector(security=ix.m.notice_cost)


class FrameAsSovereignAttack(_LadderMove):
    """Declare an attack to have struck one's own soil, and vow a forceful response.

    Sources: Israel Hayom (2025), "Even a soccer game isn't won with a tie": Iran declares the
    Damascus building part of its consulate and so an attack on Iranian soil, giving itself the
    legitimacy to strike Israel directly; Fearon (1997) on tying hands. Precondition: an
    unanswered attack (grievance >= 0.2) and no framing yet. Effects: the framing removes the
    legitimacy cost of a direct answer; the public vow adds `framing_commitment` to the grievance.
    """

    name = "frame_as_sovereign_attack"
    roles = frozenset({"adversary"})
    channel = "diplomatic"
    public = True
    text = "{actor} calls the attack one on its own soil and vows a forceful response ({target})"
    option = "Call the attack one on your own soil and vow a forceful response ({target})"

    def allowed(self, view, ix, me, target):
        _, mine, _ = self._slots(ix, me, target)
        return all_of(view.at(mine.owed) >= GRIEVANCE, view.at(mine.framed) < 0.5)

    def effect(self, view, ix, me, target, d):
        _, mine, _ = self._slots(ix, me, target)
        set_slot(d, view, mine.framed, 1.0)
        _add(view, d, mine.owed, ix.m.framing_commitment)
        slot = ix.layout.pressure.get(me.id)
        if slot is not None:  # the vow answers the home audience for now
            d[..., slot] -= ix.m.public_stance_relief * view.at(slot)

    def signal(self, view, ix, me, target):
        return Signal(resolve=1.0, cost=ix.specs[me.id].audience_cost)


def _direct(view, ix, me, target, d):
    """Effects shared by direct strikes; returns the size."""
    s = ix.layout.ladders[target]
    mine, theirs = s.sides[me.id], s.sides[s.other(me.id)]
    size = strike_size(view, ix, me.id, target)
    rate = interception(view, ix, target, s.other(me.id))
    _add(view, d, theirs.damage, size * (1.0 - rate))
    _add(view, d, theirs.owed, size)  # the attempt counts, not only what got through
    set_slot(d, view, mine.owed, 0.0)
    set_slot(d, view, mine.ready, 0.0)
    set_slot(d, view, mine.size, maximum(size, view.at(mine.size)))
    _add(view, d, mine.illegit, size * (1.0 - view.at(mine.framed)))
    set_slot_where(d, view, s.intercepted, rate, rate > 0)
    _set_rung(view, ix, s, new_rung(ix, target, view.at(s.rung), size, direct=True), d)
    return size


class _DirectAttack(_LadderMove):
    """A strike on the enemy's own territory: resolved by `_direct`, a costly show of resolve."""

    def effect(self, view, ix, me, target, d):
        _direct(view, ix, me, target, d)

    def signal(self, view, ix, me, target):
        return Signal(resolve=1.0, cost=0.2)


class LaunchBarrage(_DirectAttack):
    """Fire a direct barrage of drones and missiles at the enemy's territory.

    Sources: Israel Hayom (2025), "Even a soccer game isn't won with a tie": Iran's first direct
    missile and drone attack on Israel (13-14 April 2024), almost all intercepted by a US-led
    coalition; public record: about 170 drones, 30+ cruise and 120+ ballistic missiles;
    Kahn (1965): a climb up the escalation ladder.
    Precondition: an unanswered attack (grievance >= 0.2), preparations complete (`ready`,
    after the side's `strike_prep_days`), on a ladder at or above the covert rung. Effects: the size is the attacker's position on the ladder's issue; the defended side
    intercepts the share given by `interception`; damage is what gets through; the enemy's
    grievance rises by the size; the attacker's grievance is answered; without a framing the
    attacker pays a legitimacy cost; the rung climbs (`new_rung`).
    """

    name = "launch_barrage"
    roles = frozenset({"adversary"})
    channel = "military"
    public = True
    coercive = True
    text = "{actor} launches a direct attack on its enemy's territory ({target})"
    option = "Launch a direct attack on your enemy's territory ({target})"

    def allowed(self, view, ix, me, target):
        s, mine, _ = self._slots(ix, me, target)
        return all_of(view.at(mine.owed) >= GRIEVANCE, view.at(mine.ready) >= 1.0 - 1e-9,
                      view.at(s.rung) >= ix.ladders[target].covert_rung)



class Retaliate(_DirectAttack):
    """Answer a direct attack with a precision strike on the enemy's territory.

    Sources: Israel Hayom (2025), "Even a soccer game isn't won with a tie": Israel strikes an
    S-300 radar near a nuclear site at Isfahan (19 April 2024, public record), kept limited
    for US reasons and for fear of a spiral; Schelling (1966) on calibrated retaliation.
    Precondition: an unanswered attack (grievance >= 0.2), preparations complete, after the
    ladder reached the direct rung. Effects: as a barrage, with a size set by `strike_size` (own position pulled toward
    the patron's by restraint) and nothing intercepted.
    """

    name = "retaliate"
    roles = frozenset({"client", "adversary"})
    channel = "military"
    public = True
    coercive = True
    text = "{actor} retaliates with a strike on its enemy's territory ({target})"
    option = "Retaliate with a strike on your enemy's territory ({target})"

    def allowed(self, view, ix, me, target):
        s, mine, _ = self._slots(ix, me, target)
        return all_of(view.at(mine.owed) >= GRIEVANCE, view.at(mine.ready) >= 1.0 - 1e-9,
                      view.at(s.rung) >= ix.ladders[target].direct_rung)



class _PatronLadderMove(Move):
    """A patron's move on a ladder one of its clients stands on."""

    roles = frozenset({"patron"})

    def targets(self, ix, me):
        clients = set(ix.partners(me.id))
        return [lid for lid, s in ix.layout.ladders.items() if clients & {s.a, s.b}]

    def _client(self, ix, me, target) -> str:
        s = ix.layout.ladders[target]
        return s.a if s.a in ix.partners(me.id) else s.b


class PressForRestraint(_PatronLadderMove):
    """Press the client to answer an attack with restraint ("take the win").

    Sources: Israel Hayom (2025), "Even a soccer game isn't won with a tie": after the barrage
    is intercepted Biden tells Netanyahu to "take the win"; Dermer answers that a tie is no win;
    Snyder (1984): the patron's fear of entrapment. Precondition: the client has an unanswered
    attack and little restraint pressed on it. Effects: restraint on the client rises by
    `restraint_pull` scaled by political trust (its next strike is pulled toward the patron's
    position); political trust dips. Cost: a little alliance.
    """

    name = "press_for_restraint"
    channel = "political"
    text = "{actor} presses its partner to take what it has gained and hold back ({target})"
    option = "Press your partner to take what it has gained and hold back ({target})"

    def allowed(self, view, ix, me, target):
        side = ix.layout.ladders[target].sides[self._client(ix, me, target)]
        return all_of(view.at(side.owed) >= GRIEVANCE, view.at(side.restraint) < 0.5)

    def effect(self, view, ix, me, target, d):
        client = self._client(ix, me, target)
        side = ix.layout.ladders[target].sides[client]
        pol = ix.channels(me.id, client, "political")
        trust = mean_of([view.at(k) for k in pol], 0.5)
        _add(view, d, side.restraint, ix.m.restraint_pull * (0.5 + 0.5 * trust))
        for slot in pol:
            d[..., slot] -= ix.m.pressure_trust_cost / 2

    def cost(self, ix, me, target):
        return interest_vector(alliance=0.01)

    def signal(self, view, ix, me, target):
        return Signal(resolve=0.5, cost=0.0)


class CoordinateDefence(_PatronLadderMove):
    """Send the regional commander to run a coalition air defence with the client.

    Sources: Israel Hayom (2025), "Even a soccer game isn't won with a tie": Halevi briefs
    Kurilla after the strike and calls again as Iran prepares; Kurilla flies in and runs the
    coalition defence from the IDF operations centre; Snyder (1984): a patron that defends its
    client risks entrapment in its war. Precondition: the patron defends that
    side of the ladder, the enemy holds an unanswered grievance, and cooperation lags the
    enemy's visible preparations (defence < enemy's `ready` + 0.05, at most 0.95): the channel
    escalates its help as the threat is seen to grow.
    Effects: defence cooperation rises by `defence_gain` times military trust; military trust
    rises a little. Cost: a little escalation (own forces exposed).
    """

    name = "coordinate_defence"
    channel = "military"
    text = "{actor} leads a coalition defence of its partner against attack ({target})"
    option = "Lead a coalition defence of your partner against attack ({target})"

    def targets(self, ix, me):
        return [lid for lid, spec in ix.ladders.items() if spec.defender == me.id]

    def allowed(self, view, ix, me, target):
        spec = ix.ladders[target]
        s = ix.layout.ladders[target]
        enemy = s.sides[s.other(spec.defended)]
        return all_of(view.at(enemy.owed) >= GRIEVANCE,
                      view.at(s.defence) < minimum(0.95, view.at(enemy.ready) + 0.05))

    def effect(self, view, ix, me, target, d):
        spec = ix.ladders[target]
        s = ix.layout.ladders[target]
        mil = ix.channels(me.id, spec.defended, "military")
        trust = mean_of([view.at(k) for k in mil], 0.5)
        _add(view, d, s.defence, ix.m.defence_gain * trust)
        for slot in mil:
            d[..., slot] += ix.m.reassurance_gain / 2

    def cost(self, ix, me, target):
        return interest_vector(escalation=0.01)
