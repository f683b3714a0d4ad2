"""The life of an operation (issue 11, item 3): pause, halt, ceasefire, withdrawal, resumption,
demands to halt after launch, burn that stops, and events that set a status without being a launch.

Along tests/data/operation_life.yaml, an invented war (Valmora's offensive, its patron Kestria,
its enemy Dravos) that is under way when the file opens.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from negotiation_sim import api
from negotiation_sim.analysis.compare import compare
from negotiation_sim.model.dynamics import advance, initial_state
from negotiation_sim.model.index import ScenarioIndex
from negotiation_sim.model.state import CEASEFIRE, HALTED, LAUNCHED, PAUSED, WITHDRAWN, WorldView
from negotiation_sim.moves import MOVES
from negotiation_sim.scenario.loader import load_scenario
from tests.conftest import DATA
from tests.golden.cases import capture, compare as compare_runs, normalise

SEEDS = 40


@pytest.fixture(scope="module")
def life():
    return load_scenario(DATA / "operation_life.yaml")


def _status(r, op):
    return r.timeline[f"op.{op}.status"].to_numpy()


def test_the_recorded_path_is_legal_and_goes_through_every_stop_state(life):
    r = api.run(life, mode="replay", seed=0, engine="reference")
    assert len(r.moves) == len(life.record) and r.moves.legal.all()
    seen = set(_status(r, "offensive").round().astype(int))
    assert {LAUNCHED, PAUSED, HALTED, CEASEFIRE} <= seen
    assert CEASEFIRE in set(_status(r, "raids").round().astype(int))  # the ceasefire is agreed: both sides


@pytest.mark.parametrize("mode,cf", [("replay", None), ("free", None), ("counterfactual", "no_halt_demand"),
                                     ("counterfactual", "heavy_demand")])
def test_both_engines_agree_run_by_run(life, mode, cf):
    runs = [(0, {}), (5, {"demand_friction": 0.4}), (11, {"kestria_humanitarian": 0.1})]
    res = api.ensemble(life, runs=runs, mode=mode, intervention=cf, keep_decisions=True)
    label = res.ensemble.cf.label if res.ensemble.cf else ""
    for k, (s, p) in enumerate(runs):
        want = normalise(capture(api.run(life, mode=mode, seed=s, params=p, intervention=cf, engine="reference")))
        errs = compare_runs(normalise(capture(res.result(k, intervention=label))), want, f"{mode} {s}")
        assert not errs, "\n".join(errs[:5])


def test_an_event_that_sets_a_status_is_not_a_launch(life):
    """The war is under way from an event: no run counts a launch, though the status says launched."""
    r = api.run(life, seed=3)
    assert _status(r, "offensive").max() >= LAUNCHED
    assert r.outcomes["launched"] == 0.0
    res = api.ensemble(life, range(8))
    assert (res.outcome_table()["launched"] == 0).all()


def _drift(life, status):
    ix = ScenarioIndex(life)
    x = initial_state(ix)
    s = ix.layout.ops["offensive"]
    x[s.status] = status
    before = x.copy()
    advance(x, ix, life.calendar.start)
    return ix, before, x


@pytest.mark.parametrize("stop", [PAUSED, HALTED, CEASEFIRE, WITHDRAWN])
def test_burn_progress_and_harm_stop_when_the_operation_stops(life, stop):
    ix, b0, run = _drift(life, LAUNCHED)
    _, b1, stopped = _drift(life, stop)
    st, op = ix.layout.stocks["shells"].stock, ix.layout.ops["offensive"]
    spec = ix.stocks["shells"]
    days = ix.calendar.tick_days
    assert run[st] - b0[st] == pytest.approx(days * (spec.resupply_rate - spec.burn_rate * spec.launch_burn))
    assert stopped[st] - b1[st] == pytest.approx(days * (spec.resupply_rate - spec.burn_rate))
    assert run[op.progress] > 0 and stopped[op.progress] == 0
    from negotiation_sim.model.interests import FeatureModel

    f = FeatureModel(ix)
    i = list(ix.ops).index("offensive")
    run[op.scope] = stopped[op.scope] = 0.8
    assert f(run[None]).harm[0, i] > 0 and f(stopped[None]).harm[0, i] == 0


def test_a_completed_operation_no_longer_burns_at_the_launch_rate(life):
    """Issue 11: the launch burn drained a stock after the operation was done."""
    from negotiation_sim.model.state import COMPLETED

    ix, b0, done = _drift(life, COMPLETED)
    st = ix.layout.stocks["shells"].stock
    spec = ix.stocks["shells"]
    assert spec.launch_burn != 1.0  # else the test could not tell the two rates apart
    assert done[st] - b0[st] == pytest.approx(ix.calendar.tick_days * (spec.resupply_rate - spec.burn_rate))


def test_a_stopped_operation_keeps_only_what_was_won(life):
    from negotiation_sim.model.oplife import kept_share

    status = np.array([LAUNCHED, 5, PAUSED, HALTED, CEASEFIRE, WITHDRAWN, 2], dtype=float)
    kept = kept_share(status, np.full(7, 0.4), 0.5)
    np.testing.assert_allclose(kept, [1.0, 1.0, 0.7, 0.4, 0.4, 0.0, 0.0])


def _view(ix, x):
    return WorldView(x, ix.layout, 1, dt.date(2030, 1, 8), {})


def test_demand_halt_is_coercion_after_launch_only(life):
    ix = ScenarioIndex(life)
    x = initial_state(ix)
    s, h = ix.layout.ops["offensive"], ix.layout.halt["offensive"]
    me = ix.params["kestria"]
    demand = MOVES["demand_halt"]
    for status, legal in ((2, False), (LAUNCHED, True), (PAUSED, True), (HALTED, False)):
        x[s.status] = status
        assert bool(demand.allowed(_view(ix, x), ix, me, "offensive")) is legal, status
    x[s.status] = LAUNCHED
    d = np.zeros(ix.layout.size)
    demand.effect(_view(ix, x), ix, me, "offensive", d)
    x = ix.layout.clip(x + d)
    assert x[h.demand] == 1 and x[h.deadline] == ix.m.halt_deadline_days
    advance(x, ix, life.calendar.start)
    assert x[h.deadline] == ix.m.halt_deadline_days - ix.calendar.tick_days  # the deadline runs
    d = np.zeros(ix.layout.size)
    MOVES["halt_operation"].effect(_view(ix, x), ix, ix.params["valmora"], "offensive", d)
    x = ix.layout.clip(x + d)
    assert x[s.status] == HALTED and x[h.demand] == 0  # a halt meets the demand


def test_a_defied_deadline_costs_the_owner_and_the_patron_unless_it_squeezes(life):
    from negotiation_sim.model.interests import InterestModel

    ix = ScenarioIndex(life)
    x = initial_state(ix)
    s, h = ix.layout.ops["offensive"], ix.layout.halt["offensive"]
    pol = ix.layout.stocks["shells"].policy
    x[s.status], x[s.scope], x[h.demand] = LAUNCHED, 0.8, 1.0
    before, after = x.copy(), x.copy()
    before[h.deadline] = 7.0
    held = after.copy()
    held[pol] = 2  # HELD
    client, patron = InterestModel(ix, "valmora"), InterestModel(ix, "kestria")
    uc = client(np.stack([before, after]), ix.params["valmora"])
    up = patron(np.stack([before, after, held]), ix.params["kestria"])
    assert uc[1, 1] == pytest.approx(uc[0, 1] - ix.m.demand_friction)  # overdue: twice the friction
    assert up[1, 2] == pytest.approx(up[0, 2] - ix.specs["kestria"].audience_cost)  # defied ultimatum
    assert up[2, 2] > up[1, 2]  # enforced by a squeeze: the audience cost is avoided


def test_withdrawal_is_staged(life):
    ix = ScenarioIndex(life)
    x = initial_state(ix)
    s = ix.layout.ops["offensive"]
    x[s.status], x[s.scope] = CEASEFIRE, 0.8
    move, me = MOVES["withdraw_forces"], ix.params["valmora"]
    scopes = []
    while move.allowed(_view(ix, x), ix, me, "offensive"):
        d = np.zeros(ix.layout.size)
        move.effect(_view(ix, x), ix, me, "offensive", d)
        x = ix.layout.clip(x + d)
        scopes.append(round(float(x[s.scope]), 6))
    assert scopes == [0.55, 0.3, 0.05, 0.0] and x[s.status] == WITHDRAWN


def test_free_play_ends_the_war_sooner_under_patron_pressure(life):
    """Over 40 paired seeds: without Kestria's demand to halt, Valmora stops short less often and
    the offensive ends later; with a demand that weighs more, it ends sooner. Measured (seeds
    0..39): end day 144 -> 167 without the demand, -> 60 with demand_friction 0.3; stopped short
    0.925 -> 0.675. With the demand's weight off (demand_friction 0, the patron's audience cost
    0) removing the demand changes next to nothing (+1.8 days, +0.05), so the assertions fail
    without the mechanism."""
    c = compare(life, "no_halt_demand", seeds=SEEDS)
    assert c.expectations_hold, c.expectations.to_string()
    t = c.table.set_index("outcome")
    assert t.loc["stopped_short", "difference"] <= -0.15
    assert t.loc["end_day", "difference"] > 7
    h = compare(life, "heavy_demand", seeds=SEEDS)
    assert h.expectations_hold, h.expectations.to_string()
    assert h.table.set_index("outcome").loc["end_day", "difference"] < -30
    inert = life.model_copy(deep=True)
    inert.mechanics.demand_friction = 0.0
    next(a for a in inert.actors if a.id == "kestria").audience_cost = 0.0
    t0 = compare(inert, "no_halt_demand", seeds=SEEDS).table.set_index("outcome")
    assert t0.loc["stopped_short", "difference"] > -0.15 and t0.loc["end_day", "difference"] < 7
