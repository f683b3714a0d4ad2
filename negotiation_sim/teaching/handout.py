"""A printable role packet for one seat: `negotiation-sim brief SCENARIO --as ACTOR`.

Core functions: `handout_html` and `write_handout`. The packet is one self-contained HTML page
laid out for print (A4 or Letter, no background colours, page breaks between parts) with the
sections of `teaching.brief.brief_sections`: the situation, what the seat wants, its team,
what it knows, its levers with the ideas they illustrate, its channels, and the sourced
record it may know at the start; then a glossary of those ideas.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from pathlib import Path

from negotiation_sim.scenario.schema import Scenario
from negotiation_sim.teaching.brief import brief_sections, scenario_moves
from negotiation_sim.teaching.glossary import concepts_of

__all__ = ["handout_html", "write_handout"]

_PRINT = """
body { font: 11pt/1.45 Georgia, 'Times New Roman', serif; max-width: 46em; margin: 1.5em auto; color: #111; }
h1 { font-size: 17pt; margin: 0 0 0.2em; } .sub { color: #444; margin: 0 0 1em; }
h2 { font-size: 12.5pt; border-bottom: 1px solid #999; margin: 1.2em 0 0.3em; page-break-after: avoid; }
ul { padding-left: 1.2em; } li { margin: 0.2em 0; page-break-inside: avoid; }
dt { font-weight: bold; margin-top: 0.4em; } dd { margin-left: 1.2em; }
@page { size: auto; margin: 18mm; } @media print { .glossary { page-break-before: always; } }
"""


def handout_html(sc: Scenario, actor: str, start: dt.date | None = None) -> str:
    """The role packet as one printable HTML page."""
    me = sc.actor(actor)
    secs = brief_sections(sc, actor, start)
    parts = ["<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
             f"<title>Role packet: {escape(me.name)}</title><style>{_PRINT}</style></head><body>",
             f"<h1>Role packet: {escape(me.name)}</h1>",
             f"<p class='sub'>{escape(sc.title)}</p>"]
    for s in secs:
        parts.append(f"<h2>{escape(s.title)}</h2><ul>" + "".join(f"<li>{escape(x)}</li>" for x in s.lines)
                     + "</ul>")
    seen = []
    for mv in scenario_moves(sc, me.role):
        for c in concepts_of(mv):
            if c not in seen:
                seen.append(c)
    if seen:
        parts.append("<section class='glossary'><h2>The ideas behind your levers</h2><dl>")
        for c in seen:
            parts.append(f"<dt>{escape(c.name[0].upper() + c.name[1:])}</dt><dd>{escape(c.meaning)} "
                         f"<i>({escape('; '.join(c.works))})</i></dd>")
        parts.append("</dl></section>")
    if sc.source:
        parts.append(f"<p class='sub'>Source of the scenario: {escape(' '.join(sc.source.split()))}</p>")
    parts.append("<p class='sub'>Written by negotiation-sim.</p></body></html>")
    return "".join(parts)


def write_handout(sc: Scenario, actor: str, path: str | Path, start: dt.date | None = None) -> Path:
    """Write the packet to `path`."""
    path = Path(path)
    path.write_text(handout_html(sc, actor, start), encoding="utf-8")
    return path
