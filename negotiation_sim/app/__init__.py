"""The projector view (optional extra ``app``): the model playing a scenario, step by step.

Modules: `viewer` (the view and its charts, a small Starlette app with server-rendered pages,
like the class sessions of `negotiation_sim.classroom`) and `server` (serve it on 127.0.0.1 in
the command's own process). Starlette, uvicorn and matplotlib are imported only when served.
"""
