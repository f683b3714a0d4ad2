"""The life of an operation (issue 11, item 3): pause, halt, ceasefire, withdrawal, resumption,
limits, demands to halt or limit after launch, burn that stops, and events that set a status
without being a launch.

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
from negotiation_sim.model.oplife import HALT
from negotiation_sim.model.state import CEASEFIRE, COMPLETED, HALTED, LAUNCHED, PAUSED, WITHDRAWN, WorldView
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
    scope = r.timeline["op.offensive.scope"].to_numpy()
    assert scope[-1] == pytest.approx(0.8 - life.mechanics.withdrawal_step - life.mechanics.concession_step)
    assert CEASEFIRE in set(_status(r, "raids").round().astype(int))  # the ceasefire is agreed: both sides


@pytest.mark.parametrize("mode,cf", [("replay", None), ("free", None), ("counterfactual", "no_halt_demand"),
                                     ("counterfactual", "heavy_demand"), ("counterfactual", "no_limit_demand")])
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
    ix, x, s, h = _offensive(life)
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

    ix, x, s, h = _offensive(life)
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


def _inert(life):
    """The scenario with the demands' weight off: no friction on the owner, no audience cost."""
    inert = life.model_copy(deep=True)
    inert.mechanics.demand_friction = 0.0
    next(a for a in inert.actors if a.id == "kestria").audience_cost = 0.0
    return inert


def test_free_play_ends_the_war_sooner_under_patron_pressure(life):
    """Over 40 paired seeds: without Kestria's demand to halt, Valmora stops short less often and
    the offensive ends later; with a demand that weighs more, it ends sooner. Measured (seeds
    0..39, with the demand to limit open): end day 124 -> 144 without the demand, -> 64 with
    demand_friction 0.3; stopped short 0.875 -> 0.775. With the demand's weight off
    (demand_friction 0, the patron's audience cost 0) removing the demand changes next to nothing
    in the end day (+1.2 days) and raises the share stopped short (+0.10), so the assertions
    fail without the mechanism. (Before the demand to limit existed: 144 -> 167 days and
    0.925 -> 0.675; Kestria now falls back on a demand to limit when it cannot demand a halt.)"""
    c = compare(life, "no_halt_demand", seeds=SEEDS)
    assert c.expectations_hold, c.expectations.to_string()
    t = c.table.set_index("outcome")
    assert t.loc["stopped_short", "difference"] <= -0.075
    assert t.loc["end_day", "difference"] > 7
    h = compare(life, "heavy_demand", seeds=SEEDS)
    assert h.expectations_hold, h.expectations.to_string()
    assert h.table.set_index("outcome").loc["end_day", "difference"] < -30
    t0 = compare(_inert(life), "no_halt_demand", seeds=SEEDS).table.set_index("outcome")
    assert t0.loc["stopped_short", "difference"] > -0.075 and t0.loc["end_day", "difference"] < 7


# ---- Limiting a running operation, and a patron's demand to limit it ----------------------------


def _offensive(life):
    """The file's index, its initial state, and the offensive's operation and demand slots."""
    ix = ScenarioIndex(life)
    return ix, initial_state(ix), ix.layout.ops["offensive"], ix.layout.halt["offensive"]


def _apply(ix, x, move, actor, target="offensive"):
    d = np.zeros(ix.layout.size)
    MOVES[move].effect(_view(ix, x), ix, ix.params[actor], target, d)
    return ix.layout.clip(x + d)


def _legal(ix, x, move, actor, target="offensive"):
    return bool(MOVES[move].allowed(_view(ix, x), ix, ix.params[actor], target))


def test_limit_operation_narrows_a_running_operation_by_a_step(life):
    ix = ScenarioIndex(life)
    x = initial_state(ix)
    s, m = ix.layout.ops["offensive"], ix.m
    x[s.scope] = 0.8
    for status, legal in ((2, False), (LAUNCHED, True), (PAUSED, True), (HALTED, False), (CEASEFIRE, False),
                          (WITHDRAWN, False)):
        x[s.status] = status
        assert _legal(ix, x, "limit_operation", "valmora") is legal, status
    x[s.status] = LAUNCHED
    x[s.scope] = 0.0
    assert not _legal(ix, x, "limit_operation", "valmora")  # nothing left to narrow
    x[s.scope] = 0.8
    strain, hot, press = ix.layout.index["strain"], ix.layout.trust["hotline"], ix.layout.pressure["kestria"]
    y = _apply(ix, x, "limit_operation", "valmora")
    assert y[s.scope] == pytest.approx(0.8 - m.concession_step)
    assert y[s.status] == LAUNCHED  # it goes on
    assert y[strain] == pytest.approx(x[strain] - m.press_strain / 2)
    assert y[hot] == pytest.approx(x[hot] + m.pressure_trust_cost / 4)
    assert y[press] == pytest.approx(x[press] * (1 - m.reassurance_relief / 2))
    np.testing.assert_allclose(MOVES["limit_operation"].cost(ix, ix.params["valmora"], "offensive"),
                               [0, 0, m.concession_cost / 2, 0, 0, 0])
    from negotiation_sim.model.interests import FeatureModel

    f, i = FeatureModel(ix), list(ix.ops).index("offensive")
    assert f(y[None]).harm[0, i] == pytest.approx(f(x[None]).harm[0, i] * y[s.scope] / 0.8)  # harm ∝ scope
    x[s.scope] = m.concession_step / 2
    assert _apply(ix, x, "limit_operation", "valmora")[s.scope] == 0.0  # not below 0


def test_demand_limit_asks_for_the_patrons_tolerance_with_a_deadline(life):
    ix = ScenarioIndex(life)
    x = initial_state(ix)
    s, h, me = ix.layout.ops["offensive"], ix.layout.halt["offensive"], ix.params["kestria"]
    tol = ix.tolerance(_view(ix, x), me, "offensive")
    assert 0.0 < tol < 0.8  # the test scenario's win-set: Kestria tolerates less than the offensive
    x[s.scope] = 0.8
    for status, legal in ((2, False), (LAUNCHED, True), (PAUSED, True), (HALTED, False), (COMPLETED, False)):
        x[s.status] = status
        assert _legal(ix, x, "demand_limit", "kestria") is legal, status
    x[s.status] = LAUNCHED
    x[s.scope] = tol
    assert not _legal(ix, x, "demand_limit", "kestria")  # nothing beyond what it tolerates
    x[s.scope] = 0.8
    y = _apply(ix, x, "demand_limit", "kestria")
    assert y[h.demand] == 1 and y[h.deadline] == ix.m.halt_deadline_days and y[h.limit] == pytest.approx(tol)
    assert y[ix.layout.index["strain"]] == pytest.approx(x[ix.layout.index["strain"]] + ix.m.red_line_strain / 2)
    press = ix.layout.pressure["kestria"]
    assert y[press] == pytest.approx(x[press] * (1 - ix.m.public_stance_relief / 2 * (0.8 - tol)))
    # One demand stands at a time: neither demand is open while the other stands.
    assert not _legal(ix, y, "demand_limit", "kestria") and not _legal(ix, y, "demand_halt", "kestria")
    z = _apply(ix, x, "demand_halt", "kestria")
    assert z[h.limit] == HALT  # a demand to halt says so where demands to limit exist


def test_a_limit_meets_a_demand_to_limit_only_once_within_it_and_never_a_demand_to_halt(life):
    ix, x, s, h = _offensive(life)
    x[s.status], x[s.scope] = LAUNCHED, 0.8
    x = _apply(ix, x, "demand_limit", "kestria")
    limit, steps = x[h.limit], 0
    while x[s.scope] > limit + 1e-9:
        assert x[h.demand] == 1  # still beyond the limit: the demand stands
        x = _apply(ix, x, "limit_operation", "valmora")
        steps += 1
    assert steps == int(np.ceil((0.8 - limit) / ix.m.concession_step - 1e-9)) > 1
    assert x[h.demand] == 0 and x[h.deadline] == 0 and x[h.limit] == 0  # met, and cleared
    x[s.scope] = 0.8
    x = _apply(ix, x, "demand_halt", "kestria")
    while _legal(ix, x, "limit_operation", "valmora"):
        x = _apply(ix, x, "limit_operation", "valmora")
    assert x[s.scope] == 0 and x[h.demand] == 1  # only a stop meets a demand to halt
    x = _apply(ix, x, "halt_operation", "valmora")
    assert x[h.demand] == 0 and x[h.limit] == 0


def test_a_demand_to_limit_charges_the_owner_only_while_the_scope_exceeds_it(life):
    from negotiation_sim.model.interests import ALLIANCE, DOMESTIC, InterestModel

    ix, x, s, h = _offensive(life)
    x[s.status], x[s.scope], x[h.demand], x[h.limit], x[h.deadline] = LAUNCHED, 0.8, 1.0, 0.5, 7.0
    within = x.copy()
    within[s.scope] = 0.45
    none = x.copy()
    none[h.demand] = none[h.limit] = 0.0
    overdue, overdue_within = x.copy(), within.copy()
    overdue[h.deadline] = overdue_within[h.deadline] = 0.0
    uc = InterestModel(ix, "valmora")(np.stack([x, within, none, overdue, overdue_within]), ix.params["valmora"])
    f = ix.m.demand_friction
    assert uc[0, ALLIANCE] == pytest.approx(uc[2, ALLIANCE] - f)  # beyond the limit: the friction
    assert uc[1, ALLIANCE] == pytest.approx(uc[2, ALLIANCE])  # within it: none, though the slot stands
    assert uc[3, ALLIANCE] == pytest.approx(uc[2, ALLIANCE] - 2 * f)  # overdue: twice
    assert uc[4, ALLIANCE] == pytest.approx(uc[2, ALLIANCE])
    halted = overdue.copy()
    halted[s.status] = HALTED
    up = InterestModel(ix, "kestria")(np.stack([overdue, overdue_within, halted, x]), ix.params["kestria"])
    aud = ix.specs["kestria"].audience_cost
    # Defied: the deadline passed and the operation runs beyond the limit (the supply flows).
    assert up[0, DOMESTIC] < up[3, DOMESTIC] - aud / 2
    # Not defied: the scope within the limit (compared with the same state before the deadline,
    # through which the scope's harm runs alike), or the operation stopped.
    within_before = within.copy()
    up2 = InterestModel(ix, "kestria")(np.stack([overdue_within, within_before]), ix.params["kestria"])
    assert up2[0, DOMESTIC] == pytest.approx(up2[1, DOMESTIC])
    halted_before = halted.copy()
    halted_before[h.deadline] = 7.0
    up3 = InterestModel(ix, "kestria")(np.stack([halted, halted_before]), ix.params["kestria"])
    assert up3[0, DOMESTIC] == pytest.approx(up3[1, DOMESTIC])


def test_a_demand_to_limit_lapses_with_the_operation_and_is_cleared(life):
    ix, x, s, h = _offensive(life)
    x[s.status], x[s.scope] = LAUNCHED, 0.8
    x = _apply(ix, x, "demand_limit", "kestria")
    advance(x, ix, life.calendar.start)
    assert x[h.demand] == 1 and x[h.deadline] == ix.m.halt_deadline_days - ix.calendar.tick_days
    x[s.status] = COMPLETED
    advance(x, ix, life.calendar.start)
    assert x[h.demand] == 0 and x[h.deadline] == 0 and x[h.limit] == 0


def test_limit_slots_exist_only_where_the_demand_to_limit_is_open(life, rafah):
    from negotiation_sim.model.layout import build_layout as Layout

    halt_only = life.model_copy(deep=True)
    halt_only.moves = [m for m in life.moves if m not in ("demand_limit", "limit_operation")]
    names = Layout(halt_only).names
    assert "op.offensive.halt_demand" in names and not any(n.endswith(".limit_to") for n in names)
    assert [n for n in Layout(life).names if not n.endswith(".limit_to")] == names  # same order otherwise
    assert not any(n.endswith((".limit_to", ".halt_demand")) for n in Layout(rafah).names)


def test_free_play_narrows_the_offensive_under_a_demand_to_limit(life):
    """Over 40 paired seeds (0..39): without Kestria's demand to limit, the offensive ends wider.
    Measured: final scope 0.349 -> 0.376 (+0.026; over 200 seeds +0.048, 95% interval 0.029 to
    0.069); with demand_friction 0.3, 0.376 -> 0.454 (+0.077, interval 0.023 to 0.133). With the
    demand's weight off (demand_friction 0, the patron's audience cost 0) removing it changes the
    final scope by +0.021, its side effects alone (strain, trust, the patron's public stance), so
    the heavier demand's assertion fails without the mechanism. The effect is small at the
    scenario's default friction: a demand is met only by the step that brings the scope within
    the limit (three steps here), and the owner looks one step ahead."""
    c = compare(life, "no_limit_demand", seeds=SEEDS)
    assert c.expectations_hold, c.expectations.to_string()
    assert c.table.set_index("outcome").loc["final_scope", "difference"] > 0.01
    heavy = life.model_copy(deep=True)
    heavy.mechanics.demand_friction = 0.3
    assert compare(heavy, "no_limit_demand", seeds=SEEDS).table.set_index("outcome").loc[
        "final_scope", "difference"] >= 0.05
    t0 = compare(_inert(life), "no_limit_demand", seeds=SEEDS).table.set_index("outcome")
    assert t0.loc["final_scope", "difference"] < 0.05
