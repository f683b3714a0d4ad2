"""The text report of a fit: values, ranges, priors, bounds, likelihoods, how starts agree.

Core function: `report_lines`.
"""

from __future__ import annotations

from negotiation_sim.calibration.castfile import rounded
from negotiation_sim.calibration.fit import FitResult
from negotiation_sim.calibration.space import CalibrationSpace

__all__ = ["report_lines"]


def _prior(p) -> str:
    pr = p.prior
    if pr.beta is not None:
        return f"beta({pr.beta[0]:g}, {pr.beta[1]:g})"
    if pr.lognormal is not None:
        return f"lognormal(median {pr.lognormal['median']:g}, sigma {pr.lognormal['sigma']:g})"
    return f"normal({pr.normal['mean']:g}, {pr.normal['sd']:g})"


def report_lines(space: CalibrationSpace, result: FitResult) -> list[str]:
    """Markdown lines describing a fit."""
    win = result.window
    span = "all observations" if not any(win.values()) else (
        f"observations after {win['after'] or 'the start'} up to {win['until'] or 'the end'}")
    evals = sum(s.evaluations for s in result.starts)
    secs = sum(s.seconds for s in result.starts)
    out = [f"# Fit of {space.id}", "",
           f"Training episodes: {', '.join(result.episodes)} ({span}).",
           f"Starts: {len(result.starts)} (the priors' centre, "
           + ("the values the files held (a warm start), " if result.warm else "")
           + f"and {len(result.starts) - 1 - result.warm} Latin-hypercube "
           f"points, seed {result.seed}); {result.agreeing_starts} ended within one nat of the best; "
           f"{evals} evaluations, {secs:.0f} s of computing.",
           f"Screening held {len(result.held)} of {space.dim} parameters at their prior's centre "
           "(they change the log likelihood by less than a quarter of a nat on their own"
           + (f", or, {len(result.absent)} of them, exist in no training episode)." if result.absent else ")."),
           f"Log posterior {result.log_posterior:.2f} = log likelihood "
           f"{sum(result.log_likelihood.values()):.2f} + log prior {result.log_prior:.2f}.", "",
           "| episode | log likelihood |", "|---|---:|"]
    out += [f"| {k} | {v:.2f} |" for k, v in result.log_likelihood.items()]
    out += ["", "| parameter | fitted | range | prior | note |", "|---|---:|---|---|---|"]
    for p in space.parameters:
        v = result.values[p.path]
        lo, hi = p.range
        u = p.to_unit(v)
        note = "at the lower bound" if u < 0.01 else ("at the upper bound" if u > 0.99 else "")
        if p.path in result.absent:
            note = "in no training episode: held at the prior's centre"
        elif p.path in result.held:
            note = "not moved by the training data: held at the prior's centre"
        out.append(f"| `{p.path}` | {rounded(v):g} | [{lo:g}, {hi:g}] | {_prior(p)} | {note} |")
    return out
