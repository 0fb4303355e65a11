"""Running a welcome programme: registering newcomers, inviting them in their language,
booking the conversation, recording what it covered and what follows up.

A newcomer is a client: registration goes through `create_client`, booking through
`book_appointment` (the matcher then chooses an interpreter or key person), follow-ups through
`refer_client` (with the client's consent to share). Every service refuses bad input with a
translated DomainError and saves nothing; a foreign programme or newcomer is NotFound.
"""

import datetime as dt
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from babel.dates import format_date
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lisko.access import require_role, roles
from lisko.accounts.models import User
from lisko.appointments.models import Appointment
from lisko.appointments.services import book_appointment
from lisko.associations.models import Offer
from lisko.audit.models import AuditEvent
from lisko.audit.services import record_access
from lisko.clients.models import Client, Consent
from lisko.clients.selectors import visible_client
from lisko.clients.services import create_client
from lisko.core import jobs, limits
from lisko.core.errors import DomainError
from lisko.interpreters.models import Modality
from lisko.languages.models import Language
from lisko.notifications import client_texts
from lisko.notifications.channels import NotReachable, send_plain_email
from lisko.notifications.sending import Outcome, send_once
from lisko.organisations.models import Organisation
from lisko.places.models import Municipality
from lisko.referrals.models import Referral
from lisko.referrals.services import refer_client
from lisko.welcome.models import (
    FEWEST_WEEKS,
    LARGEST_HOUSEHOLD,
    MOST_WEEKS,
    Channel,
    InvitationEmail,
    Topic,
    WelcomeCase,
    WelcomeInvitationTemplate,
    WelcomeProgramme,
)

# The placeholders an invitation may use, and nothing else: a template is typed by staff, and
# "{first_name.__class__}" must not reach str.format.
PLACEHOLDERS = frozenset({"first_name", "last_name", "municipality", "organisation"})
# A newcomer arrived recently: an arrival longer ago than this is a typo, or no newcomer.
NEWCOMER_YEARS = 3
# How long the welcome conversation lasts when the page gives no end.
CONVERSATION_MINUTES = 90
# An invitation e-mail is tried this often (after 2, 4, 8, 16 minutes) before it is given up,
# and held this long by the worker sending it before the sweep may take it over.
INVITATION_ATTEMPTS = 5
INVITATION_LEASE = dt.timedelta(minutes=10)


def _audit(*, by: User | None, action: str, case: WelcomeCase, reason: str) -> None:
    record_access(
        actor=by,
        action=action,
        obj=case,
        client_id=case.client_id,
        reason=reason,
        organisation_id=case.programme.organisation_id,
    )


def _require_caseworker(*, by: User, organisation_id: int) -> None:
    require_role(
        by=by,
        roles=roles.CASEWORK,
        organisation_id=organisation_id,
        refusal=_("Only a social worker can run welcome conversations."),
    )


def _case_on_caseload(*, by: User, case: WelcomeCase) -> WelcomeCase:
    """The case, locked, with its client and programme, if `by` may work on the client."""
    visible_client(user=by, client_id=case.client_id)
    return (
        WelcomeCase.objects.select_for_update(of=("self",), no_key=True)
        .select_related(
            "client__preferred_language__parent",
            "client__organisation",
            "programme__municipality",
            "programme__organisation",
            "appointment",
        )
        .get(pk=case.pk)
    )


# The programme ----------------------------------------------------------------------------


def _check_weeks(weeks_target: int) -> None:
    if not FEWEST_WEEKS <= weeks_target <= MOST_WEEKS:
        raise DomainError(
            _("The target is between {fewest} and {most} weeks after arrival.").format(
                fewest=FEWEST_WEEKS, most=MOST_WEEKS
            ),
            code="weeks_out_of_range",
        )


@transaction.atomic
def create_welcome_programme(
    *,
    organisation: Organisation,
    municipality: Municipality,
    started_on: dt.date,
    by: User,
    weeks_target: int = 12,
) -> WelcomeProgramme:
    """Start welcome conversations for the newcomers of one municipality."""
    _require_caseworker(by=by, organisation_id=organisation.pk)
    _check_weeks(weeks_target)
    limits.check_date(started_on)
    if started_on > timezone.localdate() + dt.timedelta(days=366):
        raise DomainError(
            _("A programme starts within a year from today."), code="start_too_far_ahead"
        )
    if WelcomeProgramme.objects.filter(
        organisation=organisation, municipality=municipality
    ).exists():
        raise DomainError(
            _("{municipality} already has a welcome programme.").format(
                municipality=municipality.name
            ),
            code="duplicate_programme",
        )
    return WelcomeProgramme.objects.create(
        organisation=organisation,
        municipality=municipality,
        started_on=started_on,
        weeks_target=weeks_target,
    )


@transaction.atomic
def change_weeks_target(
    *, programme: WelcomeProgramme, weeks_target: int, by: User
) -> WelcomeProgramme:
    """Change within how many weeks of arrival the conversation should take place."""
    _require_caseworker(by=by, organisation_id=programme.organisation_id)
    _check_weeks(weeks_target)
    programme.weeks_target = weeks_target
    programme.save(update_fields=["weeks_target"])
    return programme


def check_placeholders(text: str) -> None:
    """Refuse a text with braces that are no placeholder of PLACEHOLDERS."""
    try:
        fields = [
            (name, spec, conversion)
            for _literal, name, spec, conversion in string.Formatter().parse(text)
            if name is not None
        ]
    except ValueError:
        fields = [("", "", None)]
    for name, spec, conversion in fields:
        if name not in PLACEHOLDERS or spec or conversion:
            raise DomainError(
                _(
                    "The text may use only these placeholders: {placeholders}. "
                    "Write other braces twice, {{ and }}."
                ).format(placeholders=", ".join(f"{{{name}}}" for name in sorted(PLACEHOLDERS))),
                code="unknown_placeholder",
            )


@transaction.atomic
def set_invitation_template(
    *, programme: WelcomeProgramme, language: Language, subject: str, body: str, by: User
) -> WelcomeInvitationTemplate:
    """Write (or rewrite) the invitation in one language."""
    _require_caseworker(by=by, organisation_id=programme.organisation_id)
    subject, body = subject.strip(), body.strip()
    if not subject or not body:
        raise DomainError(
            _("An invitation needs a subject and a text."), code="template_incomplete"
        )
    if len(subject) > 200:
        raise DomainError(_("A subject has at most 200 characters."), code="subject_too_long")
    check_placeholders(subject)
    check_placeholders(body)
    template, _created = WelcomeInvitationTemplate.objects.update_or_create(
        programme=programme, language=language, defaults={"subject": subject, "body": body}
    )
    return template


# Registering newcomers ----------------------------------------------------------------------


def _check_arrival(arrival_date: dt.date | None, *, today: dt.date) -> dt.date:
    if arrival_date is None:
        raise DomainError(_("A newcomer needs an arrival date."), code="arrival_missing")
    limits.check_date(arrival_date)
    if arrival_date > today:
        raise DomainError(_("The arrival date cannot be in the future."), code="arrival_in_future")
    if arrival_date < today.replace(year=today.year - NEWCOMER_YEARS, day=min(today.day, 28)):
        raise DomainError(
            _("A newcomer arrived less than {years} years ago.").format(years=NEWCOMER_YEARS),
            code="arrival_too_early",
        )
    return arrival_date


def _check_household(household_size: int) -> None:
    if not 1 <= household_size <= LARGEST_HOUSEHOLD:
        raise DomainError(
            _("A household has between 1 and {most} people.").format(most=LARGEST_HOUSEHOLD),
            code="household_out_of_range",
        )


def _check_channel(channel: str, email: str) -> str:
    if channel not in Channel.values:
        raise DomainError(_("Invite by e-mail or by letter."), code="unknown_channel")
    email = email.strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise DomainError(
                _("“{email}” is not an e-mail address.").format(email=email[:80]),
                code="invalid_email",
            ) from None
    if channel == Channel.EMAIL and not email:
        raise DomainError(
            _("An invitation by e-mail needs the newcomer's e-mail address."), code="no_email"
        )
    return email


@transaction.atomic
def register_newcomer(
    *,
    programme: WelcomeProgramme,
    by: User,
    reference: str,
    first_name: str,
    last_name: str,
    arrival_date: dt.date | None,
    preferred_language: Language,
    household_size: int = 1,
    channel: str = Channel.LETTER,
    email: str = "",
    phone: str = "",
    birth_date: dt.date | None = None,
    today: dt.date | None = None,
) -> WelcomeCase:
    """Register a newcomer of the programme's municipality: a client on `by`'s caseload and
    the welcome case that follows them through invitation and conversation."""
    _require_caseworker(by=by, organisation_id=programme.organisation_id)
    today = today or timezone.localdate()
    _check_arrival(arrival_date, today=today)
    _check_household(household_size)
    email = _check_channel(channel, email)
    client = create_client(
        organisation=programme.organisation,
        by=by,
        reference=reference,
        first_name=first_name,
        last_name=last_name,
        municipality=programme.municipality,
        preferred_language=preferred_language,
        arrival_date=arrival_date,
        birth_date=birth_date,
        phone=phone,
    )
    case = WelcomeCase.objects.create(
        client=client,
        programme=programme,
        household_size=household_size,
        email=email,
        channel=channel,
        registered_by=by,
    )
    _audit(by=by, action=AuditEvent.Action.CREATE, case=case, reason="newcomer registered")
    return case


@transaction.atomic
def change_invitation_channel(
    *, case: WelcomeCase, channel: str, email: str, by: User
) -> WelcomeCase:
    """Change how the newcomer is invited, and the address an e-mail goes to."""
    case = _case_on_caseload(by=by, case=case)
    case.email = _check_channel(channel, email)
    case.channel = channel
    case.save(update_fields=["email", "channel"])
    _audit(by=by, action=AuditEvent.Action.UPDATE, case=case, reason="invitation channel")
    return case


# Inviting -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Invitation:
    """An invitation as written to the newcomer: in `locale` (a CLDR locale: the date of the
    letter is written as its language writes dates), right to left or not, from `sender`;
    `letter()` lays it out as a PDF to print and post."""

    subject: str
    body: str
    locale: str
    right_to_left: bool
    sender: str = ""
    on: dt.date | None = None

    def letter(self) -> bytes:
        return render_letter(self)


def _template_for(case: WelcomeCase) -> WelcomeInvitationTemplate | None:
    """The programme's template in the newcomer's language, else in its macrolanguage."""
    language = case.client.preferred_language
    codes = [language.code, *([language.parent.code] if language.parent is not None else [])]
    templates = {
        template.language.code: template
        for template in WelcomeInvitationTemplate.objects.filter(
            programme_id=case.programme_id, language__code__in=codes
        ).select_related("language")
    }
    return next((templates[code] for code in codes if code in templates), None)


def invitation_for(*, case: WelcomeCase, on: dt.date | None = None) -> Invitation:
    """The invitation in the newcomer's language: the programme's template in that language,
    else Lisko's own text in it (lisko.notifications.client_texts: the clients' languages,
    not only the staff's), else in English."""
    client = case.client
    language = client.preferred_language
    values = {
        "first_name": client.first_name,
        "last_name": client.last_name,
        "municipality": case.programme.municipality.name,
        "organisation": case.programme.organisation.name,
    }
    written_in = client_texts.text_language(
        language.code, language.parent.code if language.parent is not None else None
    )
    template = _template_for(case)
    if template is not None:
        subject, body = template.subject, template.body
        right_to_left = template.language.is_right_to_left
    else:
        subject, body = client_texts.WELCOME_INVITATION[written_in]
        right_to_left = written_in in client_texts.RIGHT_TO_LEFT
    subject, body = subject.format(**values), body.format(**values)
    if right_to_left:
        # Mail programs guess the direction from the first letter, which may be a Latin name.
        subject, body = client_texts.RLM + subject, client_texts.RLM + body
    return Invitation(
        subject=subject,
        body=body,
        locale=client_texts.LOCALES[written_in],
        right_to_left=right_to_left,
        sender=values["organisation"],
        on=on,
    )


def render_letter(invitation: Invitation) -> bytes:
    """The invitation as a one-page letter (PDF), with the fonts of the subject access export."""
    from lisko.dataprotection.rendering import _Document

    document = _Document(right_to_left=invitation.right_to_left)
    document.add_page()
    document.line_of_text(invitation.sender, bold=True)
    if invitation.on is not None:
        document.line_of_text(format_date(invitation.on, format="long", locale=invitation.locale))
    document.ln(10)
    document.line_of_text(invitation.subject.lstrip(client_texts.RLM), size=14, bold=True)
    document.ln(4)
    for paragraph in invitation.body.lstrip(client_texts.RLM).split("\n"):
        if paragraph.strip():
            document.line_of_text(paragraph, size=11)
        else:
            document.ln(3)
    return bytes(document.output())


@transaction.atomic
def invite_newcomer(
    *, case: WelcomeCase, by: User, channel: str | None = None, now: dt.datetime | None = None
) -> Invitation:
    """Invite the newcomer in their language: the e-mail is written now and sent by a job once
    this transaction commits (`invitation_emails_of` tells what became of it), or the letter is
    written (the answer's `letter()` is its PDF, for printing). Records when and how."""
    case = _case_on_caseload(by=by, case=case)
    channel = channel or case.channel
    _check_channel(channel, case.email)
    now = now or timezone.now()
    invitation = invitation_for(case=case, on=timezone.localtime(now).date())
    case.invited_at = now
    case.invited_via = channel
    case.save(update_fields=["invited_at", "invited_via"])
    _audit(by=by, action=AuditEvent.Action.UPDATE, case=case, reason=f"invited by {channel}")
    if channel == Channel.EMAIL:
        # Written with the invitation or not at all; a mail server that is away delays the
        # e-mail, never the page, and a lost job is found again by the notices sweep.
        email = InvitationEmail.objects.create(
            case=case,
            to=case.email,
            subject=invitation.subject,
            body=invitation.body,
            due_at=now,
        )
        jobs.enqueue(jobs.SEND_INVITATION_EMAIL, email.pk)
    return invitation


def _send_invitation(email: InvitationEmail) -> None:
    send_plain_email(to=email.to, subject=email.subject, body=email.body)


def _invitation_failure(
    email: InvitationEmail, outcome: Outcome, error: Exception
) -> dict[str, str]:
    if isinstance(error, NotReachable):
        return {"failure": InvitationEmail.Failure.REFUSED}
    if outcome is Outcome.GIVEN_UP:
        return {"failure": InvitationEmail.Failure.UNAVAILABLE}
    return {}


def send_invitation_email(*, email_id: int, now: dt.datetime | None = None) -> bool:
    """Send one invitation e-mail if it is due and nobody else is sending it; True if sent.
    A failure is retried with backoff by the notices sweep, a refused address given up."""
    outcome = send_once(
        rows=InvitationEmail.objects.all(),
        pk=email_id,
        send=_send_invitation,
        now=now or timezone.now(),
        lease=INVITATION_LEASE,
        attempts_allowed=INVITATION_ATTEMPTS,
        permanent=(NotReachable,),
        on_failure=_invitation_failure,
    )
    return outcome is Outcome.SENT


def send_due_invitation_emails(*, now: dt.datetime | None = None, limit: int = 500) -> int:
    """The sweep: send the invitation e-mails that are due (retries, lost jobs, lost leases)."""
    now = now or timezone.now()
    due = InvitationEmail.objects.filter(due_at__lte=now, sent_at__isnull=True).order_by("due_at")
    return sum(
        send_invitation_email(email_id=pk, now=now)
        for pk in due.values_list("pk", flat=True)[:limit]
    )


# Booking -----------------------------------------------------------------------------------


@transaction.atomic
def book_welcome_conversation(
    *,
    case: WelcomeCase,
    by: User,
    start: dt.datetime,
    end: dt.datetime | None = None,
    modality: str = Modality.ON_SITE,
    address: str = "",
    remote_link: str = "",
    request: bool = True,
    now: dt.datetime | None = None,
) -> Appointment:
    """Book the welcome conversation as an appointment in the newcomer's language, in the
    programme's municipality; with `request` the matcher chooses an interpreter or a key
    person (any level, key persons included)."""
    case = _case_on_caseload(by=by, case=case)
    if case.held_on is not None:
        raise DomainError(_("The welcome conversation has already been held."), code="already_held")
    if case.appointment is not None and case.appointment.status != Appointment.Status.CANCELLED:
        raise DomainError(
            _("A welcome conversation is already booked; cancel it to book another."),
            code="already_booked",
        )
    appointment = book_appointment(
        client=case.client,
        by=by,
        kind=Appointment.Kind.WELCOME_CONVERSATION,
        start=start,
        end=end or start + dt.timedelta(minutes=CONVERSATION_MINUTES),
        language=case.client.preferred_language,
        modality=modality,
        municipality=case.programme.municipality,
        address=address,
        remote_link=remote_link,
        min_level=0,
        request=request,
        now=now,
    )
    case.appointment = appointment
    case.save(update_fields=["appointment"])
    return appointment


# The conversation --------------------------------------------------------------------------


@dataclass(frozen=True)
class FollowUp:
    """A referral to make after the conversation: the offer, and the client's consent to share
    with its association."""

    offer: Offer
    consent: Consent
    note: str = ""


def _check_topics(topics: Iterable[str]) -> list[str]:
    chosen = set(topics)
    if not chosen:
        raise DomainError(_("Tick at least one topic the conversation covered."), code="no_topics")
    if chosen - set(Topic.values):
        raise DomainError(_("Choose topics from the list."), code="unknown_topic")
    # In the order of the checklist, so the record reads the same way every time.
    return [topic for topic in Topic.values if topic in chosen]


@transaction.atomic
def record_welcome_conversation(
    *,
    case: WelcomeCase,
    by: User,
    held_on: dt.date,
    topics: Iterable[str],
    follow_ups: Sequence[FollowUp] = (),
    today: dt.date | None = None,
) -> WelcomeCase:
    """Record that the conversation was held and which topics it covered; each follow-up
    becomes a referral (refused, with nothing saved, where the consent does not allow it).

    Recording again corrects the record: a follow-up to an offer the case already referred to
    is that referral, not a second one."""
    case = _case_on_caseload(by=by, case=case)
    today = today or timezone.localdate()
    chosen = _check_topics(topics)
    limits.check_date(held_on)
    if held_on > today:
        raise DomainError(
            _("A conversation cannot be recorded before it is held."), code="held_in_future"
        )
    arrival = case.client.arrival_date
    if arrival is not None and held_on < arrival:
        raise DomainError(
            _("The conversation cannot be held before the newcomer arrived."),
            code="held_before_arrival",
        )
    case.held_on = held_on
    case.topics = chosen
    case.save(update_fields=["held_on", "topics"])
    referred = set(case.follow_ups.values_list("offer_id", flat=True))
    referrals: list[Referral] = []
    for follow_up in follow_ups:
        if follow_up.offer.pk in referred:
            continue
        referred.add(follow_up.offer.pk)
        referrals.append(
            refer_client(
                client=case.client,
                offer=follow_up.offer,
                consent=follow_up.consent,
                by=by,
                note=follow_up.note,
            )
        )
    case.follow_ups.add(*referrals)
    _audit(by=by, action=AuditEvent.Action.UPDATE, case=case, reason="welcome conversation held")
    return case


# Data protection ---------------------------------------------------------------------------


def erase_welcome_details(*, client: Client) -> None:
    """For the erasure of a client: the address the invitation went to is removed; the dates
    and topics stay, as the coverage counts them."""
    WelcomeCase.objects.filter(client=client).update(email="", channel=Channel.LETTER)
    # The invitation e-mails lose their address and words, and one still due is not sent.
    InvitationEmail.objects.filter(case__client=client).update(
        to="", subject="", body="", due_at=None
    )
