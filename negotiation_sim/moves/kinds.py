"""What the kind of a supplied stock changes in a move: the channel it runs on and its words.

Core objects: `CHANNEL_OF_KIND`, `stock_channel` (the channel kind through which a supply move
on a stock reaches the other side) and `stock_kind`.

Munitions run through the defence establishment (the 2024 case: the Pentagon and the IDF);
money and oil through the political leadership and the treasuries; aid and UN cover through
diplomats; intelligence through the military. Words per kind live on each move (`Move.texts`),
next to the default sentence, so a finance stock never reads as a "shipment".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from negotiation_sim.model.index import ScenarioIndex

__all__ = ["CHANNEL_OF_KIND", "stock_channel", "stock_kind"]

CHANNEL_OF_KIND: dict[str, str] = {
    "munitions": "defence",
    "finance": "political",
    "energy": "political",
    "aid": "diplomatic",
    "intelligence": "military",
    "diplomatic_cover": "diplomatic",
}


def stock_kind(ix: ScenarioIndex, stock: str) -> str:
    """The declared kind of a stock (munitions unless the file says otherwise)."""
    return ix.stocks[stock].kind


def stock_channel(ix: ScenarioIndex, stock: str) -> str:
    """The channel kind through which moves on `stock` touch trust (defence for munitions)."""
    return CHANNEL_OF_KIND[ix.stocks[stock].kind]
