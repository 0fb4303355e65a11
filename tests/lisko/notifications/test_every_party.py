"""Each party is told what concerns them, in their language, once, and no more than they may
know: the social worker of an answer, the partner of a referral, the responsible person of a
milestone, the coordinator of a lapsing certification."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from lisko.appointments.models import Appointment, Assignment
from lisko.appointments.services import accept_offer, create_offer, decline_offer
from lisko.clients.models import Client
from lisko.clients.services import withdraw_consent
from lisko.interpreters.models import Interpreter
from lisko.notifications import outbox
from lisko.notifications.models import NoticeSetting, Notification, PendingNotice
from lisko.notifications.services import (
    send_certificate_notices,
    send_hours_notices,
    send_milestone_notices,
)
from lisko.organisations.models import Membership, Role
from lisko.payroll.services import approve_all
from lisko.referrals.models import Referral
from lisko.referrals.services import accept_referral, refer_client
from tests.conftest import Personas
from tests.factories.interpreting import AlternativeSlotFactory, AppointmentFactory, in_days
from tests.factories.payroll import RateFactory, local, logged_assignment
from tests.factories.people import (
    AssociationFactory,
    GoalFactory,
    MilestoneFactory,
    OfferFactory,
    PlanFactory,
    SharingConsentFactory,
)

pytestmark = pytest.mark.django_db
Kind = Notification.Kind


def tell_everything() -> None:
    """What the worker does after each commit."""
    for pending in PendingNotice.objects.filter(told_at__isnull=True).order_by("pk"):
        outbox.tell_pending(pending.pk)


def notices_of(user) -> list[str]:
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


@pytest.fixture
def request_of_sofia(client_of_sofia: Client, personas: Personas) -> Appointment:
    return AppointmentFactory(
        client=client_of_sofia,
        language=client_of_sofia.preferred_language,
        status=Appointment.Status.REQUESTED,
        booked_by=personas.social_worker,
    )


@pytest.fixture
def offer(request_of_sofia: Appointment, ivan: Interpreter, personas: Personas) -> Assignment:
    return create_offer(appointment=request_of_sofia, interpreter=ivan, by=personas.coordinator)


# The social worker who booked -------------------------------------------------------------


def test_the_social_worker_is_told_when_an_interpreter_accepts_with_a_calendar_entry(
    offer: Assignment, personas: Personas
) -> None:
    accept_offer(assignment=offer, by=personas.interpreter)
    mail.outbox.clear()
    tell_everything()

    [notice] = Notification.objects.filter(recipient=personas.social_worker)
    assert notice.kind == Kind.ACCEPTED
    assert offer.appointment.client.reference in notice.body
    assert offer.appointment.client.last_name not in notice.body
    [message] = [m for m in mail.outbox if m.to == [personas.social_worker.email]]
    [(name, content, mimetype)] = message.attachments
    assert name == "appointment.ics" and mimetype == "text/calendar"
    assert "BEGIN:VEVENT" in content and f"appointment-{offer.appointment_id}@" in content


def test_the_social_worker_reads_the_notice_in_their_own_language(
    offer: Assignment, personas: Personas
) -> None:
    personas.social_worker.language = "de"
    personas.social_worker.save()
    accept_offer(assignment=offer, by=personas.interpreter)
    tell_everything()

    notice = Notification.objects.get(recipient=personas.social_worker)
    assert "Arabisch" in notice.body


def test_accepting_at_an_alternative_time_says_so(
    request_of_sofia: Appointment, ivan: Interpreter, personas: Personas
) -> None:
    later = AlternativeSlotFactory(
        appointment=request_of_sofia, start=in_days(4, 14), end=in_days(4, 15)
    )
    offer = create_offer(
        appointment=request_of_sofia, interpreter=ivan, by=personas.coordinator, start=later.start
    )
    accept_offer(assignment=offer, by=personas.interpreter)
    tell_everything()

    notice = Notification.objects.get(recipient=personas.social_worker)
    assert "alternative times" in notice.body


def test_a_decline_is_told_in_the_app_but_not_by_email_unless_asked(
    offer: Assignment, personas: Personas
) -> None:
    decline_offer(assignment=offer, by=personas.interpreter, reason="not_available")
    mail.outbox.clear()
    tell_everything()

    notice = Notification.objects.get(recipient=personas.social_worker, kind=Kind.DECLINED)
    assert not notice.deliveries.exists()
    assert not [m for m in mail.outbox if m.to == [personas.social_worker.email]]


def test_a_person_who_asks_for_declines_by_email_gets_them(
    offer: Assignment, personas: Personas
) -> None:
    NoticeSetting.objects.create(
        user=personas.social_worker, kind=Kind.DECLINED, channel="email", wanted=True
    )
    decline_offer(assignment=offer, by=personas.interpreter, reason="not_available")
    tell_everything()

    assert [m for m in mail.outbox if m.to == [personas.social_worker.email]]


def test_a_person_who_turns_off_an_email_still_sees_the_notice_in_the_app(
    offer: Assignment, personas: Personas
) -> None:
    NoticeSetting.objects.create(
        user=personas.social_worker, kind=Kind.ACCEPTED, channel="email", wanted=False
    )
    accept_offer(assignment=offer, by=personas.interpreter)
    tell_everything()

    assert notices_of(personas.social_worker) == [Kind.ACCEPTED]
    assert not [m for m in mail.outbox if m.to == [personas.social_worker.email]]


def test_a_social_worker_whose_role_ended_is_not_told(
    offer: Assignment, personas: Personas
) -> None:
    accept_offer(assignment=offer, by=personas.interpreter)
    Membership.objects.filter(user=personas.social_worker).delete()
    tell_everything()

    assert notices_of(personas.social_worker) == []


# Partners and the social worker who referred ------------------------------------------------


@pytest.fixture
def referral(client_of_sofia: Client, personas: Personas) -> Referral:
    association = AssociationFactory(
        organisation=personas.organisation, partners=[personas.partner]
    )
    offer = OfferFactory(association=association, title="Sewing café")
    consent = SharingConsentFactory(client=client_of_sofia, association=association)
    return refer_client(
        client=client_of_sofia, offer=offer, consent=consent, by=personas.social_worker
    )


def test_the_partner_is_told_of_a_new_referral_without_the_persons_name(
    referral: Referral, personas: Personas, client_of_sofia: Client
) -> None:
    tell_everything()

    [notice] = Notification.objects.filter(recipient=personas.partner)
    assert notice.kind == Kind.REFERRAL_RECEIVED
    assert "Sewing café" in notice.title
    for detail in (
        client_of_sofia.first_name,
        client_of_sofia.last_name,
        client_of_sofia.reference,
    ):
        assert detail not in notice.title + notice.body


def test_a_referral_no_longer_shared_before_its_notice_is_told_is_not_announced(
    referral: Referral, personas: Personas
) -> None:
    withdraw_consent(consent=referral.consent, by=personas.social_worker)
    tell_everything()

    assert notices_of(personas.partner) == [Kind.REFERRAL_WITHDRAWN]


def test_a_partner_of_another_association_is_not_told(
    referral: Referral, personas: Personas
) -> None:
    other = AssociationFactory(organisation=personas.organisation)
    someone = Membership.objects.get(user=personas.partner).user
    other.partners.add(someone)
    outsider = personas.colleague
    Membership.objects.create(user=outsider, organisation=personas.organisation, role=Role.PARTNER)
    other.partners.add(outsider)
    tell_everything()

    assert notices_of(outsider) == []


def test_the_partner_is_told_when_the_consent_is_withdrawn(
    referral: Referral, personas: Personas
) -> None:
    tell_everything()
    withdraw_consent(consent=referral.consent, by=personas.social_worker)
    tell_everything()

    assert sorted(notices_of(personas.partner)) == sorted(
        [Kind.REFERRAL_RECEIVED, Kind.REFERRAL_WITHDRAWN]
    )
    withdrawn = Notification.objects.get(recipient=personas.partner, kind=Kind.REFERRAL_WITHDRAWN)
    assert referral.client.reference not in withdrawn.body


def test_the_social_worker_is_told_the_partners_answer(
    referral: Referral, personas: Personas
) -> None:
    accept_referral(referral=referral, by=personas.partner)
    tell_everything()

    [notice] = Notification.objects.filter(recipient=personas.social_worker)
    assert notice.kind == Kind.REFERRAL_ANSWERED
    assert referral.client.reference in notice.title
    assert "Accepted" in notice.title


# What falls due --------------------------------------------------------------------------


def test_the_responsible_person_is_told_of_a_milestone_due_once(
    client_of_sofia: Client, personas: Personas
) -> None:
    goal = GoalFactory(plan=PlanFactory(client=client_of_sofia))
    milestone = MilestoneFactory(
        goal=goal,
        due_date=timezone.localdate() + dt.timedelta(days=2),
        responsible_user=personas.colleague,
    )
    MilestoneFactory(goal=goal, due_date=timezone.localdate() + dt.timedelta(days=20))

    assert send_milestone_notices() == 1
    assert send_milestone_notices() == 0
    [notice] = Notification.objects.filter(recipient=personas.colleague)
    assert milestone.title in notice.title


def test_a_done_milestone_is_not_announced(client_of_sofia: Client) -> None:
    MilestoneFactory(
        goal=GoalFactory(plan=PlanFactory(client=client_of_sofia)),
        due_date=timezone.localdate(),
        done_at=timezone.now(),
    )

    assert send_milestone_notices() == 0


def test_coordinators_are_told_sixty_days_before_a_certification_lapses(
    ivan: Interpreter, personas: Personas
) -> None:
    ivan.certification_expires = timezone.localdate() + dt.timedelta(days=59)
    ivan.save()

    assert send_certificate_notices() == 1
    assert send_certificate_notices() == 0
    [notice] = Notification.objects.filter(recipient=personas.coordinator)
    assert notice.kind == Kind.CERTIFICATE_LAPSING and "Ivan" in notice.title


def test_a_certification_far_from_lapsing_is_not_announced(ivan: Interpreter) -> None:
    ivan.certification_expires = timezone.localdate() + dt.timedelta(days=90)
    ivan.save()

    assert send_certificate_notices() == 0


def last_month() -> dt.date:
    return (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def test_hours_waiting_from_last_month_are_announced_to_the_coordinator_once(
    personas: Personas,
) -> None:
    RateFactory(organisation=personas.organisation)
    for day in (3, 10):
        logged_assignment(
            organisation=personas.organisation, start=local(last_month().replace(day=day), 10)
        )

    assert send_hours_notices() == 1
    assert send_hours_notices() == 0
    [notice] = Notification.objects.filter(recipient=personas.coordinator)
    assert notice.kind == Kind.HOURS_WAITING and "2 entries" in notice.body


def test_no_hours_notice_once_everything_is_approved(personas: Personas) -> None:
    RateFactory(organisation=personas.organisation)
    logged_assignment(
        organisation=personas.organisation, start=local(last_month().replace(day=3), 10)
    )
    approve_all(organisation=personas.organisation, month=last_month(), by=personas.coordinator)

    assert send_hours_notices() == 0


# The interpreter --------------------------------------------------------------------------


def test_a_new_offer_at_an_alternative_time_names_that_time(
    request_of_sofia: Appointment, ivan: Interpreter, personas: Personas
) -> None:
    later = AlternativeSlotFactory(
        appointment=request_of_sofia, start=in_days(6, 15), end=in_days(6, 16)
    )
    create_offer(
        appointment=request_of_sofia, interpreter=ivan, by=personas.coordinator, start=later.start
    )
    tell_everything()

    notice = Notification.objects.get(recipient=personas.interpreter)
    local = timezone.localtime(later.start)
    assert f"{local:%H:%M}" in notice.body or local.strftime("%-I:%M") in notice.body
