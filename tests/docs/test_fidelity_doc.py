"""docs/fidelity.md holds what `negotiation-sim fidelity NAME --seeds 200` prints, for every scenario.

The blocks are regenerated here (200 seeds per scenario, on two processes) and compared with the
file; regenerate with `python docs/gen_fidelity.py --write` after changing a model or a scenario.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_fidelity_doc_matches_the_command():
    spec = importlib.util.spec_from_file_location("gen_fidelity", DOCS / "gen_fidelity.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    text = (DOCS / "fidelity.md").read_text(encoding="utf-8")
    for name, content in gen.render_all(workers=2).items():
        m = re.search(gen._BLOCK.format(name=re.escape(name)), text, re.S)
        assert m, f"docs/fidelity.md lacks the generated block {name!r}"
        assert m.group(1) == content, (
            f"docs/fidelity.md block {name!r} is stale: run `python docs/gen_fidelity.py --write`")
