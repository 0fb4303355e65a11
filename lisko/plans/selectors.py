"""Reading empowerment plans, scoped to the social worker who asks; every read is audited."""

from django.db.models import Prefetch

from lisko.accounts.models import User
from lisko.audit.models import AuditEvent
from lisko.audit.services import record_access
from lisko.clients.selectors import visible_client
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
