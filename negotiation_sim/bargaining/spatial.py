"""Spatial group-decision rules: the compromise (weighted mean) and the weighted median.

Core functions: `compromise` and `weighted_median`.

Sources:
    Bueno de Mesquita, B. (1994). Political forecasting: an expected utility
    method. In Bueno de Mesquita & Stokman (eds.), *European Community Decision
    Making*, Yale UP, pp. 71-104: the weighted median ("median voter") forecast.
    van den Bos, R. (1994) and Achen, C. (2006). Evaluating political decision-
    making models. In Thomson et al. (eds.), *The European Union Decides*: the
    compromise model, the mean of positions weighted by capability times salience.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from negotiation_sim.bargaining.actors import Actor, check_actors, weights

__all__ = ["compromise", "weighted_median", "weighted_mean_of", "weighted_median_of", "order_free_sum"]

_TIE = 1e-12  # relative slack so that rescaling weights cannot flip an exact half


def order_free_sum(values: np.ndarray, axis: int | tuple[int, ...] | None = None) -> np.ndarray:
    """A sum that depends only on the multiset of values, not on their order.

    Floating-point addition is not associative, so summing the same numbers in another order
    can differ in the last bit, and a comparison on that bit can flip a discrete choice.
    Sorting first makes the result a function of the values alone: the models that use it give
    the same answer whatever the order of the actors.
    """
    if axis is None:
        return np.sort(np.ravel(values)).sum()
    if isinstance(axis, tuple):
        moved = np.moveaxis(values, axis, tuple(range(-len(axis), 0)))
        flat = moved.reshape(moved.shape[:-len(axis)] + (-1,))
        return np.sort(flat, axis=-1).sum(axis=-1)
    return np.sort(values, axis=axis).sum(axis=axis)


def weighted_mean_of(positions: np.ndarray, w: np.ndarray) -> float:
    """Mean of `positions` weighted by `w` (``sum(w x) / sum(w)``), independent of their order."""
    total = float(order_free_sum(w))
    if total <= 0:
        raise ValueError("weights must have a positive sum")
    return float(order_free_sum(w * positions) / total)


def weighted_median_of(positions: np.ndarray, w: np.ndarray) -> float:
    """The position at which the cumulative weight reaches half the total.

    In one dimension with voters whose utility falls with distance, this is the
    Condorcet winner of pairwise majority votes weighted by `w` (Black 1948). When the
    weight below a position is exactly half, every point up to the next weighted position
    is a (weak) Condorcet winner; the midpoint of the two is returned, so that the result
    does not depend on the direction of the scale (nor on the order of the input).
    """
    total = float(order_free_sum(w))
    if total <= 0:
        raise ValueError("weights must have a positive sum")
    order = np.lexsort((w, positions))
    x, cum = positions[order], np.cumsum(w[order])
    half = 0.5 * total
    k = min(int(np.searchsorted(cum, half * (1.0 - _TIE))), len(order) - 1)
    if cum[k] <= half * (1.0 + _TIE):  # exactly half below and half above
        above = [i for i in range(k + 1, len(order)) if w[order][i] > 0]
        if above:
            return float(0.5 * (x[k] + x[above[0]]))
    return float(x[k])


def compromise(actors: Sequence[Actor]) -> float:
    """The compromise model: mean position weighted by capability times salience.

    ``x* = sum_i c_i s_i x_i / sum_i c_i s_i``

    Args:
        actors: At least two actors.

    Returns:
        The forecast outcome, in the issue's units.
    """
    check_actors(actors)
    return weighted_mean_of(np.array([a.position for a in actors], dtype=float), weights(actors))


def weighted_median(actors: Sequence[Actor]) -> float:
    """The weighted median: the position of the median voter, weights capability times salience.

    Args:
        actors: At least two actors.

    Returns:
        The forecast outcome, in the issue's units (always one actor's position).
    """
    check_actors(actors)
    return weighted_median_of(np.array([a.position for a in actors], dtype=float), weights(actors))
