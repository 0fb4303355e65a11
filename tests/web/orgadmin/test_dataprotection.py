"""The data-protection pages: Ada finds a client by reference, exports their data (the job runs,
the page then links the files), erases them after confirming, and sees the retention queue.
The files are Ada's alone: a social worker, a coordinator or Bea (admin of B) gets a 404."""

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone
from pytest_django.fixtures import Settings

import workers.tasks  # noqa: F401  (registers the tasks that run_inline runs)
from lisko.appointments.models import Appointment
from lisko.audit.models import AuditEvent
from lisko.clients.models import Client
from lisko.dataprotection.models import Erasure, SubjectAccessExport
from lisko.dataprotection.selectors import months_before
from tests.conftest import SentTasks
from tests.factories.interpreting import AppointmentFactory, in_days
from tests.lisko.dataprotection.conftest import make_full_client
from tests.web.orgadmin.conftest import Scene

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def amal(scene: Scene) -> Client:
    return make_full_client(
        organisation=scene.personas.organisation,
        social_worker=scene.personas.social_worker,
        first_name="Amal",
        last_name="Haddad",
        reference="RC-0100",
    )


def a(scene: Scene) -> dict[str, int]:
    return {"organisation": scene.personas.organisation.pk}


def erase_url(scene: Scene, client: Client) -> str:
    return (
        f"{reverse('orgadmin:data_protection_erase', args=[client.pk])}"
        f"?organisation={scene.personas.organisation.pk}"
    )


@pytest.fixture
def done_export(
    ada: HttpClient,
    scene: Scene,
    amal: Client,
    sent_tasks: SentTasks,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> SubjectAccessExport:
    """Ada asked for Amal's export on the page, and the job prepared it."""
    with django_capture_on_commit_callbacks(execute=True):
        response = ada.post(
            f"{reverse('orgadmin:data_protection_export', args=[amal.pk])}"
            f"?organisation={scene.personas.organisation.pk}"
        )
    assert response.status_code == 302
    sent_tasks.run_inline()
    return SubjectAccessExport.objects.get(client=amal)


def test_the_admin_finds_a_client_by_reference(ada: HttpClient, scene: Scene, amal: Client) -> None:
    response = ada.get(reverse("orgadmin:data_protection"), {**a(scene), "reference": "rc-0100"})

    assert response.status_code == 200
    assert "Amal Haddad" in response.content.decode()
    assert AuditEvent.objects.filter(client_id=amal.pk, reason="data protection page").exists()


def test_a_client_of_another_organisation_is_not_found(ada: HttpClient, scene: Scene) -> None:
    response = ada.get(reverse("orgadmin:data_protection"), {**a(scene), "reference": "ES-0001"})

    assert "Bilal" not in response.content.decode()
    assert "No client of the organisation has the reference ES-0001." in response.content.decode()


def test_the_page_polls_while_the_export_is_prepared(
    ada: HttpClient, scene: Scene, amal: Client
) -> None:
    SubjectAccessExport.objects.create(
        organisation=scene.personas.organisation, client=amal, requested_by=scene.personas.admin
    )

    page = ada.get(reverse("orgadmin:data_protection"), {**a(scene), "reference": "RC-0100"})

    assert 'hx-trigger="every 3s"' in page.content.decode()
    assert "Being prepared" in page.content.decode()


def test_the_export_runs_through_the_job_and_the_page_links_the_files(
    ada: HttpClient, scene: Scene, done_export: SubjectAccessExport
) -> None:
    fragment = ada.get(
        reverse("orgadmin:data_protection_exports", args=[done_export.client_id]), a(scene)
    ).content.decode()

    assert done_export.status == SubjectAccessExport.Status.DONE
    assert reverse("orgadmin:data_protection_download", args=[done_export.pk, "json"]) in fragment
    assert reverse("orgadmin:data_protection_download", args=[done_export.pk, "pdf"]) in fragment
    assert "hx-trigger" not in fragment


def test_the_admin_downloads_both_files_and_the_download_is_audited(
    ada: HttpClient, scene: Scene, done_export: SubjectAccessExport
) -> None:
    as_json = ada.get(reverse("orgadmin:data_protection_download", args=[done_export.pk, "json"]))
    as_pdf = ada.get(reverse("orgadmin:data_protection_download", args=[done_export.pk, "pdf"]))

    assert as_json.status_code == 200
    record = json.loads(b"".join(as_json.streaming_content))
    assert record["profile"]["first_name"] == "Amal"
    assert b"".join(as_pdf.streaming_content).startswith(b"%PDF-")
    assert as_pdf["Content-Type"] == "application/pdf"
    reasons = set(
        AuditEvent.objects.filter(client_id=done_export.client_id, action="export").values_list(
            "reason", flat=True
        )
    )
    assert reasons == {
        "subject access export",
        "subject access export downloaded (json)",
        "subject access export downloaded (pdf)",
    }


@pytest.mark.parametrize("persona", ["social_worker", "coordinator", "interpreter", "other_admin"])
def test_nobody_but_the_admin_downloads_an_export(
    client: HttpClient, scene: Scene, done_export: SubjectAccessExport, persona: str
) -> None:
    user = scene.other_admin if persona == "other_admin" else getattr(scene.personas, persona)
    client.force_login(user)

    for kind in ("json", "pdf"):
        response = client.get(
            reverse("orgadmin:data_protection_download", args=[done_export.pk, kind])
        )
        assert response.status_code == 404


def test_an_unknown_kind_or_export_is_not_found(
    ada: HttpClient, done_export: SubjectAccessExport
) -> None:
    assert (
        ada.get(
            reverse("orgadmin:data_protection_download", args=[done_export.pk, "csv"])
        ).status_code
        == 404
    )
    assert (
        ada.get(reverse("orgadmin:data_protection_download", args=[999999, "json"])).status_code
        == 404
    )


@pytest.mark.parametrize(
    "name", ["orgadmin:data_protection_exports", "orgadmin:data_protection_erase"]
)
def test_the_client_pages_are_the_admins_alone(
    client: HttpClient, scene: Scene, amal: Client, name: str
) -> None:
    url = reverse(name, args=[amal.pk])

    for persona in ("social_worker", "coordinator", "interpreter", "partner"):
        client.force_login(getattr(scene.personas, persona))
        assert client.get(url, a(scene)).status_code == 403
    client.force_login(scene.other_admin)
    assert client.get(url, a(scene)).status_code == 404
    assert client.get(url).status_code == 404  # B has no such client
    client.force_login(scene.personas.admin)
    assert client.get(url, a(scene)).status_code == 200


def test_erasing_asks_for_the_reference_first(ada: HttpClient, scene: Scene, amal: Client) -> None:
    url = erase_url(scene, amal)

    wrong = ada.post(url, {"confirm_reference": "RC-9999"})

    assert wrong.status_code == 422
    assert "Type the client&#x27;s reference to confirm the erasure." in wrong.content.decode()
    assert Client.objects.get(pk=amal.pk).first_name == "Amal"

    right = ada.post(url, {"confirm_reference": "RC-0100"})

    assert right.status_code == 302
    assert Client.objects.get(pk=amal.pk).first_name == ""
    assert Erasure.objects.get(client=amal).erased_by == scene.personas.admin


def test_erasing_shows_the_reasons_and_changes_nothing(
    ada: HttpClient, scene: Scene, amal: Client
) -> None:
    AppointmentFactory(
        client=amal, start=in_days(1, 9), end=in_days(1, 10), status=Appointment.Status.REQUESTED
    )
    url = erase_url(scene, amal)

    shown = ada.get(url).content.decode()
    refused = ada.post(url, {"confirm_reference": "RC-0100"})

    assert "An appointment today or later is still open" in shown
    assert "Erase for good" not in shown
    assert refused.status_code == 422
    assert "An appointment today or later is still open" in refused.content.decode()
    assert Client.objects.get(pk=amal.pk).first_name == "Amal"
    assert not Erasure.objects.exists()


def test_the_retention_queue_shows_due_now_and_within_a_month(
    ada: HttpClient, scene: Scene
) -> None:
    organisation = scene.personas.organisation
    organisation.retention_months = 120
    organisation.save()
    for months, reference in ((121, "RC-OLD"), (119, "RC-SOON"), (60, "RC-LATER")):
        client = make_full_client(
            organisation=organisation,
            social_worker=scene.personas.social_worker,
            first_name="Closed",
            last_name=reference,
            reference=reference,
        )
        closed_at = months_before(timezone.now(), months) - dt.timedelta(hours=1)
        Client.objects.filter(pk=client.pk).update(is_active=False, closed_at=closed_at)

    response = ada.get(reverse("orgadmin:retention"), a(scene))

    page = response.content.decode()
    due, soon = page.split("Due within a month")
    assert "RC-OLD" in due and "RC-SOON" not in due
    assert "RC-SOON" in soon
    assert "RC-LATER" not in page


def test_the_navigation_links_the_data_protection_page(ada: HttpClient, scene: Scene) -> None:
    page = ada.get(reverse("orgadmin:members"), a(scene)).content.decode()

    assert reverse("orgadmin:data_protection") in page
