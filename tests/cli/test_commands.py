"""The scenario commands through the real command line."""

from __future__ import annotations

import re

import pandas as pd
import pytest


def test_list_shows_rafah(cli):
    r = cli("list")
    assert r.returncode == 0 and "rafah" in r.stdout


def test_run_replay_prints_a_dated_narrative_with_history(cli):
    r = cli("run", "rafah")
    assert r.returncode == 0, r.stderr
    assert "2024-03-09" in r.stdout and "red line" in r.stdout
    assert "itself preferred" in r.stdout  # replay says what the actor would have chosen
    assert "Outcomes:" in r.stdout and "entry_day" in r.stdout


def test_run_free_compares_with_history_and_writes_outputs(cli, tmp_path):
    r = cli("run", "rafah", "--mode", "free", "--seed", "3", "--out", str(tmp_path))
    assert r.returncode == 0, r.stderr
    assert "why:" in r.stdout and "history:" in r.stdout
    for name in ("timeline.csv", "moves.csv", "decisions.csv", "outcomes.csv", "timeline.png"):
        assert (tmp_path / name).stat().st_size > 0
    tl = pd.read_csv(tmp_path / "timeline.csv")
    assert {"date", "strain", "trust", "stock.tank_shells", "pressure.us"} <= set(tl.columns)
    dec = pd.read_csv(tmp_path / "decisions.csv")
    assert {"utility", "probability", "chosen", "part_security", "expected_reply"} <= set(dec.columns)


def test_run_until_stops_early(cli):
    r = cli("run", "rafah", "--until", "2024-02-01", "--quiet")
    assert r.returncode == 0 and "never" in r.stdout


def test_fidelity_prints_the_table(cli):
    r = cli("fidelity", "rafah", "--seeds", "3")
    assert r.returncode == 0, r.stderr
    assert "overall fidelity (recall):" in r.stdout and "act_unilaterally" in r.stdout
    # recall never stands alone: precision and F1 beside it
    assert re.search(r"precision: [0-9.]+ \(a run makes [0-9.]+ moves for 19 recorded\); F1: [0-9.]+", r.stdout)


def test_explain_lists_candidates_and_parts(cli):
    r = cli("explain", "rafah", "--date", "2024-05-06", "--actor", "us")
    assert r.returncode == 0, r.stderr
    assert "chose" in r.stdout and "security" in r.stdout and "expected reply" in r.stdout


def test_fidelity_reports_sourced_moves_apart_from_modelled_ones(cli):
    from negotiation_sim.analysis.fidelity import fidelity

    f = fidelity("lebanon_pivot", 3)
    modelled = f.table.sourced == "modelled"
    assert 0 < modelled.sum() < len(f.table)
    assert f.overall_sourced == pytest.approx(f.table.hit_rate[~modelled].mean())
    r = cli("fidelity", "lebanon_pivot", "--seeds", "3")
    assert r.returncode == 0, r.stderr
    assert "(modelled)" in r.stdout and f"not modelled): {f.overall_sourced:.2f}" in r.stdout
    r = cli("fidelity", "iran_response", "--seeds", "2")  # nothing modelled: no second figure
    assert "not modelled" not in r.stdout
