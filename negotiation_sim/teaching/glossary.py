"""The ideas each move illustrates, tied to the sources its docstring cites.

Core objects: `Concept`, `GLOSSARY` and `concepts_of`. A move's docstring names its sources
("Fearon (1994)", "Snyder 1984"); each concept lists the works it comes from, so a move
illustrates the concepts whose works it cites. A move whose own docstring cites only the
article falls back on the sources of its family's module. Definitions are paraphrases in
plain words for students; the works are in docs/model.md's references.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass

from negotiation_sim.moves.base import Move

__all__ = ["Concept", "GLOSSARY", "concepts_of", "citations"]


@dataclass(frozen=True)
class Concept:
    """An idea from the literature, as shown to students."""

    key: str
    name: str
    meaning: str
    works: tuple[str, ...]  # citation keys as docstrings write them: "Fearon (1994)"


GLOSSARY: dict[str, Concept] = {c.key: c for c in (
    Concept("audience_cost", "audience cost",
            "A leader who threatens in public and then backs down pays for it with his own public. "
            "That price is what makes a public threat believable, and what makes retreat costly.",
            ("Fearon (1994)",)),
    Concept("costly_signal", "costly signal",
            "A move that costs its maker something (tying its hands, sinking real costs) tells the "
            "other side more about its resolve than words do.",
            ("Fearon (1997)",)),
    Concept("cheap_talk", "cheap talk",
            "Words that cost nothing to say. They can still inform when interests are close, but "
            "they move the other side's beliefs far less than a costly signal.",
            ("Crawford and Sobel (1982)",)),
    Concept("commitment", "commitment",
            "Binding yourself, by a public statement or by acting first, so that backing down "
            "becomes costlier than going on; the other side must then adjust to you.",
            ("Schelling (1966)",)),
    Concept("commitment_timing", "the option of waiting to commit",
            "A public commitment cannot be taken back cheaply, so making it kills the option of "
            "making it later, when the other side is about to act and more is known. Before the "
            "other side can act, committing gains little and exposes the committer for longer.",
            ("Dixit and Pindyck (1994)", "Slantchev (2011)")),
    Concept("fait_accompli", "fait accompli",
            "Taking what you want by acting before the other side can stop you, and leaving it to "
            "accept the new facts or pay to reverse them.",
            ("Altman (2017)",)),
    Concept("entrapment_abandonment", "entrapment and abandonment",
            "The alliance security dilemma: a patron fears being dragged into its client's war "
            "(entrapment); a client fears being left without support (abandonment). Leverage over "
            "supplies plays on both fears.",
            ("Snyder (1984)",)),
    Concept("alliance_politics", "alliance politics",
            "A patron bargains with each of its allies at once, and allies can bargain together: "
            "clients that take a joint position make it costlier for their patron to squeeze "
            "either of them.",
            ("Snyder (1997)", "Walt (1987)")),
    Concept("extended_deterrence", "extended deterrence",
            "A protector threatens to join a war on behalf of a weaker partner, so that attacking "
            "the partner risks fighting the protector too.",
            ("Huth (1988)",)),
    Concept("collective_legitimation", "collective legitimation",
            "An international body confers legitimacy by a vote: a resolution that a qualified "
            "majority of diverse members adopts tells the world that a use of force is (or is "
            "not) acceptable, and taking a dispute there is itself a signal to the target.",
            ("Voeten (2005)", "Thompson (2006)")),
    Concept("veto", "veto",
            "A permanent member can block a resolution alone. Using it shields a client from the "
            "body's verdict but costs the vetoer some standing; abstaining lets the resolution "
            "pass while keeping a distance from it. A vetoed item may go to a wider body in an "
            "emergency session (Uniting for Peace), whose verdict is a recommendation.",
            ("Hurd (2007)",)),
    Concept("two_level_game", "two-level game",
            "Negotiators bargain abroad and at home at once. The deals a side can get ratified at "
            "home (its win-set) limit what it can concede, and domestic pressure widens or narrows "
            "that range.",
            ("Putnam (1988)",)),
    Concept("bargaining_range", "bargaining range",
            "The set of deals both sides prefer to fighting on or walking away. A deal is possible "
            "only while this zone of agreement is open; shocks that improve one side's outside "
            "option can close it.",
            ("Fearon (1995)", "Rubinstein (1982)", "Nash (1950)")),
    Concept("reassurance", "reassurance",
            "Showing a partner, with information it can check, that you will not abuse its "
            "support; trust grows when the other side can verify.",
            ("Kydd (2005)",)),
    Concept("escalation", "escalation ladder",
            "A confrontation climbs in steps, from covert strikes to open war; each side weighs "
            "the next rung against the other's expected reply (deterrence).",
            ("Kahn (1965)", "Snyder (1961)")),
    Concept("war_termination", "war termination",
            "A war ends when going on no longer pays more than stopping: each side learns from the "
            "fighting what it can still win, and stopping short keeps only what was won so far.",
            ("Goemans (2000)", "Reiter (2009)", "Pillar (1983)")),
    Concept("limited_war", "limited war",
            "A war fought for aims narrower than the enemy's defeat. The political aim sets how much "
            "force is worth using, so a side can narrow an operation while it goes on instead of "
            "stopping it.",
            ("Clausewitz (1832)",)),
    Concept("ceasefire", "ceasefire",
            "A halt to the fighting. One side's halt is an offer the other may accept; a ceasefire "
            "both sides agree to, with forces pulled back, lasts longer, and breaking it costs.",
            ("Fortna (2004)",)),
    Concept("ultimatum", "ultimatum",
            "A demand with a deadline and an implied punishment: coercive diplomacy that tries to "
            "stop an action already under way, not only to deter one.",
            ("George (1991)",)),
    Concept("economic_statecraft", "economic statecraft",
            "Money, trade, energy and aid are levers of influence as much as weapons are: a patron "
            "can reward (a grant, a loan tranche) as well as punish (a cut), and the reward is "
            "often the cheaper lever.",
            ("Baldwin (1985)",)),
    Concept("monetary_coercion", "monetary coercion",
            "Pressure through credit and currency. A target defends itself by spending its "
            "reserves, which buys time but runs them down and hurts at home.",
            ("Kirshner (1995)",)),
    Concept("dependence", "dependence and alternative suppliers",
            "A patron's leverage is as large as the client's cost of doing without it. A client "
            "that can turn to another supplier, even late and only in part, is less dependent; "
            "a squeeze that drives it there loses some of its bite.",
            ("Hirschman (1945)", "Drezner (1999)")),
    Concept("salience", "salience",
            "How much of a government's scarce attention an issue holds right now. It rises when "
            "events or the other side's moves raise the issue and fades when nothing does, so a "
            "side acts on what is on its mind, not on everything it cares about at once.",
            ("Jones and Baumgartner (2005)",)),
    Concept("agenda", "agenda",
            "The short list of issues a government is attending to at a given time. Issues get on "
            "it through events and pressure and drop off when attention moves elsewhere; repeating "
            "the same gesture again and again wears out its effect.",
            ("Kingdon (1984)",)),
    Concept("status_quo", "the status quo option",
            "Doing nothing is a choice too: every move is weighed against simply waiting.",
            ("Bueno de Mesquita (1981)",)),
)}

_BY_WORK = {w: c for c in GLOSSARY.values() for w in c.works}
_CITE = re.compile(r"([A-Z][A-Za-z]+(?: and [A-Z][A-Za-z]+| de [A-Z][A-Za-z]+)?),? \(?(\d{4})\)?")


def citations(text: str) -> list[str]:
    """Citation keys in a text, in order of first appearance: ``Fearon (1994)``."""
    out: list[str] = []
    for who, year in _CITE.findall(" ".join((text or "").split())):
        who = "Bueno de Mesquita" if who == "de Mesquita" else who
        key = f"{who} ({year})"
        if key not in out:
            out.append(key)
    return out


def concepts_of(move: Move) -> list[Concept]:
    """The concepts a move illustrates, from the works its docstring (or its module's) cites."""
    found = [_BY_WORK[w] for w in citations(type(move).__doc__ or "") if w in _BY_WORK]
    if not found:
        module = sys.modules.get(type(move).__module__)
        found = [_BY_WORK[w] for w in citations(getattr(module, "__doc__", "") or "") if w in _BY_WORK]
    seen: list[Concept] = []
    for c in found:
        if c not in seen:
            seen.append(c)
    return seen
