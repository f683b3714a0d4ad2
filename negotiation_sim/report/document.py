"""A report as a format-neutral document, built from finished runs.

Core objects: `Document`, `Section` and the blocks `Paragraph`, `Table`,
`Figure`; builders `run_report` (a run, its decisions, fidelity, and a
counterfactual contrast) and `session_report` (a play session and its debrief).
`report.html` and `report.markdown` render a `Document`; nothing here runs a
model except through `api.run` and `analysis.fidelity`.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from negotiation_sim.analysis.fidelity import FidelityTable, score_run
from negotiation_sim.model.result import RunResult
from negotiation_sim.report.charts import timeline_chart
from negotiation_sim.report.narrative import match_record
from negotiation_sim.scenario.schema import Scenario

__all__ = ["Document", "Section", "Paragraph", "Table", "Figure", "run_report", "session_report",
           "contrast_chart"]


@dataclass
class Paragraph:
    text: str


@dataclass
class Table:
    frame: pd.DataFrame
    caption: str = ""


@dataclass
class Figure:
    png: bytes
    caption: str
    name: str


@dataclass
class Section:
    id: str
    title: str
    blocks: list = field(default_factory=list)


@dataclass
class Document:
    title: str
    subtitle: str
    sections: list[Section] = field(default_factory=list)


def _png(draw) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "chart.png"
        draw(path)
        return path.read_bytes()


def contrast_chart(table: pd.DataFrame, label: str, path: Path) -> Path:
    """One small panel per outcome: the mean paired difference with its 95% interval."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = table.dropna(subset=["difference"])
    n = max(len(rows), 1)
    cols = min(3, n)
    fig, axes = plt.subplots(-(-n // cols), cols, figsize=(3.6 * cols, 1.6 * -(-n // cols) + 0.6),
                             squeeze=False)
    for ax, r in zip(axes.flat, rows.itertuples()):
        ax.errorbar([r.difference], [0], xerr=[[r.difference - r.ci_low], [r.ci_high - r.difference]],
                    fmt="o", color="firebrick", capsize=4)
        ax.axvline(0, color="gray", lw=0.8)
        ax.set_yticks([])
        ax.set_title(r.outcome, fontsize=8)
        span = max(abs(r.ci_low), abs(r.ci_high), 1e-3) * 1.3
        ax.set_xlim(-span, span)
        ax.tick_params(labelsize=7)
    for ax in list(axes.flat)[len(rows):]:
        ax.axis("off")
    fig.suptitle(f"Counterfactual minus factual (paired seeds), mean and 95% CI\n{label}", fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path


def _outcomes(result: RunResult, sc: Scenario) -> pd.DataFrame:
    from negotiation_sim.model.outcomes import METRICS
    from negotiation_sim.teaching.outcomes import format_outcome, outcome_label, recorded_outcome

    rows = []
    for k, v in result.outcomes.items():
        metric = METRICS[sc.outcomes[k].metric]
        rows.append({"outcome": outcome_label(sc, k),
                     "value": format_outcome(v, metric.kind, sc.calendar.start, metric.labels),
                     "history (the record)": recorded_outcome(sc, k)})
    return pd.DataFrame(rows, columns=["outcome", "value", "history (the record)"])


def _moves(result: RunResult, sc: Scenario) -> pd.DataFrame:
    """Every move with who made it, why (a sentence), the alternatives weighed, and history beside it."""
    from negotiation_sim.scenario.names import Names
    from negotiation_sim.teaching.words import option_label, why_sentence

    names = Names(sc)
    tol = sc.fidelity.tolerance_days
    by_key = {(d.tick, d.actor): d for d in result.decision_records}
    rows = []
    for m in result.move_records:
        date = result.calendar.date_of(m.tick)
        d = by_key.get((m.tick, m.actor))
        why, alts = "", ""
        if d is not None and m.origin == "decision":
            why = why_sentence(d, d.choice, names, sc.actor(m.actor).first_counterpart)
            order = [i for i in np.argsort(-d.probability) if i != d.choice][:2]
            alts = "; ".join(f"{option_label(d.keys[i], names)} ({d.probability[i]:.2f})" for i in order)
        elif m.origin == "record":
            why = "recorded move" + (f"; the model preferred: {option_label(d.chosen, names)}" if d else "")
        elif m.origin == "forced":
            why = "chosen by the player" if result.mode.startswith("play") else "forced by the intervention"
            if d is not None:
                why += f"; the model preferred: {option_label(d.chosen, names)}"
        e = match_record(result.record, m.actor, m.move, m.target, date) if m.origin != "record" else None
        hist = "" if m.origin == "record" else ("not in the record" if e is None else
                                                 f"{'matches' if abs((date - e.date).days) <= tol else 'differs from'} "
                                                 f"{e.date}: {e.text}")
        rows.append({"date": date, "what": m.text, "how": {"decision": "the model's choice", "record": "as recorded",
                                                            "forced": "imposed"}.get(m.origin, m.origin),
                     "probability": "" if np.isnan(m.probability) else f"{m.probability:.2f}",
                     "why": why, "alternatives weighed": alts, "history": hist})
    return pd.DataFrame(rows, columns=["date", "what", "how", "probability", "why", "alternatives weighed",
                                       "history"])


def _fidelity(fid: FidelityTable, result: RunResult, sc: Scenario) -> pd.DataFrame:
    from negotiation_sim.scenario.names import Names
    from negotiation_sim.teaching.words import option_label

    names = Names(sc)
    hits = score_run(result, sc.record, fid.tolerance_days)
    t = fid.table
    rows = [{"date": r.date, "who": names(r.actor),
             "recorded move": option_label(r.move + (f":{r.target}" if isinstance(r.target, str) and r.target else ""),
                                           names),
             "hit rate": f"{r.hit_rate:.2f}", "this run": "yes" if h else "no", "source": r.source}
            for r, h in zip(t.itertuples(), hits)]
    return pd.DataFrame(rows, columns=["date", "who", "recorded move", "hit rate", "this run", "source"])


def _talks_png(sc: Scenario, result: RunResult, talks_id: str) -> bytes:
    from negotiation_sim.teaching.talks_chart import talks_chart

    return talks_chart(sc, result, talks_id)


def _mode_words(mode: str, sc: Scenario) -> str:
    """A run's mode for people: ``play as us`` -> ``played by a student as United States``."""
    if mode.startswith("play as "):
        from negotiation_sim.scenario.names import Names

        return f"played by a student as {Names(sc)(mode[len('play as '):])}"
    return mode


def run_report(sc: Scenario, result: RunResult, fid: FidelityTable | None,
               contrast: pd.DataFrame | None = None) -> Document:
    """Timeline chart, outcomes, moves with their explanations, fidelity and any counterfactual contrast."""
    mode = _mode_words(result.mode, sc)
    doc = Document(sc.title, f"mode {mode}, seed {result.seed}"
                   + (f", intervention: {result.intervention}" if result.intervention else ""))
    params = ", ".join(f"{k}={v:g}" for k, v in result.params.items()) or "defaults"
    doc.sections.append(Section("run", "The run", [Paragraph(
        f"{sc.title} ({sc.calendar.start} to {sc.calendar.end}, {sc.calendar.tick_days}-day turns); "
        f"mode {mode}; seed {result.seed}; parameters: {params}; run hash {result.run_hash}."),
        Paragraph(sc.description or "")]))
    doc.sections.append(Section("outcomes", "Outcomes", [Table(_outcomes(result, sc), "Outcomes of this run")]))
    doc.sections.append(Section("timeline", "Timeline", [Figure(
        _png(lambda p: timeline_chart(result, sc, p)), "Trust by channel, strain, munitions, pressure and beliefs",
        "timeline")] + [Figure(_talks_png(sc, result, t.id), "The talks: the offer on the table, each side's "
                               "limit and the zone of agreement", f"talks-{t.id}") for t in sc.talks]))
    doc.sections.append(Section("decisions", "Moves and the decisions behind them", [
        Paragraph("Each move with the interests that drove it (weighted change in each interest, the "
                  "counterpart's believed reply included), the next-best alternatives the mover weighed "
                  "with their probabilities, and the nearest recorded move of the same kind."),
        Table(_moves(result, sc), "Moves")]))
    if fid is not None:
        doc.sections.append(Section("fidelity", "Historical fidelity", [
            Paragraph(f"How often the model's free play makes each recorded move within {fid.tolerance_days} "
                      f"days of its date, over {fid.seeds} seeds (overall {fid.overall:.2f}); 'this run' "
                      "says whether the run above made it."),
            Table(_fidelity(fid, result, sc), "Fidelity to the record")]))
    if contrast is not None:
        shown = contrast.copy()
        for c in ("factual_mean", "counterfactual_mean", "difference", "ci_low", "ci_high"):
            shown[c] = shown[c].map(lambda v: "n/a" if v != v else f"{v:+.3f}" if c != "factual_mean"
                                    and c != "counterfactual_mean" else f"{v:.3f}")
        fig = _png(lambda p: contrast_chart(contrast, result.intervention, p))
        doc.sections.append(Section("contrast", "Counterfactual contrast", [
            Paragraph(f"Intervention: {result.intervention}. Each seed is run twice from the branch date, "
                      "without and with the intervention (common random numbers); the table gives each "
                      "arm's mean, the mean paired difference and its 95% bootstrap interval. Day outcomes "
                      "pair only seeds where both arms have a date."),
            Table(shown, "Paired contrast over seeds"),
            Figure(fig, "Mean paired difference per outcome with 95% interval", "contrast")]))
    return doc


def session_report(sc: Scenario, debrief, result: RunResult, fid: FidelityTable | None,
                   advice: pd.DataFrame) -> Document:
    """A play session: the debrief's tables (as computed once), the turns with the model's advice,
    and the run report."""
    doc = run_report(sc, result, fid)
    seats = ", ".join(s.name for s in debrief.seats)
    doc.title = f"{sc.title}: {seats} played by students"
    blocks: list = [Paragraph(f"The students played {seats}; the model played everyone else. The model's "
                              f"free play is summarised over {debrief.seeds} seeds. {debrief.ended_note}")]
    for s in debrief.seats:
        if s.followed_advice is not None and s.fidelity_team is not None:
            blocks.append(Paragraph(
                f"{s.name}: followed the model's top advice in {s.followed_advice:.0%} of turns; fidelity "
                f"to its record: this seat {s.fidelity_team:.2f}, the model {s.fidelity_model:.2f}."))
    blocks += [Table(frame, caption) for caption, frame in debrief.tables()]
    doc.sections.insert(1, Section("debrief", "Debrief", blocks))
    doc.sections.insert(2, Section("turns", "Every turn with the model's advice", [Table(advice, "Turns")]))
    return doc
