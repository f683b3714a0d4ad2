"""Free-play matching: the greedy pairing is a maximum matching; metrics follow their definitions."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from negotiation_sim.validation.matching import greedy_pairs, match_run

days = st.lists(st.integers(0, 120), max_size=8)


def _maximum_matching(a: list[int], b: list[int], tol: int) -> int:
    if not a or not b:
        return 0
    # a maximum-cardinality matching as an assignment problem: weight 1 for pairs within tolerance
    w = np.array([[1.0 if abs(x - y) <= tol else 0.0 for y in b] for x in a])
    r, c = linear_sum_assignment(-w)
    return int(w[r, c].sum())


@given(days, days, st.integers(0, 30))
@settings(max_examples=300, deadline=None)
def test_greedy_pairing_is_a_maximum_matching(a, b, tol):
    assert greedy_pairs(sorted(a), sorted(b), tol) == _maximum_matching(a, b, tol)


@given(days, days, st.integers(0, 30), st.randoms(use_true_random=False))
@settings(max_examples=100, deadline=None)
def test_matching_does_not_depend_on_listing_order(a, b, tol, rnd):
    made = [(("us", "hold_shipment", "bombs"), d) for d in a]
    rec = [(("us", "hold_shipment", "bombs"), d) for d in b]
    first = match_run(made, rec, tol)
    rnd.shuffle(made)
    rnd.shuffle(rec)
    assert match_run(made, rec, tol).matched == first.matched


def test_precision_recall_f1_and_one_to_one():
    key = ("us", "press_privately", "rafah")
    other = ("israel", "refine_plan", "rafah")
    # three presses near one recorded press: one match only; the refinement is 20 days off
    made = [(key, 10), (key, 11), (key, 12), (other, 40)]
    rec = [(key, 10), (other, 60)]
    m = match_run(made, rec, tolerance=14)
    assert (m.made, m.recorded, m.matched) == (4, 2, 1)
    assert m.precision == 0.25 and m.recall == 0.5
    assert abs(m.f1 - 2 * 0.25 * 0.5 / 0.75) < 1e-12


def test_a_silent_run_scores_zero_precision_not_undefined():
    m = match_run([], [(("us", "wait", None), 3)], 7)
    assert m.precision == 0.0 and m.recall == 0.0 and m.f1 == 0.0


def test_order_agreement_is_kendalls_tau_of_first_days():
    keys = [("a", f"m{i}", None) for i in range(4)]
    rec = [(k, 10 * i) for i, k in enumerate(keys)]
    same = match_run([(k, 10 * i + 1) for i, k in enumerate(keys)], rec, 3)
    reversed_ = match_run([(k, 100 - 10 * i) for i, k in enumerate(keys)], rec, 3)
    assert same.tau == 1.0 and reversed_.tau == -1.0
    assert np.isnan(match_run([(keys[0], 0)], rec, 3).tau)  # one common key: undefined


def test_all_pairs_small_exhaustive():
    for a in itertools.product(range(0, 30, 7), repeat=3):
        for b in itertools.product(range(0, 30, 5), repeat=2):
            assert greedy_pairs(sorted(a), sorted(b), 4) == _maximum_matching(list(a), list(b), 4)
