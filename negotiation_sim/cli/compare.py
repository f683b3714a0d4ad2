"""The `compare` command: factual and counterfactual outcome distributions side by side.

Core function: `register`.
"""

from __future__ import annotations

import argparse

from negotiation_sim.cli import args as types
from negotiation_sim.errors import OutputError

__all__ = ["register"]


def cmd_compare(args: argparse.Namespace) -> int:
    from negotiation_sim.analysis.compare import compare
    from negotiation_sim.api import prepare
    from negotiation_sim.cli.scenario_commands import parse_date

    sc = prepare(args.scenario)
    branch = parse_date(args.branch, "--branch", sc)
    if args.out is not None:
        types.check_output_file(args.out, "--out", (".csv",))
    result = compare(sc, args.intervention, seeds=args.seeds, branch=branch, level=args.level)
    print("\n".join(result.lines()))
    if args.out:
        try:
            result.table.to_csv(args.out, index=False)
        except OSError as err:
            raise OutputError(args.out, err.strerror or str(err), "the comparison above is complete") from None
        print(f"\nwrote {args.out}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("compare", help="paired factual vs counterfactual outcomes over the same seeds")
    p.add_argument("scenario", help="built-in scenario id or path to a YAML file")
    p.add_argument("--intervention", action="append", required=True, metavar="SPEC",
                   help="a declared counterfactual or an intervention string (repeatable)")
    p.add_argument("--seeds", type=types.at_least_two, default=100)
    p.add_argument("--branch", metavar="DATE", help="branch date (default: the counterfactual's)")
    p.add_argument("--level", type=types.open_probability, default=0.95,
                   help="confidence level of the interval, strictly between 0 and 1")
    p.add_argument("--out", metavar="CSV", help="write the comparison table here")
    p.set_defaults(func=cmd_compare)
