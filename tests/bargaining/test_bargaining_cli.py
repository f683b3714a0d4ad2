"""The ``bargain`` command as a user runs it: the console script's `main` in this process
(`run_cli`: exit code, stdout and stderr, an uncaught exception fails the test), and once in a
new process of ``python -m negotiation_sim`` for what only a process shows (its exit status, no
traceback on its stderr)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import run_cli, run_process

GOOD = """actor,capability,position,salience
Hawk,0.5,10,0.9
Dove,0.3,0,0.8
Broker,0.2,4,0.5
"""


def bargain(*args: str) -> subprocess.CompletedProcess:
    return run_cli("bargain", *args)


def write(tmp_path: Path, text: str, name: str = "issue.csv") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_compromise_forecast_from_csv(tmp_path):
    out = bargain(str(write(tmp_path, GOOD)), "--model", "compromise", "--rounds", "2")
    assert out.returncode == 0, out.stderr
    # (0.45*10 + 0.24*0 + 0.1*4) / 0.79
    assert f"forecast (compromise): {4.9 / 0.79:.3f}" in out.stdout
    assert out.stdout.count("\n") >= 5


def test_issue_header_row_sets_range(tmp_path):
    text = "issue=test issue,low=0,high=20,status_quo=5\n" + GOOD
    out = bargain(str(write(tmp_path, text)), "--model", "median")
    assert out.returncode == 0, out.stderr
    assert "forecast (median): 10.000" in out.stdout


def test_ec_bdm_by_name_writes_chart(tmp_path):
    chart = tmp_path / "ec.png"
    out = bargain("ec_emissions", "--model", "bdm", "--rounds", "8", "--out", str(chart))
    assert out.returncode == 0, out.stderr
    assert "Belgium compromises with France" in out.stdout
    assert "7.462" in out.stdout and "forecast (bdm): 8.710" in out.stdout
    # the published round means (Scholz et al. Table 2) are printed beside ours
    assert "published mean" in out.stdout and "Table 2" in out.stdout
    assert "8.35 to 9.05; ours is inside it" in out.stdout
    assert chart.stat().st_size > 1000


def test_ec_yaml_path(tmp_path):
    out = bargain("scenarios/ec_emissions.yaml", "--model", "median", "--rounds", "1")
    assert out.returncode == 0, out.stderr
    assert "forecast (median): 7.000" in out.stdout


BAD = [
    ("missing column", "actor,capability,position\nA,1,2\nB,1,3\n", "row 1, column salience"),
    ("non-numeric", "actor,capability,position,salience\nA,1,2,0.5\nB,lots,3,0.5\n",
     "row 3, column capability"),
    ("salience range", "actor,capability,position,salience\nA,1,2,0.5\nB,1,3,80\n",
     "row 3, column salience"),
    ("salience pct range", "actor,capability,position,salience_pct\nA,1,2,50\nB,1,3,150\n",
     "row 3, column salience_pct"),
    ("one actor", "actor,capability,position,salience\nA,1,2,0.5\n", "row 3, column actor"),
    ("empty value", "actor,capability,position,salience\nA,1,,0.5\nB,1,3,0.5\n",
     "row 2, column position"),
    ("outside issue", "issue=x,low=0,high=5\nactor,capability,position,salience\nA,1,2,0.5\nB,1,9,0.5\n",
     "row 4, column position"),
    ("negative capability", "actor,capability,position,salience\nA,-1,2,0.5\nB,1,3,0.5\n",
     "row 2, column capability"),
]


@pytest.mark.parametrize("label,text,where", BAD, ids=[b[0] for b in BAD])
def test_bad_csv_one_line_error(tmp_path, label, text, where):
    path = write(tmp_path, text)
    out = bargain(str(path), "--model", "bdm")
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert "Traceback" not in out.stderr
    assert str(path) in lines[0] and where in lines[0], lines[0]


def test_bad_rounds_and_missing_file(tmp_path):
    out = run_process("bargain", str(write(tmp_path, GOOD)), "--rounds", "0")  # a real process
    assert out.returncode == 2 and "--rounds" in out.stderr and "Traceback" not in out.stderr
    out = bargain(str(tmp_path / "nope.csv"))
    assert out.returncode == 2 and "nope.csv" in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


def test_bad_yaml_field_path(tmp_path):
    text = "kind: bargaining\nactors:\n  - {name: A, capability: 1, position: 0, salience: 1}\n" \
           "  - {name: B, capability: x, position: 1, salience: 1}\n"
    path = write(tmp_path, text, "bad.yaml")
    out = bargain(str(path))
    assert out.returncode == 2
    assert f"{path}: actors[1].capability" in out.stderr and "Traceback" not in out.stderr
