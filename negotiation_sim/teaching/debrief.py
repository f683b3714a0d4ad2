"""The debrief: each seat's path beside the historical record and the model's own free play.

Core objects: `Debrief`, `SeatDebrief`, `compute_debrief` (any number of human seats: one
student at a terminal, or a class with a team in each seat) and `debrief` (for a
`PlaySession`). History is the record itself: recorded moves with their recorded dates and
texts, outcomes as the record gives them (`teaching.outcomes.recorded_outcome`), never a
replay of the model. A debrief is computed once and then only rendered: as terminal lines
(`lines`), as report tables (`tables`) and as JSON (`to_dict` / `from_dict`), so the terminal,
the HTML report and the class console show the same figures.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd

from negotiation_sim.analysis.fidelity import score_run
from negotiation_sim.api import run
from negotiation_sim.model.outcomes import METRICS
from negotiation_sim.model.result import RunResult
from negotiation_sim.report.narrative import match_record
from negotiation_sim.scenario.names import Names
from negotiation_sim.scenario.schema import Scenario
from negotiation_sim.teaching.outcomes import format_outcome, model_summary, outcome_label, recorded_outcome
from negotiation_sim.teaching.words import option_label

__all__ = ["Debrief", "SeatDebrief", "SeatPlay", "compute_debrief", "debrief", "advice_table",
           "format_outcome", "ended_text"]


@dataclass
class SeatPlay:
    """What one human seat played: the actor, the team's name and its choices (`session.Choice`)."""

    actor: str
    team: str
    choices: list


@dataclass
class SeatDebrief:
    """One seat's path, its actor's record, and fidelity to that record."""

    actor: str
    name: str
    team: str
    path: list[dict]  # date, played, advised, followed, history
    record: list[dict]  # date, who, what, source, made, model
    fidelity_team: float | None
    fidelity_model: float | None
    followed_advice: float | None


@dataclass
class Debrief:
    """Everything a debrief shows, as plain values (JSON-ready)."""

    title: str
    scenario_id: str
    seeds: int
    tolerance_days: int
    until: str | None
    ended: str
    ended_note: str
    seats: list[SeatDebrief]
    outcomes: list[dict]  # outcome, session, history, model
    result: RunResult | None = field(default=None, repr=False, compare=False)

    # -- compatibility with the single-seat debrief ---------------------------------------
    @property
    def actor_name(self) -> str:
        return self.seats[0].name if self.seats else ""

    def to_dict(self) -> dict:
        """The debrief as JSON-ready data (the run itself is not kept)."""
        data = asdict(self)
        data.pop("result", None)
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Debrief:
        """A debrief saved by `to_dict`."""
        data = dict(data)
        data["seats"] = [SeatDebrief(**s) for s in data["seats"]]
        return cls(**data)

    def tables(self) -> list[tuple[str, pd.DataFrame]]:
        """(caption, table) pairs for reports, the same figures as `lines`."""
        out = []
        for s in self.seats:
            who = f"{s.name} ({s.team})" if s.team else s.name
            out.append((f"The path of {who} beside the record",
                        pd.DataFrame(s.path, columns=["date", "played", "advised", "followed", "history"])))
            out.append((f"The record of {s.name}: made by the seat, and by the model's free play",
                        pd.DataFrame(s.record, columns=["date", "who", "what", "source", "made", "model"])))
        out.append(("Outcomes: this session, history (the record), the model's free play",
                    pd.DataFrame(self.outcomes, columns=["outcome", "session", "history", "model"])))
        return out

    def lines(self) -> list[str]:
        """The debrief as text for the terminal."""
        out = ["", "=" * 78, f"DEBRIEF: {', '.join(s.name for s in self.seats)} in '{self.title}'",
               self.ended_note, "=" * 78]
        for s in self.seats:
            who = f"{s.name} ({s.team})" if s.team else s.name
            out += ["", f"The path of {who} (history: the nearest recorded move of the same kind; "
                    f"'matches' = within {self.tolerance_days} days):"]
            if not s.path:
                out.append("  no move but waiting")
            for r in s.path:
                adv = "as the model advised" if r["followed"] == "yes" else f"the model advised: {r['advised']}"
                out += [f"  {r['date']}  {r['played']}", f"              {adv}",
                        f"              history: {r['history']}"]
            if s.followed_advice is not None:
                out.append(f"  {s.name} followed the model's top advice in {s.followed_advice:.0%} of its turns.")
            out += ["", f"The record of {s.name} (made by this seat? share of the model's free play runs "
                    f"that made it, {self.seeds} seeds):"]
            if not s.record:
                out.append("  no recorded moves in this period")
            for r in s.record:
                out.append(f"  {r['date']}  made: {r['made']:<4} model: {r['model']}  {r['what']}")
            if s.fidelity_team is not None:
                out.append(f"  Fidelity to the record of {s.name}: this seat {s.fidelity_team:.2f}, the "
                           f"model's free play {s.fidelity_model:.2f} (mean over seeds)")
        out += ["", "Outcomes (this session | history, as recorded | the model's free play):"]
        for r in self.outcomes:
            out.append(f"  {r['outcome']}: {r['session']} | {r['history']} | {r['model']}")
        out += ["", "Questions for discussion: where did your path leave history, and why? Which of the",
                "model's reasons did you weigh differently? Would history's choice have served you better?"]
        return out


def ended_text(ended: str, until: dt.date | None, end: dt.date) -> str:
    """How the session ended, in a sentence."""
    if until is None:
        return f"The session ran to the scenario's end ({end})."
    how = {"quit": "was ended by the player", "eof": "stopped when the moves ran out",
           "stopped": "was ended by the instructor"}.get(ended, "stopped")
    return f"The session {how} after the turn of {until}; everything is compared up to that date."


def _history_text(record, actor, move, target, date, tol) -> str:
    e = match_record(record, actor, move, target, date)
    if e is None:
        return "no such move in the record"
    gap = (date - e.date).days
    mark = "matches" if abs(gap) <= tol else "differs from"
    return f"{mark} {e.date} ({gap:+d} days): {e.text or e.move}"


def _seat(sc: Scenario, names: Names, seat: SeatPlay, result: RunResult, record, model_rate,
          branch: dt.date | None, tol: int) -> SeatDebrief:
    path = [{"date": c.date.isoformat(), "played": option_label(c.key, names),
             "advised": f"{option_label(c.advised, names)} ({c.advised_probability:.2f})",
             "followed": "yes" if c.followed_advice else "no",
             "history": _history_text(sc.record, seat.actor, c.move, c.target, c.date, tol)}
            for c in seat.choices if c.move != "wait"]
    hits = score_run(result, record, tol)
    mine = [i for i, e in enumerate(record) if e.actor == seat.actor and (branch is None or e.date >= branch)]
    rows = [{"date": record[i].date.isoformat(),
             "who": names.who(seat.actor, record[i].by) if record[i].by else names(seat.actor),
             "what": record[i].text or option_label(record[i].move + (f":{record[i].target}" if record[i].target
                                                                     else ""), names),
             "source": record[i].source, "made": "yes" if hits[i] else "no",
             "model": f"{model_rate[i]:.2f}"} for i in mine]
    followed = [c.followed_advice for c in seat.choices]
    return SeatDebrief(
        actor=seat.actor, name=names(seat.actor), team=seat.team, path=path, record=rows,
        fidelity_team=float(hits[mine].mean()) if mine else None,
        fidelity_model=float(model_rate[mine].mean()) if mine else None,
        followed_advice=float(np.mean(followed)) if followed else None)


def compute_debrief(sc: Scenario, result: RunResult, seats: list[SeatPlay], *, ended: str,
                    until: dt.date | None, branch: dt.date | None = None, seeds: int = 50,
                    params: dict | None = None) -> Debrief:
    """Compare a session's run (`result`) with the record and with the model's free play.

    Args:
        sc: The scenario as played (parameters applied).
        result: The session's run so far.
        seats: The human seats and what each played.
        ended: "complete", "quit", "eof" or "stopped".
        until: The last played date when the session ended early (comparisons stop there).
        branch: The date the players took over, if history was replayed before it.
        seeds: Seeds of the model's free play.
        params: Declared parameters the session set (the free play uses the same).
    """
    names = Names(sc)
    tol = sc.fidelity.tolerance_days
    record = [e for e in sc.record if until is None or e.date <= until]
    model_hits = np.zeros(len(record))
    free: dict[str, list[float]] = {k: [] for k in sc.outcomes}
    for s in range(seeds):
        if branch is not None:
            r = run(sc, mode="counterfactual", seed=s, branch=branch, until=until)
        else:
            r = run(sc, mode="free", seed=s, until=until)
        model_hits += score_run(r, record, tol)
        for k, v in r.outcomes.items():
            free[k].append(v)
    model_rate = model_hits / max(seeds, 1)
    start = sc.calendar.start
    outcomes = []
    for k, spec in sc.outcomes.items():
        metric = METRICS[spec.metric]
        outcomes.append({"outcome": outcome_label(sc, k),
                         "session": format_outcome(result.outcomes[k], metric.kind, start, metric.labels),
                         "history": recorded_outcome(sc, k, until),
                         "model": model_summary(free[k], metric.kind, start, metric.labels)})
    return Debrief(
        title=sc.title, scenario_id=sc.id, seeds=seeds, tolerance_days=tol,
        until=until.isoformat() if until else None, ended=ended,
        ended_note=ended_text(ended, until, sc.calendar.end),
        seats=[_seat(sc, names, s, result, record, model_rate, branch, tol) for s in seats],
        outcomes=outcomes, result=result)


def debrief(session, seeds: int = 50) -> Debrief:
    """The debrief of a terminal `PlaySession` (finished or interrupted)."""
    until = session.last_date if session.ended in ("quit", "eof") else None
    return compute_debrief(session.sc, session.result(), [SeatPlay(session.actor, "", session.choices)],
                           ended=session.ended or "complete", until=until, branch=session.branch,
                           seeds=seeds, params=session.params)


def advice_table(session, top: int = 3) -> pd.DataFrame:
    """One row per turn: what the player played and the model's top advice for that seat, as sentences."""
    from negotiation_sim.teaching.words import why_sentence

    names = session.model.names
    counterpart = session.sc.actor(session.actor).first_counterpart
    recs = {d.tick: d for d in session.model.decisions if d.actor == session.actor}
    rows = []
    for c in session.choices:
        d = recs[c.tick]
        order = sorted(range(len(d.keys)), key=lambda i: -d.probability[i])[:top]
        rows.append({"date": c.date, "played": option_label(c.key, names),
                     "model's probability of it": f"{c.probability:.2f}",
                     "the model's advice": " ".join(why_sentence(d, i, names, counterpart) for i in order)})
    return pd.DataFrame(rows, columns=["date", "played", "model's probability of it", "the model's advice"])
