"""Casts: one set of personalities for every episode; an episode cannot restate them."""

from __future__ import annotations

import pytest
import yaml

from negotiation_sim import load_scenario
from negotiation_sim.errors import ScenarioError
from negotiation_sim.scenario.cast import PERSONALITY
from negotiation_sim.scenario.loader import list_scenarios
from tests.conftest import DATA

TOY = DATA / "toy_episode.yaml"
CAST_TOY = DATA / "cast_toy.yaml"


def _episode(tmp_path, edit) -> str:
    data = yaml.safe_load(TOY.read_text())
    edit(data)
    (tmp_path / "cast_toy.yaml").write_text(CAST_TOY.read_text())
    p = tmp_path / "episode.yaml"
    p.write_text(yaml.safe_dump(data, sort_keys=False))
    return str(p)


def test_an_episode_takes_its_personalities_from_the_cast():
    sc = load_scenario(TOY)
    a = sc.actor("arvania")
    assert (a.resolve, a.rationality, a.role, a.counterpart) == (0.6, 30, "client", "borduria")
    assert [m.id for m in a.members] == ["premier", "marshal"]
    assert sc.mechanics.coercion_cost == 0.3
    p = {x.actor: x for x in sc.pressures}
    assert p["arvania"].delay_sensitivity == 0.5 and p["arvania"].initial == 0.3


def test_what_an_episode_does_not_have_is_left_out():
    sc = load_scenario(TOY)
    premier = sc.actor("arvania").members[0]
    assert premier.positions == {"border": 0.9}  # the river issue is another episode's
    assert set(sc.actor("arvania").beliefs) == {"borduria"}  # no Carpathia here


@pytest.mark.parametrize("field,value", [("resolve", 0.9), ("rationality", 5.0), ("members", [])])
def test_restating_a_personality_is_an_error_that_names_the_field(tmp_path, field, value):
    path = _episode(tmp_path, lambda d: d["actors"][1].__setitem__(field, value))
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    assert f"actors[1].{field}" in err.value.message and "cast" in err.value.message


def test_episode_mechanics_and_pressure_sensitivities_are_refused(tmp_path):
    with pytest.raises(ScenarioError, match="mechanics"):
        load_scenario(_episode(tmp_path, lambda d: d.__setitem__("mechanics", {"coercion_cost": 0.9})))
    with pytest.raises(ScenarioError, match=r"pressures\[0\].humanitarian_sensitivity"):
        load_scenario(_episode(tmp_path, lambda d: d["pressures"][0].__setitem__("humanitarian_sensitivity", 0.9)))
    with pytest.raises(ScenarioError, match=r"beliefs.borduria.resolve"):
        load_scenario(_episode(tmp_path, lambda d: d["actors"][0].__setitem__(
            "beliefs", {"borduria": {"resolve": 0.9}})))


def test_an_unknown_cast_is_a_located_error(tmp_path):
    with pytest.raises(ScenarioError, match="cast"):
        load_scenario(_episode(tmp_path, lambda d: d.__setitem__("cast", "no_such_cast")))


def test_a_cast_is_not_a_scenario():
    with pytest.raises(ScenarioError, match="cast"):
        load_scenario(CAST_TOY)
    assert "cast_2024" not in [p.stem for p in list_scenarios()]


def test_every_built_in_episode_shares_one_cast():
    """One world: an actor's personality is the same number in every episode and the campaign.

    Analog cases run on casts that extend cast_2024: they share every scalar personality and
    mechanics constant with the 2024 episodes; only the people (members) belong to each cast.
    """
    seen: dict[tuple[str, ...], object] = {}
    mech = set()
    for path in list_scenarios():
        raw = yaml.safe_load(path.read_text())
        if not raw.get("cast"):
            continue
        sc = load_scenario(path)
        mech.add(sc.mechanics.model_dump_json())
        for a in sc.actors:
            for f in PERSONALITY:
                value = getattr(a, f)
                key: tuple[str, ...] = (a.id, f)
                if f == "members":
                    value = [m.model_dump(exclude={"positions", "salience"}) for m in value]
                    key = (sc.casts[0], a.id, f)
                assert seen.setdefault(key, value) == value, f"{a.id}.{f} differs in {sc.id}"
    assert len(mech) == 1 and len(seen) > 40
    assert any(k[0] == "cast_1973" for k in seen) and ("us", "resolve") in seen


def test_a_bad_value_in_the_cast_is_reported_at_the_cast(tmp_path):
    cast = yaml.safe_load(CAST_TOY.read_text())
    cast["actors"][1]["resolve"] = float("nan")
    (tmp_path / "cast_toy.yaml").write_text(yaml.safe_dump(cast))
    (tmp_path / "episode.yaml").write_text(TOY.read_text())
    with pytest.raises(ScenarioError) as err:
        load_scenario(tmp_path / "episode.yaml")
    assert "cast_toy.yaml: actors[1].resolve" in err.value.message
