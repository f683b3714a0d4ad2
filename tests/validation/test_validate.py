"""`validate`: every rule scored on the same files, skill over the best null, the command."""

from __future__ import annotations

from dataclasses import astuple

import numpy as np
import pytest

from negotiation_sim.validation import report as report_module
from negotiation_sim.validation import validate
from negotiation_sim.validation.report import MODEL_RULE, shift_modelled_events
from tests.conftest import run_cli


@pytest.fixture(scope="module")
def report():
    return validate("hostage_deal", seeds=6)


def test_every_rule_is_scored_on_the_same_observations(report):
    rows = {n: r.replay.rows[["tick", "actor", "observed"]] for n, r in report.rules.items()}
    first = rows[MODEL_RULE]
    assert set(report.rules) == {MODEL_RULE, "uniform", "never_wait", "base_rate"}
    for df in rows.values():
        assert df.equals(first)
    assert all(len(r.matches) == 6 for r in report.rules.values())


def test_skill_is_against_the_best_null(report):
    best = report.best_null("log")
    others = [n for n in report.rules if n not in (MODEL_RULE, best)]
    assert all(report.log_score(best).mean >= report.log_score(o).mean for o in others)
    s = report.skill("log")
    assert s.mean == pytest.approx(report.log_score(MODEL_RULE).mean - report.log_score(best).mean)
    assert s.lo <= s.mean <= s.hi


def test_shifting_moves_only_modelled_events():
    from negotiation_sim import load_scenario

    sc = load_scenario("rafah")
    moved = shift_modelled_events(sc, 7)
    for a, b in zip(sc.events, moved.events):
        if a.sourced in ("modelled", "fitted"):
            assert b.date != a.date or a.date in (sc.calendar.start, sc.calendar.end)
        else:
            assert b.date == a.date


def test_validate_command_prints_scores_and_skills():
    r = run_cli("validate", "hostage_deal", "--seeds", "4", "--shift", "0")
    assert r.returncode == 0, r.stderr
    for text in ("uniform", "never_wait", "base_rate", "skill of the model over the best null",
                 "free-play F1", "log score per observation"):
        assert text in r.stdout


@pytest.mark.parametrize("args", [["--seeds", "-1"], ["--shift", "-3"], ["--workers", "0"],
                                  ["--tolerance", "-1"]])
def test_validate_command_refuses_bad_numbers(args):
    r = run_cli("validate", "hostage_deal", *args)
    assert r.returncode == 2 and "error:" in r.stderr and "Traceback" not in r.stderr


def test_a_scenario_without_a_record_cannot_be_validated(tmp_path):
    from negotiation_sim import load_scenario

    sc = load_scenario("hostage_deal").model_copy(update={"record": []})
    from negotiation_sim.errors import UserError

    with pytest.raises(UserError, match="record"):
        validate(sc, seeds=1)


def _same_free_play(a, b):
    for n in a.rules:
        rows = [np.array([astuple(m) for m in r.rules[n].matches], dtype=float) for r in (a, b)]
        np.testing.assert_array_equal(*rows, err_msg=n)  # tau is NaN where nothing matched
        for k, v in a.rules[n].outcomes.items():
            np.testing.assert_array_equal(v, b.rules[n].outcomes[k], err_msg=f"{n} {k}")


def test_a_few_seeds_are_played_in_one_process_whatever_the_workers(report, monkeypatch):
    """Below POOL_MIN_SEEDS no process starts (each would cost more than the play); same results."""
    def refuse(*_a, **_k):
        raise AssertionError("a process pool was started for 6 seeds")

    monkeypatch.setattr(report_module, "ProcessPoolExecutor", refuse)
    _same_free_play(validate("hostage_deal", seeds=6, workers=2), report)


def test_from_the_threshold_on_the_seeds_are_spread_over_processes_with_the_same_results(report, monkeypatch):
    started = []
    real = report_module.ProcessPoolExecutor

    def counting(*a, **k):
        started.append(a)
        return real(*a, **k)

    monkeypatch.setattr(report_module, "POOL_MIN_SEEDS", 4)
    monkeypatch.setattr(report_module, "ProcessPoolExecutor", counting)
    _same_free_play(validate("hostage_deal", seeds=6, workers=2), report)
    assert started == [(2,)]
