"""What a class session leaves behind: the class debrief, exports and a printable report.

Core functions: `class_debrief` (every team's path beside the record and the model's free
play: `teaching.debrief.compute_debrief` with one seat per team), `export_rows` and
`export_csv` / `export_json` (every choice, message and inject), `class_report` (a
`report.document.Document` for print) and `save_room` / `load_room` (the session on disk,
written atomically and readable by its owner only, since it holds the session's secrets).
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from pathlib import Path

import pandas as pd

from negotiation_sim.classroom.room import FORMAT, ClassRoom
from negotiation_sim.errors import UserError
from negotiation_sim.report.document import Document, Figure, Paragraph, Section, Table
from negotiation_sim.teaching.debrief import Debrief, SeatPlay, compute_debrief
from negotiation_sim.teaching.words import option_label

__all__ = ["class_debrief", "export_rows", "export_csv", "export_json", "class_report", "save_room",
           "load_room"]


def class_debrief(room: ClassRoom) -> Debrief:
    """The class debrief, computed once per session and kept on the room."""
    cached = getattr(room, "debrief", None)
    if cached is not None:
        return cached
    seats = [SeatPlay(a, s.team or room.names(a), room.choices(a)) for a, s in room.seats.items() if s.joined]
    until = None if room.ended == "complete" else room.last_date
    room.debrief = compute_debrief(room.sc, room.result(), seats, ended=room.ended or "stopped", until=until,
                                   branch=room.start, seeds=room.setup.debrief_seeds,
                                   params=dict(room.setup.params))
    return room.debrief


def export_rows(room: ClassRoom) -> list[dict]:
    """One row per choice of every seat (team, model or timeout), message and inject, in turn order."""
    names = room.names
    cal = room.model.calendar
    rows: list[dict] = []
    for entry in room.log:
        date = cal.date_of(entry["tick"]).isoformat()
        for key in entry["injects"]:
            rows.append({"kind": "inject", "turn": entry["tick"], "date": date, "seat": "", "team": "",
                         "decided_by": "instructor", "choice": dict(room.injects()).get(key, key), "key": key,
                         "to": "", "text": ""})
        rows += _choice_rows(room, entry, date)
    for m in room.messages:
        rows.append({"kind": "message", "turn": m.tick, "date": m.date, "seat": names(m.sender),
                     "team": room.seats[m.sender].team, "decided_by": "team", "choice": "", "key": "",
                     "to": names(m.to), "text": m.text})
    order = {"inject": 0, "choice": 1, "message": 2}
    return sorted(rows, key=lambda r: (r["turn"], order[r["kind"]]))


def _choice_rows(room: ClassRoom, entry: dict, date: str) -> list[dict]:
    recs = {d.actor: d for d in room.model.decisions if d.tick == entry["tick"]}
    out = []
    for actor, seat in room.seats.items():
        how = entry["how"][actor]
        if how == "model":
            key = recs[actor].chosen
        else:
            move, target = entry["choices"][actor]
            key = move if target is None else f"{move}:{target}"
        late = actor in entry.get("overtaken", ())
        out.append({"kind": "choice", "turn": entry["tick"], "date": date, "seat": room.names(actor),
                    "team": seat.team, "decided_by": how, "choice": option_label(key, room.names), "key": key,
                    "to": "", "text": "not made: an earlier move of the turn closed it" if late else ""})
    return out


def export_csv(room: ClassRoom) -> str:
    """The export as CSV text."""
    buf = io.StringIO()
    cols = ["kind", "turn", "date", "seat", "team", "decided_by", "choice", "key", "to", "text"]
    w = csv.DictWriter(buf, fieldnames=cols)
    w.writeheader()
    for r in export_rows(room):
        w.writerow(r)
    return buf.getvalue()


def export_json(room: ClassRoom) -> str:
    """The export as JSON: the setup, the teams, every row, and the debrief once the session ended."""
    data = {"scenario": room.sc.id, "title": room.sc.title, "seed": room.setup.seed,
            "start": room.setup.start, "teams": {a: s.team for a, s in room.seats.items() if s.joined},
            "rows": export_rows(room)}
    if room.ended:
        data["debrief"] = class_debrief(room).to_dict()
    return json.dumps(data, indent=1, default=str)


def class_report(room: ClassRoom) -> Document:
    """The printable class report: the teams, what happened, messages, and the class debrief."""
    from negotiation_sim.teaching.talks_chart import talks_chart

    d = class_debrief(room)
    names = room.names
    teams = ", ".join(f"{names(a)}: {s.team}" for a, s in room.seats.items() if s.joined) or "no team joined"
    doc = Document(f"{room.sc.title}: a class session", f"teams: {teams}")
    result = room.result()
    moves = pd.DataFrame([{"date": result.calendar.date_of(m.tick).isoformat(), "what": m.text,
                           "decided by": _decided_by(room, m)} for m in result.move_records],
                         columns=["date", "what", "decided by"])
    doc.sections.append(Section("class", "The session", [
        Paragraph(f"Seats played by teams: {teams}. The model played every other actor. {d.ended_note}"),
        Table(moves, "Every move, in order")]))
    if room.messages:
        msgs = pd.DataFrame([{"date": m.date, "from": names(m.sender), "to": names(m.to), "message": m.text}
                             for m in room.messages])
        doc.sections.append(Section("messages", "Messages between teams", [Table(msgs, "Messages")]))
    for t in room.sc.talks:
        doc.sections.append(Section(f"talks-{t.id}", "The talks", [Figure(
            talks_chart(room.sc, result, t.id), "Offer, limits and the zone of agreement", f"talks-{t.id}")]))
    blocks: list = [Paragraph(d.ended_note)] + [Table(f, c) for c, f in d.tables()]
    doc.sections.append(Section("debrief", "Class debrief", blocks))
    return doc


def _decided_by(room: ClassRoom, m) -> str:
    if m.origin == "record":
        return "history (replayed)"
    entry = next((e for e in room.log if e["tick"] == m.tick), None)
    if entry is None or m.actor not in entry["how"]:
        return "the model"
    how = entry["how"][m.actor]
    return {"team": room.seats[m.actor].team or "a team", "timeout": "time ran out",
            "model": "the model"}.get(how, how)


def save_room(room: ClassRoom, path: str | Path) -> Path:
    """Write the session atomically, readable by its owner only (it holds the secrets)."""
    path = Path(path)
    data = room.to_dict()
    if room.ended and getattr(room, "debrief", None) is not None:
        data["debrief"] = room.debrief.to_dict()
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".classroom-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=1, default=str)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return path


def load_room(path: str | Path) -> ClassRoom:
    """A saved session, rebuilt; one-line errors for a file that is not one."""
    src = str(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(src, "", "an existing class session file (written by `classroom`)") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise UserError(src, "", "a JSON class session file", str(err)) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise UserError(src, "format", f"'{FORMAT}'", data.get("format") if isinstance(data, dict) else None)
    try:
        room = ClassRoom.from_dict(data)
    except (KeyError, TypeError, ValueError) as err:
        raise UserError(src, "", "a class session that replays on this version", str(err)) from None
    if "debrief" in data:
        room.debrief = Debrief.from_dict(data["debrief"])
    return room
