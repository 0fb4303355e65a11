"""Erasure: every personal field goes, the counts stay, one audit event says it happened, and an
open appointment or referral keeps everything as it was."""

import pytest

from lisko.appointments.models import Appointment, Assignment, AssignmentEvent
from lisko.audit.models import AuditEvent
from lisko.clients.models import Client, ClientLanguage, HouseholdMember
from lisko.core.errors import DomainError, NotFound
from lisko.dataprotection.models import Erasure
from lisko.dataprotection.services import ErasureRefused, erase_client
from lisko.notifications.models import ClientMessage
from lisko.plans.models import Goal, GoalReview, Milestone
from lisko.referrals.models import Referral, ReferralEvent
from tests.conftest import Personas
from tests.factories.interpreting import AppointmentFactory, in_days
from tests.factories.messages import ClientMessageFactory

pytestmark = pytest.mark.django_db


def test_erasure_removes_every_personal_field(personas: Personas, amal: Client) -> None:
    original_reference = amal.reference

    erase_client(client=amal, by=personas.admin)

    amal.refresh_from_db()
    assert (amal.first_name, amal.last_name, amal.phone, amal.notes) == ("", "", "", "")
    assert amal.email == ""
    assert amal.reference != original_reference
    assert amal.reference.startswith("erased-")
    assert (amal.birth_date.year, amal.birth_date.month, amal.birth_date.day) == (1988, 1, 1)
    assert amal.arrival_date.day == 1
    assert not amal.is_active
    member = HouseholdMember.objects.get(client=amal)
    assert (member.first_name, member.last_name) == ("", "")
    assert set(Goal.objects.filter(plan__client=amal).values_list("wording", flat=True)) == {""}
    assert set(
        GoalReview.objects.filter(goal__plan__client=amal).values_list("note", flat=True)
    ) == {""}
    assert "Amal" not in "".join(
        Milestone.objects.filter(goal__plan__client=amal)
        .values_list("title", "responsible_text")
        .get()
    )
    appointment = Appointment.objects.get(client=amal)
    assert (appointment.address, appointment.notes_for_interpreter) == ("", "")
    assert set(
        AssignmentEvent.objects.filter(assignment__appointment__client=amal).values_list(
            "note", flat=True
        )
    ) == {""}
    referral = Referral.objects.get(client=amal)
    assert (referral.note, referral.outcome) == ("", "")
    assert set(
        ReferralEvent.objects.filter(referral__client=amal).values_list("note", flat=True)
    ) == {""}


def test_erasure_keeps_the_counts_per_language_municipality_and_field_of_action(
    personas: Personas, amal: Client, bilal: Client
) -> None:
    def counts() -> tuple[object, ...]:
        return (
            Client.objects.filter(organisation=personas.organisation).count(),
            sorted(ClientLanguage.objects.values_list("client_id", "language__code")),
            sorted(Client.objects.values_list("municipality_id", "preferred_language__code")),
            sorted(Goal.objects.values_list("plan__client_id", "field_of_action__key", "status")),
            sorted(Appointment.objects.values_list("client_id", "kind", "status", "language_id")),
            sorted(Assignment.objects.values_list("appointment_id", "interpreter_id", "state")),
            sorted(Referral.objects.values_list("client_id", "offer_id", "status")),
            HouseholdMember.objects.filter(client=amal).count(),
        )

    before = counts()

    erase_client(client=amal, by=personas.admin)

    assert counts() == before


def test_erasure_writes_one_audit_event_and_leaves_the_trail_alone(
    personas: Personas, amal: Client
) -> None:
    trail_before = list(AuditEvent.objects.filter(client_id=amal.pk).values())

    erase_client(client=amal, by=personas.admin)

    trail_after = list(AuditEvent.objects.filter(client_id=amal.pk).order_by("pk").values())
    assert trail_after[: len(trail_before)] == sorted(trail_before, key=lambda e: e["id"])
    new = trail_after[len(trail_before) :]
    assert [(e["action"], e["actor_id"], e["reason"]) for e in new] == [
        ("delete", personas.admin.pk, "client erased (request)")
    ]


def test_erasure_is_idempotent(personas: Personas, amal: Client) -> None:
    first = erase_client(client=amal, by=personas.admin)
    reference = Client.objects.get(pk=amal.pk).reference

    second = erase_client(client=amal, by=personas.admin)

    assert second.pk == first.pk
    assert Client.objects.get(pk=amal.pk).reference == reference
    assert AuditEvent.objects.filter(client_id=amal.pk, action="delete").count() == 1
    assert Erasure.objects.count() == 1


def test_an_open_appointment_refuses_with_the_reason_and_changes_nothing(
    personas: Personas, amal: Client
) -> None:
    AppointmentFactory(
        client=amal, start=in_days(2, 9), end=in_days(2, 10), status=Appointment.Status.CONFIRMED
    )
    before = Client.objects.filter(pk=amal.pk).values().get()
    events_before = AuditEvent.objects.count()

    with pytest.raises(ErasureRefused) as refused:
        erase_client(client=amal, by=personas.admin)

    assert [obstacle.code for obstacle in refused.value.obstacles] == ["open_appointment"]
    assert "appointment today or later is still open" in refused.value.obstacles[0].message
    assert Client.objects.filter(pk=amal.pk).values().get() == before
    assert AuditEvent.objects.count() == events_before
    assert not Erasure.objects.exists()


def test_an_open_referral_refuses_erasure(personas: Personas, amal: Client) -> None:
    Referral.objects.filter(client=amal).update(status=Referral.Status.IN_PROGRESS)

    with pytest.raises(ErasureRefused) as refused:
        erase_client(client=amal, by=personas.admin)

    assert [obstacle.code for obstacle in refused.value.obstacles] == ["open_referral"]


def test_an_appointment_cancelled_or_in_the_past_does_not_hold_erasure_back(
    personas: Personas, amal: Client
) -> None:
    AppointmentFactory(client=amal, start=in_days(2, 9), end=in_days(2, 10), status="cancelled")
    AppointmentFactory(client=amal, start=in_days(-9, 9), end=in_days(-9, 10), status="unfilled")

    erase_client(client=amal, by=personas.admin)

    assert Erasure.objects.filter(client=amal).exists()


@pytest.mark.parametrize("persona", ["social_worker", "coordinator"])
def test_only_an_admin_of_the_organisation_may_erase(
    personas: Personas, amal: Client, persona: str
) -> None:
    with pytest.raises(DomainError) as refused:
        erase_client(client=amal, by=getattr(personas, persona))

    assert refused.value.code == "permission_denied"
    assert Client.objects.get(pk=amal.pk).first_name == "Amal"


def test_an_admin_of_another_organisation_gets_not_found(personas: Personas, amal: Client) -> None:
    from tests.factories.core import make_member

    stranger = make_member(organisation=personas.other_organisation, role="admin")

    with pytest.raises(NotFound):
        erase_client(client=amal, by=stranger)


def test_erasure_removes_the_texts_and_numbers_of_messages_and_sends_none_still_due(
    personas: Personas, amal: Client
) -> None:
    message = ClientMessageFactory(appointment=AppointmentFactory(client=amal, status="cancelled"))

    erase_client(client=amal, by=personas.admin)

    message.refresh_from_db()
    assert (message.to, message.text, message.due_at) == ("", "", None)
    assert ClientMessage.objects.filter(client=amal).count() == 1
