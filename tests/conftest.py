"""Shared fixtures: the repository root, scenarios, and a CLI runner."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def rafah():
    from negotiation_sim import load_scenario

    return load_scenario("rafah")


def run_process(*args: str, cwd: Path | None = None, timeout: float = 300,
                input_text: str | None = None) -> subprocess.CompletedProcess:
    """Run `python -m negotiation_sim ARGS` in a new process (`input_text` is piped to stdin).

    For what only a process shows: its exit status, that no traceback reaches its stderr.
    """
    env = dict(os.environ, PYTHONPATH=str(ROOT), MPLBACKEND="Agg")
    return subprocess.run([sys.executable, "-m", "negotiation_sim", *args], cwd=cwd or ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout, input=input_text,
                          stdin=None if input_text is not None else subprocess.DEVNULL)


def run_cli(*args: str, cwd: Path | None = None, timeout: float = 300,
            input_text: str | None = None) -> subprocess.CompletedProcess:
    """Run the console script's `main(ARGS)` in this process, as the shell would run it.

    Same result shape as `run_process` (returncode, stdout, stderr), without a new interpreter
    importing Mesa and pandas each time (about two seconds a call). An exception `main` does not
    turn into an exit code propagates and fails the test, as a traceback would.
    """
    import contextlib
    import io

    from negotiation_sim.cli.main import main

    os.environ.setdefault("MPLBACKEND", "Agg")
    out, err = io.StringIO(), io.StringIO()
    old_cwd, old_stdin = os.getcwd(), sys.stdin
    sys.stdin = io.StringIO(input_text or "")
    try:
        os.chdir(cwd or ROOT)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exc:  # argparse errors and --help
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    finally:
        os.chdir(old_cwd)
        sys.stdin = old_stdin
    return subprocess.CompletedProcess(["negotiation-sim", *args], code, out.getvalue(), err.getvalue())


@pytest.fixture
def cli():
    return run_cli
