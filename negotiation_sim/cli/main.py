"""The `negotiation-sim` command line.

Core function: `main`. Each command group lives in its own module with a
`register(subparsers)` function; this module wires them together and turns
every `UserError` into one line on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from negotiation_sim.errors import UserError

__all__ = ["main", "build_parser", "COMMAND_MODULES"]

# Modules that add subcommands. Each defines register(subparsers).
COMMAND_MODULES = [
    "negotiation_sim.cli.scenario_commands",
    "negotiation_sim.cli.compare",
    "negotiation_sim.cli.bargain",
    "negotiation_sim.cli.experiment_commands",
    "negotiation_sim.cli.teaching_commands",
    "negotiation_sim.cli.validation_commands",
    "negotiation_sim.cli.calibration_commands",
]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own usage errors: exit 2, one line
        self.print_usage(sys.stderr)
        print(f"error: {message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser with every registered command."""
    parser = _Parser(prog="negotiation-sim",
                     description="Agent-based simulation of diplomatic negotiation (Mesa).")
    parser.add_argument("--version", action="version",
                        version=f"%(prog)s {importlib.import_module('negotiation_sim').__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except UserError as err:
        print(f"error: {err.message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
