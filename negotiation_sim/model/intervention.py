"""Counterfactual interventions: parse, check and bundle them with a branch date.

Core objects: `Counterfactual`, `parse_intervention`, `build_counterfactual` and
`check_counterfactual` (every name an intervention gives exists, every date falls after the
branch and inside the calendar; declared counterfactuals are checked the same way when their
scenario is loaded). On the command line an
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
from negotiation_sim.model.index import ScenarioIndex
from negotiation_sim.moves import MOVES
from negotiation_sim.scenario._base import LIMIT
from negotiation_sim.scenario.params import resolve_path
from negotiation_sim.scenario.schema import InterventionSpec, Scenario

__all__ = ["Counterfactual", "parse_intervention", "build_counterfactual", "check_counterfactual",
           "targets_expected"]


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


def check_counterfactual(sc: Scenario, cf: Counterfactual, src: str, field: str = "intervention",
                         error: type = InterventionError) -> None:
    """Raise if an intervention names an unknown actor, move, event, slot or parameter."""
    ix = ScenarioIndex(sc)
    cal = ix.calendar
    if not cal.contains(cf.branch):
        raise error(src, field + ".branch", f"a date from {cal.start} to {cal.end}", str(cf.branch))
    actors = set(ix.actor_ids)
    for i, iv in enumerate(cf.interventions):
        f = f"{field}.interventions[{i}]"
        if iv.kind in ("remove_move", "force_move"):
            if iv.actor not in actors:
                raise error(src, f + ".actor", f"one of the actors ({', '.join(sorted(actors))})", iv.actor)
            role = sc.actor(iv.actor).role
            allowed = {n for n, m in MOVES.items() if role in m.roles and (sc.moves is None or n in sc.moves)}
            if iv.move not in allowed:
                raise error(src, f + ".move", f"a move open to {iv.actor} ({', '.join(sorted(allowed))})",
                            iv.move)
        if iv.kind == "force_move":
            if iv.date is None or not cal.contains(iv.date) or iv.date < cf.branch:
                raise error(src, f + ".date", f"a date from the branch {cf.branch} to {cal.end}",
                            str(iv.date))
            targets = MOVES[iv.move].targets(ix, ix.params[iv.actor])
            if iv.target not in targets:
                raise error(src, f + ".target", targets_expected(targets, iv.move), iv.target)
        if iv.kind == "set_parameter":
            try:
                resolve_path(sc, sc.parameters[iv.name].path if iv.name in sc.parameters else iv.name)
            except KeyError:
                raise error(src, f + ".name", "a declared parameter or a path in the scenario",
                            iv.name) from None
            spec = sc.parameters.get(iv.name)
            if spec is not None and not spec.range[0] <= iv.value <= spec.range[1]:
                raise error(src, f + ".value", f"a value in {list(spec.range)}", iv.value)
        if iv.kind == "set_state" and iv.name not in ix.layout:
            raise error(src, f + ".name", "a state variable (see docs/scenarios.md)", iv.name)
        if iv.kind == "drop_event":
            ids = {e.id: e for e in sc.events}
            if iv.name not in ids:
                raise error(src, f + ".name", f"an event id ({', '.join(sorted(ids))})", iv.name)
            if ids[iv.name].date < cf.branch:
                raise error(src, f + ".name", f"an event on or after the branch {cf.branch}", iv.name)
        if iv.kind == "add_event":
            if iv.event is None or not cal.contains(iv.event.date) or iv.event.date < cf.branch:
                raise error(src, f + ".event", f"an event dated from the branch {cf.branch} to {cal.end}",
                            None if iv.event is None else str(iv.event.date))
            for name in iv.event.effects:
                if name not in ix.layout:
                    raise error(src, f + f".event.effects.{name}", "a state variable", name)


def targets_expected(targets: list, move: str) -> str:
    """What a record or intervention's target should have been; say so when there is none (a
    stock of the wrong kind, e.g. `conserve_munitions` on a finance stock)."""
    if not targets:
        return f"a target {move} can take, and this scenario has none for this actor"
    return "one of: " + ", ".join(str(t) for t in targets)
