"""Per-run parameters for an ensemble: the compiled models of several parameter points, stacked.

Core objects: `StackedIndex` (a `ScenarioIndex` whose numbers have one value per run where the
points differ), `Stacked` (the same for a scenario object, read lazily), `stack_rule` (a
decision rule whose interest models hold per-run parameters) and `stacked_params`.

An ensemble runs many seeds and parameter points in lockstep. Each distinct point is compiled
once (scenario with the point's values, `ScenarioIndex`, the rule's interest models); then every
number that differs between points becomes an array with one entry per run (``values[index]``,
`index` naming each run's point), and every number that is the same stays a plain float, so the
common case (one point, many seeds) pays nothing. Move code, drift and interests are written
array-safe (`negotiation_sim.model.vector`), so they read these arrays as they read floats.
"""

from __future__ import annotations

import copy
import dataclasses
import math
from typing import Any

import numpy as np
from pydantic import BaseModel

from negotiation_sim.model.index import ActorParams, ScenarioIndex

__all__ = ["Stacked", "StackedIndex", "stack_values", "stack_rule", "stacked_params", "take_runs", "take_rule"]

_NUMBERS = (int, float, np.integer, np.floating)


def _equal(a: Any, b: Any) -> bool:
    """Whether two points hold the same value (arrays by shape and content, containers deeply).

    Containers of plain values (a layout's slot indices, names, small records) are first compared
    by ``==`` in C: a point's compiled objects hold thousands of them, nearly all the same in every
    point, and walking them in Python was most of the time an ensemble spent stacking (the
    layout alone, about 90 ms of a Sobol chunk). Only a plain True is taken from it; a container
    holding arrays (``==`` raises) or found different is walked by `_equal_deep`, so a record
    that compares by identity is still compared field by field.
    """
    if a is b:
        return True
    if type(a) is type(b) and isinstance(a, (list, tuple, dict)):
        try:
            same = a == b
        except (TypeError, ValueError):
            same = None
        if same is True:
            return True
    return _equal_deep(a, b)


def _equal_deep(a: Any, b: Any) -> bool:
    if a is b:
        return True
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.shape == b.shape
                and bool(np.array_equal(a, b)))
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    if dataclasses.is_dataclass(a) and not isinstance(a, type):
        return type(a) is type(b) and all(_equal(getattr(a, f.name), getattr(b, f.name))
                                          for f in dataclasses.fields(a))
    try:
        return bool(a == b)
    except (TypeError, ValueError):
        return False


def stack_values(vals: list, index: np.ndarray) -> Any:
    """One value per point -> the shared value, or one value per run (``(runs, ...)`` arrays)."""
    v0 = vals[0]
    if isinstance(v0, (bool, str, np.bool_)) or v0 is None:
        return v0  # structure (names, flags) is the same in every point of a scenario
    if isinstance(v0, np.ndarray):
        if v0.dtype.kind in "biu":
            return v0  # slot indices and masks: structure
        if all(v.shape == v0.shape for v in vals):
            st = np.stack(vals)
            return v0 if (st == v0).all() else st[index]
    if isinstance(v0, float) and all(isinstance(v, float) for v in vals):
        arr = np.array(vals)
        return v0 if (arr == v0).all() else arr[index]
    if all(_equal(v0, v) for v in vals[1:]):
        return v0
    if isinstance(v0, _NUMBERS) and not isinstance(v0, bool):
        return np.array(vals, dtype=float)[index]
    if isinstance(v0, np.ndarray):
        return np.stack(vals)[index]
    if isinstance(v0, BaseModel):
        return Stacked(vals, index)
    if isinstance(v0, dict):
        return {k: stack_values([v[k] for v in vals], index) for k in v0}
    if isinstance(v0, (list, tuple)):
        return type(v0)(stack_values([v[i] for v in vals], index) for i in range(len(v0)))
    if hasattr(v0, "__dict__"):
        out = copy.copy(v0)
        per_run = []
        fields = [vars(v) for v in vals]
        for k, own in fields[0].items():
            value = stack_values([f[k] for f in fields], index)
            setattr(out, k, value)
            if value is not own:
                per_run.append(k)
        out._per_run = per_run  # what `take_runs` slices
        if hasattr(out, "batched"):
            out.batched = True
        return out
    raise ValueError(f"cannot stack differing values of type {type(v0).__name__}")


class Stacked:
    """A scenario object (pydantic model) of several points, read attribute by attribute.

    An attribute equal in every point reads as that value; a number that differs reads as an
    array with one entry per run; a nested object as another `Stacked`. Results are cached.
    """

    def __init__(self, objs: list[Any], index: np.ndarray):
        self._objs = objs
        self._index = index

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        value = stack_values([getattr(o, name) for o in self._objs], self._index)
        setattr(self, name, value)
        return value


class StackedIndex(ScenarioIndex):
    """A `ScenarioIndex` over several parameter points, with one value per run where they differ.

    Structure (layout slots, channels, ownership, calendar) is the same in every point and is
    taken from the first; numbers are stacked lazily on first use. `ScenarioIndex`'s own
    methods (`tolerance`, `floor`, `pressure`, `channels`, ...) are array-safe and work as is.
    """

    _STRUCTURE = ("calendar", "specs_ids", "actor_ids", "member_actor", "_between", "channel_members",
                  "_targets", "_partners", "ops_of", "stocks_of", "supplied_by", "channel_slots_of",
                  "trust_slots")

    def __init__(self, ixs: list[ScenarioIndex], index: np.ndarray):  # noqa: D107 - no super().__init__
        self._ixs = ixs
        self._index = np.asarray(index)
        base = ixs[0]
        for name in self._STRUCTURE:
            if hasattr(base, name):
                setattr(self, name, getattr(base, name))
        self._positions: dict[tuple, Any] = {}
        self._win_sets: dict[tuple, Any] = {}

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in ("_ixs", "_index"):
            raise AttributeError(name)
        value = stack_values([getattr(ix, name) for ix in self._ixs], self._index)
        setattr(self, name, value)
        return value

    @property
    def points(self) -> list[ScenarioIndex]:
        """The compiled index of each point."""
        return self._ixs

    def position(self, actor: str, issue: str, default: float = 1.0):
        if isinstance(default, np.ndarray):  # a default that differs by run: fill in per run
            declared = self.position(actor, issue, math.nan)
            return np.where(np.isnan(declared), default, declared)
        key = (actor, issue, default)
        if key not in self._positions:
            self._positions[key] = stack_values([ix.position(actor, issue, default) for ix in self._ixs],
                                                self._index)
        return self._positions[key]

    def win_set(self, actor: str, issue: str):
        key = (actor, issue)
        if key not in self._win_sets:
            self._win_sets[key] = stack_values([ix.win_set(actor, issue) for ix in self._ixs], self._index)
        return self._win_sets[key]

    def targets(self, move, actor: str) -> list[str | None]:
        return self._ixs[0].targets(move, actor)


def take_runs(value: Any, idx: np.ndarray, skip: tuple[str, ...] = ()) -> Any:
    """`value` for the runs `idx` only: per-run arrays sliced, shared values kept.

    For objects made by `stack_values` (their per-run attributes are listed in ``_per_run``),
    containers of them, and arrays with a leading run axis. Attributes named in `skip` are left
    as they are (the caller replaces them).
    """
    if isinstance(value, np.ndarray):
        if not value.ndim:
            return value
        # take: the rows value[idx] gives, cheaper; a mask is turned into the runs it selects
        return value.take(np.flatnonzero(idx) if idx.dtype == bool else idx, axis=0)
    if isinstance(value, (list, tuple)):
        return type(value)(take_runs(v, idx) for v in value)
    if isinstance(value, dict):
        return {k: take_runs(v, idx) for k, v in value.items()}
    if isinstance(value, Stacked) or not hasattr(value, "_per_run"):
        return value
    out = copy.copy(value)
    for k in value._per_run:
        if k not in skip:
            setattr(out, k, take_runs(getattr(value, k), idx))
    return out


def stacked_params(ixs: list[ScenarioIndex], index: np.ndarray, actor: str) -> ActorParams:
    """An actor's true parameters with one value per run where the points differ."""
    ps = [ix.params[actor] for ix in ixs]
    p0 = ps[0]
    return ActorParams(
        id=p0.id, role=p0.role, counterpart=p0.counterpart, counterparts=p0.counterparts,
        resolve=stack_values([p.resolve for p in ps], index),
        rationality=stack_values([p.rationality for p in ps], index),
        audience_cost=stack_values([p.audience_cost for p in ps], index),
        weights=stack_values([p.weights for p in ps], index),
    )


def stack_rule(rules: list, index: np.ndarray, ix: ScenarioIndex):
    """The decision rule of several points as one rule over runs (interest models stacked).

    The result's ``_per_run`` lists what `take_runs` must slice to evaluate a subset of runs.
    """
    r0 = rules[0]
    out = copy.copy(r0)
    out.ix = ix
    if not hasattr(r0, "features"):  # a rule that scores no state (a null rule): its own numbers only
        for k in vars(r0):
            if k != "ix":
                setattr(out, k, stack_values([vars(r)[k] for r in rules], index))
        out._per_run = [k for k in vars(out) if k != "ix" and vars(out)[k] is not vars(r0).get(k)]
        out.varies = bool(out._per_run)
        return out
    out.bounds = (stack_values([r.ix.layout.lo for r in rules], index),
                  stack_values([r.ix.layout.hi for r in rules], index))
    features = stack_values([r.features for r in rules], index)
    if features is r0.features:
        features = copy.copy(features)
    features.batched = True
    out.features = features
    out.interests = {}
    for a, model in r0.interests.items():
        m = stack_values([r.interests[a] for r in rules], index)
        if m is model:
            m = copy.copy(model)
        for part in ("talks", "pending", "multi", "life"):
            sub = getattr(m, part)
            if sub is getattr(model, part):
                sub = copy.copy(sub)
                setattr(m, part, sub)
            sub.batched = True
        m.batched = True
        m.features = features
        out.interests[a] = m
    out.lookahead_weight = stack_values([r.lookahead_weight for r in rules], index)
    for k, v in vars(r0).items():  # anything else a rule keeps (e.g. a null rule's rates)
        if k not in ("ix", "features", "interests", "lookahead_weight", "bounds"):
            setattr(out, k, stack_values([vars(r)[k] for r in rules], index))
    out._per_run = [k for k in vars(out) if k not in ("ix", "features", "interests")
                    and (vars(out)[k] is not vars(r0).get(k) if k != "bounds"
                         else out.bounds[0] is not r0.ix.layout.lo or out.bounds[1] is not r0.ix.layout.hi)]
    parts = [features] + list(out.interests.values()) + [sub for m in out.interests.values()
                                                          for sub in (m.talks, m.pending, m.multi, m.life)]
    out.varies = bool(out._per_run) or any(getattr(p, "_per_run", None) for p in parts)
    return out


def take_rule(rule, idx: np.ndarray):
    """A rule made by `stack_rule`, for the runs `idx` only (its interest models share features)."""
    out = take_runs(rule, idx)
    if out is rule:
        out = copy.copy(rule)
    out.features = take_runs(rule.features, idx)
    out.interests = {}
    for a, model in rule.interests.items():
        m = take_runs(model, idx, skip=("features",))  # the features are taken once, above
        m = copy.copy(m) if m is model else m
        m.features = out.features
        out.interests[a] = m
    out._buffer = rule._buffer  # one scratch array for all subsets (they are scored in turn)
    return out
