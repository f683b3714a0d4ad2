"""The one reader of every data file: scenario, episode and campaign files, experiment specs,
bargaining problems (YAML and CSV) and sweep manifests.

Core functions: `read_text`, `read_yaml`, `read_csv_rows` and `read_json`. Each turns every way
a file can fail to be read (missing, a directory, too large, not UTF-8, bad syntax, an impossible
date, nesting too deep, an alias bomb, a key given twice, an oversized CSV cell) into one
`UserError` naming the file, the place (a field path, or a line and column, or a row) and what
was expected. Nothing in a file is ever executed: YAML is read by a subclass of PyYAML's
`SafeLoader`, which builds only plain data.

Limits (documented in docs/errors.md): `MAX_BYTES` per file, `MAX_DEPTH` levels of nesting,
`MAX_VALUES` values once YAML aliases are expanded, `MAX_CELL` characters per CSV cell.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from negotiation_sim.errors import UserError

__all__ = ["MAX_BYTES", "MAX_DEPTH", "MAX_VALUES", "MAX_CELL", "read_text", "read_yaml",
           "read_csv_rows", "read_json", "check_input_path"]

MAX_BYTES = 16 * 1024 * 1024  # the largest built-in file is about 21 kB
MAX_DEPTH = 64                # the deepest built-in file nests 6 levels
MAX_VALUES = 1_000_000        # values after expanding aliases (a built-in file has about 3,000)
MAX_CELL = 10_000             # characters in one CSV cell


class _Problem(yaml.MarkedYAMLError):
    """A problem found while reading, with what was expected there (not a syntax error)."""

    def __init__(self, node: Node, expected: str, got: object = None):
        super().__init__(problem=expected, problem_mark=node.start_mark)
        self.node = node
        self.expected = expected
        self.got = got


_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MERGE = "tag:yaml.org,2002:merge"


class _Loader(yaml.SafeLoader):
    """`SafeLoader` with a nesting limit, located construction errors and no duplicate keys."""

    _depth = 0

    def compose_node(self, parent: Node | None, index: object) -> Node:
        if self._depth >= MAX_DEPTH:
            event = self.peek_event()
            raise ComposerError(None, None, f"nesting at most {MAX_DEPTH} levels deep",
                                event.start_mark)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, TypeError, OverflowError) as err:  # e.g. 2024-02-30
            if node.tag == _TIMESTAMP:
                raise _Problem(node, "a real calendar date (YYYY-MM-DD)", node.value) from None
            raise _Problem(node, f"a readable value ({err})",
                           node.value if isinstance(node, ScalarNode) else None) from None

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict:
        seen: set[tuple[str, str]] = set()
        for key, _ in node.value:
            if isinstance(key, ScalarNode) and key.tag != _MERGE:
                k = (key.tag, key.value)
                if k in seen:
                    raise _Problem(key, "each key once in a mapping", key.value)
                seen.add(k)
        return super().construct_mapping(node, deep)


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def _check_expansion(root: Node) -> None:
    """Raise `_Problem` if aliases expand the document past the limits, or refer to themselves.

    Counted on the node graph with memoisation, so an alias bomb is caught in time linear in
    the file's size, before anything walks the expanded data.
    """
    size: dict[int, tuple[int, int]] = {}  # id(node) -> (values, depth) once expanded
    open_: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            open_.discard(key)
            kids = [size[id(c)] for c in _children(node)]
            total = 1 + sum(k[0] for k in kids)
            depth = 1 + max((k[1] for k in kids), default=0)
            if total > MAX_VALUES:
                raise _Problem(node, f"at most {MAX_VALUES:,} values once aliases are expanded "
                               "(is this an alias bomb?)")
            if depth > MAX_DEPTH:
                raise _Problem(node, f"nesting at most {MAX_DEPTH} levels deep once aliases are "
                               "expanded")
            size[key] = (total, depth)
            continue
        if key in size:
            continue
        if key in open_:
            raise _Problem(node, "no alias that refers to itself (a recursive structure)")
        open_.add(key)
        stack.append((node, True))
        stack.extend((c, False) for c in _children(node) if id(c) not in size)


def _path_to(root: Node, target: Node) -> str:
    """The field path of `target` below `root` (e.g. ``calendar.start``), or "" if not found."""
    stack: list[tuple[Node, str]] = [(root, "")]
    seen: set[int] = set()
    while stack:
        node, path = stack.pop()
        if node is target:
            return path
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, SequenceNode):
            stack.extend((c, f"{path}[{i}]") for i, c in enumerate(node.value))
        elif isinstance(node, MappingNode):
            for k, v in node.value:
                name = k.value if isinstance(k, ScalarNode) else "?"
                sub = f"{path}.{name}" if path else str(name)
                if k is target:
                    return sub
                stack.append((v, sub))
    return ""


def check_input_path(path: str | Path, error: type[UserError] = UserError,
                     what: str = "a data file") -> Path:
    """The path as a `Path`, if it names a readable regular file; else a located `UserError`."""
    text = str(path)
    if not text.strip():
        raise error("command line", "FILE", f"{what} (an empty name was given)", text)
    p = Path(text)
    if p.is_dir():
        raise error("command line", "FILE", f"{what}, not a directory", text)
    return p


def read_text(path: str | Path, error: type[UserError] = UserError, what: str = "a data file") -> str:
    """The text of a UTF-8 file (a leading byte-order mark is dropped)."""
    p = check_input_path(path, error, what)
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise error(p, "(whole file)", f"{what} of at most {MAX_BYTES // (1024 * 1024)} MiB",
                        f"{size:,} bytes")
        data = p.read_bytes()
    except FileNotFoundError:
        raise error("command line", "FILE", f"an existing file ({what})", str(p)) from None
    except OSError as err:
        raise error(p, "(whole file)", f"a readable file ({what})", err.strerror) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        column = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        raise error(p, f"line {line} column {column}", "UTF-8 text (save the file as UTF-8)",
                    f"byte 0x{data[err.start]:02x}") from None


def read_yaml(path: str | Path, error: type[UserError] = UserError) -> object:
    """Parse a YAML file into plain data; every problem is one located `error`."""
    text = read_text(path, error, "a YAML file")
    loader: _Loader | None = None
    root: Node | None = None
    try:
        loader = _Loader(text)  # the reader refuses control characters here already
        root = loader.get_single_node()
        if root is None:
            return None
        _check_expansion(root)
        return loader.construct_document(root)
    except _Problem as err:
        mark = err.problem_mark
        field = _path_to(root, err.node) if root is not None else ""
        where = f"line {mark.line + 1} column {mark.column + 1}"
        got = err.got if err.got is None or len(str(err.got)) <= 40 else str(err.got)[:37] + "..."
        raise error(path, f"{field} ({where})" if field else where, err.expected, got) from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"line {mark.line + 1} column {mark.column + 1}" if mark else "YAML"
        problem = getattr(err, "problem", None) or str(err).splitlines()[0]
        raise error(path, where, f"valid YAML ({problem})") from None
    except RecursionError:  # belt and braces: the composer's limit comes first
        raise error(path, "", f"nesting at most {MAX_DEPTH} levels deep") from None
    finally:
        if loader is not None:
            loader.dispose()


def read_csv_rows(path: str | Path, error: type[UserError] = UserError) -> list[tuple[int, list[str]]]:
    """The rows of a CSV file as (line number, cells); blank rows included."""
    text = read_text(path, error, "a CSV file")
    rows: list[tuple[int, list[str]]] = []
    reader = csv.reader(text.splitlines())
    try:
        for cells in reader:
            for i, cell in enumerate(cells):
                if len(cell) > MAX_CELL:
                    raise error(path, f"row {reader.line_num}, column {i + 1}",
                                f"a cell of at most {MAX_CELL:,} characters", f"{len(cell):,} characters")
            rows.append((reader.line_num, cells))
    except csv.Error as err:
        raise error(path, f"row {max(1, reader.line_num)}",
                    f"a well-formed CSV row (cells of at most {MAX_CELL:,} characters, no NUL byte)",
                    str(err)) from None
    return rows


def read_json(path: str | Path, error: type[UserError] = UserError) -> object:
    """Parse a JSON file (e.g. a sweep manifest); every problem is one located `error`."""
    text = read_text(path, error, "a JSON file")
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise error(path, f"line {err.lineno} column {err.colno}", f"valid JSON ({err.msg})") from None
    except RecursionError:
        raise error(path, "", f"JSON nesting at most {MAX_DEPTH} levels deep") from None
