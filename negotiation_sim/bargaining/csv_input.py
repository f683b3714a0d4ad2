"""Read a bargaining problem from a CSV or a ``kind: bargaining`` YAML file.

Core objects: `Problem` (actors, issue, title, published checks) and
`read_problem` (by path or built-in name), with `read_csv` and `read_yaml`.
Every mistake is raised as a `UserError` naming the file, the row (or the
field path) and the column, so the command line prints one line and exits 2.

CSV format (see docs/bargaining.md): a header row ``actor, capability,
position, salience`` (any order, any case; ``salience_pct`` instead of
``salience`` for a 0-100 scale), then one row per actor. An optional first
row of ``key=value`` cells describes the issue:
``issue=EC car emissions, low=4, high=10, status_quo=10``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path


from negotiation_sim.bargaining.actors import Actor, Issue
from negotiation_sim.datafile import check_input_path, read_csv_rows
from negotiation_sim.errors import UserError

__all__ = ["Problem", "read_problem", "read_csv", "read_yaml", "problem_path", "COLUMNS"]

COLUMNS: tuple[str, ...] = ("actor", "capability", "position", "salience")
_ISSUE_KEYS = ("issue", "low", "high", "status_quo")


@dataclass(frozen=True)
class Problem:
    """A bargaining problem read from a file.

    Attributes:
        actors: At least two actors.
        issue: The issue (range from the file, else the span of the positions).
        title: A label for printing.
        published: Published results to compare with (YAML files only).
    """

    actors: tuple[Actor, ...]
    issue: Issue
    title: str = ""
    published: dict = field(default_factory=dict)


def _builtin_dir() -> Path:
    try:
        return Path(str(resources.files("negotiation_sim.scenarios")))
    except ModuleNotFoundError:  # a source checkout: scenarios/ beside the package
        return Path(__file__).resolve().parents[2] / "scenarios"


def problem_path(name: str | Path) -> Path:
    """The file a name refers to: a path, or a built-in ``kind: bargaining`` YAML by stem."""
    p = check_input_path(name, UserError, "a CSV or YAML bargaining problem")
    if p.exists():
        return p
    if p.suffix.lower() in (".csv", ".yaml", ".yml"):
        raise UserError("command line", "FILE", "an existing CSV or YAML file", str(p))
    builtin = _builtin_dir() / f"{name}.yaml"
    if builtin.exists():
        return builtin
    raise UserError("command line", "FILE", "a CSV file, a YAML file with 'kind: bargaining', "
                    "or a built-in bargaining problem (ec_emissions)", str(name))


def read_problem(name: str | Path) -> Problem:
    """Read a problem from a CSV or YAML path, or a built-in name such as ``ec_emissions``."""
    p = problem_path(name)
    if p.suffix.lower() in (".yaml", ".yml"):
        return read_yaml(p)
    return read_csv(p)


LIMIT = 1e9  # capabilities and positions beyond this overflow the models' sums and powers


def _number(src: Path, where: str, text: object, what: str) -> float:
    if isinstance(text, bool):
        raise UserError(src, where, what, text)
    raw = str(text).strip()
    try:
        v = float(raw)
    except ValueError:
        if "," in raw:
            what += " with a decimal point (write 0.5, not 0,5)"
        raise UserError(src, where, what, text) from None
    if not math.isfinite(v) or abs(v) > LIMIT:
        raise UserError(src, where, f"{what} (finite, within +/-{LIMIT:.0e})", text)
    return v


def _actor(src: Path, loc, name: object, cap: object, pos: object, sal: object,
           pct: bool, issue: Issue | None) -> Actor:
    """Validate one actor; `loc(column)` names the place of a column's value."""
    label = str(name).strip() if isinstance(name, (str, int, float)) and not isinstance(name, bool) else ""
    if not label or len(label) > 200:
        raise UserError(src, loc("actor"), "an actor name", name)
    c = _number(src, loc("capability"), cap, "a capability: a number >= 0")
    if c < 0:
        raise UserError(src, loc("capability"), "a capability: a number >= 0", cap)
    x = _number(src, loc("position"), pos, "a position: a number")
    if issue is not None and not issue.low <= x <= issue.high:
        raise UserError(src, loc("position"), f"a position within the issue's range "
                        f"[{issue.low:g}, {issue.high:g}]", pos)
    top = 100.0 if pct else 1.0
    col = "salience_pct" if pct else "salience"
    hint = "" if pct else " (for 0-100, name the column salience_pct)"
    s = _number(src, loc(col), sal, f"a salience in [0, {top:g}]{hint}")
    if not 0.0 <= s <= top:
        raise UserError(src, loc(col), f"a salience in [0, {top:g}]{hint}", sal)
    return Actor(label, c, x, s / top)


def _check_group(src: Path, actors: list[Actor], loc, locs: list) -> None:
    """At least two actors, unique names, some weight; `locs[k](column)` places actor k."""
    if len(actors) < 2:
        raise UserError(src, loc("actor"), "at least two actors", len(actors))
    seen: set[str] = set()
    for k, a in enumerate(actors):
        if a.name in seen:
            raise UserError(src, locs[k]("actor"), "an actor name not already used", a.name)
        seen.add(a.name)
    if sum(a.capability * a.salience for a in actors) <= 0:
        raise UserError(src, loc("salience"), "at least one actor with capability and salience > 0")


def _published(src: Path, data: object) -> dict:
    """The ``published:`` figures, checked: numbers, and lists of numbers."""
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise UserError(src, "published", "a mapping of published figures", type(data).__name__)
    out: dict = {}
    for k, v in data.items():
        if isinstance(v, list):
            out[str(k)] = [_number(src, f"published.{k}[{i}]", x, "a number") for i, x in enumerate(v)]
        else:
            out[str(k)] = _number(src, f"published.{k}", v, "a number")
    return out


def _issue_row(src: Path, cells: list[str], row: int) -> Issue:
    values: dict[str, str] = {}
    for cell in cells:
        if not cell.strip():
            continue
        key, sep, value = cell.partition("=")
        key = key.strip().lower()
        if not sep or key not in _ISSUE_KEYS:
            raise UserError(src, f"row {row}, column {key or '?'}",
                            "issue cells of the form key=value with keys issue, low, high, status_quo",
                            cell)
        values[key] = value.strip()
    nums = {k: _number(src, f"row {row}, column {k}", values[k], f"a number for {k}")
            for k in ("low", "high", "status_quo") if k in values}
    if "low" not in nums or "high" not in nums:
        missing = "low" if "low" not in nums else "high"
        raise UserError(src, f"row {row}, column {missing}", "both low= and high= in the issue row")
    if nums["high"] <= nums["low"]:
        raise UserError(src, f"row {row}, column high", "high greater than low", values["high"])
    sq = nums.get("status_quo")
    if sq is not None and not nums["low"] <= sq <= nums["high"]:
        raise UserError(src, f"row {row}, column status_quo", "a status quo within [low, high]", sq)
    return Issue(values.get("issue") or src.stem, nums["low"], nums["high"], sq)


def read_csv(path: str | Path) -> Problem:
    """Read and validate a bargaining CSV (see the module docstring for the format)."""
    src = Path(path)
    rows = [(n, r) for n, r in read_csv_rows(src)
            if any(c.strip() for c in r) and not r[0].lstrip().startswith("#")]
    if not rows:
        raise UserError(src, "row 1, column actor", "a header row: " + ", ".join(COLUMNS))
    issue = None
    if rows[0][1] and rows[0][1][0].strip().lower().startswith("issue="):
        issue = _issue_row(src, rows[0][1], rows[0][0])
        rows = rows[1:]
    if not rows:
        raise UserError(src, "row 2, column actor", "a header row: " + ", ".join(COLUMNS))
    head_no, head = rows[0]
    names = [h.strip().lower() for h in head]
    pct = "salience_pct" in names and "salience" not in names
    index: dict[str, int] = {}
    for col in COLUMNS:
        key = "salience_pct" if (col == "salience" and pct) else col
        if key not in names:
            raise UserError(src, f"row {head_no}, column {col}",
                            f"a column named {col!r} (header: {', '.join(COLUMNS)})",
                            ",".join(head))
        index[col] = names.index(key)
    actors: list[Actor] = []
    locs: list = []
    last = head_no
    for n, r in rows[1:]:
        last = n
        locs.append(lambda col, n=n: f"row {n}, column {col}")

        def loc(col: str, n: int = n) -> str:
            return f"row {n}, column {col}"

        extra = [c for c in r[len(head):] if c.strip()]
        if extra:  # 0,5 unquoted splits one value into two cells
            raise UserError(src, f"row {n}", f"{len(head)} cells as in the header (a decimal comma? "
                            "write 0.5, not 0,5)", f"{len(head) + len(extra)} cells")
        cells = {}
        for col, i in index.items():
            shown = "salience_pct" if (col == "salience" and pct) else col
            if i >= len(r) or not r[i].strip():
                raise UserError(src, loc(shown), f"a value for {shown}")
            cells[col] = r[i]
        actors.append(_actor(src, loc, cells["actor"], cells["capability"], cells["position"],
                             cells["salience"], pct, issue))
    _check_group(src, actors, lambda col: f"row {last + 1}, column {col}"
                 if len(actors) < 2 else f"row {last}, column {col}", locs)
    if issue is None:
        pos = [a.position for a in actors]
        issue = Issue(src.stem, min(pos), max(pos) if max(pos) > min(pos) else min(pos) + 1.0)
    return Problem(tuple(actors), issue, issue.name)


_TOP_KEYS = ("kind", "id", "title", "source", "description", "issue", "salience_scale", "actors",
             "published")


def _known_keys(src: Path, mapping: dict, prefix: str, known: tuple[str, ...]) -> None:
    """A misspelt key is an error, not silently ignored (``salience_scal: 100``)."""
    for key in mapping:
        if key not in known:
            raise UserError(src, f"{prefix}{key}", f"no such field (one of {', '.join(known)})")


def read_yaml(path: str | Path) -> Problem:
    """Read a ``kind: bargaining`` YAML file (e.g. scenarios/ec_emissions.yaml)."""
    from negotiation_sim.scenario.loader import read_yaml as read_yaml_file

    src = Path(path)
    data = read_yaml_file(src, UserError)
    if not isinstance(data, dict) or data.get("kind") != "bargaining":
        raise UserError(src, "kind" if isinstance(data, dict) else "(top level)",
                        "'kind: bargaining' at the top level",
                        data.get("kind") if isinstance(data, dict) else type(data).__name__)
    _known_keys(src, data, "", _TOP_KEYS)
    spec = data.get("issue") or {}
    if not isinstance(spec, dict):
        raise UserError(src, "issue", "a mapping with low, high and optionally status_quo")
    _known_keys(src, spec, "issue.", ("name", "low", "high", "status_quo"))
    issue = None
    if "low" in spec or "high" in spec:
        low = _number(src, "issue.low", spec.get("low"), "a number")
        high = _number(src, "issue.high", spec.get("high"), "a number")
        if high <= low:
            raise UserError(src, "issue.high", "a number greater than issue.low", high)
        sq = spec.get("status_quo")
        sqv = None if sq is None else _number(src, "issue.status_quo", sq, "a number")
        if sqv is not None and not low <= sqv <= high:
            raise UserError(src, "issue.status_quo", "a status quo within [low, high]", sq)
        name = spec.get("name", src.stem)
        if not isinstance(name, str):
            raise UserError(src, "issue.name", "a text", type(name).__name__)
        issue = Issue(name, low, high, sqv)
    scale = data.get("salience_scale", 1)
    if isinstance(scale, bool) or scale not in (1, 100):
        raise UserError(src, "salience_scale", "1 or 100", scale)
    rows = data.get("actors")
    if not isinstance(rows, list):
        raise UserError(src, "actors", "a list of actors with name, capability, position, salience")
    actors: list[Actor] = []
    locs: list = []
    for k, row in enumerate(rows):
        def loc(col: str, k: int = k) -> str:
            return f"actors[{k}].{'name' if col == 'actor' else col.replace('_pct', '')}"
        locs.append(loc)
        if not isinstance(row, dict):
            raise UserError(src, f"actors[{k}]", "a mapping with name, capability, position, salience")
        _known_keys(src, row, f"actors[{k}].", ("name", "capability", "position", "salience", "note"))
        actors.append(_actor(src, loc, row.get("name"), row.get("capability"), row.get("position"),
                             row.get("salience"), scale == 100, issue))
    _check_group(src, actors, lambda col: "actors", locs)
    if issue is None:
        pos = [a.position for a in actors]
        issue = Issue(src.stem, min(pos), max(pos) if max(pos) > min(pos) else min(pos) + 1.0)
    title = data.get("title", issue.name)
    if not isinstance(title, str):
        raise UserError(src, "title", "a text", type(title).__name__)
    return Problem(tuple(actors), issue, title, _published(src, data.get("published")))
