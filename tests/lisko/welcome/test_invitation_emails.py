"""Invitation e-mails are durable: written in the transaction that records the invitation, sent
by a job after the commit, retried with backoff a few times when the mail server is away, given
up at once for an address no retry can mend, and found again by the notices sweep when the job
was lost.

Sofia is a social worker of organisation A, which runs the welcome programme."""

import datetime as dt
import smtplib
from collections.abc import Callable, Iterator, Sequence
from typing import Any, ClassVar

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.utils import timezone

from lisko.core import jobs
from lisko.dataprotection.gathering import client_record
from lisko.dataprotection.services import erase_client
from lisko.welcome import services
from lisko.welcome.models import Channel, InvitationEmail, WelcomeCase, WelcomeProgramme
from tests.conftest import Personas, SentTasks
from tests.factories.core import MunicipalityFactory
from tests.factories.welcome import make_newcomer, make_programme

pytestmark = pytest.mark.django_db


class FailingMailServer(BaseEmailBackend):
    """A mail backend whose server answers every message with `error` (counting the calls)."""

    error: ClassVar[Exception] = smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
    calls: ClassVar[int] = 0

    def send_messages(self, email_messages: Sequence[Any]) -> int:
        type(self).calls += 1
        raise type(self).error


@pytest.fixture
def failing_mail_server(settings: Any) -> Iterator[type[FailingMailServer]]:
    FailingMailServer.calls = 0
    FailingMailServer.error = smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.FailingMailServer"}}
    yield FailingMailServer


@pytest.fixture
def amal(personas: Personas) -> WelcomeCase:
    programme: WelcomeProgramme = make_programme(
        personas.organisation, MunicipalityFactory(name="Emmen")
    )
    return make_newcomer(
        programme, personas.social_worker, channel=Channel.EMAIL, email="amal@example.org"
    )


def invite(personas: Personas, case: WelcomeCase) -> InvitationEmail:
    services.invite_newcomer(case=case, by=personas.social_worker)
    return InvitationEmail.objects.get(case=case)


def test_the_email_is_not_sent_before_the_commit(
    personas: Personas,
    amal: WelcomeCase,
    mailoutbox: list[Any],
    sent_tasks: SentTasks,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        email = invite(personas, amal)
        assert mailoutbox == []
        assert sent_tasks.named(jobs.SEND_INVITATION_EMAIL) == []

    assert sent_tasks.named(jobs.SEND_INVITATION_EMAIL) == [(email.pk,)]
    assert mailoutbox == []
    sent_tasks.run_inline()
    (sent,) = mailoutbox
    assert sent.to == ["amal@example.org"]
    email.refresh_from_db()
    assert (email.state, email.attempts) == ("sent", 1)


def test_an_invitation_rolled_back_leaves_no_email(
    personas: Personas, amal: WelcomeCase, mailoutbox: list[Any]
) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        services.invite_newcomer(case=amal, by=personas.social_worker)
        raise RuntimeError("the surrounding change failed")

    assert not InvitationEmail.objects.exists()
    amal.refresh_from_db()
    assert amal.invited_at is None


def test_the_email_keeps_the_words_of_the_invitation(personas: Personas, amal: WelcomeCase) -> None:
    email = invite(personas, amal)

    invitation = services.invitation_for(case=amal)
    assert (email.to, email.subject, email.body) == (
        "amal@example.org",
        invitation.subject,
        invitation.body,
    )
    assert email.state == "on_its_way"


def test_a_mail_server_that_is_away_is_retried_with_backoff_then_given_up(
    personas: Personas, amal: WelcomeCase, failing_mail_server: type[FailingMailServer]
) -> None:
    email = invite(personas, amal)
    now = timezone.now()

    assert services.send_invitation_email(email_id=email.pk, now=now) is False
    email.refresh_from_db()
    assert email.state == "on_its_way"
    assert email.due_at == now + dt.timedelta(minutes=2)
    assert services.send_due_invitation_emails(now=now + dt.timedelta(minutes=1)) == 0
    later = now
    for _ in range(services.INVITATION_ATTEMPTS + 2):
        later += dt.timedelta(hours=1)
        services.send_due_invitation_emails(now=later)

    email.refresh_from_db()
    assert failing_mail_server.calls == services.INVITATION_ATTEMPTS
    assert (email.state, email.failure) == ("failed", InvitationEmail.Failure.UNAVAILABLE)
    assert email.due_at is None
    assert "Connection unexpectedly closed" in email.last_error


def test_an_email_that_went_through_on_a_retry_is_sent(
    personas: Personas,
    amal: WelcomeCase,
    failing_mail_server: type[FailingMailServer],
    settings: Any,
    mailoutbox: list[Any],
) -> None:
    email = invite(personas, amal)
    services.send_invitation_email(email_id=email.pk)
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}

    assert services.send_due_invitation_emails(now=timezone.now() + dt.timedelta(minutes=3)) == 1
    email.refresh_from_db()
    assert (email.state, email.attempts, email.last_error) == ("sent", 2, "")
    assert len(mailoutbox) == 1


def test_an_address_the_server_refuses_is_given_up_at_once(
    personas: Personas, amal: WelcomeCase, failing_mail_server: type[FailingMailServer]
) -> None:
    failing_mail_server.error = smtplib.SMTPRecipientsRefused(
        {"amal@example.org": (550, b"5.1.1 No such user")}
    )
    email = invite(personas, amal)

    services.send_invitation_email(email_id=email.pk)

    email.refresh_from_db()
    assert (email.attempts, email.state) == (1, "failed")
    assert email.failure == InvitationEmail.Failure.REFUSED


def test_an_address_refused_for_now_is_retried(
    personas: Personas, amal: WelcomeCase, failing_mail_server: type[FailingMailServer]
) -> None:
    failing_mail_server.error = smtplib.SMTPRecipientsRefused(
        {"amal@example.org": (451, b"4.7.1 Try again later")}
    )
    email = invite(personas, amal)

    services.send_invitation_email(email_id=email.pk)

    email.refresh_from_db()
    assert (email.state, email.failure) == ("on_its_way", "")


def test_an_address_that_is_no_address_is_given_up_at_once(
    personas: Personas, amal: WelcomeCase, mailoutbox: list[Any]
) -> None:
    email = invite(personas, amal)
    # An address kept from before addresses were checked.
    InvitationEmail.objects.filter(pk=email.pk).update(to="amal at example")

    services.send_invitation_email(email_id=email.pk)

    email.refresh_from_db()
    assert (email.attempts, email.state) == (1, "failed")
    assert email.failure == InvitationEmail.Failure.REFUSED
    assert mailoutbox == []


def test_an_email_sent_twice_reaches_the_newcomer_once(
    personas: Personas, amal: WelcomeCase, mailoutbox: list[Any]
) -> None:
    email = invite(personas, amal)

    assert services.send_invitation_email(email_id=email.pk) is True
    assert services.send_invitation_email(email_id=email.pk) is False
    assert services.send_due_invitation_emails(now=timezone.now() + dt.timedelta(hours=1)) == 0
    assert len(mailoutbox) == 1


def test_the_sweep_of_the_worker_sends_an_email_whose_job_was_lost(
    personas: Personas, amal: WelcomeCase, mailoutbox: list[Any]
) -> None:
    from workers.celery import app

    # Jobs are off in the tests: the job that would send the e-mail is lost.
    email = invite(personas, amal)
    assert mailoutbox == []

    result = app.tasks[jobs.SEND_DUE_NOTICES.name].apply().get()

    assert result["welcome_invitations"] == 1
    assert len(mailoutbox) == 1
    email.refresh_from_db()
    assert email.state == "sent"


def test_the_send_job_is_a_notice_of_the_worker() -> None:
    assert jobs.SEND_INVITATION_EMAIL.queue == jobs.NOTICES


def test_the_access_export_lists_the_invitation_emails(
    personas: Personas, amal: WelcomeCase
) -> None:
    invite(personas, amal)

    record = client_record(client=amal.client)

    (email,) = record["welcome"]["invitation_emails"]
    assert email["to"] == "amal@example.org"
    assert email["sent_at"] is None


def test_erasing_the_client_erases_the_email_and_stops_it(
    personas: Personas, amal: WelcomeCase, mailoutbox: list[Any]
) -> None:
    email = invite(personas, amal)

    erase_client(client=amal.client, by=personas.admin)
    services.send_due_invitation_emails(now=timezone.now() + dt.timedelta(hours=1))

    email.refresh_from_db()
    assert (email.to, email.subject, email.body, email.due_at) == ("", "", "", None)
    assert mailoutbox == []
