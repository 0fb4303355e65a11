"""Beat entries: periodic sweeps. Only one beat process runs (see docker-compose.yml and
docs/workflow.md); every entry is safe to run twice should two beats ever overlap."""

from celery.schedules import crontab
from django.conf import settings

from lisko.core import jobs

# Each entry expires before its next run: a beat message nobody took in time is dropped,
# not piled up behind a dead worker.
BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    "ping-every-5-minutes": {"task": jobs.PING.name, "schedule": crontab(minute="*/5")},
    "expire-offers-every-minute": {
        "task": jobs.EXPIRE_OFFERS.name,
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    "sweep-stuck-every-minute": {
        "task": jobs.SWEEP_STUCK.name,
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    "notices-every-minute": {
        "task": jobs.SEND_DUE_NOTICES.name,
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    "reminders-every-15-minutes": {
        "task": jobs.SEND_REMINDERS.name,
        "schedule": crontab(minute="*/15"),
        "options": {"expires": 14 * 60},
    },
    "retention-nightly": {
        "task": jobs.ENFORCE_RETENTION.name,
        "schedule": crontab(hour="3", minute="30"),
        "options": {"expires": 3600},
    },
    # Sooner than the planning figures kept ready grow too old to be shown.
    "planning-figures": {
        "task": jobs.KEEP_PLANNING_FIGURES.name,
        "schedule": 60.0 * settings.LISKO_PLANNING_REFRESH_MINUTES,
        "options": {"expires": 60.0 * settings.LISKO_PLANNING_REFRESH_MINUTES - 5},
    },
    "matching-run-nightly": {
        "task": jobs.SCHEDULE_RUNS.name,
        "schedule": crontab(hour="2", minute="0"),
        "options": {"expires": 3600},
    },
}
