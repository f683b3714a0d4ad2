"""The move written in docs/model.md ("Writing a new move") works on one run and on an ensemble."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from negotiation_sim.model.batch import BatchView
from negotiation_sim.model.model import NegotiationModel
from negotiation_sim.moves import MOVES

DOC = Path(__file__).resolve().parents[2] / "docs" / "model.md"


@pytest.fixture
def example_move():
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index("#### Writing a new move"):]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    before = set(MOVES)
    namespace: dict = {}
    exec(compile(code, str(DOC), "exec"), namespace)  # registers the class in MOVES
    added = set(MOVES) - before
    try:
        assert added == {"suspend_intelligence_sharing"}
        yield MOVES["suspend_intelligence_sharing"]
    finally:
        for name in added:
            MOVES.pop(name)


def test_the_documented_move_works_in_both_forms(example_move, rafah):
    model = NegotiationModel(rafah, mode="replay", seed=0)
    for _ in range(12):  # into March: a plan exists, not launched
        model.step()
    view, ix, me = model.view(), model.ix, model.actor("us").params
    assert example_move.allowed(view, ix, me, "rafah") is True
    d1 = np.zeros(ix.layout.size)
    example_move.effect(view, ix, me, "rafah", d1)
    assert d1[ix.layout.index["strain"]] == pytest.approx(ix.m.press_strain / 2)
    assert d1[ix.layout.trust["military"]] == pytest.approx(-ix.m.pressure_trust_cost)
    x2 = np.stack([view.x, view.x])
    x2[1, ix.layout.ops["rafah"].status] = 4.0  # launched in the second run: not legal there
    batch = BatchView(x2, ix.layout, view.tick, view.date, {}, np.zeros(2))
    assert list(np.broadcast_to(example_move.allowed(batch, ix, me, "rafah"), (2,))) == [True, False]
    d2 = np.zeros((2, ix.layout.size))
    example_move.effect(batch, ix, me, "rafah", d2)
    np.testing.assert_allclose(d2[0], d1)
    assert example_move.cost(ix, me, "rafah").shape == (6,)
    assert "Sources:" in type(example_move).__doc__
