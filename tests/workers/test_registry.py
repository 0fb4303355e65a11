"""The job registry (lisko/core/jobs.py) and the worker's tasks name the same jobs."""

from lisko.core.jobs import JOBS, MATCHING, NOTICES
from workers.celery import app
from workers.schedule import BEAT_SCHEDULE


def test_every_job_in_the_registry_is_a_task_of_the_worker() -> None:
    assert [job.name for job in JOBS if job.name not in app.tasks] == []


def test_every_task_of_lisko_is_in_the_registry() -> None:
    lisko_tasks = {name for name in app.tasks if name.startswith("lisko.")}

    assert lisko_tasks == {job.name for job in JOBS}


def test_the_beat_runs_only_registered_jobs() -> None:
    names = {job.name for job in JOBS}

    assert [entry["task"] for entry in BEAT_SCHEDULE.values() if entry["task"] not in names] == []


def test_each_job_has_a_known_queue() -> None:
    assert {job.queue for job in JOBS} <= {"", MATCHING, NOTICES}
