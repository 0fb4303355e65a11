"""The moment the demo is loaded at: every date in the demo is drawn from it, none from the
real clock, so that a given seed and `today` always give the same data."""

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from lisko.demo.catalogue import COMMUNITY, NAMES


@dataclass(frozen=True)
class Clock:
    today: dt.date
    now: dt.datetime
    zone: ZoneInfo

    @classmethod
    def of(cls, today: dt.date | None, now: dt.datetime | None = None) -> "Clock":
        """The real moment when no `today` is given; otherwise noon of `today` (unless `now`)."""
        zone = ZoneInfo(settings.TIME_ZONE)
        if today is None:
            now = now or timezone.now()
            return cls(today=timezone.localdate(now), now=now, zone=zone)
        return cls(today=today, now=now or dt.datetime.combine(today, dt.time(12), zone), zone=zone)

    @property
    def week_start(self) -> dt.date:
        """The Monday of the demo's week."""
        return self.today - dt.timedelta(days=self.today.weekday())

    def at(self, day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(hour, minute), self.zone)


def weighted(rng: random.Random, pairs: Sequence[tuple[str, int]]) -> str:
    return rng.choices([key for key, _ in pairs], weights=[weight for _, weight in pairs])[0]


def name(rng: random.Random, language: str, gender: str) -> tuple[str, str]:
    female, male, last = NAMES[COMMUNITY.get(language, "romance")]
    return rng.choice(female if gender == "f" else male), rng.choice(last)
