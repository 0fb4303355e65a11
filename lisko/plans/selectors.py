"""Reading empowerment plans, scoped to the social worker who asks; every read is audited."""

import datetime as dt

from django.db.models import Max, Prefetch, Q, QuerySet
from django.utils import timezone

from lisko.access import access_of
from lisko.access.rules import goal_rule
from lisko.accounts.models import User
from lisko.audit.models import AuditEvent
from lisko.audit.services import record_access, record_reads
from lisko.clients.models import Client
from lisko.clients.selectors import clients_visible_to, visible_client
from lisko.core.errors import NotFound
from lisko.plans.models import EmpowermentPlan, Goal, GoalReview, Milestone


def plan_for(*, user: User, client_id: int, reason: str = "empowerment plan") -> EmpowermentPlan:
    """The client's plan with goals, reviews, milestones and referrals; NotFound for a foreign
    client or a client without a plan. The read is audited."""
    client = visible_client(user=user, client_id=client_id)
    plan = (
        EmpowermentPlan.objects.filter(client=client)
        .select_related("client", "created_by")
        .prefetch_related(
            Prefetch(
                "goals",
                queryset=Goal.objects.select_related("field_of_action").order_by(
                    "field_of_action__position", "created_at", "id"
                ),
            ),
            Prefetch("goals__reviews", queryset=GoalReview.objects.order_by("reviewed_on", "id")),
            Prefetch(
                "goals__milestones",
                queryset=Milestone.objects.select_related("responsible_user").order_by(
                    "due_date", "id"
                ),
            ),
            "goals__referrals__offer__association",
        )
        .first()
    )
    if plan is None:
        raise NotFound()
    record_access(
        actor=user,
        action=AuditEvent.Action.READ,
        obj=plan,
        client_id=client.pk,
        reason=reason,
        organisation_id=client.organisation_id,
    )
    return plan


def latest_level(goal: Goal) -> int:
    """The client's most recent independence level for this goal: the last review, else intake."""
    reviews = sorted(goal.reviews.all(), key=lambda review: (review.reviewed_on, review.pk))
    return reviews[-1].level if reviews else goal.intake_level


def goals_due_for_review(
    *, user: User, today: dt.date | None = None, every_days: int = 90
) -> list[Goal]:
    """Open goals on `user`'s caseload not reviewed for `every_days` days (or never, once the
    goal is that old), the longest overdue first; audited."""
    today = today or timezone.localdate()
    due_before = today - dt.timedelta(days=every_days)
    goals = (
        Goal.objects.filter(
            plan__client__in=clients_visible_to(user=user),
            plan__client__is_active=True,
            status=Goal.Status.OPEN,
        )
        .annotate(last_review=Max("reviews__reviewed_on"))
        .filter(
            Q(last_review__lt=due_before)
            | Q(last_review__isnull=True, created_at__date__lt=due_before)
        )
        .select_related("plan__client", "field_of_action")
        .order_by("last_review", "created_at", "id")
    )
    result: list[Goal] = list(goals[:50])
    record_reads(
        actor=user,
        objects=[goal.plan.client for goal in result],
        client_id_of="pk",
        reason="reviews due",
    )
    return result


def goal_for(*, user: User, goal_id: int) -> Goal:
    """A goal of a client `user` may work on, with its plan and client; NotFound otherwise.
    No audit (for services and actions; reading the plan is audited by plan_for)."""
    goal = (
        Goal.objects.filter(plan__client__in=clients_visible_to(user=user), pk=goal_id)
        .select_related("plan__client", "field_of_action")
        .first()
    )
    if goal is None:
        raise NotFound()
    return goal


def milestone_for(*, user: User, milestone_id: int) -> Milestone:
    """A milestone of a client `user` may work on, or NotFound; no audit (for actions)."""
    milestone = (
        Milestone.objects.filter(
            goal__plan__client__in=clients_visible_to(user=user), pk=milestone_id
        )
        .select_related("goal__plan__client")
        .first()
    )
    if milestone is None:
        raise NotFound()
    return milestone


def goals_visible_to(*, user: User) -> QuerySet[Goal]:
    """The goals of the clients `user` may work on; no audit (for choosing a goal)."""
    return Goal.objects.filter(goal_rule(access_of(user)))


def plan_of_client(*, client: Client) -> EmpowermentPlan | None:
    """The plan of a client the caller already may work on, or None; no audit (for actions)."""
    return EmpowermentPlan.objects.filter(client=client).first()


def open_goals_of(*, client_id: int) -> QuerySet[Goal]:
    """The open goals of a client the caller already may work on, in the plan's order (for
    choosing the goal an appointment or referral serves); no audit."""
    return (
        Goal.objects.filter(plan__client_id=client_id, status=Goal.Status.OPEN)
        .select_related("field_of_action")
        .order_by("field_of_action__position", "id")
    )
