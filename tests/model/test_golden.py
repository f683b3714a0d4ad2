"""Today's outputs against the golden outputs recorded before the speed work (tests/golden/cases.py).

Every built-in scenario (frozen copies) in replay, free and counterfactual mode, on several
seeds and random parameter points: moves, timelines, beliefs, outcomes and every decision's
candidates, utilities and probabilities. Discrete outputs must be identical, floats within
1e-9 (tests/golden/cases.py states the tolerance).
"""

from __future__ import annotations

import pytest

from tests.golden.cases import SCENARIOS, capture, compare, load, normalise, read, run_case


@pytest.mark.parametrize("name", SCENARIOS)
@pytest.mark.parametrize("engine", ["reference", "lean"])
def test_engine_reproduces_golden_outputs(name, engine):
    errs = []
    for case, want in read(name):
        got = normalise(capture(run_case(case, name, engine=engine)))
        errs += compare(got, want, case["id"])
    assert not errs, "\n".join(errs[:10])


@pytest.mark.parametrize("name", SCENARIOS)
def test_ensemble_reproduces_golden_outputs_in_one_batch(name):
    """All cases of one mode (seeds and parameter points mixed) as one ensemble, keeping decisions."""
    from collections import defaultdict

    from negotiation_sim import api

    groups = defaultdict(list)
    for case, want in read(name):
        groups[(case["mode"], case["cf"])].append((case, want))
    errs = []
    for (mode, cf), items in groups.items():
        res = api.ensemble(load(name), runs=[(c["seed"], c["params"]) for c, _ in items], mode=mode,
                           intervention=cf, keep_decisions=True)
        label = res.ensemble.cf.label if res.ensemble.cf else ""
        for r, (case, want) in enumerate(items):
            errs += compare(normalise(capture(res.result(r, intervention=label))), want, case["id"])
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
