"""Subject access export: every section, only this client's data, prepared by the job, audited,
in the client's language where Lisko has a catalog for it."""

import json
import time
from collections.abc import Callable
from typing import Any

import pytest

from lisko.audit.models import AuditEvent
from lisko.clients.models import Client
from lisko.core import jobs
from lisko.core.errors import DomainError
from lisko.dataprotection.gathering import SECTIONS, client_record
from lisko.dataprotection.models import SubjectAccessExport
from lisko.dataprotection.services import erase_client, pdf_language_for, request_export
from tests.conftest import Personas, SentTasks
from tests.factories.core import LanguageFactory
from tests.factories.interpreting import AppointmentFactory
from tests.factories.messages import ClientMessageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def exported(
    personas: Personas,
    amal: Client,
    bilal: Client,
    sent_tasks: SentTasks,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> SubjectAccessExport:
    """Amal's export, asked for by Ada and prepared by the job."""
    with django_capture_on_commit_callbacks(execute=True):
        export = request_export(client=amal, by=personas.admin)
    assert sent_tasks.named(jobs.BUILD_ACCESS_EXPORT) == [(export.pk,)]
    assert SubjectAccessExport.objects.get(pk=export.pk).status == "queued"
    sent_tasks.run_inline()
    export.refresh_from_db()
    return export


def contents(export: SubjectAccessExport) -> dict[str, Any]:
    with export.json_file.open("rb") as stored:
        return json.loads(stored.read())


def test_the_job_prepares_both_files(exported: SubjectAccessExport) -> None:
    assert exported.status == SubjectAccessExport.Status.DONE
    assert exported.finished_at is not None
    with exported.pdf_file.open("rb") as stored:
        assert stored.read(5) == b"%PDF-"


def test_the_export_holds_every_section(exported: SubjectAccessExport) -> None:
    record = contents(exported)

    assert set(SECTIONS) <= set(record)
    assert record["profile"]["first_name"] == "Amal"
    assert record["profile"]["phone"] == "+352 621 000 111"
    assert record["profile"]["email"] == "amal@example.org"
    assert [m["first_name"] for m in record["household"]] == ["Amal-child"]
    assert {language["code"] for language in record["languages"]} == {"ara", "fra"}
    assert len(record["consents"]) == 2  # data processing, and sharing for the referral
    goal = record["plan"]["goals"][0]
    assert goal["wording"].startswith("Amal wants")
    assert goal["reviews"][0]["note"] == "Amal reads short letters now."
    assert goal["milestones"][0]["title"] == "Amal registers for A2"
    appointment = record["appointments"][0]
    assert appointment["notes_for_interpreter"] == "Amal is hard of hearing."
    assert appointment["assignments"][0]["interpreter"] == "Interpreter-of-Amal Nasser"
    assert appointment["assignments"][0]["events"][0]["note"] == "Amal came on time."
    referral = record["referrals"][0]
    assert referral["outcome"] == "Amal finished the course."
    assert referral["events"][0]["note"] == "Amal started the course."
    assert record["notes"] == [{"text": "Amal prefers morning appointments."}]
    assert [(e["who"], e["why"]) for e in record["access_log"]] == [
        (str(exported.client.social_worker), "client page")
    ]


def test_the_export_holds_nothing_of_another_client(exported: SubjectAccessExport) -> None:
    with exported.json_file.open("rb") as stored:
        text = stored.read().decode()

    assert "Bilal" not in text
    assert "Othman" not in text
    assert "RC-0200" not in text


def test_the_export_is_audited(personas: Personas, exported: SubjectAccessExport) -> None:
    events = AuditEvent.objects.filter(client_id=exported.client_id, action="export")

    assert [(e.actor_id, e.reason) for e in events] == [
        (personas.admin.pk, "subject access export")
    ]


def test_the_pdf_is_in_the_clients_language_where_lisko_has_a_catalog(amal: Client) -> None:
    assert pdf_language_for(amal) == "ar"
    amal.preferred_language = LanguageFactory(code="tir")  # Tigrinya: no catalog
    assert pdf_language_for(amal) == "en"
    amal.preferred_language = LanguageFactory(code="ukr")
    assert pdf_language_for(amal) == "uk"


@pytest.mark.parametrize("persona", ["social_worker", "coordinator"])
def test_only_an_admin_may_ask_for_an_export(
    personas: Personas, amal: Client, persona: str
) -> None:
    with pytest.raises(DomainError):
        request_export(client=amal, by=getattr(personas, persona))

    assert not SubjectAccessExport.objects.exists()


def test_an_erased_client_has_no_export_left(
    personas: Personas, exported: SubjectAccessExport
) -> None:
    json_path = exported.json_file.path

    erase_client(client=exported.client, by=personas.admin)

    exported.refresh_from_db()
    assert exported.status == SubjectAccessExport.Status.ERASED
    assert not exported.json_file
    import os

    assert not os.path.exists(json_path)
    with pytest.raises(DomainError):
        request_export(client=exported.client, by=personas.admin)


def test_export_and_erasure_time_for_a_busy_client(
    personas: Personas, amal: Client, capsys: pytest.CaptureFixture[str]
) -> None:
    """Prints the time of one export (both files) and one erasure of a client with a year of
    casework: figures, not assertions."""
    from lisko.appointments.models import Appointment
    from lisko.audit.services import record_reads
    from lisko.dataprotection.services import build_export
    from tests.factories.interpreting import AppointmentFactory, AssignmentFactory, in_days
    from tests.factories.people import GoalFactory, GoalReviewFactory, ReferralFactory

    plan = amal.plan
    for n in range(5):
        goal = GoalFactory(plan=plan, wording=f"Goal {n} of Amal")
        for _ in range(4):
            GoalReviewFactory(goal=goal, note="Going well.")
    for n in range(40):
        appointment = AppointmentFactory(
            client=amal, start=in_days(-n - 2, 9), end=in_days(-n - 2, 10), status="done"
        )
        AssignmentFactory(appointment=appointment, state="done")
    for _ in range(10):
        ReferralFactory(client=amal, status="completed", outcome="Done.")
    for _ in range(10):
        record_reads(
            actor=personas.social_worker, objects=[amal] * 30, client_id_of="pk", reason="caseload"
        )
    export = SubjectAccessExport.objects.create(
        organisation=personas.organisation, client=amal, requested_by=personas.admin, language="ar"
    )

    started = time.perf_counter()
    build_export(export_id=export.pk)
    exported = time.perf_counter() - started
    export.refresh_from_db()
    sizes = export.pdf_file.size // 1024, export.json_file.size // 1024
    started = time.perf_counter()
    erase_client(client=amal, by=personas.admin)
    erased = time.perf_counter() - started

    with capsys.disabled():
        print(
            f"\nbusy client (41 appointments, 6 goals, 11 referrals, 301 audit events): "
            f"export JSON + Arabic PDF {exported:.2f} s ({sizes[0]} KiB PDF, "
            f"{sizes[1]} KiB JSON), erasure {erased:.2f} s"
        )
    assert Appointment.objects.filter(client=amal).count() == 41


def test_the_export_holds_the_messages_sent_to_the_client_and_no_one_elses(
    amal: Client, bilal: Client
) -> None:
    ClientMessageFactory(
        appointment=AppointmentFactory(client=amal), text="Your appointment: Monday 10:00"
    )
    ClientMessageFactory(appointment=AppointmentFactory(client=bilal), text="Bilal's message")

    messages = client_record(client=amal)["messages"]

    assert [(m["text"], m["to"]) for m in messages] == [
        ("Your appointment: Monday 10:00", "+352621123456")
    ]
