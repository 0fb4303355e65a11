"""The audit trail, read-only, for the organisation's admins. Nothing here writes or changes it:
the model refuses updates and deletes, and on PostgreSQL a trigger does too."""

import django_filters
from django.db.models import QuerySet
from rest_framework import generics, serializers

from api.base import user_of
from api.pagination import TimelinePagination
from lisko.audit.models import AuditEvent
from lisko.audit.selectors import audit_events_for


class AuditEventSerializer(serializers.ModelSerializer):
    actor_name = serializers.SerializerMethodField()

    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "at",
            "actor",
            "actor_name",
            "organisation",
            "action",
            "client_id",
            "object_type",
            "object_id",
            "reason",
        ]

    def get_actor_name(self, event: AuditEvent) -> str:
        return str(event.actor) if event.actor_id else ""


class AuditEventFilter(django_filters.FilterSet):
    at_after = django_filters.IsoDateTimeFilter(field_name="at", lookup_expr="gte")
    at_before = django_filters.IsoDateTimeFilter(field_name="at", lookup_expr="lt")
    client_id = django_filters.NumberFilter(field_name="client_id", max_value=2**63 - 1)

    class Meta:
        model = AuditEvent
        fields = ["actor", "action", "object_type"]


class AuditEventListView(generics.ListAPIView):
    """Who read or changed which client's data, when and why, newest first."""

    serializer_class = AuditEventSerializer
    filterset_class = AuditEventFilter
    pagination_class = TimelinePagination
    ordering_fields = ["at"]
    ordering = ["-at", "-id"]

    def get_queryset(self) -> QuerySet[AuditEvent]:
        return audit_events_for(user=user_of(self.request))
