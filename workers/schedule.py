"""Beat entries: periodic sweeps. Only one beat process runs (see docker-compose.yml and
docs/workflow.md); every entry is safe to run twice should two beats ever overlap."""

from celery.schedules import crontab

# Each entry expires before its next run: a beat message nobody took in time is dropped,
# not piled up behind a dead worker.
BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    "ping-every-5-minutes": {"task": "lisko.ping", "schedule": crontab(minute="*/5")},
    "expire-offers-every-minute": {
        "task": "lisko.sweep.expire_offers",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    "sweep-stuck-every-minute": {
        "task": "lisko.sweep.stuck",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
    "reminders-every-15-minutes": {
        "task": "lisko.sweep.reminders",
        "schedule": crontab(minute="*/15"),
        "options": {"expires": 14 * 60},
    },
    "matching-run-nightly": {
        "task": "lisko.matching.schedule",
        "schedule": crontab(hour="2", minute="0"),
        "options": {"expires": 3600},
    },
}
