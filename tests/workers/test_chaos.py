"""Kill -9 the worker in the middle of batch runs, again and again: nothing is lost.

CI runs a few kills; `scripts/chaos_worker.py` runs this test with LISKO_CHAOS_KILLS=20 (or
more) and prints the figures reported in docs/workflow.md. The test plays the beat: after each
restart it runs the sweep, which is what finds the work a dead worker held (Redis would only
hand an unacknowledged message back after its visibility timeout, an hour).
"""

import datetime as dt
import json
import os
import random
import time
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from lisko.appointments.models import Appointment, Assignment
from lisko.appointments.services import accept_offer
from lisko.core.errors import DomainError
from lisko.interpreters.models import Interpreter
from lisko.matchingruns.batch import request_matching_run
from lisko.matchingruns.models import MatchingRun
from lisko.matchingruns.sweeps import sweep_stuck
from lisko.organisations.models import Organisation
from tests.conftest import Personas
from tests.factories.core import ClientFactory, LanguageFactory, MunicipalityFactory, make_member
from tests.lisko.matchingruns.conftest import make_interpreter, make_request
from tests.workers.conftest import WorkerProcess, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.redis, pytest.mark.postgres]
Status = Appointment.Status
FINAL = (Status.OFFERED, Status.CONFIRMED, Status.UNFILLED)
LANGUAGES = ("ara", "tir", "ukr", "prs")
# Every n-th kill takes the whole worker down; the others kill its pool processes.
WHOLE_WORKER_EVERY = 4


def build_pool(organisation: Organisation, rng: random.Random) -> None:
    places = [
        MunicipalityFactory(name="Luxembourg"),
        MunicipalityFactory(name="Mersch", latitude=49.7489, longitude=6.1061),
        MunicipalityFactory(name="Esch-sur-Alzette", latitude=49.4958, longitude=5.9806),
    ]
    for number in range(16):
        make_interpreter(
            organisation=organisation,
            language=LanguageFactory(code=LANGUAGES[number % len(LANGUAGES)]),
            home=rng.choice(places),
            user=make_member(organisation=organisation, role="interpreter"),
            weekly_minutes_limit=rng.choice([240, 480, None]),
        )


def add_requests(personas: Personas, count: int, rng: random.Random) -> list[int]:
    ids = []
    for _ in range(count):
        client = ClientFactory(
            organisation=personas.organisation,
            social_worker=personas.social_worker,
            municipality=MunicipalityFactory(name="Luxembourg"),
            preferred_language=LanguageFactory(code=rng.choice(LANGUAGES)),
        )
        ids.append(make_request(client=client, days=rng.randint(1, 13), hour=rng.randint(8, 17)).pk)
    return ids


def double_bookings() -> int:
    """Pairs of accepted assignments of one interpreter whose blocked times overlap."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(*) FROM appointments_assignment a JOIN appointments_assignment b
              ON a.interpreter_id = b.interpreter_id AND a.id < b.id
             WHERE a.state = 'accepted' AND b.state = 'accepted'
               AND a.blocked_from < b.blocked_until AND b.blocked_from < a.blocked_until
            """
        )
        return int(cursor.fetchone()[0])


@pytest.mark.django_db(transaction=True)
def test_killing_the_worker_during_batch_runs_loses_nothing(
    celery_worker_process: WorkerProcess, personas: Personas
) -> None:
    kills = int(os.environ.get("LISKO_CHAOS_KILLS", "4"))
    rng = random.Random(int(os.environ.get("LISKO_CHAOS_SEED", "1")))
    build_pool(personas.organisation, rng)
    requests: list[int] = []
    runs: list[int] = []
    recoveries: list[float] = []
    re_enqueued = 0
    started = time.monotonic()
    whole_worker_kills = 0
    restarted = time.monotonic()
    for number in range(kills):
        # A fresh batch of requests and a run over them, killed at a random moment.
        requests += add_requests(personas, 8, rng)
        runs.append(request_matching_run(organisation=personas.organisation, by=None).pk)
        time.sleep(rng.uniform(0.2, 2.0))
        restarted = time.monotonic()
        if number % WHOLE_WORKER_EVERY == WHOLE_WORKER_EVERY - 1:
            # The machine dies: the whole worker, main process and children, SIGKILLed.
            celery_worker_process.kill_hard()
            celery_worker_process.start()
            whole_worker_kills += 1
            recoveries.append(time.monotonic() - restarted)
            report = sweep_stuck(stalled=dt.timedelta(0))
            re_enqueued += report.parts_enqueued + report.requests_enqueued + report.runs_resumed
        else:
            # A pool process dies mid-task (say, the OOM killer): its message is handed back.
            celery_worker_process.kill_pool_children()

    def settled() -> bool:
        nonlocal re_enqueued
        done = (
            not MatchingRun.objects.filter(
                pk__in=runs, status__in=(MatchingRun.Status.QUEUED, MatchingRun.Status.RUNNING)
            ).exists()
            and not Appointment.objects.filter(pk__in=requests).exclude(status__in=FINAL).exists()
        )
        if not done:  # the beat's sweep, every few seconds
            report = sweep_stuck(stalled=dt.timedelta(seconds=3))
            re_enqueued += report.parts_enqueued + report.requests_enqueued + report.runs_resumed
        return done

    last_restart = time.monotonic()
    settle_s = wait_until(
        settled, timeout_s=180, tick=1.0, message=celery_worker_process.log_tail()
    )

    # Every request reached a final state, with at most one offer open at a time.
    statuses = dict(Appointment.objects.filter(pk__in=requests).values_list("pk", "status"))
    assert set(statuses.values()) <= set(FINAL)
    for appointment_id in requests:
        open_offers = Assignment.objects.filter(
            appointment_id=appointment_id, state__in=Assignment.OPEN_STATES
        ).count()
        assert open_offers <= 1, appointment_id
    # Every interpreter accepts everything offered: the database lets no one be booked twice.
    refused = 0
    for offer in Assignment.objects.filter(
        appointment_id__in=requests, state=Assignment.State.OFFERED
    ).select_related("interpreter__user", "appointment"):
        interpreter: Interpreter = offer.interpreter
        assert interpreter.user is not None
        try:
            accept_offer(assignment=offer, by=interpreter.user)
        except DomainError as error:
            assert error.code == "double_booked"
            refused += 1
    assert double_bookings() == 0
    run_statuses = list(MatchingRun.objects.filter(pk__in=runs).values_list("status", flat=True))
    figures = {
        "kills": kills,
        "whole_worker_kills": whole_worker_kills,
        "pool_process_kills": kills - whole_worker_kills,
        "runs": len(runs),
        "runs_done": run_statuses.count(MatchingRun.Status.DONE),
        "runs_failed_and_requeued": run_statuses.count(MatchingRun.Status.FAILED),
        "requests": len(requests),
        "offered": sum(1 for status in statuses.values() if status == Status.OFFERED),
        "unfilled": sum(1 for status in statuses.values() if status == Status.UNFILLED),
        "re_enqueued_by_sweep": re_enqueued,
        "accepts_refused_as_double_booking": refused,
        "double_bookings": double_bookings(),
        "worker_restart_s_mean": round(sum(recoveries) / max(1, len(recoveries)), 2),
        "settle_after_last_kill_s": round(settle_s + (last_restart - restarted), 2),
        "total_s": round(time.monotonic() - started, 1),
        "at": timezone.now().isoformat(timespec="seconds"),
    }
    print(json.dumps(figures))
    report_path = os.environ.get("LISKO_CHAOS_REPORT")
    if report_path:
        Path(report_path).write_text(json.dumps(figures, indent=2))
