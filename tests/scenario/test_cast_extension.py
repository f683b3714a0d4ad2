"""A cast that extends another inherits every fitted value and may not restate one."""

from __future__ import annotations

import pytest
import yaml

from negotiation_sim import load_scenario
from negotiation_sim.errors import ScenarioError
from negotiation_sim.scenario.cast import PERSONALITY, PRESSURE_PERSONALITY
from negotiation_sim.scenario.loader import list_scenarios
from negotiation_sim.validation.baselines import reference_episodes
from tests.conftest import ROOT

CAST_2024 = yaml.safe_load((ROOT / "scenarios" / "cast_2024.yaml").read_text())
ANALOGS = ["analog_1973", "analog_1975", "analog_1982", "analog_1991"]

# A small era cast and an episode on it, written beside each other in a temporary folder; the
# parent, cast_2024, is found among the built-in casts.
ERA_CAST = {
    "kind": "cast", "id": "cast_era", "extends": "cast_2024", "title": "An invented era",
    "actors": [
        {"id": "us", "members": [
            {"id": "president", "name": "The President", "influence": 0.6,
             "interests": {"alliance": 0.5, "domestic": 0.5}, "positions": {"scope": 0.2}},
            {"id": "envoy", "name": "The Envoy", "influence": 0.4, "interests": {"alliance": 1.0}}],
         "beliefs": {"ruritania": {"resolve": 0.4}}},
        {"id": "israel", "members": [
            {"id": "premier", "name": "The Premier", "influence": 1.0,
             "interests": {"security": 0.6, "alliance": 0.4}, "positions": {"scope": 0.9}}]},
        {"id": "ruritania", "name": "Ruritania", "kind": "group", "role": "adversary",
         "interests": {"security": 0.7, "escalation": 0.3}},
    ],
    "pressures": [{"actor": "us", "election": "2031-11-04"}],
}
EPISODE = {
    "id": "era_episode", "title": "An episode of the invented era", "cast": "cast_era",
    "calendar": {"start": "2031-01-01", "end": "2031-03-31", "tick_days": 7},
    "actors": [{"id": "israel", "counterpart": "us"}, {"id": "us", "counterpart": "israel"},
               {"id": "ruritania"}],
    "channels": [{"id": "line", "kind": "political", "between": ["premier", "president"], "trust": 0.6}],
    "issues": [{"id": "scope", "name": "Scope", "positions": {"israel": 0.9, "us": 0.2}}],
    "operations": [{"id": "push", "name": "The push", "owner": "israel", "issue": "scope", "readiness": 0.7}],
    "pressures": [{"actor": "us", "initial": 0.3}, {"actor": "israel", "initial": 0.2}],
}


def _write(tmp_path, edit_cast=None, edit_episode=None) -> str:
    cast = yaml.safe_load(yaml.safe_dump(ERA_CAST))
    episode = yaml.safe_load(yaml.safe_dump(EPISODE))
    if edit_cast:
        edit_cast(cast)
    if edit_episode:
        edit_episode(episode)
    (tmp_path / "cast_era.yaml").write_text(yaml.safe_dump(cast, sort_keys=False))
    path = tmp_path / "era_episode.yaml"
    path.write_text(yaml.safe_dump(episode, sort_keys=False))
    return str(path)


def _actor(cast: dict, aid: str) -> dict:
    return next(a for a in cast["actors"] if a["id"] == aid)


def test_an_extending_cast_inherits_every_value_and_brings_its_people(tmp_path):
    sc = load_scenario(_write(tmp_path))
    assert sc.casts == ["cast_era", "cast_2024"]
    us, parent = sc.actor("us"), _actor(CAST_2024, "us")
    for field in ("resolve", "rationality", "audience_cost", "entrapment_fear", "name", "role", "group_model"):
        assert getattr(us, field) == parent[field], field
    assert [m.id for m in us.members] == ["president", "envoy"]
    assert us.beliefs["israel"].resolve == parent["beliefs"]["israel"]["resolve"]
    assert us.beliefs["ruritania"].resolve == 0.4  # a belief about an actor 2024 does not have
    assert sc.mechanics.model_dump() == load_scenario("rafah").mechanics.model_dump()
    p = {x.actor: x for x in sc.pressures}["us"]
    parent_p = next(x for x in CAST_2024["pressures"] if x["actor"] == "us")
    for field in PRESSURE_PERSONALITY:
        if field != "election":
            assert getattr(p, field) == parent_p.get(field, getattr(p, field)), field
    assert str(p.election) == "2031-11-04" and p.initial == 0.3
    assert sc.actor("ruritania").role == "adversary"  # a new actor, declared in full


@pytest.mark.parametrize("field,value", [("resolve", 0.9), ("rationality", 80.0), ("audience_cost", 0.1),
                                         ("entrapment_fear", 0.0), ("retaliation_drive", 0.5),
                                         ("name", "America"), ("group_model", "median")])
def test_restating_an_inherited_personality_is_an_error_naming_the_field(tmp_path, field, value):
    path = _write(tmp_path, lambda c: _actor(c, "us").__setitem__(field, value))
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    msg = err.value.message
    assert f"cast_era.yaml: actors[0].{field}" in msg and "inherited from the cast" in msg
    assert "cast_2024" in msg


def test_inherited_beliefs_mechanics_and_pressure_sensitivities_are_refused(tmp_path):
    with pytest.raises(ScenarioError, match=r"actors\[1\].beliefs.us: .*inherited"):
        load_scenario(_write(tmp_path, lambda c: _actor(c, "israel").__setitem__(
            "beliefs", {"us": {"resolve": 0.9}})))
    with pytest.raises(ScenarioError, match=r"cast_era.yaml: mechanics: .*inherited"):
        load_scenario(_write(tmp_path, lambda c: c.__setitem__("mechanics", {"coercion_cost": 0.1})))
    for field in ("baseline", "humanitarian_sensitivity", "adjust_rate"):
        with pytest.raises(ScenarioError, match=rf"pressures\[0\].{field}: .*inherited"):
            load_scenario(_write(tmp_path, lambda c: c["pressures"][0].__setitem__(field, 0.5)))


def test_every_personality_field_is_locked_for_an_inherited_actor(tmp_path):
    allowed = {"id", "members", "beliefs"}
    for field in set(PERSONALITY) - allowed:
        value = {"kind": "group", "role": "client", "interests": {"security": 1.0}}.get(field, 0.5)
        with pytest.raises(ScenarioError, match=rf"actors\[0\].{field}"):
            load_scenario(_write(tmp_path, lambda c: _actor(c, "us").__setitem__(field, value)))


def test_an_episode_on_an_extending_cast_still_may_not_restate_it(tmp_path):
    path = _write(tmp_path, edit_episode=lambda e: e["actors"][1].__setitem__("members", []))
    with pytest.raises(ScenarioError, match=r"era_episode.yaml: actors\[1\].members"):
        load_scenario(path)


def test_mistakes_in_an_extension_are_located_at_the_extending_cast(tmp_path):
    bad_member = lambda c: _actor(c, "us")["members"][0].__setitem__("influence", 1.5)  # noqa: E731
    with pytest.raises(ScenarioError, match=r"cast_era.yaml: actors\[0\].members\[0\].influence"):
        load_scenario(_write(tmp_path, bad_member))
    with pytest.raises(ScenarioError, match=r"cast_era.yaml: extends"):
        load_scenario(_write(tmp_path, lambda c: c.__setitem__("extends", "no_such_cast")))
    with pytest.raises(ScenarioError, match=r"cast_era.yaml: actors\[2\].counterpart"):
        load_scenario(_write(tmp_path, lambda c: _actor(c, "ruritania").__setitem__("counterpart", "us")))


def test_a_chain_of_extensions_that_loops_is_an_error(tmp_path):
    (tmp_path / "cast_loop.yaml").write_text(yaml.safe_dump(
        {"kind": "cast", "id": "cast_loop", "extends": "cast_era", "actors": []}))
    path = _write(tmp_path, lambda c: c.__setitem__("extends", "cast_loop"))
    with pytest.raises(ScenarioError, match="loops"):
        load_scenario(path)


def test_a_file_may_not_declare_its_own_lineage(tmp_path):
    with pytest.raises(ScenarioError, match="casts"):
        load_scenario(_write(tmp_path, edit_episode=lambda e: e.__setitem__("casts", ["cast_2024"])))


def test_cli_reports_a_restated_value_in_one_line(tmp_path, cli):
    path = _write(tmp_path, lambda c: _actor(c, "us").__setitem__("resolve", 0.9))
    p = cli("run", path, "--quiet")
    assert p.returncode == 2 and "Traceback" not in p.stderr
    assert p.stderr.strip().count("\n") == 0 and "actors[0].resolve" in p.stderr


def test_the_analog_casts_extend_the_2024_world():
    for name in ANALOGS:
        sc = load_scenario(name)
        assert sc.casts[1:] == ["cast_2024"], name


def test_base_rates_of_the_2024_episodes_never_count_the_analog_cases():
    pool = [load_scenario(p) for p in list_scenarios()]
    refs, _ = reference_episodes(load_scenario("rafah"), pool)
    assert not {r.id for r in refs} & set(ANALOGS)
    refs, out_of_sample = reference_episodes(load_scenario("analog_1982"), pool)
    ids = {r.id for r in refs}
    assert out_of_sample and {"rafah", "bomb_shipment", "analog_1973", "analog_1991"} <= ids
    assert "analog_1982" not in ids and "campaign_2024" not in ids
