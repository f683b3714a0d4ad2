"""Validation commands: validate (proper scores against null rules).

Core function: `register`.
"""

from __future__ import annotations

import argparse
import os

from negotiation_sim.cli.scenario_commands import parse_sets
from negotiation_sim.errors import UserError

__all__ = ["register"]

CLI = "command line"


def _scenarios_with_record() -> list[str]:
    from negotiation_sim.scenario.loader import list_scenarios, load_scenario

    return [load_scenario(p).id for p in list_scenarios() if load_scenario(p).record]


def cmd_validate(args: argparse.Namespace) -> int:
    from negotiation_sim.validation import validate

    if args.seeds < 0:
        raise UserError(CLI, "--seeds", "a number of seeds >= 0", args.seeds)
    if args.tolerance is not None and args.tolerance < 0:
        raise UserError(CLI, "--tolerance", "a number of days >= 0", args.tolerance)
    if args.shift < 0:
        raise UserError(CLI, "--shift", "a number of days >= 0", args.shift)
    if args.workers < 1:
        raise UserError(CLI, "--workers", "at least one worker", args.workers)
    names = args.scenario or _scenarios_with_record()
    shifts = (-args.shift, args.shift) if args.shift else ()
    params = parse_sets(args.set)
    for k, name in enumerate(names):
        rep = validate(name, seeds=args.seeds, params=params, tolerance_days=args.tolerance,
                       shifts=shifts, workers=args.workers)
        if k:
            print()
        print("\n".join(rep.lines()), flush=True)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="proper scores of the model against null rules, with skill and CIs")
    p.add_argument("scenario", nargs="*", help="scenario ids or paths (default: every built-in one with a record)")
    p.add_argument("--set", action="append", metavar="NAME=VALUE", help="set a declared parameter")
    p.add_argument("--seeds", type=int, default=100, help="free-play seeds per rule (default 100)")
    p.add_argument("--tolerance", type=int, metavar="DAYS", help="matching tolerance (default: the scenario's)")
    p.add_argument("--shift", type=int, default=7, metavar="DAYS",
                   help="also score with every modelled event moved by -DAYS and +DAYS (0: skip; default 7)")
    p.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1),
                   help="processes for free play (default: up to 2)")
    p.set_defaults(func=cmd_validate)
