"""Counterfactual mode: branch, interventions, common random numbers."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

import negotiation_sim as ns

BRANCH = dt.date(2024, 3, 1)


def test_an_empty_intervention_is_replay_then_free_play(rafah):
    r = ns.run(rafah, mode="counterfactual", seed=4, branch=BRANCH)
    before = r.moves[r.moves.tick < r.calendar.tick_of(BRANCH)]
    after = r.moves[r.moves.tick >= r.calendar.tick_of(BRANCH)]
    assert (before.origin == "record").all()
    assert (after.origin == "decision").all()


def test_paired_runs_share_the_prefix_and_the_random_numbers(rafah):
    f = ns.run(rafah, mode="counterfactual", seed=9, branch=BRANCH)
    c = ns.run(rafah, seed=9, intervention=["remove:us:declare_red_line"], branch=BRANCH)
    t = f.calendar.tick_of(BRANCH)
    np.testing.assert_array_equal(f.states[:t], c.states[:t])
    assert "declare_red_line" not in set(c.moves[c.moves.tick >= t].move)


def test_removed_move_is_never_made_after_the_branch(rafah):
    for seed in range(5):
        r = ns.run(rafah, seed=seed, intervention="no_hold")
        assert not r.outcomes["us_held_supply"]


def test_forced_move_is_made_on_its_date(rafah):
    r = ns.run(rafah, seed=1, intervention=["force:us:hold_shipment:tank_shells@2024-03-12"])
    hit = r.moves[(r.moves.move == "hold_shipment") & (r.moves.origin == "forced")]
    assert len(hit) == 1 and hit.target.iloc[0] == "tank_shells"
    assert hit.tick.iloc[0] == r.calendar.tick_of(dt.date(2024, 3, 12))


def test_set_state_and_set_parameter_take_effect_at_the_branch(rafah):
    r = ns.run(rafah, seed=1, intervention=["state:stock.tank_shells=5"], branch=BRANCH)
    t = r.calendar.tick_of(BRANCH)
    assert r.timeline["stock.tank_shells"].iloc[t] < 6
    assert r.timeline["stock.tank_shells"].iloc[t - 1] > 6
    r2 = ns.run(rafah, seed=1, intervention=["set:us_shell_supply=0"], branch=BRANCH)
    shells = r2.timeline["stock.tank_shells"].to_numpy()
    assert np.all(np.diff(shells[t:]) <= 1e-9)  # no deliveries after the branch


def test_dropped_event_does_not_happen(rafah):
    r = ns.run(rafah, seed=2, intervention=["drop-event:iran_round_begins"])
    t = r.calendar.tick_of(dt.date(2024, 4, 1))
    ready = r.timeline["op.rafah.readiness"]
    assert ready.iloc[t] >= ready.iloc[t - 1]


def test_a_belief_set_at_the_branch_changes_the_mind_not_only_the_file(rafah):
    f = ns.run(rafah, mode="counterfactual", seed=1, branch=BRANCH)
    c = ns.run(rafah, seed=1, intervention=["set:actors.israel.beliefs.us.resolve=0.95"], branch=BRANCH)
    t = f.calendar.tick_of(BRANCH)
    col = "belief.israel.us.resolve"
    assert c.timeline[col].iloc[t - 1] == f.timeline[col].iloc[t - 1]
    assert c.timeline[col].iloc[t] == pytest.approx(0.95, abs=0.02)
    assert abs(f.timeline[col].iloc[t] - 0.95) > 0.2
