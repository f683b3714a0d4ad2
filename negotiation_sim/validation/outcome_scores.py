"""Outcome scores: Brier scores for binary outcomes, CRPS for dated ones, against history.

Core objects: `OutcomeTruth`, `truths`, `brier`, `crps`. A scenario declares the historical value
of an outcome with ``observed:`` (a date for a day metric, 0 or 1 for a flag). Free runs give an
ensemble forecast: for a flag, the share of runs in which it happened (Brier 1950: the squared
error of that probability); for a day, the runs' days (the continuous ranked probability score,
Matheson and Winkler 1976; Gneiting and Raftery 2007, eq. 21, in days). A thing that never
happened within the calendar counts as happening one tick after its end, for the forecast and
for the historical value alike (a right-censored day).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from negotiation_sim.model.calendar import Calendar
from negotiation_sim.model.outcomes import METRICS
from negotiation_sim.scenario.schema import Scenario

__all__ = ["OutcomeTruth", "truths", "brier", "crps", "censored_days"]


@dataclass(frozen=True)
class OutcomeTruth:
    """The historical value of one declared outcome, in the units its score uses."""

    name: str
    kind: str  # "flag" (Brier) or "day" (CRPS)
    value: float
    source: str


def _horizon(calendar: Calendar) -> float:
    return float((calendar.end - calendar.start).days + calendar.tick_days)


def truths(sc: Scenario) -> list[OutcomeTruth]:
    """Outcomes with a declared historical value, as numbers (days from the start, or 0/1)."""
    cal = Calendar(sc.calendar.start, sc.calendar.end, sc.calendar.tick_days)
    out = []
    for name, spec in sc.outcomes.items():
        if spec.observed is None:
            continue
        kind = METRICS[spec.metric].kind
        if kind == "day":
            day = float((spec.observed - cal.start).days)
            out.append(OutcomeTruth(name, "day", min(day, _horizon(cal)), spec.observed_source))
        elif kind == "flag":
            out.append(OutcomeTruth(name, "flag", float(spec.observed), spec.observed_source))
    return out


def censored_days(values: np.ndarray, calendar: Calendar) -> np.ndarray:
    """Run days with "never" (NaN) set one tick past the end."""
    v = np.asarray(values, dtype=float)
    return np.where(np.isnan(v), _horizon(calendar), np.minimum(v, _horizon(calendar)))


def brier(flags: np.ndarray, truth: float) -> float:
    """Brier score of the ensemble's share of runs with the flag set."""
    f = np.asarray(flags, dtype=float)
    f = f[~np.isnan(f)]
    p = float(f.mean()) if f.size else 0.5
    return (p - truth) ** 2


def crps(days: np.ndarray, truth: float) -> float:
    """Empirical CRPS of an ensemble of days against the historical day (in days).

    E|X - y| - E|X - X'| / 2, computed in O(n log n) from the sorted ensemble.
    """
    x = np.sort(np.asarray(days, dtype=float))
    n = x.size
    if n == 0:
        return float("nan")
    first = np.abs(x - truth).mean()
    # sum_{i,j} |x_i - x_j| = 2 * sum_i (2i - n + 1) x_(i) for sorted x (0-based i)
    spread = 2.0 * np.sum((2 * np.arange(n) - n + 1) * x) / (n * n)
    return float(first - 0.5 * spread)
