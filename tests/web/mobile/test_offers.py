"""The interpreter's offers: the essentials, one-tap accept, decline with a reason."""

import datetime as dt

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from lisko.appointments.models import Appointment, Assignment
from lisko.appointments.services import accept_offer
from lisko.clients.models import Client
from lisko.interpreters.models import Interpreter
from lisko.notifications.services import tell_withdrawn
from tests.conftest import Personas
from tests.factories.core import make_member
from tests.factories.interpreting import AssignmentFactory, InterpreterFactory
from tests.web.mobile.conftest import make_offer

pytestmark = pytest.mark.django_db

OFFERS = reverse("mobile:offers")


def test_it_shows_an_offer_with_its_essentials(as_ivan: HttpClient, offer: Assignment) -> None:
    page = as_ivan.get(OFFERS).content.decode()

    assert "Medical" in page
    assert "Arabic" in page
    assert "Rue de la Gare 12, Luxembourg" in page
    assert "1 h 30 min" in page  # duration
    assert "25 minutes" in page  # travel from home
    assert "Amal" in page
    assert "Sofia Martins" in page
    assert reverse("mobile:accept", args=[offer.pk]) in page


def test_it_shows_nothing_of_plans_notes_status_or_origin(
    as_ivan: HttpClient, offer: Assignment, amal: Client
) -> None:
    pages = [
        as_ivan.get(OFFERS).content.decode(),
        as_ivan.get(reverse("mobile:assignment", args=[offer.pk])).content.decode(),
        as_ivan.get(reverse("mobile:decline", args=[offer.pk])).content.decode(),
    ]

    for page in pages:
        for secret in (
            amal.last_name,
            amal.reference,
            amal.notes,
            "Subsidiary protection",
            "Syria",
            "Offered to interpreters",
        ):
            assert secret not in page


def test_accepting_books_the_appointment_and_lists_it_as_upcoming(
    as_ivan: HttpClient, offer: Assignment
) -> None:
    response = as_ivan.post(reverse("mobile:accept", args=[offer.pk]), follow=True)

    offer.refresh_from_db()
    assert offer.state == Assignment.State.ACCEPTED
    assert offer.appointment.status == Appointment.Status.CONFIRMED
    assert response.redirect_chain[-1][0] == reverse("mobile:upcoming")
    assert "Accepted: Medical" in response.content.decode()
    assert reverse("mobile:assignment", args=[offer.pk]) in response.content.decode()
    assert reverse("mobile:accept", args=[offer.pk]) not in as_ivan.get(OFFERS).content.decode()


def test_accepting_an_offer_someone_else_took_says_so_and_changes_nothing(
    as_ivan: HttpClient, offer: Assignment, personas: Personas
) -> None:
    offer.appointment.status = Appointment.Status.CONFIRMED
    offer.appointment.save()

    response = as_ivan.post(reverse("mobile:accept", args=[offer.pk]), follow=True)

    offer.refresh_from_db()
    assert offer.state == Assignment.State.OFFERED
    assert "Another interpreter has already taken this appointment." in response.content.decode()


def test_accepting_is_a_post(as_ivan: HttpClient, offer: Assignment) -> None:
    assert as_ivan.get(reverse("mobile:accept", args=[offer.pk])).status_code == 405


def test_declining_with_a_reason_removes_the_offer(as_ivan: HttpClient, offer: Assignment) -> None:
    response = as_ivan.post(
        reverse("mobile:decline", args=[offer.pk]),
        {"reason": Assignment.DeclineReason.TOO_FAR, "note": "No car that day"},
        follow=True,
    )

    offer.refresh_from_db()
    assert offer.state == Assignment.State.DECLINED
    assert offer.decline_reason == Assignment.DeclineReason.TOO_FAR
    assert offer.decline_note == "No car that day"
    assert "The offer has been removed from your list." in response.content.decode()
    assert "Medical" not in response.content.decode()


def test_declining_without_a_reason_is_refused_with_a_message(
    as_ivan: HttpClient, offer: Assignment
) -> None:
    response = as_ivan.post(reverse("mobile:decline", args=[offer.pk]), {"reason": "bored"})

    offer.refresh_from_db()
    assert response.status_code == 400
    assert "Choose a reason from the list." in response.content.decode()
    assert offer.state == Assignment.State.OFFERED


def test_the_decline_page_offers_every_reason(as_ivan: HttpClient, offer: Assignment) -> None:
    page = as_ivan.get(reverse("mobile:decline", args=[offer.pk])).content.decode()

    for value, label in Assignment.DeclineReason.choices:
        assert f'value="{value}"' in page
        assert str(label) in page


def test_an_expired_offer_disappears(as_ivan: HttpClient, ivan: Interpreter, amal: Client) -> None:
    expired = make_offer(ivan, amal, expires_at=timezone.now() - dt.timedelta(minutes=1))

    page = as_ivan.get(OFFERS).content.decode()

    assert reverse("mobile:accept", args=[expired.pk]) not in page
    response = as_ivan.post(reverse("mobile:accept", args=[expired.pk]), follow=True)
    assert "This offer is no longer open." in response.content.decode()


# When someone else takes the appointment first ---------------------------------------------


@pytest.fixture
def taken_by_someone_else(offer: Assignment, personas: Personas) -> Assignment:
    """Ivan's offer, after another interpreter offered the same appointment accepted it."""
    rival = InterpreterFactory(
        organisation=personas.organisation,
        user=make_member(organisation=personas.organisation, role="interpreter"),
    )
    rivals_offer = AssignmentFactory(appointment=offer.appointment, interpreter=rival)
    assert rival.user is not None
    accept_offer(assignment=rivals_offer, by=rival.user)
    offer.refresh_from_db()
    return offer


def test_an_offer_someone_else_took_disappears_from_the_list(
    as_ivan: HttpClient, taken_by_someone_else: Assignment
) -> None:
    page = as_ivan.get(OFFERS).content.decode()

    assert reverse("mobile:accept", args=[taken_by_someone_else.pk]) not in page
    assert "No offers are waiting for you." in page


def test_the_notice_that_someone_else_took_it_shows_on_the_offers_page(
    as_ivan: HttpClient, taken_by_someone_else: Assignment
) -> None:
    tell_withdrawn(assignment_id=taken_by_someone_else.pk, reason="taken")

    page = as_ivan.get(OFFERS).content.decode()

    assert "Already taken: Medical" in page
    assert "Nothing more is needed from you." in page


def test_accepting_from_a_page_opened_before_someone_else_took_it_says_it_is_too_late(
    as_ivan: HttpClient, taken_by_someone_else: Assignment
) -> None:
    response = as_ivan.post(reverse("mobile:accept", args=[taken_by_someone_else.pk]), follow=True)

    assert response.redirect_chain[-1][0] == OFFERS
    assert "This offer is no longer open." in response.content.decode()
    taken_by_someone_else.refresh_from_db()
    assert taken_by_someone_else.state == Assignment.State.WITHDRAWN


def test_declining_from_a_page_opened_before_someone_else_took_it_says_it_is_too_late(
    as_ivan: HttpClient, taken_by_someone_else: Assignment
) -> None:
    response = as_ivan.get(reverse("mobile:decline", args=[taken_by_someone_else.pk]), follow=True)

    assert response.redirect_chain[-1][0] == OFFERS
    assert "This offer is no longer open." in response.content.decode()
    assert "Amal" not in response.content.decode()


def test_a_proposal_never_sent_still_answers_404(
    as_ivan: HttpClient, ivan: Interpreter, amal: Client
) -> None:
    proposal = make_offer(ivan, amal, state=Assignment.State.WITHDRAWN, offered_at=None)

    assert as_ivan.post(reverse("mobile:accept", args=[proposal.pk])).status_code == 404
    assert as_ivan.get(reverse("mobile:decline", args=[proposal.pk])).status_code == 404


def test_withdrawn_and_declined_offers_answer_404(
    as_ivan: HttpClient, ivan: Interpreter, amal: Client
) -> None:
    for state in (Assignment.State.WITHDRAWN, Assignment.State.DECLINED, Assignment.State.PROPOSED):
        assignment = make_offer(ivan, amal, state=state)
        assert as_ivan.get(reverse("mobile:assignment", args=[assignment.pk])).status_code == 404


def test_another_interpreters_offer_answers_404(
    as_ivan: HttpClient, personas: Personas, amal: Client
) -> None:
    someone_else = InterpreterFactory(organisation=personas.organisation)
    foreign = make_offer(someone_else, amal)

    assert as_ivan.get(reverse("mobile:assignment", args=[foreign.pk])).status_code == 404
    assert as_ivan.post(reverse("mobile:accept", args=[foreign.pk])).status_code == 404
    assert (
        as_ivan.post(reverse("mobile:decline", args=[foreign.pk]), {"reason": "other"}).status_code
        == 404
    )
    foreign.refresh_from_db()
    assert foreign.state == Assignment.State.OFFERED


def test_a_key_person_gets_offers_too(
    client: HttpClient, personas: Personas, kaya_profile: Interpreter, amal: Client
) -> None:
    offer = make_offer(kaya_profile, amal, kind=Appointment.Kind.WELCOME_CONVERSATION)
    client.force_login(personas.key_person)

    page = client.get(OFFERS).content.decode()

    assert "Welcome conversation" in page
    assert reverse("mobile:accept", args=[offer.pk]) in page


@pytest.mark.parametrize(
    "persona", ["social_worker", "coordinator", "partner", "other_social_worker"]
)
def test_people_without_an_interpreter_profile_find_no_phone_pages(
    client: HttpClient, personas: Personas, persona: str
) -> None:
    client.force_login(getattr(personas, persona))

    for name in ("offers", "upcoming", "timesheet", "availability"):
        assert client.get(reverse(f"mobile:{name}")).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login(client: HttpClient, db: None) -> None:
    response = client.get(OFFERS)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_offers_page_reads_a_constant_number_of_queries(
    as_ivan: HttpClient, ivan: Interpreter, amal: Client, django_assert_max_num_queries
) -> None:
    make_offer(ivan, amal)
    as_ivan.get(OFFERS)  # warm the session
    with django_assert_max_num_queries(11) as one:
        as_ivan.get(OFFERS)
    for _ in range(4):
        make_offer(ivan, amal)
    with django_assert_max_num_queries(len(one.captured_queries)):
        response = as_ivan.get(OFFERS)
    assert response.content.decode().count('class="card offer"') == 5


def test_showing_an_offer_is_recorded_in_the_audit_log(
    as_ivan: HttpClient, offer: Assignment, personas: Personas
) -> None:
    from lisko.audit.models import AuditEvent

    as_ivan.get(OFFERS)

    event = AuditEvent.objects.get(actor=personas.interpreter)
    assert event.client_id == offer.appointment.client_id
    assert event.reason == "interpreter offers"


def test_a_second_tap_on_accept_is_harmless(as_ivan: HttpClient, offer: Assignment) -> None:
    as_ivan.post(reverse("mobile:accept", args=[offer.pk]))

    response = as_ivan.post(reverse("mobile:accept", args=[offer.pk]), follow=True)

    assert response.redirect_chain[-1][0] == reverse("mobile:upcoming")
    assert "You have already accepted this appointment." in response.content.decode()


def test_a_cancellation_notice_shows_until_put_away(
    as_ivan: HttpClient, personas: Personas, db: None
) -> None:
    from lisko.notifications.models import Notification

    notice = Notification.objects.create(
        recipient=personas.interpreter,
        kind=Notification.Kind.CANCELLED,
        key="withdrawn:1",
        title="Cancelled: Medical",
        body="You no longer need to keep this time free.",
    )
    Notification.objects.create(
        recipient=personas.social_worker,
        kind=Notification.Kind.CANCELLED,
        key="x",
        title="Not yours",
        body="-",
    )

    assert "Cancelled: Medical" in as_ivan.get(OFFERS).content.decode()
    assert "Not yours" not in as_ivan.get(OFFERS).content.decode()
    as_ivan.post(reverse("mobile:notice_read", args=[notice.pk]))

    assert "Cancelled: Medical" not in as_ivan.get(OFFERS).content.decode()


def test_another_persons_notice_answers_404(as_ivan: HttpClient, personas: Personas) -> None:
    from lisko.notifications.models import Notification

    foreign = Notification.objects.create(
        recipient=personas.social_worker,
        kind=Notification.Kind.UNFILLED,
        key="y",
        title="T",
        body="B",
    )

    assert as_ivan.post(reverse("mobile:notice_read", args=[foreign.pk])).status_code == 404
