"""A play session saved as JSON, and rebuilt from it.

Core functions: `save_session`, `load_session`. The file keeps the scenario,
seed, parameters, branch date, the seat and every move with the model's advice;
loading replays those moves through a fresh `PlaySession` (same seed, same
choices, same run), so a report can be written from a class's session later.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from negotiation_sim.errors import UserError
from negotiation_sim.scenario.loader import scenario_hash
from negotiation_sim.teaching.session import IllegalMove, PlaySession

__all__ = ["save_session", "load_session", "saved_debrief", "FORMAT"]

FORMAT = "negotiation-sim play session"


def save_session(session: PlaySession, path: str | Path, debrief=None) -> Path:
    """Write the session's setup and moves as JSON, with its debrief if given (shown as computed)."""
    data = {
        "format": FORMAT,
        "version": 1,
        "scenario": session.ref,
        "scenario_id": session.sc.id,
        "scenario_hash": scenario_hash(session.sc),
        "actor": session.actor,
        "seed": session.seed,
        "params": dict(session.params),
        "branch": session.branch.isoformat() if session.branch else None,
        "ended": session.ended,
        "moves": [{"tick": c.tick, "date": c.date.isoformat(), "move": c.move, "target": c.target,
                   "advised": c.advised, "advised_probability": round(c.advised_probability, 4),
                   "probability": round(c.probability, 4), "typed": c.text, **({"drawn": True} if c.drawn else {}),
                   **({"overtaken": True} if c.overtaken else {})} for c in session.choices],
    }
    if debrief is not None:
        data["debrief"] = debrief.to_dict()
    path = Path(path)
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    return path


def _need(data: dict, key: str, kind: type | tuple, src: str):
    if key not in data or not isinstance(data[key], kind):
        raise UserError(src, key, f"a field '{key}' of a play session file", data.get(key))
    return data[key]


def saved_debrief(path: str | Path):
    """The debrief saved with a session file, or None (older files have none)."""
    from negotiation_sim.teaching.debrief import Debrief

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return Debrief.from_dict(data["debrief"]) if isinstance(data, dict) and "debrief" in data else None
    except (OSError, ValueError, TypeError, KeyError):
        return None


def load_session(path: str | Path) -> PlaySession:
    """Rebuild a saved session by replaying its moves; one-line errors for a bad file."""
    src = str(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(src, "", "an existing play session file (written by `play --save`)") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise UserError(src, "", "a JSON play session file", str(err)) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise UserError(src, "format", f"'{FORMAT}'", data.get("format") if isinstance(data, dict) else None)
    branch = data.get("branch")
    try:
        branch = dt.date.fromisoformat(branch) if branch else None
    except (TypeError, ValueError):
        raise UserError(src, "branch", "a date as YYYY-MM-DD or null", branch) from None
    session = PlaySession(_need(data, "scenario", str, src), _need(data, "actor", str, src),
                          seed=_need(data, "seed", int, src), params=_need(data, "params", dict, src),
                          branch=branch)
    if data.get("scenario_hash") and data["scenario_hash"] != scenario_hash(session.sc):
        raise UserError(src, "scenario_hash", "the scenario as it was when the session was played "
                        "(the scenario file has changed since)", data["scenario_hash"])
    for k, mv in enumerate(_need(data, "moves", list, src)):
        turn = session.next_turn()
        if turn is None:
            raise UserError(src, f"moves[{k}]", "no more moves than the scenario has turns")
        if not isinstance(mv, dict) or not isinstance(mv.get("move"), str):
            raise UserError(src, f"moves[{k}].move", "a move name", mv)
        if mv.get("date") and mv["date"] != turn.date.isoformat():
            raise UserError(src, f"moves[{k}].date", f"{turn.date} (the turn's date on replay)", mv["date"])
        try:
            session.play(mv["move"], mv.get("target"), mv.get("typed", ""), drawn=bool(mv.get("drawn", False)))
        except IllegalMove as err:
            raise UserError(src, f"moves[{k}]", f"a legal move on replay ({err})") from None
    ended = data.get("ended") or "eof"
    if ended in ("quit", "eof"):
        session.stop(ended)
    else:
        session.next_turn()
    return session
