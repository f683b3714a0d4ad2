"""Parameter designs: full grid, Latin hypercube, Saltelli (for Sobol indices).

Core object: `Design`, a matrix of design points (one row per point, one
column per varied parameter) plus the fixed parameters every point shares.
`build_design` makes one from a spec and its scenario; `grid_design`,
`lhs_design` and `saltelli_design` work from plain bounds, so the analysis
layer (and its tests on known functions) use the same code path. Sampling is
done by SALib and is deterministic given the experiment seed.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from negotiation_sim.experiments.spec import ExperimentSpec
from negotiation_sim.scenario.schema import Scenario

__all__ = ["Design", "build_design", "grid_design", "lhs_design", "saltelli_design"]

DEFAULT_LEVELS = 3


@dataclass(frozen=True)
class Design:
    """Design points of an experiment.

    Attributes:
        method: "grid", "lhs" or "saltelli".
        names: Varied parameter names, in column order.
        bounds: (low, high) per varied parameter (the sampled range).
        matrix: Array of shape (n_points, len(names)).
        fixed: Parameters set to the same value at every point.
        second_order: Saltelli designs only: whether second-order indices can be computed.
    """

    method: str
    names: list[str]
    bounds: list[tuple[float, float]]
    matrix: np.ndarray
    fixed: dict[str, float] = field(default_factory=dict)
    second_order: bool = False

    @property
    def n_points(self) -> int:
        """Number of design points (at least 1: a design with no varied parameter has one)."""
        return int(self.matrix.shape[0])

    def point(self, i: int) -> dict[str, float]:
        """Parameter values of point `i`, fixed ones included."""
        values = {n: float(v) for n, v in zip(self.names, self.matrix[i])}
        return {**self.fixed, **values}

    def problem(self) -> dict[str, Any]:
        """The SALib problem dictionary."""
        return {"num_vars": len(self.names), "names": list(self.names),
                "bounds": [list(b) for b in self.bounds]}

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form, stored in the manifest."""
        return {"method": self.method, "names": self.names, "bounds": [list(b) for b in self.bounds],
                "matrix": self.matrix.tolist(), "fixed": self.fixed, "second_order": self.second_order}


def grid_design(axes: dict[str, list[float]], fixed: dict[str, float] | None = None) -> Design:
    """Full factorial grid; the last parameter varies fastest."""
    names = list(axes)
    rows = list(itertools.product(*(axes[n] for n in names)))
    matrix = np.asarray(rows, dtype=float).reshape(len(rows), len(names))
    bounds = [(float(min(axes[n])), float(max(axes[n]))) for n in names]
    return Design("grid", names, bounds, matrix, dict(fixed or {}))


def lhs_design(bounds: dict[str, tuple[float, float]], samples: int, seed: int,
               fixed: dict[str, float] | None = None) -> Design:
    """Latin hypercube sample of `samples` points (SALib `latin.sample`)."""
    from SALib.sample import latin

    d = Design("lhs", list(bounds), [tuple(map(float, b)) for b in bounds.values()],
               np.empty((0, len(bounds))), dict(fixed or {}))
    matrix = latin.sample(d.problem(), samples, seed=seed)
    return Design("lhs", d.names, d.bounds, np.asarray(matrix, dtype=float), d.fixed)


def saltelli_design(bounds: dict[str, tuple[float, float]], samples: int, seed: int,
                    second_order: bool = False, fixed: dict[str, float] | None = None) -> Design:
    """Saltelli's extension of a Sobol' sequence (SALib `sobol.sample`).

    Gives samples * (k + 2) points, or samples * (2k + 2) with second order;
    `samples` should be a power of two.
    """
    import warnings

    from SALib.sample import sobol

    d = Design("saltelli", list(bounds), [tuple(map(float, b)) for b in bounds.values()],
               np.empty((0, len(bounds))), dict(fixed or {}), second_order)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # SALib warns when samples is not a power of two
        matrix = sobol.sample(d.problem(), samples, calc_second_order=second_order, seed=seed)
    return Design("saltelli", d.names, d.bounds, np.asarray(matrix, dtype=float), d.fixed,
                  second_order)


def build_design(spec: ExperimentSpec, scenario: Scenario) -> Design:
    """The design a (checked) spec asks for."""
    ds = spec.design
    fixed = dict(ds.fixed)
    if ds.method == "grid":
        axes: dict[str, list[float]] = {}
        for name, axis in ds.parameters.items():
            if axis.values is not None:
                axes[name] = [float(v) for v in axis.values]
            else:
                lo, hi = axis.range or scenario.parameters[name].range
                axes[name] = np.linspace(lo, hi, axis.levels or DEFAULT_LEVELS).tolist()
        return grid_design(axes, fixed)
    bounds = {n: tuple(a.range or scenario.parameters[n].range) for n, a in ds.parameters.items()}
    assert ds.samples is not None
    if ds.method == "lhs":
        return lhs_design(bounds, ds.samples, spec.seed, fixed)
    return saltelli_design(bounds, ds.samples, spec.seed, ds.second_order, fixed)
