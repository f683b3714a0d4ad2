"""Array-safe primitives for writing a move once, for one run or for many runs in lockstep.

A move's precondition and effect read the state through a view: `view.at(slot)` is a float
in a single run and an array with one value per run in an ensemble (`model/ensemble.py`);
parameters (`ix.m.concession_step`, `me.resolve`) are likewise a float or an array per run.
Written with these helpers instead of `if`, `and`, `min` and `max`, the same code serves
both: in a single run they cost what plain Python costs; on arrays they are NumPy calls.

Core functions: `where`, `minimum`, `maximum`, `clip`, `all_of`, `any_of`, `not_`,
`is_in`, `mean_of`, `as_code`, `set_slot`, `set_slot_where`, `add_capped`, `per_run` (a
parameter shaped to broadcast against per-candidate arrays) and `take_rows` (a per-run gather).

It lives in `model/`, not `moves/`, because the model's own mechanisms (ladders, talks, interests)
use it too, and importing the `moves` package registers every move, which reads the model: the
helpers stay below both (tests/test_imports.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

__all__ = ["where", "minimum", "maximum", "clip", "all_of", "any_of", "not_", "is_in", "mean_of",
           "as_code", "set_slot", "set_slot_where", "add_capped", "is_array", "per_run",
           "take_rows"]

_SCALARS = (bool, int, float, np.bool_, np.floating, np.integer)


def is_array(v: object) -> bool:
    """Whether `v` holds one value per run (an ndarray with at least one axis)."""
    return isinstance(v, np.ndarray) and v.ndim > 0


def per_run(v, extra: int):
    """A parameter (float, or one value per run) shaped to broadcast over `extra` more axes."""
    return v.reshape(v.shape + (1,) * extra) if is_array(v) else v


def take_rows(a: np.ndarray, index: np.ndarray) -> np.ndarray:
    """``a[r, index[r, j]]`` for every run r: `np.take_along_axis` on axis 1 of 2-D arrays, as one
    flat gather (the same values; the general function's set-up costs more than a small gather)."""
    runs, k = a.shape
    flat = index + (np.arange(0, runs * k, k)[:, None] if runs > 1 else 0)
    return np.take(a.reshape(-1), flat)


def where(cond, a, b):
    """`a` where `cond` holds, else `b` (a Python conditional for scalars)."""
    if isinstance(cond, _SCALARS):
        return a if cond else b
    return np.where(cond, a, b)


def _fold(vals, scalar, ufunc):
    """`scalar` of plain numbers, or `ufunc` folded over the values when any is an array."""
    if all(isinstance(v, _SCALARS) for v in vals):
        return scalar(vals)
    out = vals[0]
    for v in vals[1:]:
        out = ufunc(out, v)
    return out


def minimum(*vals):
    """The smallest of the values (elementwise for arrays)."""
    return _fold(vals, min, np.minimum)


def maximum(*vals):
    """The largest of the values (elementwise for arrays)."""
    return _fold(vals, max, np.maximum)


def clip(v, lo: float, hi: float):
    """`v` kept within [lo, hi] (a float for a scalar), as `np.clip` does it: the upper bound wins
    when they cross. A small array takes two plain ufuncs (np.clip's set-up costs more than their
    work); a large one np.clip's single pass over memory."""
    if isinstance(v, _SCALARS):
        return float(min(max(v, lo), hi))
    if np.size(v) < 4096:
        return np.minimum(np.maximum(v, lo), hi)
    return np.clip(v, lo, hi)


def all_of(*conds):
    """Logical and of conditions (scalars short-circuit; arrays elementwise)."""
    out = True
    for c in conds:
        if isinstance(c, _SCALARS):
            if not c:
                return False
            continue
        out = c if out is True else (out & c)
    return out


def any_of(*conds):
    """Logical or of conditions."""
    out = False
    for c in conds:
        if isinstance(c, _SCALARS):
            if c:
                return True
            continue
        out = c if out is False else (out | c)
    return out


def not_(cond):
    """Logical not."""
    if isinstance(cond, _SCALARS):
        return not cond
    return ~cond


def is_in(v, codes: Sequence[float]):
    """Whether `v` equals one of `codes` (statuses, policies)."""
    if isinstance(v, _SCALARS):
        return v in codes
    out = v == codes[0]
    for c in codes[1:]:
        out |= v == c
    return out


def mean_of(values: Iterable, default: float):
    """The mean of a list of values (floats or arrays), `default` if the list is empty."""
    vals = list(values)
    if not vals:
        return default
    if all(isinstance(v, _SCALARS) for v in vals):
        return float(np.mean(vals))
    return np.mean(np.stack(np.broadcast_arrays(*vals)), axis=0)


def as_code(v):
    """A stored status or policy code as an integer (truncated, as `int()` does)."""
    if isinstance(v, _SCALARS):
        return int(v)
    return np.trunc(v)


def set_slot(d: np.ndarray, view, slot: int, value) -> None:
    """Make `d` set `slot` to `value` when added to the current state."""
    d[..., slot] = value - view.x[..., slot]


def set_slot_where(d: np.ndarray, view, slot: int, value, cond) -> None:
    """`set_slot` where `cond` holds; elsewhere `d` keeps what it had for that slot."""
    if isinstance(cond, _SCALARS):
        if cond:
            set_slot(d, view, slot, value)
        return
    d[..., slot] = np.where(cond, value - view.x[..., slot], d[..., slot])


def add_capped(view, d: np.ndarray, slot: int, amount) -> None:
    """Add `amount` to a 0..1 slot without passing 1."""
    d[..., slot] += minimum(amount, 1.0 - view.at(slot))
