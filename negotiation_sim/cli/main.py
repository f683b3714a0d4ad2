"""The `negotiation-sim` command line.

Core function: `main`. Each command group lives in its own module with a
`register(subparsers)` function; this module wires them together and turns
every `UserError` into one line on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
from collections.abc import Sequence

from negotiation_sim.errors import EXIT_INTERRUPTED, EXIT_OUTPUT, EXIT_USER, OutputError, UserError
from negotiation_sim.model import kernels

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


_ARGPARSE = [  # argparse's own messages, as "WHERE: expected WHAT[, got X]"
    (re.compile(r"^unrecognized arguments: (?P<where>.+)$"), "{where}: expected an option of this command"),
    (re.compile(r"^the following arguments are required: (?P<where>.+)$"), "{where}: expected this argument"),
    (re.compile(r"^argument (?P<where>[^:]+): invalid choice: (?P<got>\S+) \(choose from (?P<what>.+)\)$"),
     "{where}: expected one of {what}, got {got}"),
    (re.compile(r"^argument (?P<where>[^:]+): invalid (?P<what>\S+) value: (?P<got>.+)$"),
     "{where}: expected a value of type {what}, got {got}"),
    (re.compile(r"^argument (?P<where>[^:]+): expected (?P<what>.+)$"), "{where}: expected {what}"),
    (re.compile(r"^argument (?P<where>[^:]+): (?P<what>.+)$"), "{where}: expected a valid value ({what})"),
]


def _one_line(message: str) -> str:
    for pattern, form in _ARGPARSE:
        m = pattern.match(message)
        if m:
            return form.format(**m.groupdict())
    return message


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own usage errors: exit 2, one line
        print(f"error: command line: {_one_line(message)} (see {self.prog} --help)", file=sys.stderr)
        raise SystemExit(EXIT_USER)


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
        return EXIT_USER
    try:
        kernels.selected()  # a bad NEGOTIATION_SIM_KERNEL is a user error before any work starts
        return int(args.func(args) or 0)
    except UserError as err:
        print(f"error: {err.message}", file=sys.stderr)
        return EXIT_USER
    except OutputError as err:
        print(f"error: {err.message}", file=sys.stderr)
        return EXIT_OUTPUT
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
