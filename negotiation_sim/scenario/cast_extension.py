"""Casts that extend another: one world, another era's people.

Core function: `extend_cast`. A cast file may name a parent with ``extends: cast_2024``. It then
inherits every value the parent declares, and every default the parent leaves in place: each
actor's scalar personality (resolve, rationality, audience cost, motives, strike preparation,
group model, name, kind and role), its belief priors about the parent's actors, each domestic
pressure's sensitivities and every mechanics constant. What it may declare:

- for an actor of the parent, its ``members``: the decision-makers of another era (Nixon and
  Kissinger in place of Biden and Sullivan), with their influence and interest weights; and
  ``beliefs`` about actors the parent does not have;
- for a pressure of the parent, only its ``election``: the date of the next election in the
  era's calendar (a date, not a sensitivity);
- new actors and their pressures, declared in full (the parent has no value for them).

Restating anything else is an error that names the field and the parent: an analog case run on
an extending cast tests the parent's fitted values, so it may not bring its own. The merge works
on parsed YAML mappings; the result is a flat cast (no ``extends``), checked like any other.
"""

from __future__ import annotations

from typing import Any

from negotiation_sim.errors import ScenarioError
from negotiation_sim.scenario.cast import PERSONALITY, PRESSURE_PERSONALITY, validate_items

__all__ = ["extend_cast", "ERA_ACTOR_FIELDS", "ERA_PRESSURE_FIELDS"]

# What a cast that extends may declare for an actor or a pressure its parent already has.
ERA_ACTOR_FIELDS = ("id", "members", "beliefs")
ERA_PRESSURE_FIELDS = ("actor", "election")
_EXTENSION_KEYS = ("kind", "id", "title", "description", "source", "extends", "actors", "pressures")


def _inherited(src: str, field: str, parent_src: str, what: str) -> ScenarioError:
    return ScenarioError(src, field, f"nothing here: {what} is inherited from the cast {parent_src} "
                         "(a cast that extends another declares only its era's members, elections "
                         "and new actors; one world means one value)")


def _only(item: dict, allowed: tuple[str, ...], src: str, field: str, expected: str) -> None:
    for k in item:
        if k not in allowed:
            raise ScenarioError(src, f"{field}.{k}", expected)


def _items(data: dict, key: str, ident: str, src: str) -> list[dict]:
    items = data.get(key)
    if items is None:
        return []
    if not isinstance(items, list) or not all(isinstance(x, dict) and ident in x for x in items):
        raise ScenarioError(src, key, f"a list of mappings, each with an {ident!r}")
    return items


def extend_cast(parent: dict, child: dict, parent_src: str, src: str) -> dict:
    """The flat cast made of `parent` (already flat and checked) and its extension `child`.

    Args:
        parent: The parsed parent cast, without ``extends``.
        child: The parsed cast that names `parent` in ``extends``.
        parent_src: The parent's file, for messages.
        src: The child's file, for messages.

    Returns:
        A cast mapping: the parent's actors (with the child's members where it gives them),
        then the child's new actors; the parent's pressures (with the child's election dates),
        then the child's new ones; the parent's mechanics; the child's identity.

    Raises:
        ScenarioError: The child restates an inherited value, or declares mechanics.
    """
    for k in child:
        if k == "mechanics":
            raise _inherited(src, "mechanics", parent_src, "every mechanics constant")
        if k not in _EXTENSION_KEYS:
            raise ScenarioError(src, k, f"only the fields of a cast that extends another "
                                f"({', '.join(_EXTENSION_KEYS)})")
    out: dict[str, Any] = {k: v for k, v in child.items() if k not in ("extends", "actors", "pressures")}
    if "mechanics" in parent:
        out["mechanics"] = parent["mechanics"]
    out["actors"] = _actors(parent, child, parent_src, src)
    pressures = _pressures(parent, child, parent_src, src)
    if pressures:
        out["pressures"] = pressures
    _check_contributions(out, child, src)
    return out


def _check_contributions(flat: dict, child: dict, src: str) -> None:
    """Validate what the child adds, reporting a mistake at the child's own field path."""
    from negotiation_sim.scenario.schema import ActorSpec, PressureSpec

    actors = {a["id"]: a for a in flat["actors"]}
    pressures = {p["actor"]: p for p in flat.get("pressures") or []}
    items: list[tuple[str, type, object]] = [
        (f"actors[{i}]", ActorSpec, actors[a["id"]]) for i, a in enumerate(child.get("actors") or [])]
    items += [(f"pressures[{i}]", PressureSpec, {**pressures[p["actor"]], "initial": 0.0})
              for i, p in enumerate(child.get("pressures") or [])]
    validate_items(items, src)


def _actors(parent: dict, child: dict, parent_src: str, src: str) -> list[dict]:
    base = {a["id"]: a for a in _items(parent, "actors", "id", parent_src)}
    era: dict[str, dict] = {}
    new: list[dict] = []
    for i, a in enumerate(_items(child, "actors", "id", src)):
        if a["id"] not in base:
            _only(a, (*PERSONALITY, "id", "beliefs"), src, f"actors[{i}]",
                  f"only personality fields in a cast ({', '.join(PERSONALITY)}, beliefs)")
            new.append(a)
            continue
        for k in a:
            if k not in ERA_ACTOR_FIELDS:
                raise _inherited(src, f"actors[{i}].{k}", parent_src, f"{a['id']}'s {k}")
        prior = base[a["id"]].get("beliefs") or {}
        for other, b in (a.get("beliefs") or {}).items():
            if other in prior:
                raise _inherited(src, f"actors[{i}].beliefs.{other}", parent_src,
                                 f"{a['id']}'s prior belief about {other}")
        era[a["id"]] = a
    merged = []
    for aid, a in base.items():
        m = dict(a)
        if aid in era:
            if "members" in era[aid]:
                m["members"] = era[aid]["members"]
            if era[aid].get("beliefs"):
                m["beliefs"] = {**(a.get("beliefs") or {}), **era[aid]["beliefs"]}
        merged.append(m)
    return merged + new


def _pressures(parent: dict, child: dict, parent_src: str, src: str) -> list[dict]:
    base = {p["actor"]: p for p in _items(parent, "pressures", "actor", parent_src)}
    era: dict[str, dict] = {}
    new: list[dict] = []
    for i, p in enumerate(_items(child, "pressures", "actor", src)):
        if p["actor"] not in base:
            _only(p, (*PRESSURE_PERSONALITY, "actor"), src, f"pressures[{i}]",
                  "only pressure sensitivities in a cast (the initial level belongs to each episode)")
            new.append(p)
            continue
        for k in p:
            if k not in ERA_PRESSURE_FIELDS:
                raise _inherited(src, f"pressures[{i}].{k}", parent_src, f"{p['actor']}'s pressure {k}")
        era[p["actor"]] = p
    return [{**p, **era.get(actor, {})} for actor, p in base.items()] + new
