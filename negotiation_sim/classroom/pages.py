"""Server-rendered pages of a class session: join, a seat's view, the instructor's console, the debrief.

Core functions: `join_page`, `seat_page`, `console_page`, `debrief_page`, `message_page`.
Every value shown is escaped (`html.escape`); pages carry no inline script (the session's
Content-Security-Policy forbids it) and load `/static/classroom.js`, which only counts down
the clock and reloads the page when the session's version changes.
"""

from __future__ import annotations

from html import escape

from negotiation_sim.classroom.room import ClassRoom
from negotiation_sim.classroom.seats import Seat
from negotiation_sim.teaching.brief import brief_sections
from negotiation_sim.teaching.brief import closed_levers
from negotiation_sim.teaching.view import situation
from negotiation_sim.teaching.words import concept_line, option_label, split_key, why_sentence

__all__ = ["join_page", "seat_page", "console_page", "debrief_page", "message_page", "SCRIPT", "STYLE"]

STYLE = """
* { box-sizing: border-box; }
body { font: 17px/1.4 system-ui, sans-serif; margin: 0; color: #1b1b1b; background: #f6f6f3; }
header { background: #1d3557; color: #fff; padding: 0.5em 1em; display: flex; gap: 1.5em;
         align-items: baseline; flex-wrap: wrap; }
header h1 { font-size: 1.15em; margin: 0; } header .clock { font-size: 1.3em; font-weight: 700; }
main { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 1em; padding: 0.8em 1em; }
section { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 0.5em 0.9em; }
h2 { font-size: 1.05em; margin: 0.3em 0; color: #1d3557; }
ul { margin: 0.2em 0; padding-left: 1.2em; } li { margin: 0.15em 0; }
label.option { display: block; padding: 0.25em 0.3em; border-radius: 4px; }
label.option:hover { background: #eef3fa; }
.p { color: #555; font-size: 0.9em; } .banner { background: #ffe8a3; padding: 0.4em 1em; font-weight: 600; }
.ok { color: #116329; font-weight: 600; } .wait { color: #8a5a00; }
button { font: inherit; padding: 0.35em 0.9em; margin: 0.2em 0.2em 0.2em 0; cursor: pointer; }
table { border-collapse: collapse; width: 100%; font-size: 0.92em; }
th, td { border-bottom: 1px solid #e3e3e3; padding: 0.25em 0.4em; text-align: left; vertical-align: top; }
textarea, input, select { font: inherit; max-width: 100%; } textarea { width: 100%; height: 3.2em; }
img { max-width: 100%; } .full { grid-column: 1 / -1; } .error { color: #a00; font-weight: 600; }
details summary { cursor: pointer; color: #1d3557; font-weight: 600; }
@media print { header { background: none; color: #000; } button, form { display: none; } }
"""

SCRIPT = """
(function () {
  var body = document.body, version = body.getAttribute('data-version');
  var clock = document.getElementById('clock');
  var left = clock ? parseFloat(clock.getAttribute('data-remaining')) : 0;
  var paused = clock && clock.getAttribute('data-paused') === 'true';
  function show() {
    if (!clock) return;
    var s = Math.max(0, Math.round(left));
    clock.textContent = Math.floor(s / 60) + ':' + ('0' + (s % 60)).slice(-2) + (paused ? ' (paused)' : '');
  }
  show();
  setInterval(function () { if (!paused) { left -= 1; show(); } }, 1000);
  // A reload started after a form is sent would abort that post (the move could be lost).
  var leaving = false;
  document.addEventListener('submit', function () { leaving = true; }, true);
  window.addEventListener('beforeunload', function () { leaving = true; });
  function busy() {
    var a = document.activeElement;
    return leaving || (a && (a.tagName === 'TEXTAREA' || a.tagName === 'INPUT') && a.value);
  }
  // A refused poll (429 past the rate limit, 403) is no news: reloading on it would send more
  // requests to a server already refusing them, and every page of the class would do the same.
  setInterval(function () {
    fetch('/api/version', {credentials: 'same-origin'}).then(function (r) { return r.ok ? r.json() : null; })
      .then(function (d) {
        if (d && d.version !== undefined && String(d.version) !== version && !busy()) { location.reload(); }
      })
      .catch(function () {});
  }, 2000);
})();
"""


def _page(title: str, body: str, version: int, header: str = "") -> str:
    return ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>{escape(title)}</title><link rel='stylesheet' href='/static/classroom.css'></head>"
            f"<body data-version='{version}'>{header}{body}"
            "<script src='/static/classroom.js'></script></body></html>")


def _header(room: ClassRoom, who: str) -> str:
    t = room.turn
    cal = room.model.calendar
    if t is None:
        when = f"The session is over ({room.last_date})"
        clock = ""
    else:
        when = f"{t.date} · turn {t.tick} of {cal.n_ticks}"
        clock = (f"<span class='clock' id='clock' data-remaining='{room.remaining():.0f}' "
                 f"data-paused='{'true' if room.paused else 'false'}'></span>")
    return (f"<header><h1>{escape(room.sc.title)}</h1><span>{escape(who)}</span>"
            f"<span>{escape(when)}</span>{clock}</header>"
            + ("<div class='banner'>Paused by the instructor</div>" if room.paused and t is not None else ""))


def _ul(lines) -> str:
    return "<ul>" + "".join(f"<li>{escape(x)}</li>" for x in lines) + "</ul>" if lines else "<p class='p'>—</p>"


def message_page(title: str, text: str, back: str = "/") -> str:
    """A short page with one message (an error or a refusal)."""
    return _page(title, f"<main><section class='full'><h2>{escape(title)}</h2><p class='error'>{escape(text)}"
                        f"</p><p><a href='{escape(back)}'>Back</a></p></section></main>", 0)


def join_page(room: ClassRoom, error: str = "") -> str:
    """The form a student uses to join a seat."""
    opts = "".join(f"<option value='{escape(a)}'{' disabled' if s.joined else ''}>{escape(room.names(a))}"
                   f"{' (taken)' if s.joined else ''}</option>" for a, s in room.seats.items())
    body = ("<main><section class='full'><h2>Join the class session</h2>"
            + (f"<p class='error'>{escape(error)}</p>" if error else "")
            + "<form method='post' action='/join'>"
            "<p><label>Join code <input name='code' maxlength='12' autocomplete='off' required></label></p>"
            f"<p><label>Your seat <select name='seat'>{opts}</select></label></p>"
            "<p><label>Team name <input name='team' maxlength='40'></label></p>"
            "<p><button type='submit'>Join</button></p></form></section></main>")
    return _page("Join", _header(room, "") + body, room.version)


def _news(room: ClassRoom, since: int) -> list[str]:
    m = room.model
    lines = []
    for t in range(since + 1, (room.turn.tick if room.turn else m.steps) + 1):
        for ev in m.events.get(t, ()):
            lines.append(f"{ev.date}: {ev.text}")
    for mv in m.moves:
        if mv.tick > since:
            lines.append(f"{m.calendar.date_of(mv.tick)}: {mv.text}")
    return lines


def _revealed(room: ClassRoom) -> str:
    rec = room.record[:room.revealed]
    if not rec:
        return "<p class='p'>The instructor reveals what really happened step by step.</p>"
    return _ul([f"{e.date}: {e.text or e.move} [{e.source}]" for e in rec])


def _talks_img(room: ClassRoom) -> str:
    return "".join(f"<img alt='The talks: offer, limits and zone of agreement' src='/chart/talks/{escape(t.id)}.png'>"
                   for t in room.sc.talks)


def seat_page(room: ClassRoom, seat: Seat, notice: str = "") -> str:
    """A team's view: news, its options with the model's advice, messages, the situation."""
    names = room.names
    me = room.sc.actor(seat.actor)
    t = room.turn
    parts = []
    if notice:
        parts.append(f"<section class='full'><p class='error'>{escape(notice)}</p></section>")
    if t is None:
        parts.append("<section class='full'><h2>The session is over</h2><p><a href='/debrief'>See the class "
                     "debrief</a></p></section>")
    else:
        rec = room._record_of(seat.actor)
        chosen = t.pending.get(seat.actor)
        opts = []
        for i, key in enumerate(rec.keys):
            checked = " checked" if key == chosen else ""
            opts.append(f"<label class='option'><input type='radio' name='option' value='{i}'{checked}> "
                        f"{escape(option_label(key, names))}</label>")
        status = (f"<p class='ok'>Your choice this turn: {escape(option_label(chosen, names))}. You may change it "
                  "until the turn ends.</p>" if chosen else "<p class='wait'>Choose a move for this turn.</p>")
        advice = []
        for i in sorted(range(len(rec.keys)), key=lambda k: -rec.probability[k])[:3]:
            idea = concept_line(split_key(rec.keys[i])[0])
            advice.append(why_sentence(rec, i, names, me.first_counterpart) + (f" The idea: {idea}." if idea else ""))
        parts.append(
            "<section><h2>Your move</h2>" + status
            + f"<form method='post' action='/seat/move'><input type='hidden' name='csrf' value='{escape(seat.token)}'>"
            + "".join(opts) + "<p><button type='submit'>Send my move</button></p></form>"
            + "<details><summary>What the model would advise</summary>" + _ul(advice) + "</details>"
            + "<details><summary>Not open this turn, and what each needs</summary>"
            + _ul(closed_levers(room.model, seat.actor, list(rec.keys))) + "</details></section>")
        others = [a for a in room.seats if a != seat.actor]
        if others:
            sel = "".join(f"<option value='{escape(a)}'>{escape(names(a))}</option>" for a in others)
            parts.append("<section><h2>Send a message</h2><form method='post' action='/seat/message'>"
                         f"<input type='hidden' name='csrf' value='{escape(seat.token)}'>"
                         f"<p><label>To <select name='to'>{sel}</select></label></p>"
                         "<textarea name='text' maxlength='300' required></textarea>"
                         "<p><button type='submit'>Send</button></p></form></section>")
    mine = [m for m in room.messages if seat.actor in (m.sender, m.to)]
    parts.append("<section><h2>Messages</h2>" + _ul([f"{m.date} {names(m.sender)} to {names(m.to)}: {m.text}"
                                                      for m in mine]) + "</section>")
    since = room.log[-2]["tick"] if len(room.log) >= 2 else 0
    parts.append("<section><h2>What happened lately</h2>" + _ul(_news(room, since)[-12:]) + "</section>")
    parts.append("<section><h2>History so far (revealed)</h2>" + _revealed(room) + "</section>")
    hist = room.model.history()
    before = hist[room.log[-2]["tick"]] if len(room.log) >= 2 else None
    secs = situation(room.model, seat.actor, before)
    parts.append("<section class='full'><h2>The situation</h2>" + _talks_img(room)
                 + "".join(f"<h2>{escape(s.title)}</h2>{_ul(s.lines)}" for s in secs) + "</section>")
    parts.append("<section class='full'><details><summary>Your role brief</summary>"
                 + "".join(f"<h2>{escape(s.title)}</h2>{_ul(s.lines)}"
                           for s in brief_sections(room.sc, seat.actor, room.start)) + "</details></section>")
    who = f"You are {names(seat.actor)} ({seat.team})"
    return _page(f"{names(seat.actor)}: class session", _header(room, who) + "<main>" + "".join(parts) + "</main>",
                 room.version)


def console_page(room: ClassRoom, join_url: str) -> str:
    """The instructor's console: seats, clock, injects, the record step by step, messages, exports."""
    names = room.names
    t = room.turn
    rows = []
    for a, s in room.seats.items():
        if not s.joined:
            state = "empty: the model plays it"
        elif t is None:
            state = "—"
        elif a in t.pending:
            state = f"moved: {option_label(t.pending[a], names)}"
        else:
            state = "thinking"
        free = ("<form method='post' action='/console/free'><input type='hidden' name='csrf' value='"
                f"{escape(room.instructor)}'><input type='hidden' name='seat' value='{escape(a)}'>"
                "<button type='submit'>Free the seat</button></form>") if s.joined else ""
        rows.append(f"<tr><td>{escape(names(a))}</td><td>{escape(s.team)}</td><td>{escape(state)}</td>"
                    f"<td>{free}</td></tr>")

    def button(action: str, text: str, extra: str = "") -> str:
        return (f"<form method='post' action='/console/{action}' style='display:inline'>"
                f"<input type='hidden' name='csrf' value='{escape(room.instructor)}'>{extra}"
                f"<button type='submit'>{escape(text)}</button></form>")

    parts = [f"<section class='full'><h2>Join</h2><p>Students open <b>{escape(join_url)}</b> and enter the "
             f"code <b id='join-code'>{escape(room.code)}</b>.</p></section>",
             "<section><h2>Seats</h2><table><tr><th>seat</th><th>team</th><th>this turn</th><th></th></tr>"
             + "".join(rows) + "</table></section>"]
    if t is not None:
        inj = "".join(f"<option value='{escape(k)}'>{escape(v)}</option>" for k, v in room.injects())
        queued = _ul([dict(room.injects()).get(k, k) for k in room.queued]) if room.queued else ""
        parts.append("<section><h2>The clock</h2>"
                     + (button("resume", "Start / resume") if room.paused else button("pause", "Pause"))
                     + button("skip", "Skip to the next turn") + button("stop", "End the session")
                     + "<h2>Inject</h2><p class='p'>Takes effect at the start of the next turn.</p>"
                     + button("inject", "Fire", f"<select name='inject'>{inj}</select> ") + queued + "</section>")
    else:
        parts.append("<section><h2>The session is over</h2><p><a href='/debrief'>Class debrief</a> · "
                     "<a href='/report'>Printable class report</a></p></section>")
    parts.append(f"<section><h2>History, step by step ({room.revealed} of {len(room.record)} shown)</h2>"
                 + button("reveal", "Reveal the next recorded step") + _revealed(room) + "</section>")
    parts.append("<section><h2>Messages</h2>" + _ul([f"{m.date} {names(m.sender)} to {names(m.to)}: {m.text}"
                                                      for m in room.messages]) + "</section>")
    parts.append("<section class='full'><h2>What happened</h2>" + _ul(
        [f"{room.model.calendar.date_of(m.tick)}: {m.text}" for m in room.model.moves][-15:]) + _talks_img(room)
        + "</section>")
    parts.append("<section class='full'><h2>Exports</h2><p><a href='/export.csv'>All choices and messages (CSV)</a>"
                 " · <a href='/export.json'>(JSON)</a> · <a href='/debrief'>Class debrief</a> · "
                 "<a href='/report'>Printable class report</a></p></section>")
    return _page("Instructor's console", _header(room, "Instructor's console") + "<main>" + "".join(parts)
                 + "</main>", room.version)


def debrief_page(room: ClassRoom, debrief) -> str:
    """The class debrief: every team's path beside the record and the model's free play."""
    parts = [f"<section class='full'><h2>Class debrief</h2><p>{escape(debrief.ended_note)} The model's free "
             f"play is summarised over {debrief.seeds} seeds.</p></section>"]
    for caption, frame in debrief.tables():
        head = "".join(f"<th>{escape(str(c))}</th>" for c in frame.columns)
        body = "".join("<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in row) + "</tr>"
                       for row in frame.itertuples(index=False))
        parts.append(f"<section class='full'><h2>{escape(caption)}</h2><table><tr>{head}</tr>{body}</table>"
                     "</section>")
    parts.append("<section class='full'><h2>Questions for discussion</h2><p>Where did each team's path leave "
                 "history, and why? Which of the model's reasons did you weigh differently? Would history's "
                 "choice have served you better?</p></section>")
    return _page("Class debrief", _header(room, "Class debrief") + "<main>" + "".join(parts) + "</main>",
                 room.version)
