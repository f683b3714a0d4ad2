"""Write fitted values into a copy of a cast file, keeping its comments and layout.

Core functions: `check_cast_paths` and `write_cast`. The cast is read and written with
ruamel.yaml's round-trip mode, so only the fitted numbers change and a reviewer's diff shows
exactly what a calibration moved. A path segment on a list picks the item whose ``id`` (or
``actor``) it names; a missing last key of a mapping is added (a mechanics constant the cast had
left at the code's default).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ruamel.yaml import YAML

from negotiation_sim.errors import UserError

__all__ = ["check_cast_paths", "write_cast", "rounded"]


def _yaml() -> YAML:
    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.width = 4096  # never re-wrap a flow mapping
    return y


def _locate(root, path: str, src: str):
    node = root
    parts = path.split(".")
    for i, seg in enumerate(parts):
        last = i == len(parts) - 1
        if isinstance(node, list):
            hit = next((item for item in node if isinstance(item, dict)
                        and seg in (item.get("id"), item.get("actor"))), None)
            if hit is None:
                raise UserError(src, path, f"a path into the cast (no item {seg!r} in {'.'.join(parts[:i])})")
            node = hit
            continue
        if not isinstance(node, dict):
            raise UserError(src, path, "a path into the cast")
        if last:
            return node, seg
        if seg not in node:
            raise UserError(src, path, f"a path into the cast (no {seg!r} under {'.'.join(parts[:i]) or 'the top'})")
        node = node[seg]
    raise UserError(src, path, "a path that ends at a value")


def check_cast_paths(cast_path: str | Path, paths: list[str], src: str) -> None:
    """Raise `UserError` for a fitted path that has no place in the cast file."""
    with open(cast_path, encoding="utf-8") as f:
        root = _yaml().load(f)
    for p in paths:
        _locate(root, p, src)


def rounded(v: float) -> float:
    """A fitted value as written: four decimals. Fewer above 10 would be enough for the uncertainty
    of a rationality, but not for a number of days a threshold compares with whole days: the 2024
    fit put Iran's preparation at 11.0012 days, and 11.0 opens its window a day later."""
    return round(v, 4)


def write_cast(cast_path: str | Path, values: Mapping[str, float], out: str | Path) -> None:
    """Write a copy of the cast at `out` with each path set to its value.

    Each number is replaced where it stands in the text (ruamel.yaml gives its line and column),
    so layout and comments stay as written. A key the cast does not have yet (a mechanics
    constant left at its default) is appended to its mapping, which must then be in block style.
    """
    text = Path(cast_path).read_text(encoding="utf-8")
    root = _yaml().load(text)
    lines = text.split("\n")
    added: dict[tuple[int, int], list[str]] = {}
    inline: list[tuple[int, int, str]] = []
    for path, v in values.items():
        node, key = _locate(root, path, str(cast_path))
        new = repr(rounded(v))
        if key in node:
            line, col = node.lc.value(key)
            inline.append((line, col, new))
        else:
            if getattr(node.fa, "flow_style", lambda: False)() or not node:
                raise UserError(cast_path, path, "a key the cast declares (or a block mapping to add it to)")
            last = list(node)[-1]
            line, _ = node.lc.key(last)
            indent = node.lc.col
            added.setdefault((line, indent), []).append(f"{' ' * indent}{key}: {new}")
    # right to left within a line, so a replacement never moves the columns still to be replaced
    for line, col, new in sorted(inline, reverse=True):
        row = lines[line]
        end = col
        while end < len(row) and row[end] not in " ,}#\t":
            end += 1
        lines[line] = row[:col] + new + row[end:]
    for (line, _), extra in sorted(added.items(), reverse=True):
        lines[line + 1:line + 1] = extra
    Path(out).write_text("\n".join(lines), encoding="utf-8")
