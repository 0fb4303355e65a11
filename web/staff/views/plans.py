"""The empowerment plan: starting it, goals with their reviews and status, and milestones."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lisko.clients.selectors import visible_client
from lisko.core.errors import DomainError
from lisko.plans import services as plan_services
from lisko.plans.selectors import goal_for, milestone_for, plan_of_client
from web.staff.access import StaffRequest, social_worker_only
from web.staff.forms import MilestoneForm, ReviewForm
from web.staff.views.clients import client_page_again, goal_form
from web.staff.views.common import attempt, back_to_client, refused


@social_worker_only
@require_POST
def start_plan(request: StaffRequest, client_id: int) -> HttpResponse:
    """Start the client's empowerment plan."""
    client = visible_client(user=request.user, client_id=client_id)
    attempt(request, lambda: plan_services.create_plan(client=client, by=request.user))
    return back_to_client(client_id, "plan")


@social_worker_only
@require_POST
def add_goal(request: StaffRequest, client_id: int) -> HttpResponse:
    """Add a goal, worded with the client, to the plan."""
    client = visible_client(user=request.user, client_id=client_id)
    plan = plan_of_client(client=client)
    if plan is None:
        raise Http404()
    form = goal_form(client, request.POST)
    if not form.is_valid():
        return client_page_again(request, client_id, forms={"goal": form})
    try:
        goal = plan_services.add_goal(plan=plan, by=request.user, **form.cleaned_data)
    except DomainError as error:
        refused(form, error)
        return client_page_again(request, client_id, forms={"goal": form})
    messages.success(request, _("The goal is added to the plan."))
    return back_to_client(client_id, f"goal-{goal.pk}")


@social_worker_only
@require_POST
def review_goal(request: StaffRequest, goal_id: int) -> HttpResponse:
    """Record the client's independence level for a goal today."""
    goal = goal_for(user=request.user, goal_id=goal_id)
    form = ReviewForm(request.POST)
    if not form.is_valid() or not attempt(
        form,
        lambda: plan_services.review_goal(goal=goal, by=request.user, **form.cleaned_data),
    ):
        return client_page_again(
            request, goal.plan.client_id, goal_forms={goal.pk: {"review": form}}
        )
    messages.success(request, _("The review is recorded."))
    return back_to_client(goal.plan.client_id, f"goal-{goal.pk}")


@social_worker_only
@require_POST
def change_goal_status(request: StaffRequest, goal_id: int) -> HttpResponse:
    """Mark a goal achieved, paused, dropped or open again."""
    goal = goal_for(user=request.user, goal_id=goal_id)
    status = request.POST.get("status", "")
    attempt(
        request,
        lambda: plan_services.change_goal_status(goal=goal, status=status, by=request.user),
    )
    return back_to_client(goal.plan.client_id, f"goal-{goal.pk}")


@social_worker_only
@require_POST
def add_milestone(request: StaffRequest, goal_id: int) -> HttpResponse:
    """Add a step towards a goal; without a name, the social worker is responsible."""
    goal = goal_for(user=request.user, goal_id=goal_id)
    form = MilestoneForm(request.POST)
    if not form.is_valid():
        return client_page_again(
            request, goal.plan.client_id, goal_forms={goal.pk: {"milestone": form}}
        )
    responsible_text = form.cleaned_data["responsible_text"]
    if not attempt(
        form,
        lambda: plan_services.add_milestone(
            goal=goal,
            title=form.cleaned_data["title"],
            due_date=form.cleaned_data["due_date"],
            responsible_user=None if responsible_text else request.user,
            responsible_text=responsible_text,
            by=request.user,
        ),
    ):
        return client_page_again(
            request, goal.plan.client_id, goal_forms={goal.pk: {"milestone": form}}
        )
    messages.success(request, _("The step is added."))
    return back_to_client(goal.plan.client_id, f"goal-{goal.pk}")


@social_worker_only
@require_POST
def complete_milestone(request: StaffRequest, milestone_id: int) -> HttpResponse:
    """Mark a step done."""
    milestone = milestone_for(user=request.user, milestone_id=milestone_id)
    attempt(request, lambda: plan_services.complete_milestone(milestone=milestone, by=request.user))
    return back_to_client(milestone.goal.plan.client_id, f"goal-{milestone.goal_id}")
