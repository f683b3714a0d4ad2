"""Calibration command: calibrate (fit a shared parameter set by likelihood).

Core function: `register`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
from pathlib import Path

from negotiation_sim.errors import UserError

__all__ = ["register"]

CLI = "command line"


def _date(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UserError(CLI, option, "a date as YYYY-MM-DD", text) from None


def _check_paths_exist(space, episodes) -> None:
    from negotiation_sim.calibration.objective import Objective

    unused = Objective(space, episodes).unused
    if unused:
        raise UserError(space.id, "parameters", "paths that exist in at least one episode", unused[0])


def cmd_calibrate(args: argparse.Namespace) -> int:
    from negotiation_sim.calibration.castfile import check_cast_paths, write_cast
    from negotiation_sim.calibration.fit import fit, load_episodes
    from negotiation_sim.calibration.objective import Window
    from negotiation_sim.calibration.report import report_lines
    from negotiation_sim.calibration.space import load_space

    for opt, v, lo in (("--starts", args.starts, 0), ("--workers", args.workers, 1),
                       ("--max-evals", args.max_evals, 1), ("--seed", args.seed, 0)):
        if v < lo:
            raise UserError(CLI, opt, f"a whole number >= {lo}", v)
    space = load_space(args.space)
    check_cast_paths(space.cast, [p.path for p in space.parameters], args.space)
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise UserError(CLI, "--out", "a directory (or a path to create one at)", args.out)
    names = list(space.episodes)
    for h in args.hold_out or []:
        if h not in names:
            raise UserError(CLI, "--hold-out", f"one of the training episodes ({', '.join(names)})", h)
        names.remove(h)
    if not names:
        raise UserError(CLI, "--hold-out", "at least one episode left to fit on")
    window = Window(until=_date(args.until, "--until"))
    episodes = load_episodes(space, names, Path(args.space).parent)
    if args.hold_out:  # a path in no episode at all is a typo, not a held-out actor
        _check_paths_exist(space, episodes + load_episodes(space, args.hold_out, Path(args.space).parent))
    else:
        _check_paths_exist(space, episodes)
    out.mkdir(parents=True, exist_ok=True)
    import sys

    def progress(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    warm = None
    if args.warm:
        if args.hold_out or args.until:  # the cast's values were fitted on what is held out
            raise UserError(CLI, "--warm", "a fit on every episode and date (not with --hold-out or --until)",
                            "--hold-out" if args.hold_out else "--until")
        from negotiation_sim.calibration.fit import current_values

        warm = current_values(space, episodes)
    result = fit(space, episodes, starts=args.starts, workers=args.workers,
                 max_evals=args.max_evals, seed=args.seed, window=window, progress=progress, warm=warm)
    write_cast(space.cast, result.values, out / "cast.yaml")
    (out / "fit.json").write_text(json.dumps(result.to_json(), indent=1, default=str))
    lines = report_lines(space, result)
    (out / "report.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    if args.in_place:
        write_cast(space.cast, result.values, space.cast)
        print(f"\nwrote the fitted values into {space.cast}")
    print(f"\nwrote cast.yaml, fit.json and report.md to {out}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("calibrate", help="fit a cast's shared parameters by the replay log score "
                       "(maximum a posteriori, many starts)")
    p.add_argument("space", help="a calibration space file (e.g. calibration/space_2024.yaml)")
    p.add_argument("--out", required=True, metavar="DIR", help="where cast.yaml, fit.json and report.md go")
    p.add_argument("--starts", type=int, default=8, help="Latin-hypercube starts besides the priors' centre (default 8)")
    p.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1), help="processes (default: up to 2)")
    p.add_argument("--max-evals", type=int, default=4000, help="objective evaluations per start (default 4000)")
    p.add_argument("--seed", type=int, default=0, help="seed of the Latin hypercube")
    p.add_argument("--hold-out", action="append", metavar="EPISODE", help="leave this training episode out (repeatable)")
    p.add_argument("--until", metavar="DATE", help="fit only on observations up to this date (a temporal split)")
    p.add_argument("--warm", action="store_true",
                   help="also start from the cast's current values (refine an earlier fit after a mechanism "
                        "lands; a fit on every episode only)")
    p.add_argument("--in-place", action="store_true", help="also write the fitted values into the cast file itself")
    p.set_defaults(func=cmd_calibrate)
