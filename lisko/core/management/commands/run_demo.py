"""Run the whole system on embedded defaults: migrate, demo data once, web, worker, beat."""

import os
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
from lisko.organisations.models import Organisation

DEMO_PASSWORD = "lisko-demo"
DEMO_LOGINS = [
    ("social worker", "sofia"),
    ("social worker (second)", "marc"),
    ("coordinator", "carla"),
    ("interpreter", "yonas"),
    ("key person", "amina"),
    ("association partner", "paula"),
    ("organisation admin", "ada"),
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
        processes = self._start(port)
        try:
            self._wait_until_healthy(port)
            self._print_welcome(port)
            while all(process.poll() is None for process in processes):
                time.sleep(1)
            self.stderr.write("A demo process stopped; stopping the others.")
        except KeyboardInterrupt:
            pass
        finally:
            for process in processes:
                if process.poll() is None:
                    process.terminate()
            for process in processes:
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()

    def _start(self, port: int) -> list[subprocess.Popen[bytes]]:
        # SIGTERM from the outside (the smoke test, a container stop) becomes a clean shutdown.
        signal.signal(signal.SIGTERM, _interrupt)
        python = sys.executable
        celery = [python, "-m", "celery", "-A", "workers"]
        # One worker for all three queues (matching, notices, default): it takes from them in
        # turn, so an instant match waits for the tasks already running, not for a backlog.
        queues = ",".join(queue_names(settings.CELERY_TASK_DEFAULT_QUEUE))
        return [
            subprocess.Popen(
                [
                    python,
                    "manage.py",
                    "runserver",
                    f"127.0.0.1:{port}",
                    "--noreload",
                    "--skip-checks",
                ]
            ),
            subprocess.Popen(
                [*celery, "worker", "--loglevel", "INFO", "--concurrency", "2", "--queues", queues]
            ),
            subprocess.Popen(
                [
                    *celery,
                    "beat",
                    "--loglevel",
                    "INFO",
                    "--schedule",
                    str(Path(settings.VAR_DIR) / "beat-schedule"),
                ]
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
            f"Lisko is running at {url}  (admin: {url}admin/, API: {url}api/docs/)",
            f"Log in with password '{DEMO_PASSWORD}' as:",
            *(f"  {role:<24} {username}" for role, username in DEMO_LOGINS),
            "Stop with Ctrl+C.",
            "",
        ]
        self.stdout.write("\n".join(lines))


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
