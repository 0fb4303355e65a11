"""Planning services: audited exports, and the social report from request to PDF (the worker's
part run inline through `sent_tasks`; lisko/planning/report.py is replaced by a stand-in that
counts its calls, so these tests say nothing about the report's content)."""

import datetime as dt
import sys
import types
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone, translation

import workers.tasks  # noqa: F401  (registers the tasks that run_inline runs)
from lisko.audit.models import AuditEvent
from lisko.core import jobs
from lisko.core.errors import DomainError
from lisko.organisations.models import Membership, Role
from lisko.planning import services
from lisko.planning.models import SocialReport
from lisko.planning.scope import Period, PlanningScope, scope_for
from tests.conftest import SentTasks
from tests.factories.core import make_coordinator
from tests.factories.planning import (
    PlanningWorld,
    make_planner,
    make_planning_world,
    make_region_with_municipalities,
    withdraw,
)

pytestmark = pytest.mark.django_db

PERIOD = Period(start=dt.date(2026, 1, 1), end=dt.date(2026, 11, 30))
PDF = b"%PDF-1.4 stand-in"


class StandInReport:
    """lisko.planning.report as the services call it: build_content and render_pdf."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []
        self.steps_seen: list[tuple[int, int]] = []
        self.fail_with: Exception | None = None

    def build_content(
        self,
        scope: PlanningScope,
        *,
        language: str,
        progress: Callable[[int, int], None] | None = None,
    ) -> dict[str, Any]:
        self.calls.append(
            {"scope": scope, "language": language, "active": translation.get_language()}
        )
        if self.fail_with is not None:
            raise self.fail_with
        for done in (1, 2, 3):
            assert progress is not None
            progress(done, 3)
            report = SocialReport.objects.get(region=scope.region, status="running")
            self.steps_seen.append((report.steps_done, report.steps_total))
        return {"region": scope.region.name}

    def render_pdf(self, content: dict[str, Any]) -> bytes:
        return PDF


@pytest.fixture
def report_module(monkeypatch: pytest.MonkeyPatch) -> StandInReport:
    stand_in = StandInReport()
    module = types.ModuleType("lisko.planning.report")
    module.build_content = stand_in.build_content  # type: ignore[attr-defined]
    module.render_pdf = stand_in.render_pdf  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "lisko.planning.report", module)
    return stand_in


@pytest.fixture
def world() -> PlanningWorld:
    return make_planning_world()


@pytest.fixture
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def scope_of(world: PlanningWorld) -> PlanningScope:
    return scope_for(world.planner, world.region.pk, PERIOD)


def ask(world: PlanningWorld, language: str = "de") -> SocialReport:
    return services.request_social_report(
        by=world.planner, scope=scope_of(world), language=language
    )


# -- record_export ------------------------------------------------------------------------------


def test_an_export_of_a_table_writes_one_audit_event_naming_no_client(
    world: PlanningWorld,
) -> None:
    services.record_export(
        by=world.planner, scope=scope_of(world), key="clients-by-municipality", file_format="csv"
    )

    event = AuditEvent.objects.get()
    office = Membership.objects.get(user=world.planner, role=Role.PLANNER).organisation_id
    assert (event.action, event.actor, event.client_id, event.organisation_id) == (
        "export",
        world.planner,
        None,
        office,
    )
    assert (event.object_type, event.object_id) == ("planning_table", "clients-by-municipality")
    assert f"region {world.region.pk}" in event.reason
    assert "2026-01-01..2026-11-30" in event.reason
    assert "csv" in event.reason


def test_a_coordinators_export_is_recorded_for_their_own_organisation(
    world: PlanningWorld,
) -> None:
    coordinator = make_coordinator(organisation=world.a)
    scope = scope_for(coordinator, world.region.pk, PERIOD)

    services.record_export(by=coordinator, scope=scope, key="offers", file_format="xlsx")

    assert AuditEvent.objects.get().organisation_id == world.a.pk


# -- request_social_report --------------------------------------------------------------------


def test_a_request_queues_a_report_of_the_scope_and_enqueues_its_job_after_commit(
    world: PlanningWorld, sent_tasks: SentTasks, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report = ask(world)
        assert sent_tasks.named(jobs.BUILD_SOCIAL_REPORT) == []
    for callback in callbacks:
        callback()

    report.refresh_from_db()
    assert (report.region, report.period_start, report.period_end) == (
        world.region,
        PERIOD.start,
        PERIOD.end,
    )
    assert (report.language, report.requested_by, report.as_planner) == ("de", world.planner, True)
    assert report.organisation_ids == sorted(world.shared)
    assert report.status == SocialReport.Status.QUEUED
    assert sent_tasks.named(jobs.BUILD_SOCIAL_REPORT) == [(report.pk,)]


def test_a_request_is_written_to_the_audit_trail(world: PlanningWorld) -> None:
    report = ask(world)

    event = AuditEvent.objects.get()
    assert (event.action, event.object_type, event.object_id, event.client_id) == (
        "export",
        "planning.socialreport",
        str(report.pk),
        None,
    )
    assert f"region {world.region.pk}" in event.reason


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "Choose a language in which Lisko can write the report."),
        ("de", "Wählen Sie eine Sprache, in der Lisko den Bericht schreiben kann."),
    ],
)
def test_a_language_lisko_cannot_write_is_refused_in_the_askers_language(
    world: PlanningWorld, language: str, message: str
) -> None:
    with translation.override(language), pytest.raises(DomainError) as refused:
        ask(world, language="tlh")

    assert refused.value.code == "invalid_language"
    if language == "en":
        assert str(refused.value.message) == message
    assert SocialReport.objects.count() == 0


def test_asking_again_while_the_report_is_being_written_returns_the_same_report(
    world: PlanningWorld,
) -> None:
    first = ask(world)
    SocialReport.objects.filter(pk=first.pk).update(status=SocialReport.Status.RUNNING)

    again = ask(world)

    assert again.pk == first.pk
    assert SocialReport.objects.count() == 1


def test_asking_again_after_a_report_is_done_writes_a_fresh_one(world: PlanningWorld) -> None:
    first = ask(world)
    SocialReport.objects.filter(pk=first.pk).update(status=SocialReport.Status.DONE)

    again = ask(world)

    assert again.pk != first.pk


def test_another_language_is_another_report(world: PlanningWorld) -> None:
    assert ask(world, "de").pk != ask(world, "fr").pk


# -- build_social_report ----------------------------------------------------------------------


def test_the_worker_writes_the_pdf_in_the_reports_language_with_progress(
    world: PlanningWorld,
    report_module: StandInReport,
    sent_tasks: SentTasks,
    django_capture_on_commit_callbacks: Any,
    media: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        report = ask(world, "de")

    assert sent_tasks.run_inline() == ["done"]

    report.refresh_from_db()
    assert report.status == SocialReport.Status.DONE
    assert report.finished_at is not None and report.error == ""
    with report.pdf_file.open("rb") as pdf:
        assert pdf.read() == PDF
    assert (report.steps_done, report.steps_total) == (3, 3)
    assert report_module.steps_seen == [(1, 3), (2, 3), (3, 3)]
    (call,) = report_module.calls
    assert (call["language"], call["active"]) == ("de", "de")
    assert call["scope"].organisation_ids == world.shared
    assert call["scope"].period == PERIOD


def test_a_report_already_done_is_not_written_again(
    world: PlanningWorld, report_module: StandInReport, media: Any
) -> None:
    report = ask(world)
    services.build_social_report(report_id=report.pk)

    services.build_social_report(report_id=report.pk)

    assert len(report_module.calls) == 1


def test_a_report_whose_requester_lost_the_planner_role_fails_without_a_pdf(
    world: PlanningWorld, report_module: StandInReport, media: Any
) -> None:
    report = ask(world)
    Membership.objects.filter(user=world.planner, role=Role.PLANNER).delete()

    services.build_social_report(report_id=report.pk)

    report.refresh_from_db()
    assert report.status == SocialReport.Status.FAILED
    assert not report.pdf_file
    assert report_module.calls == []
    with translation.override(report.language):
        expected = translation.gettext(
            "The report was not written: its requester may no longer plan for this region."
        )
    assert report.error == expected


def test_the_report_counts_the_agreements_in_force_when_it_is_written(
    world: PlanningWorld, report_module: StandInReport, media: Any
) -> None:
    report = ask(world)
    withdraw(world.agreement_b)

    services.build_social_report(report_id=report.pk)

    report.refresh_from_db()
    assert report_module.calls[0]["scope"].organisation_ids == {world.a.pk}
    assert report.organisation_ids == [world.a.pk]


def test_a_refusal_while_writing_fails_the_report_at_once(
    world: PlanningWorld,
    report_module: StandInReport,
    sent_tasks: SentTasks,
    django_capture_on_commit_callbacks: Any,
    media: Any,
) -> None:
    report_module.fail_with = DomainError("Nothing to report.", code="empty")
    with django_capture_on_commit_callbacks(execute=True):
        report = ask(world)

    sent_tasks.run_inline()

    report.refresh_from_db()
    assert (report.status, report.error) == (SocialReport.Status.FAILED, "Nothing to report.")
    assert len(report_module.calls) == 1  # bad data is not retried


def test_a_crash_while_writing_is_retried_a_little_then_fails_the_report(
    world: PlanningWorld,
    report_module: StandInReport,
    sent_tasks: SentTasks,
    django_capture_on_commit_callbacks: Any,
    media: Any,
) -> None:
    report_module.fail_with = ValueError("bug")
    with django_capture_on_commit_callbacks(execute=True):
        report = ask(world)

    with pytest.raises(ValueError, match="bug"):
        sent_tasks.run_inline()

    report.refresh_from_db()
    assert report.status == SocialReport.Status.FAILED
    assert "bug" in report.error
    assert not report.pdf_file
    assert len(report_module.calls) == 1 + jobs.BUILD_SOCIAL_REPORT.retries_on_error


# -- reports_for and is_current -----------------------------------------------------------------


def test_a_planner_of_the_region_sees_its_reports_newest_first(world: PlanningWorld) -> None:
    first = ask(world, "de")
    second = ask(world, "fr")
    colleague = make_planner(world.region)

    assert list(services.reports_for(colleague, world.region.pk)) == [second, first]


def test_a_withdrawn_agreement_hides_the_reports_that_counted_the_organisation(
    world: PlanningWorld,
) -> None:
    ask(world)

    withdraw(world.agreement_b)

    assert list(services.reports_for(world.planner, world.region.pk)) == []


def test_nobody_outside_the_region_sees_its_reports(world: PlanningWorld) -> None:
    ask(world)
    elsewhere, _municipalities = make_region_with_municipalities("Anderer Kreis")
    stranger = make_planner(elsewhere)

    assert list(services.reports_for(stranger, world.region.pk)) == []


def test_a_coordinator_does_not_see_a_report_counting_other_organisations(
    world: PlanningWorld,
) -> None:
    ask(world)
    coordinator = make_coordinator(organisation=world.a)

    assert list(services.reports_for(coordinator, world.region.pk)) == []


def test_a_report_is_current_for_a_week_after_it_is_written(world: PlanningWorld) -> None:
    report = ask(world)
    now = timezone.now()
    report.status = SocialReport.Status.DONE
    report.finished_at = now - dt.timedelta(days=6)

    assert services.is_current(report, now=now)
    assert not services.is_current(report, now=now + dt.timedelta(days=2))
    report.status = SocialReport.Status.FAILED
    assert not services.is_current(report, now=now)


# -- the sweep ----------------------------------------------------------------------------------


def test_the_sweep_sends_again_a_report_whose_message_was_lost(
    world: PlanningWorld, sent_tasks: SentTasks, django_capture_on_commit_callbacks: Any
) -> None:
    report = ask(world)
    later = report.requested_at + services.REPORT_STALLED_AFTER + dt.timedelta(seconds=1)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.sweep_social_reports(now=later) == 1

    assert sent_tasks.named(jobs.BUILD_SOCIAL_REPORT)[-1] == (report.pk,)


def test_the_sweep_leaves_a_fresh_report_alone(world: PlanningWorld) -> None:
    report = ask(world)

    assert services.sweep_social_reports(now=report.requested_at + dt.timedelta(minutes=1)) == 0


def test_the_sweep_gives_up_on_a_report_waiting_for_hours(world: PlanningWorld) -> None:
    report = ask(world)
    much_later = report.requested_at + services.REPORT_GIVE_UP_AFTER + dt.timedelta(seconds=1)

    services.sweep_social_reports(now=much_later)

    report.refresh_from_db()
    assert report.status == SocialReport.Status.FAILED
