"""What one seat sees of the model's state, in words: the same for the terminal, the web and handouts.

Core objects: `Section` and the builders `situation` (the state now, with changes since the
seat's last turn), `talks_lines` (the offer on the table, each side's demand and limit, the
zone of agreement) and `talks_figures` (the same numbers for a chart). They read the model's
state and its scenario's `Names`; they change nothing and never show an id or a slot name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from negotiation_sim.model.state import OpStatus, Policy
from negotiation_sim.model.talks import max_offer, reservation
from negotiation_sim.scenario.names import possessive
from negotiation_sim.teaching.words import amount

__all__ = ["Section", "situation", "talks_lines", "talks_figures", "TalksFigures", "STATUS_WORDS",
           "POLICY_WORDS", "WORLD_WORDS"]

STATUS_WORDS = {OpStatus.NONE: "no plan yet", OpStatus.PLANNING: "being planned",
                OpStatus.PRESENTED: "presented to the partner", OpStatus.APPROVED: "approved by the partner",
                OpStatus.LAUNCHED: "under way", OpStatus.COMPLETED: "completed",
                OpStatus.PAUSED: "paused (may resume)", OpStatus.HALTED: "halted (a unilateral ceasefire)",
                OpStatus.CEASEFIRE: "in an agreed ceasefire", OpStatus.WITHDRAWN: "forces withdrawn"}
POLICY_WORDS = {Policy.FLOWING: "flowing", Policy.SLOWED: "slowed", Policy.HELD: "held back",
                Policy.LOCKED: "delivered but locked (may not be used)"}
WORLD_WORDS = {"strain": "alliance strain", "un_cover": "diplomatic cover at the UN",
               "humanitarian": "humanitarian toll", "escalation": "regional escalation"}


@dataclass
class Section:
    """A heading and its lines."""

    title: str
    lines: list[str] = field(default_factory=list)


def _change(now: float, before: float | None) -> str:
    if before is None:
        return ""
    d = now - before
    if abs(d) < 0.005:
        return ""
    return f" ({'up' if d > 0 else 'down'} {abs(d):.2f} since your last turn)"


@dataclass(frozen=True)
class TalksFigures:
    """The numbers of one set of talks at one moment (all on the talks' 0..1 issue)."""

    talks: str
    offer: float
    client_demand: float  # the client's stated ideal on the issue
    adversary_demand: float  # the adversary's stated ideal
    client_limit: float  # the most the client can concede now (win-set top, moved by pressure)
    adversary_limit: float  # the least the adversary accepts now (outside option or its share)
    precondition: bool
    state: str  # "open", "deal", "collapsed" or "closed"

    @property
    def zone(self) -> tuple[float, float] | None:
        """The zone of agreement, or None when it is empty."""
        lo, hi = self.adversary_limit, self.client_limit
        return (lo, hi) if lo <= hi + 1e-9 else None


def talks_figures(model, talks_id: str, x: np.ndarray | None = None) -> TalksFigures:
    """The talks' numbers from the model's state (or from state vector `x` of the same model)."""
    ix = model.ix
    t = ix.talks[talks_id]
    s = ix.layout.talks[talks_id]
    view = model.view()
    if x is not None:
        view = type(view)(x, ix.layout, view.tick, view.date, view.moves_made)
    xs = view.x
    issue = ix.issues[t.issue]
    state = ("deal" if xs[s.agreed] >= 0.5 else "collapsed" if xs[s.collapsed] >= 0.5
             else "open" if xs[s.open] >= 0.5 else "closed")
    return TalksFigures(talks_id, float(xs[s.offer]), issue.positions.get(t.client, 0.0),
                        issue.positions.get(t.adversary, 1.0), max_offer(view, ix, talks_id),
                        float(reservation(xs, ix, talks_id)), xs[s.precondition] >= 0.5, state)


def talks_lines(model, talks_id: str) -> list[str]:
    """The talks in words: offer, demands, limits, zone of agreement, and what stands in the way."""
    ix = model.ix
    names = model.names
    t = ix.talks[talks_id]
    f = talks_figures(model, talks_id)
    client, adv = names(t.client), names(t.adversary)
    issue = ix.issues[t.issue]
    lines = [f"{names.talks[talks_id][0].upper()}{names.talks[talks_id][1:]}: {f.state}"
             + (f", mediated by {names(t.mediator)}" if t.mediator else ""),
             f"scale: 0 = {issue.low_label}; 1 = {issue.high_label}",
             f"offer on the table from {client}: {amount(f.offer)}",
             f"{client} asks for {amount(f.client_demand)}; {adv} asks for {amount(f.adversary_demand)}",
             f"the most {client} can concede now: {amount(f.client_limit)} (its win-set at home, moved "
             "by domestic pressure)",
             f"the least {adv} accepts now: {amount(f.adversary_limit)} (its outside option or its "
             "patience, whichever is higher)"]
    z = f.zone
    if f.state != "open":
        what = {"deal": "a deal was made", "collapsed": "the talks broke down",
                "closed": "the talks are not open"}[f.state]
        lines.append(f"zone of agreement: none to bargain over now ({what})")
    elif z is None:
        lines.append(f"zone of agreement: closed: {adv} wants more than {client} can give")
    else:
        lines.append(f"zone of agreement: open, from {z[0]:.2f} to {z[1]:.2f}")
    if f.state == "open" and f.precondition:
        lines.append(f"{adv} still demands an end to the war before any first stage, so no offer "
                     "can be accepted yet")
    elif f.state == "open" and f.offer + 1e-9 < f.adversary_limit:
        lines.append(f"the offer is below what {adv} accepts: it is {f.adversary_limit - f.offer:.2f} short")
    return lines


def situation(model, actor: str, before: np.ndarray | None = None) -> list[Section]:
    """The state as `actor` sees it now; `before` is the state at its last turn (for changes)."""
    ix = model.ix
    lay = ix.layout
    names = model.names
    x = model.x
    out: list[Section] = []

    def was(slot: int) -> float | None:
        return None if before is None else float(before[slot])

    ops = Section("Operations")
    for op_id, o in lay.ops.items():
        spec = ix.ops[op_id]
        status = OpStatus(int(round(x[o.status])))
        issue = ix.issues[spec.issue]
        line = f"{names.target(op_id)} ({names(spec.owner)}): {STATUS_WORDS[status]}"
        if status != OpStatus.NONE:
            line += (f"; plan scope {amount(x[o.scope])} (0 = {issue.low_label}, 1 = {issue.high_label})"
                     f"{_change(x[o.scope], was(o.scope))}")
        line += f"; forces ready {amount(x[o.readiness])} (needs {spec.readiness_needed:.2f})"
        if status >= OpStatus.LAUNCHED:
            line += f"; progress {amount(x[o.progress])}"
        halt = lay.halt.get(op_id)
        if halt is not None and x[halt.demand] >= 0.5:
            left = float(x[halt.deadline])
            what = ("to halt it" if halt.limit < 0 or x[halt.limit] < 0
                    else f"to limit it to scope {x[halt.limit]:.2f} or less")
            line += (f"; a demand {what} stands ({left:.0f} days to the deadline)" if left > 0
                     else f"; a demand {what} stands, its deadline passed")
        ops.lines.append(line)
    if ops.lines:
        out.append(ops)
    sup = Section("Supplies")
    for st_id, s in lay.stocks.items():
        spec = ix.stocks[st_id]
        pol = POLICY_WORDS[Policy(int(round(x[s.policy])))]
        share = x[s.stock] / spec.need
        line = (f"{names(st_id)} of {names(spec.owner)}, from {names(spec.supplier)}: {x[s.stock]:.1f} of "
                f"{spec.need:g} {spec.unit} needed ({amount(min(share, 1.0))} of need); supply {pol}")
        if x[s.conserve] >= 0.5:
            line += "; units are conserving it"
        if s.reserves >= 0:  # the owner's own cushion (finance, energy)
            line += f"; {possessive(names(spec.owner))} own reserves {x[s.reserves]:.1f} {spec.unit}"
        if s.alt >= 0 and x[s.alt] >= 1.0:
            alt = spec.alternative_supplier
            line += (f"; {alt.name} approached {int(x[s.alt] - 1)} days ago, "
                     f"delivering after {alt.delay_days} days")
        sup.lines.append(line)
    if sup.lines:
        out.append(sup)
    for t in ix.scenario.talks:
        out.append(Section("Talks", talks_lines(model, t.id)))
    lad = Section("Escalation")
    for lid, s in lay.ladders.items():
        spec = ix.ladders[lid]
        rung = int(round(x[s.rung]))
        lad.lines.append(f"{names.ladder[lid][0].upper()}{names.ladder[lid][1:]}: "
                         f"{spec.rungs[rung].replace('_', ' ')} (step {rung} of {s.top})")
    if lad.lines:
        out.append(lad)
    com = Section("Public commitments")
    for (who, op), c in lay.commits.items():
        kinds = [w for w, on in (("a red line", x[c.red_line] >= 0.5), ("a threat", x[c.threat] >= 0.5)) if on]
        if kinds:
            com.lines.append(f"{names(who)} has made {' and '.join(kinds)} over {names.target(op)}: "
                             f"a plan wider than {x[c.threshold]:.2f} would cross it")
    if com.lines:
        out.append(com)
    trust = Section("Trust between the people who talk")
    for ch in ix.scenario.channels:
        slot = lay.trust[ch.id]
        trust.lines.append(f"{names.channel[ch.id]}: {amount(x[slot])}{_change(x[slot], was(slot))}")
    if trust.lines:
        out.append(trust)
    world = Section("The world")
    for key, word in WORLD_WORDS.items():
        slot = lay.index[key]
        world.lines.append(f"{word}: {amount(x[slot])}{_change(x[slot], was(slot))}")
    for who, slot in lay.pressure.items():
        world.lines.append(f"domestic pressure on {names(who)}: {amount(x[slot])}{_change(x[slot], was(slot))}")
    out.append(world)
    me = model.actors[actor]
    know = Section("What you believe")
    for other, b in me.beliefs.items():
        if other in me.spec.looks_at:
            know.lines.append(f"{possessive(names(other))} resolve, as you estimate it: {amount(b.resolve)} "
                              "(0 = bluffing, 1 = will pay any cost)")
            for op, tol in b.tolerance.items():
                know.lines.append(f"the widest plan for {names.target(op)} you think {names(other)} "
                                  f"accepts: {amount(tol)}")
    if know.lines:
        out.append(know)
    return out