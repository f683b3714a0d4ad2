"""Analysis of a sweep: tidy tables, paired counterfactual effects, Sobol indices.

Core functions: `load_results` (the runs of an output directory as a wide
DataFrame), `tidy` (one row per run and outcome), `paired_effects`
(counterfactual minus factual on the same seed, with bootstrap confidence
intervals), `sobol_indices` (SALib's Sobol analysis of a Saltelli design) and
`summary_markdown`. Nothing here runs the model: data flows one way, from the
store to tables and figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from negotiation_sim.experiments.design import Design
from negotiation_sim.experiments.spec import FACTUAL
from negotiation_sim.experiments.store import ResultStore

__all__ = ["load_results", "tidy", "bootstrap_ci", "paired_effects", "sobol_indices",
           "point_means", "summary_markdown"]

ID_COLUMNS = ["run_id", "point", "replicate", "arm", "seed", "status", "error"]


def load_results(out: str | Path) -> pd.DataFrame:
    """Every run in a sweep directory, sorted by run id; the manifest is in ``df.attrs``.

    The manifest's design carries its number of points, not its matrix: pandas copies ``attrs``
    with every new frame, and a million-run Saltelli matrix made each copy cost seconds. The
    matrix is `ResultStore(out).design_matrix()`; each run's parameter values are its columns.
    """
    store = ResultStore(out)
    manifest = store.manifest()
    design = manifest["design"]
    if design.get("matrix") is not None:  # format 1: the matrix inline
        manifest["design"] = {**{k: v for k, v in design.items() if k != "matrix"},
                              "n_points": len(design["matrix"])}
    df = store.read_runs()
    df.attrs["manifest"] = manifest
    return df


def _outcomes(df: pd.DataFrame) -> list[str]:
    return list(df.attrs.get("manifest", {}).get("outcomes", []))


def tidy(df: pd.DataFrame, outcomes: Sequence[str] | None = None) -> pd.DataFrame:
    """One row per (run, outcome): run columns, parameters, ``outcome`` and ``value``."""
    outcomes = list(outcomes or _outcomes(df))
    ids = [c for c in df.columns if c not in outcomes]
    return df.melt(id_vars=ids, value_vars=outcomes, var_name="outcome", value_name="value")


def bootstrap_ci(x: np.ndarray, n_boot: int = 2000, level: float = 0.95,
                 rng: np.random.Generator | None = None) -> tuple[float, float]:
    """Percentile bootstrap confidence interval of the mean of `x`."""
    x = np.asarray(x, dtype=float)
    if x.size == 0:
        return (np.nan, np.nan)
    if x.size == 1 or np.all(x == x[0]):
        return (float(x.mean()), float(x.mean()))
    rng = rng or np.random.default_rng(0)
    means = x[rng.integers(0, x.size, size=(n_boot, x.size))].mean(axis=1)
    a = (1 - level) / 2
    lo, hi = np.quantile(means, [a, 1 - a])
    return float(lo), float(hi)


def paired_effects(df: pd.DataFrame, outcomes: Sequence[str] | None = None,
                   by: Sequence[str] = (), n_boot: int = 2000, level: float = 0.95,
                   seed: int = 0) -> pd.DataFrame:
    """Counterfactual effects as paired differences with bootstrap intervals.

    Each counterfactual run is paired with the factual run of the same design point
    and replicate (hence the same seed); pairs where either run failed or the outcome
    is undefined (NaN, e.g. the day of an entry that never happened) are dropped and
    counted in ``n_dropped``.

    Args:
        df: Runs, as from `load_results`.
        outcomes: Outcome columns (default: the manifest's).
        by: Parameter columns to estimate effects separately for (e.g. one per grid value).
        n_boot: Bootstrap resamples.
        level: Confidence level.
        seed: Seed of the bootstrap's generator.

    Returns:
        One row per arm, group and outcome: ``n``, ``n_dropped``, ``factual``,
        ``counterfactual`` (means over pairs), ``effect`` (mean difference), ``ci_low``,
        ``ci_high``.
    """
    outcomes = list(outcomes or _outcomes(df))
    by = list(by)
    ok = df[df["status"] == "ok"]
    fact = ok[ok["arm"] == FACTUAL].set_index(["point", "replicate"])
    rng = np.random.default_rng(seed)
    rows: list[dict[str, Any]] = []
    for arm in sorted(set(df["arm"]) - {FACTUAL}):
        cf = ok[ok["arm"] == arm].set_index(["point", "replicate"])
        n_all = int((df["arm"] == arm).sum())
        pairs = cf.join(fact[outcomes].add_suffix("__factual"), how="inner")
        groups = pairs.groupby(by, sort=True) if by else [((), pairs)]
        for key, g in groups:
            key = key if isinstance(key, tuple) else (key,)
            for o in outcomes:
                both = g[[o, f"{o}__factual"]].dropna()
                d = (both[o] - both[f"{o}__factual"]).to_numpy()
                lo, hi = bootstrap_ci(d, n_boot, level, rng)
                n_group = n_all if not by else len(g)
                rows.append({"arm": arm, **dict(zip(by, key)), "outcome": o, "n": len(d),
                             "n_dropped": n_group - len(d),
                             "factual": float(both[f"{o}__factual"].mean()) if len(d) else np.nan,
                             "counterfactual": float(both[o].mean()) if len(d) else np.nan,
                             "effect": float(d.mean()) if len(d) else np.nan,
                             "ci_low": lo, "ci_high": hi})
    return pd.DataFrame(rows)


def point_means(df: pd.DataFrame, outcome: str, n_points: int, arm: str = FACTUAL) -> np.ndarray:
    """Mean of an outcome over replicates at each design point, in point order."""
    sel = df[(df["arm"] == arm) & (df["status"] == "ok")]
    means = sel.groupby("point")[outcome].mean().reindex(range(n_points))
    return means.to_numpy(dtype=float)


def sobol_indices(df: pd.DataFrame, design: Design | dict, outcome: str, arm: str = FACTUAL,
                  level: float = 0.95, num_resamples: int = 1000, seed: int = 0) -> pd.DataFrame:
    """First-order and total Sobol indices with confidence intervals (SALib).

    The model output at each Saltelli point is the mean over its replicates.

    Returns:
        One row per parameter: ``S1``, ``S1_conf``, ``ST``, ``ST_conf`` (half-widths of the
        `level` intervals).

    Raises:
        ValueError: Not a Saltelli design, or a point has no defined value of the outcome.
    """
    from SALib.analyze import sobol

    if isinstance(design, Design):
        design = {**design.problem(), "method": design.method, "n_points": design.n_points,
                  "second_order": design.second_order}
    if design["method"] != "saltelli":
        raise ValueError(f"Sobol indices need a saltelli design, not {design['method']}")
    n_points = design["n_points"] if "n_points" in design else len(design["matrix"])
    y = point_means(df, outcome, n_points, arm)
    if np.isnan(y).any():
        raise ValueError(f"outcome {outcome!r} is undefined (NaN) at {int(np.isnan(y).sum())} "
                         "design points: pick an outcome defined in every run")
    problem = {"num_vars": len(design["names"]), "names": list(design["names"]),
               "bounds": [list(b) for b in design["bounds"]]}
    res = sobol.analyze(problem, y, calc_second_order=bool(design.get("second_order", False)),
                        num_resamples=num_resamples, conf_level=level, seed=seed)
    return pd.DataFrame({"parameter": problem["names"], "S1": res["S1"], "S1_conf": res["S1_conf"],
                         "ST": res["ST"], "ST_conf": res["ST_conf"]})


def _md_table(df: pd.DataFrame, digits: int = 3) -> str:
    cols = list(df.columns)
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for _, r in df.iterrows():
        cells = [f"{v:.{digits}g}" if isinstance(v, float) else str(v) for v in r]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def summary_markdown(df: pd.DataFrame, by: Sequence[str] = (), n_boot: int = 2000) -> str:
    """A short Markdown report: runs, failures, outcome means, effects or Sobol indices."""
    m = df.attrs.get("manifest", {})
    outcomes = _outcomes(df)
    n_err = int((df["status"] != "ok").sum())
    parts = [f"# {m.get('name', 'sweep')}", "",
             f"Scenario `{m.get('scenario_id')}` ({m.get('scenario_hash')}), mode {m.get('mode')}, "
             f"design {m.get('design', {}).get('method')}, spec {m.get('spec_hash')}, "
             f"negotiation-sim {m.get('package_version')}.", "",
             f"Runs: {len(df)} of {m.get('n_runs')} ({n_err} failed).", "",
             "## Outcome means by arm", "",
             _md_table(df[df["status"] == "ok"].groupby("arm")[outcomes].mean().reset_index())]
    if len(set(df["arm"])) > 1:
        eff = paired_effects(df, outcomes, by=by, n_boot=n_boot)
        parts += ["", "## Counterfactual effects (paired on seeds, 95% bootstrap CI)", "",
                  _md_table(eff)]
    design = m.get("design", {})
    if design.get("method") == "saltelli":
        parts += ["", "## Sobol indices (95% CI half-widths)"]
        for o in outcomes:
            try:
                si = sobol_indices(df, design, o)
            except ValueError as err:
                parts += ["", f"### {o}", "", f"Not computed: {err}."]
                continue
            parts += ["", f"### {o}", "", _md_table(si)]
    if n_err:
        errs = df.loc[df["status"] != "ok", "error"].value_counts().head(5)
        parts += ["", "## Failures", ""] + [f"- {n} x {e}" for e, n in errs.items()]
    return "\n".join(parts) + "\n"
