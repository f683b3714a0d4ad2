"""Null rules: proper probability vectors, their definitions, and the shared random draws."""

from __future__ import annotations

import numpy as np
import pytest

from negotiation_sim.model.decision import RULES
from negotiation_sim.model.nulls import BaseRateRule, BaseRates
from negotiation_sim.validation.baselines import base_rates, reference_episodes

KEYS = ["wait", "press_privately:rafah", "hold_shipment:heavy_bombs", "hold_shipment:tank_shells"]


class _Me:
    role = "patron"


def _block(keys):
    """A one-run block of these candidates (as either engine builds it)."""
    from negotiation_sim.model.decision import CandidateBlock, move_code

    n = len(keys)
    codes = np.array([[move_code(k.partition(":")[0]) for k in keys]])
    return CandidateBlock(np.zeros((1, n, 3)), np.zeros((1, n, 6)), np.ones((1, n), dtype=bool),
                          np.arange(n)[None], codes)


def _p(rule, keys):
    own = _block(keys)
    return rule.probabilities(rule.evaluate(None, _Me, own, None, None), _Me, own)[0]


class _Ix:
    class calendar:
        tick_days = 4


def test_registered():
    for name in ("uniform", "never_wait", "base_rate"):
        assert name in RULES


def test_uniform_and_never_wait():
    u = _p(RULES["uniform"](_Ix), KEYS)
    assert np.allclose(u, 0.25)
    nw = _p(RULES["never_wait"](_Ix), KEYS)
    assert nw[0] == 0 and np.allclose(nw[1:], 1 / 3)
    assert _p(RULES["never_wait"](_Ix), ["wait"]).tolist() == [1.0]


def test_base_rate_acts_at_the_poisson_rate_and_favours_frequent_moves():
    rates = BaseRates({"patron": 0.05}, {"hold_shipment": 3, "press_privately": 0})
    rule = BaseRateRule(_Ix, rates)
    p = _p(rule, KEYS)
    assert p.sum() == pytest.approx(1.0)
    assert p[0] == pytest.approx(np.exp(-0.2))
    # add-one smoothing: press 1, each hold 4 (two hold targets share the move's frequency each)
    assert p[2] == pytest.approx(p[3]) and p[2] == pytest.approx(4 * p[1])

    class _Week:
        class calendar:
            tick_days = 7

    assert _p(BaseRateRule(_Week, rates), KEYS)[0] < p[0]  # longer ticks: more likely to act


def test_null_rules_give_the_same_runs_in_both_engines():
    from functools import partial

    import negotiation_sim as ns

    rates = BaseRates({"patron": 0.05, "client": 0.05}, {"hold_shipment": 3})
    for rule in ("uniform", "never_wait", partial(BaseRateRule, rates=rates)):
        lean = ns.run("rafah", mode="free", seed=3, rule=rule)
        ref = ns.run("rafah", mode="free", seed=3, rule=rule, engine="reference")
        assert [m.move for m in lean.move_records] == [m.move for m in ref.move_records]
        ens = ns.ensemble("rafah", [2, 3], rule=rule)
        assert [m.move for m in ens.made(1)] == [m.move for m in lean.move_records]


def test_base_rates_never_count_the_scored_episode():
    from negotiation_sim import load_scenario

    rafah = load_scenario("rafah")
    refs, out = reference_episodes(rafah)
    assert out and "rafah" not in [r.id for r in refs] and refs
    assert all(not r.episodes for r in refs)  # no campaign
    camp = load_scenario("campaign_2024")
    refs_c, _ = reference_episodes(camp)
    assert all(r.id != "campaign_2024" for r in refs_c)
    rates = base_rates(refs)
    n = sum(len(r.record) for r in refs)
    assert sum(rates.move_counts.values()) == n


def test_a_null_rule_runs_free_play_reproducibly():
    import negotiation_sim as ns

    a = ns.run("rafah", mode="free", seed=5, rule="uniform")
    b = ns.run("rafah", mode="free", seed=5, rule="uniform")
    assert [m.move for m in a.move_records] == [m.move for m in b.move_records]
    assert all(d.rule == "uniform" for d in a.decision_records)
