"""Matching runs: coordinators start one, follow its progress, and read its result with the
reason for every request left open."""

from typing import Any

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from api.appointments import reason_sentence
from api.base import DateTimeField, ScopedPrimaryKeyField, first_of, parse, user_of
from lisko.access import organisations_where, roles
from lisko.matchingruns import services
from lisko.matchingruns.models import MatchingRun, MatchingRunRequest
from lisko.matchingruns.selectors import matching_run_for, matching_run_list_for

# Output ---------------------------------------------------------------------------------


class MatchingRunSerializer(serializers.ModelSerializer):
    """A run's progress and the solver's figures."""

    class Meta:
        model = MatchingRun
        fields = [
            "id",
            "organisation",
            "started_by",
            "status",
            "window_from",
            "window_until",
            "created_at",
            "started_at",
            "finished_at",
            "request_count",
            "interpreter_count",
            "assigned_count",
            "unassigned_count",
            "solver_status",
            "served_priority",
            "cost",
            "bound_priority",
            "bound_cost",
            "gap",
            "wall_s",
            "error",
        ]


class MatchingRunRequestSerializer(serializers.ModelSerializer):
    """What the run decided for one appointment: an interpreter, or why none."""

    reason = serializers.SerializerMethodField()
    start = serializers.DateTimeField(source="appointment.start", read_only=True)
    language = serializers.CharField(source="appointment.language_id", read_only=True)

    class Meta:
        model = MatchingRunRequest
        fields = [
            "appointment",
            "start",
            "language",
            "outcome",
            "interpreter",
            "reason_code",
            "reason_data",
            "reason",
            "score",
        ]

    @extend_schema_field(serializers.CharField())
    def get_reason(self, request: MatchingRunRequest) -> str:
        return reason_sentence(
            request.reason_code, request.reason_data, request.appointment.language.code
        )


class MatchingRunDetailSerializer(MatchingRunSerializer):
    requests = MatchingRunRequestSerializer(many=True, read_only=True)

    class Meta(MatchingRunSerializer.Meta):
        fields = [*MatchingRunSerializer.Meta.fields, "requests"]


# Input ----------------------------------------------------------------------------------


class StartRunSerializer(serializers.Serializer):
    window_from = DateTimeField()
    window_until = DateTimeField()
    organisation = ScopedPrimaryKeyField(
        scope=lambda user: organisations_where(user, roles.COORDINATING), required=False
    )


# Views ----------------------------------------------------------------------------------


class MatchingRunFilter(django_filters.FilterSet):
    class Meta:
        model = MatchingRun
        fields = ["status"]


class MatchingRunListView(generics.ListAPIView):
    """The matching runs of the organisations you coordinate, newest first; start one here."""

    serializer_class = MatchingRunSerializer
    filterset_class = MatchingRunFilter
    ordering_fields = ["created_at", "finished_at"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self) -> QuerySet[MatchingRun]:
        return matching_run_list_for(user=user_of(self.request))

    @extend_schema(request=StartRunSerializer, responses={201: MatchingRunSerializer})
    def post(self, request: Request) -> Response:
        user = user_of(request)
        data: dict[str, Any] = dict(parse(StartRunSerializer, request))
        organisation = data.pop("organisation", None) or first_of(
            organisations_where(user, roles.COORDINATING).order_by("id")
        )
        run = services.request_matching_run_in_window(organisation=organisation, by=user, **data)
        return Response(MatchingRunSerializer(run).data, status=status.HTTP_201_CREATED)


class MatchingRunDetailView(generics.GenericAPIView):
    """One run: its progress, figures and, once done, the decision for every request."""

    serializer_class = MatchingRunDetailSerializer

    def get(self, request: Request, pk: int) -> Response:
        run = matching_run_for(user=user_of(request), run_id=pk)
        return Response(MatchingRunDetailSerializer(run).data)
