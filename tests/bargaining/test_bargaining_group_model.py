"""The main model's hook: a government's position settled by its group model over its members."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from negotiation_sim.bargaining import Actor, bdm_forecast, compromise, weighted_median
from negotiation_sim.model.index import ScenarioIndex
from negotiation_sim.scenario.loader import list_scenarios, load_scenario
from negotiation_sim.scenario.schema import Member

ISSUE = "rafah_scope"
ISRAEL = {"netanyahu": 1.0, "gallant": 0.6, "dermer": 0.9, "hanegbi": 0.7, "halevi": 0.8,
          "herzog": 0.4, "zilberman": 0.7}
US = {"biden": 0.15, "sullivan": 0.1, "blinken": 0.05, "austin": 0.3, "harris": 0.0,
      "mcgurk": 0.25, "kurilla": 0.35}


def with_members(rule: str, influence: dict[str, float] | None = None, salience=None):
    sc = load_scenario("rafah").model_copy(deep=True)
    for actor in sc.actors:
        if actor.id not in ("israel", "us"):
            continue
        actor.group_model = rule
        table = ISRAEL if actor.id == "israel" else US
        for m in actor.members:
            # members with no stake in the issue (the Lebanon envoy, in Rafah) declare no position
            m.positions = {ISSUE: table[m.id]} if m.id in table else {}
            if influence and m.id in influence:
                m.influence = influence[m.id]
            if salience and m.id in salience:
                m.salience = {ISSUE: salience[m.id]}
    return sc


def voters(sc, actor_id):
    spec = sc.actor(actor_id)
    return [Actor(m.id, m.influence, m.positions[ISSUE], m.salience.get(ISSUE, 1.0))
            for m in spec.members if ISSUE in m.positions]


def test_no_member_positions_keeps_the_declared_position():
    sc = load_scenario("rafah").model_copy(deep=True)
    for actor in sc.actors:
        for m in actor.members:
            m.positions = {}
    ix = ScenarioIndex(sc)
    assert ix.position("israel", ISSUE) == 1.0 and ix.position("us", ISSUE) == 0.15


def test_rafah_opening_plan_is_the_cabinets_compromise():
    sc = load_scenario("rafah")
    ix = ScenarioIndex(sc)
    assert sc.actor("israel").group_model == "compromise"
    assert ix.position("israel", ISSUE) == pytest.approx(compromise(voters(sc, "israel")))
    assert ix.position("israel", ISSUE) < 1.0  # Herzog and Zilberman pull the pincer in a little


@pytest.mark.parametrize("rule,fn", [("compromise", compromise), ("median", weighted_median),
                                     ("bdm", lambda a: bdm_forecast(a).forecast)])
def test_each_government_uses_its_group_model(rule, fn):
    sc = with_members(rule)
    ix = ScenarioIndex(sc)
    for actor in ("israel", "us"):
        assert ix.position(actor, ISSUE) == pytest.approx(fn(voters(sc, actor)))


def test_raising_a_members_influence_moves_the_compromise_as_implied():
    base = ScenarioIndex(with_members("compromise"))
    strong_herzog = ScenarioIndex(with_members("compromise", {"herzog": 0.5}))
    before, after = base.position("israel", ISSUE), strong_herzog.position("israel", ISSUE)
    assert after < before                              # Herzog (0.4) sits below the mean
    # closed form: (sum w x - 0.05*0.4 + 0.5*0.4) / (sum w - 0.05 + 0.5)
    members = {m.id: m for m in load_scenario("rafah").actor("israel").members}
    num = sum(members[k].influence * x for k, x in ISRAEL.items())
    den = sum(members[k].influence for k in ISRAEL)
    assert after == pytest.approx((num + 0.45 * 0.4) / (den + 0.45))
    assert base.position("us", ISSUE) == strong_herzog.position("us", ISSUE)


def test_influence_moves_the_median_across_members():
    base = ScenarioIndex(with_members("median"))
    assert base.position("us", ISSUE) == 0.15          # Biden (0.4) is the median member
    austin = ScenarioIndex(with_members("median", {"austin": 1.0}))
    assert austin.position("us", ISSUE) == 0.3


def test_zero_salience_member_is_ignored():
    moved = ScenarioIndex(with_members("compromise", salience={"herzog": 0.0}))
    others = [v for v in voters(with_members("compromise"), "israel") if v.name != "herzog"]
    assert moved.position("israel", ISSUE) == pytest.approx(compromise(others))


def test_member_position_out_of_range_rejected():
    with pytest.raises(ValidationError):
        Member(id="x", name="X", influence=0.5, interests={"security": 1.0}, positions={"i": 1.5})


def test_ec_file_is_not_listed_as_a_scenario():
    names = [p.stem for p in list_scenarios()]
    assert "ec_emissions" not in names and "rafah" in names
