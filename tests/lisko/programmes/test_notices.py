"""The canton's planners hear of each submitted application; the municipality's officers are
reminded a week before a draft's submission deadline and two weeks before a report falls due,
once per date."""

import datetime as dt

from django.utils import timezone

from lisko.notifications.models import Notification
from lisko.notifications.outbox import tell_pending
from lisko.notifications.services import (
    send_application_deadline_notices,
    send_programme_report_notices,
)
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


def _with_deadline(application: FundingApplication, deadline: dt.date) -> FundingApplication:
    return services.edit_application(
        application=application,
        kind=application.kind,
        year=application.year,
        title=application.title,
        concept=application.concept,
        lines=[(line.label, line.amount) for line in application.budget_lines.all()],
        submission_deadline=deadline,
        by=None,
    )


def test_the_officer_is_reminded_of_a_drafts_deadline_once(world: ProgrammeWorld) -> None:
    application = make_application(world.agreement)
    _with_deadline(application, timezone.localdate() + dt.timedelta(days=5))

    assert send_application_deadline_notices() == 1
    assert send_application_deadline_notices() == 0
    [notice] = Notification.objects.filter(recipient=world.officer)
    assert notice.kind == Notification.Kind.APPLICATION_DEADLINE
    assert "Key-person network" in notice.title


def test_a_moved_deadline_is_announced_again(world: ProgrammeWorld) -> None:
    application = make_application(world.agreement)
    _with_deadline(application, timezone.localdate() + dt.timedelta(days=5))
    send_application_deadline_notices()
    _with_deadline(application, timezone.localdate() + dt.timedelta(days=6))

    assert send_application_deadline_notices() == 1


def test_no_deadline_reminder_once_the_draft_is_submitted(world: ProgrammeWorld) -> None:
    application = make_application(world.agreement)
    application = _with_deadline(application, timezone.localdate() + dt.timedelta(days=5))
    services.submit_application(application=application, by=world.officer)

    assert send_application_deadline_notices() == 0


def test_no_deadline_reminder_a_month_ahead(world: ProgrammeWorld) -> None:
    application = make_application(world.agreement)
    _with_deadline(application, timezone.localdate() + dt.timedelta(days=30))

    assert send_application_deadline_notices() == 0


def test_an_application_submitted_after_its_deadline_is_marked_late(
    world: ProgrammeWorld,
) -> None:
    application = make_application(world.agreement)
    application = _with_deadline(application, timezone.localdate() - dt.timedelta(days=2))

    submitted = services.submit_application(application=application, by=world.officer)

    assert submitted.submitted_late


def test_an_application_submitted_on_its_deadline_is_in_time(world: ProgrammeWorld) -> None:
    application = make_application(world.agreement)
    application = _with_deadline(application, timezone.localdate())

    submitted = services.submit_application(application=application, by=world.officer)

    assert not submitted.submitted_late
