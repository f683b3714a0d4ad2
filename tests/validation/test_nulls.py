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


def test_registered():
    for name in ("uniform", "never_wait", "base_rate"):
        assert name in RULES


def test_uniform_and_never_wait():
    u = RULES["uniform"](None).probabilities(_Me, KEYS, 4)
    assert np.allclose(u, 0.25)
    nw = RULES["never_wait"](None).probabilities(_Me, KEYS, 4)
    assert nw[0] == 0 and np.allclose(nw[1:], 1 / 3)
    assert RULES["never_wait"](None).probabilities(_Me, ["wait"], 4).tolist() == [1.0]


def test_base_rate_acts_at_the_poisson_rate_and_favours_frequent_moves():
    rates = BaseRates({"patron": 0.05}, {"hold_shipment": 3, "press_privately": 0})
    p = BaseRateRule(None, rates).probabilities(_Me, KEYS, 4)
    assert p.sum() == pytest.approx(1.0)
    assert p[0] == pytest.approx(np.exp(-0.2))
    # add-one smoothing: press 1, each hold 4 (two hold targets share the move's frequency each)
    assert p[2] == pytest.approx(p[3]) and p[2] == pytest.approx(4 * p[1])
    # longer ticks: more likely to act
    assert BaseRateRule(None, rates).probabilities(_Me, KEYS, 7)[0] < p[0]


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
