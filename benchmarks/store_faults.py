"""The sweep store under real faults: concurrent writers, a full disk, a read-only directory.

Usage::

    python benchmarks/store_faults.py          # about a minute on 2 cores

1. Two writers: two `negotiation-sim sweep --resume` processes started together on one
   directory. Prints their exit codes, the refusal line and the number of duplicated rows.
2. A full disk: a sweep with time series into a small tmpfs (needs root to mount; skipped
   otherwise): exit code, the error line, runs kept; then the tmpfs is enlarged and `--resume`
   finishes; the table is compared with an uninterrupted sweep's.
3. A read-only directory: the same tmpfs remounted read-only (or chmod 555 when not root) while
   the sweep is half done: exit code and line; then writable again and `--resume`.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from negotiation_sim.experiments.analysis import load_results  # noqa: E402
from negotiation_sim.experiments.store import ResultStore  # noqa: E402

SPEC = {"name": "faults", "scenario": "rafah", "mode": "free", "seed": 5,
        "design": {"method": "grid", "parameters": {"us_resolve": {"values": [0.2, 0.5, 0.8]}}},
        "replications": 20, "outcomes": ["entered", "entry_day", "peak_strain"],
        "timeseries": {"columns": ["strain", "trust"], "every": 1}}  # 60 runs


def sweep(spec: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "negotiation_sim", "sweep", str(spec), "--out", str(out),
                           "--serial", "--chunk-size", "4", "--no-progress", *extra],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


def table_hash(out: Path) -> str:
    df = load_results(out).sort_values("run_id").reset_index(drop=True)
    df = df[sorted(df.columns)]
    return hashlib.sha256(pd.util.hash_pandas_object(df, index=False).values.tobytes()).hexdigest()[:16]


def one_line(r: subprocess.CompletedProcess) -> str:
    lines = r.stderr.strip().splitlines()
    tb = "Traceback" in r.stderr
    return f"exit {r.returncode}, {len(lines)} line(s){', TRACEBACK' if tb else ''}: {lines[-1] if lines else ''}"


def mount(path: Path, opts: str) -> bool:
    return subprocess.run(["mount", "-t", "tmpfs", "-o", opts, "tmpfs", str(path)],
                          capture_output=True).returncode == 0


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="store-faults-"))
    try:
        return _run(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run(work: Path) -> int:
    spec = work / "spec.yaml"
    spec.write_text(yaml.safe_dump(SPEC, sort_keys=False))
    reference = work / "reference"
    r = sweep(spec, reference)
    assert r.returncode == 0, r.stderr
    want = table_hash(reference)
    print(f"reference sweep: {len(load_results(reference))} runs, table {want}\n")

    print("1. two `sweep --resume` started together on one directory")
    out = work / "shared"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "negotiation_sim", "sweep", str(spec), "--out", str(out), "--serial",
           "--chunk-size", "4", "--no-progress", "--resume"]
    procs = [subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              text=True) for _ in range(2)]
    for p in procs:
        code = p.wait(timeout=600)
        err = p.stderr.read().strip()
        print(f"   pid {p.pid}: exit {code}  {err.splitlines()[-1] if err else ''}")
    store = ResultStore(out)
    print(f"   duplicated run ids: {len(store.duplicate_run_ids())}; runs stored: "
          f"{len(store.done_run_ids())} of 60; table "
          f"{'identical to the reference' if table_hash(out) == want else 'DIFFERENT'}\n")

    if os.geteuid() != 0:
        print("2-3. skipped: mounting a tmpfs needs root (the tests use /dev/full and chmod instead)")
        return 0
    tiny = work / "tiny"
    tiny.mkdir()
    if not mount(tiny, "size=160k"):
        print("2-3. skipped: could not mount a tmpfs")
        return 0
    try:
        print("2. a full disk (a 160 KiB tmpfs)")
        out = tiny / "out"
        r = sweep(spec, out)
        kept = len(ResultStore(out).done_run_ids())
        tmp_left = len(list(out.rglob("*.tmp")))
        print(f"   {one_line(r)}")
        print(f"   runs kept: {kept} of 60, half-written parts left: {tmp_left}")
        print("3. the same directory read-only while half done")
        subprocess.run(["mount", "-o", "remount,ro", str(tiny)], check=True)
        r = sweep(spec, out, "--resume")
        print(f"   {one_line(r)}")
        print(f"   runs kept: {len(ResultStore(out).done_run_ids())} of 60")
        subprocess.run(["mount", "-o", "remount,rw,size=64m", str(tiny)], check=True)
        r = sweep(spec, out, "--resume")
        print(f"   writable and 64 MiB again, --resume: exit {r.returncode}; duplicated run ids: "
              f"{len(ResultStore(out).duplicate_run_ids())}; table "
              f"{'identical to the reference' if table_hash(out) == want else 'DIFFERENT'}")
    finally:
        subprocess.run(["umount", str(tiny)], capture_output=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
