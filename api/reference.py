"""Reference data every form needs: languages, municipalities, the organisation's fields of
action. None of it is personal."""

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema_field
from rest_framework import generics, serializers

from api.base import user_of
from lisko.access import organisations_where
from lisko.languages.models import Language
from lisko.organisations.models import FieldOfAction
from lisko.places.models import Municipality
from lisko.places.selectors import region_tree


class LanguageSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()
    macrolanguage: serializers.SlugRelatedField[Language] = serializers.SlugRelatedField(
        source="parent", slug_field="code", read_only=True, allow_null=True
    )

    class Meta:
        model = Language
        fields = ["code", "name", "macrolanguage", "is_right_to_left"]

    @extend_schema_field(serializers.CharField())
    def get_name(self, language: Language) -> str:
        return language.display_name()


class MunicipalitySerializer(serializers.ModelSerializer):
    region_name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = Municipality
        fields = [
            "id",
            "name",
            "code",
            "region",
            "region_name",
            "country",
            "latitude",
            "longitude",
            "population",
        ]


class FieldOfActionSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()

    class Meta:
        model = FieldOfAction
        fields = ["id", "organisation", "key", "name", "position"]

    @extend_schema_field(serializers.CharField())
    def get_name(self, field: FieldOfAction) -> str:
        return field.display_name()


class LanguageListView(generics.ListAPIView):
    """Languages by ISO 639-3 code, named in your language."""

    serializer_class = LanguageSerializer
    ordering_fields = ["code"]
    ordering = ["code"]
    filterset_fields = ["is_right_to_left"]

    def get_queryset(self) -> QuerySet[Language]:
        return Language.objects.select_related("parent")


class MunicipalityFilter(django_filters.FilterSet):
    # A region stands for everything inside it: a canton's filter lists its Wahlkreise's
    # municipalities too. A plain id, so an unknown one gives an empty list, not an error.
    region = django_filters.NumberFilter(
        method="in_region", min_value=1, max_value=2**63 - 1, label="region"
    )

    class Meta:
        model = Municipality
        fields = ["country", "region"]

    def in_region(
        self, queryset: QuerySet[Municipality], name: str, value: int
    ) -> QuerySet[Municipality]:
        return queryset.filter(region_id__in=region_tree().descendants(int(value)))


class MunicipalityListView(generics.ListAPIView):
    """Municipalities with their approximate centre and the lowest region they lie in;
    `region` lists those anywhere inside a region."""

    serializer_class = MunicipalitySerializer
    filterset_class = MunicipalityFilter
    ordering_fields = ["name"]
    ordering = ["name", "id"]

    def get_queryset(self) -> QuerySet[Municipality]:
        return Municipality.objects.select_related("region")


class FieldOfActionListView(generics.ListAPIView):
    """The fields of action of your organisations, in their configured order."""

    serializer_class = FieldOfActionSerializer
    ordering = ["organisation", "position", "id"]

    def get_queryset(self) -> QuerySet[FieldOfAction]:
        return FieldOfAction.objects.filter(
            organisation__in=organisations_where(user_of(self.request))
        )
