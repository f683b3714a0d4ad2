"""Charts of a run's timeline (matplotlib, written as PNG).

Core function: `timeline_chart`.
"""

from __future__ import annotations

from pathlib import Path

from negotiation_sim.model.result import RunResult
from negotiation_sim.scenario.schema import Scenario

__all__ = ["timeline_chart"]


def timeline_chart(result: RunResult, scenario: Scenario, path: str | Path) -> Path:
    """Trust, strain, munitions and pressure over time, in four panels."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from negotiation_sim.scenario.names import Names, possessive

    names = Names(scenario)
    df = result.timeline
    dates = df["date"]
    fig, axes = plt.subplots(2, 2, figsize=(11, 7), sharex=True)
    ax = axes[0, 0]
    for ch in scenario.channels:
        ax.plot(dates, df[f"trust.{ch.id}"], label=names.channel[ch.id][4:], lw=1)
    ax.plot(dates, df["trust"], label="mean", lw=2.5, color="black")
    ax.set_title("Trust by channel")
    ax.set_ylim(0, 1)
    ax.legend(fontsize=9)
    ax = axes[0, 1]
    ax.plot(dates, df["strain"], label="alliance strain", color="firebrick", lw=2)
    ax.plot(dates, df["un_cover"], label="UN cover", color="steelblue", ls="--")
    ax.plot(dates, df["humanitarian"], label="humanitarian toll", color="gray", ls=":")
    for op in scenario.operations:
        ax.plot(dates, df[f"op.{op.id}.scope"], label=f"plan scope: {op.name}", color="darkorange")
    ax.set_title("Strain, UN cover, plan scope")
    ax.set_ylim(0, 1.05)
    ax.legend(fontsize=9)
    ax = axes[1, 0]
    for st in scenario.stocks:
        ax.plot(dates, df[f"stock.{st.id}"] / st.need, label=f"{st.name} (share of need)")
    ax.axhline(1.0, color="gray", lw=0.5)
    ax.set_title("Munitions")
    ax.legend(fontsize=9)
    ax = axes[1, 1]
    for p in scenario.pressures:
        ax.plot(dates, df[f"pressure.{p.actor}"], label=f"pressure on {names(p.actor)}")
    for col in df.columns:
        if col.startswith("belief."):
            _, a, o, _ = col.split(".")
            ax.plot(dates, df[col], ls="--", label=f"{possessive(names(a))} estimate of {possessive(names(o))} resolve")
    ax.set_title("Domestic pressure and beliefs")
    ax.set_ylim(0, 1)
    ax.legend(fontsize=9)
    for a in axes[1]:
        a.tick_params(axis="x", rotation=30)
    for mv in result.move_records:
        if mv.move in ("act_unilaterally", "launch_agreed_operation", "hold_shipment", "declare_red_line"):
            for a in axes.flat:
                a.axvline(result.calendar.date_of(mv.tick), color="black", lw=0.4, ls=":")
    fig.suptitle(f"{scenario.title}\n{result.mode}, seed {result.seed}", fontsize=10)
    fig.tight_layout()
    path = Path(path)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
