"""Streaming store: failing runs are recorded, resume runs only what is missing, even after SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pyarrow.parquet as pq
import pytest

from negotiation_sim.errors import UserError
from negotiation_sim.experiments.analysis import load_results
from negotiation_sim.experiments.backends import SerialBackend
from negotiation_sim.experiments.runner import run_sweep
from negotiation_sim.experiments.store import ResultStore

from sweep_helpers import ROOT, cli, write_spec


def test_failing_run_is_recorded_and_the_rest_complete(tmp_path, monkeypatch):
    from negotiation_sim.model.ensemble import Ensemble

    spec = write_spec(tmp_path / "s.yaml")
    real_run = Ensemble.run
    bad_seeds: set[int] = set()

    def flaky(self, until=None):  # runs go through ensembles: one holding the bad seed blows up
        if not bad_seeds:
            bad_seeds.add(self.seeds[0])  # the first sample's seed fails in every arm
        if bad_seeds & set(self.seeds):
            raise RuntimeError("model blew up")
        return real_run(self, until)

    monkeypatch.setattr(Ensemble, "run", flaky)
    summary = run_sweep(spec, tmp_path / "out", SerialBackend(), progress=False, chunk_size=3)
    df = load_results(tmp_path / "out")
    assert summary.errors == 2 and len(df) == 8
    failed = df[df["status"] == "error"]
    assert set(failed["run_id"]) == {0, 1}
    assert failed["error"].str.contains("RuntimeError: model blew up").all()
    assert failed["entered"].isna().all()
    ok = df[df["status"] == "ok"]
    assert len(ok) == 6 and ok["entered"].notna().all() and ok["error"].isna().all()


def test_existing_results_need_resume_and_the_same_spec(tmp_path):
    spec = write_spec(tmp_path / "s.yaml", mode="free", counterfactual=None, replications=1)
    run_sweep(spec, tmp_path / "out", SerialBackend(), progress=False)
    with pytest.raises(UserError, match="--resume"):
        run_sweep(spec, tmp_path / "out", SerialBackend(), progress=False)
    again = run_sweep(spec, tmp_path / "out", SerialBackend(), progress=False, resume=True)
    assert again.ran == 0 and again.already_done == 2
    other = write_spec(tmp_path / "o.yaml", mode="free", counterfactual=None, replications=2)
    with pytest.raises(UserError, match="spec_hash"):
        run_sweep(other, tmp_path / "out", SerialBackend(), progress=False, resume=True)


def test_resume_cleans_uncommitted_leftovers(tmp_path):
    spec = write_spec(tmp_path / "s.yaml", mode="free", counterfactual=None, replications=3,
                      timeseries={"columns": ["strain"], "every": 10})
    out = tmp_path / "out"
    run_sweep(spec, out, SerialBackend(), progress=False, chunk_size=2)
    parts = sorted((out / "runs").glob("part-*.parquet"))
    victim = parts[-1]
    lost = set(pq.read_table(victim, columns=["run_id"]).column("run_id").to_pylist())
    victim.unlink()  # as if killed between the timeseries and the runs rename
    (out / "runs" / ".part-x.parquet.tmp").write_bytes(b"half a file")
    s = run_sweep(spec, out, SerialBackend(), progress=False, resume=True)
    assert s.ran == len(lost)
    df = load_results(out)
    assert sorted(df["run_id"]) == list(range(6))
    ts = ResultStore(out).read_timeseries()
    assert ts.groupby("run_id")["tick"].apply(lambda t: t.is_unique).all()
    assert set(ts["run_id"]) == set(range(6))
    assert not list((out / "runs").glob(".*.tmp"))


def test_sigkill_mid_sweep_then_resume(tmp_path):
    spec = write_spec(tmp_path / "s.yaml", name="killme", mode="free", counterfactual=None,
                      design={"parameters": {"us_resolve": {"values": [0.1, 0.4, 0.7, 1.0]}}},
                      replications=15)  # 60 runs
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "negotiation_sim", "sweep", str(spec), "--out",
                             str(out), "--workers", "2", "--chunk-size", "4", "--no-progress"],
                            cwd=ROOT, env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list((out / "runs").glob("part-*"))) < 3:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the sweep and its workers, no cleanup
    proc.wait()
    before = ResultStore(out).done_run_ids()
    assert 0 < len(before) < 60, "the kill should land mid-sweep"
    done = cli("sweep", str(spec), "--out", str(out), "--resume", "--workers", "2", "--no-progress")
    assert done.returncode == 0, done.stderr
    assert f"took over the lock left by pid {proc.pid}" in done.stderr  # the killed writer's
    df = load_results(out)
    assert sorted(df["run_id"]) == list(range(60))  # every run exactly once
    assert before <= set(df["run_id"]) and (df["status"] == "ok").all()


def test_without_a_chunk_size_a_sweep_sends_the_scenarios_lockstep_size_per_arm(tmp_path, monkeypatch):
    import negotiation_sim.model.ensemble as ensemble

    monkeypatch.setattr(ensemble, "lockstep_size", lambda sc: 1)  # 2 arms: chunks of 2 runs
    spec = write_spec(tmp_path / "s.yaml", replications=4)  # 16 runs; a serial worker would take 4 a task
    run_sweep(spec, tmp_path / "out", SerialBackend(), progress=False)
    parts = sorted((tmp_path / "out" / "runs").glob("part-*.parquet"))
    assert [pq.read_metadata(p).num_rows for p in parts] == [2] * 8


def test_the_design_matrix_is_stored_beside_the_manifest_and_read_back(tmp_path):
    import json

    import numpy as np

    from negotiation_sim.experiments.runner import make_plan

    spec = write_spec(tmp_path / "s.yaml")
    run_sweep(spec, tmp_path / "out", SerialBackend(), progress=False)
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["format"] == 2 and "matrix" not in manifest["design"]
    assert manifest["design"]["n_points"] == 2 and manifest["design"]["matrix_file"] == "design.parquet"
    df = load_results(tmp_path / "out")
    assert "matrix" not in df.attrs["manifest"]["design"]  # pandas copies attrs with every frame
    assert np.array_equal(ResultStore(tmp_path / "out").design_matrix(), make_plan(spec).design.matrix)


def test_a_large_design_no_longer_passes_the_data_file_limit_through_the_manifest(tmp_path):
    """A Saltelli design of 200,000 points: as inline JSON its manifest would exceed 16 MiB."""
    import numpy as np

    from negotiation_sim.datafile import MAX_BYTES

    names = [f"p{k}" for k in range(10)]
    matrix = np.random.default_rng(0).random((200_000, 10))
    manifest = {"format": 1, "name": "big", "spec_hash": "s", "scenario_hash": "h", "scenario_id": "rafah",
                "mode": "free", "arms": ["factual"], "replications": 1, "outcomes": ["entered"],
                "n_runs": 200_000, "design": {"method": "saltelli", "names": names,
                                              "bounds": [[0.0, 1.0]] * 10, "matrix": matrix.tolist()}}
    store = ResultStore(tmp_path / "out")
    store.open(manifest, resume=False)
    store.close()
    assert (tmp_path / "out" / "manifest.json").stat().st_size < MAX_BYTES // 100
    assert np.array_equal(ResultStore(tmp_path / "out").design_matrix(), matrix)


@pytest.mark.parametrize("damage", ["missing", "rows"])
def test_a_missing_or_damaged_design_file_is_one_clear_error(tmp_path, damage):
    import pyarrow as pa

    spec = write_spec(tmp_path / "s.yaml")
    run_sweep(spec, tmp_path / "out", SerialBackend(), progress=False)
    path = tmp_path / "out" / "design.parquet"
    if damage == "missing":
        path.unlink()
    else:
        pq.write_table(pa.table({"point": [0], "us_resolve": [0.2]}), path)
    with pytest.raises(UserError) as err:
        ResultStore(tmp_path / "out").design_matrix()
    assert "design.parquet" in str(err.value)


def test_sobol_indices_read_a_stored_saltelli_sweep_from_its_manifest_alone(tmp_path):
    from negotiation_sim.experiments.analysis import sobol_indices

    spec = write_spec(tmp_path / "s.yaml", mode="free", counterfactual=None, replications=1,
                      design={"method": "saltelli", "samples": 8,
                              "parameters": {"us_resolve": {}, "israel_resolve": {}}})
    run_sweep(spec, tmp_path / "out", SerialBackend(), progress=False)
    df = load_results(tmp_path / "out")
    design = df.attrs["manifest"]["design"]
    assert design["n_points"] == 8 * 4 and "matrix" not in design
    idx = sobol_indices(df, design, "peak_strain", num_resamples=20)
    assert list(idx["parameter"]) == ["us_resolve", "israel_resolve"] and idx["ST"].notna().all()


def test_a_design_with_every_parameter_fixed_has_one_point_of_no_columns(tmp_path):
    spec = write_spec(tmp_path / "s.yaml", mode="free", counterfactual=None,
                      design={"method": "grid", "parameters": {}, "fixed": {"us_resolve": 0.3}})
    run_sweep(spec, tmp_path / "out", SerialBackend(), progress=False)
    assert load_results(tmp_path / "out").attrs["manifest"]["design"]["n_points"] == 1
    assert ResultStore(tmp_path / "out").design_matrix().shape == (1, 0)
