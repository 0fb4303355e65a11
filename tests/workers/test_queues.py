"""Which queue each task goes to, and that the workers consume them: an instant match must not
wait behind a burst of notices.

The routing is read from the app's configuration (no broker); one test runs the split of
docker-compose.yml with real worker processes on Redis.
"""

import json
import os
import subprocess
import sys

import pytest
import redis
from django.conf import settings

from lisko.appointments.models import Appointment, Assignment
from lisko.appointments.services import request_interpreter
from lisko.clients.models import Client
from lisko.core.jobs import QUEUE_OF_TASK, queue_names
from lisko.notifications.models import Notification
from lisko.places.models import Municipality
from tests.conftest import Personas
from tests.lisko.matchingruns.conftest import make_interpreter, make_request
from tests.workers.conftest import ROOT, WorkerProcess, wait_until
from workers import tasks  # noqa: F401  (registers the tasks with the app)
from workers.celery import app
from workers.schedule import BEAT_SCHEDULE

# Every task and the queue it belongs on: "" is the default queue.
EXPECTED = {
    "lisko.dispatch.match_request": "matching",
    "lisko.matching.run": "matching",
    "lisko.matching.solve_part": "matching",
    "lisko.notify.tell": "notices",
    "lisko.sweep.notices": "notices",
    "lisko.sweep.reminders": "notices",
    "lisko.welcome.send_invitation": "notices",
    "lisko.matching.schedule": "",
    "lisko.sweep.expire_offers": "",
    "lisko.sweep.stuck": "",
    "lisko.ping": "",
    "lisko.dataprotection.build_export": "",
    "lisko.dataprotection.enforce_retention": "",
    "lisko.planning.build_social_report": "",
    "lisko.planning.keep_figures": "",
}


def queue_of(purpose: str, default_queue: str) -> str:
    return f"{default_queue}.{purpose}" if purpose else default_queue


@pytest.mark.parametrize(("task", "purpose"), EXPECTED.items())
def test_each_task_is_routed_to_the_queue_of_what_it_is_for(task: str, purpose: str) -> None:
    default_queue = app.conf.task_default_queue

    route = app.amqp.router.route({}, task)

    assert route["queue"].name == queue_of(purpose, default_queue)


def test_every_task_has_its_queue_decided_here() -> None:
    registered = {name for name in app.tasks if name.startswith("lisko.")}

    assert registered == set(EXPECTED)
    assert set(QUEUE_OF_TASK) <= registered
    assert {entry["task"] for entry in BEAT_SCHEDULE.values()} <= registered


def test_a_worker_started_without_queues_consumes_all_three() -> None:
    default_queue = settings.CELERY_TASK_DEFAULT_QUEUE

    assert [queue.name for queue in app.conf.task_queues] == queue_names(default_queue)
    assert queue_names(default_queue) == [
        default_queue,
        f"{default_queue}.matching",
        f"{default_queue}.notices",
    ]


def test_the_default_queue_is_the_one_everything_used_to_go_to() -> None:
    # Tasks left there by a version with a single queue are still consumed and run.
    default_queue = app.amqp.queues[settings.CELERY_TASK_DEFAULT_QUEUE]

    assert default_queue.name == settings.CELERY_TASK_DEFAULT_QUEUE
    assert default_queue.exchange.name == settings.CELERY_TASK_DEFAULT_QUEUE
    assert default_queue.exchange.type == "direct"
    assert default_queue.routing_key == settings.CELERY_TASK_DEFAULT_QUEUE


def test_the_web_process_routes_alike_without_loading_the_workers_package() -> None:
    # The web and API processes send through lisko.core.jobs and never import workers/.
    script = (
        "import json, sys\n"
        "import django\n"
        "django.setup()\n"
        "from lisko.core.jobs import _app\n"
        "sender = _app()\n"
        "assert 'workers' not in sys.modules and sender.main == 'lisko'\n"
        "routes = {n: sender.amqp.router.route({}, n)['queue'].name for n in sys.argv[1:]}\n"
        "print(json.dumps(routes))\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", script, *EXPECTED],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "lisko.settings"},
        capture_output=True,
        text=True,
        check=False,
    )

    assert completed.returncode == 0, completed.stderr
    default_queue = settings.CELERY_TASK_DEFAULT_QUEUE
    assert json.loads(completed.stdout.splitlines()[-1]) == {
        task: queue_of(purpose, default_queue) for task, purpose in EXPECTED.items()
    }


@pytest.mark.worker
@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_matching_worker_makes_offers_while_notices_wait_for_their_own_worker(
    worker_queue: str,
    personas: Personas,
    client_of_sofia: Client,
    luxembourg: Municipality,
) -> None:
    default_queue, matching, notices = queue_names(worker_queue)
    make_interpreter(
        organisation=personas.organisation,
        language=client_of_sofia.preferred_language,
        home=luxembourg,
        user=personas.interpreter,
    )
    # The compose `worker` service: matching and the default queue, no notices.
    worker = WorkerProcess(queue=worker_queue, consumes=[default_queue, matching])
    notices_worker = WorkerProcess(queue=worker_queue, consumes=[notices])
    shared = redis.Redis.from_url(settings.REDIS_URL)
    try:
        worker.log_path.write_bytes(b"")
        worker.start()
        asked = make_request(client=client_of_sofia, days=3, status=Appointment.Status.DRAFT)
        request_interpreter(appointment=asked, by=personas.social_worker)
        # A match left in the default queue by a version with one queue for everything.
        left_over = make_request(client=client_of_sofia, days=5)
        app.send_task("lisko.dispatch.match_request", args=[left_over.pk], queue=default_queue)

        def offered() -> bool:
            return (
                Assignment.objects.filter(
                    appointment__in=[asked, left_over], state=Assignment.State.OFFERED
                ).count()
                == 2
            )

        wait_until(offered, message=worker.log_tail())
        wait_until(lambda: shared.llen(notices) == 2, message=worker.log_tail())
        assert not Notification.objects.filter(recipient=personas.interpreter).exists()

        # The compose `notices` service.
        notices_worker.log_path.write_bytes(b"")
        notices_worker.start()
        told = Notification.objects.filter(recipient=personas.interpreter, kind="new_offer")
        wait_until(lambda: told.count() == 2, message=notices_worker.log_tail())
        assert b"Task lisko.notify.tell[" not in worker.log_path.read_bytes()
    finally:
        notices_worker.stop()
        worker.stop()
        shared.close()
