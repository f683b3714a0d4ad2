"""The role brief a student reads before playing a side, in words and with the scenario's names.

Core functions: `brief_sections` (the brief as titled sections, shared by the terminal, the
classroom's seat page and the printable handout), `role_brief` (as terminal lines) and
`precondition` (a move's precondition as a plain sentence), and `closed_levers` (the moves
not open this turn, each with what it needs). Built from the scenario data
(actors, members, channels, stocks, win-sets, beliefs, pressures, the scenario's own moves)
plus the short `brief:` text an actor may carry in the YAML, so it works for any scenario.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap

import numpy as np

from negotiation_sim.model.index import ScenarioIndex
from negotiation_sim.moves import Move, moves_for_role
from negotiation_sim.scenario.names import Names, possessive
from negotiation_sim.scenario.schema import INTERESTS, Scenario
from negotiation_sim.teaching.view import POLICY_WORDS, Section
from negotiation_sim.teaching.words import INTEREST_WORDS, amount, concept_line

__all__ = ["role_brief", "brief_sections", "precondition", "wrap", "scenario_moves", "known_record", "closed_levers"]


def wrap(text: str, indent: str = "  ") -> list[str]:
    """Text wrapped to 92 columns with an indent."""
    return textwrap.wrap(" ".join(text.split()), 92, initial_indent=indent, subsequent_indent=indent)


def precondition(move: Move) -> str:
    """The 'Precondition: ...' sentence of a move's docstring in plain words, or ''.

    Parenthetical asides that name code (in backticks) are dropped; remaining code words
    lose their backticks and underscores.
    """
    doc = " ".join((move.__doc__ or "").split())
    at = doc.find("Precondition:")
    if at < 0:
        return ""
    rest = doc[at + len("Precondition:"):].strip()
    end = rest.find(". ")
    text = (rest if end < 0 else rest[:end]).rstrip(".")
    text = re.sub(r"\s*\([^()]*`[^()]*\)", "", text).split(": ")[0]
    text = re.sub(r"at least `\w+` times", "several times", text)
    text = re.sub(r"`([^`]*)`", lambda m: m.group(1).replace("_", " "), text)
    return re.sub(r"\b(PLANNING|PRESENTED|APPROVED|LAUNCHED|PAUSED|HALTED|CEASEFIRE|WITHDRAWN|FLOWING|SLOWED|HELD|LOCKED)\b",
                  lambda m: m.group(1).lower(), text)


def scenario_moves(sc: Scenario, role: str) -> list[Move]:
    """The moves this scenario opens to an actor of `role` (its `moves:` list, if it has one)."""
    return [m for m in moves_for_role(role) if sc.moves is None or m.name in sc.moves]


def known_record(sc: Scenario, until: dt.date) -> list[tuple[dt.date, str, str]]:
    """Events and recorded moves dated before `until`: (date, text, source)."""
    items = [(e.date, e.text, e.source or e.sourced) for e in sc.events if e.date < until]
    items += [(e.date, e.text or e.move, e.source) for e in sc.record if e.date < until]
    return sorted(items, key=lambda r: r[0])


def brief_sections(sc: Scenario, actor_id: str, start: dt.date | None = None) -> list[Section]:
    """The brief as sections: situation, aims, team, knowledge, levers, channels, the record so far."""
    ix = ScenarioIndex(sc)
    names = Names(sc)
    me = sc.actor(actor_id)
    start = start or sc.calendar.start
    out: list[Section] = []
    sit = Section("The situation", [f"You play {me.name} from {start} to {sc.calendar.end}; each turn is "
                                    f"{sc.calendar.tick_days} days."])
    if me.brief:
        sit.lines.append(" ".join(me.brief.split()))
    if sc.description:
        sit.lines.append(" ".join(sc.description.split()))
    out.append(sit)
    aims = Section("What you want", ["What your government weighs (its interest weights, from your team's):"])
    w = ix.params[actor_id].weights
    for k in np.argsort(-w):
        if w[k] > 0.005:
            aims.lines.append(f"{INTEREST_WORDS[INTERESTS[k]]}: {amount(w[k])}")
    pressure = {p.actor: p for p in sc.pressures}.get(actor_id)
    p0 = pressure.initial if pressure else 0.0
    for issue in sc.issues:
        pos = issue.positions.get(actor_id)
        if pos is None:
            continue
        ws = me.win_sets.get(issue.id)
        line = f"on {issue.name[:1].lower() + issue.name[1:]}: your ideal is {amount(pos)} (0 = {issue.low_label}; 1 = {issue.high_label})"
        if ws:
            hi_now = float(np.clip(ws.hi - ws.pressure_sensitivity * p0, 0, 1))
            lo_now = float(np.clip(ws.lo + ws.pressure_sensitivity * p0, 0, 1))
            line += (f"; with no pressure at home you could accept {ws.lo:.2f} to {ws.hi:.2f}; at today's "
                     f"pressure ({p0:.2f}) that range is {lo_now:.2f} to {hi_now:.2f}")
            if ws.pressure_sensitivity < 0:
                line += " (pressure at home widens how far you may go)"
            elif ws.pressure_sensitivity > 0:
                line += " (pressure at home narrows it)"
        aims.lines.append(line)
    out.append(aims)
    if me.members:
        team = Section("Your team (share of say in each decision)")
        for m in sorted(me.members, key=lambda m: -m.influence):
            team.lines.append(f"{names.member_title[m.id]}: {m.influence:.2f}" if m.influence > 0 else
                              f"{names.member_title[m.id]}: a contact on a channel, no say in these decisions")
        out.append(team)
    know = Section("What you know at the start")
    for other, b in me.beliefs.items():
        know.lines.append(f"you rate {possessive(names(other))} resolve {amount(b.resolve)} "
                          "(0 = bluffing, 1 = will pay any cost)")
        for op, tol in b.tolerance.items():
            know.lines.append(f"you think {names(other)} would accept a plan for {names.target(op)} "
                              f"up to {amount(tol)}")
    for st in sc.stocks:
        if actor_id in (st.owner, st.supplier):
            know.lines.append(f"{st.name}: {st.stock:.1f} {st.unit} held by {names(st.owner)} (it needs "
                              f"{st.need:g}), supplied by {names(st.supplier)}; supply {POLICY_WORDS[_policy(st.policy)]}")
            if st.reserves:  # what the owner can fall back on when squeezed
                know.lines.append(f"{possessive(names(st.owner))} own reserves of {st.name}: "
                                  f"{st.reserves.amount:g} {st.unit}, drawn {st.reserves.draw:g} at a time")
            if st.alternative_supplier:
                alt = st.alternative_supplier
                know.lines.append(f"{names(st.owner)} could turn to {alt.name} for {st.name}: it would replace "
                                  f"{alt.share:.0%} of what is held back, after {alt.delay_days} days")
    for p in sc.pressures:
        know.lines.append(f"domestic pressure on {names(p.actor)} starts {amount(p.initial)}"
                          + (f"; election on {p.election}" if p.election else ""))
    if len(me.looks_at) == 1:
        know.lines.append(f"the side you watch most closely is {names(me.looks_at[0])}; you will see its "
                          "moves as they happen")
    elif me.looks_at:
        know.lines.append(f"the sides you watch most closely are {' and '.join(names(a) for a in me.looks_at)}; "
                          "you will see their moves as they happen")
    out.append(know)
    levers = Section(f"Your levers (the moves open to {me.name})")
    for mv in scenario_moves(sc, me.role):
        raw = ix.targets(mv, actor_id)
        if not raw:  # no target in this scenario (no finance stock to draw on, no talks): no lever
            continue
        targets = [t for t in raw if t is not None] or [None]
        for t in targets:
            text = mv.describe_option(names.target(t), names.kind(t))
            pre = precondition(mv)
            idea = concept_line(mv.name)
            levers.lines.append(text + (f". When: {pre}" if pre else "") + (f". The idea: {idea}" if idea else ""))
    out.append(levers)
    calls = [ch for ch in sc.channels if actor_id in (ix.member_actor.get(ch.between[0]),
                                                        ix.member_actor.get(ch.between[1]))]
    if calls:
        out.append(Section("Who you can call (trust at the start)",
                           [f"{names.channel[ch.id]}: {amount(ch.trust)}" for ch in calls]))
    rec = known_record(sc, start)
    out.append(Section("What has happened so far (sourced)",
                       [f"{d}: {text} [{src}]" for d, text, src in rec]
                       or [f"The record of this scenario begins on {sc.calendar.start}; you will see it "
                           "unfold as the class plays."]))
    return out


def _policy(name: str):
    from negotiation_sim.model.state import Policy

    return Policy[name.upper()]


def role_brief(sc: Scenario, actor_id: str, start: dt.date | None = None) -> list[str]:
    """What the player knows, wants, holds as leverage, and whom they can call (terminal lines)."""
    me = sc.actor(actor_id)
    lines = [f"ROLE BRIEF: you play {me.name} in '{sc.title}'", ""]
    for sec in brief_sections(sc, actor_id, start):
        lines.append(sec.title + ":")
        for text in sec.lines:
            lines += wrap(text)
        lines.append("")
    return lines


def closed_levers(model, actor: str, open_keys: list[str]) -> list[str]:
    """The scenario's moves for `actor` not open this turn, each with what it needs (in words)."""
    names = model.names
    open_moves = {k.partition(":")[0] for k in open_keys}
    out = []
    for mv in scenario_moves(model.scenario, model.scenario.actor(actor).role):
        if mv.name in open_moves:
            continue
        targets = [t for t in model.ix.targets(mv, actor) if t is not None] or [None]
        if not targets or mv.target_kind is not None and not [t for t in targets if t]:
            continue
        need = precondition(mv)
        out.append(mv.describe_option(names.target(targets[0]), names.kind(targets[0])) + (f": it needs {need}" if need else ""))
    return out
