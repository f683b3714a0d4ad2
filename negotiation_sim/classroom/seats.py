"""What a class session is made of: the instructor's setup, the seats teams join, their messages.

Core objects: `Setup` (what the instructor chose), `Seat` (one actor a team may hold, with its
secret token), `Message` (cheap talk from one seat to another), `join_code` (the code a class
reads aloud to join) and `RoomError` (a request the room refuses). Plain data, no model and no
web code: `ClassRoom` (classroom/room.py) holds them, `pages` and `web` show them.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

__all__ = ["Setup", "Seat", "Message", "RoomError", "join_code"]

_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud in a room


class RoomError(ValueError):
    """A request the room refuses; the message says why (shown to the person who asked)."""


def join_code() -> str:
    """A fresh join code like ``K7QX-3MPA`` (40 bits from the system's secure generator)."""
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


@dataclass(frozen=True)
class Setup:
    """What the instructor chose when starting the session."""

    scenario: str
    seats: tuple[str, ...]
    start: str | None = None  # ISO date the class takes over (history is replayed up to it)
    deadline: int = 120  # seconds per turn
    seed: int = 0
    params: tuple[tuple[str, float], ...] = ()
    debrief_seeds: int = 30


@dataclass
class Seat:
    """One actor a team may hold."""

    actor: str
    token: str
    team: str = ""
    joined: bool = False


@dataclass
class Message:
    """A message from one seat to another (cheap talk between teams: the model does not read it)."""

    tick: int
    date: str
    sender: str
    to: str
    text: str
