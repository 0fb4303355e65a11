"""The person responsible for a region plan's milestone hears of it a week before it falls due,
once per due date."""

import datetime as dt

from django.utils import timezone

from lisko.notifications.models import Notification
from lisko.notifications.services import send_plan_milestone_notices
from lisko.regionplans import services
from tests.factories.regionplans import current
from tests.lisko.regionplans.conftest import Plans


def add_milestone_due_in(plans: Plans, days: int) -> None:
    services.add_milestone(
        version=current(plans.plan),
        field_of_action="housing",
        title="Round table held",
        due_on=timezone.localdate() + dt.timedelta(days=days),
        responsible=plans.planner,
        by=plans.planner,
    )


def make_plan_cover_today(plans: Plans) -> None:
    year = timezone.localdate().year
    plans.plan.start_year, plans.plan.end_year = year - 1, year + 3
    plans.plan.save(update_fields=["start_year", "end_year"])


def test_the_responsible_planner_is_reminded_a_week_ahead_once(plans: Plans) -> None:
    make_plan_cover_today(plans)
    add_milestone_due_in(plans, 6)

    assert send_plan_milestone_notices() == 1
    assert send_plan_milestone_notices() == 0
    [notice] = Notification.objects.filter(recipient=plans.planner)
    assert notice.kind == Notification.Kind.PLAN_MILESTONE_DUE
    assert "Round table held" in notice.title
    assert notice.link == f"/planning/plans/{plans.plan.pk}/"


def test_a_milestone_further_ahead_is_not_announced_yet(plans: Plans) -> None:
    make_plan_cover_today(plans)
    add_milestone_due_in(plans, 20)

    assert send_plan_milestone_notices() == 0
