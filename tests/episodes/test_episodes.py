"""The 2024 episodes: replay on dates, free and counterfactual play, directional counterfactuals,
invariants under hypothesis, and the campaign's carry-over of state."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import negotiation_sim as ns
from negotiation_sim import load_scenario
from negotiation_sim.scenario.params import apply_params
from negotiation_sim.analysis.compare import compare
from negotiation_sim.model.index import ScenarioIndex

EPISODES = ["iran_response", "bomb_shipment", "hostage_deal", "lebanon_pivot"]
ALL = EPISODES + ["campaign_2024"]
SEEDS = range(12)


@pytest.fixture(scope="module")
def scenarios():
    return {name: ns.load_scenario(name) for name in ALL}


@pytest.mark.parametrize("name", ALL)
def test_replay_makes_every_recorded_move_on_its_date(scenarios, name):
    sc = scenarios[name]
    r = ns.run(sc, mode="replay", seed=0)
    made = r.moves
    assert (made.origin == "record").all()
    for e in sc.record:
        tick = r.calendar.tick_of(e.date)
        hit = made[(made.actor == e.actor) & (made.move == e.move) & (made.tick == tick)]
        if e.target is not None:
            hit = hit[hit.target == e.target]
        assert len(hit) == 1, f"{e.move} by {e.actor} on {e.date} not replayed"
        assert abs((r.calendar.date_of(tick) - e.date).days) < r.calendar.tick_days
    if name != "campaign_2024":  # episodes replay legally; the campaign's weekly merge is looser
        assert made.legal.all(), made[~made.legal]


@pytest.mark.parametrize("name", ALL)
def test_free_and_counterfactual_runs_from_the_api(scenarios, name):
    sc = scenarios[name]
    free = ns.run(sc, mode="free", seed=3)
    assert (free.moves.origin == "decision").all()
    cf_name = next(iter(sc.counterfactuals))
    cf = ns.run(sc, seed=3, intervention=cf_name)
    branch = cf.calendar.tick_of(sc.counterfactuals[cf_name].branch)
    assert (cf.moves[cf.moves.tick < branch].origin == "record").all()
    assert set(cf.outcomes) == set(sc.outcomes)


@pytest.mark.parametrize("name", ALL)
def test_cli_runs_free_and_counterfactual(cli, scenarios, name):
    cf_name = next(iter(scenarios[name].counterfactuals))
    for args in (["--mode", "free"], ["--intervention", cf_name]):
        p = cli("run", name, "--quiet", "--seed", "1", *args)
        assert p.returncode == 0, p.stderr


def test_cli_compare_prints_both_arms_and_the_paired_difference(cli):
    p = cli("compare", "iran_response", "--intervention", "no_restraint", "--seeds", "4")
    assert p.returncode == 0, p.stderr
    assert "95% CI" in p.stdout and "retaliation_size" in p.stdout


def _arms(name, cf, seeds=SEEDS, at=None):
    """Both arms of a declared counterfactual, at the fitted values or with `at` (paths) set."""
    sc = load_scenario(name) if not at else apply_params(load_scenario(name), at)
    c = compare(sc, cf, seeds=list(seeds))
    return c.factual, c.counterfactual, c.table.set_index("outcome")


def test_prior_notice_spares_the_political_channel():
    f, c, t = _arms("iran_response", "prior_notice")
    # Notice spares most of the surprise cost to political trust on every seed.
    spared = 0.5 * ns.load_scenario("iran_response").mechanics.surprise_trust_cost
    assert spared > 0.03
    assert (c.lowest_political_trust - f.lowest_political_trust > spared).all()
    assert t.loc["lowest_political_trust", "ci_low"] > 0


def test_without_restraint_israel_strikes_harder_and_climbs_higher():
    """At the fitted values: the direction, seed by seed (the shared fit's pull is small, 0.3)."""
    f, c, t = _arms("iran_response", "no_restraint")
    hit = (f.israel_retaliated == 1) & (c.israel_retaliated == 1)
    assert hit.mean() > 0.5
    assert (c.retaliation_size[hit] >= f.retaliation_size[hit] - 1e-9).all()
    assert c.retaliation_size[hit].mean() > f.retaliation_size[hit].mean() + 0.03
    assert c.highest_rung.mean() >= f.highest_rung.mean() - 1e-9


def test_restraint_is_the_mechanism_a_strong_pull_shows_it():
    """With the pull set strong (0.8, the old hand-set value), the contrast is large: the mechanism
    works; how strong it was in 2024 is the fit's to say."""
    f, c, t = _arms("iran_response", "no_restraint", at={"mechanics.restraint_pull": 0.8})
    assert c.retaliation_size.mean() > f.retaliation_size.mean() + 0.2


def test_without_majdal_shams_hamas_outside_option_falls_and_a_deal_is_no_less_likely():
    f, c, t = _arms("hostage_deal", "no_majdal_shams")
    assert (c.hamas_outside < f.hamas_outside).all()
    assert c.deal.mean() >= f.deal.mean()


def test_majdal_shams_closes_the_zone_when_hamas_would_take_a_deal():
    """Where Hamas values a deal over staying in the talks (engagement 0.1 instead of the fitted
    0.33), the rocket's shift of its outside option is what stops a deal by 31 August."""
    f, c, t = _arms("hostage_deal", "no_majdal_shams", at={"mechanics.talks_engagement": 0.1})
    assert c.deal.mean() >= f.deal.mean() + 0.3  # tolerance: at least 30 points more often
    assert (c.hamas_outside < f.hamas_outside).all()


def test_without_the_video_trust_falls_less_and_release_is_no_less_likely():
    f, c, _ = _arms("bomb_shipment", "no_video", seeds=range(20))
    assert c.video.sum() == 0
    assert c.lowest_political_trust.mean() >= f.lowest_political_trust.mean() - 1e-9
    # The release is rare in both arms (1 of 20 factual runs at seed 15, 1 of 400 overall):
    # within one run, the video is not what frees the ship.
    assert c.ship_released.mean() >= f.ship_released.mean() - 1 / 20


def test_a_ship_never_held_leaves_the_bombs_usable():
    f, c, _ = _arms("bomb_shipment", "never_held")
    assert (c.bombs_usable == 0).all() and (f.bombs_usable > 0).mean() > 0.5
    assert c.delivered_locked.sum() == 0


def test_campaign_carries_a_march_hold_into_later_episodes(scenarios):
    sc = scenarios["campaign_2024"]
    f = ns.run(sc, seed=5, mode="counterfactual", branch=dt.date(2024, 3, 4))
    c = ns.run(sc, seed=5, intervention="hold_in_march")
    june = f.calendar.tick_of(dt.date(2024, 6, 17))  # inside the bomb_shipment episode
    assert c.timeline["stock.heavy_bombs"].iloc[june] < f.timeline["stock.heavy_bombs"].iloc[june] - 1.0
    march = f.calendar.tick_of(dt.date(2024, 3, 4))
    np.testing.assert_array_equal(f.states[:march], c.states[:march])


def test_campaign_has_every_episode_on_one_timeline(scenarios):
    sc = scenarios["campaign_2024"]
    for name in EPISODES:
        for e in scenarios[name].record:
            assert any(r.date == e.date and r.move == e.move for r in sc.record)
    ix = ScenarioIndex(sc)
    assert {"ladder.iran_israel.rung", "ladder.north.rung", "talks.hostages.offer",
            "stock.heavy_bombs", "trust.military"} <= set(ix.layout.names)


def _check(x, sc):
    lay = ScenarioIndex(sc).layout
    assert np.all(x >= lay.lo - 1e-9) and np.all(x <= lay.hi + 1e-9)
    for s in lay.ladders.values():
        assert np.all(np.abs(x[:, s.rung] - np.round(x[:, s.rung])) < 1e-9)  # whole rungs
        assert np.all((x[:, s.rung] >= 0) & (x[:, s.rung] <= s.top))
    for name, i in lay.index.items():
        if name.startswith(("stock.", "locked.")):
            assert np.all(x[:, i] >= 0), name
        if name.startswith(("trust.", "pressure.", "talks.")) or name in ("strain", "escalation"):
            assert np.all((x[:, i] >= 0) & (x[:, i] <= 1)), name


@pytest.mark.parametrize("name", ALL)
def test_free_runs_keep_the_state_valid(scenarios, name):
    sc = scenarios[name]

    @settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(seed=st.integers(0, 2**31 - 1), rationality=st.floats(0.5, 80), resolve=st.floats(0, 1))
    def check(seed, rationality, resolve):
        from negotiation_sim.scenario.params import apply_params

        s2 = apply_params(sc, {"actors.israel.rationality": rationality, "actors.us.resolve": resolve})
        r = ns.run(s2, mode="free", seed=seed)
        _check(r.states, sc)
        assert r.timeline.date.min() == sc.calendar.start and r.timeline.date.max() == sc.calendar.end
        assert all(sc.calendar.start <= r.calendar.date_of(m.tick) <= sc.calendar.end
                   for m in r.move_records)

    check()
