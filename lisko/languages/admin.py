from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lisko.languages.models import Language


class VarietyInline(admin.TabularInline):
    model = Language
    fk_name = "parent"
    extra = 0
    fields = ("code", "is_right_to_left")
    verbose_name = _("variety")
    verbose_name_plural = _("varieties")


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "parent", "is_right_to_left")
    list_filter = ("is_right_to_left",)
    search_fields = ("code",)
    autocomplete_fields = ("parent",)
    list_select_related = ("parent",)
    inlines = (VarietyInline,)

    @admin.display(description=_("name"))
    def name(self, language: Language) -> str:
        return language.display_name()

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Language], search_term: str
    ) -> tuple[QuerySet[Language], bool]:
        """Also find languages by their name in the reader's language, which is not stored."""
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip().lower()
        if term:
            by_name = [
                language.pk
                for language in queryset.select_related(None).only("pk", "code")
                if term in language.display_name().lower()
            ]
            results = results | queryset.filter(pk__in=by_name)
        return results, may_have_duplicates
