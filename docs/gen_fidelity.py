"""Regenerate the measured blocks of docs/fidelity.md from `negotiation-sim fidelity`.

Each block sits between ``<!-- BEGIN GENERATED: NAME -->`` and ``<!-- END GENERATED: NAME -->``:
``summary`` (one row per scenario) and one block per scenario holding exactly what
``negotiation-sim fidelity NAME --seeds 200`` prints. ``tests/docs/test_fidelity_doc.py`` fails
when a block is stale, so the figures in the docs are the ones the command prints.

    python docs/gen_fidelity.py --write      # rewrite the blocks (about a minute on 2 cores)
    python docs/gen_fidelity.py              # print them
"""

from __future__ import annotations

import argparse
import functools
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from gen_tables import replace_blocks  # noqa: E402

from negotiation_sim.analysis.fidelity import FidelityTable, fidelity  # noqa: E402
from negotiation_sim.api import run  # noqa: E402
from negotiation_sim.scenario.loader import load_scenario  # noqa: E402

SCENARIOS = ["rafah", "iran_response", "bomb_shipment", "hostage_deal", "lebanon_pivot", "campaign_2024"]
SEEDS = 200
DOC = Path(__file__).with_name("fidelity.md")
_BLOCK = "<!-- BEGIN GENERATED: {name} -->\n(.*?)\n<!-- END GENERATED: {name} -->"


def _cadence(days: int) -> str:
    return {1: "daily", 7: "weekly"}.get(days, f"{days}-day")


def _replay(name: str) -> str:
    sc = load_scenario(name)
    moves = run(sc, mode="replay", seed=0).moves
    bad = int((~moves.legal).sum())
    legal = "legal" if not bad else f"{bad} fail their precondition"
    return f"all {len(sc.record)} on their dates, {legal}"


CONTRASTS = [("iran_response", "prior_notice", ["lowest_political_trust", "retaliation_size"]),
             ("iran_response", "no_restraint", ["retaliation_size", "highest_rung", "war"]),
             ("hostage_deal", "no_majdal_shams", ["deal", "hamas_outside"]),
             ("lebanon_pivot", "no_majdal_shams", ["us_backed", "highest_rung"])]


def contrasts_block(seeds: int = 100) -> str:
    """Paired contrasts of the declared counterfactuals, as `negotiation-sim compare` computes them."""
    from negotiation_sim.analysis.compare import compare

    rows = ["| scenario, counterfactual | outcome | factual | counterfactual | difference [95% CI] |",
            "|---|---|---|---|---|"]
    for name, cf, outcomes in CONTRASTS:
        t = compare(name, cf, seeds=seeds).table.set_index("outcome")
        for k, o in enumerate(outcomes):
            r = t.loc[o]
            label = f"`{name}`, `{cf}`" if k == 0 else ""
            rows.append(f"| {label} | {o} | {r.factual_mean:.3f} | {r.cf_mean:.3f} | "
                        f"{r.difference:+.3f} [{r.ci_low:+.3f}, {r.ci_high:+.3f}] |")
    return "\n".join(rows)


def render_all(workers: int = 2) -> dict[str, str]:
    with ProcessPoolExecutor(workers) as pool:
        # `fidelity` itself goes to the workers: this file may be loaded under any module name.
        tables: dict[str, FidelityTable] = dict(
            zip(SCENARIOS, pool.map(functools.partial(fidelity, seeds=SEEDS), SCENARIOS)))
    rows = ["| scenario | ticks | tolerance | fidelity, all recorded moves | sourced moves only | replay |",
            "|---|---|---|---|---|---|"]
    for name, t in tables.items():
        sc = load_scenario(name)
        sourced = f"{t.overall_sourced:.2f}" if (t.table.sourced == "modelled").any() else "(all sourced)"
        rows.append(f"| `{name}` | {_cadence(sc.calendar.tick_days)} | {t.tolerance_days} days | "
                    f"{t.overall:.2f} | {sourced} | {_replay(name)} |")
    out = {"summary": "\n".join(rows), "contrasts": contrasts_block()}
    for name, t in tables.items():
        out[name] = "```text\n" + "\n".join(t.lines()) + "\n```"
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    blocks = render_all(args.workers)
    if args.write:
        DOC.write_text(replace_blocks(DOC.read_text(encoding="utf-8"), blocks), encoding="utf-8")
        print(f"rewrote {', '.join(blocks)} in {DOC}")
    else:
        for name, content in blocks.items():
            print(f"<!-- BEGIN GENERATED: {name} -->\n{content}\n<!-- END GENERATED: {name} -->\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
