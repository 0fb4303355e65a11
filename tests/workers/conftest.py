"""A real Celery worker process for the tests that depend on one.

The worker is a separate OS process, consuming from Redis and writing to the same PostgreSQL
test database as the test (so those tests use `transaction=True`: the worker must see commits).
Each test gets its own default queue, and with it its own matching and notices queues (their
names hang off the default one), so parallel runs on one Redis never steal each other's work. A
worker consumes all three unless told otherwise, as a worker started without --queues does.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import psutil
import pytest
import redis
from django.conf import settings
from django.db import connection

from lisko.core.jobs import queue_names
from workers.celery import app

ROOT = Path(__file__).resolve().parents[2]


class WorkerProcess:
    """One `celery worker` OS process; can be killed hard and started again.

    `queue` is the default queue of the test (LISKO_CELERY_QUEUE); the worker consumes
    `consumes`, by default every queue of that test."""

    def __init__(
        self,
        *,
        queue: str,
        consumes: Sequence[str] = (),
        concurrency: int = 2,
        redis_url: str = "",
        **environment: str,
    ) -> None:
        self.queue = queue
        self.consumes = list(consumes) or queue_names(queue)
        self.concurrency = concurrency
        self.redis_url = redis_url or settings.REDIS_URL
        self.extra_environment = environment
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path = Path(settings.VAR_DIR) / f"worker-{'+'.join(self.consumes)}.log"

    def environment(self) -> dict[str, str]:
        database = connection.settings_dict
        url = (
            f"postgres://{database['USER'] or 'postgres'}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        )
        return {
            **os.environ,
            "DATABASE_URL": url,
            "REDIS_URL": self.redis_url,
            "LISKO_CELERY_QUEUE": self.queue,
            "PYTHONUNBUFFERED": "1",
            **self.extra_environment,
        }

    def start(self) -> None:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "workers",
                "worker",
                "--loglevel",
                "INFO",
                "--concurrency",
                str(self.concurrency),
                "--queues",
                ",".join(self.consumes),
                "--hostname",
                f"test-{uuid.uuid4().hex[:8]}@%h",
                "--without-gossip",
                "--without-mingle",
            ],
            cwd=ROOT,
            env=self.environment(),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.wait_until_consuming()

    def wait_until_consuming(self, timeout_s: float = 60) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.log_path.exists() and b" ready." in self.log_path.read_bytes():
                return
            assert self.process is not None and self.process.poll() is None, self.log_tail()
            time.sleep(0.2)
        raise AssertionError(f"The worker did not start in {timeout_s} s:\n{self.log_tail()}")

    def kill_hard(self) -> None:
        """SIGKILL the whole process group: the main process and its pool children, mid-task."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self.log_path.write_bytes(b"")  # so the next start waits for its own "ready"

    def kill_pool_children(self) -> int:
        """SIGKILL the pool's child processes (the tasks they run die mid-way); the main
        process stays, hands their messages back to the broker, and forks new children."""
        assert self.process is not None
        children = psutil.Process(self.process.pid).children(recursive=True)
        for child in children:
            child.send_signal(signal.SIGKILL)
        return len(children)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def log_tail(self, lines: int = 40) -> str:
        if not self.log_path.exists():
            return "(no worker log)"
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


@pytest.fixture(autouse=True)
def _background_jobs_on(settings: Any) -> None:
    """Here a worker listens, so services may enqueue (tests/conftest.py turns jobs off)."""
    settings.LISKO_JOBS_ENABLED = True


@pytest.fixture
def worker_queue() -> Iterator[str]:
    """A default queue of this test's own (and its matching and notices queues); the test
    process publishes to them."""
    if not settings.REDIS_URL:
        pytest.fail("Worker tests need Redis: set REDIS_URL.")
    queue = f"lisko-test-{uuid.uuid4().hex[:10]}"
    previous = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    yield queue
    app.conf.task_default_queue = previous
    # Leave nothing behind in the shared Redis: what is still queued was only ever for this test.
    shared = redis.Redis.from_url(settings.REDIS_URL)
    for name in queue_names(queue):
        shared.delete(name, f"_kombu.binding.{name}", f"_kombu.binding_permanent.{name}")
    shared.close()


@pytest.fixture
def celery_worker_process(worker_queue: str, transactional_db: None) -> Iterator[WorkerProcess]:
    """A running worker process consuming this test's queues."""
    worker = WorkerProcess(queue=worker_queue)
    worker.log_path.write_bytes(b"")
    worker.start()
    yield worker
    worker.stop()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PrivateRedis:
    """A redis-server of this test's own (append-only file on), so it can be restarted without
    disturbing the shared Redis other tests use."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
                "--dir",
                str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        raise AssertionError("The private redis-server did not start.")

    def kill_pool_children(self) -> int:
        """SIGKILL the pool's child processes (the tasks they run die mid-way); the main
        process stays, hands their messages back to the broker, and forks new children."""
        assert self.process is not None
        children = psutil.Process(self.process.pid).children(recursive=True)
        for child in children:
            child.send_signal(signal.SIGKILL)
        return len(children)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()  # SIGTERM: Redis flushes its append-only file and exits
            self.process.wait(timeout=10)

    def restart(self) -> None:
        self.stop()
        self.start()


@pytest.fixture
def private_redis(tmp_path: Path, worker_queue: str) -> Iterator[PrivateRedis]:
    """A private Redis that this test's process publishes to (broker and result store)."""
    redis = PrivateRedis(tmp_path)
    redis.start()
    previous = (app.conf.broker_url, app.conf.result_backend)
    app.conf.broker_url = redis.url
    app.conf.result_backend = redis.url
    reset_connections()
    yield redis
    app.conf.broker_url, app.conf.result_backend = previous
    reset_connections()
    redis.stop()


def reset_connections() -> None:
    """Forget the app's broker connections, so the next publish uses the current broker_url.

    The pools are not closed: kombu keeps them in a registry by URL, and a closed one would be
    handed out again when the shared Redis is used after this test.
    """
    app._pool = None
    app.amqp._producer_pool = None
    app._local.__dict__.pop("backend", None)


# The domain fixtures the workflow tests share with tests/lisko/.
from tests.lisko.conftest import arabic, client_of_sofia, luxembourg  # noqa: E402, F401


def wait_until(
    predicate: Callable[[], bool], *, timeout_s: float = 60, message: str = "", tick: float = 0.2
) -> float:
    """Poll until `predicate()` holds; returns the seconds it took."""
    started = time.monotonic()
    while not predicate():
        if time.monotonic() - started > timeout_s:
            raise AssertionError(message or f"Not reached in {timeout_s} s")
        time.sleep(tick)
    return time.monotonic() - started
