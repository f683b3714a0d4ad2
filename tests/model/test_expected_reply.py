"""The expected reply that decision records show: ties within REPLY_TIE go to the first in table order.

Two replies with the same effect tie exactly in arithmetic; which one floating point favours then
depends on the BLAS kernel, the batch's shape and the machine (the 2024 campaign's golden case
flipped between an Intel and an AMD machine). These properties fail if the choice goes back to
exact equality.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from negotiation_sim.model.rules import REPLY_TIE, expected_reply, expected_reply_dense


def _reference(pb: np.ndarray) -> list[int]:
    """The definition, one row at a time."""
    out = []
    for row in pb:
        top = max(row)
        out.append(next(j for j, p in enumerate(row) if p >= top * (1 - REPLY_TIE)))
    return out


@st.composite
def _grids(draw):
    """Reply probabilities (own candidates x replies), some rows with a later near-tie."""
    na, nb = draw(st.integers(1, 6)), draw(st.integers(1, 7))
    raw = np.array(draw(st.lists(st.floats(0.01, 1.0), min_size=na * nb, max_size=na * nb))).reshape(na, nb)
    for a in range(na):
        if nb > 1 and draw(st.booleans()):
            j, k = sorted(draw(st.lists(st.integers(0, nb - 1), min_size=2, max_size=2, unique=True)))
            raw[a, j] = raw[a].max() * 1.5
            raw[a, k] = raw[a, j] * (1 + draw(st.floats(1e-15, 1e-11)))  # rounding's size, later and larger
    return raw / raw.sum(axis=1, keepdims=True)


@settings(max_examples=200, deadline=None)
@given(_grids())
def test_first_of_the_tied_replies_on_both_paths(pb):
    na, nb = pb.shape
    dense, top = expected_reply_dense(pb)
    assert dense.tolist() == _reference(pb)
    assert np.array_equal(top, pb.max(axis=1))
    # the same grid as flat segments (the batch path): one segment per own candidate
    seg_start = np.arange(na) * nb
    pair_seg = np.repeat(np.arange(na), nb)
    pair_b = np.tile(np.arange(nb), na)
    flat, ftop = expected_reply(pb.ravel(), seg_start, pair_seg, pair_b)
    assert flat.tolist() == dense.tolist()
    assert np.array_equal(ftop, top)


def test_a_rounding_sized_lead_does_not_win_but_a_real_one_does():
    pb = np.array([[0.4, 0.4 * (1 + 1e-13), 0.2]])
    assert expected_reply_dense(pb)[0].tolist() == [0]
    assert expected_reply_dense(np.array([[0.4, 0.4 * (1 + 1e-6), 0.2]]))[0].tolist() == [1]
