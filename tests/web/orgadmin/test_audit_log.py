"""The audit log: the organisation's events only, searchable with checked filters, in pages of a
constant number of queries, exported as CSV with the export itself on record."""

import csv
import datetime as dt
import io

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from lisko.audit.models import AuditEvent
from tests.factories.core import ClientFactory
from tests.web.orgadmin.conftest import Scene, audit

pytestmark = pytest.mark.django_db


def log(http: HttpClient, scene: Scene, **filters: object) -> str:
    response = http.get(
        reverse("orgadmin:audit_log"), {"organisation": scene.personas.organisation.pk, **filters}
    )
    assert response.status_code == 200
    return response.content.decode()


def exported(http: HttpClient, scene: Scene, **filters: object) -> list[list[str]]:
    response = http.get(
        reverse("orgadmin:audit_export"),
        {"organisation": scene.personas.organisation.pk, **filters},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text)))


def test_the_admin_sees_the_organisations_trail_and_no_other(ada: HttpClient, scene: Scene) -> None:
    page = log(ada, scene)

    assert "client page of organisation A" in page
    assert "RC-0001" in page
    assert "client page of organisation B" not in page
    assert "ES-0001" not in page


def test_an_admin_in_a_and_social_worker_in_b_sees_only_as_trail(
    client: HttpClient, scene: Scene
) -> None:
    client.force_login(scene.dual)

    page = log(client, scene)
    foreign = client.get(
        reverse("orgadmin:audit_log"), {"organisation": scene.personas.other_organisation.pk}
    )

    assert "client page of organisation A" in page
    assert "client page of organisation B" not in page
    assert foreign.status_code == 404
    assert client.get(reverse("orgadmin:audit_log")).status_code == 200


@pytest.mark.parametrize(
    ("filters", "shown", "hidden"),
    [
        ({"text": "organisation A"}, "client page of organisation A", "role given"),
        ({"client": "rc-0001"}, "client page of organisation A", "the second read"),
        ({"action": "read"}, "client page of organisation A", "nothing-else"),
    ],
)
def test_the_search_narrows_the_trail(
    ada: HttpClient, scene: Scene, filters: dict[str, str], shown: str, hidden: str
) -> None:
    other_client = ClientFactory(organisation=scene.personas.organisation, reference="RC-0002")
    audit(scene.personas.social_worker, other_client, "the second read")

    page = log(ada, scene, **filters)

    assert shown in page
    assert hidden not in page


def test_the_search_by_person_and_period(ada: HttpClient, scene: Scene) -> None:
    audit(scene.personas.colleague, scene.client_a, "read by the colleague")
    today = timezone.localdate()

    by_colleague = log(ada, scene, actor=scene.personas.colleague.pk)
    today_only = log(ada, scene, since=today.isoformat(), until=today.isoformat())
    tomorrow = log(ada, scene, since=(today + dt.timedelta(days=1)).isoformat())

    assert "read by the colleague" in by_colleague
    assert "client page of organisation A" not in by_colleague
    assert "client page of organisation A" in today_only
    assert "client page of organisation A" not in tomorrow


@pytest.mark.parametrize(
    "filters",
    [
        {"since": "9999-12-31"},
        {"since": "0001-01-01"},
        {"until": "2026-02-30"},
        {"since": "yesterday"},
        {"since": "2026-05-02", "until": "2026-05-01"},
        {"text": "x" * 500},
        {"client": "9" * 200},
        {"actor": "99999999999999999999999"},
        {"actor": str(10**6)},
        {"action": "<script>"},
        {"page": "-1"},
        {"page": "9" * 40},
    ],
)
def test_bad_filters_get_a_translated_error_never_a_server_error(
    ada: HttpClient, scene: Scene, filters: dict[str, str]
) -> None:
    response = ada.get(
        reverse("orgadmin:audit_log"), {"organisation": scene.personas.organisation.pk, **filters}
    )

    assert response.status_code == 200
    page = response.content.decode()
    if "page" not in filters:
        assert "Please correct the filters marked below." in page
        assert "client page of organisation A" not in page


def test_a_foreign_person_is_no_choice_of_actor(ada: HttpClient, scene: Scene) -> None:
    page = log(ada, scene, actor=scene.personas.other_social_worker.pk)

    assert "Please correct the filters marked below." in page
    assert "client page of organisation B" not in page


def test_the_export_writes_the_trail_and_an_event_of_its_own(ada: HttpClient, scene: Scene) -> None:
    rows = exported(ada, scene, client="RC-0001")

    assert rows[0][0] == "When"
    assert [row[-1] for row in rows[1:]] == ["client page of organisation A"]
    assert rows[1][5] == "RC-0001"
    export = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert export.actor == scene.personas.admin
    assert export.organisation == scene.personas.organisation
    assert export.reason == "audit trail exported: client=RC-0001"


def test_the_export_defuses_cells_a_spreadsheet_would_run(ada: HttpClient, scene: Scene) -> None:
    audit(scene.personas.social_worker, scene.client_a, '=HYPERLINK("http://evil")')

    rows = exported(ada, scene, text="HYPERLINK")

    reasons = [row[-1] for row in rows[1:]]
    assert '\'=HYPERLINK("http://evil")' in reasons
    assert not any(reason.startswith("=") for reason in reasons)


def test_an_export_with_bad_filters_goes_back_to_the_log(ada: HttpClient, scene: Scene) -> None:
    response = ada.get(
        reverse("orgadmin:audit_export"),
        {"organisation": scene.personas.organisation.pk, "since": "9999-99-99"},
        follow=True,
    )

    assert "Please correct the filters marked below." in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_the_log_is_paged(ada: HttpClient, scene: Scene) -> None:
    for number in range(60):
        audit(scene.personas.social_worker, scene.client_a, f"read number {number}")

    first = log(ada, scene)
    second = log(ada, scene, page=2)

    # Newest first, 50 a page: 59 down to 10 on the first, 9 down to 0 on the second.
    assert "read number 59<" in first and "read number 10<" in first
    assert "read number 9<" not in first
    assert "read number 9<" in second and "read number 0<" in second
    assert "read number 59<" not in second


@pytest.mark.parametrize("events", [1, 30])
def test_the_log_costs_the_same_queries_for_one_event_or_thirty(
    ada: HttpClient, scene: Scene, django_assert_max_num_queries, events: int
) -> None:
    clients = [
        ClientFactory(organisation=scene.personas.organisation, reference=f"RC-1{n:03d}")
        for n in range(events)
    ]
    for n, client in enumerate(clients):
        actor = scene.personas.social_worker if n % 2 else scene.personas.colleague
        audit(actor, client, f"read {n}")

    # Session, user, memberships, the organisation, the organisations to choose from, the
    # people to choose from, the count, the page, the clients' references.
    with django_assert_max_num_queries(10):
        page = log(ada, scene, text="read")

    assert page.count("RC-1") == events
