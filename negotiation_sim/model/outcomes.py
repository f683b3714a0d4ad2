"""Outcome metrics: the numbers a scenario reports for a run.

Core objects: `Metric` (registered in `METRICS`) and `compute_outcomes`. A
scenario declares its outcomes under ``outcomes:`` by metric name; day metrics
count days from the scenario start and are NaN when the thing never happened.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, ClassVar

import numpy as np

from negotiation_sim.errors import ScenarioError
from negotiation_sim.model.state import OpStatus

if TYPE_CHECKING:
    from negotiation_sim.model.index import ScenarioIndex
    from negotiation_sim.model.model import NegotiationModel
    from negotiation_sim.scenario.schema import OutcomeSpec, Scenario

__all__ = ["METRICS", "Metric", "compute_outcomes"]

METRICS: dict[str, Metric] = {}
NAN = float("nan")


class Metric:
    """An outcome metric: how to check its spec and compute it from a finished model."""

    name: ClassVar[str]
    kind: ClassVar[str] = "value"  # "day", "value", "flag" or "category" (see `labels`)
    labels: ClassVar[dict[int, str]] = {}  # a category metric's values in words
    needs: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        METRICS[cls.name] = cls()

    def check(self, sc: Scenario, ix: ScenarioIndex, spec: OutcomeSpec, src: str, field: str) -> None:
        for need in self.needs:
            if getattr(spec, need) is None:
                raise ScenarioError(src, f"{field}.{need}", f"a {need} for metric {self.name}")
        if "target" in self.needs and spec.target not in ix.ops:
            raise ScenarioError(src, f"{field}.target", "an operation id", spec.target)
        if "column" in self.needs and spec.column not in _columns(ix):
            raise ScenarioError(src, f"{field}.column", "a timeline column (e.g. strain, trust, "
                                "trust.<channel>, pressure.<actor>, stock.<id>)", spec.column)
        self._check_observed(sc, spec, src, field)

    def _check_observed(self, sc: Scenario, spec: OutcomeSpec, src: str, field: str) -> None:
        obs = spec.observed
        if obs is None:
            return
        where = f"{field}.observed"
        if self.kind == "day":
            if not isinstance(obs, dt.date) or obs < sc.calendar.start:
                raise ScenarioError(src, where, f"a date on or after the start ({sc.calendar.start}) "
                                    f"for day metric {self.name}", obs)
        elif self.kind == "flag":
            if isinstance(obs, dt.date) or obs not in (0, 1):
                raise ScenarioError(src, where, f"0 or 1 for flag metric {self.name}", obs)
        else:
            raise ScenarioError(src, where, "no observed value: only day and flag metrics are "
                                f"scored against history, and {self.name} is neither", obs)
        if not spec.observed_source:
            raise ScenarioError(src, f"{field}.observed_source", "the source of the historical value")

    def compute(self, model: NegotiationModel, spec: OutcomeSpec) -> float:
        raise NotImplementedError


def _columns(ix: ScenarioIndex) -> set[str]:
    return set(ix.layout.names) | {"trust"}


def _series(model: NegotiationModel, column: str) -> np.ndarray:
    return model.series(column)


def _launch_tick(model: NegotiationModel, op: str) -> int | None:
    """The tick of the first move that launched `op` (a move declaring `launches`).

    A launch is a decision: an event or intervention that sets the status (an operation
    already under way when a scenario opens) is the situation, not a launch, so it is not
    counted here (issue 11, item 3).
    """
    from negotiation_sim.moves import MOVES

    for rec in model.moves:
        if rec.target == op and getattr(MOVES.get(rec.move), "launches", False):
            return int(rec.tick)
    return None


_ENDED = (OpStatus.COMPLETED, OpStatus.HALTED, OpStatus.CEASEFIRE, OpStatus.WITHDRAWN)
_SHORT = (OpStatus.HALTED, OpStatus.CEASEFIRE, OpStatus.WITHDRAWN)


def _first_tick_in(model: NegotiationModel, op: str, codes) -> int | None:
    status = np.round(_series(model, f"op.{op}.status"))
    hit = np.nonzero(np.isin(status, [int(c) for c in codes]))[0]
    return int(hit[0]) if hit.size else None


class LaunchDay(Metric):
    """Days from the start until the operation is launched (NaN if never)."""

    name = "launch_day"
    kind = "day"
    needs = ("target",)

    def compute(self, model, spec):
        t = _launch_tick(model, spec.target)
        return NAN if t is None else float(model.calendar.day_of(t))


class ScopeAtLaunch(Metric):
    """The plan's scope (0..1) when the operation was launched (NaN if never)."""

    name = "scope_at_launch"
    needs = ("target",)

    def compute(self, model, spec):
        t = _launch_tick(model, spec.target)
        return NAN if t is None else float(_series(model, f"op.{spec.target}.scope")[t])


class Launched(Metric):
    """1 if the operation was launched, else 0."""

    name = "launched"
    kind = "flag"
    needs = ("target",)

    def compute(self, model, spec):
        return 0.0 if _launch_tick(model, spec.target) is None else 1.0


class EndDay(Metric):
    """Days from the start until the operation ends: completed, halted, in ceasefire or withdrawn (NaN if never).

    A pause is not an end: the operation may resume.
    """

    name = "end_day"
    kind = "day"
    needs = ("target",)

    def compute(self, model, spec):
        t = _first_tick_in(model, spec.target, _ENDED)
        return NAN if t is None else float(model.calendar.day_of(t))


class StoppedShort(Metric):
    """1 if the operation was stopped short of completion (halted, in ceasefire or withdrawn), else 0."""

    name = "stopped_short"
    kind = "flag"
    needs = ("target",)

    def compute(self, model, spec):
        return 0.0 if _first_tick_in(model, spec.target, _SHORT) is None else 1.0


def _first_move(model, spec) -> int | None:
    for rec in model.moves:
        if rec.move == spec.value and (spec.target is None or rec.target == spec.target) and (
                spec.actor is None or rec.actor == spec.actor):
            return rec.day
    return None


class FirstMoveDay(Metric):
    """Days from the start until the first move named `value` (on `target` if given); NaN if never."""

    name = "first_move_day"
    kind = "day"
    needs = ("value",)

    def check(self, sc, ix, spec, src, field):
        from negotiation_sim.moves import MOVES

        super().check(sc, ix, spec, src, field)
        if spec.value not in MOVES:
            raise ScenarioError(src, f"{field}.value", "a move name", spec.value)

    def compute(self, model, spec):
        d = _first_move(model, spec)
        return NAN if d is None else float(d)


class MadeMove(FirstMoveDay):
    """1 if the move named `value` (on `target` if given) was made, else 0."""

    name = "made_move"
    kind = "flag"

    def compute(self, model, spec):
        return 0.0 if _first_move(model, spec) is None else 1.0


class Peak(Metric):
    """The largest value a timeline column reaches."""

    name = "max"
    needs = ("column",)

    def compute(self, model, spec):
        return float(_series(model, spec.column).max())


class Low(Metric):
    """The smallest value a timeline column reaches."""

    name = "min"
    needs = ("column",)

    def compute(self, model, spec):
        return float(_series(model, spec.column).min())


class Final(Metric):
    """A timeline column's value at the end of the run."""

    name = "final"
    needs = ("column",)

    def compute(self, model, spec):
        return float(_series(model, spec.column)[-1])


class AtLeast(Metric):
    """1 if a timeline column ever reaches `value` (a number), else 0 (e.g. the war rung)."""

    name = "at_least"
    kind = "flag"
    needs = ("column", "value")

    def check(self, sc, ix, spec, src, field):
        super().check(sc, ix, spec, src, field)
        try:
            float(spec.value)
        except ValueError:
            raise ScenarioError(src, f"{field}.value", "a number", spec.value) from None

    def compute(self, model, spec):
        return float(_series(model, spec.column).max() >= float(spec.value) - 1e-9)


class TalksEnd(Metric):
    """How talks ended: 1 deal, 2 zone of agreement closed (the adversary's reservation above the
    client's most), 3 walk-out, 4 deadline passed, 0 still open with a zone."""

    name = "talks_end"
    kind = "category"
    needs = ("target",)
    labels: ClassVar[dict[int, str]] = {0: "still open", 1: "a deal", 2: "the zone of agreement closed",
                                        3: "a walk-out", 4: "the deadline passed"}

    def check(self, sc, ix, spec, src, field):
        if spec.target not in ix.talks:
            raise ScenarioError(src, f"{field}.target", "a talks id", spec.target)
        self._check_observed(sc, spec, src, field)

    def compute(self, model, spec):
        from negotiation_sim.model.talks import zone

        s = model.ix.layout.talks[spec.target]
        x = model.x
        if x[s.agreed] >= 0.5:
            return 1.0
        if x[s.walked] > 0 or (x[s.collapsed] >= 0.5 and x[s.open] < 0.5 and _walked(model, spec.target)):
            return 3.0
        if x[s.collapsed] >= 0.5:
            return 4.0
        return 0.0 if zone(model.view(), model.ix, spec.target) is not None else 2.0


def _walked(model, talks: str) -> bool:
    return any(r.move == "walk_out" and r.target == talks for r in model.moves)


def compute_outcomes(model: NegotiationModel) -> dict[str, float]:
    """Every outcome the scenario declares, computed from a finished model."""
    out = {}
    for name, spec in model.scenario.outcomes.items():
        v = METRICS[spec.metric].compute(model, spec)
        out[name] = NAN if v is None or (isinstance(v, float) and math.isnan(v)) else v
    return out
