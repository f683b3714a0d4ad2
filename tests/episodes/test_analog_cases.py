"""The analog cases (1973, 1975, 1982, 1991-92): sourced, legal on replay, run on the 2024 world.

They are the out-of-sample test of the shared 2024 set (docs/validation.md, "Analog cases"):
nothing here checks a score, only that the cases are what they claim to be.
"""

from __future__ import annotations

import pytest
import yaml

import negotiation_sim as ns
from negotiation_sim.scenario.cast import PERSONALITY
from tests.conftest import ROOT

ANALOGS = ["analog_1973", "analog_1975", "analog_1982", "analog_1991"]


@pytest.mark.parametrize("name", ANALOGS)
def test_every_recorded_move_is_legal_on_its_date_in_both_engines(name):
    for engine in ("lean", "reference"):
        moves = ns.run(name, mode="replay", seed=0, engine=engine).moves
        assert len(moves) == len(ns.load_scenario(name).record)
        assert moves["legal"].all(), moves[~moves["legal"]][["date", "actor", "move", "target"]]


@pytest.mark.parametrize("name", ANALOGS)
def test_every_date_names_a_published_source_and_how_it_is_known(name):
    sc = ns.load_scenario(name)
    assert len(sc.record) >= 3
    for e in sc.record:
        assert e.source.strip() and e.sourced in ("public record", "modelled"), e
        assert e.by is None or any(m.id == e.by for m in sc.actor(e.actor).members), e
    for ev in sc.events:
        assert ev.source.strip() and ev.sourced in ("public record", "modelled", "fitted"), ev
        if ev.sourced == "modelled" and ev.effects:
            assert ev.date == sc.calendar.start, f"{ev.id}: a modelled event may only set the initial state"
    observed = [o for o in sc.outcomes.values() if o.observed is not None]
    assert len(observed) >= 3 and all(o.observed_source for o in observed)


@pytest.mark.parametrize("name", ANALOGS)
def test_each_case_declares_a_counterfactual_with_theory_based_expectations(name):
    sc = ns.load_scenario(name)
    declared = [cf for cf in sc.counterfactuals.values() if cf.expect]
    assert declared
    for cf in declared:
        for e in cf.expect:
            assert e.outcome in sc.outcomes and e.why.strip(), (cf, e)


@pytest.mark.parametrize("name", ANALOGS)
def test_the_case_runs_on_the_2024_personalities_and_mechanics_unchanged(name):
    sc, ref = ns.load_scenario(name), ns.load_scenario("rafah")
    raw = yaml.safe_load((ROOT / "scenarios" / f"{name}.yaml").read_text())
    assert "mechanics" not in raw and sc.mechanics == ref.mechanics
    for aid in ("israel", "us"):
        for f in PERSONALITY:
            if f != "members":
                assert getattr(sc.actor(aid), f) == getattr(ref.actor(aid), f), (name, aid, f)
    assert {m.id for m in sc.actor("us").members}.isdisjoint({m.id for m in ref.actor("us").members})


@pytest.mark.parametrize("name", ANALOGS)
def test_free_play_never_reads_the_record(name):
    sc = ns.load_scenario(name)
    a = ns.run(sc, mode="free", seed=3).moves
    b = ns.run(sc.model_copy(update={"record": []}), mode="free", seed=3).moves
    cols = ["tick", "actor", "move", "target"]
    assert a[cols].reset_index(drop=True).equals(b[cols].reset_index(drop=True))


@pytest.mark.parametrize("name", ANALOGS)
def test_both_engines_play_the_case_alike(name):
    cols = ["tick", "actor", "move", "target", "legal"]
    a = ns.run(name, mode="free", seed=1, engine="lean")
    b = ns.run(name, mode="free", seed=1, engine="reference")
    assert a.moves[cols].reset_index(drop=True).equals(b.moves[cols].reset_index(drop=True))
    for k, v in a.outcomes.items():
        assert v == pytest.approx(b.outcomes[k], abs=1e-9, nan_ok=True), k
