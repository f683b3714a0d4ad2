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

import yaml
from pydantic import ValidationError

from negotiation_sim.errors import ScenarioError, UserError
from negotiation_sim.scenario.campaign import is_campaign, merge_campaign
from negotiation_sim.scenario.cast import apply_cast, is_cast
from negotiation_sim.scenario.checks import check_scenario
from negotiation_sim.scenario.schema import Scenario

__all__ = ["read_yaml", "load_scenario", "scenario_path", "list_scenarios", "scenario_hash", "format_loc"]


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


def cast_path(name: str, near: Path) -> Path:
    """The cast file an episode names: beside the episode's file, else a built-in one."""
    for p in (near.parent / f"{name}.yaml", _builtin_dir() / f"{name}.yaml"):
        if p.exists():
            return p
    raise ScenarioError(near, "cast", f"the id of a cast file beside {near.name} or built in", name)


def scenario_path(name: str | Path) -> Path:
    """The file a scenario name or path refers to."""
    p = Path(name)
    if p.suffix in (".yaml", ".yml") or p.exists():
        if not p.exists():
            raise ScenarioError(p, "", "an existing scenario file")
        return p
    builtin = _builtin_dir() / f"{name}.yaml"
    if builtin.exists():
        return builtin
    known = ", ".join(q.stem for q in list_scenarios())
    raise ScenarioError(str(name), "", f"a built-in scenario id ({known}) or a path to a YAML file")


def format_loc(loc: tuple, data: object) -> str:
    """A pydantic error location as a field path, e.g. ``actors[1].members[0].influence``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _expected(err: dict) -> tuple[str, object]:
    kind = err["type"]
    if kind == "missing":
        return "this required field", None
    if kind == "extra_forbidden":
        return "no such field (check the spelling; see docs/scenarios.md)", None
    return err["msg"][0].lower() + err["msg"][1:], err.get("input")


def parse_scenario(data: object, src: str) -> Scenario:
    """Validate parsed YAML data into a checked `Scenario`."""
    if not isinstance(data, dict):
        raise ScenarioError(src, "", "a mapping of scenario fields at the top level", type(data).__name__)
    try:
        sc = Scenario.model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        expected, got = _expected(first)
        if isinstance(got, (dict, list)):
            got = None
        raise ScenarioError(src, format_loc(first["loc"], data), expected, got) from None
    check_scenario(sc, src)
    return sc


def read_yaml(path: str | Path, error: type[UserError] = ScenarioError) -> object:
    """Parse a YAML file safely (no tag can run code); one-line `error` on failure."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as err:
        raise error(path, "", "a readable file", err.strerror) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"line {mark.line + 1} column {mark.column + 1}" if mark else "YAML"
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise error(path, where, f"valid YAML ({problem})") from None



def _with_cast(data: dict, path: str) -> dict:
    name = data.get("cast")
    if not isinstance(name, str):
        raise ScenarioError(path, "cast", "the id of a cast file (e.g. cast_2024)", name)
    cpath = cast_path(name, Path(path))
    cast = read_yaml(cpath)
    if not is_cast(cast):
        raise ScenarioError(cpath, "kind", "kind: cast (a file of shared personalities)", 
                            cast.get("kind") if isinstance(cast, dict) else None)
    return apply_cast(data, cast, path, str(cpath))


@lru_cache(maxsize=64)
def _load(path: str, mtime: float) -> Scenario:
    data = read_yaml(path)
    if is_cast(data):
        raise ScenarioError(path, "kind", "a scenario or a campaign (this is a cast: episodes name "
                            "it with 'cast:')", "cast")
    if is_campaign(data):  # episodes merged as data into one scenario (scenario/campaign.py)
        base = Path(path).parent
        casts: set[object] = set()

        def episode(name: str) -> dict:
            p = base / f"{name}.yaml"
            found = p if p.exists() else scenario_path(name)
            ep = read_yaml(str(found))
            if not isinstance(ep, dict) or is_campaign(ep) or is_cast(ep):
                raise ScenarioError(path, "episodes", "ids of scenario files", name)
            casts.add(ep.get("cast"))
            return ep

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


def scenario_hash(sc: Scenario) -> str:
    """A short stable hash of a scenario's content."""
    return hashlib.sha256(sc.model_dump_json().encode()).hexdigest()[:16]
