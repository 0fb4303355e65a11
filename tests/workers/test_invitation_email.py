"""Welcome invitation e-mails through a real worker: sent by the job once the invitation is
committed; with the mail server away, the job fails without harm and the e-mail waits, on its
way, for its next try."""

import time
from collections.abc import Iterator

import pytest

from lisko.welcome.models import Channel, InvitationEmail, WelcomeCase
from lisko.welcome.services import invite_newcomer
from tests.conftest import Personas
from tests.factories.core import MunicipalityFactory
from tests.factories.welcome import make_newcomer, make_programme
from tests.workers.conftest import WorkerProcess, free_port, wait_until

pytestmark = [pytest.mark.worker, pytest.mark.redis, pytest.mark.postgres]


@pytest.fixture
def amal(personas: Personas) -> WelcomeCase:
    programme = make_programme(personas.organisation, MunicipalityFactory(name="Emmen"))
    return make_newcomer(
        programme, personas.social_worker, channel=Channel.EMAIL, email="amal@example.org"
    )


def start_worker(queue: str, **environment: str) -> WorkerProcess:
    worker = WorkerProcess(queue=queue, **environment)
    worker.log_path.write_bytes(b"")
    worker.start()
    return worker


@pytest.fixture
def worker_printing_mail(worker_queue: str, transactional_db: None) -> Iterator[WorkerProcess]:
    """A worker whose mail backend prints each message to its log."""
    worker = start_worker(
        worker_queue, LISKO_EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend"
    )
    yield worker
    worker.stop()


@pytest.fixture
def worker_without_mail_server(
    worker_queue: str, transactional_db: None
) -> Iterator[WorkerProcess]:
    """A worker whose SMTP server is a port nobody listens on."""
    worker = start_worker(
        worker_queue,
        LISKO_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        LISKO_EMAIL_HOST="127.0.0.1",
        LISKO_EMAIL_PORT=str(free_port()),
    )
    yield worker
    worker.stop()


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_the_invitation_once_it_is_committed(
    worker_printing_mail: WorkerProcess, personas: Personas, amal: WelcomeCase
) -> None:
    invited = time.monotonic()
    invite_newcomer(case=amal, by=personas.social_worker)
    email = InvitationEmail.objects.get()

    seconds = wait_until(
        lambda: InvitationEmail.objects.filter(pk=email.pk, sent_at__isnull=False).exists(),
        timeout_s=30,
        message=worker_printing_mail.log_tail(),
    )

    took = time.monotonic() - invited
    print(f'{{"invitation_sent_after_s": {took:.3f}, "polled_s": {seconds:.3f}}}')
    email.refresh_from_db()
    assert (email.state, email.attempts) == ("sent", 1)
    assert "To: amal@example.org" in worker_printing_mail.log_path.read_text()


@pytest.mark.django_db(transaction=True)
def test_with_the_mail_server_away_the_invitation_waits_for_its_next_try(
    worker_without_mail_server: WorkerProcess, personas: Personas, amal: WelcomeCase
) -> None:
    invite_newcomer(case=amal, by=personas.social_worker)
    email = InvitationEmail.objects.get()

    wait_until(
        lambda: (
            InvitationEmail.objects.filter(pk=email.pk, attempts=1).exclude(last_error="").exists()
        ),
        timeout_s=30,
        message=worker_without_mail_server.log_tail(),
    )

    email.refresh_from_db()
    assert email.state == "on_its_way"
    assert email.due_at is not None and email.due_at > email.created_at
    assert email.failed_at is None
