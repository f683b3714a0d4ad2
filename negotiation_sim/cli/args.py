"""Argument types and output-path checks shared by the commands.

Core functions: the argparse types (`seed`, `positive_int`, `days`, `open_probability`,
`rounds`, `scheduler_address`, `port`) and `check_output_dir` / `check_output_file`. A bad
number is refused by argparse before any work starts, as one line (``error: command line:
--seed: expected an integer >= 0, got '-1'``) with exit code 2; an output path that cannot be
used is refused before the run, not after it.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import uuid
from pathlib import Path

from negotiation_sim.errors import OutputError, UserError

__all__ = ["seed", "positive_int", "at_least_two", "days", "open_probability", "rounds",
           "scheduler_address", "port", "check_output_dir", "check_output_file", "CLI"]

CLI = "command line"


def _int(text: str, lo: int, hi: int | None, what: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected {what}, got {text!r}") from None
    if n < lo or (hi is not None and n > hi):
        raise argparse.ArgumentTypeError(f"expected {what}, got {text!r}")
    return n


def seed(text: str) -> int:
    """A seed: an integer >= 0 (NumPy's seeding takes no negative numbers)."""
    return _int(text, 0, 2**63 - 1, "an integer seed from 0 to 2**63-1")


def positive_int(text: str) -> int:
    """An integer >= 1."""
    return _int(text, 1, None, "a positive number (an integer >= 1)")


def at_least_two(text: str) -> int:
    """An integer >= 2 (a paired comparison needs two seeds for an interval)."""
    return _int(text, 2, None, "an integer >= 2")


def days(text: str) -> int:
    """A tolerance in days, 0 to 365 (the range a scenario's fidelity rule accepts)."""
    return _int(text, 0, 365, "a number of days from 0 to 365")


def rounds(text: str) -> int:
    """Rounds of a bargaining model, 1 to 1000."""
    return _int(text, 1, 1000, "a number of rounds from 1 to 1000")


def port(text: str) -> int:
    """A TCP port, 1 to 65535."""
    return _int(text, 1, 65535, "a port from 1 to 65535")


def open_probability(text: str) -> float:
    """A number strictly between 0 and 1 (a confidence level)."""
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number strictly between 0 and 1, got {text!r}") from None
    if not (math.isfinite(v) and 0.0 < v < 1.0):
        raise argparse.ArgumentTypeError(f"expected a number strictly between 0 and 1, got {text!r}")
    return v


_ADDRESS = re.compile(r"^(?:(?P<scheme>tcp|tls|ws|wss|ucx)://)?(?P<host>\[[0-9A-Fa-f:]+\]|[A-Za-z0-9_.-]+)"
                      r":(?P<port>\d{1,5})/?$")


def scheduler_address(text: str) -> str:
    """A Dask scheduler address: ``[tcp|tls|ws|wss|ucx://]HOST:PORT`` (port 1 to 65535)."""
    m = _ADDRESS.match(text.strip())
    if m is None or not 1 <= int(m.group("port")) <= 65535:
        raise argparse.ArgumentTypeError(
            f"expected a scheduler address such as tcp://HOST:8786, got {text!r}")
    return text.strip()


def _probe(directory: Path, shown: str) -> None:
    """Create and delete a small file in `directory`; `OutputError` if that fails."""
    probe = directory / f".write-probe-{uuid.uuid4().hex[:8]}"
    try:
        with open(probe, "wb") as f:
            f.write(b"x")
            f.flush()
            os.fsync(f.fileno())
    except OSError as err:
        raise OutputError(shown, err.strerror or str(err), "choose a writable place for the output") from None
    finally:
        try:
            probe.unlink()
        except OSError:
            pass


def _existing_ancestor(path: Path, option: str, raw: str) -> Path:
    for parent in [path, *path.parents]:
        if parent.exists():
            if not parent.is_dir():
                raise UserError(CLI, option, f"a path whose folders are directories ({parent} is a file)",
                                raw)
            return parent
    return Path(".")


def check_output_dir(path: str | Path, option: str = "--out", create: bool = True) -> Path:
    """An output directory that exists (or can be made) and can be written to.

    Raises:
        UserError: It names an existing file, or an empty string (exit code 2).
        OutputError: It cannot be created or written to (exit code 3).
    """
    raw = str(path)
    if not raw.strip():
        raise UserError(CLI, option, "a directory name", raw)
    p = Path(raw)
    if p.exists() and not p.is_dir():
        raise UserError(CLI, option, "a directory (a file of that name exists)", raw)
    _existing_ancestor(p, option, raw)
    if create:
        try:
            p.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise OutputError(p, err.strerror or str(err), f"choose a writable {option}") from None
        _probe(p, raw)
    return p


def check_output_file(path: str | Path, option: str = "--out",
                      suffixes: tuple[str, ...] | None = None, kinds: str | None = None) -> Path:
    """An output file in an existing folder that can be written to (checked before any work).

    Raises:
        UserError: A directory, a missing folder or a suffix not in `suffixes` (described as
            `kinds`, e.g. ".html or .md") (exit code 2).
        OutputError: The folder cannot be written to (exit code 3).
    """
    raw = str(path)
    p = Path(raw)
    if not raw.strip():
        raise UserError(CLI, option, "a file name", raw)
    if suffixes is not None and p.suffix.lower() not in suffixes:
        raise UserError(CLI, option, f"a file name ending in {kinds or ' or '.join(suffixes)}", raw)
    if p.is_dir():
        raise UserError(CLI, option, "a file name (a directory of that name exists)", raw)
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.is_dir():
        raise UserError(CLI, option, "a file in an existing folder", raw)
    _probe(parent, raw)
    return p
