"""The package's imports flow one way: no module imports, even inside a function, a module that
imports it back.

Every `import` and `from ... import` of a `negotiation_sim` module counts, at the top of a file
or inside a function (a deferred import still ties the two modules), and so does the package
`__init__` that importing a submodule runs. Imports under `if TYPE_CHECKING:` (annotations
only, never executed) do not count. A circle makes the import order decide whether the package
loads, and hides which layer depends on which (STYLE: scenario file -> validated scenario ->
model -> run result -> report or store -> analysis).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import negotiation_sim

ROOT = Path(negotiation_sim.__file__).parent
PACKAGE = "negotiation_sim"


def _modules() -> dict[str, Path]:
    out = {}
    for path in ROOT.rglob("*.py"):
        parts = (PACKAGE,) + path.relative_to(ROOT).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for stmt in node.body:
                skip.update(id(n) for n in ast.walk(stmt))
    return skip


def import_graph() -> dict[str, set[str]]:
    """Module -> the package's modules it imports (executed imports only)."""
    mods = _modules()

    def known(name: str) -> str | None:
        while name and name not in mods:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {m: set() for m in mods}
    for mod, path in mods.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _type_checking_nodes(tree)
        for node in ast.walk(tree):
            if id(node) in skip:
                continue
            targets: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith(PACKAGE):
                targets = [known(f"{node.module}.{a.name}") or known(node.module) for a in node.names]
            elif isinstance(node, ast.Import):
                targets = [known(a.name) for a in node.names if a.name.startswith(PACKAGE)]
            for t in targets:
                if t is None or t == mod:
                    continue
                graph[mod].add(t)
                # importing a.b.c runs a.b's __init__ (the top package's is the entry point)
                parts = t.split(".")
                for i in range(2, len(parts)):
                    pkg = ".".join(parts[:i])
                    if pkg in mods and not mod.startswith(pkg + ".") and pkg != mod:
                        graph[mod].add(pkg)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle (a list of modules, the first repeated at the end), or None."""
    state: dict[str, int] = {}  # 1 on the path, 2 done
    path: list[str] = []

    def visit(v: str) -> list[str] | None:
        state[v] = 1
        path.append(v)
        for w in sorted(graph[v]):
            if state.get(w) == 1:
                return path[path.index(w):] + [w]
            if w not in state:
                found = visit(w)
                if found:
                    return found
        path.pop()
        state[v] = 2
        return None

    for v in sorted(graph):
        if v not in state:
            found = visit(v)
            if found:
                return found
    return None


def test_the_package_has_no_import_circle():
    cycle = find_cycle(import_graph())
    assert cycle is None, "import circle: " + " -> ".join(cycle)


@pytest.mark.parametrize("edges, circle", [
    ({"a": {"b"}, "b": {"a"}}, True),
    ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, True),
    ({"a": {"b", "c"}, "b": {"c"}, "c": set()}, False),
])
def test_find_cycle_sees_a_circle_and_only_a_circle(edges, circle):
    assert (find_cycle(edges) is not None) == circle


def test_the_graph_sees_deferred_imports_and_the_package_init_but_not_annotations():
    graph = import_graph()
    # scenario/checks.py reads the model's moves inside a function: still an edge
    assert "negotiation_sim.model.index" in graph["negotiation_sim.scenario.checks"]
    # importing negotiation_sim.moves.base runs negotiation_sim/moves/__init__.py
    assert {"negotiation_sim.moves.base", "negotiation_sim.moves"} <= graph["negotiation_sim.model.decision"]
    # state.py names Scenario under TYPE_CHECKING only
    assert not any(t.startswith("negotiation_sim.scenario") for t in graph["negotiation_sim.model.state"])
