"""The demo data: built through the services (events and audit as in real use), anchored on the
`today` it is given, and telling the story the README promises.

The demo is loaded once for the module, on a fixed day well in the past, so that any date taken
from the real clock stands out; each test reads it inside its own rolled-back transaction."""

import datetime as dt
from collections.abc import Iterator
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import transaction
from django.db.models import Max, Min

from lisko.accounts.models import User
from lisko.appointments.models import Appointment, Assignment, AssignmentEvent
from lisko.audit.models import AuditEvent
from lisko.clients.models import Client, Consent
from lisko.demo.catalogue import WOMEN_ONLY_OFFERS
from lisko.demo.loader import Summary, load_demo_data
from lisko.demo.management.commands.run_demo import DEMO_LOGINS, Command
from lisko.interpreters.models import Absence, ConflictOfInterest, Interpreter
from lisko.languages.models import Language
from lisko.organisations.models import Membership, Role
from lisko.plans.models import Goal, GoalReview, Milestone
from lisko.referrals.models import Referral, ReferralEvent

# A Wednesday long before the tests run: a date from the real clock cannot hide near it.
TODAY = dt.date(2025, 3, 12)
NOW = dt.datetime.combine(TODAY, dt.time(12), ZoneInfo(settings.TIME_ZONE))


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Summary]:
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield load_demo_data(today=TODAY)
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


pytestmark = pytest.mark.django_db


def test_the_demo_holds_one_region_with_realistic_volumes(demo: Summary) -> None:
    assert demo.municipalities == 100
    assert demo.interpreters == 120
    assert demo.clients == 400
    assert demo.associations == 30
    assert demo.appointments == 600
    assert demo.referrals >= 120
    assert Language.objects.count() >= 40
    assert Appointment.objects.filter(status=Appointment.Status.REQUESTED).exists()
    assert Assignment.objects.filter(state=Assignment.State.ACCEPTED).exists()
    assert Assignment.objects.filter(state=Assignment.State.DONE).exists()


def test_common_languages_are_asked_for_far_more_often_than_rare_ones(demo: Summary) -> None:
    def clients_speaking(code: str) -> int:
        return Client.objects.filter(preferred_language__code=code).count()

    assert clients_speaking("tir") > 5 * clients_speaking("amh")
    assert clients_speaking("arb") > 5 * clients_speaking("kmr")


def test_every_referral_in_the_demo_rests_on_a_sharing_consent(demo: Summary) -> None:
    assert (
        not Consent.objects.filter(referrals__isnull=False)
        .exclude(purpose=Consent.Purpose.SHARE_WITH_ASSOCIATION)
        .exists()
    )


def test_the_demo_interpreters_have_logins_for_their_phones(demo: Summary) -> None:
    assert not Interpreter.objects.filter(user__isnull=True).exists()
    assert (
        Interpreter.objects.get(user__username="yonas")
        .languages.filter(language__code="tir")
        .exists()
    )


def test_only_the_operator_gets_djangos_admin_and_belongs_to_no_organisation(
    demo: Summary,
) -> None:
    superusers = list(User.objects.filter(is_superuser=True).values_list("username", flat=True))
    assert superusers == ["operator"]
    assert not User.objects.filter(is_staff=True).exclude(username="operator").exists()
    assert not Membership.objects.filter(user__username="operator").exists()
    assert Membership.objects.filter(user__username="ada", role=Role.ADMIN).exists()


def test_every_printed_login_exists_with_the_role_it_is_printed_with(demo: Summary) -> None:
    expected = {
        "sofia": {Role.SOCIAL_WORKER},
        "marc": {Role.SOCIAL_WORKER},
        "carla": {Role.COORDINATOR},
        "yonas": {Role.INTERPRETER},
        "amina": {Role.KEY_PERSON},
        "paula": {Role.PARTNER},
        "ada": {Role.ADMIN},
        "pia": {Role.PLANNER},
        "lena": {Role.PLANNER},
        "ines": {Role.INTEGRATION_OFFICER},
        "selma": {Role.SOCIAL_WORKER, Role.COORDINATOR},
    }
    assert {username for _, username in DEMO_LOGINS} == {*expected, "operator"}
    for username, role in expected.items():
        roles = set(
            Membership.objects.filter(user__username=username).values_list("role", flat=True)
        )
        assert roles == role, username
    assert User.objects.get(username="operator").is_superuser
    # Paula answers for the associations she is a partner of, and sees referrals there.
    assert Referral.objects.filter(offer__association__partners__username="paula").exists()


def test_each_assignment_carries_the_event_trail_real_use_writes(demo: Summary) -> None:
    trails: dict[str, list[str]] = {
        Assignment.State.ACCEPTED: ["offered", "accepted"],
        Assignment.State.DONE: ["offered", "accepted", "done"],
        Assignment.State.DECLINED: ["offered", "declined"],
    }
    settled: dict[str, str] = {
        Assignment.State.DONE: Appointment.Status.DONE,
        Assignment.State.ACCEPTED: Appointment.Status.CONFIRMED,
    }
    assignments = Assignment.objects.select_related("appointment", "interpreter")
    assert assignments.count() > 100
    for assignment in assignments:
        events = list(assignment.events.order_by("pk").values_list("to_state", flat=True))
        assert events == trails[assignment.state], assignment.pk
        expected_status = settled.get(assignment.state)
        if expected_status:
            assert assignment.appointment.status == expected_status
        # The matcher offered (no person acting); the interpreter answered for themselves.
        offered, answered = assignment.events.order_by("pk")[:2]
        assert offered.actor_id is None
        assert answered.actor_id == assignment.interpreter.user_id
    declined = assignments.filter(state=Assignment.State.DECLINED)
    assert declined.exists()
    # Someone else took each declined appointment, or nobody has yet.
    assert not declined.filter(appointment__status=Appointment.Status.OFFERED).exists()
    # Who took an appointment is in the audit trail, as with a real accept.
    taken = assignments.filter(state__in=[Assignment.State.ACCEPTED, Assignment.State.DONE])
    assert AuditEvent.objects.filter(reason="offer accepted").count() == taken.count()


def test_each_referral_carries_its_events_and_the_partner_gives_the_answers(
    demo: Summary,
) -> None:
    paths = {
        "sent": ["sent"],
        "accepted": ["sent", "accepted"],
        "in_progress": ["sent", "accepted", "in_progress"],
        "completed": ["sent", "accepted", "in_progress", "completed"],
        "declined": ["sent", "declined"],
    }
    referrals = Referral.objects.select_related("offer__association", "client")
    assert {referral.status for referral in referrals} == set(paths)
    for referral in referrals:
        events = list(referral.events.order_by("pk"))
        assert [event.to_status for event in events] == paths[referral.status], referral.pk
        assert events[0].by_id == referral.client.social_worker_id
        partners = set(referral.offer.association.partners.values_list("pk", flat=True))
        assert all(event.by_id in partners for event in events[1:])
    assert AuditEvent.objects.filter(reason="client referred").count() == referrals.count()


def test_the_case_work_is_in_the_audit_trail(demo: Summary) -> None:
    assert AuditEvent.objects.filter(reason="new client").count() == Client.objects.count()
    assert AuditEvent.objects.filter(reason="goal added").count() == Goal.objects.count()
    assert AuditEvent.objects.filter(reason="goal reviewed").count() == GoalReview.objects.count()
    assert (
        AuditEvent.objects.filter(reason="book appointment").count()
        == Appointment.objects.count()
        == demo.appointments
        + demo.history_appointments
        + demo.community_appointments
        + demo.welcome_appointments
    )


def test_every_date_of_the_demo_comes_from_the_today_it_is_given(demo: Summary) -> None:
    def span(queryset: Any, field: str) -> tuple[Any, Any]:
        bounds = queryset.aggregate(low=Min(field), high=Max(field))
        return bounds["low"], bounds["high"]

    day = dt.timedelta(days=1)
    low, high = span(Appointment.objects, "start")
    # The planners' year of history, then two weeks around today.
    assert TODAY - 53 * 7 * day <= low.date() and high.date() <= TODAY + 15 * day
    assert span(Appointment.objects, "created_at")[1] <= NOW
    for field in ("offered_at", "responded_at", "completed_at", "actual_end"):
        assert span(Assignment.objects, field)[1] <= NOW, field
    assert span(AssignmentEvent.objects, "at")[1] <= NOW
    low, high = span(Referral.objects, "created_at")
    # Two months of referrals, and the housing waiting list of the last ten months.
    assert NOW - 301 * day <= low and high < NOW
    assert span(ReferralEvent.objects, "at")[1] <= NOW
    assert span(Consent.objects, "given_at")[1] <= NOW
    assert span(Client.objects, "arrival_date")[1] < TODAY
    assert span(Client.objects, "created_at")[1] <= NOW
    assert span(Goal.objects, "created_at")[1] <= NOW
    assert set(Goal.objects.exclude(closed_at=None).values_list("closed_at", flat=True)) == {NOW}
    assert span(GoalReview.objects, "reviewed_on")[1] < TODAY
    low, high = span(Milestone.objects, "due_date")
    assert TODAY - 40 * day <= low and high <= TODAY + 90 * day
    assert span(Milestone.objects, "done_at")[1] <= NOW
    low, high = span(Absence.objects, "start")
    assert TODAY - 3 * day <= low.date() and high.date() <= TODAY + 10 * day
    years = set(
        Interpreter.objects.exclude(certification_expires=None).values_list(
            "certification_expires__year", flat=True
        )
    )
    assert years == {TODAY.year + 1}
    # The appointments over by the demo's noon are settled, the later ones are not.
    assert not Appointment.objects.filter(end__lt=NOW, status=Appointment.Status.REQUESTED).exists()
    assert not Appointment.objects.filter(start__gt=NOW, status=Appointment.Status.DONE).exists()


def test_referrals_were_sent_over_past_days_not_all_today(demo: Summary) -> None:
    sent_on = {referral.created_at.date() for referral in Referral.objects.all()}
    assert len(sent_on) >= 30
    assert max(sent_on) < TODAY


def test_offers_for_women_get_only_women_referred(demo: Summary) -> None:
    assert Referral.objects.filter(offer__title__in=WOMEN_ONLY_OFFERS).exists()
    assert (
        not Referral.objects.filter(offer__title__in=WOMEN_ONLY_OFFERS)
        .exclude(client__gender="f")
        .exists()
    )


def test_bookings_respect_what_the_appointment_asks_and_declared_conflicts(demo: Summary) -> None:
    booked = Assignment.objects.select_related("appointment", "interpreter").exclude(
        state=Assignment.State.DECLINED
    )
    for assignment in booked:
        appointment, interpreter = assignment.appointment, assignment.interpreter
        if appointment.gender:
            assert interpreter.gender == appointment.gender
        assert interpreter.level >= appointment.min_level
    conflicts = set(ConflictOfInterest.objects.values_list("interpreter_id", "client_id"))
    assert len(conflicts) == 6
    assert not {(a.interpreter_id, a.appointment.client_id) for a in booked} & conflicts


def test_the_demo_welcome_names_the_operator_and_the_organisation_pages() -> None:
    out = StringIO()
    Command(stdout=out)._print_welcome(8000)

    assert "operator (Django admin)" in out.getvalue()
    assert "http://127.0.0.1:8000/organisation/" in out.getvalue()


def test_the_planner_finds_the_three_gaps_of_the_story(demo: Summary) -> None:
    from lisko.places.models import Region
    from lisko.planning.gaps import ranked_gaps
    from lisko.planning.scope import default_period, scope_for

    planner = User.objects.get(username="pia")
    country = Region.objects.get(kind=Region.Kind.COUNTRY, country="LU")
    scope = scope_for(planner, country.pk, default_period(TODAY))

    gaps = ranked_gaps(scope)

    kinds = {gap.kind for gap in gaps}
    # Nobody comes on site to the town: recruit there, or meet by phone or video.
    community = [
        gap
        for gap in gaps
        if gap.kind in {"interpreters_missing", "switch_to_remote"} and gap.language == "tir"
    ]
    assert community, [gap.title for gap in gaps]
    assert demo.community_town in " ".join([community[0].title, *community[0].evidence])
    assert any(gap.kind == "waiting_list" and gap.field_of_action == "housing" for gap in gaps)
    assert "offer_missing" in kinds


def test_the_data_protection_officer_finds_a_retention_queue_and_a_case_to_erase(
    demo: Summary,
) -> None:
    from lisko.dataprotection.selectors import erasure_obstacles, retention_queue
    from lisko.demo.dataprotection import FIRST_INDEX
    from lisko.organisations.models import Organisation

    organisation = Organisation.objects.get(clients__reference__endswith=f"-{FIRST_INDEX + 1:04d}")
    queue = retention_queue(organisation=organisation, now=NOW)

    assert len(queue.due) == 2
    assert len(queue.due_soon) == 1
    closed_last_month = Client.objects.get(
        organisation=organisation, reference__endswith=f"-{FIRST_INDEX + 4:04d}"
    )
    assert not closed_last_month.is_active
    assert erasure_obstacles(client=closed_last_month, now=NOW) == []


def test_the_demo_shows_a_debrief_waiting_and_one_in_the_supervision_log(demo: Summary) -> None:
    from lisko.interpreters.models import Debrief

    assert Debrief.objects.filter(held_on__isnull=True).count() >= 1
    held = Debrief.objects.get(held_on__isnull=False)
    assert held.held_on == TODAY
