"""Reference data every form needs: languages, municipalities, the organisation's fields of
action. None of it is personal."""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema_field
from rest_framework import generics, serializers

from api.base import user_of
from lisko.access import organisations_where
from lisko.languages.models import Language
from lisko.organisations.models import FieldOfAction
from lisko.places.models import Municipality


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
    class Meta:
        model = Municipality
        fields = ["id", "name", "district", "country", "latitude", "longitude"]


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


class MunicipalityListView(generics.ListAPIView):
    """Municipalities with their approximate centre."""

    serializer_class = MunicipalitySerializer
    ordering_fields = ["name"]
    ordering = ["name", "id"]
    filterset_fields = ["country", "district"]

    def get_queryset(self) -> QuerySet[Municipality]:
        return Municipality.objects.all()


class FieldOfActionListView(generics.ListAPIView):
    """The fields of action of your organisations, in their configured order."""

    serializer_class = FieldOfActionSerializer
    ordering = ["organisation", "position", "id"]

    def get_queryset(self) -> QuerySet[FieldOfAction]:
        return FieldOfAction.objects.filter(
            organisation__in=organisations_where(user_of(self.request))
        )
