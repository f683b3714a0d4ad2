"""Plain-text accounts of a run: a dated narrative, an outcome table, a decision explained.

Core functions: `narrative`, `outcome_lines`, `explain_decision`. The report
layer reads a finished `RunResult` (and the scenario's record, to compare the
run with history); it never feeds anything back into a run.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from negotiation_sim.model.decision import DecisionRecord
from negotiation_sim.model.result import RunResult
from negotiation_sim.scenario.names import Names
from negotiation_sim.scenario.schema import INTERESTS, RecordEntry, Scenario

__all__ = ["narrative", "vote_lines", "outcome_lines", "explain_decision", "reasons",
           "match_record"]


def reasons(d: DecisionRecord, index: int, top: int = 2, names: Names | None = None,
            counterpart: str | None = None) -> str:
    """The largest utility parts behind candidate `index`, and the reply it expected.

    With the scenario's `names` (and the actor's `counterpart`) the expected reply reads as a
    sentence ("expects Kestria holds back the next tranche of the credit line"), never as ids.
    """
    parts = d.parts[index]
    order = np.argsort(-np.abs(parts))[:top]
    text = ", ".join(f"{INTERESTS[k]} {parts[k]:+.3f}" for k in order if abs(parts[k]) > 5e-4)
    reply, p = d.reply[index]
    if reply and reply != "wait" and p >= 0.2:
        if names is not None and counterpart:
            from negotiation_sim.teaching.words import move_sentence

            said = move_sentence(reply, counterpart, names)
        elif names is not None:
            from negotiation_sim.teaching.words import option_label

            said = option_label(reply, names)
        else:
            said = reply.replace(":", " on ")
        text += f"; expects {said} (p={p:.2f})"
    return text or "no strong reason (near indifference)"


def match_record(record: list[RecordEntry], actor: str, move: str, target: str | None,
                 date: dt.date) -> RecordEntry | None:
    """The recorded move of the same kind nearest in date, if any."""
    same = [e for e in record if e.actor == actor and e.move == move and e.target == target]
    return min(same, key=lambda e: abs((e.date - date).days)) if same else None


def _decision(result: RunResult, tick: int, actor: str) -> DecisionRecord | None:
    for d in result.decision_records:
        if d.tick == tick and d.actor == actor:
            return d
    return None


def vote_lines(result: RunResult, scenario: Scenario) -> dict[int, list[str]]:
    """Sentences for the votes taken in drift, by tick: what the body did and the count.

    Read from the state (a resolution's status turning adopted or rejected), since the vote is
    no actor's move; a veto is a move and is narrated as one.
    """
    from negotiation_sim.model.arenas import ABSTAIN, ADOPTED, REJECTED, YES

    col = {c: i for i, c in enumerate(result.columns)}
    out: dict[int, list[str]] = {}
    for ar in scenario.arenas:
        body = ar.name[:1].upper() + ar.name[1:]
        for r in ar.resolutions:
            status = result.states[:, col[f"res.{r.id}.status"]]
            for t in range(1, len(status)):
                if status[t] == status[t - 1] or status[t] not in (ADOPTED, REJECTED):
                    continue
                votes = [result.states[t, col[f"res.{r.id}.vote.{m.actor}"]] for m in ar.members]
                count = (f"{sum(v == YES for v in votes)} for, "
                         f"{sum(v == ABSTAIN for v in votes)} abstaining, "
                         f"{sum(v == 0 for v in votes)} not voting; {ar.threshold} needed")
                verb = "adopts" if status[t] == ADOPTED else "does not adopt"
                if result.states[t, col[f"res.{r.id}.emergency"]] >= 0.5:  # not the body itself
                    text = (f"In an emergency session after the veto, the wider body {verb} "
                            f"{r.name} as a recommendation ({count})")
                else:
                    text = f"{body} {verb} {r.name} ({count})"
                out.setdefault(t, []).append(text)
    return out


def narrative(result: RunResult, scenario: Scenario, tolerance_days: int | None = None) -> list[str]:
    """A dated account of who did what and why, with history beside it."""
    tol = scenario.fidelity.tolerance_days if tolerance_days is None else tolerance_days
    from negotiation_sim.teaching.words import option_label

    nm = Names(scenario)
    names = {a.id: a.name for a in scenario.actors}
    lines = [f"{scenario.title}", f"mode: {result.mode}   seed: {result.seed}"
             + (f"   intervention: {result.intervention}" if result.intervention else ""), ""]
    events = sorted(scenario.events, key=lambda e: e.date)
    ev_i = 0
    votes = vote_lines(result, scenario)  # taken in drift: before the moves of their tick

    def votes_until(tick: int) -> None:
        for t in sorted(k for k in votes if k <= tick):
            lines.extend(f"{result.calendar.date_of(t)}  {v}" for v in votes.pop(t))

    for m in result.move_records:
        date = result.calendar.date_of(m.tick)
        while ev_i < len(events) and events[ev_i].date <= date:
            lines.append(f"{events[ev_i].date}  [event] {events[ev_i].text}")
            ev_i += 1
        votes_until(m.tick)
        lines.append(f"{date}  {m.text}")
        d = _decision(result, m.tick, m.actor)
        if m.origin == "decision" and d is not None:
            lines.append(f"            why: {reasons(d, d.choice, 2, nm, scenario.actor(m.actor).counterpart)}")
        elif m.origin == "record" and d is not None:
            pref = option_label(d.keys[d.choice], nm)
            lines.append(f"            (recorded move; {names[m.actor]} itself preferred: {pref})")
        if not m.legal:
            lines.append("            warning: this move's precondition did not hold in the model's state")
        elif m.origin == "forced":
            lines.append("            (forced by the intervention)")
        if m.origin != "record":
            e = match_record(result.record, m.actor, m.move, m.target, date)
            if e is None:
                lines.append("            history: no such move recorded")
            else:
                gap = (date - e.date).days
                mark = "matches" if abs(gap) <= tol else "differs from"
                lines.append(f"            history: {mark} {e.date} ({gap:+d} days): {e.text}")
    votes_until(len(result.states))
    while ev_i < len(events) and events[ev_i].date <= result.calendar.end:
        if events[ev_i].date <= result.calendar.date_of(len(result.states) - 1):
            lines.append(f"{events[ev_i].date}  [event] {events[ev_i].text}")
        ev_i += 1
    if result.mode != "replay" and result.record:
        made = {(m.actor, m.move, m.target) for m in result.move_records}
        missed = [e for e in result.record if (e.actor, e.move, e.target) not in made]
        if missed:
            lines += ["", "Recorded moves this run did not make:"]
            lines += [f"{e.date}  {names[e.actor]}: {e.text or option_label(e.move, nm)}  ({e.source})"
                      for e in missed]
    return lines


def outcome_lines(result: RunResult, scenario: Scenario) -> list[str]:
    """The outcomes as aligned lines, day outcomes shown as dates."""
    lines = ["Outcomes:"]
    width = max((len(k) for k in result.outcomes), default=0)
    for _, row in result.outcome_table().iterrows():
        desc = scenario.outcomes[row.outcome].description
        v = row.shown
        shown = "never" if isinstance(v, float) and np.isnan(v) else (
            f"{v:.3f}" if isinstance(v, float) else str(v))
        lines.append(f"  {row.outcome:<{width}}  {shown:>10}  {desc}")
    return lines


def explain_decision(d: DecisionRecord, scenario: Scenario, top: int = 8) -> list[str]:
    """A table of a decision's candidates: probability, utility, its parts and the expected reply."""
    from negotiation_sim.teaching.words import option_label, why_sentence

    names = Names(scenario)
    name = scenario.actor(d.actor).name
    order = np.argsort(-d.probability)[:top]
    chosen = d.keys[d.choice]
    lines = [f"{name} on {d.date} (tick {d.tick}), rule {d.rule}: chose {option_label(chosen, names)}",
             f"why: {why_sentence(d, d.choice, names, scenario.actor(d.actor).first_counterpart, top=3)}", "",
             f"{'candidate':<44}{'prob':>6}{'utility':>9}  " + "".join(f"{k[:8]:>9}" for k in INTERESTS)
             + "  expected reply"]
    for i in order:
        mark = "*" if i == d.choice else " "
        reply, p = d.reply[i]
        lines.append(f"{mark}{option_label(d.keys[i], names)[:43]:<43}{d.probability[i]:>6.2f}{d.utility[i]:>+9.3f}  "
                     + "".join(f"{v:>+9.3f}" for v in d.parts[i])
                     + (f"  {option_label(reply, names)} ({p:.2f})" if reply else ""))
    lines += ["", "Utility parts are weighted changes in each interest against the present state,",
              "averaged over the counterpart's believed replies (logit quantal response)."]
    if d.attention is not None:  # attention and agenda (model.md, 7.16) was on
        s, k = d.attention[d.choice]
        lines += [f"Attention: the chosen move's issue held {s:.2f} of {name}'s attention (1 = fully on",
                  f"the agenda; a gain is seen times that), and {name} had made the same move {k:.1f}",
                  "times recently (fading count; each repeat wears out its effect and costs more)."]
    return lines
