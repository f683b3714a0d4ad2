"""Parameters: named, ranged values bound to paths in a scenario.

Core functions: `resolve_path` (find what a path like ``actors.us.resolve``
points to), `apply_params` (a copy of the scenario with values set) and
`check_params` (names known, values within range).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from negotiation_sim.errors import ParameterError
from negotiation_sim.scenario.schema import Scenario

__all__ = ["resolve_path", "apply_params", "check_params", "param_path"]

_KEYS = ("id", "actor")


def _child(node: Any, seg: str) -> tuple[Any, Any]:
    """Return (container, key) for one path segment below `node`."""
    if isinstance(node, BaseModel):
        if seg not in type(node).model_fields:
            raise KeyError(seg)
        return node, seg
    if isinstance(node, dict):
        if seg not in node:
            raise KeyError(seg)
        return node, seg
    if isinstance(node, list):
        for i, item in enumerate(node):
            if any(getattr(item, k, None) == seg for k in _KEYS):
                return node, i
        raise KeyError(seg)
    raise KeyError(seg)


def _get(container: Any, key: Any) -> Any:
    if isinstance(container, BaseModel):
        return getattr(container, key)
    return container[key]


def resolve_path(root: Scenario, path: str) -> tuple[Any, Any]:
    """The (container, key) a dotted path ends at; KeyError if it does not resolve."""
    node: Any = root
    parts = path.split(".")
    for seg in parts[:-1]:
        node = _get(*_child(node, seg))
    return _child(node, parts[-1])


def param_path(scenario: Scenario, name: str) -> str:
    """The path of a declared parameter, or `name` itself if it is already a path."""
    spec = scenario.parameters.get(name)
    return spec.path if spec is not None else name


def check_params(scenario: Scenario, params: Mapping[str, float], source: str = "command line") -> None:
    """Raise `ParameterError` for an unknown parameter or a value outside its declared range."""
    for name, value in params.items():
        spec = scenario.parameters.get(name)
        if spec is None:
            known = ", ".join(sorted(scenario.parameters)) or "none declared"
            raise ParameterError(source, name, f"a declared parameter ({known})", name)
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            raise ParameterError(source, name, "a number", value)
        lo, hi = spec.range
        if not lo <= value <= hi:
            raise ParameterError(source, name, f"a value in [{lo}, {hi}]", value)


def apply_params(scenario: Scenario, params: Mapping[str, float]) -> Scenario:
    """A copy of `scenario` with each parameter (by name or path) set to its value.

    Only the nodes on each parameter's path are copied (the rest is shared with `scenario`,
    which is left unchanged): a sweep applies one point per run, and a deep copy of the whole
    scenario cost more than the run.
    """
    if not params:
        return scenario
    tree: dict = {}  # the paths as a trie: every node on them is copied once
    for name, value in params.items():
        path = param_path(scenario, name)
        node = tree
        *head, last = path.split(".")
        for seg in head:
            node = node.setdefault(seg, {})
        node[last] = float(value)
    return _set_paths(scenario, tree)


def _set_paths(node: Any, tree: dict) -> Any:
    """A shallow copy of `node` with the values of `tree` set below it (copies on the paths only).

    KeyError, as `resolve_path`, for a path that does not resolve (checked on the way down, not
    walked twice: a sweep applies one point per run)."""
    if isinstance(node, BaseModel):
        out = node.model_copy()
    elif isinstance(node, (dict, list)):
        out = type(node)(node)
    else:  # a number or a name has no children
        raise KeyError(next(iter(tree)))
    for seg, sub in tree.items():
        container, key = _child(node, seg)
        child = sub if not isinstance(sub, dict) else _set_paths(_get(container, key), sub)
        if isinstance(out, BaseModel):
            object.__setattr__(out, key, child)
        else:
            out[key] = child
    return out
