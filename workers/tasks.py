"""Background jobs. Each takes ids, calls one service, and owns its retry policy."""

from celery import shared_task


@shared_task(name="lisko.ping")
def ping() -> str:
    """Answer 'pong': lets health checks and tests prove a worker is consuming."""
    return "pong"
