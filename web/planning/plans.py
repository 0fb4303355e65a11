"""The region plan pages: a region's plans, a plan (its current version, or an earlier one read
only) with progress against targets, the forms that change it, and its PDF.

Only a planner of the region (or of a region around it) opens them; anyone else gets the same
404 as for a plan that does not exist (lisko.access.rules.region_plan_rule). Live figures are
read over the period chosen on the page (by default the twelve months up to today) from the
published planning tables. A refused change shows its translated reason on the page again
(400) and saves nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lisko.core.errors import DomainError, NotFound
from lisko.planning.figures import Filters
from lisko.planning.scope import PlanningScope
from lisko.planning.selectors import field_of_action_rows, language_rows, municipality_rows
from lisko.regionplans import selectors, services
from lisko.regionplans.models import Measure, PlanMeeting, RegionPlan
from web.planning import navigation, plan_presenters
from web.planning.plan_forms import (
    GoalForm,
    GoalValueForm,
    MeasureForm,
    MeetingForm,
    MilestoneForm,
    NeedsForm,
    NewVersionForm,
    PlanForm,
)
from web.planning.plan_pdf import plan_pdf
from web.planning.presenters import page_query, region_url
from web.planning.views import PlanningRequest, _scope, planning_page
from web.staff.forms import StaffForm

PAGE = "plans"


def _refused(form: forms.BaseForm, error: DomainError) -> None:
    fields = form.error_fields if isinstance(form, StaffForm) else {}
    field = fields.get(error.code)
    form.add_error(field if field in form.fields else None, str(error.message))


def plan_url(plan: RegionPlan, number: int | None = None, query: str = "") -> str:
    if number is None:
        return reverse("planning:plan", kwargs={"plan_id": plan.pk}) + query
    return reverse("planning:plan_version", kwargs={"plan_id": plan.pk, "number": number}) + query


# -- the region's plans -----------------------------------------------------------------------


@planning_page
@require_http_methods(["GET", "POST"])
def plan_list(request: PlanningRequest, region_id: int) -> HttpResponse:
    """The region's plans; a POST starts a new one."""
    scope, _filters = _scope(request, region_id)
    services.ensure_planner(request.user, region_id)
    form = PlanForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                plan = services.create_plan(
                    region=scope.region, by=request.user, **form.cleaned_data
                )
            except DomainError as error:
                _refused(form, error)
            else:
                messages.success(request, _("The plan is started."))
                return redirect(plan_url(plan))
        status = 400
    context = navigation.region_page(scope, Filters(), PAGE)
    plans = list(selectors.plans_of_region(user=request.user, region_id=region_id))
    context.update(
        plans=[(plan, plan_url(plan)) for plan in plans],
        form=form,
    )
    return render(request, "planning/plans.html", context, status=status)


# -- one plan ---------------------------------------------------------------------------------


class _Page:
    """What a plan page is built from: the plan, the version shown, the scope of live figures
    and the choices the forms offer (each read once)."""

    def __init__(self, request: PlanningRequest, plan_id: int, number: int | None) -> None:
        self.request = request
        self.plan = selectors.plan_for(user=request.user, plan_id=plan_id)
        self.scope, _filters = _scope(request, self.plan.region_id)
        self.version = selectors.version_of(self.plan, number)
        self.fields_of_action = field_of_action_rows(self.scope)
        self.organisation_ids = selectors.organisations_for(self.plan.region, request.user)

    @property
    def editable(self) -> bool:
        return self.version.is_current

    def form_context(self, bound: dict[str, forms.BaseForm] | None = None) -> dict[str, Any]:
        bound = bound or {}
        fields = self.fields_of_action
        scope = self.scope
        made: dict[str, Any] = {
            "needs_form": NeedsForm(fields_of_action=fields),
            "goal_form": GoalForm(
                fields_of_action=fields,
                languages=self.languages(),
                municipalities=municipality_rows(scope),
            ),
            "measure_form": MeasureForm(
                fields_of_action=fields,
                organisation_ids=self.organisation_ids,
                initial={"currency": selectors.default_currency(self.plan.region)},
            ),
            "meeting_form": MeetingForm(organisation_ids=self.organisation_ids),
            "milestone_form": MilestoneForm(
                fields_of_action=fields, people=self.people(), measures=self.measures()
            ),
            "version_form": NewVersionForm(),
            "value_form": GoalValueForm(),
        }
        made.update(bound)
        return made

    def languages(self) -> list[tuple[str, str]]:
        from lisko.languages.models import Language

        return language_rows(Language.objects.values_list("code", flat=True))

    def people(self) -> list[tuple[str, str]]:
        return [
            (str(person.pk), person.get_full_name() or person.username)
            for person in selectors.responsible_people(self.plan.region)
        ]

    def measures(self) -> list[tuple[str, str]]:
        return [(str(measure.pk), measure.title) for measure in self.version.measures.all()]

    def render(
        self, bound: dict[str, forms.BaseForm] | None = None, *, status: int = 200
    ) -> HttpResponse:
        plan, version, scope = self.plan, self.version, self.scope
        goals = list(version.goals.all())
        measures = list(version.measures.all())
        statuses = selectors.goal_statuses(goals, scope)
        municipalities = dict(municipality_rows(scope))
        fields = plan_presenters.show_fields(
            snapshots=list(version.snapshots.all()),
            goals=goals,
            measures=measures,
            milestones=list(version.milestones.all()),
            statuses=statuses,
            fields_of_action=self.fields_of_action,
            municipalities=municipalities,
            region=plan.region.name,
            live_url=_live_url(scope),
            origins=selectors.origins_of(version),
            meeting_url=meeting_url,
        )
        context = navigation.region_page(scope, Filters(), PAGE)
        query = page_query(scope.period, Filters())
        context.update(
            plan=plan,
            version=version,
            editable=self.editable,
            versions=[
                (other, plan_url(plan, None if other.is_current else other.number))
                for other in selectors.versions_of(plan)
            ],
            sections=fields,
            overview=[goal for section in fields for goal in section.goals],
            budgets=plan_presenters.budget_totals(measures),
            pdf_url=reverse(
                "planning:plan_pdf", kwargs={"plan_id": plan.pk, "number": version.number}
            ),
            plans_url=region_url(PAGE, plan.region_id, query),
            presets=[
                (
                    label,
                    plan_url(
                        plan,
                        None if version.is_current else version.number,
                        "?" + url.split("?", 1)[1],
                    ),
                )
                for label, url in navigation.presets(PAGE, plan.region_id, Filters())
            ],
            statuses=Measure.Status.choices,
            meetings=[
                (meeting, meeting_url(meeting), plan_presenters.participants_text(meeting))
                for meeting in selectors.meetings_of(plan)
            ],
            **self.form_context(bound),
        )
        return render(self.request, "planning/plan.html", context, status=status)


def meeting_url(meeting: PlanMeeting) -> str:
    return reverse(
        "planning:plan_meeting", kwargs={"plan_id": meeting.plan_id, "meeting_id": meeting.pk}
    )


def _live_url(scope: PlanningScope) -> Callable[[str], str]:
    def url(key: str) -> str:
        return region_url(
            "needs", scope.region.pk, page_query(scope.period, Filters(field_of_action=key))
        )

    return url


@planning_page
@require_GET
def plan(request: PlanningRequest, plan_id: int) -> HttpResponse:
    """The plan's current version, with the forms that change it."""
    return _Page(request, plan_id, None).render()


@planning_page
@require_GET
def plan_version(request: PlanningRequest, plan_id: int, number: int) -> HttpResponse:
    """A version of the plan; an earlier one is read only."""
    page = _Page(request, plan_id, number)
    if page.version.is_current:
        return redirect(plan_url(page.plan))
    return page.render()


@planning_page
@require_GET
def plan_pdf_download(request: PlanningRequest, plan_id: int, number: int) -> HttpResponse:
    """The version as a PDF, in the language of the page."""
    page = _Page(request, plan_id, number)
    content = plan_pdf(
        plan=page.plan,
        version=page.version,
        scope=page.scope,
        fields_of_action=page.fields_of_action,
        language=get_language() or "en",
    )
    response = HttpResponse(content, content_type="application/pdf")
    name = f"region-plan-{page.plan.start_year}-{page.plan.end_year}-v{page.version.number}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# -- changes ----------------------------------------------------------------------------------


def _changed(request: PlanningRequest, page: _Page, message: str, anchor: str = "") -> HttpResponse:
    messages.success(request, message)
    return redirect(plan_url(page.plan) + (f"#{anchor}" if anchor else ""))


def _current_page(request: PlanningRequest, plan_id: int) -> _Page:
    return _Page(request, plan_id, None)


@planning_page
@require_POST
def new_version(request: PlanningRequest, plan_id: int) -> HttpResponse:
    """Freeze the current version and continue in a copy of it."""
    page = _current_page(request, plan_id)
    form = NewVersionForm(request.POST)
    if form.is_valid():
        try:
            made = services.new_version(plan=page.plan, by=request.user, **form.cleaned_data)
        except DomainError as error:
            _refused(form, error)
        else:
            return _changed(
                request,
                page,
                _("Version {number} is started; version {previous} stays as it was.").format(
                    number=made.number, previous=made.number - 1
                ),
            )
    return page.render({"version_form": form}, status=400)


@planning_page
@require_POST
def record_needs(request: PlanningRequest, plan_id: int) -> HttpResponse:
    """Freeze the needs analysis of a field of action into the current version."""
    page = _current_page(request, plan_id)
    form = NeedsForm(request.POST, fields_of_action=page.fields_of_action)
    if form.is_valid():
        key = form.cleaned_data["field_of_action"]
        try:
            services.record_needs(
                version=page.version, field_of_action=key, by=request.user, scope=page.scope
            )
        except DomainError as error:
            _refused(form, error)
        else:
            return _changed(request, page, _("The needs found are recorded."), f"field-{key}")
    # The form is a button per field: its refusal shows as a message.
    messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return page.render({"needs_form": form}, status=400)


@planning_page
@require_POST
def add_goal(request: PlanningRequest, plan_id: int) -> HttpResponse:
    page = _current_page(request, plan_id)
    form = GoalForm(
        request.POST,
        fields_of_action=page.fields_of_action,
        languages=page.languages(),
        municipalities=municipality_rows(page.scope),
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            goal = services.add_goal(
                version=page.version,
                field_of_action=data["field_of_action"],
                text=data["text"],
                indicator_kind=data["indicator_kind"],
                indicator_params=form.indicator_params(),
                indicator_label=data["indicator_label"],
                baseline=data["baseline"],
                target=data["target"],
                current_value=data["current_value"],
                by=request.user,
                scope=page.scope,
            )
        except DomainError as error:
            _refused(form, error)
        else:
            return _changed(request, page, _("The goal is added to the plan."), f"goal-{goal.pk}")
    return page.render({"goal_form": form}, status=400)


@planning_page
@require_POST
def record_goal_value(request: PlanningRequest, plan_id: int, goal_id: int) -> HttpResponse:
    page = _current_page(request, plan_id)
    goal = next((goal for goal in page.version.goals.all() if goal.pk == goal_id), None)
    if goal is None:
        raise NotFound()
    form = GoalValueForm(request.POST)
    if form.is_valid():
        try:
            services.record_goal_value(goal=goal, by=request.user, **form.cleaned_data)
        except DomainError as error:
            _refused(form, error)
        else:
            return _changed(request, page, _("The current value is recorded."), f"goal-{goal.pk}")
    messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return page.render(status=400)


@planning_page
@require_POST
def add_measure(request: PlanningRequest, plan_id: int) -> HttpResponse:
    page = _current_page(request, plan_id)
    form = MeasureForm(
        request.POST,
        fields_of_action=page.fields_of_action,
        organisation_ids=page.organisation_ids,
    )
    if form.is_valid():
        try:
            measure = services.add_measure(
                version=page.version, by=request.user, **form.cleaned_data
            )
        except DomainError as error:
            _refused(form, error)
        else:
            return _changed(
                request, page, _("The measure is added to the plan."), f"measure-{measure.pk}"
            )
    return page.render({"measure_form": form}, status=400)


@planning_page
@require_POST
def change_measure_status(request: PlanningRequest, plan_id: int, measure_id: int) -> HttpResponse:
    page = _current_page(request, plan_id)
    measure = next((m for m in page.version.measures.all() if m.pk == measure_id), None)
    if measure is None:
        raise NotFound()
    try:
        services.change_measure_status(
            measure=measure, status=request.POST.get("status", ""), by=request.user
        )
    except DomainError as error:
        messages.error(request, str(error.message))
        return page.render(status=400)
    return _changed(request, page, _("The measure's status is changed."), f"measure-{measure.pk}")


@planning_page
@require_POST
def add_milestone(request: PlanningRequest, plan_id: int) -> HttpResponse:
    page = _current_page(request, plan_id)
    form = MilestoneForm(
        request.POST,
        fields_of_action=page.fields_of_action,
        people=page.people(),
        measures=page.measures(),
    )
    if form.is_valid():
        data = form.cleaned_data
        people = {
            str(person.pk): person for person in selectors.responsible_people(page.plan.region)
        }
        measures = {str(measure.pk): measure for measure in page.version.measures.all()}
        try:
            milestone = services.add_milestone(
                version=page.version,
                field_of_action=data["field_of_action"],
                title=data["title"],
                due_on=data["due_on"],
                responsible=people.get(data["responsible"] or ""),
                measure=measures.get(data["measure"] or ""),
                by=request.user,
            )
        except DomainError as error:
            _refused(form, error)
        else:
            return _changed(
                request, page, _("The milestone is added."), f"milestone-{milestone.pk}"
            )
    return page.render({"milestone_form": form}, status=400)


@planning_page
@require_POST
def complete_milestone(request: PlanningRequest, plan_id: int, milestone_id: int) -> HttpResponse:
    page = _current_page(request, plan_id)
    milestone = next((m for m in page.version.milestones.all() if m.pk == milestone_id), None)
    if milestone is None:
        raise NotFound()
    try:
        services.complete_milestone(milestone=milestone, by=request.user)
    except DomainError as error:
        messages.error(request, str(error.message))
        return page.render(status=400)
    return _changed(request, page, _("The milestone is done."), f"milestone-{milestone.pk}")
