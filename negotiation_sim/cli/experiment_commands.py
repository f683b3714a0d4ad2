"""Commands `sweep` and `analyze`: run an experiment file, summarise its results.

Core function: `register`. User mistakes (a bad spec, an output directory that
already holds another sweep) are raised as `UserError` and printed by
`negotiation_sim.cli.main` as one line with exit code 2.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from negotiation_sim.cli import args as types
from negotiation_sim.errors import OutputError, UserError

__all__ = ["register"]

_positive = types.positive_int


def _timeout(text: str) -> float:
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected seconds from 0.1 to 600, got {text!r}") from None
    if not 0.1 <= v <= 600:
        raise argparse.ArgumentTypeError(f"expected seconds from 0.1 to 600, got {text!r}")
    return v


def register(sub: argparse._SubParsersAction) -> None:
    """Add the `sweep` and `analyze` commands."""
    p = sub.add_parser("sweep", help="run an experiment file (a parameter and counterfactual sweep)",
                       description="Run every run of an experiment and stream results to a Parquet "
                                   "store. Local process pool by default.")
    p.add_argument("spec", help="experiment YAML file")
    p.add_argument("--out", type=Path, default=None,
                   help="output directory (default: runs/NAME beside the current directory)")
    p.add_argument("--workers", type=_positive, default=None,
                   help="worker processes (default: all cores)")
    p.add_argument("--scheduler", type=types.scheduler_address, default=None, metavar="ADDR",
                   help="run on a Dask distributed scheduler, e.g. tcp://HOST:8786")
    p.add_argument("--connect-timeout", type=_timeout, default=5.0, metavar="SECONDS",
                   help="how long to wait for --scheduler to answer (default: 5)")
    p.add_argument("--local-cluster", action="store_true",
                   help="start a Dask LocalCluster with --workers workers")
    p.add_argument("--serial", action="store_true", help="run in this process (debugging)")
    p.add_argument("--resume", action="store_true",
                   help="continue an interrupted sweep in --out: nothing lost, nothing run twice")
    p.add_argument("--chunk-size", type=_positive, default=None, help="runs per task")
    p.add_argument("--no-progress", action="store_true", help="hide the progress bar")
    p.set_defaults(func=_sweep)

    a = sub.add_parser("analyze", help="summarise a sweep directory: effects, Sobol indices, figures",
                       description="Write summary.md (and figures with --figures) into DIR and "
                                   "print the summary.")
    a.add_argument("dir", type=Path, help="a sweep output directory")
    a.add_argument("--by", nargs="*", default=[], metavar="PARAM",
                   help="estimate counterfactual effects separately for each value of these parameters")
    a.add_argument("--figures", action="store_true", help="also write PNG figures")
    a.set_defaults(func=_analyze)

    r = sub.add_parser("repair", help="keep the first copy of each run in a sweep directory",
                       description="Remove the duplicate rows that two sweeps writing to one "
                                   "directory at once could leave (older versions had no lock).")
    r.add_argument("dir", type=Path, help="a sweep output directory")
    r.set_defaults(func=_repair)


def _sweep(args: argparse.Namespace) -> int:
    from negotiation_sim.experiments.backends import make_backend
    from negotiation_sim.experiments.runner import make_plan, run_sweep

    from negotiation_sim.datafile import check_input_path

    check_input_path(args.spec, UserError, "an experiment YAML file")
    plan = make_plan(args.spec)  # validate before starting any worker
    out = args.out if args.out is not None else Path("runs") / plan.spec.name
    types.check_output_dir(out, create=False)  # a file there is refused before anything runs
    backend = make_backend(args.workers, args.scheduler, args.local_cluster, args.serial,
                           args.connect_timeout)
    try:
        summary = run_sweep(plan.spec, out, backend, resume=args.resume,
                            progress=not args.no_progress, chunk_size=args.chunk_size)
    except KeyboardInterrupt:
        print(f"interrupted: finished chunks are in {out}; continue with --resume", file=sys.stderr)
        return 130
    finally:
        backend.close()
    print(f"{summary.out}: {summary.already_done + summary.ran} of {summary.n_runs} runs "
          f"({summary.ran} now, {summary.errors} failed)")
    return 0


def _analyze(args: argparse.Namespace) -> int:
    from negotiation_sim.experiments.analysis import load_results, paired_effects, summary_markdown

    df = load_results(args.dir)
    m = df.attrs["manifest"]
    params = m["design"]["names"] + list(m["design"].get("fixed", {}))
    for i, b in enumerate(args.by):
        if b not in params:
            raise UserError("command line", f"--by[{i}]", f"a parameter of this sweep ({', '.join(params)})", b)
    text = summary_markdown(df, by=args.by)
    print(text, end="")  # the summary first: a full disk below loses nothing computed
    try:
        (args.dir / "summary.md").write_text(text, encoding="utf-8")
        if args.figures:
            from negotiation_sim.experiments.figures import effect_plot, heatmap

            names = m["design"]["names"]
            for o in m["outcomes"]:
                if m["design"]["method"] == "grid" and len(names) >= 2:
                    heatmap(df, names[0], names[1], o, path=args.dir / f"heatmap_{o}.png")
                if len(m["arms"]) > 1:
                    effect_plot(paired_effects(df, [o]), o, path=args.dir / f"effect_{o}.png")
    except OSError as err:
        raise OutputError(args.dir, err.strerror or str(err), "the summary is printed above") from None
    return 0


def _repair(args: argparse.Namespace) -> int:
    from negotiation_sim.experiments.store import ResultStore

    r = ResultStore(args.dir).repair()
    print(f"{args.dir}: kept {r.kept} parts, rewrote {r.rewritten}, removed {r.removed}; "
          f"dropped {r.dropped_rows} duplicate rows")
    return 0
