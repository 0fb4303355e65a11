"""Telling people what happened: a notice in the app, and by e-mail or push as they choose,
in the recipient's language.

`notify` is idempotent per (recipient, key): a job that runs twice creates one notice and one
delivery per channel. A delivery is claimed for a while before it is sent, so a worker that
dies while sending leaves it to the sweep (`send_due_deliveries`), which also retries failed
sending with backoff and, after `DELIVERY_ATTEMPTS`, gives up and shows the failure on the
notice. What is told to whom is decided by the tellers below; lisko/notifications/outbox.py
keeps the changes waiting to be told.
"""

import datetime as dt
import logging
from typing import Any

from django.conf import settings
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
from lisko.notifications.channels import SENDERS, NotReachable, reachable_by
from lisko.notifications.models import Delivery, NoticeSetting, Notification, PushSubscription
from lisko.notifications.preferences import wanted_channels
from lisko.organisations.models import Membership

logger = logging.getLogger(__name__)

REMINDER_BEFORE = dt.timedelta(hours=24)
# A milestone is announced this long before it falls due.
MILESTONE_NOTICE = dt.timedelta(days=3)
# A certification is announced this long before it lapses.
CERTIFICATE_NOTICE = dt.timedelta(days=60)
PLAN_MILESTONE_NOTICE = dt.timedelta(days=7)
# How long before a programme report is due its municipality's officers are reminded.
PROGRAMME_REPORT_NOTICE = dt.timedelta(days=14)
# How long before a draft's submission deadline its municipality's officers are reminded.
APPLICATION_DEADLINE_NOTICE = dt.timedelta(days=7)
DELIVERY_ATTEMPTS = 5
# How long a sender holds a delivery before the sweep may take it over.
DELIVERY_LEASE = dt.timedelta(minutes=10)


def notify(
    *,
    recipient: User,
    kind: str,
    key: str,
    context: dict[str, Any],
    link: str = "",
    calendar_entry: str = "",
) -> Notification:
    """Create the notice `kind` for `recipient` (once per `key`) and send it through the
    channels they want and can be reached by. `calendar_entry`: text/calendar for the e-mail."""
    if kind not in Notification.Kind.values:
        raise ValueError(f"Unknown notification kind: {kind}")
    existing = Notification.objects.filter(recipient=recipient, key=key).first()
    if existing is None:
        language = recipient.language or settings.LANGUAGE_CODE
        with translation.override(language):
            title = " ".join(render_to_string(f"notifications/{kind}_title.txt", context).split())
            body = render_to_string(f"notifications/{kind}_body.txt", context).strip()
        channels = set(wanted_channels(user=recipient, kind=kind)) & reachable_by(recipient)
        try:
            with transaction.atomic():
                existing = Notification.objects.create(
                    recipient=recipient,
                    kind=kind,
                    key=key,
                    title=title[:200],
                    body=body,
                    link=link,
                    calendar_entry=calendar_entry,
                )
                now = timezone.now()
                Delivery.objects.bulk_create(
                    Delivery(notification=existing, channel=channel, due_at=now)
                    for channel in sorted(channels)
                )
        except IntegrityError:  # the same job, running twice at once, got there first
            existing = Notification.objects.get(recipient=recipient, key=key)
    for delivery in Delivery.objects.filter(notification=existing, due_at__isnull=False):
        deliver(delivery=delivery)
    return existing


def deliver(*, delivery: Delivery, now: dt.datetime | None = None) -> bool:
    """Send one delivery if it is due and nobody else is sending it; True if sent."""
    from lisko.notifications.sending import Outcome, send_once

    outcome = send_once(
        rows=Delivery.objects.select_related("notification__recipient"),
        pk=delivery.pk,
        send=lambda claimed: SENDERS[claimed.channel](claimed.notification),
        now=now or timezone.now(),
        lease=DELIVERY_LEASE,
        attempts_allowed=DELIVERY_ATTEMPTS,
        permanent=(NotReachable,),
    )
    return outcome is Outcome.SENT


def send_due_deliveries(*, now: dt.datetime | None = None, limit: int = 500) -> int:
    """The sweep: send the deliveries that are due (retries, and those a dead worker held)."""
    now = now or timezone.now()
    due = list(
        Delivery.objects.filter(due_at__lte=now, sent_at__isnull=True).order_by("due_at")[:limit]
    )
    return sum(deliver(delivery=delivery, now=now) for delivery in due)


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


def send_client_reminders(*, now: dt.datetime | None = None) -> int:
    """Text clients who consented a reminder of tomorrow's confirmed appointments
    (lisko/notifications/client_messages.py); returns how many went out. Failed messages are
    sent again by the per-minute sweep (workers/tasks.py send_due_notices)."""
    from lisko.notifications import client_messages

    return client_messages.send_client_reminders(now=now)


# What the social worker who booked is told ------------------------------------------------


def _booker(appointment: Appointment) -> User | None:
    """The social worker who booked, while they still keep a caseload in the organisation."""
    from lisko.access import access_of

    booker = appointment.booked_by
    if not booker.is_active or not access_of(booker).holds(
        roles.CASEWORK, appointment.organisation_id
    ):
        return None
    return booker


def tell_accepted(*, assignment_id: int) -> Notification | None:
    """Tell the social worker who booked that an interpreter accepted, with a calendar entry."""
    assignment = (
        Assignment.objects.select_related(
            "appointment__language",
            "appointment__municipality",
            "appointment__booked_by",
            "appointment__client",
        )
        .filter(pk=assignment_id, state__in=(Assignment.State.ACCEPTED, Assignment.State.DONE))
        .first()
    )
    if assignment is None or (booker := _booker(assignment.appointment)) is None:
        return None
    appointment = assignment.appointment
    language = booker.language or settings.LANGUAGE_CODE
    with translation.override(language):
        entry = _calendar_entry(appointment)
    return notify(
        recipient=booker,
        kind=Notification.Kind.ACCEPTED,
        key=f"accepted:{assignment.pk}",
        context=_context(appointment, assignment=assignment),
        link=link_to("staff:appointment", appointment_id=appointment.pk),
        calendar_entry=entry,
    )


def _calendar_entry(appointment: Appointment) -> str:
    from django.utils.translation import gettext

    from lisko.calendars import ical

    place = appointment.municipality.name if appointment.municipality_id else ""
    event = ical.Event(
        uid=f"appointment-{appointment.pk}@lisko",
        start=appointment.start,
        end=appointment.end,
        summary=gettext("Appointment with interpreter: {kind} ({language})").format(
            kind=appointment.get_kind_display(), language=appointment.language.display_name
        ),
        location=place if appointment.modality == "on_site" else appointment.get_modality_display(),
    )
    return ical.calendar(events=[event], name="Lisko", product="-//Lisko//EN", now=timezone.now())


def tell_declined(*, assignment_id: int) -> Notification | None:
    """Tell the social worker who booked that an interpreter declined (matching goes on)."""
    assignment = (
        Assignment.objects.select_related(
            "appointment__language", "appointment__booked_by", "appointment__client"
        )
        .filter(pk=assignment_id, state=Assignment.State.DECLINED)
        .first()
    )
    if assignment is None or (booker := _booker(assignment.appointment)) is None:
        return None
    return notify(
        recipient=booker,
        kind=Notification.Kind.DECLINED,
        key=f"declined:{assignment.pk}",
        context=_context(assignment.appointment, assignment=assignment),
        link=link_to("staff:appointment", appointment_id=assignment.appointment_id),
    )


# What partners and the social worker who referred are told ---------------------------------


def _partners_of(referral: Any) -> list[User]:
    """The association's partners who hold the partner role in its organisation now."""
    association = referral.offer.association
    return list(
        association.partners.filter(
            is_active=True,
            memberships__organisation_id=association.organisation_id,
            memberships__role__in=roles.PARTNERS,
        )
        .distinct()
        .order_by("pk")
    )


def tell_referral_received(*, referral_id: int) -> list[Notification]:
    """Tell the partners that a referral reached their offer (while they may see it)."""
    from lisko.referrals.models import Referral
    from lisko.referrals.selectors import partner_referrals

    referral = Referral.objects.select_related("offer__association").filter(pk=referral_id).first()
    if referral is None:
        return []
    return [
        notify(
            recipient=partner,
            kind=Notification.Kind.REFERRAL_RECEIVED,
            key=f"referral:{referral.pk}:received",
            context={"offer": referral.offer},
            link=link_to("partners:referral", referral_id=referral.pk),
        )
        for partner in _partners_of(referral)
        if partner_referrals(user=partner).filter(pk=referral.pk).exists()
    ]


def tell_referral_withdrawn(*, referral_id: int, consent_id: int) -> list[Notification]:
    """Tell the partners that a referral is no longer shared with them (consent withdrawn):
    the notice names the offer only, since the partner may no longer see the client."""
    from lisko.referrals.models import Referral

    referral = Referral.objects.select_related("offer__association").filter(pk=referral_id).first()
    if referral is None:
        return []
    return [
        notify(
            recipient=partner,
            kind=Notification.Kind.REFERRAL_WITHDRAWN,
            key=f"referral:{referral.pk}:withdrawn:{consent_id}",
            context={"offer": referral.offer},
            link=link_to("partners:referrals"),
        )
        for partner in _partners_of(referral)
    ]


def tell_referral_answered(*, event_id: int) -> Notification | None:
    """Tell the client's social worker what the partner answered (accepted, declined, started,
    completed, dropped), naming the client by reference only."""
    from lisko.access import access_of
    from lisko.referrals.models import ReferralEvent

    event = (
        ReferralEvent.objects.select_related(
            "referral__client__social_worker", "referral__offer__association"
        )
        .filter(pk=event_id)
        .first()
    )
    if event is None:
        return None
    referral = event.referral
    social_worker = referral.client.social_worker
    if social_worker is None or not social_worker.is_active:
        return None
    if not access_of(social_worker).holds(roles.CASEWORK, referral.client.organisation_id):
        return None
    return notify(
        recipient=social_worker,
        kind=Notification.Kind.REFERRAL_ANSWERED,
        key=f"referral_event:{event.pk}",
        context={"referral": referral, "event": event, "offer": referral.offer},
        link=link_to("staff:referral", referral_id=referral.pk),
    )


# Sweeps: what falls due ---------------------------------------------------------------------


def _not_told(prefix: str, *fields: str) -> Exists:
    parts: list[Any] = [Value(prefix)]
    for index, field in enumerate(fields):
        if index:
            parts.append(Value(":"))
        parts.append(Cast(OuterRef(field), output_field=CharField()))
    return ~Exists(Notification.objects.filter(key=Concat(*parts)))


def send_milestone_notices(*, now: dt.datetime | None = None) -> int:
    """Tell whoever is responsible (else the client's social worker) that a milestone of an
    open goal falls due within three days; once per milestone and due date."""
    from lisko.plans.models import Goal, Milestone

    now = now or timezone.now()
    today = timezone.localdate(now)
    due = (
        Milestone.objects.filter(
            done_at__isnull=True,
            due_date__lte=today + MILESTONE_NOTICE,
            due_date__gte=today - dt.timedelta(days=7),
            goal__status=Goal.Status.OPEN,
            goal__plan__client__is_active=True,
        )
        .filter(_not_told("milestone:", "pk", "due_date"))
        .select_related("responsible_user", "goal__plan__client__social_worker")
        .order_by("due_date", "pk")
    )
    sent = 0
    for milestone in due[:1000]:
        client = milestone.goal.plan.client
        recipient = milestone.responsible_user or client.social_worker
        if recipient is None or not recipient.is_active:
            continue
        notify(
            recipient=recipient,
            kind=Notification.Kind.MILESTONE_DUE,
            key=f"milestone:{milestone.pk}:{milestone.due_date}",
            context={"milestone": milestone, "client": client},
            link=link_to("staff:client", client_id=client.pk),
        )
        sent += 1
    return sent


def send_plan_milestone_notices(*, now: dt.datetime | None = None) -> int:
    """Tell the person responsible for a milestone of a region plan that it falls due within
    a week; once per milestone and due date."""
    from lisko.regionplans.selectors import milestones_due

    now = now or timezone.now()
    sent = 0
    for milestone in milestones_due(
        within=PLAN_MILESTONE_NOTICE, today=timezone.localdate(now)
    ).filter(_not_told("plan-milestone:", "pk", "due_on"), responsible__is_active=True)[:1000]:
        plan = milestone.version.plan
        notify(
            recipient=milestone.responsible,
            kind=Notification.Kind.PLAN_MILESTONE_DUE,
            key=f"plan-milestone:{milestone.pk}:{milestone.due_on}",
            context={"milestone": milestone, "plan": plan},
            link=link_to("planning:plan", plan_id=plan.pk),
        )
        sent += 1
    return sent


def tell_application_submitted(*, application_id: int) -> list[Notification]:
    """Tell the planners of the funding region (and of the regions around it) that a
    municipality submitted a funding application."""
    from lisko.programmes.models import FundingApplication
    from lisko.programmes.selectors import funders_of

    application = (
        FundingApplication.objects.select_related("agreement__municipality", "agreement__region")
        .filter(pk=application_id, status=FundingApplication.Status.SUBMITTED)
        .first()
    )
    if application is None:  # decided or gone before the notice was told
        return []
    return [
        notify(
            recipient=planner,
            kind=Notification.Kind.APPLICATION_SUBMITTED,
            key=f"application:{application.pk}:submitted",
            context={"application": application, "agreement": application.agreement},
            link=link_to("programmes:application", application_id=application.pk),
        )
        for planner in funders_of(application.agreement)
    ]


def send_programme_report_notices(*, now: dt.datetime | None = None) -> int:
    """Tell a municipality's integration officers that the report on a funding application
    falls due within two weeks (or is overdue); once per application and due date."""
    from lisko.programmes.selectors import officers_of, reports_due

    now = now or timezone.now()
    sent = 0
    for application in reports_due(
        within=PROGRAMME_REPORT_NOTICE, today=timezone.localdate(now)
    ).filter(_not_told("programme-report:", "pk", "report_due"))[:1000]:
        for officer in officers_of(application.agreement.municipality_id):
            notify(
                recipient=officer,
                kind=Notification.Kind.PROGRAMME_REPORT_DUE,
                key=f"programme-report:{application.pk}:{application.report_due}",
                context={"application": application, "agreement": application.agreement},
                link=link_to("programmes:application", application_id=application.pk),
            )
            sent += 1
    return sent


def send_application_deadline_notices(*, now: dt.datetime | None = None) -> int:
    """Tell a municipality's integration officers that a draft application's submission
    deadline falls within a week (or passed up to a month ago); once per draft and deadline."""
    from lisko.programmes.selectors import drafts_due, officers_of

    now = now or timezone.now()
    sent = 0
    for application in drafts_due(
        within=APPLICATION_DEADLINE_NOTICE, today=timezone.localdate(now)
    ).filter(_not_told("application-deadline:", "pk", "submission_deadline"))[:1000]:
        for officer in officers_of(application.agreement.municipality_id):
            notify(
                recipient=officer,
                kind=Notification.Kind.APPLICATION_DEADLINE,
                key=f"application-deadline:{application.pk}:{application.submission_deadline}",
                context={"application": application, "agreement": application.agreement},
                link=link_to("programmes:application", application_id=application.pk),
            )
            sent += 1
    return sent


def send_certificate_notices(*, now: dt.datetime | None = None) -> int:
    """Tell the coordinators of an interpreter's organisation that a certification lapses within
    60 days (or has lapsed); once per interpreter and expiry date."""
    from lisko.interpreters.models import Interpreter

    now = now or timezone.now()
    today = timezone.localdate(now)
    lapsing = list(
        Interpreter.objects.filter(
            is_active=True,
            certification_expires__isnull=False,
            certification_expires__lte=today + CERTIFICATE_NOTICE,
            certification_expires__gte=today - dt.timedelta(days=30),
        )
        .filter(_not_told("certificate:", "pk", "certification_expires"))
        .order_by("certification_expires", "pk")[:1000]
    )
    coordinators: dict[int, list[User]] = {}
    for membership in Membership.objects.filter(
        organisation_id__in={interpreter.organisation_id for interpreter in lapsing},
        role__in=roles.COORDINATING,
        user__is_active=True,
    ).select_related("user"):
        coordinators.setdefault(membership.organisation_id, []).append(membership.user)
    sent = 0
    for interpreter in lapsing:
        for coordinator in coordinators.get(interpreter.organisation_id, []):
            notify(
                recipient=coordinator,
                kind=Notification.Kind.CERTIFICATE_LAPSING,
                key=f"certificate:{interpreter.pk}:{interpreter.certification_expires}",
                context={"interpreter": interpreter, "today": today},
                link=link_to("staff:pool"),
            )
            sent += 1
    return sent


def tell_debrief_requested(*, debrief_id: int) -> list[Notification]:
    """Tell the coordinators of the interpreter's organisation that a debrief is asked for
    (while it is still open); no client data, only the appointment's kind and day."""
    from lisko.interpreters.models import Debrief

    debrief = (
        Debrief.objects.select_related("interpreter", "assignment__appointment")
        .filter(pk=debrief_id, held_on__isnull=True)
        .first()
    )
    if debrief is None:
        return []
    appointment = debrief.assignment.appointment
    return [
        notify(
            recipient=membership.user,
            kind=Notification.Kind.DEBRIEF_REQUESTED,
            key=f"debrief:{debrief.pk}",
            context={
                "interpreter": debrief.interpreter,
                "kind": appointment.get_kind_display(),
                "day": timezone.localtime(debrief.assignment.start or appointment.start),
                "wish": debrief.wish,
            },
            link=link_to("staff:debriefs"),
        )
        for membership in Membership.objects.filter(
            organisation_id=debrief.interpreter.organisation_id,
            role__in=roles.COORDINATING,
            user__is_active=True,
        )
        .select_related("user")
        .order_by("pk")
    ]


def send_hours_notices(*, now: dt.datetime | None = None) -> int:
    """Once a month has ended, tell each organisation's coordinators how many of its payable
    entries still wait for approval (the month cannot be paid before); once per organisation
    and month, and not once the month is exported."""
    from lisko.payroll.models import PayrollExport
    from lisko.payroll.selectors import first_of_month, payable_work

    now = now or timezone.now()
    month = first_of_month(first_of_month(timezone.localdate(now)) - dt.timedelta(days=1))
    key_prefix = f"hours:{month:%Y-%m}:"
    already = {
        int(key.removeprefix(key_prefix))
        for key in Notification.objects.filter(
            kind=Notification.Kind.HOURS_WAITING, key__startswith=key_prefix
        ).values_list("key", flat=True)
    }
    exported = set(
        PayrollExport.objects.filter(month=month).values_list("organisation_id", flat=True)
    )
    waiting: dict[int, int] = {}
    page = link_to("staff:hours")
    sent = 0
    for membership in (
        Membership.objects.filter(role__in=roles.COORDINATING, user__is_active=True)
        .exclude(organisation_id__in=already | exported)
        .select_related("user", "organisation")
        .order_by("organisation_id", "pk")
    ):
        organisation_id = membership.organisation_id
        if organisation_id not in waiting:
            waiting[organisation_id] = sum(
                1
                for work in payable_work(organisation_id=organisation_id, month=month)
                if work.approved is None
            )
        if not waiting[organisation_id]:
            continue
        notify(
            recipient=membership.user,
            kind=Notification.Kind.HOURS_WAITING,
            key=f"{key_prefix}{organisation_id}",
            context={
                "count": waiting[organisation_id],
                "month": month,
                "organisation": membership.organisation,
            },
            link=f"{page}?month={month:%Y-%m}" if page else "",
        )
        sent += 1
    return sent


# The person's own notices and settings ------------------------------------------------------


def mark_all_read(*, by: User) -> int:
    """Put away every unread notice of `by`; returns how many."""
    return Notification.objects.filter(recipient=by, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic
def save_notice_settings(*, by: User, wanted: set[tuple[str, str]]) -> None:
    """Store through which channels the notices `by` receives travel: `wanted` holds (kind,
    channel) pairs, every other pair of their kinds is off. A kind they do not receive or an
    unknown channel is refused and nothing is stored."""
    from django.utils.translation import gettext as _

    from lisko.core.errors import DomainError
    from lisko.notifications.models import Channel
    from lisko.notifications.preferences import kinds_for

    kinds = kinds_for(by)
    allowed = {(kind, channel) for kind in kinds for channel in Channel.values}
    if not wanted <= allowed:
        raise DomainError(_("Choose notices from the list."), code="unknown_notice")
    for kind, channel in sorted(allowed):
        NoticeSetting.objects.update_or_create(
            user=by, kind=kind, channel=channel, defaults={"wanted": (kind, channel) in wanted}
        )


# Phones that receive push messages ----------------------------------------------------------


def subscribe_push(
    *, by: User, endpoint: str, p256dh: str, auth: str, device: str = ""
) -> PushSubscription:
    """Keep a phone's push endpoint for `by` (the service worker's subscription), who must be
    in an interpreter pool. An endpoint that is not an https address or keys that are not
    base64url are refused."""
    import base64
    import binascii
    from urllib.parse import urlsplit

    from django.utils.translation import gettext as _

    from lisko.core.errors import DomainError

    def decoded_length(value: str) -> int:
        try:
            return len(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)))
        except (binascii.Error, ValueError):
            return -1

    from lisko.access import access_of
    from lisko.core.errors import NotFound

    if not access_of(by).holds(roles.IN_THE_POOL):
        raise NotFound()
    address = urlsplit(endpoint or "")
    schemes = {"https", "http"} if settings.LISKO_PUSH_ALLOW_HTTP else {"https"}
    if address.scheme not in schemes or not address.netloc or len(endpoint) > 500:
        raise DomainError(_("This phone gave an address Lisko cannot send to."), code="endpoint")
    if decoded_length(p256dh) != 65 or decoded_length(auth) != 16:
        raise DomainError(_("This phone gave keys Lisko cannot use."), code="keys")
    subscription, _created = PushSubscription.objects.update_or_create(
        endpoint=endpoint,
        defaults={"user": by, "p256dh": p256dh, "auth": auth, "device": device[:100]},
    )
    return subscription


def unsubscribe_push(*, by: User, endpoint: str) -> int:
    """Forget one of `by`'s own phones; returns how many were forgotten (0 or 1)."""

    deleted, _ = PushSubscription.objects.filter(user=by, endpoint=endpoint).delete()
    return deleted
