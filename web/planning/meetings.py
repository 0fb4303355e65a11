"""Participation in a region plan: the regional conferences and steering-group meetings, each
on its page with its agenda, participants and results, every result linking to the measures it
created or changed (as they are now in the current version), and the forms that record them.

Who opens them is decided as for the plan pages (lisko.regionplans.selectors.meeting_for):
a planner of the region; anyone else gets a 404, as for a meeting that does not exist. A
refused change shows its translated reason on the page again (400) and saves nothing.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lisko.core.errors import DomainError, NotFound
from lisko.planning.figures import Filters
from lisko.planning.selectors import field_of_action_rows
from lisko.regionplans import selectors, services
from lisko.regionplans.models import MeetingResult
from web.planning import navigation, plan_presenters
from web.planning.plan_forms import MeetingForm, ResultForm, ResultMeasureForm, ResultStatusForm
from web.planning.plans import PAGE, _current_page, _refused, meeting_url, plan_url
from web.planning.views import PlanningRequest, _scope, planning_page

# The correction form's prefix: its fields would otherwise share ids with the result forms'.
CHANGE = "change"


@planning_page
@require_POST
def record_meeting(request: PlanningRequest, plan_id: int) -> HttpResponse:
    """Record a conference or steering-group meeting of the plan; its page opens next."""
    page = _current_page(request, plan_id)
    form = MeetingForm(request.POST, organisation_ids=page.organisation_ids)
    if form.is_valid():
        try:
            meeting = services.record_meeting(plan=page.plan, by=request.user, **form.cleaned_data)
        except DomainError as error:
            _refused(form, error)
        else:
            messages.success(request, _("The meeting is recorded."))
            return redirect(meeting_url(meeting))
    return page.render({"meeting_form": form}, status=400)


class _MeetingPage:
    """What a meeting's page is built from: the meeting with its results and their measures,
    the plan's current version (the measures a result may change) and the form choices."""

    def __init__(self, request: PlanningRequest, plan_id: int, meeting_id: int) -> None:
        self.request = request
        self.meeting = selectors.meeting_for(
            user=request.user, plan_id=plan_id, meeting_id=meeting_id
        )
        self.plan = self.meeting.plan
        self.scope, _filters = _scope(request, self.plan.region_id)
        self.version = selectors.version_of(self.plan)
        self.results = list(self.meeting.results.all())
        self.fields_of_action = field_of_action_rows(self.scope)
        self.organisation_ids = selectors.organisations_for(self.plan.region, request.user)

    def result_choices(self) -> list[tuple[str, str]]:
        return [(str(result.pk), result.text[:100]) for result in self.results]

    def measure_choices(self) -> list[tuple[str, str]]:
        return [(str(measure.pk), measure.title) for measure in self.version.measures.all()]

    def result(self, key: str) -> MeetingResult | None:
        return next((result for result in self.results if str(result.pk) == key), None)

    def form_context(self, bound: dict[str, forms.BaseForm]) -> dict[str, Any]:
        meeting = self.meeting
        made: dict[str, Any] = {
            "change_form": MeetingForm(
                prefix=CHANGE,
                organisation_ids=self.organisation_ids,
                initial={
                    "kind": meeting.kind,
                    "held_on": meeting.held_on,
                    "starts_at": meeting.starts_at,
                    "place": meeting.place,
                    "organisations": list(meeting.organisations.all()),
                    "other_participants": meeting.other_participants,
                    "agenda": meeting.agenda,
                },
            ),
            "result_form": ResultForm(),
            "measure_form": ResultMeasureForm(
                fields_of_action=self.fields_of_action,
                organisation_ids=self.organisation_ids,
                results=self.result_choices(),
                initial={"currency": selectors.default_currency(self.plan.region)},
            ),
            "status_form": ResultStatusForm(
                results=self.result_choices(), measures=self.measure_choices()
            ),
        }
        made.update(bound)
        return made

    def render(
        self, bound: dict[str, forms.BaseForm] | None = None, *, status: int = 200
    ) -> HttpResponse:
        meeting, plan = self.meeting, self.plan
        context = navigation.region_page(self.scope, Filters(), PAGE)
        context.update(
            plan=plan,
            meeting=meeting,
            name=plan_presenters.meeting_name(meeting),
            participants=[organisation.name for organisation in meeting.organisations.all()],
            results=[(result, self._links(result)) for result in self.results],
            plan_url=plan_url(plan),
            **self.form_context(bound or {}),
        )
        return render(self.request, "planning/meeting.html", context, status=status)

    def _links(self, result: MeetingResult) -> list[dict[str, Any]]:
        shown = []
        for link in result.links.all():
            now = link.current_measure
            recorded = link.measure
            shown.append(
                {
                    "link": link,
                    "title": (now or recorded).title,
                    # The measure as it is now; one no longer in the plan, where it was.
                    "url": plan_url(self.plan) + f"#measure-{now.pk}"
                    if now is not None
                    else plan_url(self.plan, recorded.version.number) + f"#measure-{recorded.pk}",
                    "change": plan_presenters.change_text(link),
                    "version": recorded.version.number,
                }
            )
        return shown

    def done(self, message: str, anchor: str = "") -> HttpResponse:
        messages.success(self.request, message)
        return redirect(meeting_url(self.meeting) + (f"#{anchor}" if anchor else ""))


@planning_page
@require_GET
def meeting(request: PlanningRequest, plan_id: int, meeting_id: int) -> HttpResponse:
    """The meeting: agenda, participants, results and the measures they created or changed."""
    return _MeetingPage(request, plan_id, meeting_id).render()


@planning_page
@require_POST
def change_meeting(request: PlanningRequest, plan_id: int, meeting_id: int) -> HttpResponse:
    """Correct the meeting's day, place, participants or agenda."""
    page = _MeetingPage(request, plan_id, meeting_id)
    form = MeetingForm(request.POST, prefix=CHANGE, organisation_ids=page.organisation_ids)
    if form.is_valid():
        try:
            page.meeting = services.change_meeting(
                meeting=page.meeting, by=request.user, **form.cleaned_data
            )
        except DomainError as error:
            _refused(form, error)
        else:
            return page.done(_("The meeting is corrected."))
    return page.render({"change_form": form}, status=400)


@planning_page
@require_POST
def add_result(request: PlanningRequest, plan_id: int, meeting_id: int) -> HttpResponse:
    page = _MeetingPage(request, plan_id, meeting_id)
    form = ResultForm(request.POST)
    if form.is_valid():
        try:
            result = services.add_result(
                meeting=page.meeting, text=form.cleaned_data["text"], by=request.user
            )
        except DomainError as error:
            _refused(form, error)
        else:
            return page.done(_("The result is recorded."), f"result-{result.pk}")
    return page.render({"result_form": form}, status=400)


@planning_page
@require_POST
def result_creates_measure(request: PlanningRequest, plan_id: int, meeting_id: int) -> HttpResponse:
    page = _MeetingPage(request, plan_id, meeting_id)
    form = ResultMeasureForm(
        request.POST,
        fields_of_action=page.fields_of_action,
        organisation_ids=page.organisation_ids,
        results=page.result_choices(),
    )
    if form.is_valid():
        data = dict(form.cleaned_data)
        result = page.result(data.pop("result"))
        if result is None:  # the form offers the meeting's results only
            raise NotFound()
        try:
            services.result_creates_measure(result=result, by=request.user, **data)
        except DomainError as error:
            _refused(form, error)
        else:
            return page.done(
                _("The measure is added to the plan as a result of the meeting."),
                f"result-{result.pk}",
            )
    return page.render({"measure_form": form}, status=400)


@planning_page
@require_POST
def result_changes_status(request: PlanningRequest, plan_id: int, meeting_id: int) -> HttpResponse:
    page = _MeetingPage(request, plan_id, meeting_id)
    form = ResultStatusForm(
        request.POST, results=page.result_choices(), measures=page.measure_choices()
    )
    if form.is_valid():
        data = form.cleaned_data
        result = page.result(data["result"])
        measure = next(
            (m for m in page.version.measures.all() if str(m.pk) == data["measure"]), None
        )
        if result is None or measure is None:  # the form offers only these
            raise NotFound()
        try:
            services.result_changes_measure_status(
                result=result, measure=measure, status=data["status"], by=request.user
            )
        except DomainError as error:
            _refused(form, error)
        else:
            return page.done(_("The measure's status is changed."), f"result-{result.pk}")
    return page.render({"status_form": form}, status=400)
