"""Scenario commands: list, run, fidelity, explain.

Core function: `register`.
"""

from __future__ import annotations

import argparse
import datetime as dt

from negotiation_sim.cli import args as types
from negotiation_sim.errors import OutputError, UserError

__all__ = ["register", "parse_sets", "parse_date"]

CLI = "command line"


def parse_sets(items: list[str] | None) -> dict[str, float]:
    """`NAME=VALUE` pairs from --set."""
    out: dict[str, float] = {}
    for item in items or []:
        name, eq, value = item.partition("=")
        if not eq or not name:
            raise UserError(CLI, "--set", "NAME=VALUE", item)
        try:
            out[name] = float(value)
        except ValueError:
            raise UserError(CLI, f"--set {name}", "a number", value) from None
    return out


def parse_date(text: str | None, option: str, scenario=None) -> dt.date | None:
    """A YYYY-MM-DD date, checked against the scenario's calendar if given."""
    if text is None:
        return None
    try:
        d = dt.date.fromisoformat(text)
    except ValueError:
        raise UserError(CLI, option, "a date as YYYY-MM-DD", text) from None
    if scenario is not None:
        c = scenario.calendar
        if not c.start <= d <= c.end:
            raise UserError(CLI, option, f"a date from {c.start} to {c.end}", text)
    return d


def _add_common(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario", help="built-in scenario id (see `list`) or path to a YAML file")
    p.add_argument("--set", action="append", metavar="NAME=VALUE", help="set a declared parameter")


def cmd_list(args: argparse.Namespace) -> int:
    from negotiation_sim.scenario.loader import list_scenarios, load_scenario

    for path in list_scenarios():
        sc = load_scenario(path)
        print(f"{sc.id:<18}{sc.calendar.start} to {sc.calendar.end}  {sc.title}")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from negotiation_sim.api import prepare, run
    from negotiation_sim.model.intervention import build_counterfactual
    from negotiation_sim.report.narrative import narrative, outcome_lines

    sc = prepare(args.scenario, parse_sets(args.set))
    until = parse_date(args.until, "--until", sc)
    branch = parse_date(args.branch, "--branch", sc)
    mode = args.mode or ("counterfactual" if args.intervention else "replay")
    cf = build_counterfactual(sc, args.intervention, branch) if args.intervention else None
    out = types.check_output_dir(args.out) if args.out is not None else None  # before the run
    result = run(sc, mode=mode, seed=args.seed, intervention=cf, branch=branch, until=until)
    if not args.quiet:
        print("\n".join(narrative(result, sc)))
        print()
    print("\n".join(outcome_lines(result, sc)))
    if out is not None:
        from negotiation_sim.report.charts import timeline_chart

        try:
            result.timeline.to_csv(out / "timeline.csv")
            result.moves.to_csv(out / "moves.csv", index=False)
            result.decisions.to_csv(out / "decisions.csv", index=False)
            result.outcome_table().to_csv(out / "outcomes.csv", index=False)
            timeline_chart(result, sc, out / "timeline.png")
        except OSError as err:
            raise OutputError(out, err.strerror or str(err), "the narrative above is complete; "
                              "free space or choose another --out") from None
        print(f"\nwrote timeline.csv, moves.csv, decisions.csv, outcomes.csv, timeline.png to {out}")
    return 0


def cmd_fidelity(args: argparse.Namespace) -> int:
    from negotiation_sim.analysis.fidelity import fidelity

    table = fidelity(args.scenario, seeds=args.seeds, params=parse_sets(args.set),
                     tolerance_days=args.tolerance)
    print("\n".join(table.lines()))
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    from negotiation_sim.api import prepare, run
    from negotiation_sim.report.narrative import explain_decision

    sc = prepare(args.scenario, parse_sets(args.set))
    date = parse_date(args.date, "--date", sc)
    ids = [a.id for a in sc.actors]
    if args.actor not in ids:
        raise UserError(CLI, "--actor", f"one of the actors ({', '.join(ids)})", args.actor)
    result = run(sc, mode=args.mode, seed=args.seed, until=date)
    d = result.decision(date, args.actor)
    if d is None:
        raise UserError(CLI, "--date", f"a date after the start {sc.calendar.start} (no decision at tick 0)",
                        args.date)
    print("\n".join(explain_decision(d, sc)))
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("list", help="list the built-in scenarios")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("run", help="run a scenario and print a dated narrative and its outcomes")
    _add_common(p)
    p.add_argument("--mode", choices=["replay", "free", "counterfactual"],
                   help="replay the record (default), play freely, or branch (implied by --intervention)")
    p.add_argument("--seed", type=types.seed, default=0, help="run seed (an integer >= 0)")
    p.add_argument("--until", metavar="DATE", help="stop after this date (YYYY-MM-DD)")
    p.add_argument("--intervention", action="append", metavar="SPEC",
                   help="a declared counterfactual or remove:ACTOR:MOVE, force:ACTOR:MOVE[:TARGET]@DATE, "
                        "set:PARAM=VALUE, state:SLOT=VALUE, drop-event:ID (repeatable)")
    p.add_argument("--branch", metavar="DATE", help="branch date for a counterfactual")
    p.add_argument("--out", metavar="DIR", help="write CSV tables and a PNG chart here")
    p.add_argument("--quiet", action="store_true", help="print only the outcomes")
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("fidelity", help="how often free play makes each recorded move near its date")
    _add_common(p)
    p.add_argument("--seeds", type=types.positive_int, default=200)
    p.add_argument("--tolerance", type=types.days, metavar="DAYS",
                   help="date tolerance, 0 to 365 days (default: the scenario's)")
    p.set_defaults(func=cmd_fidelity)

    p = sub.add_parser("explain", help="why an actor chose what it chose on a date")
    _add_common(p)
    p.add_argument("--date", required=True, metavar="DATE")
    p.add_argument("--actor", required=True)
    p.add_argument("--mode", choices=["replay", "free"], default="replay")
    p.add_argument("--seed", type=types.seed, default=0)
    p.set_defaults(func=cmd_explain)
