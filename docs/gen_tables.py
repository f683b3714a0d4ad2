"""Generate the parameter and move tables of docs/model.md from the code.

The tables are printed as Markdown; with ``--write`` they replace the blocks
between ``<!-- BEGIN GENERATED: NAME -->`` and ``<!-- END GENERATED: NAME -->``
in docs/model.md. Three blocks are generated:

- ``mechanics``: every field of `negotiation_sim.model.mechanics.Mechanics`
  (default, range from the pydantic constraints, description) with its source
  or reason from `MECHANICS_SOURCES` below, the 2024 cast's value, and whether the shared
  likelihood fit moves it (read from ``calibration/space_2024.yaml``);
- ``moves``: the move catalogue, from each registered class's metadata,
  docstring and ``signal`` method;
- ``rafah``: the scenario-level parameters of the built-in Rafah scenario,
  with their current values read from ``scenarios/rafah.yaml``.

Usage::

    python docs/gen_tables.py            # print all blocks
    python docs/gen_tables.py mechanics  # print one block
    python docs/gen_tables.py --write    # rewrite the blocks in docs/model.md

`tests/docs/test_docs.py` checks that docs/model.md holds exactly this output,
so the documentation cannot drift from the code.
"""

from __future__ import annotations

import argparse
import importlib.util
import inspect
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from negotiation_sim.model.mechanics import Mechanics  # noqa: E402
from negotiation_sim.moves import MOVES  # noqa: E402
from negotiation_sim.moves.base import Move  # noqa: E402
from negotiation_sim.scenario.loader import load_scenario  # noqa: E402
from negotiation_sim.scenario.params import resolve_path  # noqa: E402

__all__ = ["MECHANICS_SOURCES", "RAFAH_PARAMETERS", "BLOCKS", "render", "write", "MODEL_MD"]

MODEL_MD = ROOT / "docs" / "model.md"
ARTICLE = "Israel Hayom (2025)"

# Source or reason of each Mechanics constant, keyed by field name. Say where the mechanism
# comes from and why the default has its size; "modelled" means no source gives the number.
# Whether the shared fit moves the constant is read from calibration/space_2024.yaml.
MECHANICS_SOURCES: dict[str, str] = {
    "action_cost": "Modelled: a small effort cost so that doing nothing wins ties "
    "(status quo option, Bueno de Mesquita 1981); small against the utility changes of real moves.",
    "reversal_cost": "Fearon (1994): leaders who back down are punished at home; "
    f"{ARTICLE}, 'No disaster occurred': the release of the held ship is reversed after public criticism.",
    "lookahead_weight": "Modelling choice: 1 = full one-step look-ahead at the counterpart's "
    "reply (the design brief asks for at least one step); 0 = myopic.",
    "cheap_talk_weight": "Crawford and Sobel (1982); Fearon (1997): costless messages carry "
    "little information, so they move a Beta prior by a fraction of one observation.",
    "costly_signal_weight": "Fearon (1997), tying hands and sinking costs: a signal moves "
    "beliefs in proportion to what it cost its maker; one pseudo-observation per unit of cost.",
    "belief_prior_strength": "Modelled (Bayesian updating as in Kydd 2005): a prior worth a few "
    "observations, so that two or three costly signals can change a belief.",
    "tolerance_learning": "Modelled: half the gap to a revealed bound is closed by one "
    "observation, so repeated objections teach the client where the bound lies.",
    "trust_recovery": f"Modelled; {ARTICLE}, 'Even a soccer game isn't won with a tie': "
    "channels recover (the military channel stays warm) but slowly, over months.",
    "strain_decay": f"Modelled; {ARTICLE}, 'No disaster occurred': the Americans were "
    "placated 'but not for long': strain fades over weeks unless renewed.",
    "fait_accompli_trust_cost": f"Altman (2017) on the fait accompli; {ARTICLE}, 'We chose to "
    "narrow gaps': Biden reportedly calls Netanyahu a liar after the unapproved Rafah entry.",
    "fait_accompli_strain": f"Snyder (1984) on alliance strain; {ARTICLE}, 'We chose to narrow "
    "gaps' (the entry without US approval).",
    "coercion_cost": "Snyder (1984): coercing an ally risks the alliance; the cost falls with "
    "the mover's resolve (Fearon 1995: resolve is willingness to bear costs).",
    "concession_step": f"{ARTICLE}, 'We chose to narrow gaps': about six weeks of refinements "
    "turn the pincer (scope 1) into a southern entry; a handful of steps must cover that distance.",
    "concession_cost": "Putnam (1988): a concession abroad costs at home (level II); small, "
    "so that the domestic floor of the win-set, not this cost, stops the concessions.",
    "pressure_trust_cost": f"{ARTICLE}, 'We chose to narrow gaps': the Rafah video call ends "
    "in shouting; modelled size.",
    "press_strain": f"{ARTICLE}, 'We chose to narrow gaps': 'the Americans were on the verge "
    "of explosion'; modelled size.",
    "red_line_strain": f"{ARTICLE}, 'We chose to narrow gaps': the red line sharpens the "
    "tone; public record for the interview (9 March 2024); modelled size.",
    "threat_audience_share": "Fearon (1994): a vague warning of 'consequences' ties hands less "
    "than a named red line, so it carries a fraction of the audience cost.",
    "public_stance_relief": f"{ARTICLE}, 'We chose to narrow gaps': pressure on Biden from "
    "Democrats to end the war; a tough public stance answers domestic critics.",
    "supply_strain": f"Snyder (1984); {ARTICLE}, 'We chose to narrow gaps': the stuttering "
    "supply of tank shells; holding counts double.",
    "un_strain": f"Public record: the US abstention on resolution 2728 (25 March 2024); "
    f"{ARTICLE}, 'We chose to narrow gaps': the fear of 'non-support at the UN'.",
    "un_isolation": f"{ARTICLE}, 'We chose to narrow gaps': losing UN support is one of the two "
    "costs Israel weighs against defying the US; modelled size.",
    "reassurance_gain": f"Kydd (2005) on reassurance; {ARTICLE}, 'No disaster occurred': "
    "near-daily Pentagon briefings with photos and footage.",
    "reassurance_relief": f"{ARTICLE}, 'No disaster occurred': the Americans were placated "
    "for a while.",
    "approval_gain": "Putnam (1988): an agreement inside both win-sets is ratified at low "
    "cost and builds trust; modelled size.",
    "counter_signal_relief": "Schelling (1966) on signalling resolve; public record: the "
    "delegation's trip cancelled after the abstention (25 March 2024).",
    "conserve_factor": f"{ARTICLE}, 'We chose to narrow gaps': tank crews told to save as many "
    "shells as they can; the 40% saving is modelled, not sourced.",
    "slowed_factor": f"{ARTICLE}, 'We chose to narrow gaps': the supply 'stutters' rather than "
    "stops; the 40% share is modelled, not sourced.",
    "planning_value": "Modelled: a prepared plan has some value (options, deterrence) before "
    "it is used.",
    "approval_value": f"{ARTICLE}, 'We chose to narrow gaps': the political echelon tells the "
    "IDF to 'do Rafah with the Americans'; an approved plan is worth more than a contested one.",
    "readiness_weight": f"Snyder (1984), the client's fear of abandonment; {ARTICLE}, 'We chose "
    "to narrow gaps': the Rafah entry postponed for lack of munitions.",
    "supply_horizon_days": f"Modelled: a quarter-year planning horizon; {ARTICLE}, 'We chose to "
    "narrow gaps': near-daily meetings on munitions stocks.",
    "demand_friction": f"{ARTICLE}, 'We chose to narrow gaps': Blinken leaves the cabinet "
    "disappointed; an unmet demand weighs on the relationship.",
    "breach_enforce_bonus": "Fearon (1994): the audience cost is paid for backing down; a "
    "patron that squeezes its client's supply has not backed down, for as long as the squeeze lasts. "
    "1 = fully avoided while supply is held.",
    "surprise_trust_cost": f"{ARTICLE}, 'Even a soccer game isn't won with a tie': Sullivan learns of the "
    "Damascus strike a minute before a meeting; the size is modelled (a fifth of the trust range).",
    "notice_cost": "Modelled: telling the patron first risks a leak or a veto (why Israel did not, per "
    f"{ARTICLE}); small against the strike's value.",
    "grievance_decay": "Modelled: a vow of retaliation fades slowly (Iran answered within two weeks).",
    "damage_decay": "Modelled: damage suffered is felt for about a month.",
    "restraint_decay": "Modelled: a patron's call for restraint weighs for weeks ('take the win', 14 April "
    "to the 19 April strike).",
    "restraint_pull": f"{ARTICLE}, 'Even a soccer game isn't won with a tie': the counter-strike was limited "
    "partly for US reasons; size fitted with the shared set.",
    "heavy_strike": "Kahn (1965) on escalation rungs: a strike past half the size scale climbs a rung; modelled.",
    "covert_grievance": "Modelled: a strike abroad wrongs the target less than one on its soil; Iran's "
    f"framing of the consulate as its soil ({ARTICLE}) adds the rest.",
    "framing_commitment": "Fearon (1994): a public vow is a commitment; 0 by default because the vow acts "
    "through beliefs (the framing move's signal).",
    "defence_gain": f"{ARTICLE}, 'Even a soccer game isn't won with a tie': Kurilla runs the coalition defence "
    "from the IDF operations centre; public record: almost every missile and drone intercepted.",
    "criticism_trust_cost": f"{ARTICLE}, 'No disaster occurred': Netanyahu's video of 18 June enrages the "
    "administration; size modelled.",
    "criticism_strain": f"{ARTICLE}, 'No disaster occurred': the video leads to the low point of the relationship.",
    "criticism_relief": "Modelled: blaming the patron plays well at home (the video was addressed to the public).",
    "criticism_backlash": f"{ARTICLE}, 'No disaster occurred': after the video, releasing the ship would look "
    "like yielding, and the President orders it held.",
    "quiet_diplomacy_gain": f"{ARTICLE}, 'No disaster occurred': Gallant's discreet work with the Pentagon; modelled size.",
    "interim_requests": f"{ARTICLE}, 'No disaster occurred': interim deployment was Gallant's compromise after his "
    "discreet efforts and Washington trip failed to free the ship; the count is modelled.",
    "acted_pressure_share": "Putnam (1988): a government answers to its domestic table throughout the "
    "bargain, not only until it acts; modelled share (Netanyahu's video of June 2024 was addressed to the "
    "public while the Rafah operation ran).",
    "offer_relief": "Modelled: a better offer eases the pressure of the hostages' families on the government.",
    "coordination_leverage": "Snyder (1997), Alliance Politics: clients that align raise the cost to their "
    "patron of coercing either (coercing one alienates both); Walt (1987) on alignment. Modelled size: at 0.3 "
    "a full squeeze on a coordinated client costs the patron about what a public blame costs in trust.",
    "coordination_strain": "Snyder (1997): a patron resents being faced by a bloc of its clients; small, so "
    "that clients coordinate when a squeeze is in prospect, not as a matter of course. Modelled size.",
    "third_party_risk": "Huth (1988), extended deterrence: an attacker weighs the cost of fighting a protector "
    "that threatens to join; Snyder (1984) on entrapment for the attacker's own patrons. Modelled size: at 1 "
    "a standing threat against a full-scope operation costs its owner what the operation is worth.",
    "talks_engagement": "Modelled: an adversary gains standing from mediated talks (Fearon 1995 on the "
    "value of the bargaining process); size fitted with the shared set.",
    "pause_value": "Reiter (2009), How Wars End: a belligerent that limits a war keeps the option to go on; "
    "modelled size: half the value still to be won (a halted operation keeps none of it, Goemans 2000).",
    "halt_deadline_days": "George (1991), Forceful Persuasion: an ultimatum names a deadline; modelled length "
    "of two weeks (two ticks of a weekly scenario). No 2024 episode opens the move.",
    "withdrawal_step": "Fortna (2004), Peace Time: withdrawals are staged; modelled size: four stages from a "
    "full-scope operation.",
    "commitment_option": "Dixit and Pindyck (1994), Investment under Uncertainty: an irreversible step "
    "kills the option to take it later; Schelling (1966), Arms and Influence: a commitment works at the "
    "moment the other side decides; Fearon (1997): tying hands; Slantchev (2011): threats are costly to "
    "keep up. Model: docs/model.md 7.18. Fitted with the shared set.",
    "attention_decay": "Jones and Baumgartner (2005), The Politics of Attention: attention to an issue is "
    "scarce and fades unless events keep it on the agenda. Default 0 (off); the 2024 cast "
    "sets a fitted value; 0.1-0.2 per tick halves an unattended issue's salience in about 4-7 ticks (modelled).",
    "attention_gain": "Jones and Baumgartner (2005): an event or a partner's move on an issue puts it back "
    "on the agenda (punctuation). Modelled size: one concerning event brings a faded issue halfway back. "
    "Inert while attention_decay is 0.",
    "repeat_discount": "Jervis (1970), The Logic of Images in International Relations: signals, unlike "
    "indices, cost nothing to send again, so a repetition without new action tells less. Default 1 "
    "(off); 0.5-0.8 makes a third recent repeat of a hint worth a quarter to two thirds of the first (modelled).",
    "repeat_cost": "Modelled: repeating the same move costs standing (a government that keeps hinting looks "
    "weak); default 0 (off); a few hundredths per recent repeat (0.03 in tests/data/attention.yaml) makes a third repeat cost about a minor concession.",
    "repeat_memory": "Modelled: how long a repeat is remembered; 0.8 per tick forgets a move in about five "
    "ticks (a few weeks at four-day ticks). Inert while repeat_discount is 1 and repeat_cost 0.",
}

# Scenario-level parameters of the Rafah scenario: path -> (meaning, unit, reason).
# A range is taken from the schema field the path ends at, or given as a 4th item.
RAFAH_PARAMETERS: dict[str, tuple] = {
    "calendar.tick_days": ("days per tick", "days", "Four days: fine enough to order the "
                           "late-March moves, which fall days apart."),
    "actors.israel.resolve": ("willingness to bear costs for its position (scales coercion cost)",
                              "0..1", "Israel entered Rafah against US opposition ('We chose to narrow gaps')."),
    "actors.us.resolve": ("as above, for the US", "0..1",
                          "The US held the ship but kept the defence channel open ('No disaster occurred')."),
    "actors.israel.rationality": ("logit precision of choices (0 = random)", "1/utility",
                                  "McKelvey and Palfrey (1995); sets how tightly free play follows utility."),
    "actors.us.rationality": ("as above, for the US", "1/utility", "As above."),
    "actors.israel.audience_cost": ("utility lost for a public commitment not kept", "utility",
                                    "Fearon (1994); Israel makes no public commitment in the record."),
    "actors.us.audience_cost": ("as above, for the US", "utility",
                                "Fearon (1994); Biden's public 'red line' (public record, 9 March 2024)."),
    "actors.israel.win_sets.rafah_scope.lo": ("narrowest Rafah plan Israel accepts", "scope 0..1",
                                              "Putnam (1988); the southern plan still had to destroy the brigade."),
    "actors.israel.win_sets.rafah_scope.pressure_sensitivity": (
        "how far domestic pressure raises Israel's floor", "scope per unit pressure",
        "Coalition pressure to act ('We chose to narrow gaps': the delay became a political blame game)."),
    "actors.us.win_sets.rafah_scope.hi": ("widest Rafah plan the US accepts without pressure",
                                          "scope 0..1", "The US disliked the pincer and every softened version."),
    "actors.us.win_sets.rafah_scope.pressure_sensitivity": (
        "how far domestic pressure lowers the US ceiling", "scope per unit pressure",
        "Pressure from Democrats in an election year ('We chose to narrow gaps')."),
    "actors.israel.beliefs.us.resolve": ("Israel's prior mean of US resolve", "0..1",
                                         "Fearon (1995); Israel expected to act against US wishes 'without breaking the tools' ('We chose to narrow gaps')."),
    "actors.israel.beliefs.us.tolerance.rafah": ("Israel's prior of the widest plan the US accepts",
                                                 "scope 0..1", "Israel kept presenting softened plans expecting approval.", (0.0, 1.0)),
    "actors.us.beliefs.israel.resolve": ("US prior mean of Israeli resolve", "0..1",
                                         "Modelled: the US expected an entry sooner or later."),
    "issues.rafah_scope.positions.israel": ("Israel's ideal plan", "scope 0..1",
                                            "The original north-and-south pincer.", (0.0, 1.0)),
    "issues.rafah_scope.positions.us": ("the US ideal plan", "scope 0..1",
                                        "A narrow southern entry with civilians let out.", (0.0, 1.0)),
    "pressures.us.initial": ("US domestic pressure at the start", "0..1", "Modelled."),
    "pressures.us.baseline": ("US pressure with the other drivers at zero", "0..1",
                              "Modelled."),
    "pressures.us.humanitarian_sensitivity": ("pressure per unit of humanitarian toll", "per unit toll",
                                              "Fear of 'images of massacre and starvation' ('We chose to narrow gaps')."),
    "pressures.us.imminence_sensitivity": ("pressure from a ready, pending partner operation", "per unit readiness",
                                           "US pressure rose as the Rafah entry neared ('We chose to narrow gaps')."),
    "pressures.us.election_sensitivity": ("pressure from the coming election", "per unit proximity",
                                          "'Approaching US presidential elections' ('We chose to narrow gaps'); election 5 Nov 2024 (public record)."),
    "pressures.us.adjust_rate": ("share of the gap to the target closed per tick", "1/tick", "Modelled."),
    "pressures.israel.initial": ("Israeli domestic pressure at the start", "0..1", "Modelled."),
    "pressures.israel.baseline": ("Israeli pressure with the other drivers at zero", "0..1", "Modelled."),
    "pressures.israel.delay_sensitivity": ("pressure to act while the plan waits", "per unit delay",
                                           "The delay 'dominated public discourse' ('We chose to narrow gaps')."),
    "pressures.israel.adjust_rate": ("share of the gap to the target closed per tick", "1/tick", "Modelled."),
    "operations.rafah.value": ("security value of completing the operation", "utility",
                               "Reference value: other security terms are relative to it."),
    "operations.rafah.civilian_exposure": ("humanitarian harm per unit scope", "0..1",
                                           "Over a million displaced people sheltered in Rafah (public record)."),
    "operations.rafah.readiness": ("forces available at the start", "0..1",
                                   "Forces tied up in Khan Yunis ('We chose to narrow gaps')."),
    "operations.rafah.readiness_needed": ("forces needed to launch", "0..1", "Modelled."),
    "operations.rafah.min_stock_ratio": ("usable stock / need required for the widest plan", "ratio",
                                         "Rafah postponed for lack of munitions; later entered 'with what we had'."),
    "operations.rafah.progress_rate": ("progress per tick once launched", "1/tick",
                                       "The operation ran for months after May (public record)."),
    "stocks.tank_shells.stock": ("120 mm shells held at the start", "stock unit",
                                 "Modelled level below need: a 'severe munitions shortage' ('We chose to narrow gaps')."),
    "stocks.tank_shells.need": ("level Israel considers sufficient", "stock unit", "Modelled."),
    "stocks.tank_shells.burn_rate": ("use per day in normal fighting", "stock unit per day",
                                     "Modelled: slightly above flowing resupply, so the stock runs down."),
    "stocks.tank_shells.launch_burn": ("burn multiplier during a launched operation", "factor", "Modelled."),
    "stocks.tank_shells.resupply_rate": ("US deliveries per day while supply flows", "stock unit per day", "Modelled."),
    "stocks.heavy_bombs.stock": ("2,000 lb bombs held at the start", "stock unit", "Modelled."),
    "stocks.heavy_bombs.need": ("level Israel considers sufficient", "stock unit",
                                "'The IDF's workhorse' ('No disaster occurred')."),
    "stocks.heavy_bombs.resupply_rate": ("US deliveries per day while supply flows", "stock unit per day",
                                         "Modelled; public record: about 1,800 2,000 lb bombs paused in May 2024 (one held shipment)."),
    "world.strain": ("alliance strain at the start", "0..1",
                     "Part 1 of the series: months of friction over aid (DESIGN brief)."),
    "world.humanitarian": ("humanitarian toll at the start", "0..1", "Modelled."),
    "world.humanitarian_rate": ("change of the toll per tick", "per tick", "Modelled."),
}


# -- helpers -------------------------------------------------------------------------------------
def _fmt(v: object) -> str:
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(_cell(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


def _bounds(field_info) -> tuple[float | None, float | None, str, str]:
    lo = hi = None
    lo_b, hi_b = "[", "]"
    for c in field_info.metadata:
        if getattr(c, "ge", None) is not None:
            lo = c.ge
        if getattr(c, "gt", None) is not None:
            lo, lo_b = c.gt, "("
        if getattr(c, "le", None) is not None:
            hi = c.le
        if getattr(c, "lt", None) is not None:
            hi, hi_b = c.lt, ")"
    return lo, hi, lo_b, hi_b


def _range(field_info) -> str:
    lo, hi, lo_b, hi_b = _bounds(field_info)
    if lo is None and hi is None:
        return "any"
    if hi is None:
        hi_b = ")"
    return f"{lo_b}{'-inf' if lo is None else _fmt(lo)}, {'inf' if hi is None else _fmt(hi)}{hi_b}"


def calibration_space() -> dict[str, tuple[float, float]]:
    """Paths and ranges the shared 2024 fit may move (calibration/space_2024.yaml)."""
    from negotiation_sim.calibration.space import load_space

    path = ROOT / "calibration" / "space_2024.yaml"
    if not path.exists():
        return {}
    return {p.path: p.range for p in load_space(path).parameters}


def _calibrated(path: str, space: dict[str, tuple[float, float]]) -> str:
    if path in space:
        lo, hi = space[path]
        return f"fitted (shared 2024 set) in [{_fmt(float(lo))}, {_fmt(float(hi))}]"
    return "set by judgment"


# -- blocks --------------------------------------------------------------------------------------
def mechanics_table() -> str:
    """Every `Mechanics` field: default, range, meaning, source or reason, calibration."""
    space = calibration_space()
    cast = load_scenario("rafah").mechanics  # the 2024 cast's values (every episode shares them)
    rows = []
    for name, fi in Mechanics.model_fields.items():
        rows.append([f"`{name}`", _fmt(fi.default), _fmt(getattr(cast, name)), _range(fi),
                     fi.description or "",
                     MECHANICS_SOURCES.get(name, "MISSING: add a source to docs/gen_tables.py"),
                     _calibrated(f"mechanics.{name}", space)])
    return _table(["field", "default", "2024 cast", "range", "meaning (unit)", "source / reason",
                   "estimation"], rows)


_MARKERS = ("Sources:", "Precondition:", "Effects:", "Effect:", "Cost:", "Reveals:")


def docstring_parts(move: Move) -> dict[str, str]:
    """The docstring body split at its markers (Sources, Precondition, Effects, Cost, Reveals)."""
    doc = inspect.getdoc(type(move)) or ""
    body = " ".join(doc.split("\n\n", 1)[1].split()) if "\n\n" in doc else ""
    pattern = "(" + "|".join(re.escape(m) for m in _MARKERS) + ")"
    pieces = re.split(pattern, body)
    out: dict[str, str] = {}
    key = None
    for piece in pieces:
        if piece in _MARKERS:
            key = piece.rstrip(":").lower()
            key = "effects" if key == "effect" else key
        elif key is not None:
            out[key] = (out.get(key, "") + " " + piece.strip()).strip()
    return out


def signal_text(move: Move) -> str:
    """The `Signal(...)` a move sends, read from its `signal` method's source."""
    if type(move).signal is Move.signal:
        return "none"
    src = inspect.getsource(type(move).signal)
    m = re.search(r"Signal\((.*)\)", src)
    if not m:
        return "see code"
    text = m.group(1).replace("ix.m.", "").replace("me.", "")
    text = re.sub(r'reveals=\(target, "(\w+)", (\w+)\)', r"reveals tolerance \1 the plan's \2", text)
    return text


def moves_table() -> str:
    """The move catalogue: metadata, then contract (precondition, effects, signal, sources)."""
    meta, contract = [], []
    for name, mv in MOVES.items():
        c = mv.classifier
        meta.append([f"`{name}`", ", ".join(c["roles"]), c["target_kind"] or "none",
                     c["channel"] or "none", "yes" if c["public"] else "no",
                     "yes" if c["coercive"] else "no", mv.summary])
        parts = docstring_parts(mv)
        effects = parts.get("effects", "")
        if "cost" in parts:
            effects += f" Cost: {parts['cost']}"
        if "reveals" in parts:
            effects += f" Reveals: {parts['reveals']}"
        contract.append([f"`{name}`", parts.get("precondition", "always"), effects or "none",
                         f"`{signal_text(mv)}`" if signal_text(mv) != "none" else "none",
                         parts.get("sources", "")])
    return (_table(["move", "who (roles)", "target", "channel", "public", "coercive", "summary"], meta)
            + "\n\n"
            + _table(["move", "precondition", "effects", "signal", "sources"], contract))


def rafah_table() -> str:
    """Scenario-level parameters of the Rafah scenario with their current values."""
    sc = load_scenario("rafah")
    space = calibration_space()
    rows = []
    for path, item in RAFAH_PARAMETERS.items():
        meaning, unit, reason = item[:3]
        container, key = resolve_path(sc, path)
        if hasattr(type(container), "model_fields"):
            value = getattr(container, key)
            rng = item[3] if len(item) > 3 else None
            shown_range = _range(type(container).model_fields[key]) if rng is None else \
                f"[{_fmt(rng[0])}, {_fmt(rng[1])}]"
        else:
            value = container[key]
            rng = item[3] if len(item) > 3 else (0.0, 1.0)
            shown_range = f"[{_fmt(rng[0])}, {_fmt(rng[1])}]"
        if unit.startswith("stock unit"):
            stock = path.split(".")[1]
            unit = unit.replace("stock unit", next(s.unit for s in sc.stocks if s.id == stock))
        rows.append([f"`{path}`", meaning, unit, shown_range, _fmt(value), reason,
                     _calibrated(path, space)])
    return _table(["path", "meaning", "unit", "range", "Rafah value", "reason", "estimation"], rows)


BLOCKS = {"mechanics": mechanics_table, "moves": moves_table, "rafah": rafah_table}


def render(name: str) -> str:
    """One generated block's Markdown."""
    return BLOCKS[name]()


_BLOCK_RE = "<!-- BEGIN GENERATED: {name} -->\n(.*?)<!-- END GENERATED: {name} -->"


def replace_blocks(text: str, blocks: dict[str, str]) -> str:
    """`text` with each named generated block replaced by its new content."""
    for name, content in blocks.items():
        pattern = re.compile(_BLOCK_RE.format(name=re.escape(name)), re.S)
        if not pattern.search(text):
            raise SystemExit(f"no generated block '{name}' (add the marker comments)")
        new = f"<!-- BEGIN GENERATED: {name} -->\n{content}\n<!-- END GENERATED: {name} -->"
        text = pattern.sub(lambda _m: new, text)
    return text


def write(path: Path = MODEL_MD) -> None:
    """Rewrite every generated block of `path` in place."""
    text = path.read_text(encoding="utf-8")
    path.write_text(replace_blocks(text, {n: render(n) for n in BLOCKS}), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("blocks", nargs="*", choices=[*BLOCKS, []], help="blocks to print (default: all)")
    ap.add_argument("--write", action="store_true", help="rewrite the blocks in docs/model.md")
    args = ap.parse_args(argv)
    if args.write:
        write()
        print(f"rewrote {', '.join(BLOCKS)} in {MODEL_MD.relative_to(ROOT)}")
        return 0
    for name in args.blocks or list(BLOCKS):
        print(f"<!-- BEGIN GENERATED: {name} -->\n{render(name)}\n<!-- END GENERATED: {name} -->\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
