"""Telling people what happened: an in-app notice and an e-mail, in the recipient's language.

`notify` is idempotent per (recipient, key): a job that runs twice creates one notice and sends
one e-mail (the e-mail is sent again only if sending failed the first time).
"""

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import CharField, Exists, OuterRef, Value
from django.db.models.functions import Cast, Concat
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from lisko.access import roles
from lisko.accounts.models import User
from lisko.appointments.models import Appointment, Assignment
from lisko.matchingruns.reasons import Sentence
from lisko.notifications.models import Notification
from lisko.organisations.models import Membership

logger = logging.getLogger(__name__)

REMINDER_BEFORE = dt.timedelta(hours=24)


def notify(
    *,
    recipient: User,
    kind: str,
    key: str,
    context: dict[str, Any],
    link: str = "",
) -> Notification:
    """Create the notice `kind` for `recipient` (once per `key`) and e-mail it."""
    if kind not in Notification.Kind.values:
        raise ValueError(f"Unknown notification kind: {kind}")
    existing = Notification.objects.filter(recipient=recipient, key=key).first()
    if existing is None:
        language = recipient.language or settings.LANGUAGE_CODE
        with translation.override(language):
            title = " ".join(render_to_string(f"notifications/{kind}_title.txt", context).split())
            body = render_to_string(f"notifications/{kind}_body.txt", context).strip()
        try:
            with transaction.atomic():
                existing = Notification.objects.create(
                    recipient=recipient,
                    kind=kind,
                    key=key,
                    title=title[:200],
                    body=body,
                    link=link,
                )
        except IntegrityError:  # the same job, running twice at once, got there first
            existing = Notification.objects.get(recipient=recipient, key=key)
    if existing.emailed_at is None and recipient.email:
        _email(existing, recipient)
    return existing


def _email(notification: Notification, recipient: User) -> None:
    body = notification.body
    if notification.link:
        body = f"{body}\n\n{notification.link}"
    send_mail(
        subject=notification.title,
        message=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[recipient.email],
    )
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    notification.emailed_at = timezone.now()


@transaction.atomic
def mark_read(*, notification: Notification, by: User) -> Notification:
    """Mark one of `by`'s own notifications as read."""
    updated = Notification.objects.filter(
        pk=notification.pk, recipient=by, read_at__isnull=True
    ).update(read_at=timezone.now())
    if updated:
        notification.refresh_from_db()
    return notification


def link_to(name: str, **kwargs: Any) -> str:
    """The path of a page by its URL name, or empty if the page does not exist (yet)."""
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return ""


# What the matching workflow tells people ---------------------------------------------------


def _context(appointment: Appointment, **extra: Any) -> dict[str, Any]:
    return {"appointment": appointment, "time_zone": settings.TIME_ZONE, **extra}


def tell_new_offer(*, assignment_id: int) -> Notification | None:
    """Tell the interpreter about a new offer (while it is still open)."""
    assignment = (
        Assignment.objects.select_related(
            "interpreter__user", "appointment__language", "appointment__municipality"
        )
        .filter(pk=assignment_id, state=Assignment.State.OFFERED)
        .first()
    )
    if assignment is None or assignment.interpreter.user is None:
        return None
    return notify(
        recipient=assignment.interpreter.user,
        kind=Notification.Kind.NEW_OFFER,
        key=f"offer:{assignment.pk}",
        context=_context(assignment.appointment, assignment=assignment),
        link=link_to("mobile:offers"),
    )


def tell_withdrawn(*, assignment_id: int, reason: str) -> Notification | None:
    """Tell the interpreter that their offer or booking is withdrawn: the appointment was
    cancelled or changed, someone else took it, or the coordinator withdrew it."""
    assignment = (
        Assignment.objects.select_related("interpreter__user", "appointment__language")
        .filter(pk=assignment_id, state=Assignment.State.WITHDRAWN)
        .first()
    )
    if assignment is None or assignment.interpreter.user is None:
        return None
    kind = {
        "cancelled": Notification.Kind.CANCELLED,
        "changed": Notification.Kind.CHANGED,
        "taken": Notification.Kind.TAKEN,
    }.get(reason, Notification.Kind.WITHDRAWN)
    return notify(
        recipient=assignment.interpreter.user,
        kind=kind,
        key=f"withdrawn:{assignment.pk}",
        context=_context(assignment.appointment, assignment=assignment),
        link=link_to("mobile:offers"),
    )


def tell_unfilled(*, appointment_id: int) -> list[Notification]:
    """Tell the coordinators and the social worker who booked it that nobody was found."""
    appointment = (
        Appointment.objects.select_related("language", "booked_by", "organisation")
        .filter(pk=appointment_id, status=Appointment.Status.UNFILLED)
        .first()
    )
    if appointment is None:
        return []
    recipients = {
        membership.user
        for membership in Membership.objects.filter(
            organisation=appointment.organisation_id, role__in=roles.COORDINATING
        ).select_related("user")
    }
    recipients.add(appointment.booked_by)
    reason = Sentence(appointment.unfilled_reason, appointment.unfilled_data)
    # A request can be unfilled, requested again and unfilled again: one notice per time.
    key = f"unfilled:{appointment.pk}:{appointment.updated_at:%Y%m%d%H%M%S%f}"
    return [
        notify(
            recipient=recipient,
            kind=Notification.Kind.UNFILLED,
            key=key,
            context=_context(appointment, reason=reason),
            link=link_to("staff:appointment", appointment_id=appointment.pk),
        )
        for recipient in sorted(recipients, key=lambda user: user.pk)
        if recipient.is_active
    ]


def send_reminders(*, now: dt.datetime | None = None) -> int:
    """Remind interpreters of the bookings that start within the next 24 hours; once each."""
    now = now or timezone.now()
    reminded = Notification.objects.filter(
        key=Concat(Value("reminder:"), Cast(OuterRef("pk"), output_field=CharField()))
    )
    due = (
        Assignment.objects.filter(
            state=Assignment.State.ACCEPTED,
            appointment__start__gt=now,
            appointment__start__lte=now + REMINDER_BEFORE,
            interpreter__user__isnull=False,
        )
        .filter(~Exists(reminded))
        .select_related("interpreter__user", "appointment__language", "appointment__municipality")
    )
    sent = 0
    for assignment in due:
        assert assignment.interpreter.user is not None
        notify(
            recipient=assignment.interpreter.user,
            kind=Notification.Kind.REMINDER,
            key=f"reminder:{assignment.pk}",
            context=_context(assignment.appointment, assignment=assignment),
            link=link_to("mobile:assignment", assignment_id=assignment.pk),
        )
        sent += 1
    return sent
