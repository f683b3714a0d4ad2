"""Bad scenario files: one line naming the file, the field and what was expected; exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.conftest import DATA

GOOD = (DATA / "supply_dispute.yaml").read_text()


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "bad.yaml"
    p.write_text(text)
    return p


def _mutate(fn):
    data = yaml.safe_load(GOOD)
    fn(data)
    return yaml.safe_dump(data, sort_keys=False)


CASES = {
    "yaml_syntax": (GOOD.replace("title:", "title: [unclosed", 1), "line", "valid YAML"),
    "missing_field": (_mutate(lambda d: d.pop("calendar")), "calendar", "required"),
    "wrong_type": (_mutate(lambda d: d["actors"][0]["members"][0].__setitem__("influence", "lots")),
                   "actors[0].members[0].influence", "number"),
    "unknown_actor_in_record": (_mutate(lambda d: d["record"][0].__setitem__("actor", "atlantis")),
                                "record[0].actor", "one of the actors"),
    "date_outside_calendar": (_mutate(lambda d: d["record"][1].__setitem__("date", "2031-05-01")),
                              "record[1].date", "a date from 2030-01-01 to 2030-03-31"),
    "unknown_move": (_mutate(lambda d: d["record"][1].__setitem__("move", "nuke_everything")),
                     "record[1].move", "one of the moves"),
    "unknown_field": (_mutate(lambda d: d["actors"][1].__setitem__("resolv", 0.3)),
                      "actors[1].resolv", "no such field"),
    "event_slot": (_mutate(lambda d: d["events"][0]["effects"].__setitem__("morale", {"add": 1})),
                   "events[0].effects.morale", "a state variable"),
    "status_added_to": (_mutate(lambda d: d["events"][0]["effects"].__setitem__("op.offensive.status", {"add": 1})),
                        "events[0].effects.op.offensive.status", "a status code set with 'set'"),
    "status_not_a_code": (_mutate(lambda d: d["events"][0]["effects"].__setitem__("op.offensive.status", {"set": 4.5})),
                          "events[0].effects.op.offensive.status.set", "7 halted"),
    "stop_status_without_stop_moves": (_mutate(lambda d: (d.__setitem__("moves", ["wait", "prepare_plan"]),
                                                          d["events"][0]["effects"].__setitem__(
                                                              "op.offensive.status", {"set": 7}))),
                                       "events[0].effects.op.offensive.status.set", "need a stop move"),
    "counterpart_and_counterparts": (_mutate(lambda d: d["actors"][1].__setitem__("counterparts", ["arvania"])),
                                     "actors[1]", "not both"),
    "unknown_counterparts_id": (_mutate(lambda d: (d["actors"][1].pop("counterpart"),
                                                   d["actors"][1].__setitem__("counterparts", ["arvania", "atlantis"]))),
                                "actors[1].counterparts[1]", "one of the other actors"),
    "not_a_mapping": ("- just\n- a list\n", "bad.yaml", "a mapping"),
    "unknown_stock_kind": (_mutate(lambda d: d["stocks"][0].__setitem__("kind", "gold")),
                           "stocks[0].kind", "'finance'"),
    "reserves_on_munitions": (_mutate(lambda d: d["stocks"][0].__setitem__("reserves", {"amount": 5, "draw": 1})),
                              "stocks[0].reserves", "finance or energy"),
    "conserve_a_finance_stock": (_mutate(lambda d: (d["stocks"][0].__setitem__("kind", "finance"), d["record"].append(
        {"date": "2030-02-05", "actor": "arvania", "move": "conserve_munitions", "target": "interceptors",
         "source": "invented"}))), "record[2].target", "conserve_munitions can take"),
    "other_supplier_share": (_mutate(lambda d: d["stocks"][0].__setitem__(
        "alternative_supplier", {"name": "Ostria", "share": 1.5})),
        "stocks[0].alternative_supplier.share", "less than or equal to 1"),
    "other_supplier_unnamed": (_mutate(lambda d: d["stocks"][0].__setitem__(
        "alternative_supplier", {"share": 0.5})), "stocks[0].alternative_supplier.name", "required"),
    "expectation_outcome": (_mutate(lambda d: d.__setitem__("counterfactuals", {"no_cut": {
        "branch": "2030-02-01", "interventions": [{"kind": "set_parameter", "name": "borduria_resolve",
                                                   "value": 0.1}],
        "expect": [{"outcome": "happiness", "direction": "higher"}]}})),
        "counterfactuals.no_cut.expect[0].outcome", "one of the declared outcomes"),
    "expectation_direction": (_mutate(lambda d: d.__setitem__("counterfactuals", {"no_cut": {
        "branch": "2030-02-01", "interventions": [],
        "expect": [{"outcome": "launched", "direction": "sideways"}]}})),
        "counterfactuals.no_cut.expect[0].direction", "higher"),
}


ARENA = yaml.safe_load((DATA / "arena.yaml").read_text())


def _arena(fn):
    import copy

    data = copy.deepcopy(ARENA)
    fn(data["arenas"])
    return yaml.safe_dump(data, sort_keys=False)


CASES.update({
    "arena_unknown_member": (_arena(lambda a: a[0]["members"][2].__setitem__("actor", "atlantis")),
                             "arenas[0].members[2].actor", "one of the actors"),
    "arena_member_twice": (_arena(lambda a: a[0]["members"][3].__setitem__("actor", "zembla")),
                           "arenas[0].members[3].actor", "not already a member"),
    "arena_threshold_too_high": (_arena(lambda a: a[0].__setitem__("threshold", 5)),
                                 "arenas[0].threshold", "at most the number of members (4)"),
    "arena_duplicate_id": (_arena(lambda a: a.append(dict(a[0], resolutions=[]))),
                           "arenas[1].id", "a unique arena id"),
    "arena_duplicate_resolution": (_arena(lambda a: a[0]["resolutions"].append(dict(a[0]["resolutions"][0]))),
                                   "arenas[0].resolutions[1].id", "a resolution id not already used"),
    "arena_unknown_concerns": (_arena(lambda a: a[0]["resolutions"][0].__setitem__("concerns", "atlantis")),
                               "arenas[0].resolutions[0].concerns", "one of the actors"),
    "arena_effect_out_of_range": (_arena(lambda a: a[0]["resolutions"][0].__setitem__("effect", -3)),
                                  "arenas[0].resolutions[0].effect", "-1"),
    "arena_veto_not_a_bool": (_arena(lambda a: a[0]["members"][0].__setitem__("veto", "maybe")),
                              "arenas[0].members[0].veto", "bool"),
})


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_scenario_gives_one_clear_line(cli, tmp_path, case):
    text, field, expected = CASES[case]
    path = _write(tmp_path, text)
    r = cli("run", str(path), "--quiet")
    assert r.returncode == 2, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1, r.stderr
    assert "Traceback" not in r.stderr
    assert str(path) in lines[0]
    assert field in lines[0]
    assert expected in lines[0]


def test_data_files_are_never_executed(cli, tmp_path):
    marker = tmp_path / "pwned"
    text = GOOD.replace("title:", f"evil: !!python/object/apply:os.system ['touch {marker}']\ntitle:", 1)
    r = cli("run", str(_write(tmp_path, text)), "--quiet")
    assert r.returncode == 2
    assert not marker.exists()


@pytest.mark.parametrize("args,needle", [
    (["run", "rafah", "--set", "nonsense=1"], "nonsense"),
    (["run", "rafah", "--set", "us_resolve=7"], "[0.0, 1.0]"),
    (["run", "rafah", "--until", "2023-01-01"], "--until"),
    (["run", "rafah", "--until", "yesterday"], "YYYY-MM-DD"),
    (["run", "rafah", "--intervention", "remove:us:fly_to_the_moon"], "move open to us"),
    (["run", "rafah", "--intervention", "drop-event:nothing"], "event id"),
    (["run", "no_such_scenario"], "built-in scenario id"),
    (["explain", "rafah", "--date", "2024-03-10", "--actor", "france"], "--actor"),
])
def test_bad_command_line_gives_one_clear_line(cli, args, needle):
    r = cli(*args)
    assert r.returncode == 2, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
    assert needle in r.stderr


def test_a_bad_file_ends_the_process_with_status_2_and_no_traceback(tmp_path):
    # The other cases call the console script's main() in-process; this one runs the real process.
    from tests.conftest import run_process

    text, field, expected = CASES["unknown_move"]
    path = _write(tmp_path, text)
    r = run_process("run", str(path), "--quiet")
    assert r.returncode == 2
    assert "Traceback" not in r.stderr and field in r.stderr and len(r.stderr.strip().splitlines()) == 1
