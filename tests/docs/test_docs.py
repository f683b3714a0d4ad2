"""The documentation is checked against the code.

- docs/model.md holds exactly what docs/gen_tables.py generates (constants, moves, Rafah values);
- every `Mechanics` field has a source or reason;
- every complete scenario in a ```yaml block of docs/scenarios.md validates;
- every `negotiation-sim ...` line of docs/scenarios.md that names a built-in scenario or the
  worked example runs with exit code 0, and every ```python block runs.
"""

from __future__ import annotations

import importlib.util
import re
import shlex
from pathlib import Path
from typing import get_args

import pytest
import yaml

from tests.conftest import run_cli

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
MODEL_MD = DOCS / "model.md"
SCENARIOS_MD = DOCS / "scenarios.md"
MAX_SEEDS = 2


def _gen():
    spec = importlib.util.spec_from_file_location("gen_tables", DOCS / "gen_tables.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _blocks(text: str, lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", text, re.S)


def _scenarios_in_docs() -> list[dict]:
    out = []
    for block in _blocks(SCENARIOS_MD.read_text(encoding="utf-8"), "yaml"):
        data = yaml.safe_load(block)
        if isinstance(data, dict) and {"id", "title", "calendar", "actors"} <= set(data):
            out.append(data)
    return out


def _example_name() -> str:
    return f"{_scenarios_in_docs()[0]['id']}.yaml"


def _commands() -> list[str]:
    lines = []
    for block in _blocks(SCENARIOS_MD.read_text(encoding="utf-8"), "bash"):
        lines += [ln.strip() for ln in block.splitlines() if ln.strip().startswith("negotiation-sim ")]
    return lines


# -- generated tables ----------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["mechanics", "moves", "rafah"])
def test_generated_block_is_current(name):
    gen = _gen()
    text = MODEL_MD.read_text(encoding="utf-8")
    m = re.search(f"<!-- BEGIN GENERATED: {name} -->\n(.*?)\n<!-- END GENERATED: {name} -->", text, re.S)
    assert m, f"docs/model.md lacks the generated block {name!r}"
    assert m.group(1) == gen.render(name), (
        f"docs/model.md block {name!r} is stale: run `python docs/gen_tables.py --write`")


def test_every_mechanics_field_has_a_source():
    from negotiation_sim.model.mechanics import Mechanics

    sources = _gen().MECHANICS_SOURCES
    fields = set(Mechanics.model_fields)
    assert fields - set(sources) == set(), "add a source/reason in docs/gen_tables.py"
    assert set(sources) - fields == set(), "docs/gen_tables.py names fields Mechanics lacks"
    assert all(len(v) > 20 for v in sources.values())


def test_every_rafah_parameter_path_resolves():
    from negotiation_sim import load_scenario
    from negotiation_sim.scenario.params import resolve_path

    sc = load_scenario("rafah")
    for path in _gen().RAFAH_PARAMETERS:
        resolve_path(sc, path)


def test_every_move_is_in_the_catalogue():
    from negotiation_sim.moves import MOVES

    text = MODEL_MD.read_text(encoding="utf-8")
    for name in MOVES:
        assert f"`{name}`" in text


# -- scenarios.md ---------------------------------------------------------------------------------
def test_yaml_examples_validate():
    from negotiation_sim.scenario.loader import parse_scenario

    found = _scenarios_in_docs()
    assert found, "docs/scenarios.md should hold a complete worked example"
    for data in found:
        parse_scenario(data, "docs")


def test_guide_lists_every_metric_and_intervention_kind():
    from negotiation_sim.model.outcomes import METRICS
    from negotiation_sim.scenario.schema import InterventionSpec

    text = SCENARIOS_MD.read_text(encoding="utf-8")
    for name in METRICS:
        assert f"`{name}`" in text, name
    for kind in get_args(InterventionSpec.model_fields["kind"].annotation):
        assert f"`{kind}`" in text, kind


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    d = tmp_path_factory.mktemp("docs_example")
    text = SCENARIOS_MD.read_text(encoding="utf-8")
    for block in _blocks(text, "yaml"):
        data = yaml.safe_load(block)
        if isinstance(data, dict) and "id" in data and "actors" in data:
            (d / f"{data['id']}.yaml").write_text(block, encoding="utf-8")
    return d


def _runnable(argv: list[str]) -> bool:
    from negotiation_sim.scenario.loader import list_scenarios

    if len(argv) < 2:
        return True  # e.g. `list`
    builtin = {p.stem for p in list_scenarios()}
    return argv[1] in builtin or argv[1] == _example_name()


def _shrink_seeds(argv: list[str]) -> list[str]:
    out = list(argv)
    for i, a in enumerate(out[:-1]):
        if a == "--seeds" and int(out[i + 1]) > MAX_SEEDS:
            out[i + 1] = str(MAX_SEEDS)
    if argv[0] == "fidelity" and "--seeds" not in argv:
        out += ["--seeds", str(MAX_SEEDS)]
    return out


def test_guide_shows_commands():
    cmds = _commands()
    assert any(_example_name() in c for c in cmds)
    assert any(shlex.split(c)[1] == "fidelity" for c in cmds)


@pytest.mark.parametrize("line", _commands())
def test_command_runs(line, workdir):
    argv = shlex.split(line)[1:]
    if not _runnable(argv):
        pytest.skip("names a file the guide does not define")
    argv = _shrink_seeds(argv)
    proc = run_cli(*argv, cwd=workdir)  # the console script's main, in this process
    assert proc.returncode == 0, f"{line}\n{proc.stderr[-2000:]}"


@pytest.mark.parametrize("index", range(len(_blocks(SCENARIOS_MD.read_text(encoding="utf-8"), "python"))))
def test_python_example_runs(index, workdir, monkeypatch, capsys):
    code = _blocks(SCENARIOS_MD.read_text(encoding="utf-8"), "python")[index]
    monkeypatch.chdir(workdir)
    exec(compile(code, f"docs/scenarios.md python block {index}", "exec"), {})
