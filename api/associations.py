"""Associations and what they offer: the organisation's directory for referrals.

Staff of the organisation read it; social workers and admins keep it.
"""

from typing import Any

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from api.base import ScopedPrimaryKeyField, first_of, parse, user_of
from lisko.access import organisations_where, roles
from lisko.associations import services
from lisko.associations.models import Association, Offer
from lisko.associations.selectors import (
    association_for,
    associations_for,
    offer_for,
    offers_matching,
)
from lisko.languages.models import Language
from lisko.organisations.selectors import fields_of_action_visible_to
from lisko.places.models import Municipality


class AssociationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Association
        fields = [
            "id",
            "organisation",
            "name",
            "description",
            "municipality",
            "email",
            "phone",
            "website",
        ]


class OfferSerializer(serializers.ModelSerializer):
    languages = serializers.ManyRelatedField(
        child_relation=serializers.SlugRelatedField(slug_field="code", read_only=True),
        read_only=True,
    )
    free_places = serializers.IntegerField(read_only=True)

    class Meta:
        model = Offer
        fields = [
            "id",
            "association",
            "title",
            "description",
            "field_of_action",
            "languages",
            "municipality",
            "capacity",
            "free_places",
            "schedule",
            "is_active",
        ]


class AssociationOfferSerializer(OfferSerializer):
    """An offer listed under its association (places are counted on the offer itself)."""

    class Meta(OfferSerializer.Meta):
        fields = [field for field in OfferSerializer.Meta.fields if field != "free_places"]


class AssociationDetailSerializer(AssociationSerializer):
    offers = AssociationOfferSerializer(many=True, read_only=True)

    class Meta(AssociationSerializer.Meta):
        fields = [*AssociationSerializer.Meta.fields, "offers"]


# Input ----------------------------------------------------------------------------------


class AssociationChangeSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    municipality = serializers.PrimaryKeyRelatedField(queryset=Municipality.objects.all())
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    email = serializers.EmailField(max_length=254, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=32, required=False, allow_blank=True)
    website = serializers.URLField(max_length=200, required=False, allow_blank=True)


class AssociationCreateSerializer(AssociationChangeSerializer):
    organisation = ScopedPrimaryKeyField(
        scope=lambda user: organisations_where(user, roles.DIRECTORY_KEEPING), required=False
    )


class OfferChangeSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    field_of_action = ScopedPrimaryKeyField(
        scope=lambda user: fields_of_action_visible_to(user=user, roles=roles.DIRECTORY)
    )
    municipality = serializers.PrimaryKeyRelatedField(queryset=Municipality.objects.all())
    capacity = serializers.IntegerField(max_value=2_000_000_000)
    languages = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=Language.objects.all(), required=False
    )
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    schedule = serializers.CharField(max_length=200, required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False)


class OfferCreateSerializer(OfferChangeSerializer):
    association = ScopedPrimaryKeyField(scope=lambda user: associations_for(user=user))


class OfferSearchSerializer(serializers.Serializer):
    field_of_action = ScopedPrimaryKeyField(
        scope=lambda user: fields_of_action_visible_to(user=user, roles=roles.DIRECTORY),
        required=False,
    )
    language = serializers.SlugRelatedField(
        slug_field="code", queryset=Language.objects.all(), required=False
    )
    municipality = serializers.PrimaryKeyRelatedField(
        queryset=Municipality.objects.all(), required=False
    )
    with_free_places = serializers.BooleanField(required=False, default=True)


# Views ----------------------------------------------------------------------------------


class AssociationFilter(django_filters.FilterSet):
    class Meta:
        model = Association
        fields = ["municipality"]


class AssociationListView(generics.ListAPIView):
    """The associations of your organisation; add one here."""

    serializer_class = AssociationSerializer
    filterset_class = AssociationFilter
    ordering_fields = ["name"]
    ordering = ["name", "id"]

    def get_queryset(self) -> QuerySet[Association]:
        return associations_for(user=user_of(self.request))

    @extend_schema(request=AssociationCreateSerializer, responses={201: AssociationSerializer})
    def post(self, request: Request) -> Response:
        user = user_of(request)
        data: dict[str, Any] = dict(parse(AssociationCreateSerializer, request))
        organisation = data.pop("organisation", None) or first_of(
            organisations_where(user, roles.DIRECTORY_KEEPING).order_by("id")
        )
        association = services.create_association(organisation=organisation, by=user, **data)
        return Response(AssociationSerializer(association).data, status=status.HTTP_201_CREATED)


class AssociationDetailView(generics.GenericAPIView):
    """One association with its offers."""

    serializer_class = AssociationDetailSerializer

    def get(self, request: Request, pk: int) -> Response:
        association = association_for(user=user_of(request), association_id=pk)
        return Response(AssociationDetailSerializer(association).data)

    @extend_schema(
        request=AssociationChangeSerializer(partial=True), responses=AssociationSerializer
    )
    def patch(self, request: Request, pk: int) -> Response:
        user = user_of(request)
        association = association_for(user=user, association_id=pk)
        serializer = AssociationChangeSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        association = services.update_association(
            association=association, by=user, **serializer.validated_data
        )
        return Response(AssociationSerializer(association).data)


class OfferListView(generics.ListAPIView):
    """Active offers that fit: field of action, language, municipality, free places."""

    serializer_class = OfferSerializer
    filter_backends: list[type] = []

    def get_queryset(self) -> QuerySet[Offer]:
        search = OfferSearchSerializer(
            data=self.request.query_params, context={"request": self.request}
        )
        search.is_valid(raise_exception=True)
        return offers_matching(user=user_of(self.request), **search.validated_data)

    @extend_schema(parameters=[OfferSearchSerializer])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(request=OfferCreateSerializer, responses={201: OfferSerializer})
    def post(self, request: Request) -> Response:
        user = user_of(request)
        data = parse(OfferCreateSerializer, request)
        offer = services.create_offer(by=user, **data)
        # Read back with its free places counted.
        offer = offer_for(user=user, offer_id=offer.pk)
        return Response(OfferSerializer(offer).data, status=status.HTTP_201_CREATED)


class OfferDetailView(generics.GenericAPIView):
    """One offer with its free places."""

    serializer_class = OfferSerializer

    def get(self, request: Request, pk: int) -> Response:
        offer = offer_for(user=user_of(request), offer_id=pk)
        return Response(OfferSerializer(offer).data)

    @extend_schema(request=OfferChangeSerializer(partial=True), responses=OfferSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        user = user_of(request)
        offer = offer_for(user=user, offer_id=pk)
        serializer = OfferChangeSerializer(
            data=request.data, partial=True, context={"request": request}
        )
        serializer.is_valid(raise_exception=True)
        services.update_offer(offer=offer, by=user, **serializer.validated_data)
        offer = offer_for(user=user, offer_id=pk)
        return Response(OfferSerializer(offer).data)
