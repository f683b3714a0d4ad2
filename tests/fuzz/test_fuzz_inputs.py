"""The standing fuzz test: malformed scenario, campaign, spec, CSV, bargaining and CLI inputs.

Hypothesis draws mutations of the built-in files (tests/fuzz/mutations.py); every one must end
with exit code 2 and one line naming the file (or the command line) and the place, with no
traceback, no hang and nothing written. A few hundred cases here; thousands with
``python benchmarks/fuzz_inputs.py``.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz.contract import check_case
from tests.fuzz.mutations import make_case


class _Draw:
    """A `Chooser` over hypothesis' `data` (so failures shrink to a small choice sequence)."""

    def __init__(self, data):
        self.data = data

    def choice(self, options):
        options = list(options)
        return options[self.data.draw(st.integers(0, len(options) - 1))]


def _run(kind: str, data) -> None:
    with tempfile.TemporaryDirectory() as d:
        case = make_case(kind, _Draw(data), Path(d))
        outcome = check_case(case, Path(d))
        assert not outcome.failures, (f"{kind} / {case.label}: {outcome.failures}; exit {outcome.code}; "
                                      f"stderr: {outcome.stderr[:400]}")


FAST = settings(max_examples=60, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@settings(FAST, max_examples=40)
@given(st.data())
def test_malformed_scenario_files(data):
    _run("scenario", data)


@settings(FAST, max_examples=10)
@given(st.data())
def test_malformed_campaigns_and_episodes(data):
    _run("campaign", data)


@FAST
@given(st.data())
def test_malformed_experiment_specs(data):
    _run("spec", data)


@FAST
@given(st.data())
def test_malformed_bargaining_csv(data):
    _run("csv", data)


@FAST
@given(st.data())
def test_malformed_bargaining_yaml(data):
    _run("bargaining", data)


@FAST
@given(st.data())
def test_malformed_command_lines(data):
    _run("cli", data)
