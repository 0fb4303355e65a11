"""The canton's planners hear of each submitted application; the municipality's officers are
reminded two weeks before a report falls due, once per due date."""

import datetime as dt

from django.utils import timezone

from lisko.notifications.models import Notification
from lisko.notifications.outbox import tell_pending
from lisko.notifications.services import send_programme_report_notices
from lisko.programmes import services
from lisko.programmes.models import FundingApplication
from tests.factories.programmes import ProgrammeWorld, make_application

Status = FundingApplication.Status


def test_a_submitted_application_reaches_the_planners_of_the_canton_and_around_it(
    world: ProgrammeWorld,
) -> None:
    from lisko.notifications.models import PendingNotice

    application = make_application(world.agreement)
    services.submit_application(application=application, by=world.officer)

    assert tell_pending(PendingNotice.objects.get().pk)
    told = Notification.objects.filter(kind=Notification.Kind.APPLICATION_SUBMITTED)
    assert set(told.values_list("recipient_id", flat=True)) == {
        world.planner.pk,
        world.country_planner.pk,
    }
    assert world.agreement.municipality.name in told.first().title  # type: ignore[union-attr]


def test_the_officer_is_reminded_of_a_report_due_once(world: ProgrammeWorld) -> None:
    application = make_application(world.agreement, status=Status.APPROVED)
    services.ask_for_report(
        application=application,
        report_due=timezone.localdate() + dt.timedelta(days=10),
        by=world.planner,
    )

    assert send_programme_report_notices() == 1
    assert send_programme_report_notices() == 0
    [notice] = Notification.objects.filter(recipient=world.officer)
    assert notice.kind == Notification.Kind.PROGRAMME_REPORT_DUE
    assert "Key-person network" in notice.title


def test_no_reminder_for_a_report_due_in_two_months(world: ProgrammeWorld) -> None:
    make_application(world.agreement, status=Status.REPORT_DUE)  # due in 60 days

    assert send_programme_report_notices() == 0
