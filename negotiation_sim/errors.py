"""User-facing errors.

Core objects: `UserError` and its subclasses, and `OutputError`. Every mistake a user can make
in a scenario file, an experiment file, a CSV or on the command line is raised as a
`UserError`; the CLI prints its one-line message and exits with code 2. An output that cannot
be written (a full disk, a read-only directory, no permission) is an `OutputError`: one line,
exit code 3, and what was already written is kept. The conventions are in docs/errors.md.
"""

from __future__ import annotations

import reprlib
from pathlib import Path

__all__ = ["UserError", "ScenarioError", "ParameterError", "InterventionError", "OutputError",
           "EXIT_USER", "EXIT_OUTPUT", "EXIT_INTERRUPTED", "short_repr", "format_loc"]

EXIT_USER = 2          # a mistake in the input: a file, a value, an option
EXIT_OUTPUT = 3        # the output could not be written: disk full, read-only, no permission
EXIT_INTERRUPTED = 130  # Ctrl-C: finished work is kept

_REPR = reprlib.Repr()
_REPR.maxstring = 60
_REPR.maxother = 60
_REPR.maxlevel = 2
_REPR.maxlist = _REPR.maxtuple = _REPR.maxdict = _REPR.maxset = 4


def short_repr(value: object, limit: int = 60) -> str:
    """A repr of at most `limit` characters, built without walking all of a large value."""
    shown = _REPR.repr(value)
    return shown if len(shown) <= limit else shown[:limit - 3] + "..."


class UserError(Exception):
    """A mistake in user input, reported as one line without a traceback.

    Args:
        source: The file (or "command line") the mistake is in.
        field: Dotted path of the offending field, e.g. ``actors[1].members[0].influence``.
        expected: What was expected there, in plain words.
        got: What was found, if useful.
    """

    def __init__(self, source: str | Path, field: str, expected: str, got: object = None):
        self.source = str(source)
        self.field = field
        self.expected = expected
        self.got = got
        super().__init__(self.message)

    @property
    def message(self) -> str:
        where = f"{self.source}: {self.field}" if self.field else self.source
        text = f"{where}: expected {self.expected}"
        if self.got is not None:
            text += f", got {short_repr(self.got)}"
        return text


class ScenarioError(UserError):
    """A scenario file that cannot be read or validated."""


class ParameterError(UserError):
    """An unknown parameter or a value outside its declared range."""


class InterventionError(UserError):
    """A counterfactual intervention that names an unknown move, actor, event or date."""


class OutputError(Exception):
    """An output that could not be written: exit code 3, finished work kept.

    Args:
        target: The file or directory being written.
        reason: The system's reason (e.g. "No space left on device").
        advice: What to do next, e.g. "free space, then continue with --resume".
    """

    def __init__(self, target: str | Path, reason: str, advice: str = ""):
        self.target = str(target)
        self.reason = reason
        self.advice = advice
        super().__init__(self.message)

    @property
    def message(self) -> str:
        text = f"{self.target}: could not write ({self.reason})"
        return f"{text}; {self.advice}" if self.advice else text


def format_loc(loc: tuple) -> str:
    """A pydantic error location as a field path, e.g. ``actors[1].members[0].influence``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out
