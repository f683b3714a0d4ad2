"""Teaching commands: play, report, app.

Core function: `register`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from negotiation_sim.cli import args as types
from negotiation_sim.cli.scenario_commands import parse_date, parse_sets
from negotiation_sim.errors import UserError

__all__ = ["register"]

CLI = "command line"


def _positive(value: int, option: str) -> int:
    if value < 1:
        raise UserError(CLI, option, "a positive number", value)
    return value


def _input_lines(args: argparse.Namespace):
    """Lines from --moves, piped standard input, or the keyboard; and whether to echo them."""
    from negotiation_sim.datafile import read_text
    from negotiation_sim.teaching.console import script_lines

    if args.moves:
        path = Path(args.moves)
        if not path.is_file():
            raise UserError(CLI, "--moves", "an existing moves file (one move or command per line)", str(path))
        return script_lines(read_text(path, UserError, "a moves file").splitlines()), True
    if not sys.stdin.isatty():
        return script_lines(sys.stdin), True
    return iter(sys.stdin.readline, ""), False


def cmd_play(args: argparse.Namespace) -> int:
    from negotiation_sim.teaching.console import play_console
    from negotiation_sim.teaching.debrief import debrief
    from negotiation_sim.teaching.session import PlaySession
    from negotiation_sim.teaching.transcript import save_session

    seeds = _positive(args.seeds, "--seeds")
    session = PlaySession(args.scenario, args.actor, seed=args.seed, params=parse_sets(args.set),
                          branch=parse_date(args.start, "--from"))
    lines, echo = _input_lines(args)
    if args.save and not Path(args.save).resolve().parent.is_dir():
        raise UserError(CLI, "--save", "a file in an existing folder", args.save)
    try:
        play_console(session, lines, sys.stdout, echo=echo)
    except KeyboardInterrupt:
        print("\n(interrupted: the session stops here)")
        session.stop("quit")
    print(f"\nComparing your path with history and with the model's free play over {seeds} seeds ...")
    d = debrief(session, seeds=seeds)
    print("\n".join(d.lines()))
    if args.save:
        save_session(session, args.save, d)
        print(f"\nsession saved to {args.save} (make a report: negotiation-sim report --from-session "
              f"{args.save} --out report.html)")
    session.close()
    return 0


def _write(doc, out: str) -> Path:
    from negotiation_sim.report.html import write_html
    from negotiation_sim.report.markdown import write_markdown

    path = Path(out)
    if path.suffix.lower() not in (".html", ".htm", ".md", ".markdown"):
        raise UserError(CLI, "--out", "a file name ending in .html or .md", out)
    if not path.resolve().parent.is_dir():
        raise UserError(CLI, "--out", "a file in an existing folder", out)
    return write_html(doc, path) if path.suffix.lower() in (".html", ".htm") else write_markdown(doc, path)


def cmd_report(args: argparse.Namespace) -> int:
    from negotiation_sim.analysis.fidelity import fidelity
    from negotiation_sim.api import prepare, run
    from negotiation_sim.model.intervention import build_counterfactual
    from negotiation_sim.report.contrast import paired_contrast
    from negotiation_sim.report.document import run_report, session_report

    seeds = _positive(args.seeds, "--seeds")
    types.check_output_file(args.out, "--out", (".html", ".htm", ".md", ".markdown"), ".html or .md")
    if args.from_session:
        if args.intervention or args.set or args.mode:
            raise UserError(CLI, "--from-session", "no --intervention, --set or --mode with a session "
                            "(the session file fixes them)")
        from negotiation_sim.teaching.debrief import advice_table, debrief
        from negotiation_sim.teaching.transcript import load_session, saved_debrief

        session = load_session(args.from_session)
        if args.scenario and args.scenario not in (session.ref, session.sc.id):
            raise UserError(CLI, "scenario", f"the session's scenario ({session.sc.id}) or none",
                            args.scenario)
        d = saved_debrief(args.from_session) or debrief(session, seeds=seeds)  # as shown when played
        doc = session_report(session.sc, d, session.result(), fidelity(session.sc, seeds=seeds),
                             advice_table(session))
        session.close()
    else:
        if not args.scenario:
            raise UserError(CLI, "scenario", "a scenario id or file (or --from-session FILE)")
        sc = prepare(args.scenario, parse_sets(args.set))
        branch = parse_date(args.branch, "--branch", sc)
        cf = build_counterfactual(sc, args.intervention, branch) if args.intervention else None
        mode = "counterfactual" if cf else (args.mode or "free")
        result = run(sc, mode=mode, seed=args.seed, intervention=cf, branch=branch,
                     params=parse_sets(args.set))
        contrast = paired_contrast(sc, cf, seeds=seeds) if cf else None
        doc = run_report(sc, result, fidelity(sc, seeds=seeds), contrast)
    path = _write(doc, args.out)
    print(f"wrote {path}")
    return 0


def cmd_app(args: argparse.Namespace) -> int:
    from negotiation_sim.app.server import serve

    if args.scenario:
        from negotiation_sim.scenario.loader import load_scenario

        load_scenario(args.scenario)  # a bad name fails here, in one line
    return serve(port=args.port, scenario=args.scenario, open_browser=not args.no_browser)


def cmd_classroom(args: argparse.Namespace) -> int:
    import importlib.util

    from negotiation_sim.classroom.report import load_room
    from negotiation_sim.classroom.room import ClassRoom
    from negotiation_sim.classroom.seats import Setup

    missing = [m for m in ("starlette", "uvicorn") if importlib.util.find_spec(m) is None]
    if missing:
        raise UserError(CLI, "classroom", "the app extra to be installed (pip install \"negotiation-sim[app]\")",
                        ", ".join(missing) + " missing")
    if not 1 <= args.port <= 65535:
        raise UserError(CLI, "--port", "a port from 1 to 65535", args.port)
    host = args.host or "127.0.0.1"
    if args.resume:
        if args.scenario or args.seats:
            raise UserError(CLI, "--resume", "no scenario or --seats with --resume (the file fixes them)")
        room = load_room(args.resume)
        state = Path(args.resume)
    else:
        if not args.scenario or not args.seats:
            raise UserError(CLI, "classroom", "a scenario and --seats ACTOR[,ACTOR...] (or --resume FILE)")
        sc_params = parse_sets(args.set)
        setup = Setup(args.scenario, tuple(a.strip() for a in args.seats.split(",") if a.strip()),
                      args.start, args.deadline, args.seed, tuple(sorted(sc_params.items())),
                      _positive(args.debrief_seeds, "--debrief-seeds"))
        if args.start is not None:
            parse_date(args.start, "--start")
        room = ClassRoom(setup)
        state = Path(args.state or f"class-{room.sc.id}-{room.code}.json")
        if not state.resolve().parent.is_dir():
            raise UserError(CLI, "--state", "a file in an existing folder", str(state))
    from negotiation_sim.classroom.web import serve

    try:
        return serve(room, host, args.port, state)
    except KeyboardInterrupt:
        return 0


def cmd_brief(args: argparse.Namespace) -> int:
    from negotiation_sim.api import prepare
    from negotiation_sim.teaching.handout import write_handout

    sc = prepare(args.scenario, parse_sets(args.set))
    ids = [a.id for a in sc.actors]
    if args.actor not in ids:
        raise UserError(CLI, "--as", f"one of the actors ({', '.join(ids)})", args.actor)
    start = parse_date(args.start, "--from", sc) if args.start else None
    out = Path(args.out or f"brief-{sc.id}-{args.actor}.html")
    if out.suffix.lower() not in (".html", ".htm"):
        raise UserError(CLI, "--out", "a file name ending in .html", str(out))
    if not out.resolve().parent.is_dir():
        raise UserError(CLI, "--out", "a file in an existing folder", str(out))
    write_handout(sc, args.actor, out, start)
    print(f"wrote {out} (print it from the browser: it is laid out for A4 and Letter)")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("play", help="take one side's seat against the model, then a debrief")
    p.add_argument("scenario", help="built-in scenario id (see `list`) or path to a YAML file")
    p.add_argument("--as", dest="actor", required=True, metavar="ACTOR", help="the actor you play")
    p.add_argument("--seed", type=types.seed, default=0, help="seed of the model's choices for the other actors")
    p.add_argument("--set", action="append", metavar="NAME=VALUE", help="set a declared parameter")
    p.add_argument("--from", dest="start", metavar="DATE",
                   help="replay history up to this date, then take over (default: play from the start)")
    p.add_argument("--moves", metavar="FILE", help="read moves from a file, one per line ('#' comments)")
    p.add_argument("--seeds", type=types.positive_int, default=50,
                   help="seeds of the model's free play in the debrief")
    p.add_argument("--save", metavar="FILE", help="save the session as JSON (for `report --from-session`)")
    p.set_defaults(func=cmd_play)

    p = sub.add_parser("report", help="a self-contained HTML (or Markdown) report of a run or a session")
    p.add_argument("scenario", nargs="?", help="built-in scenario id or path (omit with --from-session)")
    p.add_argument("--out", required=True, metavar="FILE", help="report.html or report.md")
    p.add_argument("--seeds", type=types.positive_int, default=50,
                   help="seeds for fidelity and the counterfactual contrast")
    p.add_argument("--seed", type=types.seed, default=0, help="seed of the run shown")
    p.add_argument("--mode", choices=["replay", "free"], help="mode of the run shown (default free)")
    p.add_argument("--set", action="append", metavar="NAME=VALUE", help="set a declared parameter")
    p.add_argument("--intervention", action="append", metavar="SPEC",
                   help="a declared counterfactual or an intervention string (see `run --help`); "
                        "adds a paired contrast over seeds")
    p.add_argument("--branch", metavar="DATE", help="branch date for intervention strings")
    p.add_argument("--from-session", metavar="FILE", help="report a saved `play` session")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("classroom", help="a class session: teams hold seats from their browsers, the model "
                       "plays the rest (needs the 'app' extra); localhost unless --host")
    p.add_argument("scenario", nargs="?", help="built-in scenario id or path (omit with --resume)")
    p.add_argument("--seats", metavar="ACTOR,...", help="the actors teams may hold, e.g. us,israel")
    p.add_argument("--start", metavar="DATE", help="replay history up to this date, then the class takes over")
    p.add_argument("--deadline", type=int, default=120, help="seconds per turn (10 to 3600)")
    p.add_argument("--seed", type=int, default=0, help="seed of the model's choices")
    p.add_argument("--set", action="append", metavar="NAME=VALUE", help="set a declared parameter")
    p.add_argument("--host", help="address to serve on (default 127.0.0.1; e.g. 0.0.0.0 for a room's network)")
    p.add_argument("--port", type=int, default=8766)
    p.add_argument("--state", metavar="FILE", help="where the session is saved (default class-SCENARIO-CODE.json)")
    p.add_argument("--resume", metavar="FILE", help="carry on a saved session after a restart")
    p.add_argument("--debrief-seeds", type=int, default=30, help="seeds of the model's free play in the debrief")
    p.set_defaults(func=cmd_classroom)

    p = sub.add_parser("brief", help="a printable role packet (HTML) for one seat of a scenario")
    p.add_argument("scenario", help="built-in scenario id or path to a YAML file")
    p.add_argument("--as", dest="actor", required=True, metavar="ACTOR", help="the seat")
    p.add_argument("--from", dest="start", metavar="DATE", help="the date the seat takes over (default: the start)")
    p.add_argument("--set", action="append", metavar="NAME=VALUE", help="set a declared parameter")
    p.add_argument("--out", metavar="FILE", help="the packet (default brief-SCENARIO-ACTOR.html)")
    p.set_defaults(func=cmd_brief)

    p = sub.add_parser("app", help="the classroom web app (needs the 'app' extra), on localhost only")
    p.add_argument("--scenario", help="scenario to open first (default: the first built-in)")
    p.add_argument("--port", type=types.port, default=8765)
    p.add_argument("--no-browser", action="store_true", help="do not open a browser window")
    p.set_defaults(func=cmd_app)
