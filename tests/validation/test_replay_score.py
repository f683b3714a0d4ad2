"""The replay log score: deterministic, one row per observation, the floor where a rule says never."""

from __future__ import annotations

import numpy as np
import pytest

from negotiation_sim import load_scenario
from negotiation_sim.validation.replay_score import FLOOR, record_keys, replay_log_score


@pytest.fixture(scope="module")
def rafah():
    return load_scenario("rafah")


def test_one_row_per_recorded_move_and_per_silent_decision(rafah):
    s = replay_log_score(rafah, "uniform")
    ticks = 1 + (rafah.calendar.end - rafah.calendar.start).days // rafah.calendar.tick_days
    assert (s.rows.kind == "move").sum() == len(rafah.record)
    # every actor decides every tick after the first; a decision with k recorded moves gives k rows
    n_decisions = len(rafah.actors) * (len(s.rows.tick.unique()))
    assert len(s.rows) >= n_decisions - 0 and s.rows.tick.max() <= ticks


def test_deterministic(rafah):
    a = replay_log_score(rafah).rows
    b = replay_log_score(rafah).rows
    assert a.logp.tolist() == b.logp.tolist()


def test_uniform_rule_scores_log_of_one_over_the_legal_moves(rafah):
    s = replay_log_score(rafah, "uniform")
    legal = s.rows[s.rows.legal]
    # p = 1/K_legal exactly for the uniform rule
    k = 1.0 / legal.p
    assert np.allclose(k, np.round(k))
    assert (s.rows[~s.rows.legal].p == 0).all()
    assert (s.rows.logp <= 0).all() and (s.rows.logp >= np.log(FLOOR / 200)).all()


def test_a_move_no_rule_can_make_scores_on_the_floor(rafah):
    # never_wait gives waiting probability 0 wherever another move is legal: those rows sit on the floor
    s = replay_log_score(rafah, "never_wait")
    waits = s.rows[(s.rows.kind == "wait") & (s.rows.p == 0)]
    assert len(waits) > 0
    assert waits.logp.max() < np.log(FLOOR)


def test_record_keys_group_by_tick_and_actor(rafah):
    from negotiation_sim.model.calendar import Calendar

    cal = Calendar(rafah.calendar.start, rafah.calendar.end, rafah.calendar.tick_days)
    keys = record_keys(rafah, cal)
    assert sum(len(v) for v in keys.values()) == len(rafah.record)
    assert any(len(v) > 1 for v in keys.values())  # two recorded US moves share a 4-day tick
