"""The projector view: `negotiation-sim app` shows the model playing a scenario, step by step.

Core objects: `Viewer` (one model, rebuilt when the scenario, mode, seed or a parameter
changes) and `create_app` (a Starlette app with server-rendered pages, as the class sessions
use). Made for a projector at 1280x720: four charts in one picture with dates on the x-axis
and legends in names, every control labelled with its value, a mode change applied at once
(the run restarts, and the page says so), no simulation internals on screen. It opens on
Rafah. The server runs in the command's own process, so stopping the command stops it.
"""

from __future__ import annotations

import io
from html import escape
from urllib.parse import parse_qs

from negotiation_sim.api import build_model, collect_result, prepare
from negotiation_sim.model.intervention import build_counterfactual
from negotiation_sim.scenario.loader import list_scenarios, load_scenario
from negotiation_sim.scenario.names import Names, possessive

__all__ = ["Viewer", "create_app", "scenario_choices", "chart_png", "MAX_SLIDERS"]

MAX_SLIDERS = 4
FIRST = "rafah"


def scenario_choices(first: str | None = None) -> list[tuple[str, str]]:
    """(id, title) of the built-in scenarios the simulator can play, `first` (default Rafah) first."""
    out = []
    for path in list_scenarios():
        try:
            sc = load_scenario(path)
        except Exception:  # noqa: BLE001 - a file another command reads (bargaining data)
            continue
        if sc.actors:
            out.append((sc.id, sc.title))
    lead = first or FIRST
    return sorted(out, key=lambda item: item[0] != lead)


class Viewer:
    """The model on the projector: scenario, mode, seed and parameter values, stepped on demand."""

    def __init__(self, scenario: str = FIRST):
        self.choices = scenario_choices(scenario)
        self.configure(scenario, "free", 0, {})

    def configure(self, scenario: str, mode: str, seed: int, params: dict[str, float]) -> None:
        """Rebuild the run from the start with these settings."""
        self.sc = prepare(scenario, params, "the app")
        self.scenario, self.mode, self.seed, self.params = scenario, mode, seed, dict(params)
        cf = None
        run_mode = mode
        if mode.startswith("what if: "):
            cf = build_counterfactual(self.sc, [mode[len("what if: "):]], src="the app")
            run_mode = "counterfactual"
        self.model = build_model(self.sc, run_mode, seed, cf)
        self.names = Names(self.sc)

    def modes(self) -> list[tuple[str, str]]:
        """(value, label) of the modes: free play, the record replayed, each declared what-if."""
        return ([("free", "Free play: the model decides everything"), ("replay", "Replay the record")]
                + [(f"what if: {k}", f"What if: {c.description or k.replace('_', ' ')}")
                   for k, c in self.sc.counterfactuals.items()])

    def sliders(self) -> list[dict]:
        """The first declared parameters as labelled sliders with their current values."""
        from negotiation_sim.scenario.params import param_path, resolve_path

        out = []
        for name, spec in list(self.sc.parameters.items())[:MAX_SLIDERS]:
            container, key = resolve_path(self.sc, param_path(self.sc, name))
            value = container[key] if isinstance(container, (dict, list)) else getattr(container, key)
            lo, hi = spec.range
            label = (spec.description or name.replace("_", " ")).rstrip(".")
            out.append({"name": name, "label": label[:1].upper() + label[1:],
                        "value": float(value), "lo": float(lo), "hi": float(hi),
                        "step": round((hi - lo) / 50, 4) or 0.01})
        return out

    def step(self, n: int = 1) -> None:
        for _ in range(n):
            if not self.model.running:
                return
            self.model.step()

    def log(self) -> list[tuple[str, str]]:
        """(date, text) of every event and move so far, newest first."""
        m = self.model
        rows = [(ev.date.isoformat(), f"Event: {ev.text}") for t in range(1, m.steps + 1) for ev in m.events.get(t, ())]
        rows += [(m.calendar.date_of(mv.tick).isoformat(), mv.text) for mv in m.moves]
        return sorted(rows, key=lambda r: r[0], reverse=True)


def chart_png(viewer: Viewer) -> bytes:
    """Four panels sized for a 1280-pixel projector: trust, strain and cover, supplies, pressure and beliefs."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    import pandas as pd

    sc, names = viewer.sc, viewer.names
    result = collect_result(viewer.model, viewer.mode)
    df = result.timeline
    dates = pd.to_datetime(df["date"])
    fig, axes = plt.subplots(1, 4, figsize=(12.6, 3.5), sharex=True)
    ax = axes[0]
    for ch in sc.channels:
        ax.plot(dates, df[f"trust.{ch.id}"], lw=1.2, label=names.channel[ch.id][4:])
    ax.set_title("Trust between the people who talk", fontsize=11)
    ax = axes[1]
    ax.plot(dates, df["strain"], color="firebrick", lw=2, label="alliance strain")
    ax.plot(dates, df["un_cover"], color="steelblue", ls="--", label="cover at the UN")
    ax.plot(dates, df["humanitarian"], color="gray", ls=":", label="humanitarian toll")
    for op in sc.operations:
        ax.plot(dates, df[f"op.{op.id}.scope"], color="darkorange", label=f"plan: {op.name}")
    ax.set_title("Strain, cover and plans", fontsize=11)
    ax = axes[2]
    for st in sc.stocks:
        ax.plot(dates, df[f"stock.{st.id}"] / st.need, lw=1.6, label=f"{st.name} (share of need)")
    for t in sc.talks:
        ax.plot(dates, df[f"talks.{t.id}.offer"], color="black", lw=2, label=f"offer in {names.talks[t.id][4:]}")
    ax.set_title("Supplies and offers", fontsize=11)
    ax = axes[3]
    for p in sc.pressures:
        ax.plot(dates, df[f"pressure.{p.actor}"], lw=1.6, label=f"pressure on {names(p.actor)}")
    for col in df.columns:
        if col.startswith("belief."):
            _, a, o, _ = col.split(".")
            ax.plot(dates, df[col], ls="--", label=f"{possessive(names(a))} view of {possessive(names(o))} resolve")
    ax.set_title("Pressure at home and beliefs", fontsize=11)
    for ax in axes:
        ax.set_ylim(0, 1.05)
        ax.set_xlim(pd.Timestamp(sc.calendar.start), pd.Timestamp(sc.calendar.end))
        ax.xaxis.set_major_locator(mdates.MonthLocator())
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%b"))
        ax.tick_params(labelsize=10)
        if ax.lines:
            ax.legend(fontsize=9, loc="upper center", bbox_to_anchor=(0.5, -0.1), frameon=False)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100)
    plt.close(fig)
    return buf.getvalue()


_STYLE = """
body { font: 17px/1.35 system-ui, sans-serif; margin: 0; background: #f6f6f3; color: #1b1b1b; }
header { background: #1d3557; color: #fff; padding: 0.35em 1em; display: flex; gap: 1.2em; align-items: baseline; }
header h1 { font-size: 1.1em; margin: 0; } form.controls { display: flex; flex-wrap: wrap; gap: 0.2em 1em;
  padding: 0.25em 1em; background: #fff; border-bottom: 1px solid #ddd; align-items: center; font-size: 15px; }
form.controls label { white-space: nowrap; } input[type=range] { width: 7em; vertical-align: middle; }
select, input, button { font: inherit; } button { padding: 0.2em 0.8em; cursor: pointer; }
.hint { color: #8a5a00; font-size: 0.9em; } img { width: 100%; display: block; }
main { padding: 0 1em; } table { border-collapse: collapse; width: 100%; font-size: 0.95em; }
td { border-bottom: 1px solid #e3e3e3; padding: 0.2em 0.4em; vertical-align: top; } td:first-child { white-space: nowrap; }
.log { max-height: 9.5em; overflow-y: auto; background: #fff; border: 1px solid #ddd; }
"""
_SCRIPT = """
document.querySelectorAll('input[type=range]').forEach(function (r) {
  var out = document.getElementById(r.name + '-value');
  r.addEventListener('input', function () { out.textContent = Number(r.value).toFixed(2); });
});
document.querySelectorAll('select.apply').forEach(function (s) {
  s.addEventListener('change', function () { s.form.submit(); });
});
"""


def _page(v: Viewer) -> str:
    m = v.model
    cal = m.calendar
    scen = "".join(f"<option value='{escape(i)}'{' selected' if i == v.scenario else ''}>{escape(t)}</option>"
                   for i, t in v.choices)
    modes = "".join(f"<option value='{escape(k)}'{' selected' if k == v.mode else ''}>{escape(t)}</option>"
                    for k, t in v.modes())
    sliders = "".join(
        f"<label>{escape(s['label'])} <input type='range' name='{escape(s['name'])}' min='{s['lo']}' "
        f"max='{s['hi']}' step='{s['step']}' value='{s['value']}'> <b id='{escape(s['name'])}-value'>"
        f"{s['value']:.2f}</b></label>" for s in v.sliders())
    log = "".join(f"<tr><td>{escape(d)}</td><td>{escape(t)}</td></tr>" for d, t in v.log()) or \
        "<tr><td></td><td>No moves yet: press Step.</td></tr>"
    where = f"{cal.date_of(m.steps)} (turn {m.steps} of {cal.n_ticks})" + ("" if m.running else " · the end")
    return ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>negotiation-sim</title>"
            f"<style>{_STYLE}</style></head><body><header><h1>{escape(v.sc.title)}</h1>"
            f"<span class='date'>{escape(where)}</span></header>"
            "<form class='controls' method='post' action='/configure'>"
            f"<label>Scenario <select name='scenario' class='apply'>{scen}</select></label>"
            f"<label>Mode <select name='mode' class='apply'>{modes}</select></label>"
            f"<label>Seed <input type='number' name='seed' min='0' max='9999' value='{v.seed}' style='width:5em'></label>"
            f"{sliders}<button type='submit'>Apply and restart</button>"
            "<span class='hint'>Changing a setting restarts the run from the beginning.</span></form>"
            "<form class='controls' method='post' action='/step'>"
            "<button name='n' value='1'>Step</button><button name='n' value='5'>5 steps</button>"
            "<button name='n' value='999'>Run to the end</button></form>"
            "<main><img alt='Trust, strain, supplies and pressure over time' src='/chart.png?t="
            f"{m.steps}-{len(m.moves)}'><div class='log event-log'><table>{log}</table></div></main>"
            f"<script>{_SCRIPT}</script></body></html>")


def create_app(scenario: str | None = None):
    """The Starlette app of the projector view (bound to 127.0.0.1 by `server.serve`)."""
    from starlette.applications import Starlette
    from starlette.responses import HTMLResponse, RedirectResponse, Response
    from starlette.routing import Route

    from negotiation_sim.errors import UserError

    v = Viewer(scenario or FIRST)
    headers = {"Cache-Control": "no-store", "X-Frame-Options": "DENY"}

    async def form(request) -> dict[str, str]:
        raw = (await request.body())[:8192]
        return {k: vals[0] for k, vals in parse_qs(raw.decode("utf-8", "replace")).items()}

    async def home(request):
        return HTMLResponse(_page(v), headers=headers)

    async def configure(request):
        data = await form(request)
        scen = data.get("scenario", v.scenario)
        if scen not in dict(v.choices):
            scen = v.scenario
        params = {}
        if scen == v.scenario:
            for s in v.sliders():
                try:
                    params[s["name"]] = min(max(float(data.get(s["name"], s["value"])), s["lo"]), s["hi"])
                except ValueError:
                    params[s["name"]] = s["value"]
        mode = data.get("mode", "free") if scen == v.scenario else "free"
        try:
            seed = min(max(int(data.get("seed", v.seed)), 0), 9999)
        except ValueError:
            seed = v.seed
        try:
            v.configure(scen, mode, seed, params)
        except UserError:
            v.configure(scen, "free", seed, {})
        return RedirectResponse("/", 303)

    async def step(request):
        data = await form(request)
        try:
            n = min(max(int(data.get("n", "1")), 1), 999)
        except ValueError:
            n = 1
        v.step(n)
        return RedirectResponse("/", 303)

    async def chart(request):
        return Response(chart_png(v), media_type="image/png", headers=headers)

    app = Starlette(routes=[Route("/", home), Route("/configure", configure, methods=["POST"]),
                            Route("/step", step, methods=["POST"]), Route("/chart.png", chart)])
    app.state.viewer = v
    return app
