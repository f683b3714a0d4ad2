"""The talks over time: the offer on the table, each side's limit and the zone of agreement.

Core functions: `talks_series` (one row per tick, read from a finished or running run's
states) and `talks_chart` (a PNG with dates on the x-axis). `draw_talks` draws a series already
taken, with matplotlib's object API and no pyplot state, so a server can draw off its event
loop. The limits are computed with the model's own functions (`model.talks.max_offer`,
`model.talks.reservation`) on each recorded state, so the chart shows what the agents bargained
over.
"""

from __future__ import annotations

import io
from types import MappingProxyType

import pandas as pd

from negotiation_sim.model.index import ScenarioIndex
from negotiation_sim.model.result import RunResult
from negotiation_sim.model.state import WorldView
from negotiation_sim.model.talks import max_offer, reservation
from negotiation_sim.scenario.names import Names
from negotiation_sim.scenario.schema import Scenario

__all__ = ["talks_series", "talks_chart", "draw_talks"]


def talks_series(sc: Scenario, result: RunResult, talks_id: str) -> pd.DataFrame:
    """Date, offer, the client's most, the adversary's least, and whether the zone is open."""
    ix = ScenarioIndex(sc)
    s = ix.layout.talks[talks_id]
    rows = []
    for tick, x in enumerate(result.states):
        view = WorldView(x, ix.layout, tick, result.calendar.date_of(tick), MappingProxyType({}))
        hi = max_offer(view, ix, talks_id)
        lo = float(reservation(x, ix, talks_id))
        rows.append({"date": result.calendar.date_of(tick), "offer": float(x[s.offer]), "client_limit": hi,
                     "adversary_limit": lo, "zone_open": lo <= hi + 1e-9,
                     "precondition": bool(x[s.precondition] >= 0.5)})
    return pd.DataFrame(rows)


def talks_chart(sc: Scenario, result: RunResult, talks_id: str, width: float = 7.0,
                height: float = 3.6) -> bytes:
    """The talks as a PNG: offer, limits and the zone of agreement shaded, dates on the x-axis."""
    return draw_talks(sc, talks_series(sc, result, talks_id), talks_id, width, height)


def draw_talks(sc: Scenario, df: pd.DataFrame, talks_id: str, width: float = 7.0,
               height: float = 3.6) -> bytes:
    """`talks_chart` of a series from `talks_series`. Reads only its arguments and keeps no global
    state (a `Figure`, not pyplot), so it may run in a worker thread beside other drawing."""
    import matplotlib.dates as mdates
    from matplotlib.figure import Figure

    names = Names(sc)
    t = next(t for t in sc.talks if t.id == talks_id)
    client, adv = names(t.client), names(t.adversary)
    fig = Figure(figsize=(width, height))
    ax = fig.subplots()
    dates = pd.to_datetime(df["date"])
    ax.fill_between(dates, df["adversary_limit"], df["client_limit"], where=df["zone_open"],
                    color="#9ecae1", alpha=0.5, step="post", label="zone of agreement")
    ax.step(dates, df["offer"], where="post", color="black", lw=2.2, label=f"offer on the table ({client})")
    ax.step(dates, df["client_limit"], where="post", color="#1f77b4", lw=1.6,
            label=f"most {client} can concede")
    ax.step(dates, df["adversary_limit"], where="post", color="#d62728", lw=1.6,
            label=f"least {adv} accepts")
    issue = next(i for i in sc.issues if i.id == t.issue)
    ax.axhline(issue.positions.get(t.adversary, 1.0), color="#d62728", ls=":", lw=1,
               label=f"{adv}'s stated demand")
    ax.axhline(issue.positions.get(t.client, 0.0), color="#1f77b4", ls=":", lw=1,
               label=f"{client}'s stated demand")
    ax.set_ylim(0, 1)
    ax.set_ylabel(f"terms (0 = {issue.low_label[:28]}…)" if len(issue.low_label) > 28
                  else f"terms (0 = {issue.low_label})", fontsize=10)
    ax.set_title(names.talks[talks_id][0].upper() + names.talks[talks_id][1:], fontsize=12)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))
    ax.tick_params(labelsize=10)
    ax.legend(fontsize=9, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100)  # Agg, without pyplot; nothing to close
    return buf.getvalue()
