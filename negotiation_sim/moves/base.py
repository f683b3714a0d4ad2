"""The move contract and the move registry.

Core objects: `Move` (a small stateless class per move, registered where it is
defined), `Signal` (what a move tells observers), `MOVES` and `moves_for_role`.

Following the Axelrod library's strategy classes: every move has a unique
`name`, a docstring naming its sources, metadata (`classifier`), a precondition
(`allowed`), effects written as a change to the state vector (`effect`), a
direct cost to the mover in utility (`cost`) and the signal it sends.
A move reads only the `WorldView` it is given and never draws random numbers.

Moves are written once, array-safe (see `negotiation_sim.model.vector`): `view.at(slot)` and
parameters are floats in a single run and arrays with one value per run in an ensemble, so
preconditions combine with `all_of` / `any_of` instead of `and` / `or`, value-dependent
choices use `where`, `minimum`, `maximum`, and effects write ``d[..., slot]``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Literal

import numpy as np

from negotiation_sim.model.vector import set_slot
from negotiation_sim.scenario.schema import INTERESTS

if TYPE_CHECKING:
    from negotiation_sim.model.index import ActorParams, ScenarioIndex
    from negotiation_sim.model.state import WorldView

__all__ = ["Move", "Signal", "MOVES", "moves_for_role", "TargetKind", "interest_vector", "set_slot", "ease_pressure"]

TargetKind = Literal["own_operation", "partner_operation", "owned_stock", "supplied_stock"] | None

MOVES: dict[str, Move] = {}


def ease_pressure(view, ix, actor: str, share, d: np.ndarray) -> None:
    """Ease `actor`'s domestic pressure by `share` of its current level (negative: raise it);
    nothing for an actor without a pressure slot."""
    slot = ix.layout.pressure.get(actor)
    if slot is not None:
        d[..., slot] -= share * view.at(slot)


def interest_vector(**parts: float) -> np.ndarray:
    """A utility vector over the six interests, e.g. ``interest_vector(alliance=0.1)``.

    With per-run values (arrays) it is one vector per run, shape ``(runs, 6)``.
    """
    vals = [parts.get(k, 0.0) for k in INTERESTS]
    shape = next((v.shape for v in vals if isinstance(v, np.ndarray) and v.ndim), None)
    if shape is None:
        return np.array(vals)
    out = np.zeros(shape + (len(INTERESTS),))
    for k, v in enumerate(vals):
        out[..., k] = v
    return out


@dataclass(frozen=True, slots=True)
class Signal:
    """What observers learn from a move (Fearon 1997: costly signals move beliefs more).

    Attributes:
        resolve: +1 for a show of resolve, -1 for backing down.
        cost: What the move cost its maker (0 = cheap talk).
        reveals: (operation, "below" or "above", scope): the maker's tolerance
            lies below (or at or above) that plan scope.
    """

    resolve: float
    cost: float
    reveals: tuple[str, str, float] | None = None


class Move:
    """Base class of all moves. Subclasses set the class attributes and override the hooks."""

    name: ClassVar[str]
    roles: ClassVar[frozenset[str]]
    target_kind: ClassVar[TargetKind] = None
    channel: ClassVar[str | None] = None
    public: ClassVar[bool] = False
    coercive: ClassVar[bool] = False
    #: Whether `allowed` or `effect` reads the mover's tolerance (`ix.tolerance`), which differs
    #: between an actor and another's belief about it; other moves share one evaluation.
    reads_tolerance: ClassVar[bool] = False
    #: Whether making the move launches its target operation: the launch outcomes count these
    #: moves, never an event or intervention that sets an operation's status (not a decision).
    launches: ClassVar[bool] = False
    sources: ClassVar[tuple[str, ...]] = ()
    text: ClassVar[str] = "{actor} makes a move"
    option: ClassVar[str] = "Make this move"  # the same move as a player's option, in the imperative
    #: Wording for a target stock of another kind than munitions: kind -> (text, option). A kind
    #: not listed reads with `text` / `option` (so money is never "shipped" where a move says so).
    texts: ClassVar[dict[str, tuple[str, str]]] = {}

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if "name" not in cls.__dict__:
            return  # an abstract intermediate class
        if cls.name in MOVES:
            raise ValueError(f"move name {cls.name!r} registered twice")
        MOVES[cls.name] = cls()

    @property
    def summary(self) -> str:
        """First line of the docstring."""
        return (self.__doc__ or "").strip().splitlines()[0]

    @property
    def classifier(self) -> dict[str, object]:
        """Queryable metadata, as in Axelrod's strategy classifier."""
        return {
            "roles": sorted(self.roles),
            "target_kind": self.target_kind,
            "channel": self.channel,
            "public": self.public,
            "coercive": self.coercive,
        }

    def targets(self, ix: ScenarioIndex, me: ActorParams) -> list[str | None]:
        """The targets this move can take for actor `me`."""
        if self.target_kind is None:
            return [None]
        if self.target_kind == "own_operation":
            return list(ix.ops_of[me.id])
        if self.target_kind == "partner_operation":
            partners = ix.partners(me.id)
            return [o for p in partners for o in ix.ops_of[p]]
        if self.target_kind == "owned_stock":
            return list(ix.stocks_of[me.id])
        return list(ix.supplied_by[me.id])

    def allowed(self, view: WorldView, ix: ScenarioIndex, me: ActorParams, target: str | None) -> bool:
        """Precondition: may `me` make this move on `target` now?"""
        return True

    def effect(self, view: WorldView, ix: ScenarioIndex, me: ActorParams, target: str | None,
               d: np.ndarray) -> None:
        """Write the move's change to the state into the zero vector `d`."""

    def cost(self, ix: ScenarioIndex, me: ActorParams, target: str | None) -> np.ndarray | None:
        """Direct utility cost to the mover by interest (None = no cost)."""
        return None

    def signal(self, view: WorldView, ix: ScenarioIndex, me: ActorParams, target: str | None
               ) -> Signal | None:
        """What the move tells observers (None = nothing about resolve)."""
        return None

    def describe(self, actor: str, by: str | None, target: str | None, kind: str | None = None) -> str:
        """Narrative sentence for the timeline.

        Args:
            actor: The actor's display name.
            by: The member who carried the move (display name), if known.
            target: The target as a noun phrase from the scenario's names
                (`negotiation_sim.scenario.names.Names.target`), never an id.
            kind: The target stock's kind (`Names.kind`), which picks the wording; None or
                munitions reads with `text`.
        """
        who = f"{actor} ({by})" if by else actor
        text = self.texts[kind][0] if kind in self.texts else self.text
        return text.format(actor=who, target=target or "").replace(" ()", "")

    def describe_option(self, target: str | None, kind: str | None = None) -> str:
        """The move as an option offered to a player ("Slow deliveries of 120 mm tank shells")."""
        option = self.texts[kind][1] if kind in self.texts else self.option
        return option.format(target=target or "").replace(" ()", "")


def moves_for_role(role: str) -> list[Move]:
    """All registered moves open to an actor of this role, in registration order."""
    return [m for m in MOVES.values() if role in m.roles]
