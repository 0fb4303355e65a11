"""The admin's page on what the organisation shares with planners: its sharing agreements
with regions, and the regions its own planners plan for."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lisko.core.errors import DomainError, NotFound
from lisko.organisations.models import Role
from lisko.organisations.selectors import members_of
from lisko.planning import agreements
from lisko.planning.models import PlannerRegion, SharingAgreement
from web.orgadmin.forms import PlannerRegionForm, SharingAgreementForm
from web.orgadmin.views import _organisation, _page, _url, admin_only
from web.staff.access import StaffRequest


@admin_only
@require_http_methods(["GET", "POST"])
def sharing(request: StaffRequest) -> HttpResponse:
    """Agreements in force and ended; a POST records a new one."""
    organisation = _organisation(request)
    today = timezone.localdate()
    planners = list(
        members_of(organisation=organisation, role=Role.PLANNER).prefetch_related(
            "planning_regions__region__parent"
        )
    )
    form = SharingAgreementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            agreement = agreements.record_agreement(
                organisation=organisation, by=request.user, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(
                request,
                _("The agreement with the planners of {region} is recorded.").format(
                    region=agreement.region
                ),
            )
            return redirect(_url("orgadmin:sharing", organisation))
    return _page(
        request,
        "orgadmin/sharing.html",
        organisation,
        agreements=[
            (agreement, agreement.state(today))
            for agreement in SharingAgreement.objects.filter(
                organisation=organisation
            ).select_related("region__parent", "recorded_by")
        ],
        form=form,
        planners=planners,
        planner_form=PlannerRegionForm(planners=planners),
    )


@admin_only
@require_POST
def withdraw(request: StaffRequest, agreement_id: int) -> HttpResponse:
    organisation = _organisation(request)
    agreement = SharingAgreement.objects.filter(organisation=organisation, pk=agreement_id).first()
    if agreement is None:
        raise NotFound()
    try:
        agreement = agreements.withdraw_agreement(agreement=agreement, by=request.user)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _(
                "The agreement is withdrawn since {when}: the planners of {region} no longer see "
                "the organisation's figures."
            ).format(
                when=date_format(agreement.withdrawn_at, "SHORT_DATETIME_FORMAT"),
                region=agreement.region,
            ),
        )
    return redirect(_url("orgadmin:sharing", organisation))


@admin_only
@require_POST
def give_planner_region(request: StaffRequest) -> HttpResponse:
    organisation = _organisation(request)
    planners = list(members_of(organisation=organisation, role=Role.PLANNER))
    form = PlannerRegionForm(request.POST, planners=planners)
    if not form.is_valid():
        messages.error(request, _("Please choose a planner and a region."))
        return redirect(_url("orgadmin:sharing", organisation))
    membership = next(m for m in planners if m.pk == form.cleaned_data["membership"])
    try:
        agreements.assign_planner_region(
            membership=membership, region=form.cleaned_data["region"], by=request.user
        )
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("{person} now plans for {region}.").format(
                person=membership.user, region=form.cleaned_data["region"]
            ),
        )
    return redirect(_url("orgadmin:sharing", organisation))


@admin_only
@require_POST
def take_planner_region(request: StaffRequest, planner_region_id: int) -> HttpResponse:
    organisation = _organisation(request)
    planner_region = (
        PlannerRegion.objects.filter(membership__organisation=organisation, pk=planner_region_id)
        .select_related("membership__user", "region")
        .first()
    )
    if planner_region is None:
        raise NotFound()
    agreements.remove_planner_region(planner_region=planner_region, by=request.user)
    messages.success(
        request,
        _("{person} no longer plans for {region}.").format(
            person=planner_region.membership.user, region=planner_region.region
        ),
    )
    return redirect(_url("orgadmin:sharing", organisation))
