"""The compiled kernels (`model/kernels.py`) against the NumPy reference: equal to the last bit."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from negotiation_sim.cli.main import main
from negotiation_sim.errors import UserError
from negotiation_sim.model import kernels
from negotiation_sim.model.ensemble import Ensemble
from negotiation_sim.scenario.loader import load_scenario

pytest.importorskip("numba", reason="the compiled kernels need numba (the test and fast extras)")

# Values that meet the bounds exactly, signed zeros, infinities and NaN, besides ordinary ones.
_values = st.one_of(st.sampled_from([0.0, -0.0, 1.0, -1.0, 0.5, np.inf, -np.inf, np.nan]),
                    st.floats(-4, 4, allow_nan=False, width=64))


@st.composite
def _problems(draw):
    runs, n = draw(st.integers(1, 6)), draw(st.integers(1, 5))
    own_rows, reply_rows = draw(st.integers(1, 8)), draw(st.integers(1, 8))
    x = draw(arrays(float, (runs, n), elements=_values))
    own = draw(arrays(float, (own_rows, n), elements=_values))
    reply = draw(arrays(float, (reply_rows, n), elements=_values))
    segs = draw(st.lists(st.tuples(st.integers(0, runs - 1), st.integers(0, own_rows - 1)), max_size=10))
    seg_run = np.array([r for r, _ in segs], dtype=np.intp)
    own_at = np.array([a for _, a in segs], dtype=np.intp)
    # up to 150 pairs: the compiled kernel builds pairs in tiles of 64, so whole tiles and a last
    # partial tile both occur
    size = draw(st.sampled_from([0, 1, 20, kernels._TILE, kernels._TILE + 1, 150])) if segs else 0
    pairs = draw(st.lists(st.tuples(st.integers(0, max(len(segs) - 1, 0)), st.integers(0, reply_rows - 1)),
                          min_size=size, max_size=size))
    pair_seg = np.array(sorted(s for s, _ in pairs), dtype=np.intp)
    reply_at = np.array([b for _, b in pairs], dtype=np.intp)
    by_run = draw(st.booleans())
    lo = draw(arrays(float, (runs if by_run else 1, n), elements=st.sampled_from([0.0, -0.0, -1.0, 0.5])))
    hi = lo + draw(arrays(float, lo.shape, elements=st.sampled_from([0.0, 0.25, 1.0, 3.0])))
    return x, own, own_at, seg_run, reply, reply_at, pair_seg, lo, hi


def _both(problem):
    x, own, own_at, seg_run, reply, reply_at, pair_seg, lo, hi = problem
    out = []
    for fn in (kernels.pair_states_numpy, kernels._numba("pair_states", kernels._pair_states_loops)):
        xs_t = np.full((x.shape[1], x.shape[0] + pair_seg.size), 7.0)
        xa_t = np.full((x.shape[1], seg_run.size), 7.0)
        with np.errstate(invalid="ignore"):  # inf - inf: NaN on both sides, as it should
            fn(x, own, own_at, seg_run, reply, reply_at, pair_seg, lo, hi, xs_t, xa_t)
        out.append(np.concatenate([xs_t.ravel(), xa_t.ravel()]))
    return out


@settings(max_examples=200, deadline=None)
@given(_problems())
def test_the_compiled_pair_states_equal_the_numpy_reference_bit_for_bit(problem):
    """Bit for bit, but for the sign of a zero that ties a bound (NumPy's clip is not consistent
    about it across its own code paths; docs in `model/kernels.py`)."""
    reference, compiled = _both(problem)
    assert np.array_equal(compiled, reference, equal_nan=True)
    differ = compiled.view(np.uint64) != reference.view(np.uint64)
    assert (compiled[differ] == 0).all()


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_the_compiled_legal_first_gather_equals_the_numpy_reference(data):
    runs, rows, slots = data.draw(st.integers(1, 6)), data.draw(st.integers(1, 9)), data.draw(st.integers(1, 4))
    legal = data.draw(arrays(bool, (runs, rows)))
    delta = data.draw(arrays(float, (runs, rows, slots), elements=_values))
    cost = data.draw(arrays(float, (runs, rows, 6), elements=_values))
    width = data.draw(st.integers(1, rows))
    reference = kernels.legal_first_numpy(legal, delta, cost, width)
    compiled = [np.empty_like(a) for a in reference]
    kernels._numba("legal_first", kernels._legal_first_loops)(legal, delta, cost, *compiled)
    for a, b in zip(compiled, reference):
        assert a.tobytes() == b.tobytes()
    order, ok, d, _ = reference
    for r in range(runs):  # legal rows first, in table order; nothing of an illegal row kept
        n_legal = min(int(legal[r].sum()), width)
        assert list(order[r, :n_legal]) == list(np.flatnonzero(legal[r])[:n_legal])
        assert ok[r, :n_legal].all() and not ok[r, n_legal:].any() and not d[r, n_legal:].any()


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_the_compiled_slot_scaling_equals_the_numpy_reference(data):
    rows, slots = data.draw(st.integers(1, 7)), data.draw(st.integers(1, 9))
    d = data.draw(arrays(float, (rows, slots), elements=_values))
    f = data.draw(arrays(float, (rows,), elements=_values))
    cuts = sorted(data.draw(st.lists(st.integers(0, slots), max_size=6, unique=True)))
    starts, stops = np.array(cuts[0::2], dtype=np.intp), np.array(cuts[1::2], dtype=np.intp)
    starts = starts[:stops.size]
    reference, compiled = d.copy(), d.copy()
    with np.errstate(invalid="ignore"):  # 0 * inf among the drawn values
        kernels.scale_slots_numpy(reference, f, starts, stops)
    kernels._numba("scale_slots", kernels._scale_slots_loops)(compiled, f, starts, stops)
    assert compiled.tobytes() == reference.tobytes()
    inside = np.zeros(slots, dtype=bool)
    for a, b in zip(starts, stops):
        inside[a:b] = True
    assert reference[:, ~inside].tobytes() == d[:, ~inside].tobytes()  # the other slots untouched


def test_slot_scaling_refuses_factors_that_do_not_fit_the_rows():
    with pytest.raises(ValueError, match="factors"):
        kernels.scale_slots(np.zeros((3, 2)), np.ones(2), np.array([0]), np.array([1]))


def test_the_pair_states_are_the_sums_clipped_into_each_runs_bounds():
    """The reference itself, on numbers worked by hand (two runs with their own bounds)."""
    x = np.array([[0.2, 0.9], [0.5, 0.0]])
    own, reply = np.array([[0.5, 0.5], [-1.0, 0.0]]), np.array([[0.1, -0.2]])
    lo, hi = np.array([[0.0, 0.0], [0.0, -1.0]]), np.array([[1.0, 1.0], [0.6, 1.0]])
    seg_run, own_at = np.array([0, 1]), np.array([0, 1])
    pair_seg, reply_at = np.array([0, 1]), np.array([0, 0])
    for fn in (kernels.pair_states_numpy, kernels._numba("pair_states", kernels._pair_states_loops)):
        xs_t, xa_t = np.zeros((2, 4)), np.zeros((2, 2))
        fn(x, own, own_at, seg_run, reply, reply_at, pair_seg, lo, hi, xs_t, xa_t)
        np.testing.assert_allclose(xa_t.T, [[0.7, 1.4], [-0.5, 0.0]])  # x + d_a, not clipped
        # the runs' states, then run 0's pair clipped to [0, 1] and run 1's to [0, 0.6] x [-1, 1]
        np.testing.assert_allclose(xs_t.T, [[0.2, 0.9], [0.5, 0.0], [0.8, 1.0], [0.0, -0.2]])


def _fingerprint(kernel: str, monkeypatch) -> str:
    monkeypatch.setenv(kernels.ENV, kernel)
    sc = load_scenario("rafah")
    rng = np.random.default_rng(5)
    space = {k: p.range for k, p in list(sc.parameters.items())[:6]}
    runs = [(s, {k: float(a + (b - a) * rng.random()) for k, (a, b) in space.items()} if s % 2 else {})
            for s in range(24)]
    res = Ensemble(sc, runs, keep_decisions=True).run()
    h = hashlib.sha1(res.states.tobytes())
    for r in range(res.n_runs):
        h.update(repr(sorted(res.outcomes(r).items())).encode())
    assert res.tables  # kept, so the utilities are compared too
    for t in res.tables:
        for a in (t.utility, t.probability, t.parts, t.reply_probability, t.reply_rows, t.choice):
            h.update(np.ascontiguousarray(a).tobytes())
    return h.hexdigest()


def test_an_ensemble_is_the_same_to_the_last_bit_on_either_kernel(monkeypatch):
    """States, outcomes, utilities and probabilities of seeds and parameter points (per-run
    bounds and parameters included) do not depend on the kernel."""
    assert _fingerprint("numba", monkeypatch) == _fingerprint("numpy", monkeypatch)


def test_the_kernel_is_chosen_by_the_environment(monkeypatch):
    monkeypatch.setenv(kernels.ENV, "numpy")
    assert kernels.selected() == "numpy"
    monkeypatch.setenv(kernels.ENV, " Numba ")
    assert kernels.selected() == "numba"
    monkeypatch.delenv(kernels.ENV)
    assert kernels.selected() == "numba"  # auto: numba where installed
    monkeypatch.setattr(kernels, "_have_numba", lambda: False)
    assert kernels.selected() == "numpy"
    monkeypatch.setenv(kernels.ENV, "numba")
    with pytest.raises(UserError, match='numba installed for "numba"'):
        kernels.selected()


def test_a_bad_kernel_name_is_one_line_and_exit_code_2(monkeypatch, capsys):
    monkeypatch.setenv(kernels.ENV, "cuda")
    with pytest.raises(UserError, match="NEGOTIATION_SIM_KERNEL: expected one of auto, numpy, numba, got 'cuda'"):
        Ensemble(load_scenario("rafah"), [(1, {})])
    assert main(["run", "rafah"]) == 2
    err = capsys.readouterr().err
    assert err.strip().count("\n") == 0 and "NEGOTIATION_SIM_KERNEL" in err and "Traceback" not in err


def test_bounds_that_fit_neither_all_runs_nor_each_run_are_refused():
    x = np.zeros((3, 2))
    with pytest.raises(ValueError, match="bounds of shape"):
        kernels.pair_states(x, x, np.zeros(0, np.intp), np.zeros(0, np.intp), x, np.zeros(0, np.intp),
                            np.zeros(0, np.intp), np.zeros((2, 2)), np.ones((2, 2)), np.zeros((2, 3)),
                            np.zeros((2, 0)))
