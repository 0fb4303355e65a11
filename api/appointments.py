"""Appointments: book, change, cancel, request an interpreter; coordinators make and withdraw
offers. Social workers reach their caseload's appointments, coordinators the organisation's."""

from typing import Any

import django_filters
from django.db import transaction
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import (
    AuditedListView,
    DateTimeField,
    ScopedPrimaryKeyField,
    parse,
    user_of,
)
from api.pagination import TimelinePagination
from lisko.appointments import services
from lisko.appointments.models import AlternativeSlot, Appointment, Assignment
from lisko.appointments.selectors import (
    appointment_for,
    appointment_list_for,
    appointments_in_order,
)
from lisko.audit.models import AuditEvent
from lisko.audit.services import record_access
from lisko.clients.models import Client, Gender
from lisko.clients.selectors import clients_visible_to
from lisko.interpreters.models import Interpreter, Modality, Skill
from lisko.interpreters.selectors import interpreter_pool_for
from lisko.languages.models import Language
from lisko.matchingruns.reasons import reason_sentence as matcher_reason
from lisko.places.models import Municipality
from lisko.plans.selectors import goals_visible_to


def reason_sentence(code: str, data: dict[str, Any], language: str = "") -> str:
    """Why no interpreter was found, as one sentence in the reader's language."""
    if not code:
        return ""
    return matcher_reason(code, {"language": language, **(data or {})})


# Output ---------------------------------------------------------------------------------


class AppointmentClientSerializer(serializers.ModelSerializer):
    """As much of the client as an appointment needs: the reference and the first name."""

    class Meta:
        model = Client
        fields = ["id", "reference", "first_name"]


class AlternativeSlotSerializer(serializers.ModelSerializer):
    class Meta:
        model = AlternativeSlot
        fields = ["start", "end"]


class AppointmentSerializer(serializers.ModelSerializer):
    client = AppointmentClientSerializer(read_only=True)
    skills = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        allow_null=True,
        help_text="Specialisations chosen for this appointment; null: those its kind needs.",
    )
    language: serializers.SlugRelatedField[Language] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    unfilled_reason_text = serializers.SerializerMethodField()

    class Meta:
        model = Appointment
        fields = [
            "id",
            "client",
            "booked_by",
            "kind",
            "status",
            "start",
            "end",
            "modality",
            "municipality",
            "address",
            "remote_link",
            "language",
            "gender",
            "min_level",
            "min_proficiency",
            "priority",
            "skills",
            "notes_for_interpreter",
            "goal",
            "unfilled_reason",
            "unfilled_reason_text",
            "cancellation_reason",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(serializers.CharField())
    def get_unfilled_reason_text(self, appointment: Appointment) -> str:
        return reason_sentence(
            appointment.unfilled_reason, appointment.unfilled_data, appointment.language.code
        )


class AppointmentDetailSerializer(AppointmentSerializer):
    alternative_slots = AlternativeSlotSerializer(many=True, read_only=True)

    class Meta(AppointmentSerializer.Meta):
        fields = [*AppointmentSerializer.Meta.fields, "alternative_slots"]


class StaffAssignmentSerializer(serializers.ModelSerializer):
    """An offer or booking as staff see it: who, in which state, and the answer."""

    interpreter_name = serializers.SerializerMethodField()

    class Meta:
        model = Assignment
        fields = [
            "id",
            "interpreter",
            "interpreter_name",
            "state",
            "start",
            "end",
            "travel_minutes",
            "expires_at",
            "offered_at",
            "responded_at",
            "decline_reason",
            "decline_note",
            "actual_start",
            "actual_end",
            "actual_travel_minutes",
        ]

    def get_interpreter_name(self, assignment: Assignment) -> str:
        return str(assignment.interpreter)


# Input ----------------------------------------------------------------------------------


class SlotSerializer(serializers.Serializer):
    start = DateTimeField()
    end = DateTimeField()


class AppointmentChangeSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Appointment.Kind.choices)
    start = DateTimeField()
    end = DateTimeField()
    language = serializers.SlugRelatedField(slug_field="code", queryset=Language.objects.all())
    modality = serializers.ChoiceField(choices=Modality.choices, required=False)
    municipality = serializers.PrimaryKeyRelatedField(
        queryset=Municipality.objects.all(), required=False, allow_null=True
    )
    address = serializers.CharField(max_length=300, required=False, allow_blank=True)
    remote_link = serializers.CharField(max_length=500, required=False, allow_blank=True)
    gender = serializers.ChoiceField(choices=Gender.choices, required=False, allow_blank=True)
    min_level = serializers.IntegerField(required=False, min_value=0, max_value=32767)
    min_proficiency = serializers.IntegerField(required=False, min_value=0, max_value=32767)
    priority = serializers.IntegerField(required=False, min_value=0, max_value=32767)
    skills = serializers.ListField(
        child=serializers.ChoiceField(choices=Skill.choices),
        required=False,
        allow_null=True,
        max_length=len(Skill.choices),
        help_text="Specialisations needed; null or absent: those the kind needs.",
    )
    notes_for_interpreter = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    goal = ScopedPrimaryKeyField(
        scope=lambda user: goals_visible_to(user=user), required=False, allow_null=True
    )


class AppointmentBookSerializer(AppointmentChangeSerializer):
    client = ScopedPrimaryKeyField(scope=lambda user: clients_visible_to(user=user))
    alternative_slots = SlotSerializer(many=True, required=False, max_length=10)  # type: ignore[call-arg]
    request = serializers.BooleanField(
        required=False, default=False, help_text="Ask for an interpreter at once."
    )


class CancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class MakeOfferSerializer(serializers.Serializer):
    interpreter = ScopedPrimaryKeyField(scope=lambda user: interpreter_pool_for(user=user))
    expires_at = DateTimeField(required=False, allow_null=True)
    travel_minutes = serializers.IntegerField(required=False, default=0, max_value=32767)


class WithdrawOffersSerializer(serializers.Serializer):
    include_accepted = serializers.BooleanField(required=False, default=False)


class WithdrawnSerializer(serializers.Serializer):
    withdrawn = serializers.IntegerField()


# Views ----------------------------------------------------------------------------------


class AppointmentFilter(django_filters.FilterSet):
    start_after = django_filters.IsoDateTimeFilter(field_name="start", lookup_expr="gte")
    start_before = django_filters.IsoDateTimeFilter(field_name="start", lookup_expr="lt")
    # A plain id, not a choice among all rows: another organisation's id must answer as an
    # unknown one does (an empty list), or the difference tells that it exists.
    client = django_filters.NumberFilter(field_name="client_id", min_value=1, max_value=2**63 - 1)
    language = django_filters.CharFilter(field_name="language__code")

    class Meta:
        model = Appointment
        fields = ["status", "kind", "client", "modality"]


class AppointmentListView(AuditedListView):
    """The appointments you may see: your caseload's, or as coordinator the organisation's,
    by time, a page of 50 at a time (follow `next`)."""

    serializer_class = AppointmentSerializer
    filterset_class = AppointmentFilter
    pagination_class = TimelinePagination
    # The cursor pages by the first field, so only (nearly) unique times can order the list.
    ordering_fields = ["start", "created_at"]
    ordering = ["start", "id"]
    audit_reason = "api: appointment list"

    def get_queryset(self) -> QuerySet[Appointment, Any]:
        # Bare rows to find the page; load_page reads the page's details by primary key.
        return appointment_list_for(user=user_of(self.request)).values("id", "start", "created_at")

    def load_page(self, page: list[dict[str, Any]]) -> list[Appointment]:
        return appointments_in_order([row["id"] for row in page])

    @extend_schema(request=AppointmentBookSerializer, responses={201: AppointmentDetailSerializer})
    def post(self, request: Request) -> Response:
        data = dict(parse(AppointmentBookSerializer, request))
        slots = [(slot["start"], slot["end"]) for slot in data.pop("alternative_slots", [])]
        appointment = services.book_appointment(
            by=user_of(request), alternative_slots=slots, **data
        )
        return Response(
            AppointmentDetailSerializer(appointment).data, status=status.HTTP_201_CREATED
        )


def audited_appointment(request: Request, pk: int, reason: str) -> Appointment:
    """The appointment if the user may see it; the read is recorded with it."""
    user = user_of(request)
    with transaction.atomic():
        appointment = appointment_for(user=user, appointment_id=pk)
        record_access(
            actor=user,
            action=AuditEvent.Action.READ,
            obj=appointment,
            client_id=appointment.client_id,
            reason=reason,
            organisation_id=appointment.organisation_id,
        )
    return appointment


class AppointmentDetailView(generics.GenericAPIView):
    """One appointment; a change that matters for matching voids the offers made so far."""

    serializer_class = AppointmentDetailSerializer

    def get(self, request: Request, pk: int) -> Response:
        appointment = audited_appointment(request, pk, "api: appointment detail")
        return Response(AppointmentDetailSerializer(appointment).data)

    @extend_schema(
        request=AppointmentChangeSerializer(partial=True), responses=AppointmentDetailSerializer
    )
    def patch(self, request: Request, pk: int) -> Response:
        user = user_of(request)
        appointment = appointment_for(user=user, appointment_id=pk)
        serializer = AppointmentChangeSerializer(
            data=request.data, partial=True, context={"request": request}
        )
        serializer.is_valid(raise_exception=True)
        appointment = services.change_appointment(
            appointment=appointment, by=user, **serializer.validated_data
        )
        return Response(AppointmentDetailSerializer(appointment).data)


class AppointmentCancelView(generics.GenericAPIView):
    """Cancel the appointment; every offer and booking for it is withdrawn."""

    serializer_class = AppointmentDetailSerializer

    @extend_schema(request=CancelSerializer, responses=AppointmentDetailSerializer)
    def post(self, request: Request, pk: int) -> Response:
        user = user_of(request)
        appointment = appointment_for(user=user, appointment_id=pk)
        data = parse(CancelSerializer, request)
        appointment = services.cancel_appointment(appointment=appointment, by=user, **data)
        return Response(AppointmentDetailSerializer(appointment).data)


class AppointmentRequestInterpreterView(generics.GenericAPIView):
    """Ask for an interpreter: the appointment joins the open requests."""

    serializer_class = AppointmentDetailSerializer

    @extend_schema(request=None, responses=AppointmentDetailSerializer)
    def post(self, request: Request, pk: int) -> Response:
        user = user_of(request)
        appointment = appointment_for(user=user, appointment_id=pk)
        appointment = services.request_interpreter(appointment=appointment, by=user)
        return Response(AppointmentDetailSerializer(appointment).data)


class AppointmentOffersView(generics.GenericAPIView):
    """The offers and the booking for one appointment; coordinators make new offers here."""

    serializer_class = StaffAssignmentSerializer
    # Only names the model for the schema; objects come from the selectors.
    queryset = Assignment.objects.none()
    # A client has few of these: the whole list, unpaginated.
    pagination_class = None

    @extend_schema(responses=StaffAssignmentSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        appointment = appointment_for(user=user_of(request), appointment_id=pk)
        assignments = appointment.assignments.select_related("interpreter").order_by("created_at")
        return Response(StaffAssignmentSerializer(assignments, many=True).data)

    @extend_schema(request=MakeOfferSerializer, responses={201: StaffAssignmentSerializer})
    def post(self, request: Request, pk: int) -> Response:
        user = user_of(request)
        appointment = appointment_for(user=user, appointment_id=pk)
        data = dict(parse(MakeOfferSerializer, request))
        interpreter: Interpreter = data.pop("interpreter")
        assignment = services.create_offer(
            appointment=appointment, interpreter=interpreter, by=user, **data
        )
        return Response(StaffAssignmentSerializer(assignment).data, status=status.HTTP_201_CREATED)


class AppointmentWithdrawOffersView(generics.GenericAPIView):
    """Withdraw the open offers (and, if asked, the booking) of one appointment."""

    serializer_class = WithdrawnSerializer

    @extend_schema(request=WithdrawOffersSerializer, responses=WithdrawnSerializer)
    def post(self, request: Request, pk: int) -> Response:
        user = user_of(request)
        appointment = appointment_for(user=user, appointment_id=pk)
        data = parse(WithdrawOffersSerializer, request)
        withdrawn = services.withdraw_offers(appointment=appointment, by=user, **data)
        return Response({"withdrawn": withdrawn})
