"""The scenario calendar: dates to ticks and back.

Core object: `Calendar`. A tick is `tick_days` days long; tick 0 is the start
date. Every date the model prints or records comes from here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

__all__ = ["Calendar"]


@dataclass(frozen=True, slots=True)
class Calendar:
    """Start and end dates of a scenario and the length of one tick.

    Attributes:
        start: First day of the scenario (tick 0).
        end: Last day of the scenario (inclusive).
        tick_days: Days per tick (1 = daily, 7 = weekly).
    """

    start: dt.date
    end: dt.date
    tick_days: int = 7

    @property
    def n_ticks(self) -> int:
        """Number of ticks after the start needed to reach the end date."""
        return -(-(self.end - self.start).days // self.tick_days)

    def date_of(self, tick: int) -> dt.date:
        """The date of `tick`, never later than the end date."""
        return min(self.start + dt.timedelta(days=int(tick) * self.tick_days), self.end)

    def tick_of(self, date: dt.date) -> int:
        """The tick whose span holds `date` (a tick covers `tick_days` days ending on its date)."""
        days = (date - self.start).days
        return max(0, -(-days // self.tick_days))

    def act_tick(self, date: dt.date) -> int:
        """The tick in which something dated happens: an event, a recorded or forced move.

        Tick 0 is the state before anything happens, so what is dated on the start date happens
        in the first tick (otherwise it would silently never happen).
        """
        return max(1, self.tick_of(date))

    def day_of(self, tick: int) -> int:
        """Days since the start at `tick`."""
        return (self.date_of(tick) - self.start).days

    def contains(self, date: dt.date) -> bool:
        """Whether `date` lies within the calendar."""
        return self.start <= date <= self.end
