"""Matching runs, for coordinators: starting one, the list, one run and its progress."""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from lisko.core.errors import DomainError
from lisko.matchingruns.batch import request_matching_run
from lisko.matchingruns.selectors import matching_run_for, matching_runs_for, waiting_for_a_run
from web.staff.access import StaffRequest, coordinator_only
from web.staff.presenters import run_page
from web.staff.views.common import refused


@coordinator_only
def matching(request: StaffRequest) -> HttpResponse:
    """Matching runs: start one over the open requests of the coming two weeks, see the latest."""
    if request.method == "POST":
        organisation = request.staff.organisation
        if organisation is None:  # a coordinator always has one; refuse rather than guess
            raise Http404()
        try:
            run = request_matching_run(organisation=organisation, by=request.user)
        except DomainError as error:
            refused(request, error)
        else:
            # No flash message: the run page says "queued" in its progress, which the polling
            # replaces once the run has started, instead of a notice that outlives it.
            return redirect("staff:matching_run", run_id=run.pk)
    organisation = request.staff.organisation
    return render(
        request,
        "staff/matching.html",
        {
            "runs": matching_runs_for(user=request.user),
            "open_count": (
                waiting_for_a_run(organisation=organisation) if organisation is not None else 0
            ),
        },
    )


@coordinator_only
@require_GET
def matching_run(request: StaffRequest, run_id: int) -> HttpResponse:
    """One matching run: progress while it runs, then its result and figures."""
    run = matching_run_for(user=request.user, run_id=run_id)
    return render(request, "staff/matching_run.html", run_page(run))


@coordinator_only
@require_GET
def matching_run_progress(request: StaffRequest, run_id: int) -> HttpResponse:
    """The run's progress and result alone, polled while the run is queued or running."""
    run = matching_run_for(user=request.user, run_id=run_id)
    return render(request, "staff/_run_progress.html", run_page(run))
