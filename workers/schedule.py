"""Beat entries: periodic sweeps. Only one beat process runs (see docker-compose.yml)."""

from celery.schedules import crontab

BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    "ping-every-5-minutes": {"task": "lisko.ping", "schedule": crontab(minute="*/5")},
}
