"""No id, nan or internal slot name on any screen, brief, debrief or report of the five episodes.

For each episode the test collects what people read: every seat's role brief and printable
packet, a terminal game (situation, options, advice, 'why', debrief), the HTML run report,
and a class session's pages (join, every seat, the console, the class debrief and report).
It then looks, case-sensitively and word by word, for the scenario's ids (actors, members,
operations, stocks, issues, channels, ladders, talks, events, outcomes, parameters,
counterfactuals), the move names, the state's slot names, and 'nan'.
"""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import pytest

from negotiation_sim.api import prepare
from negotiation_sim.classroom import pages
from negotiation_sim.classroom.report import class_debrief, class_report
from negotiation_sim.classroom.room import ClassRoom
from negotiation_sim.classroom.seats import Setup
from negotiation_sim.model.index import ScenarioIndex
from negotiation_sim.moves import MOVES
from negotiation_sim.report.document import run_report
from negotiation_sim.report.html import render_html
from negotiation_sim.scenario.names import Names
from negotiation_sim.teaching.brief import role_brief
from negotiation_sim.teaching.console import play_console
from negotiation_sim.teaching.debrief import debrief
from negotiation_sim.teaching.handout import handout_html
from negotiation_sim.teaching.session import PlaySession

EPISODES = ["rafah", "iran_response", "bomb_shipment", "hostage_deal", "lebanon_pivot"]


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("style", "script")

    def handle_endtag(self, tag):
        self.skip -= tag in ("style", "script")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def visible(html: str) -> str:
    p = _Text()
    p.feed(html)
    return " ".join(p.parts)


def forbidden(sc) -> list[str]:
    """Ids and slot names people must never read."""
    names = Names(sc)
    ix = ScenarioIndex(sc)
    words = set(MOVES) | set(ix.layout.names) | set(sc.outcomes) | set(sc.parameters) | names.ids()
    words |= {e.id for e in sc.events} | set(sc.counterfactuals)
    # lowercase ids of things whose names are capitalised ("rafah", "israel", "biden"); two-letter
    # ids ("us") and plain English words ("hostages", "political", "north") are only caught with an
    # underscore or a dot
    keep = set()
    for w in words:
        if "_" in w or "." in w:
            keep.add(w)
        elif w in names.actor or w in names.member or w in names.operation:
            display = names(w)
            if len(w) > 2 and w.islower() and display[:1].isupper() and w != "wait":
                keep.add(w)
    return sorted(keep)


def scan(text: str, bad: list[str], where: str) -> None:
    found = [w for w in bad if re.search(rf"(?<![\w./-]){re.escape(w)}(?![\w/-])", text)]
    assert not found, f"{where} shows ids or slot names: {found}"
    assert not re.search(r"\bnan\b", text, re.IGNORECASE), f"{where} shows nan"


@pytest.mark.parametrize("episode", EPISODES)
def test_every_screen_brief_debrief_and_report_speaks_in_names(episode):
    sc = prepare(episode)
    bad = forbidden(sc)
    assert sum("_" in w for w in bad) > 10  # move names and slot names at least
    for a in sc.actors:
        scan("\n".join(role_brief(sc, a.id)), bad, f"{episode} brief of {a.id}")
        scan(visible(handout_html(sc, a.id)), bad, f"{episode} packet of {a.id}")
    actor = next(a.id for a in sc.actors if a.counterpart)
    session = PlaySession(episode, actor, seed=1)
    out = io.StringIO()
    play_console(session, iter(["look", "why 1", "1", "2", "auto", "help", "quit"]), out, echo=True)
    d = debrief(session, seeds=2)
    scan(out.getvalue() + "\n".join(d.lines()), bad, f"{episode} terminal game")
    scan(visible(render_html(run_report(sc, session.result(), None))), bad, f"{episode} run report")
    session.close()
    seats = tuple(a.id for a in sc.actors[:2])
    room = ClassRoom(Setup(episode, seats, deadline=60, seed=2, debrief_seeds=2))
    teams = [room.join(room.code, s, f"Team {k}") for k, s in enumerate(seats)]
    room.resume()
    for k in range(3):
        for t in teams:
            room.choose(t, room.options(t.actor)[-1 if k % 2 else 0])
    room.send(teams[0], teams[1].actor, "a message")
    room.inject(room.injects()[0][0])
    room.reveal()
    screens = [pages.join_page(room), pages.console_page(room, "http://127.0.0.1:8766/")]
    screens += [pages.seat_page(room, t) for t in teams]
    room.stop()
    screens += [pages.debrief_page(room, class_debrief(room)), render_html(class_report(room)),
                pages.seat_page(room, teams[0])]
    for k, html in enumerate(screens):
        scan(visible(html), bad, f"{episode} class screen {k}")
    room.close()
    from negotiation_sim.app.viewer import Viewer, _page

    v = Viewer(episode)
    v.step(6)
    scan(visible(_page(v)), bad, f"{episode} projector view")
