"""What the player sees each turn in the terminal: the situation, the options, the model's advice.

Core functions: `situation_lines`, `menu_lines`, `why_lines`. They read the model's state
and recorded decisions through `teaching.view` and `teaching.words` (names and words, never
ids); they change nothing.
"""

from __future__ import annotations

from negotiation_sim.moves import MOVES
from negotiation_sim.teaching.session import PlaySession, Turn
from negotiation_sim.teaching.brief import closed_levers
from negotiation_sim.teaching.view import situation
from negotiation_sim.teaching.words import concept_line, option_label, split_key, why_sentence

__all__ = ["situation_lines", "menu_lines", "why_lines", "label", "why_text", "news_lines"]


def label(key: str, names=None) -> str:
    """An option in words (with `names`), else ``move:target`` shown as ``move target``."""
    return option_label(key, names) if names is not None else key.replace(":", " ")


def why_text(rec, index: int, names, counterpart: str | None = None) -> str:
    """The model's reasons behind candidate `index`, as a sentence."""
    return why_sentence(rec, index, names, counterpart)


def news_lines(s: PlaySession, turn: Turn) -> list[str]:
    """Events and moves since the player's last turn."""
    m = s.model
    lines = []
    for t in range(s.last_turn_tick + 1, turn.tick + 1):
        for ev in m.events.get(t, ()):
            lines.append(f"NEW EVENT {ev.date}: {ev.text}")
    since = [mv for mv in m.moves if mv.tick >= max(s.last_turn_tick, 1) and mv.tick < turn.tick]
    for mv in since:
        note = "" if mv.legal else " (the situation had changed; it went ahead anyway)"
        lines.append(f"{m.calendar.date_of(mv.tick)}  {mv.text}{note}")
    if not since and s.choices:
        lines.append("No one moved since your last turn.")
    return lines


def situation_lines(s: PlaySession, turn: Turn) -> list[str]:
    """Date, news, then every section of the seat's situation in words."""
    m = s.model
    hist = m.history()
    before = hist[min(max(s.last_turn_tick - 1, 0), len(hist) - 1)] if s.choices else None
    lines = [f"=== Turn {turn.number}: {turn.date} (turn {turn.tick} of {m.calendar.n_ticks}) ==="]
    lines += [f"  {t}" for t in news_lines(s, turn)]
    for sec in situation(m, s.actor, before):
        lines.append(f"  {sec.title}:")
        lines += [f"    {t}" for t in sec.lines]
    closed = closed_levers(m, s.actor, turn.options)
    if closed:
        lines.append("  Not open this turn (and what each needs):")
        lines += [f"    {t}" for t in closed]
    return lines


def menu_lines(turn: Turn, names, counterpart: str | None = None, top: int = 3) -> list[str]:
    """The numbered options with the model's probabilities, and its top advice as sentences."""
    rec = turn.record
    lines = ["  Your options (the model's probability for your seat):"]
    for i, key in enumerate(turn.options):
        lines.append(f"    {i + 1:>2}. {label(key, names):<72}{rec.probability[i]:>6.2f}")
    lines.append("  The model's advice for your seat:")
    for i in turn.advice(top):
        lines.append(f"    option {i + 1}. {why_text(rec, i, names, counterpart)}")
        concepts = concept_line(split_key(rec.keys[i])[0])
        if concepts:
            lines.append(f"       the idea: {concepts}")
    return lines


def why_lines(s: PlaySession, turn: Turn, index: int) -> list[str]:
    """Why the model scores option `index` as it does, beside the other options."""
    rec = turn.record
    names = s.model.names
    counterpart = s.sc.actor(s.actor).first_counterpart
    move = MOVES[split_key(rec.keys[index])[0]]
    lines = [f"Option {index + 1}: {label(rec.keys[index], names)}. {move.summary}",
             f"  because: {why_text(rec, index, names, counterpart)}"]
    concepts = concept_line(move.name)
    if concepts:
        lines.append(f"  the idea it illustrates: {concepts}")
    lines += ["", "All your options, as the model scores them:"]
    order = sorted(range(len(rec.keys)), key=lambda i: -rec.probability[i])
    lines += [f"  {i + 1:>2}. {why_text(rec, i, names, counterpart)}" for i in order]
    lines += ["", "Each reason is a weighted change in one of your interests that the option brings,",
              "averaged over the replies the model expects from the other side."]
    return lines
