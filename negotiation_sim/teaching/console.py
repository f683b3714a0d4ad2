"""The terminal loop of `negotiation-sim play`.

Core function: `play_console`. Lines come from any iterator (the keyboard, a
moves file, standard input), so a class can script a session and tests can
drive it. A refused line prints why and asks again; nothing is lost. The end
of the input ends the session, and the debrief covers what was played.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TextIO

from negotiation_sim.teaching.brief import role_brief
from negotiation_sim.teaching.commands import HELP, parse
from negotiation_sim.teaching.session import IllegalMove, PlaySession
from negotiation_sim.teaching.situation import label, menu_lines, situation_lines, why_lines

__all__ = ["play_console", "script_lines"]


def script_lines(lines: Iterator[str]) -> Iterator[str]:
    """Lines of a moves file: blank lines and '#' comments are skipped."""
    for line in lines:
        text = line.split("#", 1)[0].strip()
        if text:
            yield text


def play_console(session: PlaySession, lines: Iterator[str], out: TextIO, echo: bool = False,
                 prompt: Callable[[str], None] | None = None) -> None:
    """Play `session` to its end, reading moves from `lines` and writing to `out`.

    Args:
        session: A fresh session.
        lines: Input lines; the session ends when they run out.
        out: Where to write the brief, the turns and the messages.
        echo: Write each line read after the prompt (for scripted sessions).
        prompt: Called with the prompt text before each line is read (default: written to `out`).
    """
    def say(*text: str) -> None:
        print(*text, sep="\n", file=out)

    def ask(text: str) -> None:
        if prompt is not None:
            prompt(text)
        else:
            out.write(text)
            out.flush()

    ix = session.model.ix
    names = session.model.names
    counterpart = session.sc.actor(session.actor).first_counterpart
    role = session.sc.actor(session.actor).role
    say(*role_brief(session.sc, session.actor), "", "Type 'help' for the commands.", "")
    show = True
    while True:
        turn = session.next_turn()
        if turn is None:
            say("", f"The scenario has reached its end ({session.sc.calendar.end}).")
            return
        if show:
            say(*situation_lines(session, turn), *menu_lines(turn, names, counterpart))
            show = False
        ask(f"{session.name}, {turn.date} > ")
        try:
            text = next(lines)
        except StopIteration:
            say("", "(end of input: the session stops here)")
            session.stop("eof")
            return
        if echo:
            say(text)
        act = parse(text, turn, ix, session.actor, role)
        if act.kind == "error":
            say(f"  not accepted: {act.message}")
        elif act.kind == "help":
            say(HELP)
        elif act.kind == "brief":
            say(*role_brief(session.sc, session.actor))
        elif act.kind == "look":
            show = True
        elif act.kind == "why":
            say(*why_lines(session, turn, act.index))
        elif act.kind == "quit":
            say("", "(you ended the session)")
            session.stop("quit")
            return
        else:
            try:
                choice = (session.play_model_choice(text) if act.kind == "auto"
                          else session.play(act.move, act.target, text))
            except IllegalMove as err:
                say(f"  not accepted: {err}")
                continue
            if act.kind == "auto":
                say(f"  you play the model's own draw: {label(choice.key, names)}", "")
            else:
                adv = "" if choice.followed_advice else f" (the model advised {label(choice.advised, names)})"
                say(f"  you play {label(choice.key, names)}{adv}", "")
            if choice.overtaken:
                say("  it was not made: a move made before it this turn closed it (see the turn's moves)", "")
            show = True
