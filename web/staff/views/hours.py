"""Hours for pay, for coordinators: a month's payable work to approve or correct, the rates, and
the month's export for payroll (CSV, XLSX, a PDF statement per interpreter).

Every page works on one organisation the person coordinates, named by `?organisation=<id>`
(the first they joined as coordinator when absent; any other id answers 404), and one month,
`?month=YYYY-MM` (this month when absent; a malformed one answers 400). Actions carry both in
their address too. The payroll services decide what may be approved, corrected or exported.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lisko.access import organisations_where, roles
from lisko.core.errors import DomainError
from lisko.core.limits import parse_id
from lisko.interpreters.models import Interpreter
from lisko.organisations.models import Organisation
from lisko.payroll import exports, services
from lisko.payroll.selectors import (
    Work,
    approved_lines_of,
    coordinated_organisation,
    export_of,
    month_totals,
    payable_work,
    rates_of,
    statements_of,
)
from web.mobile.parsing import parse_month
from web.staff.access import StaffRequest, coordinator_only
from web.staff.forms import CorrectHoursForm, RateForm
from web.staff.views.common import refused

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx", "pdf")


@dataclass(frozen=True)
class Where:
    """The organisation and month a request works on."""

    organisation: Organisation
    month: dt.date

    @property
    def query(self) -> str:
        return urlencode(
            {"organisation": str(self.organisation.pk), "month": f"{self.month:%Y-%m}"}
        )

    def url(self, name: str = "staff:hours", *args: Any) -> str:
        return f"{reverse(name, args=args)}?{self.query}"


def _organisation(request: StaffRequest) -> Organisation:
    raw = request.GET.get("organisation", "").strip()
    organisation_id = parse_id(raw) if raw else None
    if raw and organisation_id is None:
        raise Http404()
    return coordinated_organisation(user=request.user, organisation_id=organisation_id)


def _where(request: StaffRequest) -> Where:
    """The organisation (404 unless coordinated) and the month (DomainError if malformed)."""
    organisation = _organisation(request)
    month = parse_month(request.GET.get("month", "").strip(), today=timezone.localdate())
    return Where(organisation=organisation, month=month)


def _bad_month(request: StaffRequest, error: DomainError) -> HttpResponse:
    """This month's page, saying why the asked month is not shown: 400, never an error page."""
    where = Where(organisation=_organisation(request), month=timezone.localdate().replace(day=1))
    messages.error(request, str(error.message))
    return _page(request, where, status=400)


def _page(
    request: StaffRequest,
    where: Where,
    *,
    rate_form: RateForm | None = None,
    correction: tuple[int, CorrectHoursForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    entries = payable_work(organisation_id=where.organisation.pk, month=where.month)
    rates = rates_of(organisation_id=where.organisation.pk)
    export = export_of(organisation_id=where.organisation.pk, month=where.month)
    corrections = {}
    for work in entries:
        approved = work.approved
        corrections[work.assignment.pk] = CorrectHoursForm(
            prefix=f"correct-{work.assignment.pk}",
            initial={
                "minutes": approved.minutes if approved else work.logged_minutes,
                "travel_minutes": approved.travel_minutes
                if approved
                else work.logged_travel_minutes,
                "note": approved.note if approved else "",
            },
        )
    if correction is not None:
        corrections[correction[0]] = correction[1]
    rate_forms = [
        rate_form
        if rate_form is not None and rate_form.kind == kind
        else RateForm(kind=kind, rate=rates.get(kind))
        for kind in Interpreter.Kind.values
    ]
    waiting = sum(1 for work in entries if work.approved is None)
    rows: dict[int, list[tuple[Work, CorrectHoursForm]]] = {}
    amounts: dict[str, Decimal] = {}
    for work in entries:
        rows.setdefault(work.interpreter.pk, []).append((work, corrections[work.assignment.pk]))
        if work.approved is not None:
            currency = work.approved.currency
            amounts[currency] = amounts.get(currency, Decimal("0.00")) + work.approved.total
    previous_month = (where.month - dt.timedelta(days=1)).replace(day=1)
    next_month = (where.month + dt.timedelta(days=32)).replace(day=1)
    return render(
        request,
        "staff/hours.html",
        {
            "where": where,
            "organisations": list(organisations_where(request.user, roles.COORDINATING)),
            "groups": [(total, rows[total.interpreter.pk]) for total in month_totals(entries)],
            "entries": len(entries),
            "amounts": sorted(amounts.items()),
            "open_correction": correction[0] if correction is not None else None,
            "waiting": waiting,
            "waiting_text": ngettext(
                "{count} entry waits for approval.", "{count} entries wait for approval.", waiting
            ).format(count=waiting),
            "export": export,
            "rate_forms": rate_forms,
            "rates_missing": not rates or rate_form is not None,
            "previous_month": f"{previous_month:%Y-%m}",
            "next_month": f"{next_month:%Y-%m}",
        },
        status=status,
    )


@coordinator_only
@require_GET
def hours(request: StaffRequest) -> HttpResponse:
    """The month's payable work: one row per entry with its status and pay, totals per
    interpreter, the rates, and the export."""
    try:
        where = _where(request)
    except DomainError as error:
        return _bad_month(request, error)
    return _page(request, where)


@coordinator_only
@require_POST
def save_rate(request: StaffRequest) -> HttpResponse:
    """Save the organisation's rate for one kind of work; a refusal is shown on the form."""
    try:
        where = _where(request)
    except DomainError as error:
        return _bad_month(request, error)
    kind = request.POST.get("kind", "")
    if kind not in Interpreter.Kind.values:
        raise Http404()
    form = RateForm(request.POST, kind=kind)
    if form.is_valid():
        try:
            services.save_rate(
                organisation=where.organisation, kind=kind, by=request.user, **form.values()
            )
        except DomainError as error:
            refused(form, error)
        else:
            messages.success(
                request,
                _("The rate for {kind} is saved.").format(kind=form.kind_label),
            )
            return redirect(where.url())
    return _page(request, where, rate_form=form, status=400)


@coordinator_only
@require_POST
def approve_hours(request: StaffRequest, assignment_id: int) -> HttpResponse:
    """Approve one entry as logged."""
    try:
        where = _where(request)
    except DomainError as error:
        return _bad_month(request, error)
    try:
        services.approve_hours(
            organisation=where.organisation,
            assignment_id=assignment_id,
            month=where.month,
            by=request.user,
        )
    except DomainError as error:
        if error.code == "not_found":
            raise
        refused(request, error)
    else:
        messages.success(request, _("The hours are approved as logged."))
    return redirect(f"{where.url()}#entry-{assignment_id}")


@coordinator_only
@require_POST
def correct_hours(request: StaffRequest, assignment_id: int) -> HttpResponse:
    """Approve one entry with other minutes or travel than logged, and a note saying why."""
    try:
        where = _where(request)
    except DomainError as error:
        return _bad_month(request, error)
    form = CorrectHoursForm(request.POST, prefix=f"correct-{assignment_id}")
    if form.is_valid():
        try:
            services.approve_hours(
                organisation=where.organisation,
                assignment_id=assignment_id,
                month=where.month,
                by=request.user,
                minutes=form.cleaned_data["minutes"],
                travel_minutes=form.cleaned_data["travel_minutes"],
                note=form.cleaned_data["note"],
            )
        except DomainError as error:
            if error.code == "not_found":
                raise
            refused(form, error)
        else:
            messages.success(request, _("The corrected hours are approved."))
            return redirect(f"{where.url()}#entry-{assignment_id}")
    return _page(request, where, correction=(assignment_id, form), status=400)


@coordinator_only
@require_POST
def approve_all_hours(request: StaffRequest) -> HttpResponse:
    """Approve, as logged, every entry of the month still waiting."""
    try:
        where = _where(request)
    except DomainError as error:
        return _bad_month(request, error)
    try:
        count = services.approve_all(
            organisation=where.organisation, month=where.month, by=request.user
        )
    except DomainError as error:
        refused(request, error)
    else:
        messages.success(
            request,
            ngettext(
                "{count} entry is approved as logged.",
                "{count} entries are approved as logged.",
                count,
            ).format(count=count),
        )
    return redirect(where.url())


@coordinator_only
@require_POST
def export_hours(request: StaffRequest) -> HttpResponse:
    """Export the month for payroll, which locks it; with `format`, download its files (each
    download is recorded, as the export itself is)."""
    try:
        where = _where(request)
    except DomainError as error:
        return _bad_month(request, error)
    file_format = request.POST.get("format", "")
    if file_format and file_format not in FORMATS:
        raise Http404()
    try:
        export = services.export_month(
            organisation=where.organisation, month=where.month, by=request.user
        )
    except DomainError as error:
        refused(request, error)
        return redirect(where.url())
    if not file_format:
        messages.success(
            request, _("The month is exported and locked. Its files can be downloaded below.")
        )
        return redirect(where.url())
    organisation = where.organisation
    if file_format == "pdf":
        return _statement_pdf(request, where)
    month = exports.ExportedMonth(
        organisation=organisation.name,
        export=export,
        statements=statements_of(organisation_id=organisation.pk, month=where.month),
        lines=approved_lines_of(organisation_id=organisation.pk, month=where.month),
    )
    if file_format == "csv":
        # A byte-order mark, so that a spreadsheet opens the umlauts and Arabic as UTF-8.
        response = HttpResponse(
            "\ufeff" + exports.month_csv(month), content_type="text/csv; charset=utf-8"
        )
    else:
        response = HttpResponse(exports.month_xlsx(month), content_type=XLSX)
    name = exports.file_name(organisation.name, where.month, file_format)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _statement_pdf(request: StaffRequest, where: Where) -> HttpResponse:
    raw = request.POST.get("interpreter", "")
    statements = statements_of(organisation_id=where.organisation.pk, month=where.month)
    statement = next((s for s in statements if str(s.interpreter_id) == raw), None)
    if statement is None:
        raise Http404()
    content = exports.statement_pdf(
        organisation=where.organisation.name,
        statement=statement,
        lines=approved_lines_of(
            organisation_id=where.organisation.pk,
            month=where.month,
            interpreter_id=statement.interpreter_id,
        ),
        language=get_language() or "en",
    )
    response = HttpResponse(content, content_type="application/pdf")
    name = exports.statement_file_name(statement)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
