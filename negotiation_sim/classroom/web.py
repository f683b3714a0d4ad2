"""The class session over HTTP: a small Starlette app, served by uvicorn (the ``app`` extra).

Core functions: `create_app` and `serve`. Why Starlette and server-rendered HTML rather than
Solara (which the projector app used before): a class needs one shared session seen from
many browsers, with a secret per seat and per instructor, that survives a refresh and a
restart. Plain HTTP pages with cookies do that with nothing hidden: every request carries
its credentials, every page is rebuilt from the room's state, a refresh loses nothing,
and the whole protocol is testable without a browser (Starlette's test client).

Security (docs/teaching/classroom.md): bound to 127.0.0.1 unless `--host` is given; a join
code per session and a secret instructor token; a seat's token lives in an HttpOnly,
SameSite=Strict cookie and is repeated in each form (a cross-site page can post neither);
POSTs must come from the same origin; request bodies over 4 KB are refused, messages are
cut to 300 characters and team names to 40; each address and credential has a request budget (429
past it); responses forbid framing and inline scripts. The session is saved after every
change (`classroom.report.save_room`), so an instructor's restart resumes it.
"""

from __future__ import annotations

import time
import unicodedata
from collections import defaultdict, deque
from pathlib import Path
from urllib.parse import parse_qs

from negotiation_sim.classroom import pages
from negotiation_sim.classroom.report import class_debrief, class_report, export_csv, export_json, save_room
from negotiation_sim.classroom.room import ClassRoom
from negotiation_sim.classroom.seats import RoomError

__all__ = ["create_app", "serve", "RateLimiter", "MAX_BODY", "clean_text"]

MAX_BODY = 4096
SEAT_COOKIE = "ns_seat"
TEACHER_COOKIE = "ns_instructor"
HEADERS = {"Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
           "script-src 'self'; frame-ancestors 'none'; form-action 'self'",
           "X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store",
           "Referrer-Policy": "same-origin"}


def clean_text(text: str, limit: int) -> str:
    """Printable text only, whitespace collapsed, cut to `limit` characters."""
    kept = "".join(c for c in text if unicodedata.category(c)[0] != "C" or c in "\n\t")
    return " ".join(kept.split())[:limit]


class RateLimiter:
    """A sliding window of requests per client address and kind (`allow` is False past the budget)."""

    def __init__(self, budgets: dict[str, tuple[int, float]], clock=time.monotonic):
        self.budgets = budgets
        self.clock = clock
        self.hits: dict[tuple[str, str], deque] = defaultdict(deque)

    def allow(self, client: str, kind: str) -> bool:
        n, window = self.budgets[kind]
        now = self.clock()
        q = self.hits[(client, kind)]
        while q and q[0] <= now - window:
            q.popleft()
        if len(q) >= n:
            return False
        q.append(now)
        return True


def create_app(room: ClassRoom, state_path: str | Path | None = None, join_url: str = "",
               limits: dict[str, tuple[int, float]] | None = None):
    """The Starlette app of one class session (saved to `state_path` after every change)."""
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
    from starlette.routing import Route

    limiter = RateLimiter({"join": (10, 60.0), "instructor": (10, 60.0), "post": (30, 10.0), "get": (120, 10.0),
                           **(limits or {})})

    def respond(body: str, status: int = 200) -> HTMLResponse:
        return HTMLResponse(body, status_code=status, headers=HEADERS)

    def saved() -> None:
        if state_path is not None:
            save_room(room, state_path)

    def client(request) -> str:
        """Who is asking: the address, and the seat or console credential if any (students behind one
        address, or on one machine, each have their own budget; strangers share their address's)."""
        host = request.client.host if request.client else "?"
        cred = request.cookies.get(SEAT_COOKIE) or request.cookies.get(TEACHER_COOKIE) or ""
        return f"{host}|{cred[:12]}"

    def address(request) -> str:
        return request.client.host if request.client else "?"

    def seat_of(request):
        return room.seat_of(request.cookies.get(SEAT_COOKIE))

    def teacher(request) -> bool:
        return room.is_instructor(request.cookies.get(TEACHER_COOKIE))

    async def form(request) -> dict[str, str] | Response:
        """The posted form, or a refusal (too big, too many requests, another origin)."""
        if not limiter.allow(client(request), "post"):
            return respond(pages.message_page("Too many requests", "Wait a few seconds and try again."), 429)
        origin = request.headers.get("origin")
        if origin and origin.rstrip("/") != f"{request.url.scheme}://{request.headers.get('host', '')}":
            return respond(pages.message_page("Refused", "This form must be sent from the session's own page."),
                           403)
        if int(request.headers.get("content-length") or 0) > MAX_BODY:
            return respond(pages.message_page("Too long", "That is more than a class session accepts."), 413)
        raw = await request.body()
        if len(raw) > MAX_BODY:
            return respond(pages.message_page("Too long", "That is more than a class session accepts."), 413)
        data = parse_qs(raw.decode("utf-8", "replace"), keep_blank_values=True)
        return {k: v[0] for k, v in data.items()}

    async def home(request):
        room.poll()
        if seat_of(request):
            return RedirectResponse("/seat", 303)
        return respond(pages.join_page(room))

    async def join(request):
        if not limiter.allow(address(request), "join"):
            return respond(pages.message_page("Too many attempts", "Wait a minute and try again."), 429)
        data = await form(request)
        if isinstance(data, Response):
            return data
        try:
            seat = room.join(data.get("code", "")[:12], data.get("seat", "")[:40], clean_text(data.get("team", ""), 40))
        except RoomError as err:
            return respond(pages.join_page(room, str(err)), 400)
        saved()
        resp = RedirectResponse("/seat", 303)
        resp.set_cookie(SEAT_COOKIE, seat.token, httponly=True, samesite="strict", max_age=12 * 3600)
        return resp

    async def seat(request):
        if not limiter.allow(client(request), "get"):
            return respond(pages.message_page("Too many requests", "Wait a few seconds."), 429)
        room.poll()
        s = seat_of(request)
        if s is None:
            return RedirectResponse("/", 303)
        return respond(pages.seat_page(room, s, request.query_params.get("notice", "")[:200]))

    async def seat_post(request, action: str):
        data = await form(request)
        if isinstance(data, Response):
            return data
        s = seat_of(request)
        if s is None or data.get("csrf") != s.token:
            return respond(pages.message_page("Not your seat", "Join a seat first."), 403)
        try:
            if action == "move":
                opts = room.options(s.actor)
                try:
                    key = opts[int(data.get("option", ""))]
                except (ValueError, IndexError):
                    raise RoomError("choose one of the options") from None
                room.choose(s, key)
            else:
                text = clean_text(data.get("text", ""), 300)
                if not text:
                    raise RoomError("the message is empty")
                room.send(s, data.get("to", "")[:40], text)
        except RoomError as err:
            return respond(pages.seat_page(room, s, str(err)), 400)
        saved()
        return RedirectResponse("/seat", 303)

    async def seat_move(request):
        return await seat_post(request, "move")

    async def seat_message(request):
        return await seat_post(request, "message")

    async def version(request):
        if not limiter.allow(client(request), "get"):
            return JSONResponse({"error": "too many requests"}, status_code=429, headers=HEADERS)
        room.poll()
        if state_path is not None and room.version != getattr(room, "_saved_version", None):
            saved()
            room._saved_version = room.version
        if not (seat_of(request) or teacher(request)):
            return JSONResponse({"error": "not in this session"}, status_code=403, headers=HEADERS)
        return JSONResponse({"version": room.version, "remaining": round(room.remaining()),
                             "paused": room.paused, "ended": room.ended}, headers=HEADERS)

    async def instructor(request):
        token = request.query_params.get("token", "")
        if not limiter.allow(address(request), "instructor") or not room.is_instructor(token):
            return respond(pages.message_page("Not the instructor", "Use the console address printed when the "
                                              "session started."), 403)
        resp = RedirectResponse("/console", 303)
        resp.set_cookie(TEACHER_COOKIE, token, httponly=True, samesite="strict", max_age=12 * 3600)
        return resp

    async def console(request):
        if not teacher(request):
            return respond(pages.message_page("Not the instructor", "Open the console address printed when the "
                                              "session started."), 403)
        room.poll()
        return respond(pages.console_page(room, join_url or str(request.base_url)))

    async def console_post(request):
        data = await form(request)
        if isinstance(data, Response):
            return data
        if not teacher(request) or data.get("csrf") != room.instructor:
            return respond(pages.message_page("Not the instructor", "Only the instructor may do that."), 403)
        action = request.path_params["action"]
        try:
            if action == "resume":
                room.resume()
            elif action == "pause":
                room.pause()
            elif action == "skip":
                room.skip()
            elif action == "stop":
                room.stop()
            elif action == "inject":
                room.inject(data.get("inject", "")[:80])
            elif action == "reveal":
                room.reveal()
            elif action == "free" and data.get("seat") in room.seats:
                room.free_seat(data["seat"])
            else:
                raise RoomError("no such action")
        except RoomError as err:
            return respond(pages.message_page("Refused", str(err), "/console"), 400)
        saved()
        return RedirectResponse("/console", 303)

    def ended_only(request) -> Response | None:
        if not teacher(request) and not (seat_of(request) and room.ended):
            return respond(pages.message_page("Not yet", "The debrief opens when the instructor ends the session."),
                           403)
        if not room.ended:
            return respond(pages.message_page("Not yet", "End the session first.", "/console"), 409)
        return None

    async def debrief(request):
        refused = ended_only(request)
        if refused is not None:
            return refused
        d = class_debrief(room)
        saved()
        return respond(pages.debrief_page(room, d))

    async def report(request):
        refused = ended_only(request)
        if refused is not None:
            return refused
        from negotiation_sim.report.html import render_html

        return respond(render_html(class_report(room)))

    async def export(request):
        if not teacher(request):
            return respond(pages.message_page("Not the instructor", "Only the instructor may export."), 403)
        kind = request.path_params["kind"]
        if kind == "csv":
            return Response(export_csv(room), media_type="text/csv", headers={
                **HEADERS, "Content-Disposition": f"attachment; filename=class-{room.sc.id}.csv"})
        return Response(export_json(room), media_type="application/json", headers={
            **HEADERS, "Content-Disposition": f"attachment; filename=class-{room.sc.id}.json"})

    async def talks_png(request):
        if not (seat_of(request) or teacher(request)):
            return Response(status_code=403, headers=HEADERS)
        from negotiation_sim.teaching.talks_chart import draw_talks, talks_series

        tid = request.path_params["talks"]
        if tid not in {t.id for t in room.sc.talks}:
            return Response(status_code=404, headers=HEADERS)
        # The series is read here, on the event loop, where the room changes; the drawing (the slow
        # part, a second or more for the first chart of a process) runs in a worker thread on that
        # copy, so the class's other pages keep answering meanwhile.
        series = talks_series(room.sc, room.result(), tid)
        png = await run_in_threadpool(draw_talks, room.sc, series, tid, 8.0, 3.4)
        return Response(png, media_type="image/png", headers=HEADERS)

    async def static(request):
        name = request.path_params["name"]
        if name == "classroom.js":
            return Response(pages.SCRIPT, media_type="text/javascript", headers=HEADERS)
        if name == "classroom.css":
            return Response(pages.STYLE, media_type="text/css", headers=HEADERS)
        return Response(status_code=404, headers=HEADERS)

    routes = [Route("/", home), Route("/join", join, methods=["POST"]), Route("/seat", seat),
              Route("/seat/move", seat_move, methods=["POST"]), Route("/seat/message", seat_message, methods=["POST"]),
              Route("/api/version", version), Route("/instructor", instructor), Route("/console", console),
              Route("/console/{action}", console_post, methods=["POST"]), Route("/debrief", debrief),
              Route("/report", report), Route("/export.{kind:str}", export),
              Route("/chart/talks/{talks}.png", talks_png), Route("/static/{name}", static)]
    app = Starlette(routes=routes)
    app.state.room = room
    return app


def serve(room: ClassRoom, host: str, port: int, state_path: Path) -> int:
    """Run the session's server until Ctrl-C (the server stops with the command)."""
    import uvicorn

    shown = "127.0.0.1" if host in ("127.0.0.1", "localhost") else host
    base = f"http://{shown}:{port}"
    app = create_app(room, state_path, join_url=f"{base}/")
    save_room(room, state_path)
    print(f"class session of {room.sc.id}, saved to {state_path}", flush=True)
    print(f"  students: {base}/  join code {room.code}", flush=True)
    print(f"  instructor's console: {base}/instructor?token={room.instructor}", flush=True)
    print("  (Ctrl-C stops the server; `negotiation-sim classroom --resume FILE` carries on)", flush=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
    save_room(room, state_path)
    return 0
