"""What a player may type at the prompt, parsed into an action or a clear refusal.

Core function: `parse`. Accepted input: a number from the menu; ``move`` or
``move target`` (also ``move:target``); ``auto`` (play the model's own draw);
``why N`` or ``why move [target]``; ``help``, ``brief``, ``look``, ``quit``.
Anything else is refused with a message that says what would be accepted;
nothing is played.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from negotiation_sim.model.index import ScenarioIndex
from negotiation_sim.moves import MOVES, moves_for_role
from negotiation_sim.teaching.session import Turn

__all__ = ["Action", "parse", "HELP"]

HELP = """Type one of:
  N                 the move numbered N in the list
  MOVE [TARGET]     a move by its short name, e.g. 'wait' (the target may be left out if only one fits)
  auto              play the move the model itself would draw for your seat
  why N             why the model scores option N as it does (also 'why MOVE [TARGET]')
  look              show the situation and your options again
  brief             show your role brief again
  help              this text
  quit              end the session now and see the debrief"""


@dataclass(frozen=True)
class Action:
    """A parsed input: `kind` is play, auto, why, look, brief, help, quit or error."""

    kind: str
    move: str | None = None
    target: str | None = None
    index: int | None = None
    message: str = ""


def _error(text: str) -> Action:
    return Action("error", message=text)


def _option(turn: Turn, token: str) -> Action | int:
    try:
        n = int(token)
    except ValueError:
        return _error(f"'{token}' is not a number")
    if not 1 <= n <= len(turn.options):
        return _error(f"there is no option {n}: choose 1 to {len(turn.options)}")
    return n - 1


def _move(words: list[str], turn: Turn, ix: ScenarioIndex, actor: str, role: str) -> Action:
    """(move, target) from words, or an error naming the problem."""
    if len(words) == 1 and ":" in words[0]:
        words = words[0].split(":", 1)
    name = words[0].lower()
    if len(words) > 2:
        return _error(f"too many words: type MOVE [TARGET], e.g. '{turn.options[0].replace(':', ' ')}'")
    mine = {m.name: m for m in moves_for_role(role)}
    if name not in MOVES:
        close = difflib.get_close_matches(name, list(mine), n=1)
        hint = f" Did you mean '{close[0]}'?" if close else " Type 'look' to see your options."
        return _error(f"unknown move '{words[0]}'.{hint}")
    if name not in mine:
        return _error(f"'{name}' is not a move a {role} can make. Type 'look' to see your options.")
    targets = [t for t in ix.targets(mine[name], actor) if t is not None]
    target = words[1] if len(words) == 2 else None
    if not targets:
        if target is not None:
            return _error(f"'{name}' takes no target")
    elif target is None:
        if len(targets) > 1:
            return _error(f"'{name}' needs a target: one of {', '.join(targets)}")
        target = targets[0]
    elif target not in targets:
        return _error(f"'{target}' is not a target of '{name}': use one of {', '.join(targets)}")
    return Action("play", name, target)


def parse(text: str, turn: Turn, ix: ScenarioIndex, actor: str, role: str) -> Action:
    """Parse one line typed at the prompt for this turn."""
    words = text.strip().split()
    if not words:
        return _error("nothing typed: enter a number, a move, or 'help'")
    head = words[0].lower()
    if head in ("help", "?", "h"):
        return Action("help")
    if head in ("brief", "look", "auto") and len(words) == 1:
        return Action(head)
    if head in ("quit", "exit", "q"):
        return Action("quit")
    if head == "why":
        if len(words) == 1:
            return _error("why what? type 'why N' with an option number")
        if words[1].isdigit():
            got = _option(turn, words[1])
            return got if isinstance(got, Action) else Action("why", index=got)
        act = _move(words[1:], turn, ix, actor, role)
        if act.kind == "error":
            return act
        key = act.move if act.target is None else f"{act.move}:{act.target}"
        if key not in turn.options:
            return _error(f"{key.replace(':', ' on ')} is not open now, so the model did not score it")
        return Action("why", index=turn.options.index(key))
    if head.lstrip("-").isdigit():
        got = _option(turn, head)
        if isinstance(got, Action):
            return got
        move, _, target = turn.options[got].partition(":")
        return Action("play", move, target or None, index=got)
    return _move(words, turn, ix, actor, role)
