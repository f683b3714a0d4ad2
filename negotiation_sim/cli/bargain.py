"""The ``bargain`` command: forecast one issue with a reference bargaining model.

Core functions: `register` (adds the subcommand) and `run_bargain` (its
handler). Input is a CSV (actor, capability, position, salience), a YAML file
with ``kind: bargaining``, or a built-in name such as ``ec_emissions``; see
docs/bargaining.md.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from negotiation_sim.bargaining.csv_input import Problem, read_problem
from negotiation_sim.bargaining.mesa_models import GROUP_MODELS, GroupBargainingModel
from negotiation_sim.cli import args as types
from negotiation_sim.errors import OutputError

__all__ = ["register", "run_bargain"]

_CHART_SUFFIXES = (".png", ".pdf", ".svg")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``bargain FILE --model M [--rounds N] [--out CHART]``."""
    p = subparsers.add_parser(
        "bargain", help="forecast one issue with a reference bargaining model",
        description="Forecast an issue from actors' capability, position and salience "
                    "(compromise, weighted median, or Bueno de Mesquita's expected-utility model).")
    p.add_argument("file", help="CSV file, YAML file with 'kind: bargaining', or a built-in name "
                                "(ec_emissions)")
    p.add_argument("--model", choices=sorted(GROUP_MODELS), default="bdm",
                   help="group model (default: bdm)")
    p.add_argument("--rounds", type=types.rounds, default=8, help="rounds to run, 1 to 1000 (default: 8)")
    p.add_argument("--seed", type=types.seed, default=0, help="model seed (the rules are deterministic)")
    p.add_argument("--out", help="write a chart of positions by round (.png, .pdf or .svg)")
    p.set_defaults(func=run_bargain)


def run_bargain(args: argparse.Namespace) -> int:
    """Run the chosen model, print forecast and rounds, optionally write a chart."""
    out = types.check_output_file(args.out, "--out", _CHART_SUFFIXES) if args.out is not None else None
    problem = read_problem(args.file)
    model = GROUP_MODELS[args.model](list(problem.actors), problem.issue, seed=args.seed)
    history = model.run(args.rounds)
    _print(problem, model, history)
    if out is not None:
        _chart(problem, model, history, out)
        print(f"chart written to {out}")
    return 0


def _rounds_table(problem: Problem, model: GroupBargainingModel) -> pd.DataFrame:
    """The rounds, with the published mean of each round beside ours when the file gives them."""
    table = model.rounds.copy()
    pub = problem.published.get("scholz_round_means")
    if model.rule == "bdm" and isinstance(pub, list) and pub:
        published = [problem.published.get("compromise", float("nan"))] + list(pub)
        table["published mean"] = [published[r] if r < len(published) else float("nan")
                                   for r in table["round"]]
        table["difference"] = table["mean"] - table["published mean"]
    return table


def _print(problem: Problem, model: GroupBargainingModel, history: pd.DataFrame) -> None:
    print(f"{problem.title or problem.issue.name}: {len(problem.actors)} actors, "
          f"model {model.rule}, {model.steps} rounds")
    table = _rounds_table(problem, model)
    print(table.to_string(index=False, float_format=lambda v: f"{v:.3f}", na_rep="-"))
    if "published mean" in table:
        gap = table["difference"].abs().max()
        print(f"  published mean: Scholz, Calbert and Smith (2011), Table 2 (round 0: the compromise); "
              f"largest difference {gap:.3f}")
    moves = history[(history["round"] > 0) & (history["offer"] != "")]
    for row in moves.itertuples():
        print(f"  round {row.round}: {row.actor} {_verb(row.offer)} {row.sender} "
              f"-> {row.position:.3f}")
    print(f"forecast ({model.rule}): {model.forecast:.3f}")
    pub = problem.published
    band = pub.get("bdm_forecast_range")
    if model.rule == "bdm" and isinstance(band, list) and len(band) == 2:
        inside = "inside" if band[0] <= model.forecast <= band[1] else "outside"
        print(f"published forecast range (Bueno de Mesquita 1994): {band[0]:g} to {band[1]:g}; "
              f"ours is {inside} it")
    if pub:
        parts = [f"{k} {v:g}" for k, v in pub.items() if not isinstance(v, list)]
        print("published: " + ", ".join(parts))


def _verb(kind: str) -> str:
    return {"conflict": "loses a conflict to", "compromise": "compromises with",
            "capitulation": "capitulates to"}.get(kind, kind)


def _chart(problem: Problem, model: GroupBargainingModel, history: pd.DataFrame, out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 4.5))
    for name, grp in history.groupby("actor", sort=False):
        ax.plot(grp["round"], grp["position"], marker="o", ms=3, lw=1, label=str(name))
    fc = history.groupby("round")["forecast"].first()
    ax.plot(fc.index, fc.values, color="black", lw=2.5, ls="--", label=f"forecast ({model.rule})")
    ax.set_xlabel("round")
    ax.set_ylabel(problem.issue.name)
    ax.set_ylim(problem.issue.low - 0.05 * problem.issue.span,
                problem.issue.high + 0.05 * problem.issue.span)
    ax.set_title(problem.title or problem.issue.name, fontsize=10)
    ax.legend(fontsize=7, ncol=2, loc="best")
    fig.tight_layout()
    try:
        fig.savefig(out)
    except OSError as err:
        raise OutputError(out, err.strerror or str(err), "the forecast above is complete") from None
    finally:
        plt.close(fig)
