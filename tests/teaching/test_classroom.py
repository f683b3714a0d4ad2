"""Class sessions without a browser: turns, the clock, injects, the rebuild after a restart, security."""

from __future__ import annotations

import importlib.util
import json

import numpy as np
import pytest

from negotiation_sim.classroom.report import class_debrief, export_csv, load_room, save_room
from negotiation_sim.classroom.room import ClassRoom
from negotiation_sim.classroom.seats import RoomError, Setup
from negotiation_sim.errors import UserError

WEB = importlib.util.find_spec("starlette") is not None and importlib.util.find_spec("httpx") is not None


class Clock:
    def __init__(self):
        self.t = 0.0

    def __call__(self):
        return self.t


def _room(clock, seats=("us", "israel"), **kw):
    return ClassRoom(Setup("rafah", tuple(seats), deadline=60, seed=3, debrief_seeds=2, **kw), clock=clock)


def test_a_turn_resolves_when_every_joined_seat_has_moved_or_the_deadline_passes():
    clock = Clock()
    room = _room(clock)
    us = room.join(room.code, "us", "A")
    room.resume()
    first = room.turn.tick
    room.choose(us, room.options("us")[0])  # israel's seat is empty: the model plays it
    assert room.turn.tick == first + 1 and room.log[-1]["how"] == {"us": "team", "israel": "model"}
    il = room.join(room.code, "israel", "B")
    room.choose(us, room.options("us")[0])
    assert room.turn.tick == first + 1  # israel's team has not chosen yet
    clock.t += 61
    room.poll()
    assert room.log[-1]["how"] == {"us": "team", "israel": "timeout"}
    assert room.log[-1]["choices"]["israel"] == ["wait", None]
    room.pause()
    with pytest.raises(RoomError, match="paused"):
        room.choose(il, room.options("israel")[0])
    clock.t += 1000
    room.poll()  # paused: the clock does not run
    assert len(room.log) == 2
    room.skip()
    assert len(room.log) == 3


def test_seats_codes_and_options_are_checked():
    room = _room(Clock())
    with pytest.raises(RoomError, match="join code"):
        room.join("AAAA-AAAA", "us", "x")
    seat = room.join(room.code.lower(), "us", "x")  # codes are read aloud: case does not matter
    with pytest.raises(RoomError, match="taken"):
        room.join(room.code, "us", "y")
    room.resume()
    with pytest.raises(RoomError, match="not open"):
        room.choose(seat, "act_unilaterally:rafah")  # a move of the other seat
    old = seat.token
    room.free_seat("us")
    assert room.seat_of(old) is None and not room.seats["us"].joined
    with pytest.raises(UserError, match="--seats"):
        ClassRoom(Setup("rafah", ("nato",)))
    with pytest.raises(UserError, match="--deadline"):
        ClassRoom(Setup("rafah", ("us",), deadline=1))


def test_a_saved_session_rebuilds_to_the_same_state_after_a_restart(tmp_path):
    clock = Clock()
    room = _room(clock)
    us, il = room.join(room.code, "us", "A"), room.join(room.code, "israel", "B")
    room.resume()
    for k in range(12):
        room.choose(us, room.options("us")[-1 if k % 3 == 0 else 0])
        room.choose(il, room.options("israel")[-1])
        if k == 4:
            room.inject("event:aid_convoy_strike")
        if k == 7:
            room.inject("counterfactual:no_hold")
    room.send(us, "israel", "talk to us")
    room.choose(us, room.options("us")[0])  # pending in the open turn
    path = save_room(room, tmp_path / "s.json")
    assert oct(path.stat().st_mode & 0o777) == "0o600"  # it holds the secrets
    back = load_room(path)
    assert np.array_equal(back.model.x, room.model.x)
    assert [m.text for m in back.model.moves] == [m.text for m in room.model.moves]
    assert back.turn.tick == room.turn.tick and back.turn.pending == room.turn.pending
    assert back.seat_of(us.token).team == "A" and back.code == room.code and back.messages == room.messages
    assert back.paused  # a restarted session waits for the instructor
    with pytest.raises(UserError, match="a JSON class session file"):
        (tmp_path / "bad.json").write_text("{")
        load_room(tmp_path / "bad.json")


def test_class_debrief_and_export_cover_every_team(tmp_path):
    room = _room(Clock())
    us, il = room.join(room.code, "us", "Doves"), room.join(room.code, "israel", "Hawks")
    room.resume()
    for _ in range(5):
        room.choose(us, room.options("us")[0])
        room.choose(il, room.options("israel")[-1])
    room.send(il, "us", "we go ahead")
    room.stop()
    d = class_debrief(room)
    assert [s.team for s in d.seats] == ["Doves", "Hawks"] and "ended by the instructor" in d.ended_note
    text = "\n".join(d.lines())
    assert "nan" not in text and "Hawks" in text
    assert class_debrief(room) is d  # computed once
    csv_text = export_csv(room)
    assert csv_text.count("\nchoice,") == 10 and "we go ahead" in csv_text
    back = load_room(save_room(room, tmp_path / "s.json"))
    assert back.debrief.to_dict() == d.to_dict()  # the saved debrief, not a recomputation


@pytest.mark.skipif(not WEB, reason="starlette and httpx needed (pip install '.[app,test]')")
def test_the_web_app_keeps_seats_apart_and_limits_requests(tmp_path):
    from starlette.testclient import TestClient

    from negotiation_sim.classroom.web import MAX_BODY, create_app

    room = _room(Clock())
    app = create_app(room, tmp_path / "s.json", limits={"join": (3, 60.0), "post": (20, 10.0), "get": (200, 10.0)})
    a, b, teacher = (TestClient(app, follow_redirects=False) for _ in range(3))
    assert a.post("/join", data={"code": room.code, "seat": "us", "team": "A"}).status_code == 303
    assert b.post("/join", data={"code": room.code, "seat": "israel", "team": "B"}).status_code == 303
    us_token = room.seats["us"].token
    # a seat can act only for itself: israel's browser with the us token in the form is refused
    assert b.post("/seat/move", data={"csrf": us_token, "option": "0"}).status_code == 403
    # a post from another origin is refused
    assert a.post("/seat/move", data={"csrf": us_token, "option": "0"},
                  headers={"origin": "http://evil.example"}).status_code == 403
    assert a.post("/seat/message", content=b"x" * (MAX_BODY + 10),
                  headers={"content-type": "application/x-www-form-urlencoded"}).status_code == 413
    assert teacher.get("/console").status_code == 403
    assert teacher.get("/instructor?token=wrong").status_code == 403
    assert teacher.get(f"/instructor?token={room.instructor}").status_code == 303
    assert teacher.post("/console/resume", data={"csrf": room.instructor}).status_code == 303
    a.post("/seat/message", data={"csrf": us_token, "to": "israel", "text": "<b>hi</b>" + "y" * 500})
    page = b.get("/seat").text
    assert "&lt;b&gt;hi&lt;/b&gt;" in page and "y" * 300 not in page  # escaped and cut to 300
    assert a.get("/export.csv").status_code == 403 and teacher.get("/export.csv").status_code == 200
    for _ in range(3):
        b.post("/join", data={"code": "NOPE-NOPE", "seat": "us", "team": "x"})
    assert b.post("/join", data={"code": room.code, "seat": "us", "team": "x"}).status_code == 429
    assert json.loads((tmp_path / "s.json").read_text())["seats"]["us"]["team"] == "A"


@pytest.mark.skipif(not WEB, reason="starlette and httpx needed (pip install '.[app,test]')")
def test_the_talks_chart_is_served_to_the_class_only_and_drawn_off_the_event_loop(tmp_path, monkeypatch):
    import asyncio

    from starlette.testclient import TestClient

    from negotiation_sim.classroom.web import create_app
    from negotiation_sim.teaching import talks_chart

    room = ClassRoom(Setup("hostage_deal", ("israel",), deadline=60, seed=3, debrief_seeds=2), clock=Clock())
    app = create_app(room, tmp_path / "s.json")
    seat, stranger = TestClient(app, follow_redirects=False), TestClient(app, follow_redirects=False)
    assert seat.post("/join", data={"code": room.code, "seat": "israel", "team": "A"}).status_code == 303
    on_loop = []
    draw = talks_chart.draw_talks

    def spy(*args):
        try:
            asyncio.get_running_loop()
            on_loop.append(True)
        except RuntimeError:  # no event loop runs in this thread: a worker's
            on_loop.append(False)
        return draw(*args)

    monkeypatch.setattr(talks_chart, "draw_talks", spy)
    assert "/chart/talks/hostages.png" in seat.get("/seat").text  # the seat's page shows it
    png = seat.get("/chart/talks/hostages.png")
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    assert png.content.startswith(b"\x89PNG") and len(png.content) > 10_000
    assert stranger.get("/chart/talks/hostages.png").status_code == 403
    assert seat.get("/chart/talks/nosuch.png").status_code == 404
    # drawn in a worker thread, not on the event loop that serves the class (a second or more)
    assert on_loop == [False]


def test_the_classroom_command_is_localhost_unless_asked():
    from negotiation_sim.cli.main import build_parser

    args = build_parser().parse_args(["classroom", "rafah", "--seats", "us"])
    assert args.host is None  # cmd_classroom serves on 127.0.0.1 then


def test_a_teams_move_closed_by_an_earlier_move_of_the_turn_is_not_made_and_the_export_says_so():
    from negotiation_sim.classroom.report import export_rows

    clock = Clock()
    room = ClassRoom(Setup("rafah", ("us", "israel"), deadline=60, seed=0, debrief_seeds=2), clock=clock)
    us, il = room.join(room.code, "us", "A"), room.join(room.code, "israel", "B")
    room.resume()
    while room.turn.tick < 25:  # both teams play the model's own draws: free play's state
        drawn = {d.actor: d.chosen for d in room.turn.decided}
        room.choose(us, drawn["us"])
        room.choose(il, drawn["israel"])
    assert {"act_unilaterally:rafah", "press_privately:rafah"} <= set(room.options("israel") + room.options("us"))
    room.choose(il, "act_unilaterally:rafah")  # israel moves first in the turn: the plan is launched
    room.choose(us, "press_privately:rafah")
    assert room.log[-1]["overtaken"] == ["us"]
    made = {(r.actor, r.move) for r in room.model.moves if r.tick == 25}
    assert ("israel", "act_unilaterally") in made and ("us", "press_privately") not in made
    rows = [r for r in export_rows(room) if r["turn"] == 25 and r["kind"] == "choice"]
    assert [r["text"] for r in rows if r["key"] == "press_privately:rafah"] == [
        "not made: an earlier move of the turn closed it"]
    back = ClassRoom.from_dict(room.to_dict(), clock=clock)  # a restart rebuilds the same state
    assert back.model.overtaken == room.model.overtaken
