"""The array helpers agree with the NumPy functions they stand in for, value for value."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from negotiation_sim.model.vector import clip, take_rows

floats = st.floats(-1e6, 1e6) | st.sampled_from([np.nan, np.inf, -np.inf])


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 5), st.integers(1, 7), st.integers(1, 9), st.data())
def test_take_rows_is_take_along_axis(runs, k, width, data):
    a = data.draw(arrays(np.float64, (runs, k), elements=floats))
    index = data.draw(arrays(np.intp, (runs, width), elements=st.integers(0, k - 1)))
    got = take_rows(a, index)
    assert got.shape == (runs, width)
    np.testing.assert_array_equal(got, np.take_along_axis(a, index, axis=1))


def test_take_rows_reads_a_strided_view():
    cube = np.arange(2 * 3 * 4, dtype=float).reshape(2, 3, 4)
    view = cube[:, 1, :]  # not contiguous: as attention's salience of one actor
    index = np.array([[3, 0], [1, 1]])
    np.testing.assert_array_equal(take_rows(view, index), np.take_along_axis(view, index, axis=1))


@settings(max_examples=200, deadline=None)
@given(floats, st.floats(-10, 10), st.floats(-10, 10))
def test_clip_of_a_scalar_is_np_clip(v, lo, hi):
    got = clip(v, lo, hi)
    assert isinstance(got, float)
    np.testing.assert_array_equal(got, np.clip(v, lo, hi))


@settings(max_examples=100, deadline=None)
@given(st.sampled_from([3, 100, 5000]), st.floats(-10, 10), st.floats(-10, 10), st.data())
def test_clip_of_an_array_is_np_clip(size, lo, hi, data):
    v = data.draw(arrays(np.float64, size, elements=floats))  # both sides of the size switch
    np.testing.assert_array_equal(clip(v, lo, hi), np.clip(v, lo, hi))
