"""The log posterior of a parameter point: summed replay log score plus log prior.

Core object: `Objective`. It loads the training episodes once, and for a point sets each
parameter in every episode where its path exists (a personality of Iran exists only where Iran
takes part), replays each episode and sums the log-probability the decision rule gave to the
record (`negotiation_sim.validation.replay_score`). Observations can be limited to a window of
dates (a temporal split fits on what happened up to a date and scores what followed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from negotiation_sim.scenario.params import apply_params, resolve_path
from negotiation_sim.scenario.schema import Scenario
from negotiation_sim.calibration.space import CalibrationSpace

__all__ = ["Objective", "Window"]


@dataclass(frozen=True)
class Window:
    """Which observations count: dated after `after` (exclusive) and up to `until` (inclusive)."""

    after: dt.date | None = None
    until: dt.date | None = None

    def mask(self, dates) -> np.ndarray:
        d = np.array([x for x in dates], dtype=object)
        keep = np.ones(len(d), dtype=bool)
        if self.after is not None:
            keep &= np.array([x > self.after for x in d], dtype=bool)
        if self.until is not None:
            keep &= np.array([x <= self.until for x in d], dtype=bool)
        return keep


def _applies(sc: Scenario, path: str) -> bool:
    try:
        resolve_path(sc, path)
    except KeyError:
        return False
    return True


class Objective:
    """Negative log posterior over a space's parameters, on a list of episodes.

    Args:
        space: The calibration space.
        episodes: Loaded episode scenarios (each keeps its own situation).
        window: Which observations count.
    """

    def __init__(self, space: CalibrationSpace, episodes: Sequence[Scenario], window: Window = Window()):
        self.space = space
        self.episodes = list(episodes)
        self.window = window
        self.paths = [p.path for p in space.parameters]
        self.applies = [[k for k, path in enumerate(self.paths) if _applies(ep, path)] for ep in self.episodes]
        # A path found in no training episode (Iran's personality when iran_response is held out)
        # cannot be learnt from them: `fit` holds it at its prior's centre.
        self.unused = [path for k, path in enumerate(self.paths) if not any(k in a for a in self.applies)]
        self.evaluations = 0

    def values(self, u: Sequence[float]) -> dict[str, float]:
        """Parameter values at unit-cube point `u`."""
        return {p.path: p.to_value(float(x)) for p, x in zip(self.space.parameters, u)}

    def log_prior(self, values: dict[str, float]) -> float:
        return float(sum(p.prior.logpdf(values[p.path], *p.range) for p in self.space.parameters))

    def log_likelihoods(self, values: dict[str, float]) -> dict[str, float]:
        """Summed replay log score of each episode at `values` (observations in the window)."""
        from negotiation_sim.validation.replay_score import replay_log_score

        out = {}
        for ep, idx in zip(self.episodes, self.applies):
            sc = apply_params(ep, {self.paths[k]: values[self.paths[k]] for k in idx})
            rows = replay_log_score(sc).rows
            out[ep.id] = float(rows.logp[self.window.mask(rows.date)].sum())
        return out

    def __call__(self, u: Sequence[float]) -> float:
        """Negative log posterior at unit-cube point `u` (what the optimiser minimises)."""
        self.evaluations += 1
        v = self.values(u)
        return -(sum(self.log_likelihoods(v).values()) + self.log_prior(v))
