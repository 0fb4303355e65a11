"""Empowerment plans: goals worded with the client, reviews of their independence, milestones.

Only social workers with the client on their caseload reach a plan; every read is audited.
"""

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import DateField, DateTimeField, ScopedPrimaryKeyField, parse, user_of
from lisko.access import roles
from lisko.clients.selectors import colleagues_for, visible_client
from lisko.organisations.selectors import fields_of_action_visible_to
from lisko.plans import services
from lisko.plans.models import EmpowermentPlan, Goal, GoalReview, Milestone
from lisko.plans.selectors import goal_for, latest_level, milestone_for, plan_for


class GoalReviewSerializer(serializers.ModelSerializer):
    class Meta:
        model = GoalReview
        fields = ["id", "reviewed_on", "level", "note", "reviewed_by"]


class MilestoneSerializer(serializers.ModelSerializer):
    responsible = serializers.CharField(read_only=True)

    class Meta:
        model = Milestone
        fields = [
            "id",
            "title",
            "due_date",
            "responsible_user",
            "responsible_text",
            "responsible",
            "done_at",
        ]


class GoalSerializer(serializers.ModelSerializer):
    field_of_action_name = serializers.SerializerMethodField()
    latest_level = serializers.SerializerMethodField()
    reviews = GoalReviewSerializer(many=True, read_only=True)
    milestones = MilestoneSerializer(many=True, read_only=True)

    class Meta:
        model = Goal
        fields = [
            "id",
            "field_of_action",
            "field_of_action_name",
            "wording",
            "status",
            "intake_level",
            "latest_level",
            "created_at",
            "closed_at",
            "reviews",
            "milestones",
        ]

    @extend_schema_field(serializers.CharField())
    def get_field_of_action_name(self, goal: Goal) -> str:
        return goal.field_of_action.display_name()

    @extend_schema_field(serializers.IntegerField())
    def get_latest_level(self, goal: Goal) -> int:
        return latest_level(goal)


class PlanSerializer(serializers.ModelSerializer):
    goals = GoalSerializer(many=True, read_only=True)

    class Meta:
        model = EmpowermentPlan
        fields = ["id", "client", "created_by", "created_at", "updated_at", "goals"]


# Input ----------------------------------------------------------------------------------


class GoalInSerializer(serializers.Serializer):
    field_of_action = ScopedPrimaryKeyField(
        scope=lambda user: fields_of_action_visible_to(user=user, roles=roles.CASEWORK)
    )
    wording = serializers.CharField(max_length=5000)
    intake_level = serializers.IntegerField()


class WordingSerializer(serializers.Serializer):
    wording = serializers.CharField(max_length=5000)


class GoalStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Goal.Status.choices)


class ReviewInSerializer(serializers.Serializer):
    level = serializers.IntegerField()
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    reviewed_on = DateField(required=False, allow_null=True)


class MilestoneInSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    due_date = DateField()
    responsible_user = ScopedPrimaryKeyField(
        scope=lambda user: colleagues_for(user=user), required=False, allow_null=True
    )
    responsible_text = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )


class CompleteMilestoneSerializer(serializers.Serializer):
    done_at = DateTimeField(required=False, allow_null=True)


def _without_nulls(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if value is not None}


# Views ----------------------------------------------------------------------------------


class PlanView(generics.GenericAPIView):
    """The client's empowerment plan with its goals, reviews and milestones."""

    serializer_class = PlanSerializer

    def get(self, request: Request, pk: int) -> Response:
        plan = plan_for(user=user_of(request), client_id=pk, reason="api: empowerment plan")
        return Response(PlanSerializer(plan).data)

    @extend_schema(request=None, responses={201: PlanSerializer})
    def post(self, request: Request, pk: int) -> Response:
        user = user_of(request)
        client = visible_client(user=user, client_id=pk)
        plan = services.create_plan(client=client, by=user)
        return Response(PlanSerializer(plan).data, status=status.HTTP_201_CREATED)


class GoalListView(generics.GenericAPIView):
    """Add a goal to the client's plan."""

    serializer_class = GoalSerializer

    @extend_schema(request=GoalInSerializer, responses={201: GoalSerializer})
    def post(self, request: Request, pk: int) -> Response:
        user = user_of(request)
        client = visible_client(user=user, client_id=pk)
        plan = get_object_or_404(EmpowermentPlan.objects.select_related("client"), client=client)
        data = parse(GoalInSerializer, request)
        goal = services.add_goal(plan=plan, by=user, **data)
        return Response(GoalSerializer(goal).data, status=status.HTTP_201_CREATED)


class GoalDetailView(generics.GenericAPIView):
    """Reword a goal, together with the client."""

    serializer_class = GoalSerializer

    @extend_schema(request=WordingSerializer, responses=GoalSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        user = user_of(request)
        goal = goal_for(user=user, goal_id=pk)
        data = parse(WordingSerializer, request)
        goal = services.reword_goal(goal=goal, by=user, **data)
        return Response(GoalSerializer(goal).data)


class GoalStatusView(generics.GenericAPIView):
    """Mark a goal achieved, paused, dropped or open again."""

    serializer_class = GoalSerializer

    @extend_schema(request=GoalStatusSerializer, responses=GoalSerializer)
    def post(self, request: Request, pk: int) -> Response:
        user = user_of(request)
        goal = goal_for(user=user, goal_id=pk)
        data = parse(GoalStatusSerializer, request)
        goal = services.change_goal_status(goal=goal, by=user, **data)
        return Response(GoalSerializer(goal).data)


class GoalReviewView(generics.GenericAPIView):
    """Record the client's independence level for a goal at a review."""

    serializer_class = GoalReviewSerializer

    @extend_schema(request=ReviewInSerializer, responses={201: GoalReviewSerializer})
    def post(self, request: Request, pk: int) -> Response:
        user = user_of(request)
        goal = goal_for(user=user, goal_id=pk)
        data = _without_nulls(parse(ReviewInSerializer, request))
        review = services.review_goal(goal=goal, by=user, **data)
        return Response(GoalReviewSerializer(review).data, status=status.HTTP_201_CREATED)


class GoalMilestoneView(generics.GenericAPIView):
    """Add a step towards a goal, with its due date and who is responsible."""

    serializer_class = MilestoneSerializer

    @extend_schema(request=MilestoneInSerializer, responses={201: MilestoneSerializer})
    def post(self, request: Request, pk: int) -> Response:
        user = user_of(request)
        goal = goal_for(user=user, goal_id=pk)
        data = parse(MilestoneInSerializer, request)
        milestone = services.add_milestone(goal=goal, by=user, **data)
        return Response(MilestoneSerializer(milestone).data, status=status.HTTP_201_CREATED)


class MilestoneCompleteView(generics.GenericAPIView):
    """Mark a milestone done."""

    serializer_class = MilestoneSerializer

    @extend_schema(request=CompleteMilestoneSerializer, responses=MilestoneSerializer)
    def post(self, request: Request, pk: int) -> Response:
        user = user_of(request)
        milestone = milestone_for(user=user, milestone_id=pk)
        data = _without_nulls(parse(CompleteMilestoneSerializer, request))
        milestone = services.complete_milestone(milestone=milestone, by=user, **data)
        return Response(MilestoneSerializer(milestone).data)
