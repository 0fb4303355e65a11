"""Referrals: social workers send them and may drop them; partners see those sent to their
association, limited to what the client's consent shares, and answer: accept, decline, start,
report the outcome, drop."""

from collections.abc import Iterable
from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import AuditedListView, ScopedPrimaryKeyField, parse, user_of
from lisko.associations.selectors import offers_to_refer_to
from lisko.clients.models import Client
from lisko.clients.selectors import clients_visible_to, consents_visible_to
from lisko.plans.selectors import goals_visible_to
from lisko.referrals import services
from lisko.referrals.models import DeclineCode, Referral, ReferralEvent
from lisko.referrals.selectors import (
    caseload_referrals,
    partner_referral_list,
    referral_for,
    referral_for_partner,
    shared_client_details,
)

DETAILS = (
    "client",
    "client__preferred_language",
    "offer",
    "offer__association",
    "goal",
    "consent",
)


# Output ---------------------------------------------------------------------------------


class ReferralEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReferralEvent
        fields = ["from_status", "to_status", "at", "note", "staff_note"]


class ReferralSerializer(serializers.ModelSerializer):
    """A referral as the social worker sees it."""

    offer_title = serializers.CharField(source="offer.title", read_only=True)
    association = serializers.IntegerField(source="offer.association_id", read_only=True)
    association_name = serializers.CharField(source="offer.association.name", read_only=True)

    class Meta:
        model = Referral
        fields = [
            "id",
            "client",
            "offer",
            "offer_title",
            "association",
            "association_name",
            "goal",
            "consent",
            "status",
            "note",
            "decline_code",
            "decline_reason",
            "outcome",
            "created_by",
            "created_at",
            "updated_at",
        ]


class ReferralDetailSerializer(ReferralSerializer):
    events = ReferralEventSerializer(many=True, read_only=True)

    class Meta(ReferralSerializer.Meta):
        fields = [*ReferralSerializer.Meta.fields, "events"]


class PartnerClientSerializer(serializers.Serializer):
    """What the partner sees of the client: the first name, and what the consent shares."""

    first_name = serializers.CharField()
    last_name = serializers.CharField(required=False)
    phone = serializers.CharField(required=False)
    birth_year = serializers.IntegerField(required=False)
    languages = serializers.ListField(child=serializers.CharField(), required=False)
    goal = serializers.CharField(required=False)


class PartnerReferralSerializer(serializers.ModelSerializer):
    """A referral as the association partner sees it."""

    offer_title = serializers.CharField(source="offer.title", read_only=True)
    client = serializers.SerializerMethodField()

    class Meta:
        model = Referral
        fields = [
            "id",
            "offer",
            "offer_title",
            "status",
            "note",
            "decline_code",
            "decline_reason",
            "outcome",
            "created_at",
            "updated_at",
            "client",
        ]

    @extend_schema_field(PartnerClientSerializer)
    def get_client(self, referral: Referral) -> dict[str, Any]:
        return shared_client_details(referral=referral)


# Input ----------------------------------------------------------------------------------


class ReferSerializer(serializers.Serializer):
    client = ScopedPrimaryKeyField(scope=lambda user: clients_visible_to(user=user))
    offer = ScopedPrimaryKeyField(scope=lambda user: offers_to_refer_to(user=user))
    consent = ScopedPrimaryKeyField(scope=lambda user: consents_visible_to(user=user))
    goal = ScopedPrimaryKeyField(
        scope=lambda user: goals_visible_to(user=user), required=False, allow_null=True
    )
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class DeclineSerializer(serializers.Serializer):
    # Given to the service as `code`; a referral answered without one counts as "other".
    decline_code = serializers.ChoiceField(
        source="code",
        choices=DeclineCode.choices,
        required=False,
        default=DeclineCode.OTHER.value,
        error_messages={
            "invalid_choice": _("Choose from the list why the referral is declined."),
        },
    )
    reason = serializers.CharField(max_length=5000, allow_blank=True)


class OptionalReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class OutcomeSerializer(serializers.Serializer):
    outcome = serializers.CharField(max_length=5000, allow_blank=True)


# Social workers -------------------------------------------------------------------------


class ReferralFilter(django_filters.FilterSet):
    class Meta:
        model = Referral
        fields = ["status", "client", "offer"]

    # A plain id, not a choice among all rows: another organisation's id must answer as an
    # unknown one does (an empty list), or the difference tells that it exists.
    client = django_filters.NumberFilter(field_name="client_id", min_value=1, max_value=2**63 - 1)
    offer = django_filters.NumberFilter(field_name="offer_id", min_value=1, max_value=2**63 - 1)


class _ReferralList(AuditedListView):
    # The personal data shown is the client's: one event per client on the page.
    audit_client_of = "pk"

    def audited_objects(self, page: Iterable[Any]) -> list[Client]:
        return list({referral.client_id: referral.client for referral in page}.values())


class ReferralListView(_ReferralList):
    """The referrals of your caseload, newest first; send a new one here."""

    serializer_class = ReferralSerializer
    filterset_class = ReferralFilter
    ordering_fields = ["created_at", "updated_at", "status"]
    ordering = ["-created_at", "-id"]
    audit_reason = "api: referral list"

    def get_queryset(self) -> QuerySet[Referral]:
        return caseload_referrals(user=user_of(self.request)).select_related(*DETAILS)

    @extend_schema(request=ReferSerializer, responses={201: ReferralDetailSerializer})
    def post(self, request: Request) -> Response:
        data = parse(ReferSerializer, request)
        referral = services.refer_client(by=user_of(request), **data)
        return Response(ReferralDetailSerializer(referral).data, status=status.HTTP_201_CREATED)


class ReferralDetailView(generics.GenericAPIView):
    """One referral of your caseload with its history."""

    serializer_class = ReferralDetailSerializer

    def get(self, request: Request, pk: int) -> Response:
        referral = referral_for(user=user_of(request), referral_id=pk)
        return Response(ReferralDetailSerializer(referral).data)


class ReferralDropView(generics.GenericAPIView):
    """Withdraw a referral before it is completed."""

    serializer_class = ReferralDetailSerializer

    @extend_schema(request=OptionalReasonSerializer, responses=ReferralDetailSerializer)
    def post(self, request: Request, pk: int) -> Response:
        user = user_of(request)
        referral = referral_for(user=user, referral_id=pk)
        data = parse(OptionalReasonSerializer, request)
        referral = services.drop_referral(referral=referral, by=user, **data)
        return Response(ReferralDetailSerializer(referral).data)


# Partners -------------------------------------------------------------------------------


class PartnerReferralFilter(django_filters.FilterSet):
    class Meta:
        model = Referral
        fields = ["status", "offer"]

    offer = django_filters.NumberFilter(field_name="offer_id", min_value=1, max_value=2**63 - 1)


class PartnerReferralListView(_ReferralList):
    """The referrals to your associations whose consent still stands, newest first."""

    serializer_class = PartnerReferralSerializer
    filterset_class = PartnerReferralFilter
    ordering_fields = ["created_at", "updated_at", "status"]
    ordering = ["-created_at", "-id"]
    audit_reason = "api: partner referrals"

    def get_queryset(self) -> QuerySet[Referral]:
        return partner_referral_list(user=user_of(self.request))


class PartnerReferralDetailView(generics.GenericAPIView):
    """One referral to your association."""

    serializer_class = PartnerReferralSerializer

    def get(self, request: Request, pk: int) -> Response:
        referral = referral_for_partner(user=user_of(request), referral_id=pk)
        return Response(PartnerReferralSerializer(referral).data)


def _partner_action(
    service: Any, body: type[serializers.Serializer] | None
) -> type[generics.GenericAPIView]:
    """A POST route for one of the partner's answers to a referral."""

    class PartnerReferralActionView(generics.GenericAPIView):
        serializer_class = PartnerReferralSerializer

        @extend_schema(request=body, responses=PartnerReferralSerializer)
        def post(self, request: Request, pk: int) -> Response:
            user = user_of(request)
            referral = referral_for_partner(user=user, referral_id=pk)
            kwargs = dict(parse(body, request)) if body is not None else {}
            referral = service(referral=referral, by=user, **kwargs)
            return Response(PartnerReferralSerializer(referral).data)

    return PartnerReferralActionView


PartnerReferralAcceptView = _partner_action(services.accept_referral, NoteSerializer)
PartnerReferralDeclineView = _partner_action(services.decline_referral, DeclineSerializer)
PartnerReferralStartView = _partner_action(services.start_referral, NoteSerializer)
PartnerReferralCompleteView = _partner_action(services.complete_referral, OutcomeSerializer)
PartnerReferralDropView = _partner_action(services.drop_referral, OptionalReasonSerializer)
