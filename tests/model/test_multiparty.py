"""More than two (docs/model.md 7.14): several counterparts, clients that coordinate, a third power's threat.

The multi-party scenario (tests/data/multi_party.yaml) has a patron with two clients, an
adversary and the adversary's own patron. Its results must be the same in both engines; the
patron's look-ahead must count each client's reply; the joint request and the third-party
threat must move what their mechanisms say.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from negotiation_sim import api
from negotiation_sim.analysis.compare import compare
from negotiation_sim.model.multiparty import co_clients, opposed_ops
from negotiation_sim.scenario.loader import load_scenario
from tests.conftest import DATA
from tests.golden.cases import capture, compare as compare_runs, normalise

PATH = DATA / "multi_party.yaml"
START = dt.date(2030, 1, 1)


@pytest.fixture(scope="module")
def multi():
    return load_scenario(PATH)


def _with_counterparts(sc, actor: str, counterparts: list[str]):
    actors = [a.model_copy(update={"counterpart": None, "counterparts": counterparts}) if a.id == actor else a
              for a in sc.actors]
    return sc.model_copy(update={"actors": actors})


def test_relations_come_from_supply(multi):
    assert co_clients(multi, "arvania") == ["carpathia"]
    assert co_clients(multi, "hostilia") == []  # an adversary is no patron's co-client
    assert opposed_ops(multi, "quorvia") == ["offensive"]  # Quorvia supplies Arvania's enemy
    assert opposed_ops(multi, "borduria") == []  # a patron never opposes its own clients


def test_replay_is_legal_and_both_engines_agree(multi):
    r = api.run(multi, mode="replay", seed=0, engine="reference")
    assert len(r.moves) == len(multi.record) and r.moves.legal.all()
    for mode, cf in (("replay", None), ("free", None), ("counterfactual", "no_third_party_threat"),
                     ("counterfactual", "no_joint_request")):
        seeds = [0, 5, 11]
        res = api.ensemble(multi, runs=[(s, {}) for s in seeds], mode=mode, intervention=cf, keep_decisions=True)
        label = res.ensemble.cf.label if res.ensemble.cf else ""
        for k, s in enumerate(seeds):
            want = normalise(capture(api.run(multi, mode=mode, seed=s, intervention=cf, engine="reference")))
            errs = compare_runs(normalise(capture(res.result(k, intervention=label))), want, f"{mode} {s}")
            assert not errs, "\n".join(errs[:5])


def test_free_play_uses_the_new_moves(multi):
    made = set()
    for s in range(6):
        made |= set(api.run(multi, seed=s).moves.move)
    assert {"joint_request", "third_party_threat"} <= made


@pytest.mark.parametrize("engine", ["reference", "lean"])
def test_the_patron_anticipates_each_client(multi, engine):
    """Adding a second client to the patron's look-ahead changes its decision, by exactly the
    second client's anticipated reply: u(both) = u(first) + u(second) - u(alone)."""
    def utility(counterparts):
        sc = _with_counterparts(multi, "borduria", counterparts)
        r = api.run(sc, mode="replay", seed=3, engine=engine)
        d = r.decision(dt.date(2030, 1, 8), "borduria")
        return d.keys, d.utility, d.probability

    keys, both, p_both = utility(["arvania", "carpathia"])
    keys1, first, p_first = utility(["arvania"])
    keys2, second, _ = utility(["carpathia"])
    keys0, alone, _ = utility([])
    assert keys == keys1 == keys2 == keys0
    np.testing.assert_allclose(both, first + second - alone, atol=1e-12)
    assert np.abs(p_both - p_first).max() > 0.01  # the second client's reply moves the choice


def test_one_counterpart_as_a_list_is_the_single_field(multi):
    """`counterparts: [x]` is `counterpart: x`: same runs, bit for bit."""
    a = api.run(_with_counterparts(multi, "quorvia", ["arvania"]), seed=2, engine="reference")
    b = api.run(multi, seed=2, engine="reference")
    np.testing.assert_array_equal(a.states, b.states)


def test_a_joint_position_makes_the_patron_release_a_held_stock(multi):
    """With the shells held, the patron's probability of releasing them is higher while its two
    clients stand jointly (the coordination leverage); with the leverage at 0 it is not."""
    def p_release(ivs, params=None):
        r = api.run(multi, seed=1, intervention=["state:policy.shells=2", *ivs], branch=dt.date(2030, 1, 15),
                    params=params, engine="reference")
        d = r.decision(dt.date(2030, 1, 15), "borduria")
        return d.probability[d.keys.index("release_shipment:shells")]

    joint = ["state:joint.arvania.carpathia=1"]
    assert p_release(joint) > p_release([]) + 0.05
    off = {"coordination_leverage": 0.0}
    assert p_release(joint, off) == pytest.approx(p_release([], off), abs=1e-3)


def test_the_third_party_threat_delays_the_launch(multi):
    """Without Quorvia's threat Arvania launches in more runs and, where both arms launch, sooner."""
    c = compare(multi, "no_third_party_threat", seeds=16)
    assert c.expectations_hold, c.expectations.to_string()
    row = c.table.set_index("outcome").loc["launch_day"]
    assert row.difference < 0
    off = api.ensemble(multi, runs=[(s, {"third_party_risk": 0.0}) for s in range(16)])
    on = api.ensemble(multi, runs=[(s, {}) for s in range(16)])
    assert off.outcome_table()["launched"].mean() > on.outcome_table()["launched"].mean()


def test_without_coordination_the_patron_squeezes_more(multi):
    c = compare(multi, "no_joint_request", seeds=16)
    assert c.expectations_hold, c.expectations.to_string()
