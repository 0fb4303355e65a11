"""The Celery app. Tasks are thin (ids in, one service call); state lives in the database."""

import os

from celery import Celery

from lisko.core.jobs import route_to_queues

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lisko.settings")

app = Celery("lisko")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.update(
    task_serializer="json",
    accept_content=["json"],
    result_serializer="json",
    # A task is acknowledged only after it ran, and handed back if its worker dies mid-way:
    # the database makes running it twice harmless.
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    task_time_limit=15 * 60,
    task_soft_time_limit=14 * 60,
    broker_connection_retry_on_startup=True,
    result_expires=24 * 3600,
    timezone=os.environ.get("LISKO_TIME_ZONE", "Europe/Luxembourg"),
)
if app.conf.broker_url.startswith("sqla+"):
    # The embedded broker is a table that is polled: look often, so a demo click feels instant.
    # Set on the transport, not as a broker transport option: kombu's SQLAlchemy transport hands
    # its options to create_engine(), which refuses `polling_interval` and stops the worker.
    from kombu.transport.sqlalchemy import Transport as SQLTransport

    SQLTransport.polling_interval = 0.2
if app.conf.broker_url.startswith("redis"):
    # Above the longest task, so a slow task is never redelivered while still running.
    app.conf.broker_transport_options = {"visibility_timeout": 60 * 60}
    app.conf.result_backend_transport_options = {"retry_policy": {"timeout": 5.0}}
# Three queues, by what a task is for (lisko/core/jobs.py: QUEUE_OF_TASK): "<default>.matching"
# (what runs the optimiser), "<default>.notices" (notices, e-mails, reminders) and the default
# queue (the rest). The web process sends through the same table; a worker started without
# --queues consumes all three (docker-compose.yml splits them over two services).
route_to_queues(app)
app.autodiscover_tasks(["workers"])

from workers.schedule import BEAT_SCHEDULE  # noqa: E402  (after the app exists)

app.conf.beat_schedule = BEAT_SCHEDULE
