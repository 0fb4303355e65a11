"""Reading data-protection state, scoped to the organisation admin who asks."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import ngettext

from lisko.access import access_of, roles
from lisko.accounts.models import User
from lisko.appointments.models import Appointment
from lisko.audit.models import AuditEvent
from lisko.audit.services import record_access
from lisko.clients.models import Client
from lisko.core.errors import NotFound
from lisko.dataprotection.models import SubjectAccessExport
from lisko.organisations.models import Organisation
from lisko.referrals.models import OPEN as OPEN_REFERRALS
from lisko.referrals.models import Referral

# An appointment in one of these is still being arranged or about to happen.
OPEN_APPOINTMENTS = (
    Appointment.Status.DRAFT,
    Appointment.Status.REQUESTED,
    Appointment.Status.MATCHING,
    Appointment.Status.OFFERED,
    Appointment.Status.CONFIRMED,
)
# How far ahead the retention queue shows the cases that will be due.
NOTICE_MONTHS = 1


def client_by_reference(*, organisation: Organisation, reference: str) -> Client | None:
    """The organisation's client with this reference (any case), or None."""
    reference = reference.strip()
    if not reference:
        return None
    return (
        Client.objects.filter(organisation=organisation, reference__iexact=reference)
        .select_related("preferred_language", "municipality", "social_worker")
        .first()
    )


def client_for_data_protection(
    *, user: User, organisation: Organisation, reference: str
) -> Client | None:
    """The client an admin looks up on the data-protection page, the read recorded; None when
    the organisation has no client of that reference. Only an admin of the organisation may."""
    if not access_of(user).holds(roles.ADMINISTERING, organisation.pk):
        raise NotFound()
    client = client_by_reference(organisation=organisation, reference=reference)
    if client is not None:
        record_access(
            actor=user,
            action=AuditEvent.Action.READ,
            obj=client,
            client_id=client.pk,
            reason="data protection page",
            organisation_id=organisation.pk,
        )
    return client


def client_in(*, organisation: Organisation, client_id: int) -> Client:
    """One client of the organisation; NotFound outside it."""
    client = Client.objects.filter(organisation=organisation, pk=client_id).first()
    if client is None:
        raise NotFound()
    return client


def exports_of(*, client: Client) -> QuerySet[SubjectAccessExport]:
    """The client's subject access exports, newest first."""
    return SubjectAccessExport.objects.filter(client=client).select_related("requested_by")


def export_for_admin(*, user: User, export_id: int) -> SubjectAccessExport:
    """An export, for an admin of its organisation only; anyone else gets NotFound (a 404)."""
    export = SubjectAccessExport.objects.filter(pk=export_id).select_related("client").first()
    if export is None or not access_of(user).holds(roles.ADMINISTERING, export.organisation_id):
        raise NotFound()
    return export


@dataclass(frozen=True)
class Obstacle:
    """Why a client's data must be kept for now: a code for programs, a sentence for people."""

    code: str
    message: str


def erasure_obstacles(*, client: Client, now: dt.datetime | None = None) -> list[Obstacle]:
    """What keeps the client's data from being erased today; empty when nothing does.

    Kept while an appointment still open is today or later (the interpreter needs the details
    to go there, and the time must be logged for payment), and while a referral is open (the
    association works with the person): cancel or finish them first."""
    now = now or timezone.now()
    start_of_today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    obstacles = []
    appointments = Appointment.objects.filter(
        client=client, status__in=OPEN_APPOINTMENTS, end__gte=start_of_today
    ).count()
    if appointments:
        obstacles.append(
            Obstacle(
                "open_appointment",
                ngettext(
                    "An appointment today or later is still open: cancel it or wait until it "
                    "is done.",
                    "{count} appointments today or later are still open: cancel them or wait "
                    "until they are done.",
                    appointments,
                ).format(count=appointments),
            )
        )
    referrals = Referral.objects.filter(client=client, status__in=OPEN_REFERRALS).count()
    if referrals:
        obstacles.append(
            Obstacle(
                "open_referral",
                ngettext(
                    "A referral to an association is still open: drop it or wait until it is "
                    "completed.",
                    "{count} referrals to an association are still open: drop them or wait "
                    "until they are completed.",
                    referrals,
                ).format(count=referrals),
            )
        )
    return obstacles


def months_before(moment: dt.datetime, months: int) -> dt.datetime:
    """The same day and time `months` calendar months earlier (the month's last day if the
    day does not exist there: 31 March less one month is 28 or 29 February)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for day in range(moment.day, 27, -1):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    return moment.replace(year=year, month=month, day=min(moment.day, 28))


@dataclass(frozen=True)
class RetentionQueue:
    """The organisation's closed cases whose retention has ended (`due`) or ends within a
    month (`due_soon`), not yet erased."""

    organisation: Organisation
    due: list[Client]
    due_soon: list[Client]
    undated: int


def retention_queue(
    *, organisation: Organisation, now: dt.datetime | None = None
) -> RetentionQueue:
    """The cases due for anonymisation now and within the next month.

    A case closed before Lisko kept the closing date (closed_at empty) is never due by itself:
    `undated` counts them, and an admin erases them on request."""
    now = now or timezone.now()
    closed = (
        Client.objects.filter(organisation=organisation, is_active=False, erasure__isnull=True)
        .select_related("preferred_language", "municipality")
        .order_by("closed_at", "pk")
    )
    due_before = months_before(now, organisation.retention_months)
    soon_before = months_before(now, organisation.retention_months - NOTICE_MONTHS)
    return RetentionQueue(
        organisation=organisation,
        due=list(closed.filter(closed_at__lte=due_before)),
        due_soon=list(closed.filter(closed_at__gt=due_before, closed_at__lte=soon_before)),
        undated=closed.filter(closed_at__isnull=True).count(),
    )


def renewal_months_for(*, organisation_id: int, purpose: str) -> int | None:
    """After how many months a consent to `purpose` must be given again in the organisation;
    None when it stands until withdrawn. The organisation's record wins over the purpose's
    default once it has been saved."""
    from lisko.dataprotection.models import ProcessingRecord
    from lisko.dataprotection.purposes import description_of

    record = ProcessingRecord.objects.filter(
        organisation_id=organisation_id, purpose=purpose
    ).first()
    if record is not None:
        return record.renewal_months
    return description_of(purpose).default_renewal_months


def expiry_for(*, organisation_id: int, purpose: str, given_at: dt.datetime) -> dt.datetime | None:
    """When a consent to `purpose` given at `given_at` expires by the organisation's renewal
    period; None when it stands until withdrawn."""
    months = renewal_months_for(organisation_id=organisation_id, purpose=purpose)
    if months is None:
        return None
    return months_before(given_at, -months)


@dataclass(frozen=True)
class ProcessingPurpose:
    """One row of an organisation's record of processing: what Lisko says of the purpose and
    what the organisation added."""

    purpose: str
    label: str
    meaning: str
    data: str
    recipients: str
    legal_basis: str
    retention_months: int
    renewal_months: int | None
    note: str
    planners_receive: bool


def record_of_processing(*, user: User, organisation: Organisation) -> list[ProcessingPurpose]:
    """The organisation's record of processing, one row per consent purpose; for its admins
    only (NotFound otherwise, as for any other organisation's page)."""
    from lisko.clients.models import Consent
    from lisko.dataprotection.models import ProcessingRecord
    from lisko.dataprotection.purposes import description_of
    from lisko.planning.models import SharingAgreement, in_force

    if not access_of(user).holds(roles.ADMINISTERING, organisation.pk):
        raise NotFound()
    records = {
        record.purpose: record
        for record in ProcessingRecord.objects.filter(organisation=organisation)
    }
    planners_receive = SharingAgreement.objects.filter(
        in_force(timezone.localdate()), organisation=organisation
    ).exists()
    rows = []
    for purpose, label in Consent.Purpose.choices:
        description = description_of(purpose)
        record = records.get(purpose)
        rows.append(
            ProcessingPurpose(
                purpose=purpose,
                label=str(label),
                meaning=str(description.meaning),
                data=str(description.data),
                recipients=str(description.recipients),
                legal_basis=str(description.legal_basis),
                retention_months=organisation.retention_months,
                renewal_months=(
                    record.renewal_months
                    if record is not None
                    else description.default_renewal_months
                ),
                note=record.note if record is not None else "",
                planners_receive=planners_receive and purpose == Consent.Purpose.DATA_PROCESSING,
            )
        )
    return rows
