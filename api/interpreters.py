"""The interpreter pool: interpreters and key persons with languages, weekly availability,
absences and conflicts of interest. Coordinators and admins keep the pool; interpreters and key
persons keep their own availability and absences under /api/me/."""

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import (
    DateField,
    DateTimeField,
    LocalTimeField,
    ScopedPrimaryKeyField,
    first_of,
    parse,
    user_of,
)
from lisko.access import organisations_where, roles
from lisko.clients.models import Gender
from lisko.interpreters import services
from lisko.interpreters.models import (
    Absence,
    ConflictOfInterest,
    Interpreter,
    InterpreterLanguage,
    WeeklyAvailability,
)
from lisko.interpreters.selectors import (
    clients_for_conflicts,
    interpreter_for,
    interpreter_pool_for,
    linkable_accounts_for,
    own_interpreter_profile,
)
from lisko.languages.models import Language
from lisko.places.models import Municipality


class InterpreterLanguageSerializer(serializers.ModelSerializer):
    language: serializers.SlugRelatedField[Language] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = InterpreterLanguage
        fields = ["language", "proficiency"]


class WeeklyAvailabilitySerializer(serializers.ModelSerializer):
    start_time = LocalTimeField(read_only=True)
    end_time = LocalTimeField(read_only=True)

    class Meta:
        model = WeeklyAvailability
        fields = ["weekday", "start_time", "end_time"]


class AbsenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Absence
        fields = ["id", "start", "end", "reason"]


class InterpreterSerializer(serializers.ModelSerializer):
    languages = InterpreterLanguageSerializer(many=True, read_only=True)
    weekly_availability = WeeklyAvailabilitySerializer(many=True, read_only=True)

    class Meta:
        model = Interpreter
        fields = [
            "id",
            "organisation",
            "user",
            "kind",
            "first_name",
            "last_name",
            "email",
            "phone",
            "level",
            "certification_expires",
            "gender",
            "home_municipality",
            "works_on_site",
            "works_by_phone",
            "works_by_video",
            "weekly_minutes_limit",
            "travel_limit_minutes",
            "is_active",
            "notes",
            "languages",
            "weekly_availability",
        ]


class InterpreterDetailSerializer(InterpreterSerializer):
    absences = AbsenceSerializer(many=True, read_only=True)

    class Meta(InterpreterSerializer.Meta):
        fields = [*InterpreterSerializer.Meta.fields, "home_latitude", "home_longitude", "absences"]


class OwnProfileSerializer(InterpreterDetailSerializer):
    """The profile as its interpreter sees it: without the coordinators' notes."""

    class Meta(InterpreterDetailSerializer.Meta):
        fields = [field for field in InterpreterDetailSerializer.Meta.fields if field != "notes"]


class ConflictSerializer(serializers.ModelSerializer):
    class Meta:
        model = ConflictOfInterest
        fields = ["id", "interpreter", "client", "reason", "note", "created_at"]


# Input ----------------------------------------------------------------------------------


class InterpreterChangeSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Interpreter.Kind.choices)
    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=100)
    home_municipality = serializers.PrimaryKeyRelatedField(queryset=Municipality.objects.all())
    level = serializers.IntegerField(required=False, min_value=0, max_value=32767)
    user = ScopedPrimaryKeyField(
        scope=lambda user: linkable_accounts_for(user=user), required=False, allow_null=True
    )
    email = serializers.EmailField(max_length=254, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=32, required=False, allow_blank=True)
    certification_expires = DateField(required=False, allow_null=True)
    gender = serializers.ChoiceField(choices=Gender.choices, required=False, allow_blank=True)
    home_latitude = serializers.FloatField(required=False, allow_null=True)
    home_longitude = serializers.FloatField(required=False, allow_null=True)
    works_on_site = serializers.BooleanField(required=False)
    works_by_phone = serializers.BooleanField(required=False)
    works_by_video = serializers.BooleanField(required=False)
    weekly_minutes_limit = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=2_000_000_000
    )
    travel_limit_minutes = serializers.IntegerField(
        required=False, allow_null=True, min_value=0, max_value=32767
    )
    is_active = serializers.BooleanField(required=False)
    notes = serializers.CharField(max_length=5000, required=False, allow_blank=True)


class InterpreterCreateSerializer(InterpreterChangeSerializer):
    organisation = ScopedPrimaryKeyField(
        scope=lambda user: organisations_where(user, roles.POOL_KEEPING), required=False
    )


class LanguageLevelSerializer(serializers.Serializer):
    language = serializers.SlugRelatedField(slug_field="code", queryset=Language.objects.all())
    proficiency = serializers.IntegerField()


class LanguagesInSerializer(serializers.Serializer):
    languages = LanguageLevelSerializer(many=True, max_length=50)  # type: ignore[call-arg]


class SlotInSerializer(serializers.Serializer):
    weekday = serializers.IntegerField()
    start_time = LocalTimeField()
    end_time = LocalTimeField()


class AvailabilityInSerializer(serializers.Serializer):
    slots = SlotInSerializer(many=True, max_length=100)  # type: ignore[call-arg]


class AbsenceInSerializer(serializers.Serializer):
    start = DateTimeField()
    end = DateTimeField()
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ConflictInSerializer(serializers.Serializer):
    client = ScopedPrimaryKeyField(scope=lambda user: clients_for_conflicts(user=user))
    reason = serializers.ChoiceField(choices=ConflictOfInterest.Reason.choices)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


# Shared steps ---------------------------------------------------------------------------


def set_languages(request: Request, interpreter: Interpreter) -> Response:
    data = parse(LanguagesInSerializer, request)
    levels = {row["language"].code: row["proficiency"] for row in data["languages"]}
    rows = services.set_interpreter_languages(
        interpreter=interpreter, by=user_of(request), languages=levels
    )
    return Response(InterpreterLanguageSerializer(rows, many=True).data)


def set_availability(request: Request, interpreter: Interpreter) -> Response:
    data = parse(AvailabilityInSerializer, request)
    slots = [(row["weekday"], row["start_time"], row["end_time"]) for row in data["slots"]]
    rows = services.set_weekly_availability(
        interpreter=interpreter, by=user_of(request), slots=slots
    )
    return Response(WeeklyAvailabilitySerializer(rows, many=True).data)


def add_absence(request: Request, interpreter: Interpreter) -> Response:
    data = parse(AbsenceInSerializer, request)
    absence = services.add_absence(interpreter=interpreter, by=user_of(request), **data)
    return Response(AbsenceSerializer(absence).data, status=status.HTTP_201_CREATED)


def remove_absence(request: Request, interpreter: Interpreter, absence_pk: int) -> Response:
    absence = get_object_or_404(interpreter.absences.select_related("interpreter"), pk=absence_pk)
    services.remove_absence(absence=absence, by=user_of(request))
    return Response(status=status.HTTP_204_NO_CONTENT)


# The pool -------------------------------------------------------------------------------


class InterpreterFilter(django_filters.FilterSet):
    language = django_filters.CharFilter(field_name="languages__language__code")

    class Meta:
        model = Interpreter
        fields = ["kind", "is_active", "home_municipality", "level"]


class InterpreterListView(generics.ListAPIView):
    """The interpreters and key persons of the pools you manage; add one here."""

    serializer_class = InterpreterSerializer
    filterset_class = InterpreterFilter
    ordering_fields = ["last_name", "first_name", "level"]
    ordering = ["last_name", "first_name", "id"]

    def get_queryset(self) -> QuerySet[Interpreter]:
        return interpreter_pool_for(user=user_of(self.request), include_inactive=True).distinct()

    @extend_schema(
        request=InterpreterCreateSerializer, responses={201: InterpreterDetailSerializer}
    )
    def post(self, request: Request) -> Response:
        user = user_of(request)
        data: dict[str, Any] = dict(parse(InterpreterCreateSerializer, request))
        organisation = data.pop("organisation", None) or first_of(
            organisations_where(user, roles.POOL_KEEPING).order_by("id")
        )
        interpreter = services.create_interpreter(organisation=organisation, by=user, **data)
        return Response(
            InterpreterDetailSerializer(interpreter).data, status=status.HTTP_201_CREATED
        )


class InterpreterDetailView(generics.GenericAPIView):
    """One interpreter or key person of your pool."""

    serializer_class = InterpreterDetailSerializer

    def get(self, request: Request, pk: int) -> Response:
        interpreter = interpreter_for(user=user_of(request), interpreter_id=pk)
        return Response(InterpreterDetailSerializer(interpreter).data)

    @extend_schema(
        request=InterpreterChangeSerializer(partial=True), responses=InterpreterDetailSerializer
    )
    def patch(self, request: Request, pk: int) -> Response:
        user = user_of(request)
        interpreter = interpreter_for(user=user, interpreter_id=pk)
        serializer = InterpreterChangeSerializer(
            data=request.data, partial=True, context={"request": request}
        )
        serializer.is_valid(raise_exception=True)
        interpreter = services.update_interpreter(
            interpreter=interpreter, by=user, **serializer.validated_data
        )
        return Response(InterpreterDetailSerializer(interpreter).data)


class InterpreterLanguagesView(generics.GenericAPIView):
    """Replace the interpreter's languages."""

    serializer_class = InterpreterLanguageSerializer
    pagination_class = None
    # Only names the model for the schema; objects come from the selectors.
    queryset = InterpreterLanguage.objects.none()

    @extend_schema(
        request=LanguagesInSerializer, responses=InterpreterLanguageSerializer(many=True)
    )
    def put(self, request: Request, pk: int) -> Response:
        return set_languages(request, interpreter_for(user=user_of(request), interpreter_id=pk))


class InterpreterAvailabilityView(generics.GenericAPIView):
    """Replace the interpreter's recurring weekly availability."""

    serializer_class = WeeklyAvailabilitySerializer
    pagination_class = None
    # Only names the model for the schema; objects come from the selectors.
    queryset = WeeklyAvailability.objects.none()

    @extend_schema(
        request=AvailabilityInSerializer, responses=WeeklyAvailabilitySerializer(many=True)
    )
    def put(self, request: Request, pk: int) -> Response:
        return set_availability(request, interpreter_for(user=user_of(request), interpreter_id=pk))


class InterpreterAbsencesView(generics.GenericAPIView):
    """The interpreter's absences; record a new one here."""

    serializer_class = AbsenceSerializer
    # Only names the model for the schema; objects come from the selectors.
    queryset = Absence.objects.none()
    pagination_class = None

    @extend_schema(responses=AbsenceSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        interpreter = interpreter_for(user=user_of(request), interpreter_id=pk)
        return Response(AbsenceSerializer(interpreter.absences.all(), many=True).data)

    @extend_schema(request=AbsenceInSerializer, responses={201: AbsenceSerializer})
    def post(self, request: Request, pk: int) -> Response:
        return add_absence(request, interpreter_for(user=user_of(request), interpreter_id=pk))


class InterpreterAbsenceDetailView(generics.GenericAPIView):
    """Delete a recorded absence."""

    serializer_class = AbsenceSerializer

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int, absence_pk: int) -> Response:
        interpreter = interpreter_for(user=user_of(request), interpreter_id=pk)
        return remove_absence(request, interpreter, absence_pk)


class InterpreterConflictsView(generics.GenericAPIView):
    """Record that this interpreter must not work with a client."""

    serializer_class = ConflictSerializer

    @extend_schema(request=ConflictInSerializer, responses={201: ConflictSerializer})
    def post(self, request: Request, pk: int) -> Response:
        user = user_of(request)
        interpreter = interpreter_for(user=user, interpreter_id=pk)
        data = parse(ConflictInSerializer, request)
        conflict = services.declare_conflict(interpreter=interpreter, by=user, **data)
        return Response(ConflictSerializer(conflict).data, status=status.HTTP_201_CREATED)


# The interpreter's own profile ----------------------------------------------------------


class MyProfileView(generics.GenericAPIView):
    """Your interpreter or key person profile, with languages, availability and absences."""

    serializer_class = OwnProfileSerializer

    def get(self, request: Request) -> Response:
        return Response(OwnProfileSerializer(own_interpreter_profile(user=user_of(request))).data)


class MyLanguagesView(generics.GenericAPIView):
    """Replace the languages you work in."""

    serializer_class = InterpreterLanguageSerializer
    pagination_class = None
    # Only names the model for the schema; objects come from the selectors.
    queryset = InterpreterLanguage.objects.none()

    @extend_schema(
        request=LanguagesInSerializer, responses=InterpreterLanguageSerializer(many=True)
    )
    def put(self, request: Request) -> Response:
        return set_languages(request, own_interpreter_profile(user=user_of(request)))


class MyAvailabilityView(generics.GenericAPIView):
    """Replace your recurring weekly availability."""

    serializer_class = WeeklyAvailabilitySerializer
    pagination_class = None
    # Only names the model for the schema; objects come from the selectors.
    queryset = WeeklyAvailability.objects.none()

    @extend_schema(
        request=AvailabilityInSerializer, responses=WeeklyAvailabilitySerializer(many=True)
    )
    def put(self, request: Request) -> Response:
        return set_availability(request, own_interpreter_profile(user=user_of(request)))


class MyAbsencesView(generics.GenericAPIView):
    """Your absences; record a new one here."""

    serializer_class = AbsenceSerializer
    # Only names the model for the schema; objects come from the selectors.
    queryset = Absence.objects.none()
    pagination_class = None

    @extend_schema(responses=AbsenceSerializer(many=True))
    def get(self, request: Request) -> Response:
        profile = own_interpreter_profile(user=user_of(request))
        return Response(AbsenceSerializer(profile.absences.all(), many=True).data)

    @extend_schema(request=AbsenceInSerializer, responses={201: AbsenceSerializer})
    def post(self, request: Request) -> Response:
        return add_absence(request, own_interpreter_profile(user=user_of(request)))


class MyAbsenceDetailView(generics.GenericAPIView):
    """Delete one of your absences."""

    serializer_class = AbsenceSerializer

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        return remove_absence(request, own_interpreter_profile(user=user_of(request)), pk)
