"""One regression test per class of bad input found by issue 13 (tracebacks, hangs, accepted bad
inputs, messages that did not say where). Each runs the console script's `main` as a user
would and expects exit code 2 (3 for an unwritable output), one line naming the file and the
place, and no traceback.
"""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest
import yaml

from tests.conftest import DATA, ROOT

GOOD = (DATA / "supply_dispute.yaml").read_text()
SPEC = ROOT / "experiments" / "rafah_leverage.yaml"
BOMB = ('a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
        + "".join(f"{n}: &{n} [" + ", ".join([f"*{p}"] * 9) + "]\n" for p, n in zip("abcdefg", "bcdefgh")))


def _one_line(r, *needles: str, code: int = 2) -> str:
    assert r.returncode == code, (r.returncode, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in r.stderr, r.stderr
    for n in needles:
        assert n in lines[0], (n, lines[0])
    return lines[0]


def _scenario(tmp_path: Path, fn=None, text: str | None = None, name: str = "bad.yaml") -> Path:
    if text is None:
        data = yaml.safe_load(GOOD)
        fn(data)
        text = yaml.safe_dump(data, sort_keys=False)
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


# --- the 12 classes that ended in a traceback or a hang ------------------------------------

def test_1_impossible_unquoted_date(cli, tmp_path):
    p = _scenario(tmp_path, text=GOOD.replace("start: 2030-01-01", "start: 2030-02-30"))
    _one_line(cli("run", str(p)), str(p), "calendar.start", "real calendar date", "2030-02-30")


def test_2_very_deep_nesting(cli, tmp_path):
    p = _scenario(tmp_path, text="id: x\nactors: " + "[" * 1000 + "]" * 1000 + "\n")
    _one_line(cli("run", str(p)), str(p), "line 2", "nesting at most 64 levels")


def test_3_a_file_that_is_not_utf8(cli, tmp_path):
    p = tmp_path / "latin1.yaml"
    p.write_bytes(GOOD.encode().replace(b"title:", "title: caf\u00e9".encode("latin-1"), 1))
    _one_line(cli("run", str(p)), str(p), "line 4 column", "UTF-8")


@pytest.mark.parametrize("where", ["kind: *h", "salience_scale: *h",
                                   "actors:\n  - {name: *h, capability: 1, position: 1, salience: 1}"])
def test_4_alias_bomb_in_a_bargaining_file(cli, tmp_path, where):
    p = tmp_path / "bomb.yaml"
    p.write_text(("kind: bargaining\n" if not where.startswith("kind") else "") + BOMB + where + "\n")
    start = time.perf_counter()
    _one_line(cli("bargain", str(p)), str(p), "alias")
    assert time.perf_counter() - start < 5


def test_4_alias_bomb_in_a_campaign_file(cli, tmp_path):
    p = tmp_path / "camp.yaml"
    p.write_text("kind: campaign\n" + BOMB + "episodes: *h\n")
    _one_line(cli("run", str(p)), str(p), "episodes", "alias")


def test_5_csv_cell_over_the_csv_module_limit(cli, tmp_path):
    p = tmp_path / "big.csv"
    p.write_text("actor,capability,position,salience\n" + "a" * 140_000 + ",1,2,0.5\nb,1,3,0.5\n")
    _one_line(cli("bargain", str(p)), str(p), "row 2", "10,000 characters")


def test_6_negative_seed(cli):
    _one_line(cli("run", "rafah", "--seed", "-1"), "command line: --seed", "integer seed from 0")


def test_7_scheduler_address_format(cli):
    _one_line(cli("sweep", str(SPEC), "--scheduler", "not-an-address"), "command line: --scheduler",
              "tcp://HOST:8786")


def test_7_scheduler_nobody_listens(cli, tmp_path):
    start = time.perf_counter()
    _one_line(cli("sweep", str(SPEC), "--scheduler", "tcp://127.0.0.1:9", "--out", str(tmp_path / "o")),
              "command line: --scheduler", "127.0.0.1:9")
    assert time.perf_counter() - start < 10
    assert not (tmp_path / "o").exists()


def test_7_scheduler_that_never_answers_times_out_in_one_line(cli, tmp_path):
    """A socket that accepts the connection but never speaks: the short connect timeout applies."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    try:
        start = time.perf_counter()
        r = cli("sweep", str(SPEC), "--scheduler", f"tcp://127.0.0.1:{server.getsockname()[1]}",
                "--connect-timeout", "1", "--out", str(tmp_path / "o"))
        assert time.perf_counter() - start < 15
    finally:
        server.close()
    _one_line(r, "command line: --scheduler", "within 1 s")


def test_8_output_path_that_is_a_file_is_refused_before_the_run(cli, tmp_path):
    afile = tmp_path / "afile.txt"
    afile.write_text("x")
    r = cli("run", "rafah", "--out", str(afile))
    _one_line(r, "command line: --out", "a directory")
    assert r.stdout == ""  # nothing was run
    _one_line(cli("sweep", str(SPEC), "--out", str(afile)), "command line: --out", "a directory")


@pytest.mark.parametrize("manifest,field", [("{}", "format"), ("[1, 2]", "(top level)"),
                                            ('{"format": 1', "line 1")])
def test_9_analyze_a_damaged_manifest(cli, tmp_path, manifest, field):
    (tmp_path / "manifest.json").write_text(manifest)
    _one_line(cli("analyze", str(tmp_path)), str(tmp_path / "manifest.json"), field)


@pytest.mark.parametrize("level", ["1.5", "0", "1", "-0.5", "nan"])
def test_10_confidence_level_strictly_between_0_and_1(cli, level):
    _one_line(cli("compare", "rafah", "--intervention", "no_hold", "--level", level),
              "command line: --level", "strictly between 0 and 1")


def test_11_two_members_with_the_same_id(cli, tmp_path):
    def dup(d):
        d["actors"][0]["members"][1]["id"] = d["actors"][0]["members"][0]["id"]
    p = _scenario(tmp_path, dup)
    _one_line(cli("run", str(p)), str(p), "actors[0].members[1].id", "member id not already used")


@pytest.mark.parametrize("cell", ["capability", "position"])
@pytest.mark.parametrize("value", ["1e308", "-1e308"])
def test_12_huge_csv_numbers(cli, tmp_path, cell, value):
    row = {"capability": f"a,{value},2,0.5", "position": f"a,1,{value},0.5"}[cell]
    p = tmp_path / "huge.csv"
    p.write_text(f"actor,capability,position,salience\n{row}\nb,1,3,0.5\n")
    _one_line(cli("bargain", str(p), "--model", "bdm"), str(p), f"row 2, column {cell}", "finite")


# --- bad inputs that were accepted with exit code 0 -----------------------------------------

@pytest.mark.parametrize("value", [float("nan"), float("inf"), -float("inf")])
@pytest.mark.parametrize("where,path", [
    (lambda d, v: d["actors"][1]["members"][0]["interests"].__setitem__("security", v),
     "actors[1].members[0].interests.security"),
    (lambda d, v: d["events"][0].__setitem__("effects", {"pressure.arvania": {"set": v}}),
     "events[0].effects.pressure.arvania.set"),
    (lambda d, v: d.__setitem__("counterfactuals", {"cut": {
        "branch": "2030-02-01", "interventions": [{"kind": "set_parameter", "name": "borduria_resolve",
                                                   "value": 0.1}],
        "expect": [{"outcome": "launched", "direction": "lower", "by": v}]}}),
     "counterfactuals.cut.expect[0].by"),
], ids=["interest_weight", "effects_set", "expect_by"])
def test_non_finite_numbers_are_refused(cli, tmp_path, where, path, value):
    p = _scenario(tmp_path, lambda d: where(d, value))
    _one_line(cli("run", str(p)), str(p), path, "finite")


def test_a_second_pressures_entry_for_one_actor(cli, tmp_path):
    p = _scenario(tmp_path, lambda d: d["pressures"].append(dict(d["pressures"][0])))
    _one_line(cli("run", str(p)), str(p), f"pressures[{len(yaml.safe_load(GOOD)['pressures'])}].actor",
              "one pressures entry per actor")


def test_an_event_without_id_in_an_episode_of_a_campaign(cli, tmp_path):
    """Before, the merge silently dropped all of that episode's events."""
    for ep in ("rafah", "iran_response", "bomb_shipment", "hostage_deal", "lebanon_pivot", "campaign_2024"):
        (tmp_path / f"{ep}.yaml").write_bytes((ROOT / "scenarios" / f"{ep}.yaml").read_bytes())
    data = yaml.safe_load((tmp_path / "iran_response.yaml").read_text())
    del data["events"][0]["id"]
    (tmp_path / "iran_response.yaml").write_text(yaml.safe_dump(data, sort_keys=False))
    _one_line(cli("run", str(tmp_path / "campaign_2024.yaml")), str(tmp_path / "iran_response.yaml"),
              "events[0].id")


@pytest.mark.parametrize("row,where", [("a,0,5,2,0.5", "row 2"), ('a,"0,5",2,0.5', "row 2, column capability")])
def test_csv_decimal_comma(cli, tmp_path, row, where):
    p = tmp_path / "comma.csv"
    p.write_text(f"actor,capability,position,salience\n{row}\nb,1,3,0.5\n")
    _one_line(cli("bargain", str(p)), str(p), where, "0.5, not 0,5")


@pytest.mark.parametrize("value", ["-1", "366"])
def test_fidelity_tolerance_out_of_range(cli, value):
    _one_line(cli("fidelity", "rafah", "--tolerance", value), "command line: --tolerance", "0 to 365")


# --- messages that did not say where ----------------------------------------------------------

def test_spec_with_a_misspelt_scenario_names_the_spec_and_field(cli, tmp_path):
    p = tmp_path / "spec.yaml"
    p.write_text(SPEC.read_text().replace("scenario: rafah", "scenario: rafha"))
    _one_line(cli("sweep", str(p)), f"{p}: scenario: expected a built-in scenario id", "'rafha'")


@pytest.mark.parametrize("old,new,field", [
    ("mode: counterfactual", "mode: free", "counterfactual"),
    ("mode: counterfactual", "mode: dream", "mode"),
    ("    no_hold: [remove:us:hold_shipment]", "    factual: [remove:us:hold_shipment]", "counterfactual.arms"),
    ("    no_hold: [remove:us:hold_shipment]", "    no_hold: []", "counterfactual.arms"),
])
def test_spec_mode_and_counterfactual_errors_have_field_paths(cli, tmp_path, old, new, field):
    p = tmp_path / "spec.yaml"
    p.write_text(SPEC.read_text().replace(old, new))
    _one_line(cli("sweep", str(p)), f"{p}: {field}: expected")


def test_run_with_an_empty_name(cli):
    _one_line(cli("run", ""), "command line: SCENARIO", "an empty name was given")


def test_stock_supplied_by_its_owner_is_reported_at_the_stock(cli, tmp_path):
    def own(d):
        d["stocks"][0]["supplier"] = d["stocks"][0]["owner"]
    p = _scenario(tmp_path, own)
    _one_line(cli("run", str(p)), str(p), "stocks[0].supplier", "other than the owner")


def test_a_client_as_supplier_is_refused(cli, tmp_path):
    data = yaml.safe_load(GOOD)
    clients = [a["id"] for a in data["actors"] if a["role"] == "client"]
    owner = data["stocks"][0]["owner"]
    other = next((c for c in clients if c != owner), None)
    if other is None:  # the test scenario has one client: add a second, minimal one
        data["actors"].append({"id": "zeta", "name": "Zeta", "role": "client", "kind": "group",
                               "interests": {"security": 1.0}})
        other = "zeta"
    data["stocks"][0]["supplier"] = other
    p = _scenario(tmp_path, text=yaml.safe_dump(data, sort_keys=False))
    _one_line(cli("run", str(p)), str(p), "stocks[0].supplier", "a patron")


def test_write_failures_of_run_out_are_exit_3(cli, tmp_path, monkeypatch):
    """A full disk while `run --out` writes its tables: one line, exit 3, the narrative kept."""
    import errno

    import pandas as pd

    def full(self, *a, **kw):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_csv", full)
    r = cli("run", "rafah", "--quiet", "--out", str(tmp_path / "out"))
    _one_line(r, str(tmp_path / "out"), "No space left on device", code=3)
    assert r.stdout.strip()  # the outcomes were printed before the tables failed


@pytest.mark.parametrize("iv", ["set:us_resolve=nan", "state:strain=inf", "state:strain=1e300"])
def test_intervention_strings_with_non_finite_numbers(cli, iv):
    """The schema refuses NaN now; the string parser must say so in one line, not a traceback."""
    _one_line(cli("run", "rafah", "--intervention", iv), "command line: intervention", "finite number")


def test_a_moves_file_that_is_not_utf8(cli, tmp_path):
    p = tmp_path / "moves.txt"
    p.write_bytes(b"wait\n\xe9\xff\n")
    _one_line(cli("play", "rafah", "--as", "us", "--moves", str(p)), str(p), "line 2 column 1", "UTF-8")
