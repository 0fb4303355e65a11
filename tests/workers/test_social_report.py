"""The social report, written by a real worker process from Redis: asked for through the
service, built with lisko/planning/report.py, stored as PDF, with its progress on the way."""

import pytest

from lisko.clients.models import Client
from lisko.organisations.models import Membership, Role
from lisko.planning.models import SocialReport
from lisko.planning.scope import default_period, scope_for
from lisko.planning.services import request_social_report
from tests.factories.core import ClientFactory, LanguageFactory, make_social_worker
from tests.factories.planning import PlanningWorld, make_planning_world
from tests.workers.conftest import WorkerProcess, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.redis, pytest.mark.postgres]
FINISHED = (SocialReport.Status.DONE, SocialReport.Status.FAILED)


@pytest.fixture
def world() -> PlanningWorld:
    world = make_planning_world()
    arabic = LanguageFactory(code="ara")
    for organisation in (world.a, world.b, world.c):
        social_worker = make_social_worker(organisation)
        for municipality in world.municipalities:
            for _ in range(6):
                ClientFactory(
                    organisation=organisation,
                    municipality=municipality,
                    preferred_language=arabic,
                    social_worker=social_worker,
                )
    return world


def ask(world: PlanningWorld) -> SocialReport:
    scope = scope_for(world.planner, world.region.pk, default_period())
    return request_social_report(by=world.planner, scope=scope, language="de")


def finished(report: SocialReport) -> bool:
    report.refresh_from_db()
    return report.status in FINISHED


@pytest.mark.django_db(transaction=True)
def test_the_worker_writes_the_report_as_pdf_and_reports_its_progress(
    celery_worker_process: WorkerProcess, world: PlanningWorld
) -> None:
    report = ask(world)

    wait_until(
        lambda: finished(report),
        timeout_s=120,
        message=f"The report was not written:\n{celery_worker_process.log_tail()}",
    )

    assert report.status == SocialReport.Status.DONE, report.error
    assert report.steps_total > 0 and report.steps_done == report.steps_total
    assert report.finished_at is not None
    try:
        with report.pdf_file.open("rb") as pdf:
            assert pdf.read(5) == b"%PDF-"
    finally:
        report.pdf_file.delete(save=False)
    assert Client.objects.count() == 54  # C's third never counted, but it was there


@pytest.mark.django_db(transaction=True)
def test_the_worker_writes_no_report_for_a_requester_who_lost_the_role(
    celery_worker_process: WorkerProcess, world: PlanningWorld
) -> None:
    # The worker may pick the job up at once: take the role away in the same breath, by
    # holding the job back until the role is gone.
    from django.db import transaction

    with transaction.atomic():
        report = ask(world)
        Membership.objects.filter(user=world.planner, role=Role.PLANNER).delete()

    wait_until(
        lambda: finished(report),
        timeout_s=60,
        message=f"The report was not finished:\n{celery_worker_process.log_tail()}",
    )

    assert report.status == SocialReport.Status.FAILED
    assert not report.pdf_file
