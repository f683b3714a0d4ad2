"""Fit a calibration space: many Latin-hypercube starts, each refined by bounded Powell search.

Core objects: `fit`, `FitResult` and `StartResult`. Starts are spread over the unit cube by a
Latin hypercube (McKay, Beckman and Conover 1979) drawn from the fit's seed, plus the cast's
current values when asked; each is refined by Powell's (1964) derivative-free method with
bounds (scipy.optimize.minimize), in parallel over worker processes. The best start is the
maximum a posteriori estimate; how many starts end within one nat of it says how well the
optimum is found. The same seed gives the same result on any number of workers.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
from scipy.optimize import minimize
from scipy.stats import qmc

from negotiation_sim.calibration.objective import Objective, Window
from negotiation_sim.calibration.space import CalibrationSpace
from negotiation_sim.scenario.schema import Scenario

__all__ = ["fit", "FitResult", "StartResult", "load_episodes", "current_values", "prior_centre", "screen"]


@dataclass
class StartResult:
    """Where one start began and ended."""

    start: list[float]
    end: list[float]
    objective: float
    evaluations: int
    seconds: float


@dataclass
class FitResult:
    """The best point over all starts, and what each start found."""

    space_id: str
    episodes: list[str]
    window: dict[str, str | None]
    values: dict[str, float]
    log_likelihood: dict[str, float]
    log_prior: float
    starts: list[StartResult] = field(default_factory=list)
    seed: int = 0
    held: list[str] = field(default_factory=list)  # paths the training data do not move (prior centre)
    absent: list[str] = field(default_factory=list)  # paths found in no training episode (also held)
    warm: bool = False  # the second start was at the values the files held (`fit(..., warm=...)`)

    @property
    def log_posterior(self) -> float:
        return sum(self.log_likelihood.values()) + self.log_prior

    @property
    def agreeing_starts(self) -> int:
        """Starts that ended within one nat of the best."""
        best = min(s.objective for s in self.starts)
        return sum(1 for s in self.starts if s.objective <= best + 1.0)

    def to_json(self) -> dict:
        d = asdict(self)
        d["log_posterior"] = self.log_posterior
        d["agreeing_starts"] = self.agreeing_starts
        return d


def load_episodes(space: CalibrationSpace, names: Sequence[str] | None = None,
                  base: Path | None = None) -> list[Scenario]:
    """The training episodes of a space (or `names`), loaded and checked."""
    from negotiation_sim.scenario.loader import load_scenario

    out = []
    for name in names if names is not None else space.episodes:
        p = Path(name)
        if base is not None and p.suffix in (".yaml", ".yml") and not p.is_absolute():
            p = base / p
            out.append(load_scenario(p))
        else:
            out.append(load_scenario(name))
    return out


def current_values(space: CalibrationSpace, episodes: Sequence[Scenario]) -> dict[str, float]:
    """Each parameter's value as the episodes now declare it (the first episode where it exists)."""
    from negotiation_sim.scenario.params import resolve_path

    out = {}
    for p in space.parameters:
        for ep in episodes:
            try:
                container, key = resolve_path(ep, p.path)
            except KeyError:
                continue
            out[p.path] = float(getattr(container, key) if not isinstance(container, (dict, list))
                                else container[key])
            break
    return out


SCREEN_NATS = 0.25  # a parameter moving the log likelihood less than this is not identified


def _screen_one(space: CalibrationSpace, episodes: list[Scenario], window: Window, k: int,
                centre: list[float]) -> float:
    """The largest change of the log likelihood when parameter k alone moves to 0.15 or 0.85."""
    obj = Objective(space, episodes, window)
    base = sum(obj.log_likelihoods(obj.values(centre)).values())
    out = 0.0
    for u in (0.15, 0.85):
        point = list(centre)
        point[k] = u
        out = max(out, abs(sum(obj.log_likelihoods(obj.values(point)).values()) - base))
    return out


def screen(space: CalibrationSpace, episodes: list[Scenario], window: Window = Window(),
           workers: int = 1) -> dict[str, float]:
    """One-at-a-time effect of each parameter on the log likelihood, around the priors' centre.

    A parameter the training episodes do not move (less than `SCREEN_NATS`) has a posterior equal
    to its prior, whose mode is its centre: the fit holds it there instead of spending
    evaluations on a flat direction (Morris 1991 screening, one level each side).
    """
    centre = prior_centre(space)
    args = [(space, episodes, window, k, centre) for k in range(space.dim)]
    if workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            effects = list(pool.map(_screen_one, *zip(*args)))
    else:
        effects = [_screen_one(*a) for a in args]
    return {p.path: e for p, e in zip(space.parameters, effects)}


class _Free:
    """The objective over the free coordinates only; the held ones stay at the priors' centre."""

    def __init__(self, obj: Objective, free: list[int], centre: list[float]):
        self.obj, self.free, self.centre = obj, free, centre

    def full(self, v: np.ndarray) -> list[float]:
        u = list(self.centre)
        for k, x in zip(self.free, v):
            u[k] = float(x)
        return u

    def __call__(self, v: np.ndarray) -> float:
        return self.obj(self.full(v))


def _run_start(space: CalibrationSpace, episodes: list[Scenario], window: Window, u0: list[float],
               max_evals: int, free: list[int] | None = None) -> StartResult:
    obj = Objective(space, episodes, window)
    free = list(range(space.dim)) if free is None else free
    f = _Free(obj, free, prior_centre(space))
    t0 = time.perf_counter()
    v0 = np.array([u0[k] for k in free])
    res = minimize(f, v0, method="Powell", bounds=[(0.0, 1.0)] * len(free),
                   options={"maxfev": max_evals, "xtol": 1e-3, "ftol": 1e-4})
    end = f.full(np.clip(res.x, 0, 1))
    return StartResult(list(map(float, u0)), end, float(res.fun), obj.evaluations,
                       time.perf_counter() - t0)


def prior_centre(space: CalibrationSpace) -> list[float]:
    """The unit-cube point at each prior's centre (beta mode, lognormal median, normal mean)."""
    out = []
    for p in space.parameters:
        pr = p.prior
        if pr.beta is not None:
            a, b = pr.beta
            u = (a - 1) / (a + b - 2) if a > 1 and b > 1 else 0.5
            out.append(u)
        elif pr.lognormal is not None:
            out.append(p.to_unit(pr.lognormal["median"]))
        else:
            out.append(p.to_unit(pr.normal["mean"]))
    return out


def fit(space: CalibrationSpace, episodes: list[Scenario], starts: int = 8, workers: int = 1,
        max_evals: int = 4000, seed: int = 0, window: Window = Window(),
        screen_first: bool = True, progress=None, warm: dict[str, float] | None = None) -> FitResult:
    """Maximise the log posterior from the priors' centre and `starts` Latin-hypercube points.

    No start uses the values the files hold now unless `warm` gives them: a fit that leaves an
    episode out must not begin where a fit that saw it ended, so callers pass `warm` (an extra
    start at these values, e.g. the cast's current ones) only for a fit on every episode, to
    refine an earlier optimum after a mechanism lands. With `screen_first`, parameters the training data do
    not move (`screen`) are held at their prior's centre, and so, always, are parameters whose
    path exists in no training episode (an actor seen only in a held-out episode).
    """
    d = space.dim
    absent = list(Objective(space, episodes, window).unused)
    held: list[str] = list(absent)
    if screen_first:
        effects = screen(space, episodes, window, workers)
        held = [p.path for p in space.parameters if p.path in held or effects[p.path] < SCREEN_NATS]
    free = [k for k, p in enumerate(space.parameters) if p.path not in held]
    if progress and held:
        progress(f"screening: {len(free)} of {d} parameters move the log likelihood; "
                     f"{len(held)} held at their prior's centre")
    points = [prior_centre(space)]
    if warm is not None:
        # A value on a range's bound (a mechanism switched off at 0) has prior density 0 there:
        # start just inside, where the posterior is finite.
        points.append([min(max(p.to_unit(warm[p.path]), 0.01), 0.99) for p in space.parameters])
    if starts > 0:
        points += qmc.LatinHypercube(d=d, seed=seed).random(starts).tolist()
    args = [(space, episodes, window, u, max_evals, free) for u in points]
    results: list[StartResult] = []
    if workers > 1 and len(points) > 1:
        with ProcessPoolExecutor(workers) as pool:
            futures = [pool.submit(_run_start, *a) for a in args]
            for k, f in enumerate(futures):  # in start order, so the result does not depend on timing
                results.append(f.result())
                if progress:
                    progress(f"start {k}: -log posterior {results[-1].objective:.2f} "
                             f"({results[-1].evaluations} evaluations)")
    else:
        for k, a in enumerate(args):
            results.append(_run_start(*a))
            if progress:
                progress(f"start {k}: -log posterior {results[-1].objective:.2f} "
                         f"({results[-1].evaluations} evaluations)")
    best = min(results, key=lambda r: r.objective)
    obj = Objective(space, episodes, window)
    values = obj.values(best.end)
    return FitResult(space.id, [ep.id for ep in episodes],
                     {"after": str(window.after) if window.after else None,
                      "until": str(window.until) if window.until else None},
                     values, obj.log_likelihoods(values), obj.log_prior(values), results, seed, held,
                     absent, warm is not None)
