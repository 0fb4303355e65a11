"""Changing empowerment plans: goals worded with the client, reviews of their independence,
milestones. Only social workers with the client on their caseload act here."""

import datetime as dt

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lisko.access import access_of
from lisko.accounts.models import User
from lisko.audit.models import AuditEvent
from lisko.audit.services import record_access
from lisko.clients.models import Client
from lisko.clients.selectors import visible_client
from lisko.core.errors import DomainError
from lisko.organisations.models import FieldOfAction
from lisko.plans.models import (
    HIGHEST_LEVEL,
    LOWEST_LEVEL,
    EmpowermentPlan,
    Goal,
    GoalReview,
    Milestone,
)


def _ensure_on_caseload(*, user: User, client: Client) -> Client:
    return visible_client(user=user, client_id=client.pk)


def _audit(*, by: User, action: str, obj: models.Model, client: Client, reason: str) -> None:
    record_access(
        actor=by,
        action=action,
        obj=obj,
        client_id=client.pk,
        reason=reason,
        organisation_id=client.organisation_id,
    )


def _validate_level(level: int) -> None:
    is_whole_number = isinstance(level, int) and not isinstance(level, bool)
    if not is_whole_number or not LOWEST_LEVEL <= level <= HIGHEST_LEVEL:
        raise DomainError(
            _("The independence level is a whole number from 1 to 5."), code="invalid_level"
        )


def _locked(goal: Goal) -> Goal:
    # Decide on the goal as stored, not on a copy the caller may hold from before a change.
    return Goal.objects.select_for_update(no_key=True).get(pk=goal.pk)


def _ensure_open(goal: Goal) -> None:
    if goal.status in (Goal.Status.ACHIEVED, Goal.Status.DROPPED):
        raise DomainError(_("This goal is closed."), code="goal_closed")


@transaction.atomic
def create_plan(*, client: Client, by: User) -> EmpowermentPlan:
    """Start the client's empowerment plan; each client has one."""
    client = _ensure_on_caseload(user=by, client=client)
    # Lock the client so two people starting the plan at once get one plan and one refusal.
    Client.objects.select_for_update(no_key=True).filter(pk=client.pk).first()
    if EmpowermentPlan.objects.filter(client=client).exists():
        raise DomainError(_("This client already has an empowerment plan."), code="duplicate_plan")
    plan = EmpowermentPlan.objects.create(client=client, created_by=by)
    _audit(by=by, action=AuditEvent.Action.CREATE, obj=plan, client=client, reason="plan started")
    return plan


@transaction.atomic
def add_goal(
    *,
    plan: EmpowermentPlan,
    field_of_action: FieldOfAction,
    wording: str,
    intake_level: int,
    by: User,
) -> Goal:
    """Add a goal, worded with the client, with their independence level at intake (1–5)."""
    client = _ensure_on_caseload(user=by, client=plan.client)
    if field_of_action.organisation_id != client.organisation_id:
        raise DomainError(
            _("The field of action belongs to another organisation."),
            code="foreign_field_of_action",
        )
    wording = wording.strip()
    if not wording:
        raise DomainError(_("A goal needs a wording."), code="wording_missing")
    _validate_level(intake_level)
    goal = Goal.objects.create(
        plan=plan,
        field_of_action=field_of_action,
        wording=wording,
        intake_level=intake_level,
        created_by=by,
    )
    _audit(by=by, action=AuditEvent.Action.CREATE, obj=goal, client=client, reason="goal added")
    return goal


@transaction.atomic
def reword_goal(*, goal: Goal, wording: str, by: User) -> Goal:
    """Change a goal's wording, again together with the client."""
    client = _ensure_on_caseload(user=by, client=goal.plan.client)
    wording = wording.strip()
    if not wording:
        raise DomainError(_("A goal needs a wording."), code="wording_missing")
    goal.wording = wording
    goal.save(update_fields=["wording"])
    _audit(by=by, action=AuditEvent.Action.UPDATE, obj=goal, client=client, reason="goal reworded")
    return goal


@transaction.atomic
def change_goal_status(*, goal: Goal, status: str, by: User) -> Goal:
    """Mark a goal achieved, paused, dropped or open again."""
    client = _ensure_on_caseload(user=by, client=goal.plan.client)
    if status not in Goal.Status.values:
        raise DomainError(_("This status is not one of the choices."), code="invalid_status")
    goal = _locked(goal)
    if goal.status == status:
        raise DomainError(_("The goal already has this status."), code="same_status")
    goal.status = status
    closed = status in (Goal.Status.ACHIEVED, Goal.Status.DROPPED)
    goal.closed_at = timezone.now() if closed else None
    goal.save(update_fields=["status", "closed_at"])
    _audit(
        by=by,
        action=AuditEvent.Action.UPDATE,
        obj=goal,
        client=client,
        reason="goal status changed",
    )
    return goal


@transaction.atomic
def review_goal(
    *,
    goal: Goal,
    level: int,
    by: User,
    note: str = "",
    reviewed_on: dt.date | None = None,
) -> GoalReview:
    """Record the client's independence level (1–5) for an open goal at a review."""
    client = _ensure_on_caseload(user=by, client=goal.plan.client)
    goal = _locked(goal)
    _ensure_open(goal)
    _validate_level(level)
    today = timezone.localdate()
    reviewed_on = reviewed_on or today
    if reviewed_on > today:
        raise DomainError(_("A review cannot be dated in the future."), code="review_in_future")
    if reviewed_on < timezone.localdate(goal.created_at):
        raise DomainError(
            _("A review cannot be dated before the goal was set."), code="review_before_goal"
        )
    review = GoalReview.objects.create(
        goal=goal, level=level, note=note.strip(), reviewed_on=reviewed_on, reviewed_by=by
    )
    _audit(
        by=by, action=AuditEvent.Action.CREATE, obj=review, client=client, reason="goal reviewed"
    )
    return review


@transaction.atomic
def add_milestone(
    *,
    goal: Goal,
    title: str,
    due_date: dt.date,
    by: User,
    responsible_user: User | None = None,
    responsible_text: str = "",
) -> Milestone:
    """Add a step towards a goal with its due date and who is responsible: a user of the
    organisation, or a person named in text."""
    client = _ensure_on_caseload(user=by, client=goal.plan.client)
    goal = _locked(goal)
    _ensure_open(goal)
    title = title.strip()
    responsible_text = responsible_text.strip()
    if not title:
        raise DomainError(_("A milestone needs a title."), code="title_missing")
    if responsible_user is None and not responsible_text:
        raise DomainError(
            _("A milestone needs someone responsible for it."), code="responsible_missing"
        )
    if responsible_user is not None and not access_of(responsible_user).belongs_to(
        client.organisation_id
    ):
        raise DomainError(
            _("{user} does not belong to the organisation.").format(user=responsible_user),
            code="responsible_foreign",
        )
    milestone = Milestone.objects.create(
        goal=goal,
        title=title,
        due_date=due_date,
        responsible_user=responsible_user,
        responsible_text=responsible_text,
    )
    _audit(
        by=by,
        action=AuditEvent.Action.CREATE,
        obj=milestone,
        client=client,
        reason="milestone added",
    )
    return milestone


@transaction.atomic
def complete_milestone(
    *, milestone: Milestone, by: User, done_at: dt.datetime | None = None
) -> Milestone:
    """Mark a milestone done (now, or at the given time, not in the future)."""
    client = _ensure_on_caseload(user=by, client=milestone.goal.plan.client)
    milestone = Milestone.objects.select_for_update(no_key=True).get(pk=milestone.pk)
    if milestone.done_at is not None:
        raise DomainError(_("This milestone is already done."), code="already_done")
    now = timezone.now()
    if done_at is not None and done_at > now:
        raise DomainError(_("A milestone cannot be done in the future."), code="done_in_future")
    milestone.done_at = done_at or now
    milestone.save(update_fields=["done_at"])
    _audit(
        by=by,
        action=AuditEvent.Action.UPDATE,
        obj=milestone,
        client=client,
        reason="milestone done",
    )
    return milestone
