"""Cross-reference checks on a validated scenario.

Core function: `check_scenario` (declared counterfactuals are checked by
`negotiation_sim.model.intervention.check_counterfactual`, as the command line's are). Pydantic checks
each field's type and range; these check that names point at things that exist
(actors, members, moves, targets, state slots), that dates fall within the
calendar, and that parameter ranges are valid. Each failure is one
`ScenarioError` naming the field path.
"""

from __future__ import annotations

from pydantic import ValidationError

from negotiation_sim.errors import ScenarioError
from negotiation_sim.scenario.arena_spec import check_arenas
from negotiation_sim.scenario.leverage import RESERVE_KINDS
from negotiation_sim.scenario.params import apply_params, resolve_path
from negotiation_sim.scenario.schema import Scenario

__all__ = ["check_scenario"]


def _unique(src, items, what: str) -> None:
    seen: set[str] = set()
    for i, item in enumerate(items):
        if item.id in seen:
            raise ScenarioError(src, f"{what}[{i}].id", f"a unique {what} id", item.id)
        seen.add(item.id)


def _one_of(src, field: str, value, allowed, what: str) -> None:
    if value not in allowed:
        raise ScenarioError(src, field, f"one of the {what} ({', '.join(sorted(allowed))})", value)


def _first_repeat(values: list) -> int | None:
    seen: set = set()
    for i, v in enumerate(values):
        if v in seen:
            return i
        seen.add(v)
    return None


def _check_duplicates(sc: Scenario, src: str) -> None:
    """Ids that must be unique beyond one list: members across actors, one pressure per actor,
    moves, rung names, recorded moves."""
    where = [(i, j, m.id) for i, a in enumerate(sc.actors) for j, m in enumerate(a.members)]
    k = _first_repeat([m for _, _, m in where])
    if k is not None:
        i, j, m = where[k]
        raise ScenarioError(src, f"actors[{i}].members[{j}].id",
                            "a member id not already used (member ids are unique in a scenario)", m)
    k = _first_repeat([p.actor for p in sc.pressures])
    if k is not None:
        raise ScenarioError(src, f"pressures[{k}].actor", "one pressures entry per actor",
                            sc.pressures[k].actor)
    k = _first_repeat(list(sc.moves or []))
    if k is not None:
        raise ScenarioError(src, f"moves[{k}]", "a move not already listed", sc.moves[k])
    for i, lad in enumerate(sc.ladders):
        k = _first_repeat(lad.rungs)
        if k is not None:
            raise ScenarioError(src, f"ladders[{i}].rungs[{k}]", "a rung name not already used",
                                lad.rungs[k])
    k = _first_repeat([(e.date, e.actor, e.move, e.target) for e in sc.record])
    if k is not None:
        raise ScenarioError(src, f"record[{k}]", "a recorded move not already listed "
                            "(same date, actor, move and target)", sc.record[k].move)


def _check_supplier(sc: Scenario, src: str, i: int) -> None:
    """A stock's supplier is a patron other than its owner: only a patron's supply moves
    (slow, hold, release, lock) act on a stock's policy, so any other supplier leaves it inert."""
    s = sc.stocks[i]
    if s.supplier == s.owner:
        raise ScenarioError(src, f"stocks[{i}].supplier", f"an actor other than the owner ({s.owner})",
                            s.supplier)
    role = sc.actor(s.supplier).role
    if role != "patron":
        raise ScenarioError(src, f"stocks[{i}].supplier", "a patron (only a patron's supply moves "
                            f"act on a stock; {s.supplier} is a {role})", s.supplier)
    # Only money and energy can be banked by the client (Kirshner 1995): reserves declared on a
    # munitions or aid stock would never be drawn, so the file is wrong rather than inert.
    if s.reserves is not None and s.kind not in RESERVE_KINDS:
        raise ScenarioError(src, f"stocks[{i}].reserves", "reserves only on a "
                            f"{' or '.join(RESERVE_KINDS)} stock (declare the stock's kind)", s.kind)


def _check_status_effect(src: str, field: str, name: str, eff, ix) -> None:
    """An operation's status is a code, set, never added to: the stop codes need their moves open."""
    from negotiation_sim.model.state import OpStatus

    if not (name.startswith("op.") and name.endswith(".status")):
        return
    top = int(ix.layout.hi[ix.layout.index[name]])
    codes = ", ".join(f"{int(c)} {c.name.lower()}" for c in OpStatus if c <= top)
    if eff.set is None or eff.set != int(eff.set) or not 0 <= eff.set <= top:
        got = eff.set if eff.set is not None else f"add {eff.add}"
        more = "" if top == int(OpStatus.WITHDRAWN) else " (codes past 5 need a stop move such as halt_operation in moves:)"
        raise ScenarioError(src, field + (".set" if eff.set is not None else ""),
                            f"a status code set with 'set': {codes}{more}", got)


def check_scenario(sc: Scenario, src: str) -> None:
    """Raise `ScenarioError` at the first broken cross-reference."""
    from negotiation_sim.model.index import ScenarioIndex
    from negotiation_sim.model.intervention import targets_expected
    from negotiation_sim.moves import MOVES

    _unique(src, sc.actors, "actors")
    for what in ("channels", "issues", "operations", "stocks", "events"):
        _unique(src, getattr(sc, what), what)
    _check_duplicates(sc, src)
    actors = {a.id for a in sc.actors}
    members = {m.id: a.id for a in sc.actors for m in a.members}
    ops = {o.id for o in sc.operations}
    issues = {i.id for i in sc.issues}
    stocks = {s.id for s in sc.stocks}
    for i, a in enumerate(sc.actors):
        if a.counterpart is not None:
            _one_of(src, f"actors[{i}].counterpart", a.counterpart, actors - {a.id}, "other actors")
        for j, cp in enumerate(a.counterparts):
            _one_of(src, f"actors[{i}].counterparts[{j}]", cp, actors - {a.id}, "other actors")
        for k in a.win_sets:
            _one_of(src, f"actors[{i}].win_sets.{k}", k, issues, "issues")
        for j, m in enumerate(a.members):
            for k in list(m.positions) + list(m.salience):
                _one_of(src, f"actors[{i}].members[{j}].positions.{k}", k, issues, "issues")
        for k, b in a.beliefs.items():
            _one_of(src, f"actors[{i}].beliefs.{k}", k, actors - {a.id}, "other actors")
            for op in b.tolerance:
                _one_of(src, f"actors[{i}].beliefs.{k}.tolerance.{op}", op, ops, "operations")
    for i, ch in enumerate(sc.channels):
        for j, person in enumerate(ch.between):
            _one_of(src, f"channels[{i}].between[{j}]", person, set(members), "members")
        if members[ch.between[0]] == members[ch.between[1]]:
            raise ScenarioError(src, f"channels[{i}].between", "two members of different actors",
                                list(ch.between))
    for i, iss in enumerate(sc.issues):
        for k, v in iss.positions.items():
            _one_of(src, f"issues[{i}].positions.{k}", k, actors, "actors")
            if not 0.0 <= v <= 1.0:
                raise ScenarioError(src, f"issues[{i}].positions.{k}", "a position in [0, 1]", v)
    for i, op in enumerate(sc.operations):
        _one_of(src, f"operations[{i}].owner", op.owner, actors, "actors")
        _one_of(src, f"operations[{i}].issue", op.issue, issues, "issues")
        if op.stock is not None:
            _one_of(src, f"operations[{i}].stock", op.stock, stocks, "stocks")
        for j, extra in enumerate(op.supported_by):
            _one_of(src, f"operations[{i}].supported_by[{j}]", extra, stocks, "stocks")
        if op.front is not None:
            fronts = {lad.id for lad in sc.ladders if op.owner in lad.between}
            _one_of(src, f"operations[{i}].front", op.front, fronts, f"ladders {op.owner} stands on")
    for i, s in enumerate(sc.stocks):
        _one_of(src, f"stocks[{i}].owner", s.owner, actors, "actors")
        _one_of(src, f"stocks[{i}].supplier", s.supplier, actors, "actors")
        _check_supplier(sc, src, i)
    for i, p in enumerate(sc.pressures):
        _one_of(src, f"pressures[{i}].actor", p.actor, actors, "actors")
    for i, name in enumerate(sc.moves or []):
        _one_of(src, f"moves[{i}]", name, set(MOVES), "moves")
    _unique(src, sc.ladders, "ladders")
    _unique(src, sc.talks, "talks")
    for i, lad in enumerate(sc.ladders):
        for j, side in enumerate(lad.between):
            _one_of(src, f"ladders[{i}].between[{j}]", side, actors, "actors")
        _one_of(src, f"ladders[{i}].issue", lad.issue, issues, "issues")
        if lad.defended is not None:
            _one_of(src, f"ladders[{i}].defended", lad.defended, set(lad.between), "sides of the ladder")
        if lad.defender is not None:
            _one_of(src, f"ladders[{i}].defender", lad.defender, actors - set(lad.between), "other actors")
    for i, t in enumerate(sc.talks):
        _one_of(src, f"talks[{i}].client", t.client, actors, "actors")
        _one_of(src, f"talks[{i}].adversary", t.adversary, actors - {t.client}, "other actors")
        if t.mediator is not None:
            _one_of(src, f"talks[{i}].mediator", t.mediator, actors - {t.client, t.adversary}, "other actors")
        _one_of(src, f"talks[{i}].issue", t.issue, issues, "issues")
    check_arenas(sc, src)
    ix = ScenarioIndex(sc)
    cal = ix.calendar
    for i, ev in enumerate(sc.events):
        if not cal.contains(ev.date):
            raise ScenarioError(src, f"events[{i}].date", f"a date from {cal.start} to {cal.end}", str(ev.date))
        for name in ev.effects:
            if name not in ix.layout:
                raise ScenarioError(src, f"events[{i}].effects.{name}",
                                    "a state variable (see docs/scenarios.md, 'State variables')", name)
            _check_status_effect(src, f"events[{i}].effects.{name}", name, ev.effects[name], ix)
    for i, e in enumerate(sc.record):
        f = f"record[{i}]"
        if not cal.contains(e.date):
            raise ScenarioError(src, f + ".date", f"a date from {cal.start} to {cal.end}", str(e.date))
        _one_of(src, f + ".actor", e.actor, actors, "actors")
        _one_of(src, f + ".move", e.move, set(sc.moves or MOVES), "moves of this scenario")
        move = MOVES[e.move]
        role = sc.actor(e.actor).role
        if role not in move.roles:
            raise ScenarioError(src, f + ".move", f"a move open to a {role} ({e.actor})", e.move)
        targets = move.targets(ix, ix.params[e.actor])
        if e.target not in targets:
            raise ScenarioError(src, f + ".target", targets_expected(targets, e.move), e.target)
        if e.by is not None and members.get(e.by) != e.actor:
            raise ScenarioError(src, f + ".by", f"a member of {e.actor}", e.by)
    for name, p in sc.parameters.items():
        f = f"parameters.{name}"
        try:
            resolve_path(sc, p.path)
        except KeyError:
            raise ScenarioError(src, f + ".path", "a path to a value in this scenario "
                                "(e.g. actors.us.resolve, mechanics.concession_step)", p.path) from None
        for end in p.range:
            try:
                Scenario.model_validate(apply_params(sc, {p.path: end}).model_dump())
            except ValidationError as err:
                raise ScenarioError(src, f + ".range", "bounds the field accepts: "
                                    + err.errors()[0]["msg"].lower(), list(p.range)) from None
    from negotiation_sim.model.outcomes import METRICS

    for name, o in sc.outcomes.items():
        _one_of(src, f"outcomes.{name}.metric", o.metric, set(METRICS), "metrics")
        METRICS[o.metric].check(sc, ix, o, src, f"outcomes.{name}")
    from negotiation_sim.model.intervention import Counterfactual, check_counterfactual

    for name, c in sc.counterfactuals.items():
        check_counterfactual(sc, Counterfactual(c.branch, tuple(c.interventions) + tuple(c.shared), name),
                             src, f"counterfactuals.{name}", ScenarioError)
        for i, e in enumerate(c.expect):
            _one_of(src, f"counterfactuals.{name}.expect[{i}].outcome", e.outcome, set(sc.outcomes),
                    "declared outcomes")
