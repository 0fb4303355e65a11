"""What planners do that changes state: take figures out of Lisko (each export is audited) and
ask for a social report, which a worker writes as PDF.

A report counts what its requester's access allows on the day it is written, never more: the
worker rebuilds the scope from the requester's roles and agreements of that day, and the report
is listed only to people whose scope today counts every organisation it counted.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lisko.access import access_of, roles
from lisko.audit.models import AuditEvent
from lisko.audit.services import record_access
from lisko.core import jobs
from lisko.core.errors import DomainError, NotFound
from lisko.planning.models import SocialReport
from lisko.planning.scope import Period, PlanningScope, default_period, scope_for

if TYPE_CHECKING:
    from lisko.accounts.models import User

logger = logging.getLogger(__name__)

# A report is "current" for a week after it was written: the digital social report is renewed
# by asking for a fresh one, and the list says when one is due.
CURRENT_FOR = dt.timedelta(days=7)
BUSY = (SocialReport.Status.QUEUED, SocialReport.Status.RUNNING)
# How an audit event names a planning table (it is no row of a model).
TABLE_OBJECT_TYPE = "planning_table"


def _organisation_of(by: User, scope: PlanningScope) -> int | None:
    """The organisation the person exports for: their planning office, or (a coordinator) the
    organisation whose own figures they look at."""
    wanted = roles.PLANNING if scope.as_planner else roles.PLANNING_OWN_ORGANISATION
    return access_of(by).first_organisation(wanted)


def _period_text(period: Period) -> str:
    return f"{period.start.isoformat()}..{period.end.isoformat()}"


def record_export(*, by: User, scope: PlanningScope, key: str, file_format: str) -> None:
    """Write to the audit trail that `by` took a planning table out of Lisko (a file or an API
    answer): aggregates only, so no client is named."""
    reason = (
        f"planning table {key} as {file_format}, region {scope.region.pk}, "
        f"{_period_text(scope.period)}"
    )
    AuditEvent.objects.create(
        actor=by if by.is_authenticated else None,
        organisation_id=_organisation_of(by, scope),
        action=AuditEvent.Action.EXPORT,
        client_id=None,
        object_type=TABLE_OBJECT_TYPE,
        object_id=key[: AuditEvent._meta.get_field("object_id").max_length or 64],
        reason=reason[: AuditEvent._meta.get_field("reason").max_length or 200],
    )


def _check_language(language: str) -> str:
    if language not in settings.LISKO_DESK_LANGUAGES:
        raise DomainError(
            _("Choose a language in which Lisko can write the report."), code="invalid_language"
        )
    return language


@transaction.atomic
def request_social_report(*, by: User, scope: PlanningScope, language: str) -> SocialReport:
    """Ask for the social report of the scope's region and period; a worker writes it.

    While the same report (region, period, language, organisations counted) is still queued or
    being written, asking again returns that one instead of starting a second."""
    from lisko.places.models import Region

    _check_language(language)
    organisation_ids = sorted(scope.organisation_ids)
    # Two requests at the same moment would both find nothing busy: the region's row is the lock.
    Region.objects.select_for_update().filter(pk=scope.region.pk).first()
    busy = SocialReport.objects.filter(
        region=scope.region,
        period_start=scope.period.start,
        period_end=scope.period.end,
        language=language,
        as_planner=scope.as_planner,
        status__in=BUSY,
    ).order_by("-requested_at", "-id")
    for report in busy:
        if report.organisation_ids == organisation_ids:
            return report
    report = SocialReport.objects.create(
        region=scope.region,
        period_start=scope.period.start,
        period_end=scope.period.end,
        language=language,
        requested_by=by,
        organisation_ids=organisation_ids,
        as_planner=scope.as_planner,
    )
    record_access(
        actor=by,
        action=AuditEvent.Action.EXPORT,
        obj=report,
        client_id=None,
        reason=(
            f"social report requested, region {scope.region.pk}, {_period_text(scope.period)}, "
            f"{language}"
        ),
        organisation_id=_organisation_of(by, scope),
    )
    jobs.enqueue(jobs.BUILD_SOCIAL_REPORT, report.pk)
    return report


def _save_progress(report_id: int, done: int, total: int) -> None:
    # One UPDATE outside any transaction, so the list page sees it at once.
    SocialReport.objects.filter(pk=report_id, status=SocialReport.Status.RUNNING).update(
        steps_done=max(0, min(done, 32767)), steps_total=max(0, min(total, 32767))
    )


def _claim(report_id: int) -> SocialReport | None:
    """Mark the report running; None when it is finished already (a second delivery)."""
    with transaction.atomic():
        report = (
            SocialReport.objects.select_for_update()
            .select_related("requested_by", "region")
            .get(pk=report_id)
        )
        if report.status not in BUSY:
            return None
        # Queued, or running when a worker died mid-way and its message came back: start again.
        report.status = SocialReport.Status.RUNNING
        report.steps_done = 0
        report.save(update_fields=["status", "steps_done"])
        return report


def build_social_report(*, report_id: int) -> SocialReport:
    """Write the PDF of a queued social report; a finished one is left as it is.

    The scope is the requester's of today: who lost the role gets no report (failed, with the
    reason). Errors other than a refusal propagate, so the task can retry and then give up
    through `fail_social_report`."""
    from lisko.planning.report import build_content, render_pdf

    report = _claim(report_id)
    if report is None:
        return SocialReport.objects.get(pk=report_id)
    language = report.language or settings.LANGUAGE_CODE
    with translation.override(language):
        period = Period(start=report.period_start, end=report.period_end)
        try:
            scope = scope_for(report.requested_by, report.region_id, period)
        except NotFound:
            return _fail(
                report_id,
                _("The report was not written: its requester may no longer plan for this region."),
            )

        def progress(done: int, total: int) -> None:
            _save_progress(report_id, done, total)

        try:
            content = build_content(scope, language=language, progress=progress)
            pdf = render_pdf(content)
        except DomainError as error:
            # A refusal is the answer: writing it again would be refused the same way.
            return _fail(report_id, str(error.message))
    with transaction.atomic():
        report = SocialReport.objects.select_for_update().get(pk=report_id)
        if report.status != SocialReport.Status.RUNNING:
            return report  # another delivery finished it meanwhile
        report.pdf_file.save(
            f"social-report-{report.pk}-{secrets.token_hex(8)}.pdf", ContentFile(pdf), save=False
        )
        report.status = SocialReport.Status.DONE
        # What it really counted: the agreements of today, which may differ from the request's.
        report.organisation_ids = sorted(scope.organisation_ids)
        report.steps_done = max(report.steps_done, report.steps_total)
        report.finished_at = timezone.now()
        report.error = ""
        report.save(
            update_fields=[
                "pdf_file",
                "status",
                "organisation_ids",
                "steps_done",
                "finished_at",
                "error",
            ]
        )
    return report


def _fail(report_id: int, error: str) -> SocialReport:
    SocialReport.objects.filter(pk=report_id, status__in=BUSY).update(
        status=SocialReport.Status.FAILED, error=error[:2000], finished_at=timezone.now()
    )
    return SocialReport.objects.get(pk=report_id)


def fail_social_report(*, report_id: int, error: str) -> None:
    """Mark a report failed after its job gave up; the planner may ask again."""
    logger.warning("Social report %s failed: %s", report_id, error)
    _fail(report_id, error)


def reports_for(user: User, region_id: int) -> QuerySet[SocialReport]:
    """The region's social reports that `user` may read today, newest first: none unless they
    may open the region, and only those counting no organisation that their scope does not
    count today (a withdrawn agreement hides the reports that counted it)."""
    try:
        scope = scope_for(user, region_id, default_period())
    except NotFound:
        return SocialReport.objects.none()
    reports = SocialReport.objects.filter(region_id=region_id).select_related("region")
    allowed = sorted(scope.organisation_ids)
    if connection.vendor == "postgresql":
        reports = reports.filter(organisation_ids__contained_by=allowed)
    else:  # SQLite cannot compare JSON arrays: the region's reports are few, check them here
        counted = reports.values_list("pk", "organisation_ids")
        reports = reports.filter(
            pk__in=[pk for pk, ids in counted if set(ids or ()) <= scope.organisation_ids]
        )
    return reports.order_by("-requested_at", "-id")


def is_current(report: SocialReport, *, now: dt.datetime | None = None) -> bool:
    """Whether a finished report is recent enough to stand as the region's social report."""
    if report.status != SocialReport.Status.DONE or report.finished_at is None:
        return False
    return (now or timezone.now()) - report.finished_at <= CURRENT_FOR


@transaction.atomic
def record_report_download(*, by: User, report: SocialReport) -> None:
    """Write to the audit trail that `by` took a social report's PDF out of Lisko."""
    wanted = roles.PLANNING if report.as_planner else roles.PLANNING_OWN_ORGANISATION
    record_access(
        actor=by,
        action=AuditEvent.Action.EXPORT,
        obj=report,
        client_id=None,
        reason=f"social report downloaded, region {report.region_id}",
        organisation_id=access_of(by).first_organisation(wanted),
    )


# A report takes well under a minute to write; one queued or running this long lost its
# message (a broker restart, a worker killed) and is sent again; one this old is given up.
REPORT_STALLED_AFTER = dt.timedelta(minutes=10)
REPORT_GIVE_UP_AFTER = dt.timedelta(hours=6)


def sweep_social_reports(*, now: dt.datetime | None = None) -> int:
    """Send again the reports nobody is writing; fail those waiting for hours. Safe to run
    twice: a second delivery of a finished report changes nothing (`_claim`)."""
    now = now or timezone.now()
    waiting = SocialReport.objects.filter(
        status__in=BUSY, requested_at__lte=now - REPORT_STALLED_AFTER
    )
    given_up = list(
        waiting.filter(requested_at__lte=now - REPORT_GIVE_UP_AFTER).values_list("pk", flat=True)
    )
    for report_id in given_up:
        fail_social_report(report_id=report_id, error="gave up: the report was not written in time")
    stalled = list(waiting.exclude(pk__in=given_up).values_list("pk", flat=True))
    with transaction.atomic():
        for report_id in stalled:
            jobs.enqueue(jobs.BUILD_SOCIAL_REPORT, report_id)
    return len(stalled)
