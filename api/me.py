"""The person who asks: who they are, and for interpreters and key persons their offers and
assignments, with only what they need: time, place or link, language, kind, the client's first
name and the social worker's contact. Nothing of plans, notes, status or origin."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import AuditedListView, DateTimeField, parse, user_of
from lisko.accounts.models import User
from lisko.appointments import services
from lisko.appointments.models import Appointment, Assignment
from lisko.appointments.selectors import (
    assignment_for_interpreter,
    bookings_for_interpreter,
    offers_for_interpreter,
)
from lisko.languages.models import Language
from lisko.organisations.models import Membership

# Output ---------------------------------------------------------------------------------


class MembershipSerializer(serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = Membership
        fields = ["organisation", "organisation_name", "role"]


class MeSerializer(serializers.ModelSerializer):
    memberships = MembershipSerializer(many=True, read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "first_name", "last_name", "email", "language", "memberships"]


class SocialWorkerContactSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="get_full_name", read_only=True)

    class Meta:
        model = User
        fields = ["name", "email", "phone"]


class InterpreterAppointmentSerializer(serializers.ModelSerializer):
    """The appointment as an interpreter sees it."""

    language: serializers.SlugRelatedField[Language] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    municipality_name = serializers.SerializerMethodField()
    address = serializers.SerializerMethodField()
    remote_link = serializers.SerializerMethodField()
    client_first_name = serializers.SerializerMethodField(
        help_text="Empty unless the client agreed to interpreting (a consent of that purpose)."
    )
    social_worker = SocialWorkerContactSerializer(source="booked_by", read_only=True)

    class Meta:
        model = Appointment
        fields = [
            "id",
            "kind",
            "start",
            "end",
            "modality",
            "municipality",
            "municipality_name",
            "address",
            "remote_link",
            "language",
            "notes_for_interpreter",
            "client_first_name",
            "social_worker",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_municipality_name(self, appointment: Appointment) -> str | None:
        return appointment.municipality.name if appointment.municipality is not None else None

    def get_client_first_name(self, appointment: Appointment) -> str:
        # Filled in by InterpreterAssignmentSerializer, which knows the consent.
        return ""

    def get_address(self, appointment: Appointment) -> str:
        return appointment.where_for_interpreter()[0]

    def get_remote_link(self, appointment: Appointment) -> str:
        return appointment.where_for_interpreter()[1]


class InterpreterAssignmentSerializer(serializers.ModelSerializer):
    """An offer or a booking as its interpreter sees it."""

    appointment = InterpreterAppointmentSerializer(read_only=True)
    start = serializers.DateTimeField(
        source="offered_start",
        read_only=True,
        help_text="When the interpreter is asked to come: one of the appointment's alternative "
        "times when the matcher chose it (the appointment moves there on accept).",
    )
    end = serializers.DateTimeField(source="offered_end", read_only=True)
    at_alternative_time = serializers.BooleanField(read_only=True)

    class Meta:
        model = Assignment
        fields = [
            "id",
            "state",
            "start",
            "end",
            "at_alternative_time",
            "expires_at",
            "travel_minutes",
            "decline_reason",
            "decline_note",
            "actual_start",
            "actual_end",
            "actual_travel_minutes",
            "appointment",
        ]

    def to_representation(self, assignment: Assignment) -> dict[str, Any]:
        data = super().to_representation(assignment)
        # The appointment as offered: at the chosen alternative time, if there is one.
        data["appointment"]["start"] = data["start"]
        data["appointment"]["end"] = data["end"]
        # The client's first name only where their consent to interpreting covers it.
        if getattr(assignment, "client_consents", False):
            data["appointment"]["client_first_name"] = assignment.appointment.client.first_name
        return data


# Input ----------------------------------------------------------------------------------


class DeclineOfferSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=Assignment.DeclineReason.choices)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class TimeLogSerializer(serializers.Serializer):
    actual_start = DateTimeField()
    actual_end = DateTimeField()
    travel_minutes = serializers.IntegerField(
        max_value=32767, help_text="Travel time, both ways, in minutes."
    )


# Views ----------------------------------------------------------------------------------


class MeView(generics.GenericAPIView):
    """Who you are, and your roles in each organisation."""

    serializer_class = MeSerializer

    def get(self, request: Request) -> Response:
        user = User.objects.prefetch_related("memberships__organisation").get(
            pk=user_of(request).pk
        )
        return Response(MeSerializer(user).data)


class _InterpreterAssignmentList(AuditedListView):
    serializer_class = InterpreterAssignmentSerializer
    # Each listed assignment shows a client's first name: recorded against its appointment.
    audit_client_of = "client_id"
    ordering_fields = ["appointment__start", "expires_at"]

    def audited_objects(self, page: Any) -> list[Appointment]:
        return [assignment.appointment for assignment in page]


class MyOffersView(_InterpreterAssignmentList):
    """The offers waiting for your answer, soonest appointment first."""

    audit_reason = "api: interpreter offers"
    ordering = ["appointment__start", "id"]

    def get_queryset(self) -> QuerySet[Assignment]:
        return offers_for_interpreter(user=user_of(self.request))


class MyAssignmentsView(_InterpreterAssignmentList):
    """Your bookings, past and coming, in time order: attend the coming ones, log the time
    worked for the past ones."""

    audit_reason = "api: interpreter assignments"
    ordering = ["appointment__start", "id"]

    def get_queryset(self) -> QuerySet[Assignment]:
        return bookings_for_interpreter(user=user_of(self.request))


class AcceptOfferView(generics.GenericAPIView):
    """Take the appointment; refused if it would overlap another booking, travel included."""

    serializer_class = InterpreterAssignmentSerializer

    @extend_schema(request=None, responses=InterpreterAssignmentSerializer)
    def post(self, request: Request, pk: int) -> Response:
        user = user_of(request)
        assignment = assignment_for_interpreter(user=user, assignment_id=pk)
        assignment = services.accept_offer(assignment=assignment, by=user)
        return Response(InterpreterAssignmentSerializer(assignment).data)


class DeclineOfferView(generics.GenericAPIView):
    """Say no to an offer, with a reason."""

    serializer_class = InterpreterAssignmentSerializer

    @extend_schema(request=DeclineOfferSerializer, responses=InterpreterAssignmentSerializer)
    def post(self, request: Request, pk: int) -> Response:
        user = user_of(request)
        assignment = assignment_for_interpreter(user=user, assignment_id=pk)
        data = parse(DeclineOfferSerializer, request)
        assignment = services.decline_offer(assignment=assignment, by=user, **data)
        return Response(InterpreterAssignmentSerializer(assignment).data)


class TimeLogView(generics.GenericAPIView):
    """Log the time worked after the appointment: start, end and travel both ways."""

    serializer_class = InterpreterAssignmentSerializer

    @extend_schema(request=TimeLogSerializer, responses=InterpreterAssignmentSerializer)
    def post(self, request: Request, pk: int) -> Response:
        user = user_of(request)
        assignment = assignment_for_interpreter(user=user, assignment_id=pk)
        data = parse(TimeLogSerializer, request)
        assignment = services.complete_assignment(assignment=assignment, by=user, **data)
        return Response(InterpreterAssignmentSerializer(assignment).data)
