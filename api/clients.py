"""Clients: the caseload, one client with household, languages and consents, and their changes.

Only social workers reach clients, and only those on their caseload or shared with them.
"""

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import (
    AuditedListView,
    BirthDateField,
    DateField,
    DateTimeField,
    ScopedPrimaryKeyField,
    first_of,
    parse,
    user_of,
)
from lisko.access import organisations_where, roles
from lisko.associations.selectors import associations_for
from lisko.clients import services
from lisko.clients.models import (
    Client,
    ClientLanguage,
    Consent,
    Gender,
    HouseholdMember,
    ResidenceStatus,
)
from lisko.clients.selectors import (
    client_for,
    client_list_for,
    colleagues_for,
    visible_client,
)
from lisko.languages.models import Language
from lisko.organisations.models import Organisation
from lisko.places.models import Municipality

# Output ---------------------------------------------------------------------------------


class ClientLanguageSerializer(serializers.ModelSerializer):
    language: serializers.SlugRelatedField[Language] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = ClientLanguage
        fields = ["id", "language", "proficiency"]


class HouseholdMemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = HouseholdMember
        fields = ["id", "first_name", "last_name", "relation", "birth_date"]


class ConsentSerializer(serializers.ModelSerializer):
    # Stands now: neither withdrawn nor expired.
    is_active = serializers.BooleanField(read_only=True)
    is_expired = serializers.BooleanField(read_only=True)
    shared_details = serializers.ListField(
        child=serializers.ChoiceField(choices=Consent.SharedDetail.choices), read_only=True
    )

    class Meta:
        model = Consent
        fields = [
            "id",
            "purpose",
            "association",
            "shared_details",
            "given_at",
            "recorded_by",
            "withdrawn_at",
            "expires_at",
            "is_active",
            "is_expired",
        ]


class ClientSummarySerializer(serializers.ModelSerializer):
    preferred_language: serializers.SlugRelatedField[Language] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = Client
        fields = [
            "id",
            "reference",
            "first_name",
            "last_name",
            "birth_date",
            "gender",
            "country_of_origin",
            "municipality",
            "arrival_date",
            "residence_status",
            "preferred_language",
            "social_worker",
            "phone",
            "email",
            "is_active",
            "updated_at",
        ]


class ClientSerializer(ClientSummarySerializer):
    languages = ClientLanguageSerializer(many=True, read_only=True)
    household = HouseholdMemberSerializer(many=True, read_only=True)
    consents = ConsentSerializer(many=True, read_only=True)
    shared_with = serializers.ManyRelatedField(
        child_relation=serializers.PrimaryKeyRelatedField(read_only=True), read_only=True
    )

    class Meta(ClientSummarySerializer.Meta):
        fields = [
            *ClientSummarySerializer.Meta.fields,
            "notes",
            "shared_with",
            "languages",
            "household",
            "consents",
            "created_at",
        ]


# Input ----------------------------------------------------------------------------------


class ClientChangeSerializer(serializers.Serializer):
    """The fields a social worker may set; rules about them are the service's."""

    reference = serializers.CharField(max_length=32)
    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=100)
    municipality = serializers.PrimaryKeyRelatedField(queryset=Municipality.objects.all())
    preferred_language = serializers.SlugRelatedField(
        slug_field="code", queryset=Language.objects.all()
    )
    birth_date = BirthDateField(required=False, allow_null=True)
    gender = serializers.ChoiceField(choices=Gender.choices, required=False, allow_blank=True)
    country_of_origin = serializers.CharField(max_length=2, required=False, allow_blank=True)
    arrival_date = DateField(required=False, allow_null=True)
    residence_status = serializers.ChoiceField(
        choices=ResidenceStatus.choices, required=False, allow_blank=True
    )
    phone = serializers.CharField(max_length=32, required=False, allow_blank=True)
    email = serializers.CharField(max_length=254, required=False, allow_blank=True)
    notes = serializers.CharField(max_length=10_000, required=False, allow_blank=True)


class ClientCreateSerializer(ClientChangeSerializer):
    social_worker = ScopedPrimaryKeyField(
        scope=lambda user: colleagues_for(user=user), required=False
    )
    organisation = ScopedPrimaryKeyField(
        scope=lambda user: organisations_where(user, roles.CASEWORK), required=False
    )


class UserChoiceSerializer(serializers.Serializer):
    user = ScopedPrimaryKeyField(scope=lambda user: colleagues_for(user=user))


class ClientLanguageInSerializer(serializers.Serializer):
    language = serializers.SlugRelatedField(slug_field="code", queryset=Language.objects.all())
    proficiency = serializers.IntegerField()


class ProficiencySerializer(serializers.Serializer):
    proficiency = serializers.IntegerField()


class HouseholdMemberInSerializer(serializers.Serializer):
    first_name = serializers.CharField(max_length=100)
    last_name = serializers.CharField(max_length=100, required=False, allow_blank=True)
    relation = serializers.ChoiceField(choices=HouseholdMember.Relation.choices)
    birth_date = BirthDateField(required=False, allow_null=True)


class ConsentInSerializer(serializers.Serializer):
    purpose = serializers.ChoiceField(choices=Consent.Purpose.choices)
    association = ScopedPrimaryKeyField(
        scope=lambda user: associations_for(user=user), required=False, allow_null=True
    )
    shared_details = serializers.ListField(
        child=serializers.ChoiceField(choices=Consent.SharedDetail.choices),
        required=False,
        max_length=len(Consent.SharedDetail.choices),
    )
    given_at = DateTimeField(required=False, allow_null=True)
    # Empty: by the organisation's renewal period for the purpose, if it has one. Giving a
    # consent that has expired (or stands with an expiry) again renews it.
    expires_at = DateTimeField(required=False, allow_null=True)


# Views ----------------------------------------------------------------------------------


class ClientFilter(django_filters.FilterSet):
    preferred_language = django_filters.CharFilter(field_name="preferred_language__code")

    class Meta:
        model = Client
        fields = ["is_active", "municipality", "residence_status", "gender"]


class ClientListView(AuditedListView):
    """The clients on your caseload and cases shared with you."""

    serializer_class = ClientSummarySerializer
    filterset_class = ClientFilter
    ordering_fields = ["last_name", "first_name", "reference", "arrival_date", "updated_at"]
    ordering = ["last_name", "first_name", "id"]
    audit_reason = "api: client list"
    audit_client_of = "pk"

    def get_queryset(self) -> QuerySet[Client]:
        return client_list_for(user=user_of(self.request)).select_related("preferred_language")

    @extend_schema(request=ClientCreateSerializer, responses={201: ClientSerializer})
    def post(self, request: Request) -> Response:
        user = user_of(request)
        data = parse(ClientCreateSerializer, request)
        organisation: Organisation = data.pop("organisation", None) or first_of(
            organisations_where(user, roles.CASEWORK).order_by("id")
        )
        client = services.create_client(organisation=organisation, by=user, **data)
        return Response(ClientSerializer(client).data, status=status.HTTP_201_CREATED)


class ClientDetailView(generics.GenericAPIView):
    """One client with household, languages and consents; reading it is audited."""

    serializer_class = ClientSerializer

    def get(self, request: Request, pk: int) -> Response:
        client = client_for(user=user_of(request), client_id=pk, reason="api: client detail")
        return Response(ClientSerializer(client).data)

    @extend_schema(request=ClientChangeSerializer(partial=True), responses=ClientSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        user = user_of(request)
        client = visible_client(user=user, client_id=pk)
        serializer = ClientChangeSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        client = services.update_client(client=client, by=user, **serializer.validated_data)
        return Response(ClientSerializer(client).data)


def _client_action(
    service: Any, *, extra: type[serializers.Serializer] | None = None
) -> type[generics.GenericAPIView]:
    """A POST route that calls one client service and answers with the client."""

    class ClientActionView(generics.GenericAPIView):
        serializer_class = ClientSerializer

        @extend_schema(request=extra, responses=ClientSerializer)
        def post(self, request: Request, pk: int) -> Response:
            user = user_of(request)
            client = visible_client(user=user, client_id=pk)
            kwargs: dict[str, Any] = {}
            if extra is not None:
                kwargs = dict(parse(extra, request))
            client = service(client=client, by=user, **kwargs)
            return Response(ClientSerializer(client).data)

    return ClientActionView


class _ToUser(UserChoiceSerializer):
    def to_internal_value(self, data: Any) -> dict[str, Any]:
        return {"to": super().to_internal_value(data)["user"]}


class _WithUser(UserChoiceSerializer):
    def to_internal_value(self, data: Any) -> dict[str, Any]:
        return {"with_user": super().to_internal_value(data)["user"]}


ClientCloseView = _client_action(services.close_client)
ClientReopenView = _client_action(services.reopen_client)
ClientTransferView = _client_action(services.transfer_client, extra=_ToUser)
ClientShareView = _client_action(services.share_client, extra=_WithUser)
ClientUnshareView = _client_action(services.unshare_client, extra=_WithUser)


class ClientLanguageListView(generics.GenericAPIView):
    """The languages a client speaks."""

    serializer_class = ClientLanguageSerializer
    # Only names the model for the schema; objects come from the selectors.
    queryset = ClientLanguage.objects.none()
    # A client has few of these: the whole list, unpaginated.
    pagination_class = None

    @extend_schema(responses=ClientLanguageSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        client = client_for(user=user_of(request), client_id=pk, reason="api: client languages")
        return Response(ClientLanguageSerializer(client.languages.all(), many=True).data)

    @extend_schema(request=ClientLanguageInSerializer, responses={201: ClientLanguageSerializer})
    def post(self, request: Request, pk: int) -> Response:
        user = user_of(request)
        client = visible_client(user=user, client_id=pk)
        data = parse(ClientLanguageInSerializer, request)
        language = services.add_client_language(client=client, by=user, **data)
        return Response(ClientLanguageSerializer(language).data, status=status.HTTP_201_CREATED)


class ClientLanguageDetailView(generics.GenericAPIView):
    """Change the proficiency of one of the client's languages, or remove it."""

    serializer_class = ClientLanguageSerializer

    def _language(self, request: Request, pk: int, language_pk: int) -> ClientLanguage:
        client = visible_client(user=user_of(request), client_id=pk)
        return get_object_or_404(client.languages.select_related("client"), pk=language_pk)

    @extend_schema(request=ProficiencySerializer, responses=ClientLanguageSerializer)
    def patch(self, request: Request, pk: int, language_pk: int) -> Response:
        client_language = self._language(request, pk, language_pk)
        data = parse(ProficiencySerializer, request)
        client_language = services.change_client_language(
            client_language=client_language, by=user_of(request), **data
        )
        return Response(ClientLanguageSerializer(client_language).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int, language_pk: int) -> Response:
        client_language = self._language(request, pk, language_pk)
        services.remove_client_language(client_language=client_language, by=user_of(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class HouseholdListView(generics.GenericAPIView):
    """The people who live with the client."""

    serializer_class = HouseholdMemberSerializer
    # Only names the model for the schema; objects come from the selectors.
    queryset = HouseholdMember.objects.none()
    # A client has few of these: the whole list, unpaginated.
    pagination_class = None

    @extend_schema(responses=HouseholdMemberSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        client = client_for(user=user_of(request), client_id=pk, reason="api: household")
        return Response(HouseholdMemberSerializer(client.household.all(), many=True).data)

    @extend_schema(request=HouseholdMemberInSerializer, responses={201: HouseholdMemberSerializer})
    def post(self, request: Request, pk: int) -> Response:
        user = user_of(request)
        client = visible_client(user=user, client_id=pk)
        data = parse(HouseholdMemberInSerializer, request)
        member = services.add_household_member(client=client, by=user, **data)
        return Response(HouseholdMemberSerializer(member).data, status=status.HTTP_201_CREATED)


class HouseholdMemberDetailView(generics.GenericAPIView):
    """Remove someone from the client's household."""

    serializer_class = HouseholdMemberSerializer

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int, member_pk: int) -> Response:
        user = user_of(request)
        client = visible_client(user=user, client_id=pk)
        member = get_object_or_404(client.household.select_related("client"), pk=member_pk)
        services.remove_household_member(member=member, by=user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ConsentListView(generics.GenericAPIView):
    """The consents the client has given (and withdrawn)."""

    serializer_class = ConsentSerializer
    # Only names the model for the schema; objects come from the selectors.
    queryset = Consent.objects.none()
    # A client has few of these: the whole list, unpaginated.
    pagination_class = None

    @extend_schema(responses=ConsentSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        client = client_for(user=user_of(request), client_id=pk, reason="api: consents")
        return Response(ConsentSerializer(client.consents.all(), many=True).data)

    @extend_schema(request=ConsentInSerializer, responses={201: ConsentSerializer})
    def post(self, request: Request, pk: int) -> Response:
        user = user_of(request)
        client = visible_client(user=user, client_id=pk)
        data = parse(ConsentInSerializer, request)
        if data.get("given_at") is None:
            data.pop("given_at", None)
        consent = services.give_consent(client=client, by=user, **data)
        return Response(ConsentSerializer(consent).data, status=status.HTTP_201_CREATED)


class ConsentWithdrawView(generics.GenericAPIView):
    """Record that the client withdrew a consent."""

    serializer_class = ConsentSerializer

    @extend_schema(request=None, responses=ConsentSerializer)
    def post(self, request: Request, pk: int, consent_pk: int) -> Response:
        user = user_of(request)
        client = visible_client(user=user, client_id=pk)
        consent = get_object_or_404(client.consents.select_related("client"), pk=consent_pk)
        consent = services.withdraw_consent(consent=consent, by=user)
        return Response(ConsentSerializer(consent).data)
