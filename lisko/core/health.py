from django.conf import settings
from kombu import Connection


def broker_reachable(timeout_s: float = 2.0) -> bool:
    """True when the Celery broker accepts a connection."""
    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=timeout_s) as connection:
            connection.ensure_connection(max_retries=1, timeout=timeout_s)
        return True
    except Exception:
        return False
