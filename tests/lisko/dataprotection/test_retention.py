"""Retention: a closed case past its organisation's retention period is anonymised by the nightly
job; one that will be due within a month is listed; a dry run changes nothing."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from lisko.clients.models import Client
from lisko.core import jobs
from lisko.dataprotection.models import Erasure
from lisko.dataprotection.selectors import months_before, retention_queue
from lisko.dataprotection.services import enforce_retention
from tests.conftest import Personas, SentTasks
from tests.lisko.dataprotection.conftest import make_full_client

pytestmark = pytest.mark.django_db


def closed_months_ago(personas: Personas, months: int, name: str) -> Client:
    client = make_full_client(
        organisation=personas.organisation,
        social_worker=personas.social_worker,
        first_name=name,
        last_name="Closed",
        reference=f"RC-{months}",
    )
    closed_at = months_before(timezone.now(), months) - dt.timedelta(hours=1)
    Client.objects.filter(pk=client.pk).update(is_active=False, closed_at=closed_at)
    return client


@pytest.fixture
def old_and_recent(personas: Personas) -> tuple[Client, Client]:
    personas.organisation.retention_months = 120
    personas.organisation.save()
    return closed_months_ago(personas, 121, "Olga"), closed_months_ago(personas, 119, "Rania")


def test_the_nightly_job_anonymises_a_case_past_retention(
    old_and_recent: tuple[Client, Client], sent_tasks: SentTasks
) -> None:
    old, recent = old_and_recent
    from workers.tasks import enforce_retention as task

    result = task.apply().get()

    assert result == {"erased": 1, "held_back": 0}
    assert Client.objects.get(pk=old.pk).first_name == ""
    assert Erasure.objects.get(client=old).ground == Erasure.Ground.RETENTION
    assert Erasure.objects.get(client=old).erased_by is None
    assert Client.objects.get(pk=recent.pk).first_name == "Rania"


def test_a_case_due_within_a_month_is_listed_ahead(
    personas: Personas, old_and_recent: tuple[Client, Client]
) -> None:
    old, recent = old_and_recent

    queue = retention_queue(organisation=personas.organisation)

    assert [client.pk for client in queue.due] == [old.pk]
    assert [client.pk for client in queue.due_soon] == [recent.pk]


def test_the_dry_run_reports_and_changes_nothing(
    personas: Personas, old_and_recent: tuple[Client, Client]
) -> None:
    old, recent = old_and_recent
    out = StringIO()

    call_command("enforce_retention", "--dry-run", stdout=out)

    report = out.getvalue()
    assert f"would be anonymised: 1 [{old.pk}]" in report
    assert f"due within a month: 1 [{recent.pk}]" in report
    assert "nothing changed" in report
    assert Client.objects.get(pk=old.pk).first_name == "Olga"
    assert not Erasure.objects.exists()


def test_the_command_anonymises_for_real_without_dry_run(
    old_and_recent: tuple[Client, Client],
) -> None:
    old, _recent = old_and_recent

    call_command("enforce_retention", stdout=StringIO())

    assert Client.objects.get(pk=old.pk).first_name == ""


def test_a_case_with_an_open_referral_is_held_back_with_its_reason(
    old_and_recent: tuple[Client, Client],
) -> None:
    old, _recent = old_and_recent
    old.referrals.update(status="in_progress")

    report = enforce_retention()

    assert report.held_back[old.organisation_id] == {old.pk: ["open_referral"]}
    assert Client.objects.get(pk=old.pk).first_name == "Olga"


def test_a_case_closed_before_dates_were_kept_is_never_due(personas: Personas) -> None:
    client = closed_months_ago(personas, 200, "Undated")
    Client.objects.filter(pk=client.pk).update(closed_at=None)

    report = enforce_retention()

    assert report.erased[personas.organisation.pk] == []
    assert report.undated[personas.organisation.pk] == 1


def test_closing_a_case_records_when(personas: Personas) -> None:
    from lisko.clients.services import close_client, reopen_client
    from tests.factories.core import ClientFactory

    client = ClientFactory(organisation=personas.organisation, social_worker=personas.social_worker)

    close_client(client=client, by=personas.social_worker)
    assert Client.objects.get(pk=client.pk).closed_at is not None
    reopen_client(client=client, by=personas.social_worker)
    assert Client.objects.get(pk=client.pk).closed_at is None


def test_the_job_is_in_the_registry_and_on_the_beat() -> None:
    from workers.schedule import BEAT_SCHEDULE

    assert jobs.ENFORCE_RETENTION in jobs.JOBS
    assert jobs.ENFORCE_RETENTION.name in {entry["task"] for entry in BEAT_SCHEDULE.values()}
