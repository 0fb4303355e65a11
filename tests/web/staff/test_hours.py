"""The coordinator's hours for pay: approving and correcting a month's entries, the rates, the
month's export and its files, and who may see which organisation's hours."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from openpyxl import load_workbook

from lisko.accounts.models import User
from lisko.appointments.models import Assignment
from lisko.audit.models import AuditEvent
from lisko.organisations.models import Membership, Organisation, Role
from lisko.payroll.models import ApprovedHours, PayrollExport, Rate
from tests.conftest import Personas
from tests.factories.core import make_member
from tests.factories.payroll import RateFactory, local, logged_assignment
from tests.web.staff.conftest import login

pytestmark = pytest.mark.django_db

OCTOBER = "2026-10"
WEDNESDAY = dt.date(2026, 10, 7)
THURSDAY = dt.date(2026, 10, 8)


def url(name: str, *args: object, month: str = OCTOBER, **query: object) -> str:
    params = "&".join(f"{key}={value}" for key, value in {"month": month, **query}.items())
    return f"{reverse(name, args=args)}?{params}"


@pytest.fixture
def carla(client: HttpClient, personas: Personas) -> HttpClient:
    """Carla, the coordinator, with the organisation's interpreter rate set."""
    RateFactory(organisation=personas.organisation)
    return login(client, personas.coordinator)


@pytest.fixture
def entry(personas: Personas) -> Assignment:
    """Yonas logged 90 minutes and 30 of travel on a Wednesday morning: 90.00 + 15.00."""
    return logged_assignment(
        organisation=personas.organisation,
        start=local(WEDNESDAY, 9),
        first_name="Yonas",
        last_name="Tesfamariam",
    )


def approve(http: HttpClient, assignment: Assignment) -> None:
    response = http.post(url("staff:approve_hours", assignment.pk))
    assert response.status_code == 302


def test_a_coordinator_sees_the_months_entries_waiting(
    carla: HttpClient, entry: Assignment
) -> None:
    page = carla.get(url("staff:hours")).content.decode()
    assert "Yonas Tesfamariam" in page
    assert "Waiting" in page
    assert "1 entry waits for approval." in page


def test_a_coordinator_approves_an_entry_as_logged(carla: HttpClient, entry: Assignment) -> None:
    approve(carla, entry)

    hours = ApprovedHours.objects.get(assignment=entry)
    assert (hours.minutes, hours.travel_minutes, hours.corrected) == (90, 30, False)
    page = carla.get(url("staff:hours")).content.decode()
    assert "Approved" in page and "105.00 EUR" in page
    assert "The hours are approved as logged." in page


def test_a_correction_without_a_note_is_refused_and_nothing_is_saved(
    carla: HttpClient, entry: Assignment
) -> None:
    prefix = f"correct-{entry.pk}"
    response = carla.post(
        url("staff:correct_hours", entry.pk),
        {f"{prefix}-minutes": "60", f"{prefix}-travel_minutes": "30", f"{prefix}-note": ""},
    )

    assert response.status_code == 400
    assert "Say in a note why the hours are corrected." in response.content.decode()
    assert not ApprovedHours.objects.exists()


def test_a_correction_with_a_note_is_approved_and_shown_as_corrected(
    carla: HttpClient, entry: Assignment
) -> None:
    prefix = f"correct-{entry.pk}"
    response = carla.post(
        url("staff:correct_hours", entry.pk),
        {
            f"{prefix}-minutes": "75",
            f"{prefix}-travel_minutes": "20",
            f"{prefix}-note": "Ended early",
        },
    )

    assert response.status_code == 302
    hours = ApprovedHours.objects.get(assignment=entry)
    assert (hours.minutes, hours.travel_minutes, hours.corrected) == (75, 20, True)
    page = carla.get(url("staff:hours")).content.decode()
    assert "Corrected" in page and "Ended early" in page


def test_approving_all_approves_every_waiting_entry(
    carla: HttpClient, personas: Personas, entry: Assignment
) -> None:
    logged_assignment(organisation=personas.organisation, start=local(THURSDAY, 14))

    response = carla.post(url("staff:approve_all_hours"), follow=True)

    assert ApprovedHours.objects.count() == 2
    assert "2 entries are approved as logged." in response.content.decode()


@pytest.mark.parametrize("month", ["2026-13", "October", "0000-01", "99999-01", "2026-"])
def test_a_malformed_month_answers_400_with_a_message(carla: HttpClient, month: str) -> None:
    response = carla.get(url("staff:hours", month=month))

    assert response.status_code == 400
    assert "Enter a month as year and month, for example 2026-11." in response.content.decode()


def test_a_malformed_month_in_an_action_changes_nothing(
    carla: HttpClient, entry: Assignment
) -> None:
    response = carla.post(url("staff:approve_hours", entry.pk, month="2026-99"))

    assert response.status_code == 400
    assert not ApprovedHours.objects.exists()


def test_the_month_defaults_to_this_month(carla: HttpClient) -> None:
    response = carla.get(reverse("staff:hours"))

    assert response.status_code == 200
    assert response.context["where"].month.day == 1


def test_a_social_worker_gets_the_coordinator_pages_refusal(
    client: HttpClient, personas: Personas, entry: Assignment
) -> None:
    login(client, personas.social_worker)

    assert client.get(url("staff:hours")).status_code == 403
    assert client.post(url("staff:approve_hours", entry.pk)).status_code == 403
    assert not ApprovedHours.objects.exists()


def test_an_organisation_not_coordinated_is_not_found(
    carla: HttpClient, personas: Personas, entry: Assignment
) -> None:
    other = personas.other_organisation.pk

    assert carla.get(url("staff:hours", organisation=other)).status_code == 404
    assert carla.get(url("staff:hours", organisation="x1")).status_code == 404
    assert carla.post(url("staff:export_hours", organisation=other)).status_code == 404


def test_another_organisations_coordinator_sees_nothing_of_these_hours(
    client: HttpClient, personas: Personas, entry: Assignment
) -> None:
    login(client, make_coordinator_of(personas.other_organisation))

    page = client.get(url("staff:hours")).content.decode()
    assert "Tesfamariam" not in page
    assert client.post(url("staff:approve_hours", entry.pk)).status_code == 404
    assert not ApprovedHours.objects.exists()


def make_coordinator_of(organisation: Organisation) -> User:
    return make_member(organisation=organisation, role=Role.COORDINATOR, username="otto")


def test_a_coordinator_of_two_organisations_chooses_between_them(
    client: HttpClient, personas: Personas, entry: Assignment
) -> None:
    Membership.objects.create(
        user=personas.coordinator, organisation=personas.other_organisation, role=Role.COORDINATOR
    )
    login(client, personas.coordinator)

    first = client.get(url("staff:hours")).content.decode()
    other = client.get(url("staff:hours", organisation=personas.other_organisation.pk))

    assert "Tesfamariam" in first and personas.other_organisation.name in first
    assert other.status_code == 200 and "Tesfamariam" not in other.content.decode()


def test_an_export_is_refused_while_entries_wait(carla: HttpClient, entry: Assignment) -> None:
    response = carla.post(url("staff:export_hours"), follow=True)

    assert "Approve or correct every entry of the month before exporting it." in (
        response.content.decode()
    )
    assert not PayrollExport.objects.exists()


def _exported(carla: HttpClient, personas: Personas, entry: Assignment) -> None:
    """Yonas's 105.00 and Zara's 60 minutes on a Thursday evening: 60.00 + 25% of 30 minutes
    after 20:00 (7.50) + 10 minutes of travel (5.00) = 72.50; then exported."""
    zara = logged_assignment(
        organisation=personas.organisation,
        start=local(THURSDAY, 19, 30),
        minutes=60,
        travel_minutes=10,
        first_name="Zara",
        last_name="Ahmadi",
    )
    approve(carla, entry)
    approve(carla, zara)
    response = carla.post(url("staff:export_hours"))
    assert response.status_code == 302


def test_exporting_locks_the_month_and_shows_it_read_only(
    carla: HttpClient, personas: Personas, entry: Assignment
) -> None:
    _exported(carla, personas, entry)

    page = carla.get(url("staff:hours")).content.decode()
    assert PayrollExport.objects.filter(organisation=personas.organisation).exists()
    assert "Exported on" in page
    assert personas.coordinator.get_full_name() in page
    assert reverse("staff:approve_hours", args=[entry.pk]) not in page
    assert carla.post(url("staff:approve_all_hours"), follow=True).status_code == 200
    assert ApprovedHours.objects.filter(approved_at__isnull=False).count() == 2


def test_the_csv_holds_the_statements_and_lines_with_their_totals(
    carla: HttpClient, personas: Personas, entry: Assignment
) -> None:
    _exported(carla, personas, entry)
    before = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).count()

    response = carla.post(url("staff:export_hours"), {"format": "csv"})

    assert response["Content-Disposition"].endswith('-2026-10.csv"')
    text = response.content.decode("utf-8-sig")
    statements, lines, _about = (
        list(csv.reader(io.StringIO(part))) for part in text.split("\r\n\r\n")
    )
    assert statements[0][:2] == ["Interpreter number", "Interpreter"]
    totals = {row[1]: (int(row[3]), int(row[4]), Decimal(row[5])) for row in statements[1:]}
    assert totals == {
        "Zara Ahmadi": (60, 10, Decimal("72.50")),
        "Yonas Tesfamariam": (90, 30, Decimal("105.00")),
    }
    assert sum(Decimal(row[15]) for row in lines[1:]) == Decimal("177.50")
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).count() == before + 1


def test_the_xlsx_holds_the_statements_and_lines_with_their_totals(
    carla: HttpClient, personas: Personas, entry: Assignment
) -> None:
    _exported(carla, personas, entry)

    response = carla.post(url("staff:export_hours"), {"format": "xlsx"})

    workbook = load_workbook(io.BytesIO(response.content))
    statements, lines = workbook["Statements"], workbook["Lines"]
    totals = {row[1]: row[5] for row in statements.iter_rows(min_row=2, values_only=True)}
    assert totals == {"Zara Ahmadi": 72.5, "Yonas Tesfamariam": 105}
    assert sum(row[15] for row in lines.iter_rows(min_row=2, values_only=True)) == 177.5
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).count() == 2


def test_a_statement_downloads_as_a_pdf(
    carla: HttpClient, personas: Personas, entry: Assignment
) -> None:
    _exported(carla, personas, entry)

    response = carla.post(
        url("staff:export_hours"), {"format": "pdf", "interpreter": entry.interpreter_id}
    )

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_a_statement_of_someone_without_hours_is_not_found(
    carla: HttpClient, personas: Personas, entry: Assignment
) -> None:
    _exported(carla, personas, entry)

    response = carla.post(url("staff:export_hours"), {"format": "pdf", "interpreter": "0"})

    assert response.status_code == 404


def test_saving_a_rate(carla: HttpClient, personas: Personas) -> None:
    response = carla.post(
        url("staff:save_rate"),
        {
            "kind": "key_person",
            "key_person-currency": "EUR",
            "key_person-hourly": "25.50",
            "key_person-evening_from_hour": "20",
            "key_person-evening_percent": "0",
            "key_person-weekend_percent": "0",
            "key_person-travel_per_minute": "0",
            "key_person-minimum_minutes": "0",
            "key_person-late_cancellation_hours": "24",
            "key_person-late_cancellation_percent": "0",
        },
    )

    assert response.status_code == 302
    rate = Rate.objects.get(organisation=personas.organisation, kind="key_person")
    assert rate.hourly == Decimal("25.50")


def test_an_absurd_rate_is_refused_inline_and_nothing_is_saved(
    carla: HttpClient, personas: Personas
) -> None:
    response = carla.post(
        url("staff:save_rate"),
        {
            "kind": "interpreter",
            "interpreter-currency": "EUR",
            "interpreter-hourly": "5000",
            "interpreter-evening_from_hour": "20",
            "interpreter-evening_percent": "0",
            "interpreter-weekend_percent": "0",
            "interpreter-travel_per_minute": "0",
            "interpreter-minimum_minutes": "0",
            "interpreter-late_cancellation_hours": "24",
            "interpreter-late_cancellation_percent": "0",
        },
    )

    assert response.status_code == 400
    assert "The rate is not valid" in response.content.decode()
    assert Rate.objects.get(organisation=personas.organisation).hourly == Decimal("60.00")


@pytest.mark.parametrize("entries", [1, 20])
def test_the_page_costs_the_same_queries_for_one_entry_or_twenty(
    carla: HttpClient, personas: Personas, django_assert_max_num_queries, entries: int
) -> None:
    for number in range(entries):
        assignment = logged_assignment(
            organisation=personas.organisation, start=local(WEDNESDAY + dt.timedelta(number), 9)
        )
        if number % 2:
            approve(carla, assignment)

    # Session, user, memberships, the organisation, the organisations to choose from, the
    # rates (twice), the done work, the late cancellations, the export, the planning link:
    # none of them per entry.
    with django_assert_max_num_queries(11):
        response = carla.get(url("staff:hours"))

    assert response.content.decode().count('id="entry-') == entries
