"""Malformed inputs made from the built-in files, and the contract every one must meet.

Core objects: `Case` (files, a command line, what the error must name) and `make_case` (one
malformed input of a given kind, from a `Chooser`); tests/fuzz/contract.py runs a case and
says what, if anything, went wrong. Used by the standing fuzz test
(tests/fuzz/test_fuzz_inputs.py, hypothesis) and benchmarks/fuzz_inputs.py (thousands).

Every mutation is built to be invalid (a number that is not finite or far out of range, a name
that points nowhere, an id given twice, a required field removed, an unknown field, an
impossible or out-of-calendar date, broken YAML, bad bytes, an alias bomb, ...), so an input
that is accepted is a defect, not noise. The contract (docs/errors.md): exit code 2, exactly
one line on stderr that names the file (or "command line") and a place in it (a field path, a
line and column, or a row), no traceback, no hang, nothing written.
"""

from __future__ import annotations

import copy
import csv
import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import yaml

ROOT = Path(__file__).resolve().parents[2]
KINDS = ("scenario", "campaign", "spec", "csv", "bargaining", "cli")
BAD_NUMBERS: list[Any] = [math.nan, math.inf, -math.inf, 1e300, -1e300, "lots", [1, 2], {"x": 1}]
UNKNOWN = "zz_nowhere"
# Keys whose string values name something that must exist (checked cross-references).
REFERENCES = {"actor", "owner", "supplier", "issue", "stock", "counterpart", "client", "adversary",
              "mediator", "move", "by", "defended", "defender", "front", "between", "supported_by",
              "scenario"}
BAD_INTERVENTIONS = [UNKNOWN, "set:us_resolve=nan", "state:strain=1e300", "state:zz=1", "remove::",
                     "force:us:hold_shipment@2024-02-30", "set:=1", "drop-event:"]
NAME_LISTS = ("between", "supported_by", "episodes", "moves", "outcomes", "columns")  # items checked
FREE = ("published",)  # free-form mappings: any key, left alone
KEYED = {"actors": "id", "channels": "id", "issues": "id", "operations": "id", "stocks": "id",
         "events": "id", "ladders": "id", "talks": "id", "pressures": "actor", "members": "id"}
REQUIRED = {  # kind -> owner key ("" = top level) -> fields that must be present
    "scenario": {"": ["id", "title", "calendar", "actors"], "calendar": ["start", "end"],
                 "actors": ["id", "name", "role"], "members": ["id", "name", "influence", "interests"],
                 "stocks": ["id", "owner", "supplier", "stock", "need", "burn_rate", "resupply_rate"],
                 "events": ["id", "date", "text"], "record": ["date", "actor", "move", "source"],
                 "channels": ["id", "kind", "between"], "pressures": ["actor", "initial"],
                 "issues": ["id", "name"], "operations": ["id", "name", "owner", "issue"]},
    "campaign": {"": ["id", "title", "calendar", "episodes", "kind"], "actors": ["id"]},
    "spec": {"": ["name", "scenario", "outcomes"], "timeseries": ["columns"]},
    "bargaining": {"": ["kind", "actors"], "actors": ["name", "capability", "position", "salience"],
                   "issue": ["low", "high"]},
}
CHECKED_DATES = ("record", "events")


class Chooser(Protocol):
    """Where the random choices come from: hypothesis (`st.data()`) or `random.Random`."""

    def choice(self, options: Sequence[Any]) -> Any: ...


@dataclass
class Case:
    """One malformed input: files to write, the command, and what the error must name."""

    kind: str
    label: str
    files: dict[str, bytes]
    argv: list[str]                  # "{d}" stands for the case's directory
    target: str                      # file name (relative) the message must name, or "command line"
    outputs: list[str] = field(default_factory=list)  # relative paths that must not appear


# ----------------------------------------------------------------------------- tree helpers

def _paths(node: Any, path: tuple = ()) -> list[tuple[tuple, Any]]:
    """Every (path, value) below `node`, the node itself first (free-form mappings left out)."""
    if path and path[0] in FREE:
        return []
    out = [(path, node)]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, path + (i,))
    return out


def _set(root: Any, path: tuple, value: Any) -> None:
    node = root
    for p in path[:-1]:
        node = node[p]
    node[path[-1]] = value


def _key_name(path: tuple) -> str:
    names = [p for p in path if isinstance(p, str)]
    return names[-1] if names else ""


def _dump(data: Any) -> bytes:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True).encode("utf-8")


def _numeric(path: tuple, value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _free_text(path: tuple) -> bool:
    return _key_name(path) in ("text", "description", "source", "note", "brief", "title", "why",
                               "name", "unit", "low_label", "high_label", "sourced")


# ----------------------------------------------------------------------------- YAML mutations

def _bad_number(data: Any, ch: Chooser, kind: str) -> str | None:
    spots = [(p, v) for p, v in _paths(data) if p and _numeric(p, v)]
    if not spots:
        return None
    path, _ = ch.choice(spots)
    bad = ch.choice(BAD_NUMBERS)
    _set(data, path, copy.deepcopy(bad))
    return f"number at {path} -> {bad!r}"


def _bad_reference(data: Any, ch: Chooser, kind: str) -> str | None:
    spots = [(p, v) for p, v in _paths(data)
             if p and isinstance(v, str) and (_key_name(p) in REFERENCES and isinstance(p[-1], str)
                                              or (len(p) >= 2 and p[-2] in NAME_LISTS)
                                              or (len(p) >= 3 and p[-3] == "arms"))]
    if not spots:
        return None
    path, _ = ch.choice(spots)
    bad = ch.choice(BAD_INTERVENTIONS) if len(path) >= 3 and path[-3] == "arms" else UNKNOWN
    _set(data, path, bad)
    return f"reference at {path} -> {bad}"


def _duplicate_id(data: Any, ch: Chooser, kind: str) -> str | None:
    spots = [(p, v) for p, v in _paths(data) if p and isinstance(v, list) and v
             and isinstance(p[-1], str) and (p[-1] in KEYED and isinstance(v[0], dict)
                                             and KEYED[p[-1]] in v[0]
                                             or p[-1] in NAME_LISTS[2:] and isinstance(v[0], str))]
    if kind == "bargaining" and isinstance(data.get("actors"), list) and data["actors"]:
        spots.append((("actors",), data["actors"]))
    if not spots:
        return None
    path, items = ch.choice(spots)
    items.append(copy.deepcopy(ch.choice(items)))
    return f"duplicate item in {path}"


def _drop_required(data: Any, ch: Chooser, kind: str) -> str | None:
    spots = []
    for p, v in _paths(data):
        if not isinstance(v, dict):
            continue
        owner = "" if not p else (_key_name(p) if isinstance(p[-1], int) else p[-1])
        for key in REQUIRED[kind].get(owner, []):
            if key in v:
                spots.append((p, key))
    if not spots:
        return None
    path, key = ch.choice(spots)
    node = data
    for p in path:
        node = node[p]
    del node[key]
    return f"removed {key} at {path}"


def _unknown_field(data: Any, ch: Chooser, kind: str) -> str | None:
    spots = [p for p, v in _paths(data) if isinstance(v, dict)]
    path = ch.choice(spots)
    node = data
    for p in path:
        node = node[p]
    node["zz_unknown_field"] = 1
    return f"unknown field at {path}"


def _bad_date(data: Any, ch: Chooser, kind: str) -> str | None:
    spots = [(p, v) for p, v in _paths(data) if len(p) >= 3 and p[0] in CHECKED_DATES
             and p[-1] == "date" and v is not None]
    if not spots:
        return None
    path, _ = ch.choice(spots)
    _set(data, path, ch.choice(["1999-01-01", "2999-12-31", "not a date", "2024-02-30"]))
    return f"date at {path}"


def _wrong_container(data: Any, ch: Chooser, kind: str) -> str | None:
    spots = [(p, v) for p, v in _paths(data) if len(p) >= 1 and isinstance(v, (dict, list))
             and not _free_text(p) and (v or isinstance(v, list))]
    if not spots:
        return None
    path, v = ch.choice(spots)
    _set(data, path, "lots" if ch.choice([True, False]) else ([1] if isinstance(v, dict) else {"x": 1}))
    return f"container at {path} replaced"


STRUCTURAL: list[Callable[[Any, Chooser], str | None]] = [
    _bad_number, _bad_reference, _duplicate_id, _drop_required, _unknown_field, _bad_date,
    _wrong_container]


def _bomb() -> str:
    lines = ['zz_a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for prev, name in zip("abcdefg", "bcdefgh"):
        lines.append(f"zz_{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def _text_mutation(text: bytes, ch: Chooser, marker: Path) -> tuple[bytes, str]:
    kind = ch.choice(["utf8", "nul", "unclosed", "dup_key", "python_tag", "bomb", "deep",
                      "raw_date", "top_list", "top_scalar", "empty"])
    lines = text.split(b"\n")
    if kind in ("utf8", "nul"):
        i = ch.choice(range(len(lines)))
        lines[i] = lines[i] + (b" \xe9\xff" if kind == "utf8" else b" \x00")
        return b"\n".join(lines), kind
    if kind == "unclosed":
        return text + b"\nzz_broken: [unclosed\n", kind
    if kind == "dup_key":
        top = [ln for ln in lines if ln and not ln.startswith((b" ", b"#", b"-", b"\t")) and b":" in ln]
        return text + b"\n" + ch.choice(top).split(b":")[0] + b": again\n", kind
    if kind == "python_tag":
        return text + f"\nzz_evil: !!python/object/apply:os.system ['touch {marker}']\n".encode(), kind
    if kind == "bomb":
        return text + b"\n" + _bomb().encode(), kind
    if kind == "deep":
        n = ch.choice([65, 200, 5000])
        return text + b"\nzz_deep: " + b"[" * n + b"]" * n + b"\n", kind
    if kind == "raw_date":
        import re

        dates = list(re.finditer(rb"(?:(?<=: )|(?<=- )|(?<=\[)|(?<=, ))(\d{4})-(\d\d)-(\d\d)"
                                 rb"(?=[ \t]*(?:$|,|\]|\}))", text, re.MULTILINE))
        if dates:
            m = ch.choice(dates)
            bad = m.group(1) + ch.choice([b"-02-30", b"-13-01", b"-00-10", b"-04-31"])
            return text[:m.start()] + bad + text[m.end():], kind
        return text + b"\nzz_broken: [unclosed\n", "unclosed"
    if kind == "top_list":
        return b"- just\n- a list\n", kind
    if kind == "top_scalar":
        return b"just some text\n", kind
    return b"", kind


# ----------------------------------------------------------------------------- case builders

def _yaml_case(kind: str, name: str, data: Any, ch: Chooser, argv: list[str], marker: Path,
               outputs: list[str], extra: dict[str, bytes] | None = None, rules: str | None = None
               ) -> Case:
    """A structural or a text-level mutation of `data`; `rules` picks the REQUIRED table."""
    files = dict(extra or {})
    case_kind, kind = kind, rules or kind
    if ch.choice(["structure", "structure", "text"]) == "structure":
        data = copy.deepcopy(data)
        for _ in range(20):
            label = ch.choice(STRUCTURAL)(data, ch, kind)
            if label:
                break
        files[name] = _dump(data)
    else:
        files[name], label = _text_mutation(_dump(data), ch, marker)
    return Case(case_kind, label, files, argv, name, outputs)


def _load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


SMALL = ROOT / "tests" / "data" / "supply_dispute.yaml"  # fast to check: drawn most often
SCENARIOS = [SMALL, SMALL, SMALL, SMALL, ROOT / "scenarios" / "rafah.yaml",
             ROOT / "scenarios" / "hostage_deal.yaml", ROOT / "scenarios" / "iran_response.yaml"]
EPISODES = ["rafah", "iran_response", "bomb_shipment", "hostage_deal", "lebanon_pivot"]


def _small_spec(path: Path) -> dict:
    """A built-in experiment shrunk to a few runs, so an input wrongly accepted costs little."""
    spec = _load(path)
    spec["replications"] = 1
    design = spec.setdefault("design", {})
    if design.get("method", "grid") == "grid":
        for axis in (design.get("parameters") or {}).values():
            if "values" in axis:
                axis["values"] = axis["values"][:1]
            else:
                axis["levels"] = 1
    else:
        design["samples"] = 2
    return spec


def _csv_rows(ch: Chooser) -> list[list[str]]:
    if ch.choice([True, False]):
        return [["issue=EC car emissions", "low=4", "high=10"], ["actor", "capability", "position", "salience"],
                ["Netherlands", "0.08", "4", "0.8"], ["Belgium", "0.08", "7", "0.4"],
                ["France", "0.16", "10", "0.6"], ["UK", "0.16", "10", "0.9"]]
    return [["actor", "capability", "position", "salience"], ["Hawk", "0.5", "10", "0.9"],
            ["Dove", "0.3", "0", "0.8"], ["Broker", "0.2", "4", "0.5"]]


def _csv_bytes(rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue().encode("utf-8")


def _csv_case(ch: Chooser) -> Case:
    rows = _csv_rows(ch)
    head = 1 if rows[0][0].startswith("issue=") else 0
    body = list(range(head + 1, len(rows)))
    kind = ch.choice(["number", "comma", "quoted_comma", "negative", "salience", "dup_actor",
                      "header", "one_actor", "zero_weight", "huge_cell", "bytes", "issue_row",
                      "outside", "extra_cell"])
    r, c = ch.choice(body), ch.choice([1, 2, 3])
    if kind == "number":
        rows[r][c] = ch.choice(["nan", "inf", "-inf", "1e308", "-1e308", "abc", "", "1e10", "0x10"])
    elif kind in ("comma", "quoted_comma"):
        rows[r][c] = rows[r][c].replace(".", ",") if "." in rows[r][c] else rows[r][c] + ",5"
        if kind == "comma":
            rows[r] = rows[r][:c] + rows[r][c].split(",") + rows[r][c + 1:]
    elif kind == "negative":
        rows[r][1] = "-0.5"
    elif kind == "salience":
        rows[r][3] = ch.choice(["1.5", "80", "-0.1"])
    elif kind == "dup_actor":
        rows.append(list(rows[r]))
    elif kind == "header":
        rows[head][ch.choice([0, 1, 2, 3])] = "zz_column"
    elif kind == "one_actor":
        rows = rows[:head + 2]
    elif kind == "zero_weight":
        for i in body:
            rows[i][3] = "0"
    elif kind == "huge_cell":
        rows[r][0] = "x" * ch.choice([10_001, 140_000])
    elif kind == "extra_cell":
        rows[r].append("zz")
    elif kind == "issue_row":
        rows.insert(0, ch.choice([["issue=x", "low=abc", "high=10"], ["issue=x", "low=5", "high=5"],
                                  ["issue=x", "low=0", "high=10", "status_quo=20"],
                                  ["issue=x", "low=0", "high=10", "zz=1"], ["issue=x", "high=10"]]))
    elif kind == "outside":
        rows.insert(0, ["issue=x", "low=0", "high=1"]) if not head else None
        rows[r + (0 if head else 1)][2] = "99"
    data = _csv_bytes(rows)
    if kind == "bytes":
        data = data.replace(b"Dove", b"D\xf6ve\x00", 1).replace(b"Belgium", b"B\xe9lgium\x00", 1)
    return Case("csv", kind, {"issue.csv": data}, ["bargain", "{d}/issue.csv", "--out", "{d}/chart.png"],
                "issue.csv", ["chart.png"])


CLI_CASES: list[list[str]] = [
    ["run", "rafah", "--seed", "-1"], ["run", "rafah", "--seed", "x"], ["run", "rafah", "--seed", "1.5"],
    ["run", "rafah", "--seed", str(2**64)], ["run", "rafah", "--until", "2024-02-30"],
    ["run", "rafah", "--until", "yesterday"], ["run", "rafah", "--until", "1999-01-01"],
    ["run", "rafah", "--branch", "2024-13-01", "--intervention", "no_hold"],
    ["run", "rafah", "--set", "nonsense=1"], ["run", "rafah", "--set", "us_resolve=7"],
    ["run", "rafah", "--set", "us_resolve=abc"], ["run", "rafah", "--set", "=1"], ["run", "rafah", "--set", "x"],
    ["run", "rafah", "--set", "us_resolve=nan"], ["run", "rafah", "--intervention", "remove:us:fly"],
    ["run", "rafah", "--intervention", "drop-event:nothing"], ["run", "rafah", "--intervention", "nonsense"],
    ["run", "rafah", "--intervention", "force:us:hold_shipment@2024-02-30"], ["run", ""],
    ["run", "rafah", "--intervention", "set:us_resolve=nan"], ["run", "rafah", "--intervention", "state:strain=inf"],
    ["run", "rafah", "--intervention", "state:strain=1e300"], ["run", "rafah", "--intervention", "remove::"],
    ["compare", "rafah", "--intervention", "set:us_resolve=nan"],
    ["run", "{d}"], ["run", "{d}/missing.yaml"], ["run", "no_such_scenario"],
    ["run", "rafah", "--out", "{d}/afile.txt"], ["run", "rafah", "--mode", "dream"],
    ["fidelity", "rafah", "--seeds", "0"], ["fidelity", "rafah", "--seeds", "-3"],
    ["fidelity", "rafah", "--tolerance", "-1"], ["fidelity", "rafah", "--tolerance", "400"],
    ["fidelity", "rafah", "--tolerance", "x"], ["explain", "rafah", "--date", "2024-03-10", "--actor", "france"],
    ["explain", "rafah", "--date", "2024-02-30", "--actor", "us"], ["explain", "rafah", "--actor", "us"],
    ["compare", "rafah", "--intervention", "no_hold", "--level", "1.5"],
    ["compare", "rafah", "--intervention", "no_hold", "--level", "0"],
    ["compare", "rafah", "--intervention", "no_hold", "--level", "1"],
    ["compare", "rafah", "--intervention", "no_hold", "--level", "nan"],
    ["compare", "rafah", "--intervention", "no_hold", "--seeds", "1"],
    ["compare", "rafah", "--intervention", "no_hold", "--out", "{d}/dir_out"],
    ["compare", "rafah", "--intervention", "no_hold", "--out", "{d}/x.txt"],
    ["bargain", "ec_emissions", "--rounds", "0"], ["bargain", "ec_emissions", "--rounds", "1001"],
    ["bargain", "ec_emissions", "--rounds", "x"], ["bargain", "ec_emissions", "--model", "oracle"],
    ["bargain", "ec_emissions", "--out", "{d}/chart.gif"], ["bargain", "ec_emissions", "--out", "{d}/nodir/c.png"],
    ["bargain", "{d}/missing.csv"], ["bargain", ""], ["bargain", "ec_emissions", "--seed", "-2"],
    ["sweep", "{spec}", "--workers", "0"], ["sweep", "{spec}", "--chunk-size", "-1"],
    ["sweep", "{spec}", "--scheduler", "not-an-address"], ["sweep", "{spec}", "--scheduler", "tcp://host:99999"],
    ["sweep", "{spec}", "--scheduler", "tcp://127.0.0.1:9", "--connect-timeout", "0"],
    ["sweep", "{spec}", "--out", "{d}/afile.txt"], ["sweep", "{d}/missing.yaml"], ["sweep", "{d}"],
    ["analyze", "{d}/missing_dir"], ["analyze", "{d}/damaged"], ["analyze", "{d}/listed"],
    ["play", "rafah", "--as", "us", "--seeds", "0"], ["play", "rafah", "--as", "us", "--seed", "-1"],
    ["report", "rafah", "--out", "{d}/r.txt"], ["report", "rafah", "--out", "{d}/r.html", "--seeds", "0"],
    ["app", "--port", "0"], ["app", "--port", "70000"], ["run", "rafah", "--no-such-option"],
]


def _cli_case(ch: Chooser) -> Case:
    argv = list(ch.choice(CLI_CASES))
    files = {"afile.txt": b"x", "damaged/manifest.json": b"{}", "listed/manifest.json": b"[1, 2]",
             "dir_out/keep": b"",
             "spec.yaml": _dump(_small_spec(ROOT / "experiments" / "rafah_leverage.yaml"))}
    argv = [a.replace("{spec}", "{d}/spec.yaml") for a in argv]
    return Case("cli", " ".join(argv), files, argv, "command line",
                ["x.txt", "chart.gif", "r.txt", "r.html", "runs"])


def make_case(kind: str, ch: Chooser, workdir: Path) -> Case:
    """One malformed input of `kind` (see `KINDS`)."""
    marker = workdir / "PWNED"
    if kind == "scenario":
        src = ch.choice(SCENARIOS)
        return _yaml_case(kind, "bad.yaml", _load(src), ch,
                          ["run", "{d}/bad.yaml", "--quiet", "--out", "{d}/out"], marker, ["out"])
    if kind == "campaign":
        episodes = {f"{e}.yaml": (ROOT / "scenarios" / f"{e}.yaml").read_bytes() for e in EPISODES}
        camp = _load(ROOT / "scenarios" / "campaign_2024.yaml")
        argv = ["run", "{d}/campaign.yaml", "--quiet", "--until", "2024-01-08"]
        if ch.choice([True, False]):  # break the campaign file itself
            return _yaml_case(kind, "campaign.yaml", camp, ch, argv, marker, [], episodes)
        ep = ch.choice(EPISODES)  # or one of its episodes
        return _yaml_case(kind, f"{ep}.yaml", _load(ROOT / "scenarios" / f"{ep}.yaml"), ch, argv,
                          marker, [], {**episodes, "campaign.yaml": _dump(camp)}, rules="scenario")
    if kind == "spec":
        src = ch.choice(sorted((ROOT / "experiments").glob("*.yaml")))
        return _yaml_case(kind, "spec.yaml", _small_spec(src), ch,
                          ["sweep", "{d}/spec.yaml", "--out", "{d}/out", "--serial", "--no-progress"],
                          marker, ["out"])
    if kind == "bargaining":
        return _yaml_case(kind, "problem.yaml", _load(ROOT / "scenarios" / "ec_emissions.yaml"), ch,
                          ["bargain", "{d}/problem.yaml", "--out", "{d}/chart.png"], marker,
                          ["chart.png"])
    if kind == "csv":
        return _csv_case(ch)
    return _cli_case(ch)
