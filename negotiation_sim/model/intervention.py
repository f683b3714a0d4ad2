"""Counterfactual interventions: parse, check and bundle them with a branch date.

Core objects: `Counterfactual` and `parse_intervention`. On the command line an
intervention is one of::

    NAME                          a counterfactual declared in the scenario file
    remove:ACTOR:MOVE             the actor never makes that move after the branch
    force:ACTOR:MOVE[:TARGET]@DATE   the actor makes that move on that date
    set:PARAM=VALUE               a parameter takes a new value at the branch
    state:SLOT=VALUE              a state variable is set at the branch
    drop-event:EVENT              an exogenous event does not happen
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from negotiation_sim.errors import InterventionError
from negotiation_sim.scenario._base import LIMIT
from negotiation_sim.scenario.schema import InterventionSpec, Scenario

__all__ = ["Counterfactual", "parse_intervention", "build_counterfactual"]


@dataclass(frozen=True)
class Counterfactual:
    """A branch date and the interventions applied there."""

    branch: dt.date
    interventions: tuple[InterventionSpec, ...] = field(default_factory=tuple)
    name: str = ""

    @property
    def label(self) -> str:
        return self.name or "; ".join(describe(i) for i in self.interventions) or "factual"


def describe(iv: InterventionSpec) -> str:
    """A short human-readable form of an intervention."""
    if iv.kind == "remove_move":
        return f"{iv.actor} never makes {iv.move}"
    if iv.kind == "force_move":
        return f"{iv.actor} makes {iv.move} on {iv.date}"
    if iv.kind in ("set_parameter", "set_state"):
        return f"{iv.name} = {iv.value}"
    if iv.kind == "drop_event":
        return f"no event {iv.name}"
    return f"add event {iv.event.id if iv.event else ''}"


def _date(text: str, src: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InterventionError(src, "intervention", "a date as YYYY-MM-DD", text) from None


def parse_intervention(text: str, src: str = "command line") -> InterventionSpec:
    """Parse one intervention string (see the module docstring)."""
    kind, _, rest = text.partition(":")
    if kind == "remove":
        actor, _, move = rest.partition(":")
        if not actor or not move:
            raise InterventionError(src, "intervention", "remove:ACTOR:MOVE", text)
        return InterventionSpec(kind="remove_move", actor=actor, move=move)
    if kind == "force":
        body, at, date = rest.partition("@")
        parts = body.split(":")
        if not at or len(parts) not in (2, 3):
            raise InterventionError(src, "intervention", "force:ACTOR:MOVE[:TARGET]@YYYY-MM-DD", text)
        return InterventionSpec(kind="force_move", actor=parts[0], move=parts[1],
                                target=parts[2] if len(parts) == 3 else None, date=_date(date, src))
    if kind in ("set", "state"):
        name, eq, value = rest.partition("=")
        try:
            v = float(value)
        except ValueError:
            raise InterventionError(src, "intervention", f"{kind}:NAME=NUMBER", text) from None
        if not eq or not name:
            raise InterventionError(src, "intervention", f"{kind}:NAME=NUMBER", text)
        if not abs(v) <= LIMIT:  # NaN fails too; the schema would refuse it without a place
            raise InterventionError(src, "intervention", f"{kind}:NAME=NUMBER with a finite number "
                                    f"within +/-{LIMIT:.0e}", text)
        return InterventionSpec(kind="set_parameter" if kind == "set" else "set_state", name=name, value=v)
    if kind == "drop-event" and rest:
        return InterventionSpec(kind="drop_event", name=rest)
    raise InterventionError(
        src, "intervention",
        "a declared counterfactual name or one of remove:, force:, set:, state:, drop-event:", text)


def build_counterfactual(scenario: Scenario, items: list[str] | str | None, branch: dt.date | None = None,
                         src: str = "command line") -> Counterfactual | None:
    """Turn names and intervention strings into one checked `Counterfactual`."""
    from negotiation_sim.scenario.checks import check_counterfactual

    if items is None:
        return None
    items = [items] if isinstance(items, str) else list(items)
    ivs: list[InterventionSpec] = []
    names: list[str] = []
    for item in items:
        declared = scenario.counterfactuals.get(item)
        if declared is not None:
            ivs.extend(declared.interventions)
            ivs.extend(declared.shared)
            names.append(item)
            branch = branch or declared.branch
        else:
            ivs.append(parse_intervention(item, src))
    if branch is None:
        dates = [iv.date for iv in ivs if iv.date is not None]
        dates += [e.date for iv in ivs if iv.kind == "drop_event"
                  for e in scenario.events if e.id == iv.name]
        branch = min(dates) if dates else scenario.calendar.start
    cf = Counterfactual(branch=branch, interventions=tuple(ivs), name="+".join(names))
    check_counterfactual(scenario, cf, src)
    return cf
