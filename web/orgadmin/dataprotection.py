"""The organisation admin's data-protection pages: find a client by reference, export everything
held on them, erase them (with a confirmation step and the reasons that hold it back), and the
retention queue. Views parse input, call one selector or service, and render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lisko.core.errors import DomainError, NotFound
from lisko.dataprotection import services
from lisko.dataprotection.models import SubjectAccessExport
from lisko.dataprotection.selectors import (
    client_for_data_protection,
    client_in,
    erasure_obstacles,
    export_for_admin,
    exports_of,
    retention_queue,
)
from lisko.organisations.models import Organisation
from web.orgadmin.views import _organisation, _page, _url, admin_only
from web.staff.access import StaffRequest

# How often the page asks whether an export is ready, while one is being prepared.
POLL_SECONDS = 3


def _client_url(organisation: Organisation, reference: str) -> str:
    return f"{_url('orgadmin:data_protection', organisation)}&{urlencode({'reference': reference})}"


@admin_only
@require_GET
def data_protection(request: StaffRequest) -> HttpResponse:
    """Find a client by reference; show their exports and what erasing them would meet."""
    organisation = _organisation(request)
    reference = request.GET.get("reference", "").strip()[:32]
    client = (
        client_for_data_protection(
            user=request.user, organisation=organisation, reference=reference
        )
        if reference
        else None
    )
    exports = list(exports_of(client=client)) if client else []
    return _page(
        request,
        "orgadmin/data_protection.html",
        organisation,
        reference=reference,
        client=client,
        erased=client is not None and hasattr(client, "erasure"),
        exports=exports,
        polling=any(e.status == SubjectAccessExport.Status.QUEUED for e in exports),
        poll_seconds=POLL_SECONDS,
    )


@admin_only
@require_GET
def export_list(request: StaffRequest, client_id: int) -> HttpResponse:
    """The client's exports alone: the page polls it until every export is ready."""
    organisation = _organisation(request)
    client = client_in(organisation=organisation, client_id=client_id)
    exports = list(exports_of(client=client))
    return render(
        request,
        "orgadmin/_exports.html",
        {
            "organisation": organisation,
            "client": client,
            "exports": exports,
            "polling": any(e.status == SubjectAccessExport.Status.QUEUED for e in exports),
            "poll_seconds": POLL_SECONDS,
        },
    )


@admin_only
@require_POST
def request_export(request: StaffRequest, client_id: int) -> HttpResponse:
    """Ask for a subject access export; a background job prepares the files."""
    organisation = _organisation(request)
    client = client_in(organisation=organisation, client_id=client_id)
    try:
        services.request_export(client=client, by=request.user)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("The export is being prepared. The files appear below when they are ready."),
        )
    return redirect(_client_url(organisation, client.reference))


@login_required
@require_GET
def download_export(request: StaffRequest, export_id: int, kind: str) -> HttpResponseBase:
    """One file of an export, for an admin of its organisation; 404 for anyone else (not the
    403 of staff_only: whether an export exists is itself not for others to learn)."""
    try:
        export = export_for_admin(user=request.user, export_id=export_id)
    except NotFound:
        raise Http404() from None
    stored = {"json": export.json_file, "pdf": export.pdf_file}.get(kind)
    if export.status != SubjectAccessExport.Status.DONE or not stored:
        raise Http404()
    services.record_export_download(export=export, by=request.user, kind=kind)
    return FileResponse(
        stored.open("rb"),
        as_attachment=True,
        filename=f"subject-access-{export.client.reference}.{kind}",
        content_type="application/json" if kind == "json" else "application/pdf",
    )


@admin_only
@require_http_methods(["GET", "POST"])
def erase(request: StaffRequest, client_id: int) -> HttpResponse:
    """Confirm, then erase a client's personal data; what holds it back is shown instead."""
    organisation = _organisation(request)
    client = client_in(organisation=organisation, client_id=client_id)
    if hasattr(client, "erasure"):
        messages.info(request, _("This client's data has already been erased."))
        return redirect(_url("orgadmin:data_protection", organisation))
    obstacles = erasure_obstacles(client=client)
    error = ""
    if request.method == "POST":
        if request.POST.get("confirm_reference", "").strip() != client.reference:
            error = _("Type the client's reference to confirm the erasure.")
        else:
            try:
                services.erase_client(client=client, by=request.user)
            except services.ErasureRefused as refused:
                obstacles = refused.obstacles
            except DomainError as refusal:
                error = str(refusal.message)
            else:
                messages.success(
                    request,
                    _(
                        "The client's personal data is erased. The counts for planning remain; "
                        "the audit log records the erasure."
                    ),
                )
                return redirect(_url("orgadmin:data_protection", organisation))
    response = _page(
        request,
        "orgadmin/erase.html",
        organisation,
        client=client,
        obstacles=obstacles,
        error=error,
    )
    if error or (request.method == "POST" and obstacles):
        response.status_code = 422  # nothing was erased
    return response


@admin_only
@require_GET
def retention(request: StaffRequest) -> HttpResponse:
    """Closed cases whose retention period has ended, or ends within a month."""
    organisation = _organisation(request)
    return _page(
        request,
        "orgadmin/retention.html",
        organisation,
        queue=retention_queue(organisation=organisation),
    )
