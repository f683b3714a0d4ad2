"""Estimation by likelihood: the space file, the objective, parameter recovery, the cast written back."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import yaml

from negotiation_sim import load_scenario, run
from negotiation_sim.calibration.castfile import check_cast_paths, write_cast
from negotiation_sim.calibration.fit import fit, prior_centre
from negotiation_sim.calibration.objective import Objective, Window
from negotiation_sim.calibration.space import CalibrationSpace, load_space
from negotiation_sim.errors import UserError
from negotiation_sim.scenario.params import apply_params
from negotiation_sim.scenario.schema import RecordEntry
from tests.conftest import DATA, ROOT, run_cli

RAT = {"lognormal": {"median": 20, "sigma": 1.0}}


def _space(params) -> CalibrationSpace:
    return CalibrationSpace.model_validate({"kind": "calibration", "id": "toy", "cast": "unused",
                                            "episodes": ["toy"], "parameters": params})


@pytest.fixture(scope="module")
def synthetic():
    """Records made by the model itself with known rationality: what a fit must recover."""
    base = load_scenario(DATA / "toy_episode.yaml")
    truth = {"actors.arvania.rationality": 40.0, "actors.borduria.rationality": 40.0}
    eps = []
    for seed in range(4):
        sc = apply_params(base, truth).model_copy(update={"record": []})
        r = run(sc, mode="free", seed=seed)
        rec = [RecordEntry(date=r.calendar.start + dt.timedelta(days=m.day), actor=m.actor, move=m.move,
                           target=m.target, source="synthetic") for m in r.move_records]
        eps.append(base.model_copy(update={"record": rec, "id": f"toy{seed}"}))
    return eps


def test_the_likelihood_peaks_near_the_rationality_that_made_the_record(synthetic):
    paths = ["actors.arvania.rationality", "actors.borduria.rationality"]
    space = _space([{"path": p, "range": [1, 400], "prior": RAT} for p in paths])
    obj = Objective(space, synthetic)
    ll = {r: sum(obj.log_likelihoods(dict.fromkeys(paths, r)).values()) for r in (5, 40, 320)}
    assert ll[40] > ll[5] + 5 and ll[40] > ll[320] + 5


def test_a_fit_recovers_the_rationality(synthetic):
    space = _space([{"path": "actors.arvania.rationality", "range": [1, 400], "prior": RAT},
                    {"path": "actors.borduria.rationality", "range": [1, 400], "prior": RAT}])
    res = fit(space, synthetic, starts=0, max_evals=80)
    for v in res.values.values():
        assert 20 <= v <= 80, res.values
    assert res.log_posterior == pytest.approx(sum(res.log_likelihood.values()) + res.log_prior)
    # same seed, same fit
    assert fit(space, synthetic, starts=0, max_evals=80).values == res.values


def test_the_window_limits_the_observations(synthetic):
    space = _space([{"path": "actors.arvania.rationality", "range": [1, 400], "prior": RAT}])
    v = {"actors.arvania.rationality": 30.0}
    full = Objective(space, synthetic).log_likelihoods(v)
    early = Objective(space, synthetic, Window(until=dt.date(2030, 2, 1))).log_likelihoods(v)
    late = Objective(space, synthetic, Window(after=dt.date(2030, 2, 1))).log_likelihoods(v)
    for k in full:
        assert early[k] + late[k] == pytest.approx(full[k])
        assert early[k] > full[k]  # fewer (negative) terms


def test_prior_centre_and_transforms():
    space = _space([{"path": "a.rationality", "range": [1, 400], "prior": RAT},
                    {"path": "a.resolve", "range": [0.2, 0.8]}])
    u = prior_centre(space)
    assert space.parameters[0].to_value(u[0]) == pytest.approx(20)
    assert space.parameters[1].to_value(u[1]) == pytest.approx(0.5)
    for p in space.parameters:
        for x in (p.range[0], sum(p.range) / 2, p.range[1]):
            assert p.to_value(p.to_unit(x)) == pytest.approx(x)


@pytest.mark.parametrize("edit,field", [
    (lambda d: d["parameters"][0].__setitem__("range", [1, 0]), "parameters[0]"),
    (lambda d: d["parameters"][0].__setitem__("prior", {"beta": [2, 2], "normal": {"mean": 0, "sd": 1}}), "parameters[0].prior"),
    (lambda d: d["parameters"].append(dict(d["parameters"][0])), ""),
    (lambda d: d.__setitem__("kind", "campaign"), ""),
    (lambda d: d.__setitem__("seeds", 4), "seeds"),
    (lambda d: d.pop("episodes"), "episodes"),
])
def test_a_bad_space_file_is_one_located_error(tmp_path, edit, field):
    data = yaml.safe_load((ROOT / "calibration" / "space_2024.yaml").read_text())
    data["cast"] = str(ROOT / "scenarios" / "cast_2024.yaml")
    edit(data)
    p = tmp_path / "space.yaml"
    p.write_text(yaml.safe_dump(data))
    with pytest.raises(UserError) as err:
        load_space(p)
    assert str(p) in err.value.message and field in err.value.message


def test_the_built_in_space_fits_only_cast_values():
    space = load_space(ROOT / "calibration" / "space_2024.yaml")
    check_cast_paths(space.cast, [p.path for p in space.parameters], "space")
    with pytest.raises(UserError, match="operations"):
        check_cast_paths(space.cast, ["operations.rafah.progress_rate"], "space")


def test_writing_a_fit_changes_only_its_numbers(tmp_path):
    cast = ROOT / "scenarios" / "cast_2024.yaml"
    out = tmp_path / "cast.yaml"
    write_cast(cast, {"actors.us.resolve": 0.71234, "mechanics.strain_decay": 0.3,
                      "pressures.israel.adjust_rate": 0.0712, "pressures.israel.baseline": 0.123456,
                      "pressures.israel.delay_sensitivity": 0.7}, out)
    old, new = cast.read_text().splitlines(), out.read_text().splitlines()
    changed = [(a, b) for a, b in zip(old, new) if a != b]
    assert len(new) == len(old) + 1 and "  strain_decay: 0.3" in new
    assert len(changed) >= 2 and all("#" in b or "adjust_rate" in b for _, b in changed[:2])
    data = yaml.safe_load(out.read_text())
    us = next(a for a in data["actors"] if a["id"] == "us")
    assert us["resolve"] == 0.7123
    israel = next(p for p in data["pressures"] if p["actor"] == "israel")
    # three numbers replaced on one line, none shifting the others
    assert (israel["adjust_rate"], israel["baseline"], israel["delay_sensitivity"]) == (0.0712, 0.1235, 0.7)


def _toy_space_file(tmp_path, path: str):
    """A space file fitting one parameter of the toy cast on the toy episode."""
    space = {"kind": "calibration", "id": "toy_space", "cast": str(DATA / "cast_toy.yaml"),
             "episodes": [str(DATA / "toy_episode.yaml")],
             "parameters": [{"path": path, "range": [0.1, 0.9]}]}
    sp = tmp_path / "space.yaml"
    sp.write_text(yaml.safe_dump(space))
    return sp


def test_calibrate_command_writes_cast_fit_and_report(tmp_path):
    sp = _toy_space_file(tmp_path, "actors.borduria.resolve")
    r = run_cli("calibrate", str(sp), "--out", str(tmp_path / "fit"), "--starts", "1",
                "--max-evals", "12", "--workers", "1")
    assert r.returncode == 0, r.stderr
    fitted = json.loads((tmp_path / "fit" / "fit.json").read_text())
    v = fitted["values"]["actors.borduria.resolve"]
    assert 0.1 <= v <= 0.9 and len(fitted["starts"]) == 2
    cast = yaml.safe_load((tmp_path / "fit" / "cast.yaml").read_text())
    assert cast["actors"][1]["resolve"] == round(v, 4)
    assert "| `actors.borduria.resolve` |" in (tmp_path / "fit" / "report.md").read_text()
    # the fitted values can be scored by validate
    r = run_cli("validate", str(DATA / "toy_episode.yaml"), "--seeds", "2", "--shift", "0",
                "--fit", str(tmp_path / "fit"), "--workers", "1")
    assert r.returncode == 0, r.stderr


@pytest.mark.parametrize("args", [["--hold-out", "nope"], ["--starts", "-1"], ["--until", "May"],
                                  ["--warm", "--hold-out", "rafah"], ["--warm", "--until", "2024-04-30"]])
def test_calibrate_refuses_bad_options(tmp_path, args):
    r = run_cli("calibrate", str(ROOT / "calibration" / "space_2024.yaml"), "--out", str(tmp_path / "o"), *args)
    assert r.returncode == 2 and r.stderr.startswith("error:") and "Traceback" not in r.stderr
    assert not (tmp_path / "o" / "fit.json").exists()


def test_a_parameter_absent_from_every_training_episode_is_held_at_its_prior_centre(synthetic):
    # The held-out case: an actor seen only in the left-out episode cannot be learnt from the rest.
    space = _space([{"path": "actors.arvania.rationality", "range": [1, 400], "prior": RAT},
                    {"path": "actors.nobody.rationality", "range": [1, 400], "prior": RAT}])
    obj = Objective(space, synthetic)
    assert obj.unused == ["actors.nobody.rationality"]
    res = fit(space, synthetic, starts=0, max_evals=40)
    assert res.absent == ["actors.nobody.rationality"] and "actors.nobody.rationality" in res.held
    assert res.values["actors.nobody.rationality"] == pytest.approx(20.0)  # the lognormal median


def test_calibrate_still_refuses_a_path_in_no_episode_at_all(tmp_path):
    sp = _toy_space_file(tmp_path, "actors.bordurai.resolve")
    r = run_cli("calibrate", str(sp), "--out", str(tmp_path / "fit"), "--starts", "0", "--max-evals", "5")
    assert r.returncode == 2 and "bordurai" in r.stderr and "Traceback" not in r.stderr


def test_a_warm_fit_adds_a_start_at_the_current_values_inside_the_range(synthetic):
    """`--warm`: one more start, at the values the files hold (nudged inside a bound, where the
    prior has no density), so a refit after a mechanism lands begins at the earlier optimum."""
    space = _space([{"path": "actors.arvania.rationality", "range": [1, 400], "prior": RAT}])
    cold = fit(space, synthetic, starts=0, max_evals=20, screen_first=False)
    warm = fit(space, synthetic, starts=0, max_evals=20, screen_first=False,
               warm={"actors.arvania.rationality": 400.0})
    assert len(cold.starts) == 1 and len(warm.starts) == 2 and warm.warm and not cold.warm
    assert warm.starts[1].start == [0.99]
    assert warm.starts[0].objective == cold.starts[0].objective  # the priors' centre, as before
    assert warm.log_posterior >= cold.log_posterior - 1e-9  # the best of both starts
