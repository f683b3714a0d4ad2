"""docs/validation.md holds what `negotiation-sim validate` prints, and the fits it reports.

The default run regenerates the cheap blocks (the fits, the temporal split, which needs no free
play, and the hostage_deal episode in full); `pytest -m slow` regenerates every block (about 15
minutes on 2 cores). Regenerate with `python docs/gen_validation.py --write`.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"


def _gen():
    spec = importlib.util.spec_from_file_location("gen_validation", DOCS / "gen_validation.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    return gen


def _check(names: list[str]) -> None:
    gen = _gen()
    text = (DOCS / "validation.md").read_text(encoding="utf-8")
    for name, content in gen.render_all(names).items():
        m = re.search(gen._BLOCK.format(name=re.escape(name)), text, re.S)
        assert m, f"docs/validation.md lacks the generated block {name!r}"
        assert m.group(1) == content, (
            f"docs/validation.md block {name!r} is stale: run `python docs/gen_validation.py --write`")


def test_fits_and_temporal_split_match():
    _check(["fits", "temporal"])


def test_one_episode_block_matches_the_command():
    _check(["hostage_deal"])


@pytest.mark.slow
def test_every_block_matches_the_commands():
    _check([])
