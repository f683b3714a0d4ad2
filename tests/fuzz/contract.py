"""The contract every malformed input must meet, checked by running it (docs/errors.md).

Core objects: `Outcome` and `check_case`: write a `Case`'s files, run its command line through
the console script's `main` in this process (with an alarm for hangs), and list the ways it
broke the contract: a traceback, a hang, an accepted input, not one line with exit code 2, a
message without a place, output written, a YAML tag executed.
"""

from __future__ import annotations

import signal
from dataclasses import dataclass
from pathlib import Path

from tests.fuzz.mutations import Case

__all__ = ["Outcome", "check_case"]


@dataclass
class Outcome:
    """What happened when a case ran: the failure classes it falls in (empty: it passed)."""

    case: Case
    code: int | None
    stderr: str
    failures: list[str]


class _Hang(Exception):
    pass


def _located(line: str, case: Case, workdir: Path) -> bool:
    """The message names the file (or the command line) and a place in it."""
    text = line.removeprefix("error: ")
    sources = ["command line"] if case.target == "command line" else [str(workdir / case.target)]
    if case.kind == "campaign":  # an error may be in the campaign file or in an episode
        sources = [str(workdir / n) for n in case.files] + ["command line"]
    if case.kind == "cli" and text.startswith(str(workdir)):  # a file the command line names
        sources = [text.split(": ")[0]]
    for source in sources:
        if text.startswith(source + ": "):
            rest = text[len(source) + 2:]
            return not rest.startswith("expected") and ": expected" in rest
    return False


def check_case(case: Case, workdir: Path, timeout: float = 60) -> Outcome:
    """Write the case's files under `workdir`, run it in-process, and classify the result."""
    from tests.conftest import run_cli

    for name, data in case.files.items():
        p = workdir / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    argv = [a.replace("{d}", str(workdir)) for a in case.argv]

    def alarm(signum, frame):
        raise _Hang()

    old = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    failures: list[str] = []
    code, stderr = None, ""
    try:
        r = run_cli(*argv, cwd=workdir)
        code, stderr = r.returncode, r.stderr
    except _Hang:
        failures.append("hang")
    except BaseException as err:  # anything main() lets escape is a traceback for the user
        failures.append("traceback")
        stderr = f"{type(err).__name__}: {err}"[:300]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    if not failures:
        lines = stderr.strip().splitlines()
        if code == 0:
            failures.append("accepted")
        elif code != 2 or len(lines) != 1 or not lines[0].startswith("error: "):
            failures.append("not one line with exit 2")
        elif not _located(lines[0], case, workdir):
            failures.append("unlocated")
    if (workdir / "PWNED").exists():
        failures.append("executed a YAML tag")
    if code != 0 and any((workdir / o).exists() for o in case.outputs):
        failures.append("wrote output")
    return Outcome(case, code, stderr, failures)
