"""The projector view (`negotiation-sim app`) in a real headless browser (Debian's chromium, Playwright).

Skipped only where no chromium binary, or the app extra / Playwright, is installed; the reason is
printed. `.ci/install-browser.sh` installs all of it for CI.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def app_server():
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT), MPLBACKEND="Agg")
    proc = subprocess.Popen([sys.executable, "-m", "negotiation_sim", "app", "--port", str(port),
                             "--no-browser"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            break
        except OSError:
            if proc.poll() is not None:
                pytest.fail(f"app server exited: {proc.stdout.read()}")
            time.sleep(0.5)
    else:
        proc.terminate()
        pytest.fail("app server did not answer within 60 s")
    yield port
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def test_app_binds_to_localhost_only_and_stops_with_the_command(tmp_path):
    from negotiation_sim.app.server import HOST

    assert HOST == "127.0.0.1"
    port = _free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT), MPLBACKEND="Agg")
    proc = subprocess.Popen([sys.executable, "-m", "negotiation_sim", "app", "--port", str(port), "--no-browser"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.3)
        proc.send_signal(2)  # Ctrl-C
        assert proc.wait(timeout=20) in (0, 130, -2)
    finally:
        if proc.poll() is None:
            proc.kill()
    with socket.socket() as s:  # nothing is left serving
        assert s.connect_ex(("127.0.0.1", port)) != 0


def test_projector_view_opens_on_rafah_steps_and_shows_dated_charts(app_server, tmp_path):
    from playwright.sync_api import sync_playwright

    shot = tmp_path / "app.png"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=BROWSER, headless=True, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 720})
            page.goto(f"http://127.0.0.1:{app_server}/", timeout=60_000)
            page.get_by_text("Rafah: the plan, the red line and the entry").first.wait_for()
            page.get_by_text("No moves yet: press Step.").wait_for()
            text = page.inner_text("body")
            for internal in ("Use Threads", "Render Interval", "PAGE 0", "israel_rationality", "Step 0"):
                assert internal not in text
            assert "Changing a setting restarts the run" in text
            for _ in range(3):
                with page.expect_navigation():
                    page.click("button[value='5']")
            page.get_by_text("turn 15 of 38").wait_for()
            log = page.locator(".event-log").inner_text()
            assert "No moves yet" not in log and "2024-0" in log and "Israel" in log
            width = page.locator("main img").evaluate("i => i.naturalWidth")
            assert width >= 1200  # four dated charts in one picture, sized for the projector
            box = page.locator("main img").bounding_box()
            assert box["y"] + box["height"] <= 720  # the charts fit on a 1280x720 screen
            page.select_option("select[name=mode]", index=2)  # a what-if applies at once
            page.wait_for_url(f"http://127.0.0.1:{app_server}/")
            page.get_by_text("No moves yet: press Step.").wait_for()
            page.screenshot(path=str(shot))
        finally:
            browser.close()
    assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 20_000
