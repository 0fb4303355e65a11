"""The organisation's record of processing (GDPR Art. 30): what each consent purpose means, the
data it covers, who receives it, the legal basis, retention and renewal, with the organisation's
own renewal periods and notes; and a page to print or download. Views parse input, call one
selector or service, and render."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lisko.clients.models import Consent
from lisko.core.errors import DomainError
from lisko.dataprotection import services
from lisko.dataprotection.rendering import render_processing_record_pdf
from lisko.dataprotection.selectors import record_of_processing
from web.orgadmin.forms import ProcessingRecordForm
from web.orgadmin.views import _organisation, _page, _url, admin_only
from web.staff.access import StaffRequest


@admin_only
@require_GET
def processing_record(request: StaffRequest) -> HttpResponse:
    """The record of processing, one section per consent purpose, each with its form."""
    organisation = _organisation(request)
    rows = record_of_processing(user=request.user, organisation=organisation)
    return _page(
        request,
        "orgadmin/processing_record.html",
        organisation,
        rows=[
            (
                row,
                ProcessingRecordForm(
                    initial={"renewal_months": row.renewal_months, "note": row.note},
                    prefix=row.purpose,
                ),
            )
            for row in rows
        ],
    )


@admin_only
@require_POST
def edit_processing_record(request: StaffRequest, purpose: str) -> HttpResponse:
    """Save the organisation's renewal period and note of one purpose."""
    organisation = _organisation(request)
    if purpose not in Consent.Purpose.values:
        raise Http404()
    form = ProcessingRecordForm(request.POST, prefix=purpose)
    back = f"{_url('orgadmin:processing_record', organisation)}#purpose-{purpose}"
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(back)
    try:
        services.update_processing_record(
            organisation=organisation,
            purpose=purpose,
            renewal_months=form.cleaned_data["renewal_months"],
            note=form.cleaned_data["note"],
            by=request.user,
        )
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The record of processing is saved."))
    return redirect(back)


@admin_only
@require_GET
def print_processing_record(request: StaffRequest) -> HttpResponse:
    """The record on one plain page to print; `?download=1` saves it as an HTML file,
    `?download=pdf` as a PDF."""
    organisation = _organisation(request)
    if request.GET.get("download") == "pdf":
        pdf = render_processing_record_pdf(
            organisation=organisation.name,
            rows=record_of_processing(user=request.user, organisation=organisation),
            as_of=timezone.localdate(),
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="record-of-processing-{organisation.slug}.pdf"'
        )
        return response
    response = render(
        request,
        "orgadmin/processing_record_print.html",
        {
            "organisation": organisation,
            "rows": record_of_processing(user=request.user, organisation=organisation),
            "printed_at": timezone.now(),
        },
    )
    if request.GET.get("download") == "1":
        response["Content-Disposition"] = (
            f'attachment; filename="record-of-processing-{organisation.slug}.html"'
        )
    return response
