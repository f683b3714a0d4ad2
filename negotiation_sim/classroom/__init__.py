"""Class sessions: teams hold seats in their own browsers, the model plays the empty ones.

Modules: `seats` (the setup, seats, messages and join code: plain data), `room` (the session:
seats, turns, injects, the log; no web code), `store` (saved to disk after every change,
rebuilt by replaying the log), `report` (the class debrief, exports and the printable report),
`pages` (server-rendered HTML), `web` (the Starlette app, the ``classroom`` extra's server) and
`viewer` (the projector view of `negotiation-sim app`). Starlette and uvicorn are imported only
by `web` and `serve`.
"""
