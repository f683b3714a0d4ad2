"""Plain words for numbers, interests, options and the model's reasons.

Core functions: `amount` ("low, 0.12"), `size` (how large a utility part is), `option_label`
(an option in the imperative, with scenario names), `move_sentence`, `why_sentence` (the
model's reasons for one option as a sentence) and `concept_line` (the ideas a move
illustrates). Everything reads a scenario's `Names`; nothing prints an id.
"""

from __future__ import annotations

import numpy as np

from negotiation_sim.model.decision import DecisionRecord
from negotiation_sim.moves import MOVES
from negotiation_sim.scenario.names import Names
from negotiation_sim.scenario.schema import INTERESTS
from negotiation_sim.teaching.glossary import concepts_of

__all__ = ["amount", "size", "INTEREST_WORDS", "option_label", "move_sentence", "why_sentence",
           "concept_line", "likelihood", "split_key"]

INTEREST_WORDS = {
    "security": "security",
    "alliance": "the alliance",
    "domestic": "standing at home",
    "legitimacy": "standing in the world",
    "hostages": "the hostages",
    "escalation": "avoiding escalation",
}

_LEVELS = ((0.1, "very low"), (0.3, "low"), (0.45, "fairly low"), (0.55, "middling"),
           (0.7, "fairly high"), (0.9, "high"), (float("inf"), "very high"))


def amount(value: float, digits: int = 2) -> str:
    """A 0..1 amount in words beside its number: ``amount(0.12) == "low, 0.12"``."""
    v = float(value)
    if v != v:
        return "not known"
    word = next(w for top, w in _LEVELS if v < top)
    return f"{word}, {v:.{digits}f}"


def size(part: float) -> str:
    """How large a utility part is, in words."""
    a = abs(part)
    if a < 0.005:
        return "negligible"
    if a < 0.02:
        return "small"
    if a < 0.06:
        return "clear"
    return "large"


def likelihood(p: float) -> str:
    """A probability in words beside its number: ``likely, 0.62``."""
    word = ("almost certain" if p >= 0.9 else "likely" if p >= 0.6 else "even odds" if p >= 0.4
            else "possible" if p >= 0.15 else "unlikely")
    return f"{word}, {p:.2f}"


def split_key(key: str) -> tuple[str, str | None]:
    """``move:target`` -> (move, target or None)."""
    move, _, target = key.partition(":")
    return move, target or None


def option_label(key: str, names: Names) -> str:
    """An option as a player reads it: "Slow deliveries of 120 mm tank shells"."""
    move, target = split_key(key)
    return MOVES[move].describe_option(names.target(target), names.kind(target))


def move_sentence(key: str, actor: str, names: Names) -> str:
    """What an actor doing this option would read like: "the United States slows ..."."""
    move, target = split_key(key)
    return MOVES[move].describe(names.who(actor), None, names.target(target), names.kind(target))


def concept_line(move: str) -> str:
    """The ideas a move illustrates: "audience cost (Fearon 1994)"."""
    cs = concepts_of(MOVES[move])
    return "; ".join(f"{c.name} ({', '.join(w.replace(' (', ' ').rstrip(')') for w in c.works[:1])})"
                     for c in cs)


def _listing(bits: list[str]) -> str:
    return bits[0] if len(bits) == 1 else ", ".join(bits[:-1]) + " and " + bits[-1]


def _parts_phrase(parts: np.ndarray, top: int) -> str:
    """"it brings security (a large gain, +0.158) but costs the alliance (a small loss, -0.010)"."""
    order = [k for k in np.argsort(-np.abs(parts))[:top] if abs(parts[k]) >= 0.0005]
    gains = [f"{INTEREST_WORDS[INTERESTS[k]]} (a {size(parts[k])} gain, {parts[k]:+.3f})" for k in order
             if parts[k] > 0]
    losses = [f"{INTEREST_WORDS[INTERESTS[k]]} (a {size(parts[k])} loss, {parts[k]:+.3f})" for k in order
              if parts[k] < 0]
    if gains and losses:
        return f"it brings {_listing(gains)} but costs {_listing(losses)}"
    if gains:
        return f"it brings {_listing(gains)}"
    if losses:
        return f"it costs {_listing(losses)}"
    return ""


def why_sentence(d: DecisionRecord, index: int, names: Names, counterpart: str | None = None,
                 top: int = 2) -> str:
    """The model's reasons for option `index` of decision `d`, as one sentence.

    Utility parts are the weighted changes in each interest that the option brings, averaged
    over the counterpart's believed replies; the reply the model expects is named when it is a
    real move with some weight.
    """
    label = option_label(d.keys[index], names)
    p = float(d.probability[index])
    parts = _parts_phrase(d.parts[index], top)
    if parts:
        text = f"{label} ({likelihood(p)}): {parts}"
    else:
        text = f"{label} ({likelihood(p)}): it changes little either way"
    reply, rp = d.reply[index]
    if reply and split_key(reply)[0] != "wait" and rp >= 0.2 and counterpart:
        text += f"; in reply the model expects that {move_sentence(reply, counterpart, names)} ({likelihood(rp)})"
    return text + "."
