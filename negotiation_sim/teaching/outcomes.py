"""Outcomes for people: a run's values in words, history as the record gives it, and the model's spread.

Core functions: `format_outcome` (one value: days as dates, flags as yes/no, categories by
name, never "nan"), `recorded_outcome` (what the historical record itself says: dates of
recorded moves as recorded, or the scenario's `recorded:` text; never a replay of the
model) and `model_summary` (the model's free play over seeds: a mean for values and dates,
shares for flags and categories).
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from negotiation_sim.model.outcomes import METRICS
from negotiation_sim.scenario.schema import Scenario

__all__ = ["format_outcome", "recorded_outcome", "model_summary", "outcome_label"]

_LAUNCHES = ("act_unilaterally", "launch_agreed_operation")


def outcome_label(sc: Scenario, name: str) -> str:
    """An outcome's description (its name with spaces if it has none)."""
    spec = sc.outcomes[name]
    return spec.description or name.replace("_", " ")


def format_outcome(value: float, kind: str, start: dt.date, labels: dict[int, str] | None = None) -> str:
    """An outcome value for people: days as dates, flags as yes/no, categories by name."""
    if value is None or value != value:
        return "never" if kind in ("day", "value") else "no"
    if kind == "day":
        return (start + dt.timedelta(days=int(round(value)))).isoformat()
    if kind == "flag":
        return "yes" if value >= 0.5 else "no"
    if kind == "category":
        return (labels or {}).get(int(round(value)), f"category {int(round(value))}")
    return f"{value:.2f}"


def recorded_outcome(sc: Scenario, name: str, until: dt.date | None = None) -> str:
    """What the record says of outcome `name`, up to `until`; 'not in the record' when it is silent."""
    spec = sc.outcomes[name]
    metric = METRICS[spec.metric]
    end = until or sc.calendar.end
    record = sorted((e for e in sc.record if e.date <= end), key=lambda e: e.date)
    if spec.recorded and (until is None or until >= sc.calendar.end):
        return spec.recorded
    if spec.metric in ("launch_day", "launched"):
        hit = next((e for e in record if e.move in _LAUNCHES and e.target == spec.target), None)
    elif spec.metric in ("first_move_day", "made_move"):
        hit = next((e for e in record if e.move == spec.value
                    and (spec.actor is None or e.actor == spec.actor)), None)
    else:
        return spec.recorded or "not in the record"
    if metric.kind == "flag":
        return f"yes ({hit.date})" if hit else "no"
    return hit.date.isoformat() if hit else "not in this period"


def model_summary(values: list[float], kind: str, start: dt.date,
                  labels: dict[int, str] | None = None) -> str:
    """The model's free play over seeds in one phrase."""
    vals = np.array(values, dtype=float)
    n = len(vals)
    if n == 0:
        return "no runs"
    ok = vals[~np.isnan(vals)]
    if kind == "flag":
        return f"yes in {int((ok >= 0.5).sum())} of {n} runs"
    if kind == "category":
        counts: dict[str, int] = {}
        for v in ok:
            key = format_outcome(float(v), kind, start, labels)
            counts[key] = counts.get(key, 0) + 1
        return ", ".join(f"{k} in {c} of {n}" for k, c in sorted(counts.items(), key=lambda kv: -kv[1]))
    if not len(ok):
        return f"never in {n} runs"
    if kind == "day":
        mean = format_outcome(float(ok.mean()), kind, start)
        return f"on average {mean} (it happened in {len(ok)} of {n} runs)"
    return f"on average {ok.mean():.2f} (from {ok.min():.2f} to {ok.max():.2f})"
