"""The store under faults: one writer at a time, a full disk or a read-only directory, duplicates.

A full disk is a real ENOSPC: parts are written to /dev/full. A read-only directory is
chmod 555 when the tests do not run as root (root writes anyway), else a real EROFS raised
where the store opens its files.
"""

from __future__ import annotations

import builtins
import errno
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import negotiation_sim.experiments.lock as lock_module
import negotiation_sim.experiments.store as store_module
from negotiation_sim.errors import OutputError, UserError
from negotiation_sim.experiments.analysis import load_results
from negotiation_sim.experiments.backends import SerialBackend
from negotiation_sim.experiments.runner import run_sweep
from negotiation_sim.experiments.store import ResultStore
from tests.conftest import run_cli

from sweep_helpers import ROOT, table_hash, write_spec

FREE = {"mode": "free", "counterfactual": None}


def _spec(tmp_path: Path, replications: int = 3) -> Path:
    return write_spec(tmp_path / "s.yaml", **FREE, replications=replications)  # 2 x reps runs


def _reference(tmp_path: Path, spec: Path) -> str:
    out = tmp_path / "reference"
    run_sweep(spec, out, SerialBackend(), progress=False, chunk_size=2)
    return table_hash(load_results(out))


def _fail_parts_after(monkeypatch, ok_parts: int, error: int) -> None:
    """Let `ok_parts` part files be written, then fail: ENOSPC via /dev/full, or `error`."""
    written = {"n": 0}

    def fake_open(path, mode="r", *args, **kw):
        if "w" in mode and str(path).endswith(".tmp") and Path(path).name.startswith(".part-"):
            written["n"] += 1
            if written["n"] > ok_parts:
                if error == errno.ENOSPC:
                    return builtins.open("/dev/full", mode, *args, **kw)
                raise OSError(error, os.strerror(error), str(path))
        return builtins.open(path, mode, *args, **kw)

    monkeypatch.setattr(store_module, "open", fake_open, raising=False)


@pytest.mark.parametrize("error", [errno.ENOSPC, errno.EROFS], ids=["disk-full", "read-only"])
def test_write_failure_mid_sweep_is_one_line_exit_3_and_resume_loses_nothing(tmp_path, monkeypatch, error):
    spec = _spec(tmp_path)
    want = _reference(tmp_path, spec)
    out = tmp_path / "out"
    _fail_parts_after(monkeypatch, ok_parts=1, error=error)
    r = run_cli("sweep", str(spec), "--out", str(out), "--serial", "--chunk-size", "2", "--no-progress")
    assert r.returncode == 3, r.stderr
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in r.stderr
    assert os.strerror(error) in lines[0] and "--resume" in lines[0] and str(out) in lines[0]
    kept = ResultStore(out).done_run_ids()
    assert len(kept) == 2  # the one committed chunk
    assert not list(out.rglob("*.tmp")), "a failed part leaves nothing half-written"
    monkeypatch.undo()
    r = run_cli("sweep", str(spec), "--out", str(out), "--serial", "--chunk-size", "2", "--no-progress",
                "--resume")
    assert r.returncode == 0, r.stderr
    assert table_hash(load_results(out)) == want  # every run exactly once, same values


def test_read_only_directory_before_the_sweep_is_exit_3_and_nothing_runs(tmp_path, monkeypatch):
    spec = _spec(tmp_path, replications=1)
    out = tmp_path / "ro"
    out.mkdir()
    if os.geteuid() != 0:
        out.chmod(0o555)
    else:  # root ignores permissions: a real EROFS where the lock file is created
        real = os.open

        def ro_open(path, flags, *a, **kw):
            if str(path).startswith(str(out)) and flags & os.O_CREAT:
                raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
            return real(path, flags, *a, **kw)

        monkeypatch.setattr(lock_module.os, "open", ro_open)
    try:
        r = run_cli("sweep", str(spec), "--out", str(out), "--serial", "--no-progress")
    finally:
        out.chmod(0o755)
    assert r.returncode == 3, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "nothing was run" in r.stderr
    assert not (out / "manifest.json").exists()


def test_second_writer_is_refused_naming_the_holder(tmp_path):
    spec = _spec(tmp_path, replications=1)
    out = tmp_path / "out"
    first = ResultStore(out)
    from negotiation_sim.experiments.runner import make_plan

    first.open(make_plan(spec).manifest(), resume=False)
    try:
        r = run_cli("sweep", str(spec), "--out", str(out), "--resume", "--serial", "--no-progress")
        assert r.returncode == 2, r.stderr
        assert f"locked by pid {os.getpid()}" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    finally:
        first.close()
    r = run_cli("sweep", str(spec), "--out", str(out), "--resume", "--serial", "--no-progress")
    assert r.returncode == 0, r.stderr


def test_two_concurrent_writers_leave_no_duplicate_rows(tmp_path):
    """A real second process while the first runs: refused with the first's pid; 0 duplicates."""
    spec = write_spec(tmp_path / "s.yaml", **FREE, name="busy",
                      design={"parameters": {"us_resolve": {"values": [0.1, 0.4, 0.7, 1.0]}}},
                      replications=25)  # 100 runs, a few seconds
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "negotiation_sim", "sweep", str(spec), "--out",
                             str(out), "--serial", "--chunk-size", "2", "--no-progress"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not list((out / "runs").glob("part-*")):
            time.sleep(0.05)
        second = run_cli("sweep", str(spec), "--out", str(out), "--resume", "--serial", "--no-progress")
        still_running = proc.poll() is None
    finally:
        proc.wait(timeout=300)
    assert proc.returncode == 0, proc.stderr.read()
    assert still_running, "the second writer should start while the first runs"
    assert second.returncode == 2 and f"locked by pid {proc.pid}" in second.stderr
    store = ResultStore(out)
    assert store.duplicate_run_ids() == []
    assert sorted(load_results(out)["run_id"]) == list(range(100))


def test_stale_lock_of_a_dead_process_is_taken_over(tmp_path, caplog):
    spec = _spec(tmp_path, replications=1)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    out = tmp_path / "out"
    out.mkdir()
    (out / ".lock").write_text(json.dumps({"pid": int(dead), "host": "here", "started": "then"}))
    store = ResultStore(out)
    from negotiation_sim.experiments.runner import make_plan

    with caplog.at_level("WARNING", logger="negotiation_sim"):
        store.open(make_plan(spec).manifest(), resume=False)
    try:
        assert store.recovered_lock["pid"] == int(dead)
        assert f"pid {dead}" in caplog.text and "took over" in caplog.text
    finally:
        store.close()
    assert (out / ".lock").read_text() == ""  # a clean release empties the record


def _copy_part(src: Path, name: str, keep=None) -> None:
    table = pq.read_table(src)
    if keep is not None:
        table = table.filter(pa.array([r in keep for r in table.column("run_id").to_pylist()]))
    pq.write_table(table, src.parent / name)


def test_analyze_refuses_duplicate_runs_and_repair_keeps_the_first_copy(tmp_path):
    spec = write_spec(tmp_path / "s.yaml", **FREE, replications=4,
                      timeseries={"columns": ["strain"], "every": 10})
    out = tmp_path / "out"
    run_sweep(spec, out, SerialBackend(), progress=False, chunk_size=4)  # parts: runs 0-3, 4-7
    want = table_hash(load_results(out))
    parts = sorted((out / "runs").glob("part-*.parquet"))
    _copy_part(parts[1], "part-zzzzzzzzzzzz-dup.parquet")                 # a whole copy, last
    first = "part-000000000000-0000.parquet"  # sorts before every uuid-named part
    _copy_part(parts[0], first, keep={2, 3})                               # runs 2, 3 twice
    _copy_part(out / "timeseries" / parts[0].name, first, keep={2, 3})
    r = run_cli("analyze", str(out))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "appear more than once" in r.stderr and f"negotiation-sim repair {out}" in r.stderr
    r = run_cli("repair", str(out))
    assert r.returncode == 0, r.stderr
    assert "dropped 6 duplicate rows" in r.stdout
    assert ResultStore(out).duplicate_run_ids() == []
    assert table_hash(load_results(out)) == want
    ts = ResultStore(out).read_timeseries()
    assert ts.groupby("run_id")["tick"].apply(lambda t: t.is_unique).all()
    assert run_cli("analyze", str(out)).returncode == 0


def test_store_api_raises_output_error_on_a_full_disk(tmp_path, monkeypatch):
    spec = _spec(tmp_path, replications=1)
    _fail_parts_after(monkeypatch, ok_parts=0, error=errno.ENOSPC)
    with pytest.raises(OutputError, match="No space left on device"):
        run_sweep(spec, tmp_path / "out", SerialBackend(), progress=False)
    monkeypatch.undo()
    # the lock was released on the way out: the same process can resume at once
    s = run_sweep(spec, tmp_path / "out", SerialBackend(), progress=False, resume=True)
    assert s.ran == 2


def test_a_file_where_the_output_directory_should_be(tmp_path):
    spec = _spec(tmp_path, replications=1)
    afile = tmp_path / "afile.txt"
    afile.write_text("x")
    with pytest.raises(UserError, match="a file of that name exists"):
        run_sweep(spec, afile, SerialBackend(), progress=False)


def test_a_full_disk_while_the_store_is_created_leaves_the_directory_ready_to_try_again(tmp_path, monkeypatch):
    spec = _spec(tmp_path, replications=1)
    real = store_module._write_atomic

    def full(table, path):
        if path.name == store_module.DESIGN:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        return real(table, path)

    monkeypatch.setattr(store_module, "_write_atomic", full)
    with pytest.raises(OutputError, match="No space left on device"):
        run_sweep(spec, tmp_path / "out", SerialBackend(), progress=False)
    assert [p.name for p in (tmp_path / "out").iterdir() if p.name != ".lock"] == []
    monkeypatch.undo()
    assert run_sweep(spec, tmp_path / "out", SerialBackend(), progress=False).ran == 2
