"""Proper scores: CRPS and Brier follow their definitions; bootstrap intervals cover the mean."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation_sim.validation.outcome_scores import brier, crps
from negotiation_sim.validation.stats import mean_ci, paired_ci

ens = st.lists(st.floats(0, 200, allow_nan=False), min_size=1, max_size=30)


@given(ens, st.floats(0, 200, allow_nan=False))
@settings(max_examples=200, deadline=None)
def test_crps_matches_its_definition(xs, y):
    x = np.array(xs)
    direct = np.abs(x - y).mean() - 0.5 * np.abs(x[:, None] - x[None, :]).mean()
    assert abs(crps(x, y) - direct) < 1e-9 * max(1.0, abs(direct)) + 1e-9


@given(ens, st.floats(0, 200, allow_nan=False))
@settings(max_examples=100, deadline=None)
def test_crps_is_nonnegative_and_zero_only_for_a_sure_hit(xs, y):
    c = crps(np.array(xs), y)
    assert c >= -1e-9
    assert crps(np.array([y, y, y]), y) == 0.0


def test_crps_of_one_member_is_absolute_error():
    assert crps(np.array([10.0]), 25.0) == 15.0


def test_brier_of_ensemble_share():
    assert brier(np.array([1, 1, 0, 0]), 1.0) == 0.25
    assert brier(np.array([1.0, 1.0]), 1.0) == 0.0
    assert brier(np.array([0.0, np.nan]), 1.0) == 1.0  # NaN runs left out


def test_bootstrap_interval_contains_the_mean_and_is_reproducible():
    v = np.random.default_rng(1).normal(0.3, 1.0, 200)
    a, b = mean_ci(v), mean_ci(v)
    assert a == b
    assert a.lo < a.mean < a.hi
    assert a.lo > 0 and not mean_ci(v - 0.3).above_zero


def test_paired_interval_is_of_the_difference():
    a = np.arange(50.0)
    est = paired_ci(a + 1.0, a)
    assert est.mean == est.lo == est.hi == 1.0
