"""Read a scenario file: find it, parse it safely, validate it, check it.

Core functions: `load_scenario`, `scenario_path`, `list_scenarios`. A scenario
is named by the id of a built-in file (``rafah``) or by a path to a YAML file.
YAML is read with `yaml.safe_load`: no tag in a file can run code.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from negotiation_sim import datafile
from negotiation_sim.errors import ScenarioError, UserError, format_loc
from negotiation_sim.scenario.campaign import (
    check_campaign,
    check_episode,
    is_campaign,
    merge_campaign,
)
from negotiation_sim.scenario.cast import apply_cast, check_cast, is_cast
from negotiation_sim.scenario.cast_extension import extend_cast
from negotiation_sim.scenario.checks import check_scenario
from negotiation_sim.scenario.schema import Scenario

__all__ = ["read_yaml", "read_cast", "load_scenario", "scenario_path", "list_scenarios", "scenario_hash"]


def _builtin_dir() -> Path:
    try:
        return Path(str(resources.files("negotiation_sim.scenarios")))
    except ModuleNotFoundError:  # running from a source checkout: scenarios/ beside the package
        return Path(__file__).resolve().parents[2] / "scenarios"


def _top_level_kind(path: Path) -> str | None:
    """The ``kind:`` a YAML file declares at the top level (``bargaining``, ``cast``, ...), if any."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    for line in lines:
        head = line.split("#")[0].rstrip()
        if head.startswith("kind:"):
            return head[5:].strip().strip("'\"")
    return None


def list_scenarios() -> list[Path]:
    """Built-in scenario files, sorted by name (bargaining problems and casts are left out)."""
    return sorted(p for p in _builtin_dir().glob("*.yaml")
                  if _top_level_kind(p) not in ("bargaining", "cast"))


def cast_path(name: str, near: Path, field: str = "cast") -> Path:
    """The cast file an episode (or a cast, in `extends`) names: beside it, else a built-in one."""
    for p in (near.parent / f"{name}.yaml", _builtin_dir() / f"{name}.yaml"):
        if p.exists():
            return p
    raise ScenarioError(near, field, f"the id of a cast file beside {near.name} or built in", name)


def scenario_path(name: str | Path) -> Path:
    """The file a scenario name or path refers to."""
    if not str(name).strip():
        known = ", ".join(q.stem for q in list_scenarios())
        raise ScenarioError("command line", "SCENARIO", f"a built-in scenario id ({known}) or a path "
                            "to a YAML file (an empty name was given)", str(name))
    p = Path(name)
    if p.is_dir():
        raise ScenarioError("command line", "SCENARIO", "a scenario YAML file, not a directory", str(p))
    if p.suffix in (".yaml", ".yml") or p.exists():
        if not p.exists():
            raise ScenarioError("command line", "SCENARIO", "an existing scenario file", str(p))
        return p
    builtin = _builtin_dir() / f"{name}.yaml"
    if builtin.exists():
        return builtin
    known = ", ".join(q.stem for q in list_scenarios())
    raise ScenarioError("command line", "SCENARIO", f"a built-in scenario id ({known}) or a path to a "
                        "YAML file", str(name))


def _expected(err: dict) -> tuple[str, object]:
    kind = err["type"]
    if kind == "missing":
        return "this required field", None
    if kind == "extra_forbidden":
        return "no such field (check the spelling; see docs/scenarios.md)", None
    msg = err["msg"].removeprefix("Value error, ").removeprefix("Input should be ")
    return msg[0].lower() + msg[1:], err.get("input")


def parse_scenario(data: object, src: str) -> Scenario:
    """Validate parsed YAML data into a checked `Scenario`."""
    if not isinstance(data, dict):
        raise ScenarioError(src, "(top level)", "a mapping of scenario fields", type(data).__name__)
    try:
        sc = Scenario.model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        expected, got = _expected(first)
        if isinstance(got, (dict, list)):
            got = None
        raise ScenarioError(src, format_loc(first["loc"]), expected, got) from None
    check_scenario(sc, src)
    return sc


def read_yaml(path: str | Path, error: type[UserError] = ScenarioError) -> object:
    """Parse a YAML file safely (no tag can run code); one located `error` on any failure.

    The reader is `negotiation_sim.datafile.read_yaml`: size, encoding, dates, nesting and
    aliases are checked there for every data file.
    """
    return datafile.read_yaml(path, error)


def read_cast(name: object, near: Path, field: str = "cast", seen: tuple[str, ...] = ()
              ) -> tuple[dict, str, list[str]]:
    """The flat cast named `name` (its ``extends`` chain merged), its file and its lineage.

    The lineage lists the cast's id, then the ids of the casts it extends, nearest first.
    """
    if not isinstance(name, str):
        raise ScenarioError(near, field, "the id of a cast file (e.g. cast_2024)", name)
    if name in seen:
        raise ScenarioError(near, field, "a cast that does not extend itself (the chain "
                            f"{' -> '.join((*seen, name))} loops)", name)
    cpath = cast_path(name, near, field)
    cast = read_yaml(cpath)
    if not is_cast(cast):
        raise ScenarioError(cpath, "kind", "kind: cast (a file of shared personalities)",
                            cast.get("kind") if isinstance(cast, dict) else None)
    if "extends" not in cast:
        return cast, str(cpath), [name]
    parent, parent_src, lineage = read_cast(cast["extends"], cpath, "extends", (*seen, name))
    check_cast(parent, parent_src)
    return extend_cast(parent, cast, parent_src, str(cpath)), str(cpath), [name, *lineage]


def _with_cast(data: dict, path: str) -> dict:
    cast, cast_src, lineage = read_cast(data.get("cast"), Path(path))
    out = apply_cast(data, cast, path, cast_src)
    out["casts"] = lineage
    return out


@lru_cache(maxsize=64)
def _load(path: str, mtime: float) -> Scenario:
    data = read_yaml(path)
    if is_cast(data):
        raise ScenarioError(path, "kind", "a scenario or a campaign (this is a cast: episodes name "
                            "it with 'cast:')", "cast")
    if isinstance(data, dict) and "casts" in data:
        raise ScenarioError(path, "casts", "no such field in a file (the loader records the casts "
                            "an episode's 'cast:' names; write 'cast: ID')")
    if is_campaign(data):  # episodes merged as data into one scenario (scenario/campaign.py)
        base = Path(path).parent
        casts: set[object] = set()

        def episode(name: str) -> dict:
            field = f"episodes[{data['episodes'].index(name)}]"
            p = base / f"{name}.yaml"
            try:
                found = p if p.is_file() else scenario_path(name)
            except ScenarioError as err:
                raise ScenarioError(path, field, err.expected, name) from None
            ep = read_yaml(str(found))
            if not isinstance(ep, dict) or is_campaign(ep) or is_cast(ep):
                raise ScenarioError(path, field, "the id of a scenario file (not a campaign or a cast)", name)
            check_episode(ep, str(found))
            # Each episode must be a valid scenario on its own: the merge keeps the first value
            # of anything shared, so a mistake in a later episode would otherwise vanish unseen.
            _load(str(found), found.stat().st_mtime)
            casts.add(ep.get("cast"))
            return ep

        check_campaign(data, path)
        data = merge_campaign(data, episode)
        if len(casts) > 1:
            raise ScenarioError(path, "episodes", "episodes of one world (one cast)",
                                sorted(str(c) for c in casts))
    if isinstance(data, dict) and "cast" in data:
        data = _with_cast(data, path)
    return parse_scenario(data, path)


def load_scenario(name: str | Path) -> Scenario:
    """Load, validate and check a scenario by built-in id or path."""
    p = scenario_path(name)
    return _load(str(p), p.stat().st_mtime)


# Stock fields added after sweeps were first stored (leverage of any kind): left out of the hash
# while at their defaults, so a file that does not use them keeps its hash and a stored sweep of
# it still resumes.
_LATER_STOCK_DEFAULTS = {"kind": "munitions", "tranche": None, "tranches": 1, "reserves": None,
                         "alternative_supplier": None}


# Mechanics constants and top-level sections added later (the life of an operation, attention,
# arenas): likewise left out while at their defaults.
_LATER_MECHANICS = ("pause_value", "halt_deadline_days", "withdrawal_step", "commitment_option", "attention_decay",
                    "attention_gain", "repeat_discount", "repeat_cost", "repeat_memory")
_LATER_SECTIONS = ("arenas",)


def scenario_hash(sc: Scenario) -> str:
    """A short stable hash of a scenario's content."""
    exclude: dict = {}
    skip = {i: {k for k, v in _LATER_STOCK_DEFAULTS.items() if getattr(s, k) == v}
            for i, s in enumerate(sc.stocks)}
    if skip:
        exclude["stocks"] = skip
    fields = type(sc.mechanics).model_fields
    mech = {k for k in _LATER_MECHANICS if k in fields and getattr(sc.mechanics, k) == fields[k].default}
    if mech:
        exclude["mechanics"] = mech
    top = {k for k in _LATER_SECTIONS if k in type(sc).model_fields and not getattr(sc, k)}
    exclude.update(dict.fromkeys(top, True))
    text = sc.model_dump_json(exclude=exclude or None)
    return hashlib.sha256(text.encode()).hexdigest()[:16]
