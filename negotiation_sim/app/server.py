"""Serve the projector view on 127.0.0.1 only, in this process (Ctrl-C stops it).

Core function: `serve`. Starlette and uvicorn come with the ``app`` extra
(``pip install "negotiation-sim[app]"``).
"""

from __future__ import annotations

import importlib.util
import threading
import webbrowser

from negotiation_sim.errors import UserError

__all__ = ["serve", "HOST"]

HOST = "127.0.0.1"


def serve(port: int = 8765, scenario: str | None = None, open_browser: bool = True) -> int:
    """Run the view until interrupted; returns 0."""
    missing = [m for m in ("starlette", "uvicorn") if importlib.util.find_spec(m) is None]
    if missing:
        raise UserError("command line", "app", "the app extra to be installed "
                        "(pip install \"negotiation-sim[app]\")", ", ".join(missing) + " missing")
    if not 1 <= port <= 65535:
        raise UserError("command line", "--port", "a port from 1 to 65535", port)
    import uvicorn

    from negotiation_sim.app.viewer import create_app

    app = create_app(scenario)
    url = f"http://{HOST}:{port}/"
    print(f"negotiation-sim app on {url} (Ctrl-C stops the server)", flush=True)
    if open_browser:
        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    try:
        uvicorn.run(app, host=HOST, port=port, log_level="warning")
    except KeyboardInterrupt:
        pass
    return 0
