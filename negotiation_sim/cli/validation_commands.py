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


def parse_day(text: str | None, option: str):
    """A YYYY-MM-DD date from the command line (None when not given)."""
    import datetime as dt

    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UserError(CLI, option, "a date as YYYY-MM-DD", text) from None


def read_fit(path: str) -> dict[str, float]:
    """The fitted values (path -> value) of a `calibrate` output: its fit.json, or its directory."""
    import json
    import math
    from pathlib import Path

    p = Path(path)
    if p.is_dir():
        p = p / "fit.json"
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        raise UserError(p, "", "a readable fit.json written by `negotiation-sim calibrate`",
                        getattr(err, "strerror", None) or type(err).__name__) from None
    except json.JSONDecodeError as err:
        raise UserError(p, f"line {err.lineno}", "valid JSON") from None
    values = data.get("values") if isinstance(data, dict) else None
    if not isinstance(values, dict) or not all(
            isinstance(k, str) and isinstance(v, (int, float)) and not isinstance(v, bool)
            and math.isfinite(v) for k, v in values.items()):
        raise UserError(p, "values", "a mapping of parameter paths to finite numbers")
    return {k: float(v) for k, v in values.items()}


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
    fitted = read_fit(args.fit) if args.fit else None
    after = parse_day(args.after, "--after")
    for k, name in enumerate(names):
        rep = validate(name, seeds=args.seeds, params=params, tolerance_days=args.tolerance,
                       shifts=shifts, workers=args.workers, fitted=fitted, after=after)
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
                   help="processes for free play from 2,000 seeds on; below, one process is faster "
                   "(default: up to 2)")
    p.add_argument("--fit", metavar="FIT", help="score with the values of a fit (a calibrate output "
                   "directory or its fit.json), e.g. one that left this scenario out")
    p.add_argument("--after", metavar="DATE", help="score the replay log score only on observations "
                   "after this date (the test part of a temporal split)")
    p.set_defaults(func=cmd_validate)
