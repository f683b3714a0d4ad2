"""Campaigns: several episode scenarios merged, as data, into one scenario on one timeline.

Core functions: `is_campaign` and `merge_campaign`. A campaign file (``kind: campaign``) names
its episodes and its own calendar, and may add actors' overrides, events, record entries,
outcomes and counterfactuals. The merge works on the parsed YAML mappings before validation:

- mappings are merged key by key, the first occurrence winning (campaign file first, then the
  episodes in the order listed, which is their order in time), so the initial state of every
  shared thing (a stock, a channel's trust, a pressure) is the earliest episode's;
- lists of items with an ``id`` (or ``actor``) are merged item by item in the same way, so an
  actor's members, win-sets and motives are the union over episodes;
- the record is the concatenation of the episodes' records (a recorded move appears once);
- events marked ``context: true`` stand in for something another episode models (an entry
  that is a decision elsewhere) and are dropped;
- what an episode introduces stays dormant until the episode begins (its calendar's start): a
  new talks track starts closed, a new stock starts flowing, a new operation starts with no
  forces ready; an entry event (``<episode>_begins``, marked modelled) on the episode's start
  date sets the state the episode's file declares (talks open, the stock's policy, the forces'
  readiness). Without it a year-long free run would open the hostage talks, hold the 500 lb
  bombs and plan the Lebanon entry in January;
- outcomes are prefixed with their episode id (``iran_response.war``);
- an episode's counterfactuals carry over without their ``expect`` lists: an expectation is
  reasoned about the state at the episode's own branch, which the year's history changes, so a
  campaign states its own.

The result is an ordinary scenario: one state vector carries munitions, trust per channel,
strain, pressures, ladders and talks from one episode into the next, and every mode, command
and analysis works on it unchanged.
"""

from __future__ import annotations

from typing import Any

from negotiation_sim.errors import ScenarioError
from negotiation_sim.model.state import Policy

__all__ = ["is_campaign", "merge_campaign", "check_campaign", "check_episode"]

_KEYS = ("id", "actor")
_CAMPAIGN_ONLY = ("kind", "episodes")


def is_campaign(data: object) -> bool:
    """Whether parsed YAML data is a campaign file."""
    return isinstance(data, dict) and data.get("kind") == "campaign"


# Lists merged item by item, and the key that identifies an item in each.
KEYED: dict[str, str] = {"actors": "id", "channels": "id", "issues": "id", "operations": "id",
                         "stocks": "id", "pressures": "actor", "ladders": "id", "talks": "id",
                         "events": "id"}
_MAPPINGS = ("calendar", "outcomes", "counterfactuals", "world", "mechanics", "parameters",
             "fidelity")


def _keyed_list(items: object, src: str, field: str, key: str) -> None:
    if items is None:
        return
    if not isinstance(items, list):
        raise ScenarioError(src, field, f"a list of items, each with a unique {key}",
                            type(items).__name__)
    seen: set[str] = set()
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise ScenarioError(src, f"{field}[{i}]", f"a mapping with a {key}", type(item).__name__)
        value = item.get(key)
        if not isinstance(value, str) or not value:
            raise ScenarioError(src, f"{field}[{i}].{key}",
                                f"a {key} (a campaign merges {field} by {key})",
                                value if isinstance(value, (int, float)) else None)
        if value in seen:
            raise ScenarioError(src, f"{field}[{i}].{key}", f"a {key} not already used in {field}", value)
        seen.add(value)


def check_episode(data: dict, src: str) -> None:
    """Raise `ScenarioError` unless a campaign's file or episode has the shape the merge needs.

    Every list merged by key (actors, members, stocks, pressures, events, ...) must hold
    mappings with a unique key: an item without one would make the merge keep only the first
    file's list and drop the rest silently.
    """
    for name in _MAPPINGS:
        if data.get(name) is not None and not isinstance(data[name], dict):
            raise ScenarioError(src, name, "a mapping", type(data[name]).__name__)
    for name, key in KEYED.items():
        _keyed_list(data.get(name), src, name, key)
    for i, actor in enumerate(data.get("actors") or []):
        _keyed_list(actor.get("members"), src, f"actors[{i}].members", "id")
    record = data.get("record")
    if record is not None and not isinstance(record, list):
        raise ScenarioError(src, "record", "a list of recorded moves", type(record).__name__)
    for i, entry in enumerate(record or []):
        if not isinstance(entry, dict):
            raise ScenarioError(src, f"record[{i}]", "a mapping with date, actor and move",
                                type(entry).__name__)
        for k in ("date", "actor", "move"):
            if k not in entry:
                raise ScenarioError(src, f"record[{i}].{k}", "this required field")
    for name, cf in (data.get("counterfactuals") or {}).items():
        if not isinstance(cf, dict):
            raise ScenarioError(src, f"counterfactuals.{name}", "a mapping", type(cf).__name__)
    moves = data.get("moves")
    if moves is not None and (not isinstance(moves, list)
                              or not all(isinstance(m, str) for m in moves)):
        raise ScenarioError(src, "moves", "a list of move names")


def check_campaign(data: dict, src: str) -> None:
    """Raise `ScenarioError` unless a campaign file names its episodes and has a mergeable shape."""
    episodes = data.get("episodes")
    if not isinstance(episodes, list) or not episodes:
        raise ScenarioError(src, "episodes", "a list of episode ids (scenario files)",
                            None if isinstance(episodes, (list, dict)) else episodes)
    seen: set[str] = set()
    for i, ep in enumerate(episodes):
        if not isinstance(ep, str) or not ep.strip():
            raise ScenarioError(src, f"episodes[{i}]", "an episode id (a scenario file's name)",
                                ep if isinstance(ep, (int, float)) else None)
        if ep in seen:
            raise ScenarioError(src, f"episodes[{i}]", "an episode not already listed", ep)
        seen.add(ep)
    check_episode(data, src)


def _key(item: object) -> object:
    if isinstance(item, dict):
        for k in _KEYS:
            if k in item:
                return (k, item[k])
    return None


def _merge(a: Any, b: Any) -> Any:
    """Merge `b` into `a`, `a` winning on conflicts (see the module docstring)."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = dict(a)
        for k, v in b.items():
            out[k] = _merge(out[k], v) if k in out else v
        return out
    if isinstance(a, list) and isinstance(b, list) and all(_key(x) is not None for x in a + b):
        out = list(a)
        where = {_key(x): i for i, x in enumerate(out)}
        for item in b:
            k = _key(item)
            if k in where:
                out[where[k]] = _merge(out[where[k]], item)
            else:
                where[k] = len(out)
                out.append(item)
        return out
    return a


def _new_items(ed: dict, out: dict, key: str) -> list[dict]:
    known = {item.get("id") for item in out.get(key) or [] if isinstance(item, dict)}
    return [item for item in ed.get(key) or [] if isinstance(item, dict) and item.get("id") not in known]


def _make_dormant(ep: str, ed: dict, out: dict, begins) -> None:
    """Keep what episode `ep` introduces dormant until `begins`, then set it by an entry event."""
    effects: dict[str, dict] = {}
    for t in _new_items(ed, out, "talks"):
        if t.get("open", True):
            effects[f"talks.{t['id']}.open"] = {"set": 1}
        _replace(ed, "talks", t, {**t, "open": False})
    for s in _new_items(ed, out, "stocks"):
        policy = str(s.get("policy", "flowing")).upper()
        if policy != "FLOWING" and policy in Policy.__members__:
            effects[f"policy.{s['id']}"] = {"set": int(Policy[policy])}
            _replace(ed, "stocks", s, {**s, "policy": "flowing"})
    for o in _new_items(ed, out, "operations"):
        ready = o.get("readiness", 1.0)
        if ready:
            effects[f"op.{o['id']}.readiness"] = {"set": ready}
            _replace(ed, "operations", o, {**o, "readiness": 0.0})
    if effects:
        ed["events"] = list(ed.get("events") or []) + [{
            "id": f"{ep}_begins", "date": begins, "sourced": "modelled",
            "text": f"The {ep.replace('_', ' ')} episode begins: what it introduces enters the campaign",
            "source": "campaign merge (negotiation_sim/scenario/campaign.py)", "effects": effects}]


def _replace(ed: dict, key: str, old: dict, new: dict) -> None:
    ed[key] = [new if item is old else item for item in ed[key]]


def merge_campaign(data: dict, load_episode) -> dict:
    """The scenario mapping of a campaign: its episodes (parsed by `load_episode(id)`) merged."""
    episodes = data.get("episodes") or []
    out = {k: v for k, v in data.items() if k not in _CAMPAIGN_ONLY and k not in ("record",
                                                                               "outcomes", "moves")}
    record = list(data.get("record", []))
    outcomes = dict(data.get("outcomes", {}))
    moves: set[str] | None = set(data["moves"]) if data.get("moves") else set()
    start = (data.get("calendar") or {}).get("start")
    for ep in episodes:
        ed = dict(load_episode(ep))
        begins = (ed.get("calendar") or {}).get("start")
        if start is not None and begins is not None and str(begins) > str(start):
            _make_dormant(ep, ed, out, begins)
        ed.pop("calendar", None)
        ed.pop("fidelity", None)
        ed["events"] = [e for e in ed.get("events", []) if not e.get("context")]
        record += ed.pop("record", [])
        for name, spec in ed.pop("outcomes", {}).items():
            outcomes[f"{ep}.{name}"] = spec
        ep_moves = ed.pop("moves", None)
        if moves is not None:
            moves = None if ep_moves is None else moves | set(ep_moves)
        ed["counterfactuals"] = {name: {k: v for k, v in cf.items() if k != "expect"}
                                 for name, cf in (ed.get("counterfactuals") or {}).items()}
        for k in ("id", "title", "description", "source"):
            ed.pop(k, None)
        out = _merge(out, ed)
    seen: set[tuple] = set()
    out["record"] = []
    for e in sorted(record, key=lambda e: str(e["date"])):
        key = (str(e["date"]), e["actor"], e["move"], e.get("target"))
        if key not in seen:
            seen.add(key)
            out["record"].append(e)
    out["outcomes"] = outcomes
    if moves:
        out["moves"] = sorted(moves)
    return out
