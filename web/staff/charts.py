"""The independence chart on the client page: one line per field of action over time, drawn as
inline SVG on the server. The numbers come from the plan already loaded; no queries here."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from lisko.plans.models import HIGHEST_LEVEL, LOWEST_LEVEL, Goal

# Colour-blind-safe palette (Okabe–Ito), dark enough for 3:1 against white.
COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#8a6d00", "#56429c", "#b8003b")
WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 40, 16, 14, 30


@dataclass
class Series:
    """One field of action: its level (average over its goals) at each date something changed."""

    name: str
    colour: str
    points: list[tuple[dt.date, float]] = field(default_factory=list)
    path: str = ""
    dots: list[tuple[float, float, str]] = field(default_factory=list)


@dataclass
class Chart:
    series: list[Series]
    x_ticks: list[tuple[float, str]]
    y_ticks: list[tuple[float, int]]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    top: int = TOP
    bottom_edge: int = HEIGHT - BOTTOM


def _history(goal: Goal) -> list[tuple[dt.date, int]]:
    """The goal's levels by date: intake, then each review.

    Imported or back-filled plans may hold reviews dated before the goal row was created; the
    intake then counts from the first review's day. No date is invented: a goal reviewed on the
    day it was created starts and is reviewed on that one day.
    """
    reviews = sorted(goal.reviews.all(), key=lambda review: (review.reviewed_on, review.pk))
    intake_on = timezone.localdate(goal.created_at)
    if reviews and reviews[0].reviewed_on < intake_on:
        intake_on = reviews[0].reviewed_on
    return [(intake_on, goal.intake_level)] + [
        (review.reviewed_on, review.level) for review in reviews
    ]


def independence_chart(goals: list[Goal], *, today: dt.date | None = None) -> Chart | None:
    """A chart of the average independence level per field of action, or None without goals."""
    today = today or timezone.localdate()
    by_field: dict[int, tuple[str, list[list[tuple[dt.date, int]]]]] = {}
    for goal in goals:
        if goal.status == Goal.Status.DROPPED:
            continue
        name = goal.field_of_action.display_name()
        by_field.setdefault(goal.field_of_action_id, (name, []))[1].append(_history(goal))
    if not by_field:
        return None
    series: list[Series] = []
    for index, (name, histories) in enumerate(by_field.values()):
        dates = sorted({day for history in histories for day, _ in history})
        points: list[tuple[dt.date, float]] = []
        for day in dates:
            levels = [
                [level for on, level in history if on <= day][-1]
                for history in histories
                if history[0][0] <= day
            ]
            points.append((day, round(sum(levels) / len(levels), 2)))
        points.append((today, points[-1][1]))
        series.append(Series(name=name, colour=COLOURS[index % len(COLOURS)], points=points))
    # At least two months wide, so that a new plan still reads as the start of a timeline.
    first = min(min(series_.points[0][0] for series_ in series), today - dt.timedelta(days=60))
    span = max((today - first).days, 1)
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM

    def x(day: dt.date) -> float:
        return round(LEFT + (day - first).days / span * plot_width, 1)

    def y(level: float) -> float:
        share = (level - LOWEST_LEVEL) / (HIGHEST_LEVEL - LOWEST_LEVEL)
        return round(TOP + (1 - share) * plot_height, 1)

    for offset, series_ in enumerate(series):
        # Lines of equal level would hide each other: nudge each series by a pixel or two.
        nudge = (offset - (len(series) - 1) / 2) * 1.5
        commands = []
        for position, (day, level) in enumerate(series_.points):
            px, py = x(day), round(y(level) + nudge, 1)
            if position == 0:
                commands.append(f"M{px},{py}")
            else:
                commands.append(f"H{px}")  # a level holds until the next review: a step line
                commands.append(f"V{py}")
            if position < len(series_.points) - 1:
                label = _("{date}: level {level}").format(
                    date=date_format(day, "SHORT_DATE_FORMAT"),
                    level=number_format(level if level % 1 else int(level)),
                )
                series_.dots.append((px, py, label))
        series_.path = " ".join(commands)
    x_ticks = []
    months = max(span // 30, 1)
    step = max(months // 6, 1)
    tick = dt.date(first.year, first.month, 1)
    while tick <= today:
        if tick >= first:
            x_ticks.append((x(tick), f"{tick:%m/%Y}"))
        month = tick.month - 1 + step
        tick = dt.date(tick.year + month // 12, month % 12 + 1, 1)
    y_ticks = [(y(level), level) for level in range(LOWEST_LEVEL, HIGHEST_LEVEL + 1)]
    return Chart(series=series, x_ticks=x_ticks, y_ticks=y_ticks)
