"""The record of processing (GDPR Art. 30): each consent purpose with what it means, the data,
who receives it, the legal basis, retention and renewal; the admin sets renewal and a note."""

import datetime as dt

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from lisko.audit.models import AuditEvent
from lisko.clients.models import Consent
from lisko.dataprotection.models import ProcessingRecord
from lisko.dataprotection.purposes import PURPOSES
from lisko.planning.models import SharingAgreement
from tests.factories.core import RegionFactory
from tests.web.orgadmin.conftest import Scene

pytestmark = pytest.mark.django_db


def _url(name: str, scene: Scene, *args: object) -> str:
    return f"{reverse(name, args=args)}?organisation={scene.personas.organisation.pk}"


def _text(response: object) -> str:
    return " ".join(response.content.decode().split())  # type: ignore[attr-defined]


def test_every_consent_purpose_is_described() -> None:
    assert set(PURPOSES) == set(Consent.Purpose.values)


def test_the_record_shows_each_purpose_with_retention_and_renewal(
    ada: HttpClient, scene: Scene
) -> None:
    page = _text(ada.get(_url("orgadmin:processing_record", scene)))

    for purpose in Consent.Purpose:
        assert escape(str(PURPOSES[purpose].meaning)) in page
        assert str(purpose.label) in page
    assert "Closed cases are kept for 120 months, then anonymised." in page
    assert "The consent must be renewed after 12 months" in page
    assert "No sharing agreement is in force: nothing reaches planners." in page


def test_the_record_says_when_planners_receive_counts(ada: HttpClient, scene: Scene) -> None:
    SharingAgreement.objects.create(
        organisation=scene.personas.organisation,
        region=RegionFactory(),
        signed_on=dt.date(2026, 1, 1),
        signed_by="Ada, director",
        valid_from=timezone.localdate() - dt.timedelta(days=10),
    )

    page = _text(ada.get(_url("orgadmin:processing_record", scene)))

    assert "A sharing agreement is in force" in page


def test_the_admin_sets_a_renewal_period_and_a_note(ada: HttpClient, scene: Scene) -> None:
    response = ada.post(
        _url("orgadmin:processing_record_edit", scene, "interpreting"),
        {"interpreting-renewal_months": "24", "interpreting-note": "Renewed at the yearly talk."},
    )

    assert response.status_code == 302
    record = ProcessingRecord.objects.get(organisation=scene.personas.organisation)
    assert (record.purpose, record.renewal_months, record.note, record.updated_by) == (
        "interpreting",
        24,
        "Renewed at the yearly talk.",
        scene.personas.admin,
    )
    page = _text(ada.get(_url("orgadmin:processing_record", scene)))
    assert "The consent must be renewed after 24 months" in page
    assert "Renewed at the yearly talk." in page
    assert AuditEvent.objects.filter(reason="record of processing changed: interpreting").exists()


def test_an_empty_renewal_period_means_the_consent_stands_until_withdrawn(
    ada: HttpClient, scene: Scene
) -> None:
    ada.post(
        _url("orgadmin:processing_record_edit", scene, "share_with_association"),
        {"share_with_association-renewal_months": "", "share_with_association-note": ""},
    )

    record = ProcessingRecord.objects.get(organisation=scene.personas.organisation)
    assert record.renewal_months is None


@pytest.mark.parametrize(
    ("months", "error"),
    [
        ("0", "Ensure this value is greater than or equal to 1."),
        ("121", "Ensure this value is less than or equal to 120."),
        ("9999", "Ensure this value is less than or equal to 120."),
        ("twelve", "Enter a whole number."),
    ],
)
def test_an_absurd_renewal_period_is_refused_and_nothing_saved(
    ada: HttpClient, scene: Scene, months: str, error: str
) -> None:
    response = ada.post(
        _url("orgadmin:processing_record_edit", scene, "interpreting"),
        {"interpreting-renewal_months": months},
        follow=True,
    )

    assert response.status_code == 200
    assert error in _text(response)
    assert not ProcessingRecord.objects.exists()


def test_the_service_refuses_an_absurd_renewal_period(scene: Scene) -> None:
    from lisko.core.errors import DomainError
    from lisko.dataprotection.services import update_processing_record

    with pytest.raises(DomainError) as refusal:
        update_processing_record(
            organisation=scene.personas.organisation,
            purpose="interpreting",
            renewal_months=9999,
            note="",
            by=scene.personas.admin,
        )

    assert refusal.value.code == "invalid_renewal"
    assert not ProcessingRecord.objects.exists()


def test_an_unknown_purpose_answers_404(ada: HttpClient, scene: Scene) -> None:
    response = ada.post(_url("orgadmin:processing_record_edit", scene, "marketing"), {})

    assert response.status_code == 404


def test_the_other_organisations_record_is_its_own(ada: HttpClient, scene: Scene) -> None:
    ProcessingRecord.objects.create(
        organisation=scene.personas.other_organisation,
        purpose="interpreting",
        renewal_months=3,
        note="Esch note",
    )

    page = _text(ada.get(_url("orgadmin:processing_record", scene)))

    assert "Esch note" not in page
    assert "after 3 months" not in page


def test_the_print_view_is_a_plain_page(ada: HttpClient, scene: Scene) -> None:
    response = ada.get(_url("orgadmin:processing_record_print", scene))

    page = _text(response)
    assert scene.personas.organisation.name in page
    assert escape(str(PURPOSES["interpreting"].recipients)) in page
    assert 'href="/organisation/' not in page  # no navigation


def test_the_record_downloads_as_a_file(ada: HttpClient, scene: Scene) -> None:
    response = ada.get(_url("orgadmin:processing_record_print", scene) + "&download=1")

    assert response["Content-Disposition"] == (
        f'attachment; filename="record-of-processing-{scene.personas.organisation.slug}.html"'
    )


NOT_ADMINS = ("social_worker", "coordinator", "interpreter", "key_person", "partner")


def test_only_the_admin_of_the_organisation_edits_its_record(
    client: HttpClient, scene: Scene
) -> None:
    url = _url("orgadmin:processing_record_edit", scene, "interpreting")
    data = {"interpreting-renewal_months": "6"}

    for persona in NOT_ADMINS:
        client.force_login(getattr(scene.personas, persona))
        assert client.post(url, data).status_code == 403, persona
    client.force_login(scene.other_admin)
    assert client.post(url, data).status_code == 404
    client.force_login(scene.personas.admin)
    assert client.get(url).status_code == 405

    assert not ProcessingRecord.objects.exists()


def test_the_record_downloads_as_a_pdf(ada: HttpClient, scene: Scene) -> None:
    response = ada.get(_url("orgadmin:processing_record_print", scene) + "&download=pdf")

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_pdf_is_set_right_to_left_in_arabic(scene: Scene) -> None:
    from django.utils import translation

    from lisko.dataprotection.rendering import render_processing_record_pdf
    from lisko.dataprotection.selectors import record_of_processing

    rows = record_of_processing(user=scene.personas.admin, organisation=scene.personas.organisation)
    with translation.override("ar"):
        pdf = render_processing_record_pdf(
            organisation=scene.personas.organisation.name, rows=rows, as_of=dt.date(2026, 12, 2)
        )

    assert pdf.startswith(b"%PDF")
