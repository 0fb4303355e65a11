"""Run the whole system on embedded defaults: migrate, demo data once, web, worker, beat."""

import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from lisko.core.jobs import queue_names
from lisko.demo.loader import DEMO_PASSWORD
from lisko.notifications.vapid import generate_key_pair
from lisko.organisations.models import Organisation

DEMO_LOGINS = [
    ("social worker", "sofia"),
    ("social worker (second)", "marc"),
    ("coordinator", "carla"),
    ("interpreter", "yonas"),
    ("key person", "amina"),
    ("association partner", "paula"),
    ("organisation admin", "ada"),
    ("planner (whole country)", "pia"),
    ("planner (canton of Lucerne)", "lena"),
    ("integration officer (Emmen)", "ines"),
    ("welcome conversations, social worker and coordinator (Emmen)", "selma"),
    ("operator (Django admin)", "operator"),
]


class Command(BaseCommand):
    help = "Run Lisko with demo data: web, a Celery worker and beat, on embedded defaults."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--port", type=int, default=int(os.environ.get("LISKO_DEMO_PORT", 8000))
        )

    def handle(self, *args: Any, port: int, **options: Any) -> None:
        Path(settings.VAR_DIR).mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        if not Organisation.objects.exists():
            self.stdout.write("Loading demo data (first start only)…")
            call_command("seed_demo")
        environment = _demo_environment()
        if environment.get("LISKO_DEBUG") == "false":
            # The production way of serving static files, as the demo runs without debug.
            subprocess.run(
                [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
                env=environment,
                check=True,
            )
        processes = self._start(port, environment)
        try:
            self._wait_until_healthy(port)
            self._print_welcome(port)
            while all(process.poll() is None for process in processes):
                time.sleep(1)
            self.stderr.write("A demo process stopped; stopping the others.")
        except KeyboardInterrupt:
            pass
        finally:
            # A signal during the clean-up must not cut it short and leave the web server and
            # workers running (`_interrupt` already ignores them after the first).
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            for process in processes:
                if process.poll() is None:
                    process.terminate()
            for process in processes:
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()

    def _start(self, port: int, environment: dict[str, str]) -> list[subprocess.Popen[bytes]]:
        # SIGTERM from the outside (the smoke test, a container stop) becomes a clean shutdown.
        signal.signal(signal.SIGTERM, _interrupt)
        # Ctrl+C too, also where a shell started the demo in the background and ignores it.
        signal.signal(signal.SIGINT, _interrupt)
        python = sys.executable
        celery = [python, "-m", "celery", "-A", "workers"]
        # One worker for all three queues (matching, notices, default): it takes from them in
        # turn, so an instant match waits for the tasks already running, not for a backlog.
        queues = ",".join(queue_names(settings.CELERY_TASK_DEFAULT_QUEUE))
        # Each child in a session of its own: Ctrl+C reaches this process only, which then stops
        # them in order, instead of every process printing its own traceback.
        options: dict[str, Any] = {"env": environment, "start_new_session": True}
        return [
            subprocess.Popen(
                [
                    python,
                    "manage.py",
                    "runserver",
                    f"127.0.0.1:{port}",
                    "--noreload",
                    "--skip-checks",
                ],
                **options,
            ),
            subprocess.Popen(
                [*celery, "worker", "--loglevel", "INFO", "--concurrency", "2", "--queues", queues],
                **options,
            ),
            subprocess.Popen(
                [
                    *celery,
                    "beat",
                    "--loglevel",
                    "INFO",
                    "--schedule",
                    str(Path(settings.VAR_DIR) / "beat-schedule"),
                ],
                **options,
            ),
        ]

    def _wait_until_healthy(self, port: int) -> None:
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=3):
                    return
            except OSError:
                time.sleep(0.5)
        raise RuntimeError("The web process did not answer /healthz within a minute.")

    def _print_welcome(self, port: int) -> None:
        url = f"http://127.0.0.1:{port}/"
        lines = [
            "",
            f"Lisko is running at {url}  (organisation admin: {url}organisation/, "
            f"planning: {url}planning/, operator: {url}admin/, API: {url}api/docs/)",
            f"Log in with password '{DEMO_PASSWORD}' as:",
            *(f"  {role:<24} {username}" for role, username in DEMO_LOGINS),
            "Every other person of the demo signs in the same way; an offer goes to the",
            f"interpreter the matcher chose, whose user name the pool page ({url}pool/)",
            "shows to the coordinator.",
            "Stop with Ctrl+C.",
            "",
        ]
        self.stdout.write("\n".join(lines))


def _interrupt(signum: int, frame: object) -> None:
    # Deaf to any further signal from here on, before the clean-up starts: `make` passes the
    # SIGTERM of the process group on to this process at once, and a second KeyboardInterrupt
    # raised before the `finally` block began left the worker and beat running (seen after the
    # smoke test of a clean-clone CI run).
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    raise KeyboardInterrupt


def _demo_environment() -> dict[str, str]:
    """The demo's processes run as production does (no debug pages that list every URL), over
    plain HTTP on this machine, with a secret key of their own kept in the var directory.
    `LISKO_DEBUG=true make demo` brings Django's debug pages back."""
    environment = dict(os.environ)
    # The demo's clients have made-up numbers that may well be real: texts go to the log only.
    environment["LISKO_SMS_BACKEND"] = "console"
    if "LISKO_DEBUG" in environment:
        return environment
    key_file = Path(settings.VAR_DIR) / "demo-secret-key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    vapid_file = Path(settings.VAR_DIR) / "demo-vapid-keys"
    if not vapid_file.exists():
        vapid_file.write_text("\n".join(generate_key_pair()))
        vapid_file.chmod(0o600)
    vapid_private, vapid_public = vapid_file.read_text().split("\n")
    environment.update(
        {
            "LISKO_DEBUG": "false",
            # Push to the interpreters' phones works in the demo too (on localhost browsers
            # allow it over plain HTTP).
            "LISKO_VAPID_PRIVATE_KEY": environment.get("LISKO_VAPID_PRIVATE_KEY", vapid_private),
            "LISKO_VAPID_PUBLIC_KEY": environment.get("LISKO_VAPID_PUBLIC_KEY", vapid_public),
            "LISKO_SECRET_KEY": environment.get("LISKO_SECRET_KEY") or key_file.read_text(),
            "LISKO_SSL_REDIRECT": "false",
            "LISKO_SECURE_COOKIES": "false",
            "LISKO_HSTS_SECONDS": "0",
            # No mail server on a laptop: the worker prints e-mails to its log instead.
            "LISKO_EMAIL_BACKEND": environment.get(
                "LISKO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
            ),
        }
    )
    return environment
