"""A class session in real browsers: an instructor and two teams play Rafah from January to May.

Headless Debian chromium driven by Playwright; the server is the real `negotiation-sim
classroom` command. The session has one inject, a student's refresh and an instructor's
restart mid-session, then the class debrief and the exports. A second, short session of a
three-party scenario has the model in the empty seats; a seat page whose polls the rate
limit refuses stays put instead of reloading. Screenshots at 1280x720 go to a
temporary folder, or to the folder named by NEGOTIATION_SIM_SCREENSHOTS (docs/teaching/ holds
the committed ones: `NEGOTIATION_SIM_SCREENSHOTS=docs/teaching pytest tests/teaching/test_classroom_browser.py`).
Skipped only where no chromium, Starlette or Playwright is installed (the reason is printed);
`.ci/install-browser.sh` installs them for CI.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from html import unescape
from pathlib import Path

import pytest

from tests.conftest import ROOT

BROWSER = next((p for p in ("/usr/bin/chromium", shutil.which("chromium") or "",
                            shutil.which("chromium-browser") or "") if p and os.path.exists(p)), None)
MISSING = [m for m in ("playwright", "starlette", "uvicorn") if importlib.util.find_spec(m) is None]
pytestmark = [
    pytest.mark.skipif(BROWSER is None, reason="no chromium browser installed (run .ci/install-browser.sh)"),
    pytest.mark.skipif(bool(MISSING), reason=f"missing {', '.join(MISSING)} (pip install '.[app,browser]')"),
]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
VIEW = {"width": 1280, "height": 720}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`negotiation-sim classroom` in a subprocess, on a loopback port."""

    def __init__(self, args: list[str], port: int):
        env = dict(os.environ, PYTHONPATH=str(ROOT), MPLBACKEND="Agg")
        self.proc = subprocess.Popen([sys.executable, "-m", "negotiation_sim", "classroom", *args,
                                      "--port", str(port)], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True)
        self.url = f"http://127.0.0.1:{port}"
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                urllib.request.urlopen(self.url + "/", timeout=2).read()
                return
            except OSError:
                if self.proc.poll() is not None:
                    pytest.fail(f"classroom server exited: {self.proc.stdout.read()}")
                time.sleep(0.3)
        self.stop()
        pytest.fail("classroom server did not answer within 60 s")

    def stop(self) -> str:
        self.proc.terminate()
        try:
            out, _ = self.proc.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, _ = self.proc.communicate()
        return out or ""


def _shots(tmp_path: Path) -> Path:
    target = os.environ.get("NEGOTIATION_SIM_SCREENSHOTS")
    path = Path(target) if target else tmp_path / "shots"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _retried(action) -> None:
    """Run a navigation; a failed attempt (Playwright's TimeoutError is an Error too) is tried
    again, three times at most."""
    from playwright.sync_api import Error

    for attempt in range(3):
        try:
            action()
            return
        except Error:
            if attempt == 2:
                raise


def _goto(page, url: str) -> None:
    """Open `url` as a student typing the address would, without racing the page's own reload.

    A session page polls and reloads itself when the session changes. A navigation that starts
    while that reload is in flight can fail (net::ERR_ABORTED, "interrupted by another
    navigation") or never reach "load" (30 s; once in CI, once in a fresh local venv). So the
    old page is left for about:blank first (its poll script dies with it), then the address is
    opened from a page that cannot navigate itself.
    """
    def attempt() -> None:
        if page.url != "about:blank":
            page.goto("about:blank")
        page.goto(url, timeout=20_000)

    _retried(attempt)


def _refresh(page) -> None:
    """A student's refresh (F5). It can meet the page's own reload as `_goto` can."""
    _retried(lambda: page.reload(timeout=20_000))


def _join(page, url: str, code: str, seat: str, team: str) -> None:
    _goto(page, url + "/")
    page.fill("input[name=code]", code)
    page.select_option("select[name=seat]", seat)
    page.fill("input[name=team]", team)
    with page.expect_navigation():
        page.click("button[type=submit]")
    page.get_by_text("You are").wait_for()


PREFS = {"israel": ["Order a plan", "Present the plan", "Narrow the plan", "Launch the Rafah operation without",
                    "Share operational detail"],
         "us": ["Demand a plan", "Declare publicly", "Withdraw your diplomatic cover", "Hold back the shipment of 2,000"]}


def _pick(actor: str, texts: list[str]) -> int:
    return next((i for p in PREFS.get(actor, []) for i, t in enumerate(texts) if t.startswith(p)), 0)


def _move(page, url: str, actor: str, click: bool = True) -> str:
    """Choose this seat's move: the first preferred option open now, else waiting.

    With `click` the page is loaded and the form used as a student would; without, the same
    form is read and posted through the browser context's own requests (same cookies, same
    form fields), which keeps the quiet middle of the session fast.
    """
    if not click:
        html = page.request.get(url + "/seat").text()
        texts = [unescape(t).strip() for t in re.findall(r"name='option' value='\d+'[^>]*> ([^<]*)</label>", html)]
        csrf = re.search(r"name='csrf' value='([^']+)'", html).group(1)
        pick = _pick(actor, texts)
        assert page.request.post(url + "/seat/move", form={"csrf": csrf, "option": str(pick)}).ok
        return texts[pick]
    _goto(page, url + "/seat")
    labels = page.locator("label.option")
    texts = [t.strip() for t in labels.all_inner_texts()]
    pick = _pick(actor, texts)
    labels.nth(pick).locator("input").check()
    with page.expect_navigation():
        page.click("text=Send my move")
    return texts[pick]


def _state(path: Path) -> dict:
    return json.loads(path.read_text())


def test_a_class_plays_rafah_in_browsers_with_an_inject_a_refresh_and_a_restart(tmp_path):
    from playwright.sync_api import sync_playwright

    port = _free_port()
    state = tmp_path / "class.json"
    server = Server(["rafah", "--seats", "us,israel", "--deadline", "600", "--debrief-seeds", "3",
                     "--state", str(state)], port)
    url = server.url
    saved = _state(state)
    code, token = saved["code"], saved["instructor"]
    shots = _shots(tmp_path)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=BROWSER, headless=True, args=ARGS)
            teacher = browser.new_context(viewport=VIEW).new_page()
            us = browser.new_context(viewport=VIEW).new_page()
            israel = browser.new_context(viewport=VIEW).new_page()
            teacher.goto(f"{url}/instructor?token={token}")
            teacher.get_by_text("Seats").wait_for()
            assert teacher.locator("#join-code").inner_text() == code
            _join(us, url, code, "us", "Team Washington")
            _join(israel, url, code, "israel", "Team Jerusalem")
            _goto(teacher, url + "/console")
            with teacher.expect_navigation():
                teacher.click("text=Start / resume")
            played: dict[str, list[str]] = {"us": [], "israel": []}
            turn = 0
            while True:
                turn += 1
                if _state(state)["ended"] or _state(state)["open"] is None:
                    break
                click = turn <= 4 or 9 <= turn <= 13 or turn >= 37  # the browser's UI; else its requests
                played["us"].append(_move(us, url, "us", click))
                played["israel"].append(_move(israel, url, "israel", click))
                if turn == 3:  # one inject, fired from the console
                    _goto(teacher, url + "/console")
                    teacher.select_option("select[name=inject]", "event:aid_convoy_strike")
                    with teacher.expect_navigation():
                        teacher.click("button:has-text(\"Fire\")")
                    for _ in range(2):
                        with teacher.expect_navigation():
                            teacher.click("text=Reveal the next recorded step")
                if turn == 6:  # a student's refresh keeps the seat
                    _refresh(us)
                    us.get_by_text("You are United States (Team Washington)").wait_for()
                if turn == 10:
                    _goto(us, url + "/seat")
                    us.screenshot(path=str(shots / "classroom-student.png"))
                    _goto(teacher, url + "/console")
                    teacher.screenshot(path=str(shots / "classroom-console.png"))
                if turn == 12:  # the instructor's machine restarts: the session carries on
                    before = _state(state)
                    server.stop()
                    server = Server(["--resume", str(state)], port)
                    after = _state(state)
                    assert after["log"] == before["log"] and after["open"]["tick"] == before["open"]["tick"]
                    _goto(teacher, url + "/console")
                    with teacher.expect_navigation():
                        teacher.click("text=Start / resume")
                    _goto(us, url + "/seat")
                    us.get_by_text("You are United States (Team Washington)").wait_for()
                assert turn < 60
            final = _state(state)
            assert final["ended"] == "complete" and len(final["log"]) == 38  # every 4-day turn, Jan to May
            # fired during turn 4 (after turn 3's moves), it takes effect as turn 5 opens
            assert [(e["tick"], e["injects"]) for e in final["log"] if e["injects"]] == [
                (5, ["event:aid_convoy_strike"])]
            assert all(e["how"] == {"us": "team", "israel": "team"} for e in final["log"])
            _goto(us, url + "/seat")
            us.get_by_role("heading", name="The session is over").wait_for()
            _goto(teacher, url + "/debrief")
            teacher.get_by_text("Class debrief").first.wait_for()
            text = teacher.inner_text("body")
            assert "Team Washington" in text and "Team Jerusalem" in text
            assert "The record of Israel" in text and "history" in text.lower() and "nan" not in text
            teacher.screenshot(path=str(shots / "classroom-debrief.png"))
            rows = list(csv.DictReader(io.StringIO(teacher.request.get(url + "/export.csv").text())))
            assert sum(r["kind"] == "choice" for r in rows) == 2 * 38
            assert sum(r["kind"] == "inject" for r in rows) == 1
            assert {r["team"] for r in rows if r["kind"] == "choice"} == {"Team Washington", "Team Jerusalem"}
            data = json.loads(teacher.request.get(url + "/export.json").text())
            assert data["debrief"]["seats"][0]["team"] in ("Team Washington", "Team Jerusalem")
            report = teacher.request.get(url + "/report").text()
            assert "Class debrief" in report and "Every move, in order" in report
            assert us.request.get(url + "/export.csv").status == 403  # a student may not export
            browser.close()
    finally:
        server.stop()
    for name in ("classroom-student.png", "classroom-console.png", "classroom-debrief.png"):
        png = (shots / name).read_bytes()
        assert png.startswith(b"\x89PNG") and len(png) > 20_000


def test_a_short_three_party_session_has_the_model_in_the_empty_seats(tmp_path):
    from playwright.sync_api import sync_playwright

    port = _free_port()
    state = tmp_path / "iran.json"
    server = Server(["iran_response", "--seats", "israel,us,iran", "--deadline", "600", "--debrief-seeds", "2",
                     "--state", str(state)], port)
    url = server.url
    saved = _state(state)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=BROWSER, headless=True, args=ARGS)
            teacher = browser.new_context(viewport=VIEW).new_page()
            israel = browser.new_context(viewport=VIEW).new_page()
            teacher.goto(f"{url}/instructor?token={saved['instructor']}")
            _join(israel, url, saved["code"], "israel", "Team North")
            _goto(teacher, url + "/console")
            assert teacher.get_by_text("empty: the model plays it").count() == 2
            with teacher.expect_navigation():
                teacher.click("text=Start / resume")
            for _ in range(4):
                _move(israel, url, "israel")
            with teacher.expect_navigation():
                teacher.click("text=End the session")
            _goto(teacher, url + "/debrief")
            teacher.get_by_text("Class debrief").first.wait_for()
            assert "nan" not in teacher.inner_text("body")
            rows = list(csv.DictReader(io.StringIO(teacher.request.get(url + "/export.csv").text())))
            by = {(r["seat"], r["decided_by"]) for r in rows if r["kind"] == "choice"}
            assert ("Israel", "team") in by and ("Iran", "model") in by and ("United States", "model") in by
            browser.close()
    finally:
        server.stop()
    final = _state(state)
    assert final["ended"] == "stopped" and len(final["log"]) == 4


def test_a_refused_poll_does_not_reload_the_page(tmp_path):
    """A page whose poll is refused (429 past the rate limit) stays put: it reloads only on a new
    version. Reloading on a refusal sent every open page of a class into a reload storm, each
    reload another request to a server already refusing them."""
    import threading

    import uvicorn
    from playwright.sync_api import sync_playwright

    from negotiation_sim.classroom.room import ClassRoom, Setup
    from negotiation_sim.classroom.web import create_app

    room = ClassRoom(Setup("rafah", ("us",), deadline=600, seed=3, debrief_seeds=2))
    # the seat page and the first poll pass; every later GET is refused for a minute
    app = create_app(room, tmp_path / "s.json", limits={"get": (2, 60.0)})
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 30
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    url = f"http://127.0.0.1:{port}"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=BROWSER, headless=True, args=ARGS)
            page = browser.new_context(viewport=VIEW).new_page()
            _join(page, url, room.code, "us", "Team Washington")  # the seat page is the first GET
            page.get_by_text("You are United States (Team Washington)").wait_for()
            loads = []
            page.on("load", lambda: loads.append(time.time()))
            seen: list[tuple[str, int]] = []
            page.on("response", lambda r: seen.append((r.url, r.status)))
            page.wait_for_timeout(7000)  # three polls at 2 s: the second and third are refused
            browser.close()
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    assert any(u.endswith("/api/version") and status == 429 for u, status in seen), \
        f"the polls were never refused: {seen}"
    assert loads == [], f"the page reloaded {len(loads)} times on refused polls"
