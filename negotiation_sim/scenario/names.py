"""Display names for everything a scenario declares, so people never read an id.

Core object: `Names`. Built once from a validated `Scenario`: actors, members (with their
titles), operations, stocks (with their units), issues, channels, escalation ladders and
talks. Ladders and talks carry no name in the file, so theirs are made from the actors they
join ("the confrontation between Israel and Iran", "the talks between Israel and Hamas").
An id the scenario does not declare is shown with its underscores as spaces, never raw.
"""

from __future__ import annotations

from negotiation_sim.scenario.schema import Scenario

__all__ = ["Names", "humanize", "possessive"]


def humanize(ident: str) -> str:
    """A last resort for an undeclared id: ``tank_shells`` -> ``tank shells``."""
    return ident.replace("_", " ").replace(".", " ").strip()


def possessive(name: str) -> str:
    """``Israel`` -> ``Israel's``; ``United States`` -> ``United States'``."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


class Names:
    """Every id of a scenario mapped to the words shown to people.

    Args:
        sc: A validated scenario.
    """

    def __init__(self, sc: Scenario):
        self.actor = {a.id: a.name for a in sc.actors}
        self.member: dict[str, str] = {}
        self.member_title: dict[str, str] = {}
        for a in sc.actors:
            for m in a.members:
                self.member[m.id] = m.name
                self.member_title[m.id] = f"{m.name} ({m.title})" if m.title else m.name
        self.operation = {o.id: o.name for o in sc.operations}
        self.stock = {s.id: s.name for s in sc.stocks}
        self.unit = {s.id: s.unit for s in sc.stocks}
        self.stock_kind = {s.id: s.kind for s in sc.stocks}
        self.issue = {i.id: i.name for i in sc.issues}
        self.ladder = {lad.id: "the confrontation between " + _and([self.actor.get(x, humanize(x))
                                                                     for x in lad.between])
                       for lad in sc.ladders}
        self.talks = {t.id: "the talks between " + _and([self.actor.get(x, humanize(x))
                                                         for x in (t.client, t.adversary)])
                      for t in sc.talks}
        self.resolution = {r.id: r.name for ar in sc.arenas for r in ar.resolutions}
        self.arena = {ar.id: ar.name for ar in sc.arenas}
        self.channel = {}
        for ch in sc.channels:
            a, b = (self.member.get(p, humanize(p)) for p in ch.between)
            self.channel[ch.id] = f"the {ch.kind} channel ({a} and {b})"
        self.event = {e.id: e.text for e in sc.events}
        self.counterfactual = {k: (c.description or humanize(k)) for k, c in sc.counterfactuals.items()}

    def __call__(self, ident: str | None) -> str:
        """The display name of any declared id (operations and stocks as noun phrases)."""
        if not ident:
            return ""
        for table in (self.actor, self.member, self.operation, self.stock, self.ladder, self.talks,
                      self.issue, self.channel, self.resolution, self.arena):
            if ident in table:
                return table[ident]
        return humanize(ident)

    def target(self, ident: str | None) -> str:
        """A move's target as it reads inside a sentence ("the Rafah operation", "120 mm tank shells")."""
        if not ident:
            return ""
        if ident in self.operation:
            name = self.operation[ident]
            return name if name[:4].lower() == "the " else f"the {name}"
        return self(ident)

    def kind(self, ident: str | None) -> str | None:
        """The kind of a stock target (munitions, finance...), None for any other target."""
        return self.stock_kind.get(ident) if ident else None

    def who(self, actor: str, by: str | None = None) -> str:
        """An actor, with the member who acted if known: ``United States (Joe Biden)``."""
        name = self.actor.get(actor, humanize(actor))
        if by:
            return f"{name} ({self.member.get(by, by)})"
        return name

    def ids(self) -> set[str]:
        """Every id the scenario declares (for tests that scan text for ids)."""
        out: set[str] = set()
        for table in (self.actor, self.member, self.operation, self.stock, self.ladder, self.talks,
                      self.issue, self.channel, self.event, self.counterfactual):
            out |= set(table)
        return out
