"""Duty of care: after an emotionally heavy assignment the interpreter may ask for a debrief,
and a coordinator records when and how it took place (the supervision log). The interpreter
meets these messages on the phone (scripts/phone_messages.py lists this module)."""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lisko.access import access_of, require_role, roles
from lisko.accounts.models import User
from lisko.appointments.models import Assignment
from lisko.core.errors import DomainError, NotFound
from lisko.interpreters.models import Debrief

# How long after a heavy assignment an interpreter may still ask to talk it through.
DEBRIEF_WINDOW = dt.timedelta(days=90)
LONGEST_WISH = 300
LONGEST_DEBRIEF_NOTE = 1000


def may_ask_for_debrief(assignment: Assignment, *, now: dt.datetime | None = None) -> bool:
    """True when the assignment is one a debrief may be asked for: accepted or done, of a kind
    its organisation counts as emotionally heavy, begun within the last DEBRIEF_WINDOW."""
    now = now or timezone.now()
    appointment = assignment.appointment
    start = assignment.start or appointment.start
    return (
        assignment.state in (Assignment.State.ACCEPTED, Assignment.State.DONE)
        and appointment.kind in (appointment.organisation.heavy_kinds or ())
        and now - DEBRIEF_WINDOW <= start <= now
    )


@transaction.atomic
def ask_for_debrief(
    *, assignment: Assignment, by: User, wish: str = "", now: dt.datetime | None = None
) -> Debrief:
    """The interpreter of a heavy assignment asks to talk it through; the coordinators of the
    interpreter's organisation are told. Only the interpreter themself may ask, once."""
    from lisko.notifications.outbox import announce

    assignment = (
        Assignment.objects.select_related("interpreter", "appointment__organisation")
        .select_for_update(of=("self",), no_key=True)
        .get(pk=assignment.pk)
    )
    interpreter = assignment.interpreter
    if interpreter.user_id != by.pk or not access_of(by).holds(
        roles.IN_THE_POOL, interpreter.organisation_id
    ):
        raise NotFound()
    if Debrief.objects.filter(assignment=assignment).exists():
        raise DomainError(_("You have already asked for a debrief after this assignment."))
    if not may_ask_for_debrief(assignment, now=now):
        raise DomainError(
            _(
                "A debrief can be asked for after an emotionally heavy assignment has begun, "
                "within 90 days."
            )
        )
    wish = wish.strip()
    if len(wish) > LONGEST_WISH:
        raise DomainError(_("Please keep it under %(count)d characters.") % {"count": LONGEST_WISH})
    debrief = Debrief.objects.create(
        assignment=assignment,
        interpreter=interpreter,
        wish=wish,
        requested_at=now or timezone.now(),
    )
    announce("debrief_requested", debrief_id=debrief.pk)
    return debrief


@transaction.atomic
def record_debrief(
    *,
    debrief: Debrief,
    by: User,
    held_on: dt.date,
    form: str,
    note: str = "",
    today: dt.date | None = None,
) -> Debrief:
    """A coordinator of the interpreter's organisation records that the debrief took place."""
    debrief = (
        Debrief.objects.select_for_update(of=("self",), no_key=True)
        .select_related("interpreter")
        .get(pk=debrief.pk)
    )
    require_role(
        by=by,
        roles=roles.COORDINATING,
        organisation_id=debrief.interpreter.organisation_id,
        refusal=_("Only a coordinator may record a debrief."),
    )
    if not debrief.is_open:
        raise DomainError(_("This debrief has already been recorded."))
    if form not in Debrief.Form.values:
        raise DomainError(_("Choose how the debrief took place."))
    today = today or timezone.localdate()
    if held_on > today:
        raise DomainError(_("A debrief cannot be recorded before it took place."))
    if held_on < timezone.localdate(debrief.requested_at):
        raise DomainError(_("The debrief cannot have taken place before it was asked for."))
    note = note.strip()
    if len(note) > LONGEST_DEBRIEF_NOTE:
        raise DomainError(
            _("Please keep it under %(count)d characters.") % {"count": LONGEST_DEBRIEF_NOTE}
        )
    debrief.held_on = held_on
    debrief.form = form
    debrief.held_by = by
    debrief.record = note
    debrief.save(update_fields=["held_on", "form", "held_by", "record"])
    return debrief
