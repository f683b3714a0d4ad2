"""Every direction a scenario's counterfactual declares (`expect:`) holds over paired seeds.

The expectations are data (what each mechanism implies, with its margin); `compare` reports them
and calibration (benchmarks/calibrate.py) keeps them. This test is what makes a refit that buys
fidelity by breaking a mechanism fail.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

import negotiation_sim as ns
from negotiation_sim.analysis.compare import compare
from negotiation_sim.scenario.questions import Expectation

SCENARIOS = ["rafah", "iran_response", "bomb_shipment", "hostage_deal", "lebanon_pivot", "campaign_2024",
             "analog_1973", "analog_1975", "analog_1982", "analog_1991"]
# Enough paired seeds for a shift in the date of a move only some runs make (the US red line in
# Rafah) to show; the lockstep ensemble runs them together, so this costs seconds.
SEEDS = 64
CASES = [(name, cf) for name in SCENARIOS
         for cf, spec in ns.load_scenario(name).counterfactuals.items() if spec.expect]


def test_every_episode_declares_expectations():
    assert {name for name, _ in CASES} >= {"rafah", "iran_response", "bomb_shipment", "hostage_deal",
                                           "campaign_2024", "analog_1973", "analog_1975", "analog_1982",
                                           "analog_1991"}


@pytest.mark.parametrize("name,cf", CASES, ids=[f"{n}.{c}" for n, c in CASES])
def test_declared_expectation_holds_over_paired_seeds(name, cf):
    c = compare(name, cf, seeds=SEEDS)
    assert len(c.expectations) == len(ns.load_scenario(name).counterfactuals[cf].expect)
    assert c.expectations_hold, "\n" + c.expectations.to_string()


def test_compare_reports_a_broken_expectation():
    sc = ns.load_scenario("iran_response")
    wrong = sc.counterfactuals["no_restraint"].model_copy(
        update={"expect": [Expectation(outcome="retaliation_size", direction="lower")]})
    sc2 = sc.model_copy(update={"counterfactuals": {**sc.counterfactuals, "no_restraint": wrong}})
    c = compare(sc2, "no_restraint", seeds=3)
    assert not c.expectations_hold
    assert any("DOES NOT HOLD" in line for line in c.lines())


def test_cli_compare_prints_the_declared_directions(cli):
    p = cli("compare", "hostage_deal", "--intervention", "no_majdal_shams", "--seeds", "3")
    assert p.returncode == 0, p.stderr
    assert "What the mechanism implies" in p.stdout and "deal not lower (margin 0)" in p.stdout
    assert "hamas_outside lower (margin 0): difference -0.300, holds" in p.stdout


@given(d=st.floats(-2, 2), by=st.floats(0, 1))
def test_expectation_directions_are_consistent(d, by):
    e = {k: Expectation(outcome="x", direction=k, by=by) for k in
         ("higher", "lower", "not_lower", "not_higher")}
    assert e["higher"].holds(d) == (d > by)
    assert e["lower"].holds(d) == (d < -by)
    assert e["not_lower"].holds(d) == (not e["lower"].holds(d))
    assert e["not_higher"].holds(d) == (not e["higher"].holds(d))
    assert not any(x.holds(math.nan) for x in e.values())
