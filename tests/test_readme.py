"""The README's commands work as written (small seed counts to stay fast)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli

README = (ROOT / "README.md").read_text()


def test_readme_opens_with_the_two_commands():
    blocks = re.findall(r"```bash\n(.*?)```", README, flags=re.S)
    assert blocks[0].strip() == "pip install . && negotiation-sim run rafah"
    assert blocks[1].strip() == 'pip install ".[test]" && pytest'
    ci = (ROOT / ".ci" / "run").read_text()
    assert 'pip install ".[test]" && pytest' in ci


def _cli_examples() -> list[str]:
    """The commands of the README's third bash block (its CLI tour), comments dropped."""
    block = re.findall(r"```bash\n(.*?)```", README, flags=re.S)[2]
    return [line.split("#")[0].strip() for line in block.strip().splitlines()]


def test_the_cli_tour_is_found():
    assert len(_cli_examples()) >= 5 and all(c.startswith("negotiation-sim ") for c in _cli_examples())


# One test per command, so that parallel workers share them (each is a process start).
@pytest.mark.parametrize("cmd", _cli_examples())
def test_readme_cli_examples_run(tmp_path, cmd):
    args = shlex.split(cmd)[1:]
    if "--seeds" in args:
        args[args.index("--seeds") + 1] = "2"
    if "--out" in args:
        args[args.index("--out") + 1] = str(tmp_path)
    r = run_cli(*args)
    assert r.returncode == 0, (cmd, r.stderr)


def test_readme_python_example_runs():
    code = re.findall(r"```python\n(.*?)```", README, flags=re.S)[0]
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102 - our own README
    assert namespace["result"].outcomes


def test_readme_validation_table_is_the_docs_block():
    """The README's validation table is the summary block of docs/validation.md, which
    tests/docs/test_validation_doc.py regenerates from `negotiation-sim validate`."""
    doc = (Path(__file__).resolve().parents[1] / "docs" / "validation.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- BEGIN GENERATED: summary -->\n(.*?)\n<!-- END GENERATED: summary -->", doc, re.S)
    assert block and block.group(1) in README
