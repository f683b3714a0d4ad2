"""Per-run parameters of an ensemble taken for a list of runs (`take_runs`, `take_rule`).

The look-ahead scores every (own move, reply) state with its run's parameters, so it takes
the stacked rule for one entry per state; the taken rule must hold exactly the rows the runs'
own points give, whatever the order, repeats or form (indices or a mask) of the runs asked for.
"""

from __future__ import annotations

import copy
import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation_sim.model.ensemble import Ensemble
from negotiation_sim.model.stacking import _equal, _equal_deep, take_rule, take_runs

POINTS = [{"us_shell_supply": 0.2, "us_audience_cost": 0.1},
          {"us_shell_supply": 0.9, "us_audience_cost": 0.6},
          {"us_shell_supply": 0.5, "us_audience_cost": 0.3}]


def _per_run_arrays(obj, prefix=""):
    """Every per-run array an object made by stacking holds, by dotted name."""
    out = {}
    for k in getattr(obj, "_per_run", ()):
        v = getattr(obj, k)
        if isinstance(v, np.ndarray):
            out[prefix + k] = v
        elif hasattr(v, "_per_run"):
            out.update(_per_run_arrays(v, f"{prefix}{k}."))
    return out


def _at(rule, path):
    """The value at a dotted name of `_rule_arrays` in another rule (a float where it holds one)."""
    head, *rest = path.split(".")
    obj = rule.features if head == "features" else rule.interests[head]
    for k in rest:
        obj = getattr(obj, k)
    return obj


def _rule_arrays(rule):
    out = _per_run_arrays(rule.features, "features.")
    for a, m in rule.interests.items():
        out.update(_per_run_arrays(m, f"{a}."))
    return out


@pytest.fixture(scope="module")
def stacked(rafah):
    return Ensemble(rafah, [(i, p) for i, p in enumerate(POINTS)]).rule


def test_the_points_differ_where_the_test_looks(stacked):
    arrays = _rule_arrays(stacked)
    assert "features.st_supply" in arrays and any(k.endswith("audience") for k in arrays)


@pytest.mark.parametrize("idx", [[2, 0, 2, 1, 1], [1], [0, 1, 2]])
def test_a_taken_rule_holds_the_rows_of_the_runs_asked_for(rafah, stacked, idx):
    taken = take_rule(stacked, np.array(idx))
    direct = Ensemble(rafah, [(0, POINTS[i]) for i in idx]).rule  # the same runs stacked afresh
    got = _rule_arrays(taken)
    assert got.keys() == _rule_arrays(stacked).keys()
    for k, v in got.items():  # one point stacks to plain floats: compare them row by row
        np.testing.assert_array_equal(v, np.broadcast_to(_at(direct, k), v.shape), err_msg=k)
    # every interest model reads the one set of features taken for these runs
    assert all(m.features is taken.features for m in taken.interests.values())
    # and the stacked rule is left as it was
    np.testing.assert_array_equal(stacked.features.st_supply[:, 0], [0.2, 0.9, 0.5])


def test_a_mask_takes_the_runs_it_selects(stacked):
    mask = np.array([True, False, True])
    by_mask, by_index = _rule_arrays(take_rule(stacked, mask)), _rule_arrays(take_rule(stacked, np.array([0, 2])))
    for k in by_index:
        np.testing.assert_array_equal(by_mask[k], by_index[k], err_msg=k)


def test_skipped_attributes_are_left_to_the_caller(stacked):
    model = next(iter(stacked.interests.values()))
    assert "features" in model._per_run
    out = take_runs(model, np.array([1, 1]), skip=("features",))
    assert out.features is model.features and out is not model


# -- which values the points share (`_equal`) ----------------------------------------------------

_plain = st.recursive(
    st.one_of(st.integers(-3, 3), st.floats(-2, 2, allow_nan=False), st.text(max_size=2), st.booleans(), st.none()),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.tuples(inner, inner),
                            st.dictionaries(st.text(max_size=2), inner, max_size=3)),
    max_leaves=12)


@settings(max_examples=200, deadline=None)
@given(_plain, _plain)
def test_the_fast_comparison_answers_as_the_deep_walk(a, b):
    assert _equal(a, b) == _equal_deep(a, b)
    twin = copy.deepcopy(a)
    assert _equal(a, twin) and _equal_deep(a, twin)


@dataclasses.dataclass(eq=False)
class _ByIdentity:
    x: float


def test_containers_of_arrays_and_of_records_compared_by_identity_are_walked():
    same = {"a": np.arange(3.0), "b": [np.ones(2)]}
    assert _equal(same, copy.deepcopy(same))
    assert not _equal(same, {"a": np.arange(3.0), "b": [np.zeros(2)]})
    assert not _equal({"a": np.arange(3.0)}, {"a": np.arange(4.0)})
    # == says False (identity), the fields agree: still the same value
    assert _equal([_ByIdentity(1.0)], [_ByIdentity(1.0)])
    assert not _equal([_ByIdentity(1.0)], [_ByIdentity(2.0)])
