"""Casts: one set of personalities and mechanics shared by every episode of a world.

Core functions: `is_cast`, `apply_cast`, `PERSONALITY`. A cast file (``kind: cast``) declares
who the actors are (their members, interests, resolve, rationality, audience cost, motives,
belief priors about each other), the domestic pressures' sensitivities, and the mechanics
constants. An episode that names it (``cast: cast_2024``) declares only its situation: which
actors take part and whom each looks ahead at (``counterpart``), their briefs, win-sets on the
episode's issues and believed tolerances of its operations, and each pressure's initial level;
plus everything else a scenario holds (channels, issues, operations, stocks, ladders, talks,
events, record). The merge works on parsed YAML mappings before validation.

An episode may not restate what the cast declares: one world means one value. Restating an
actor's resolve, a member, a mechanics constant or a pressure's sensitivity in an episode is an
error that names the field. Member positions and beliefs about actors that an episode does not
have are left out of it (the cast covers every episode; each takes what applies to it).
"""

from __future__ import annotations

from typing import Any

from negotiation_sim.errors import ScenarioError, format_loc

__all__ = ["is_cast", "apply_cast", "check_cast", "validate_items", "PERSONALITY", "PRESSURE_PERSONALITY"]

# Actor fields that belong to the cast: who the actor is, not where it stands in one episode.
PERSONALITY = ("name", "kind", "role", "resolve", "rationality", "audience_cost", "interests",
               "members", "retaliation_drive", "deterrence_sensitivity", "legitimacy_need",
               "entrapment_fear", "strike_prep_days", "group_model")
# Pressure fields that belong to the cast; an episode gives only the level it starts from.
PRESSURE_PERSONALITY = ("baseline", "humanitarian_sensitivity", "delay_sensitivity",
                        "imminence_sensitivity", "election", "election_sensitivity", "adjust_rate")
_CAST_KEYS = ("kind", "id", "title", "description", "source", "actors", "pressures", "mechanics")


def is_cast(data: object) -> bool:
    """Whether parsed YAML data is a cast file."""
    return isinstance(data, dict) and data.get("kind") == "cast"


def _by_id(items: object, key: str, src: str, field: str) -> dict[str, dict]:
    if items is None:
        return {}
    if not isinstance(items, list) or not all(isinstance(x, dict) and key in x for x in items):
        raise ScenarioError(src, field, f"a list of mappings, each with an {key!r}")
    return {x[key]: x for x in items}


def check_cast(cast: dict, src: str) -> None:
    """Raise `ScenarioError` if a cast file declares anything but a cast's fields, or a bad value.

    Values are validated here, against the same schema as a scenario's, so that a mistake in
    the cast is reported at the cast file and its field, not at an episode that names it.
    """
    for k in cast:
        if k not in _CAST_KEYS:
            raise ScenarioError(src, k, f"only cast fields ({', '.join(_CAST_KEYS)}); an episode's "
                                "situation belongs in the episode's file")
    for i, a in enumerate(_by_id(cast.get("actors"), "id", src, "actors").values()):
        for k in a:
            if k not in (*PERSONALITY, "id", "beliefs"):
                raise ScenarioError(src, f"actors[{i}].{k}", "only personality fields in a cast "
                                    f"({', '.join(PERSONALITY)}, beliefs)")
    for i, p in enumerate(_by_id(cast.get("pressures"), "actor", src, "pressures").values()):
        for k in p:
            if k not in (*PRESSURE_PERSONALITY, "actor"):
                raise ScenarioError(src, f"pressures[{i}].{k}", "only pressure sensitivities in a "
                                    "cast (the initial level belongs to each episode)")
    _validate(cast, src)


def _validate(cast: dict, src: str) -> None:
    from negotiation_sim.model.mechanics import Mechanics
    from negotiation_sim.scenario.schema import ActorSpec, PressureSpec

    items: list[tuple[str, type, object]] = [
        (f"actors[{i}]", ActorSpec, a) for i, a in enumerate(cast.get("actors") or [])]
    items += [(f"pressures[{i}]", PressureSpec, {**p, "initial": 0.0})
              for i, p in enumerate(cast.get("pressures") or [])]
    if cast.get("mechanics") is not None:
        items.append(("mechanics", Mechanics, cast["mechanics"]))
    validate_items(items, src)


def validate_items(items: list[tuple[str, type, object]], src: str) -> None:
    """Validate (field, pydantic model, data) triples; raise the first mistake at `src`: field."""
    from pydantic import ValidationError

    for field, model, data in items:
        try:
            model.model_validate(data)
        except ValidationError as err:
            first = err.errors()[0]
            loc = format_loc(first["loc"])
            msg = first["msg"].removeprefix("Value error, ").removeprefix("Input should be ")
            got = first.get("input")
            raise ScenarioError(src, f"{field}.{loc}" if loc else field, msg[0].lower() + msg[1:],
                                None if isinstance(got, (dict, list)) else got) from None


def _restated(src: str, field: str, cast_src: str, what: str) -> ScenarioError:
    return ScenarioError(src, field, f"nothing here: {what} is set once in the cast "
                         f"{cast_src} (one world for every episode)")


def apply_cast(data: dict, cast: dict, src: str, cast_src: str) -> dict:
    """The episode mapping `data` completed with the personalities of `cast`."""
    check_cast(cast, cast_src)
    out = {k: v for k, v in data.items() if k != "cast"}
    if "mechanics" in data:
        raise _restated(src, "mechanics", cast_src, "every mechanics constant")
    if "mechanics" in cast:
        out["mechanics"] = cast["mechanics"]
    cast_actors = _by_id(cast.get("actors"), "id", cast_src, "actors")
    issues = {i.get("id") for i in data.get("issues") or [] if isinstance(i, dict)}
    present = [a.get("id") for a in data.get("actors") or [] if isinstance(a, dict)]
    actors = []
    for i, a in enumerate(data.get("actors") or []):
        if not isinstance(a, dict) or a.get("id") not in cast_actors:
            actors.append(a)  # an actor of this episode alone: declared in full here
            continue
        base = cast_actors[a["id"]]
        for k in a:
            if k in PERSONALITY and k in base:
                raise _restated(src, f"actors[{i}].{k}", cast_src, f"{a['id']}'s {k}")
        merged: dict[str, Any] = {**{k: v for k, v in base.items() if k != "beliefs"}, **a}
        merged["members"] = [_member_for(m, issues) for m in base.get("members") or []]
        merged["beliefs"] = _beliefs(base.get("beliefs") or {}, a.get("beliefs") or {}, present, src,
                                     f"actors[{i}].beliefs", cast_src, a["id"])
        if not merged["members"]:
            merged.pop("members")
        actors.append(merged)
    out["actors"] = actors
    cast_pressures = _by_id(cast.get("pressures"), "actor", cast_src, "pressures")
    pressures = []
    for i, p in enumerate(data.get("pressures") or []):
        if isinstance(p, dict) and p.get("actor") in cast_pressures:
            for k in p:
                if k in PRESSURE_PERSONALITY:
                    raise _restated(src, f"pressures[{i}].{k}", cast_src, f"{p['actor']}'s pressure {k}")
            p = {**cast_pressures[p["actor"]], **p}
        pressures.append(p)
    if pressures:
        out["pressures"] = pressures
    return out


def _member_for(member: dict, issues: set) -> dict:
    """A cast member with positions and salience kept only for the episode's issues."""
    m = dict(member)
    for k in ("positions", "salience"):
        if isinstance(m.get(k), dict):
            m[k] = {i: v for i, v in m[k].items() if i in issues}
    return m


def _beliefs(cast_b: dict, ep_b: dict, present: list, src: str, field: str, cast_src: str,
             actor: str) -> dict:
    """Resolve priors from the cast, tolerances of this episode's operations from the episode."""
    out: dict[str, dict] = {}
    for other, b in cast_b.items():
        if other in present and isinstance(b, dict):
            out[other] = dict(b)
    for other, b in ep_b.items():
        if not isinstance(b, dict):
            out[other] = b  # validation reports the wrong type
            continue
        if "resolve" in b and "resolve" in (cast_b.get(other) or {}):
            raise _restated(src, f"{field}.{other}.resolve", cast_src,
                            f"{actor}'s prior belief in {other}'s resolve")
        out[other] = {**out.get(other, {}), **b}
    return out
