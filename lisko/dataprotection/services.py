"""Data-protection operations: subject access exports, erasure, and retention enforcement.

Only an admin of the client's organisation may ask for an export or erase a client (`by` None:
the nightly retention job). Every operation is written to the audit log; the audit trail itself
is never changed: an erasure adds one event saying that it happened, by whom and when.
"""

import datetime as dt
import json
import logging
import secrets
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Case, Value, When
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lisko.access import require_role, roles
from lisko.accounts.models import User
from lisko.appointments.models import Appointment, Assignment, AssignmentEvent
from lisko.audit.models import AuditEvent
from lisko.audit.services import forget_searches_about, record_access
from lisko.clients.models import Client, Consent, HouseholdMember
from lisko.core import jobs
from lisko.core.errors import DomainError
from lisko.dataprotection.gathering import SECTIONS, client_record
from lisko.dataprotection.models import Erasure, ProcessingRecord, SubjectAccessExport
from lisko.dataprotection.rendering import render_pdf
from lisko.dataprotection.selectors import Obstacle, erasure_obstacles, retention_queue
from lisko.notifications.models import ClientMessage
from lisko.organisations.models import Organisation
from lisko.plans.models import Goal, GoalReview, Milestone
from lisko.referrals.models import Referral, ReferralEvent

logger = logging.getLogger(__name__)

# Put where a column may not stay empty once its text is erased (a milestone names someone
# responsible, a video appointment has a link).
ERASED_MARK = "—"


def _require_admin(*, by: User | None, client: Client, refusal: str) -> None:
    require_role(
        by=by, roles=roles.ADMINISTERING, organisation_id=client.organisation_id, refusal=refusal
    )


def _refuse_if_erased(client: Client) -> None:
    if Erasure.objects.filter(client=client).exists():
        raise DomainError(_("This client's data has been erased."), code="erased")


# Subject access ---------------------------------------------------------------------------


def pdf_language_for(client: Client) -> str:
    """The language of the client's PDF: their preferred language where Lisko has a catalog
    for it (a variety counts as its macrolanguage), else the organisation's default."""
    import langcodes

    available = set(settings.LISKO_DESK_LANGUAGES)
    language = client.preferred_language
    candidates = [language.code]
    if language.parent is not None:
        candidates.append(language.parent.code)
    for code in candidates:
        tag = langcodes.Language.get(code).language
        if tag in available:
            return tag
    # Organisations have no language of their own yet: the installation's default stands in.
    return settings.LANGUAGE_CODE


@transaction.atomic
def request_export(*, client: Client, by: User) -> SubjectAccessExport:
    """Ask for a subject access export of `client`; a job prepares the files."""
    _require_admin(
        by=by,
        client=client,
        refusal=_("Only an administrator of the organisation may export a client's data."),
    )
    _refuse_if_erased(client)
    export = SubjectAccessExport.objects.create(
        organisation_id=client.organisation_id,
        client=client,
        requested_by=by,
        language=pdf_language_for(client),
    )
    jobs.enqueue(jobs.BUILD_ACCESS_EXPORT, export.pk)
    return export


def build_export(*, export_id: int) -> SubjectAccessExport:
    """Prepare the JSON and PDF files of a queued export; an export already done is left."""
    with transaction.atomic():
        export = (
            SubjectAccessExport.objects.select_for_update()
            .select_related("client__organisation", "requested_by")
            .get(pk=export_id)
        )
        if export.status != SubjectAccessExport.Status.QUEUED:
            return export
        client = (
            Client.objects.select_related(
                "organisation", "municipality", "preferred_language", "social_worker"
            )
            .prefetch_related("shared_with")
            .get(pk=export.client_id)
        )
        started = time.perf_counter()
        # The JSON holds values in the PDF's language too (choices, language names), so the
        # person reads one language in both files; the keys stay English for programs.
        with translation.override(export.language or settings.LANGUAGE_CODE):
            record = client_record(client=client)
            record["exported_at"] = timezone.now().isoformat()
            pdf = render_pdf(record=record, language=export.language, sections=SECTIONS)
        stem = f"subject-access-{export.pk}-{secrets.token_hex(8)}"
        export.json_file.save(
            f"{stem}.json",
            ContentFile(json.dumps(record, ensure_ascii=False, indent=2).encode()),
            save=False,
        )
        export.pdf_file.save(f"{stem}.pdf", ContentFile(pdf), save=False)
        export.status = SubjectAccessExport.Status.DONE
        export.finished_at = timezone.now()
        export.save(update_fields=["json_file", "pdf_file", "status", "finished_at"])
        record_access(
            actor=export.requested_by,
            action=AuditEvent.Action.EXPORT,
            obj=client,
            client_id=client.pk,
            reason="subject access export",
            organisation_id=client.organisation_id,
        )
        logger.info(
            "Subject access export %s of client %s took %.2f s.",
            export.pk,
            client.pk,
            time.perf_counter() - started,
        )
        return export


def fail_export(*, export_id: int, error: str) -> None:
    """Mark an export failed after its job gave up; the admin may ask again."""
    SubjectAccessExport.objects.filter(
        pk=export_id, status=SubjectAccessExport.Status.QUEUED
    ).update(
        status=SubjectAccessExport.Status.FAILED, error=error[:2000], finished_at=timezone.now()
    )


@transaction.atomic
def record_export_download(*, export: SubjectAccessExport, by: User, kind: str) -> None:
    """Write to the audit log that an admin took a file of an export out of Lisko."""
    record_access(
        actor=by,
        action=AuditEvent.Action.EXPORT,
        obj=export,
        client_id=export.client_id,
        reason=f"subject access export downloaded ({kind})",
        organisation_id=export.organisation_id,
    )


# Erasure ----------------------------------------------------------------------------------


class ErasureRefused(DomainError):
    """The client's data must be kept for now; `obstacles` say why, one sentence each."""

    def __init__(self, obstacles: list[Obstacle]) -> None:
        super().__init__(_("This client's data cannot be erased yet."), code="erasure_refused")
        self.obstacles = obstacles


def _year_only(value: dt.date | None) -> dt.date | None:
    # Only the year is kept, stored as 1 January: age groups still count, the day is gone.
    return None if value is None else value.replace(month=1, day=1)


@transaction.atomic
def erase_client(
    *, client: Client, by: User | None, ground: str = Erasure.Ground.REQUEST
) -> Erasure:
    """Erase the client's personal data, keeping what the counts need; safe to run twice.

    Removed or replaced: the reference, names, phone, case notes, the day and month of birth,
    the day of arrival, household names and birth days, the wording of goals, notes of reviews,
    milestones, appointments, assignments and referrals, the texts and addresses of messages
    sent to the client, the address a welcome invitation went to, the shared-with list, and
    the files of earlier exports. Kept:
    organisation, municipality, languages, gender, country of origin, residence status,
    responsible social worker, consents' purposes and dates, the goals' fields of action and
    levels, the appointments, referrals and messages with their kinds, times and statuses, so
    that counts per language, municipality and field of action still add up."""
    _require_admin(
        by=by,
        client=client,
        refusal=_("Only an administrator of the organisation may erase a client's data."),
    )
    client = Client.objects.select_for_update().get(pk=client.pk)
    already = Erasure.objects.filter(client=client).first()
    if already is not None:
        return already
    obstacles = erasure_obstacles(client=client)
    if obstacles:
        raise ErasureRefused(obstacles)

    now = timezone.now()
    client.reference = f"erased-{secrets.token_hex(8)}"
    client.first_name = ""
    client.last_name = ""
    client.birth_date = _year_only(client.birth_date)
    if client.arrival_date is not None:
        client.arrival_date = client.arrival_date.replace(day=1)
    client.phone = ""
    client.email = ""
    client.notes = ""
    client.is_active = False
    client.closed_at = client.closed_at or now
    client.save()
    client.shared_with.clear()

    for member in HouseholdMember.objects.filter(client=client):
        member.first_name = ""
        member.last_name = ""
        member.birth_date = _year_only(member.birth_date)
        member.save(update_fields=["first_name", "last_name", "birth_date"])

    goals = Goal.objects.filter(plan__client=client)
    goals.update(wording="")
    GoalReview.objects.filter(goal__in=goals).update(note="")
    Milestone.objects.filter(goal__in=goals).update(
        title=ERASED_MARK,
        responsible_text=Case(
            When(responsible_user__isnull=True, then=Value(ERASED_MARK)), default=Value("")
        ),
    )
    appointments = Appointment.objects.filter(client=client)
    appointments.update(
        address="",
        remote_link=Case(When(modality="video", then=Value(ERASED_MARK)), default=Value("")),
        notes_for_interpreter="",
        cancellation_reason="",
    )
    Assignment.objects.filter(appointment__in=appointments).update(decline_note="")
    AssignmentEvent.objects.filter(assignment__appointment__in=appointments).update(note="")
    referrals = Referral.objects.filter(client=client)
    referrals.update(note="", decline_reason="", outcome="")
    ReferralEvent.objects.filter(referral__in=referrals).update(note="")
    # A message's text names the time and place, its address the phone; one not yet sent is
    # never sent now (its due time is cleared, so no sweep picks it up).
    ClientMessage.objects.filter(client=client).update(to="", text="", due_at=None)
    # The address a welcome invitation went to; its dates and topics stay for the coverage.
    from lisko.welcome.services import erase_welcome_details

    erase_welcome_details(client=client)

    for export in SubjectAccessExport.objects.filter(client=client):
        for stored in (export.json_file, export.pdf_file):
            if stored:
                stored.delete(save=False)
        export.status = SubjectAccessExport.Status.ERASED
        export.save(update_fields=["json_file", "pdf_file", "status"])

    erasure = Erasure.objects.create(
        client=client, organisation_id=client.organisation_id, ground=ground, erased_by=by
    )
    # The trail stays as it is (on PostgreSQL a trigger forbids changing it) but for the words
    # searched for in the lists that showed the client, which may hold the name; this event
    # records that the erasure happened, by whom and when.
    forget_searches_about(client_id=client.pk)
    record_access(
        actor=by,
        action=AuditEvent.Action.DELETE,
        obj=client,
        client_id=client.pk,
        reason=f"client erased ({ground})",
        organisation_id=client.organisation_id,
    )
    return erasure


# Retention --------------------------------------------------------------------------------


@dataclass
class RetentionReport:
    """What one pass of retention found per organisation: ids erased (or, in a dry run, that
    would be), ids held back with the reasons' codes, ids due within a month."""

    dry_run: bool
    erased: dict[int, list[int]] = field(default_factory=dict)
    held_back: dict[int, dict[int, list[str]]] = field(default_factory=dict)
    due_soon: dict[int, list[int]] = field(default_factory=dict)
    undated: dict[int, int] = field(default_factory=dict)


def enforce_retention(*, dry_run: bool = False, now: dt.datetime | None = None) -> RetentionReport:
    """Anonymise every closed case past its organisation's retention period.

    One transaction per client, so that one held-back case does not undo the others."""
    report = RetentionReport(dry_run=dry_run)
    for organisation in Organisation.objects.order_by("pk"):
        queue = retention_queue(organisation=organisation, now=now)
        report.erased[organisation.pk] = []
        report.held_back[organisation.pk] = {}
        report.due_soon[organisation.pk] = [client.pk for client in queue.due_soon]
        report.undated[organisation.pk] = queue.undated
        for client in queue.due:
            obstacles = erasure_obstacles(client=client, now=now)
            if obstacles:
                report.held_back[organisation.pk][client.pk] = [o.code for o in obstacles]
                continue
            if not dry_run:
                try:
                    erase_client(client=client, by=None, ground=Erasure.Ground.RETENTION)
                except ErasureRefused as refused:  # changed since the check above
                    report.held_back[organisation.pk][client.pk] = [
                        o.code for o in refused.obstacles
                    ]
                    continue
            report.erased[organisation.pk].append(client.pk)
    return report


# Record of processing ---------------------------------------------------------------------

# The longest renewal period an organisation may set: consents are renewed at least every ten
# years; a longer one is a typo.
LONGEST_RENEWAL_MONTHS = 120
LONGEST_NOTE = 2000


@transaction.atomic
def update_processing_record(
    *,
    organisation: Organisation,
    purpose: str,
    renewal_months: int | None,
    note: str,
    by: User | None,
) -> ProcessingRecord:
    """Set the organisation's renewal period of one consent purpose (None: the consent stands
    until withdrawn) and its note for the record of processing. Consents given from now on
    expire by the new period; those already given keep their expiry until renewed."""
    require_role(
        by=by,
        roles=roles.ADMINISTERING,
        organisation_id=organisation.pk,
        refusal=_("Only an administrator of the organisation may change its record of processing."),
    )
    if purpose not in Consent.Purpose.values:
        raise DomainError(_("This purpose is not one of the choices."), code="invalid_purpose")
    if renewal_months is not None and not 1 <= renewal_months <= LONGEST_RENEWAL_MONTHS:
        raise DomainError(
            _("A consent is renewed after 1 to {months} months.").format(
                months=LONGEST_RENEWAL_MONTHS
            ),
            code="invalid_renewal",
        )
    note = note.strip()
    if len(note) > LONGEST_NOTE:
        raise DomainError(
            _("The note may be at most {count} characters long.").format(count=LONGEST_NOTE),
            code="note_too_long",
        )
    record, _created = ProcessingRecord.objects.select_for_update().get_or_create(
        organisation=organisation, purpose=purpose
    )
    record.renewal_months = renewal_months
    record.note = note
    record.updated_by = by
    record.save()
    record_access(
        actor=by,
        action=AuditEvent.Action.UPDATE,
        obj=organisation,
        client_id=None,
        reason=f"record of processing changed: {purpose}",
        organisation_id=organisation.pk,
    )
    return record
