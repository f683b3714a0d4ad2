"""Today's outputs against the golden outputs recorded before the speed work (tests/golden/cases.py).

Every built-in scenario (frozen copies) in replay, free and counterfactual mode, on several
seeds and random parameter points: moves, timelines, beliefs, outcomes and every decision's
candidates, utilities and probabilities. Discrete outputs must be identical, floats within
1e-9 (tests/golden/cases.py states the tolerance).
"""

from __future__ import annotations

import pytest

from tests.golden.cases import SCENARIOS, capture, compare, normalise, read, run_case


@pytest.mark.parametrize("name", SCENARIOS)
def test_reference_engine_reproduces_golden_outputs(name):
    errs = []
    for case, want in read(name):
        got = normalise(capture(run_case(case, name, engine="reference")))
        errs += compare(got, want, case["id"])
    assert not errs, "\n".join(errs[:10])


def test_golden_comparison_fails_on_a_changed_output():
    """The comparison itself is not vacuous: a nudged probability or a dropped move is caught."""
    case, want = read("rafah")[1]
    got = normalise(capture(run_case(case, "rafah", engine="reference")))
    assert not compare(got, want, "same")
    nudged = {**got, "arrays": {**got["arrays"], "probability": got["arrays"]["probability"] + 1e-6}}
    assert compare(nudged, want, "nudged")
    dropped = {**got, "discrete": {**got["discrete"], "moves": got["discrete"]["moves"][:-1]}}
    assert compare(dropped, want, "dropped")
