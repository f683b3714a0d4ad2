"""Compiled inner loops of the lockstep engine: optional, with the results of the NumPy code they replace.

Core objects: `pair_states` (the look-ahead's candidate states, built slot-major and clipped),
`legal_first` (each run's legal candidates gathered first, for `candidates.pack`), `scale_slots`
(some slots of every row scaled by the row's factor, for attention's repeat discount) and
`selected` (which implementation runs). The NumPy implementation is the reference and the
default of `pip install .`; with the `fast` extra (`pip install ".[fast]"`, which brings numba)
the same loops run compiled. A kernel here moves, adds and scales numbers only: no interest term, move
or rule is written in it, so `interests.py` and `moves/` stay the one place the model is read
(docs/model.md 7.9, "Compiled kernels").

Which runs is set by the environment variable ``NEGOTIATION_SIM_KERNEL``: ``auto`` (the default:
numba when it is installed), ``numpy`` or ``numba`` (an error when numba is missing). Results do
not depend on it: every kernel is tested equal to the reference (`tests/model/test_kernels.py`),
to the last bit but for one case: a value that ties a bound of zero may keep the other sign of
zero (-0.0 for 0.0), as NumPy's own clip does on some of its code paths and not on others; no
output of the model can tell the two apart, and ensembles of the built-in scenarios are tested
identical bit for bit on both kernels. So a sweep gives the same store whatever each worker has
installed.
"""

from __future__ import annotations

import functools
import importlib.util
import os
from collections.abc import Callable

import numpy as np

from negotiation_sim.errors import UserError

__all__ = ["ENV", "KERNELS", "legal_first", "legal_first_numpy", "pair_states", "pair_states_numpy", "scale_slots",
           "scale_slots_numpy", "selected"]

ENV = "NEGOTIATION_SIM_KERNEL"
KERNELS = ("auto", "numpy", "numba")


def selected() -> str:
    """The implementation that runs: "numba" or "numpy", from ``NEGOTIATION_SIM_KERNEL``.

    Raises:
        UserError: the variable names no kernel, or asks for numba where it is not installed.
    """
    want = os.environ.get(ENV, "auto").strip().lower() or "auto"
    if want not in KERNELS:
        raise UserError("environment", ENV, "one of " + ", ".join(KERNELS), want)
    have = _have_numba()
    if want == "numba" and not have:
        raise UserError("environment", ENV, 'numba installed for "numba" (pip install ".[fast]")', want)
    return "numba" if want != "numpy" and have else "numpy"


@functools.cache
def _have_numba() -> bool:
    return importlib.util.find_spec("numba") is not None


def pair_states_numpy(x, own, own_at, seg_run, reply, reply_at, pair_seg, lo, hi, xs_t, xa_t) -> None:
    """The reference: ``xs_t`` (slots, runs + pairs) gets the runs' states, then ``x + d_a + d_b``
    of every pair, clipped into bounds; ``xa_t`` (slots, segments) gets ``x + d_a``, not clipped.

    ``own`` and ``reply`` are effect rows (rows, slots) read at ``own_at`` and ``reply_at``; segment
    s belongs to run ``seg_run[s]``, pair p to segment ``pair_seg[p]``. ``lo`` and ``hi`` are
    (1, slots), or (runs, slots) where bounds differ by run. Built slot by slot with 1-D gathers,
    which beat gathering whole state rows (about 3x; benchmarks/README.md).
    """
    runs, n = x.shape
    xt = np.ascontiguousarray(x.T)
    own_t = np.ascontiguousarray(own.T)
    reply_t = np.ascontiguousarray(reply.T)
    xs_t[:, :runs] = xt
    for k in range(n):
        np.add(xt[k].take(seg_run), own_t[k].take(own_at), out=xa_t[k])
        np.add(xa_t[k].take(pair_seg), reply_t[k].take(reply_at), out=xs_t[k, runs:])
    if lo.shape[0] == 1:
        np.clip(xs_t, lo[0][:, None], hi[0][:, None], out=xs_t)
    else:  # bounds by run: each state's run's bounds
        rows = np.concatenate([np.arange(runs), seg_run[pair_seg]])
        np.clip(xs_t, lo[rows].T, hi[rows].T, out=xs_t)


_TILE = 64  # pairs built row-major before they are written slot-major: 64 x slots stays in L1


def _pair_states_loops(x, own, own_at, seg_run, reply, reply_at, pair_seg, lo, hi, xs_t, xa_t):
    """`pair_states_numpy` as plain loops, for numba, in one pass, clipped as written.

    A pair's state is summed and clipped along its slots (contiguous, so the loop vectorises)
    into a tile of `_TILE` pairs, and the tile is then written slot-major: writing each pair
    straight into its column touches every slot's row once per pair, which measured 20-25% slower
    on the calls of a real ensemble (benchmarks/README.md). The bounds are finite, so a NaN fails
    both comparisons and stays NaN, as in np.clip.
    """
    runs, n = x.shape
    by_run = lo.shape[0] > 1
    for r in range(runs):
        b = r if by_run else 0
        for k in range(n):
            v = x[r, k]
            v = lo[b, k] if v < lo[b, k] else v  # noqa: FURB136 (max() is not NaN-safe in numba)
            v = hi[b, k] if v > hi[b, k] else v  # noqa: FURB136
            xs_t[k, r] = v
    for s in range(seg_run.size):
        r = seg_run[s]
        a = own_at[s]
        for k in range(n):
            xa_t[k, s] = x[r, k] + own[a, k]
    tile = np.empty((_TILE, n))
    pairs = pair_seg.size
    for p0 in range(0, pairs, _TILE):
        m = min(_TILE, pairs - p0)
        for i in range(m):
            s = pair_seg[p0 + i]
            r = seg_run[s]
            a = own_at[s]
            rb = reply_at[p0 + i]
            b = r if by_run else 0
            for k in range(n):
                v = (x[r, k] + own[a, k]) + reply[rb, k]  # x + d_a first, as the reference sums
                v = lo[b, k] if v < lo[b, k] else v  # noqa: FURB136
                v = hi[b, k] if v > hi[b, k] else v  # noqa: FURB136
                tile[i, k] = v
        for k in range(n):
            for i in range(m):
                xs_t[k, runs + p0 + i] = tile[i, k]


_compiled: dict[str, Callable] = {}


def _numba(name: str, fn: Callable) -> Callable:
    """`fn` compiled by numba on first use (cached on disk, so a worker process loads it)."""
    if name not in _compiled:
        import numba

        _compiled[name] = numba.njit(cache=True, nogil=True)(fn)
    return _compiled[name]


def pair_states(x, own, own_at, seg_run, reply, reply_at, pair_seg, lo, hi, xs_t, xa_t) -> None:
    """`pair_states_numpy`, by the selected kernel."""
    if lo.shape[0] not in (1, x.shape[0]) or hi.shape != lo.shape:
        raise ValueError(f"bounds of shape {lo.shape} and {hi.shape} for {x.shape[0]} runs")
    if selected() == "numba":
        _numba("pair_states", _pair_states_loops)(x, own, own_at, seg_run, reply, reply_at, pair_seg,
                                                   lo, hi, xs_t, xa_t)
    else:
        pair_states_numpy(x, own, own_at, seg_run, reply, reply_at, pair_seg, lo, hi, xs_t, xa_t)


def legal_first_numpy(legal, delta, cost, width):
    """The reference: each run's table rows, legal ones first in table order (a stable sort), the
    first `width` of them; returns ``(order, ok, d, c)``: the rows (runs, width), which are legal,
    and their effects (runs, width, slots) and costs (runs, width, 6), zero where not legal."""
    n, rows = legal.shape
    order = np.argsort(~legal, axis=1, kind="stable")[:, :width]
    flat = (np.arange(n)[:, None] * rows + order).ravel()  # np.take on rows beats 2-D fancy indexing
    ok = np.take(legal.ravel(), flat).reshape(order.shape)
    d = np.take(delta.reshape(n * rows, -1), flat, axis=0).reshape(order.shape + delta.shape[2:])
    c = np.take(cost.reshape(n * rows, -1), flat, axis=0).reshape(order.shape + cost.shape[2:])
    d[~ok] = 0.0
    c[~ok] = 0.0
    return order, ok, d, c


def _legal_first_loops(legal, delta, cost, order, ok, d, c):
    """`legal_first_numpy` as loops, for numba, into empty outputs."""
    n, rows = legal.shape
    width = order.shape[1]
    slots, terms = delta.shape[2], cost.shape[2]
    for r in range(n):
        j = 0
        for row in range(rows):  # legal rows first, in table order
            if legal[r, row] and j < width:
                order[r, j] = row
                ok[r, j] = True
                for k in range(slots):
                    d[r, j, k] = delta[r, row, k]
                for k in range(terms):
                    c[r, j, k] = cost[r, row, k]
                j += 1
        for row in range(rows):  # then the others, zero (the stable sort's order)
            if not legal[r, row] and j < width:
                order[r, j] = row
                ok[r, j] = False
                for k in range(slots):
                    d[r, j, k] = 0.0
                for k in range(terms):
                    c[r, j, k] = 0.0
                j += 1


def legal_first(legal, delta, cost, width):
    """`legal_first_numpy`, by the selected kernel."""
    if selected() != "numba":
        return legal_first_numpy(legal, delta, cost, width)
    n = legal.shape[0]
    order = np.empty((n, width), dtype=np.intp)
    ok = np.empty((n, width), dtype=bool)
    d = np.empty((n, width) + delta.shape[2:])
    c = np.empty((n, width) + cost.shape[2:])
    _numba("legal_first", _legal_first_loops)(np.ascontiguousarray(legal), np.ascontiguousarray(delta),
                                               np.ascontiguousarray(cost), order, ok, d, c)
    return order, ok, d, c


def scale_slots_numpy(d, f, starts, stops) -> None:
    """The reference: row i of ``d`` (rows, slots) has its slots ``starts[j]:stops[j]`` multiplied
    by ``f[i]`` in place, slice by slice (strided multiplies, one per slice)."""
    for a, b in zip(starts, stops):
        d[:, a:b] *= f[:, None]


def _scale_slots_loops(d, f, starts, stops):
    """`scale_slots_numpy` as loops, for numba: one pass over the rows, each row's slices in turn
    (NumPy's strided multiply pays a loop set-up per row and slice; 1.3-1.6x on an ensemble's calls,
    benchmarks/kernels.py)."""
    for i in range(d.shape[0]):
        v = f[i]
        for j in range(starts.size):
            for k in range(starts[j], stops[j]):
                d[i, k] *= v


def scale_slots(d, f, starts, stops) -> None:
    """`scale_slots_numpy`, by the selected kernel (``d`` C-contiguous for the compiled one)."""
    if f.shape != d.shape[:1]:
        raise ValueError(f"{f.shape} factors for {d.shape[0]} rows")
    if selected() == "numba" and d.flags.c_contiguous:
        _numba("scale_slots", _scale_slots_loops)(d, np.ascontiguousarray(f, dtype=float),
                                                   np.asarray(starts, dtype=np.intp), np.asarray(stops, dtype=np.intp))
    else:
        scale_slots_numpy(d, f, starts, stops)
