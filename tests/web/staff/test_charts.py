"""The independence chart on the client page draws what was recorded, and no more."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from lisko.plans.models import Goal
from tests.factories.people import GoalFactory, GoalReviewFactory
from web.staff.charts import independence_chart

pytestmark = pytest.mark.django_db


def test_a_goal_created_and_reviewed_today_starts_today_not_a_month_back() -> None:
    today = timezone.localdate()
    goal = GoalFactory(intake_level=2)
    GoalReviewFactory(goal=goal, reviewed_on=today, level=3)

    chart = independence_chart(list(Goal.objects.prefetch_related("reviews")), today=today)

    assert chart is not None
    assert {day for day, _ in chart.series[0].points} == {today}


def test_a_new_goal_without_reviews_is_drawn_from_today() -> None:
    today = timezone.localdate()
    GoalFactory(intake_level=2)

    chart = independence_chart(list(Goal.objects.prefetch_related("reviews")), today=today)

    assert chart is not None
    assert chart.series[0].points == [(today, 2.0), (today, 2.0)]


def test_reviews_dated_before_the_goal_was_entered_start_the_line_at_the_first_review() -> None:
    today = timezone.localdate()
    goal = GoalFactory(intake_level=2)
    earlier = today - dt.timedelta(days=90)
    GoalReviewFactory(goal=goal, reviewed_on=earlier, level=3)

    chart = independence_chart(list(Goal.objects.prefetch_related("reviews")), today=today)

    assert chart is not None
    assert chart.series[0].points[0][0] == earlier


def test_the_dots_name_the_day_in_the_readers_format() -> None:
    today = dt.date(2026, 12, 2)
    goal = GoalFactory(intake_level=2)
    GoalReviewFactory(goal=goal, reviewed_on=today - dt.timedelta(days=1), level=3)

    with translation.override("de"):
        chart = independence_chart(list(Goal.objects.prefetch_related("reviews")), today=today)

    assert chart is not None
    [label] = [label for _, _, label in chart.series[0].dots]
    assert label.startswith("01.12.2026: ")
