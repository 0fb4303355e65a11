"""Integration officers and the municipalities whose programmes they keep, given and taken by
the organisation's admin on the members page (lisko/programmes decides who may)."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lisko.core.errors import DomainError, NotFound
from lisko.organisations.models import Role
from lisko.organisations.selectors import members_of
from lisko.programmes import services
from lisko.programmes.models import OfficerMunicipality
from web.orgadmin.forms import OfficerMunicipalityForm
from web.orgadmin.views import _organisation, _url, admin_only
from web.staff.access import StaffRequest


@admin_only
@require_POST
def give_municipality(request: StaffRequest) -> HttpResponse:
    organisation = _organisation(request)
    officers = list(members_of(organisation=organisation, role=Role.INTEGRATION_OFFICER))
    form = OfficerMunicipalityForm(request.POST, officers=officers)
    if not form.is_valid():
        messages.error(request, _("Please choose an integration officer and a municipality."))
        return redirect(_url("orgadmin:members", organisation))
    membership = next(m for m in officers if m.pk == form.cleaned_data["membership"])
    municipality = form.cleaned_data["municipality"]
    try:
        services.assign_officer_municipality(
            membership=membership, municipality=municipality, by=request.user
        )
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("{person} now keeps the programmes of {municipality}.").format(
                person=membership.user, municipality=municipality.name
            ),
        )
    return redirect(_url("orgadmin:members", organisation))


@admin_only
@require_POST
def take_municipality(request: StaffRequest, assigned_id: int) -> HttpResponse:
    organisation = _organisation(request)
    assigned = (
        OfficerMunicipality.objects.filter(membership__organisation=organisation, pk=assigned_id)
        .select_related("membership__user", "municipality")
        .first()
    )
    if assigned is None:
        raise NotFound()
    services.remove_officer_municipality(assigned=assigned, by=request.user)
    messages.success(
        request,
        _("{person} no longer keeps the programmes of {municipality}.").format(
            person=assigned.membership.user, municipality=assigned.municipality.name
        ),
    )
    return redirect(_url("orgadmin:members", organisation))
