from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from lisko.interpreters.models import (
    Absence,
    ConflictOfInterest,
    Interpreter,
    InterpreterLanguage,
    Skill,
    WeeklyAvailability,
)


class InterpreterForm(forms.ModelForm):
    # Specialisations are stored as a JSON list; edited as boxes to tick.
    skills = forms.MultipleChoiceField(
        label=_("specialisations"),
        choices=Skill.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Interpreter
        fields = ["skills", "max_heavy_per_week"]


class InterpreterLanguageInline(admin.TabularInline):
    model = InterpreterLanguage
    extra = 0
    autocomplete_fields = ("language",)


class WeeklyAvailabilityInline(admin.TabularInline):
    model = WeeklyAvailability
    extra = 0


class AbsenceInline(admin.TabularInline):
    model = Absence
    extra = 0


class ConflictOfInterestInline(admin.TabularInline):
    model = ConflictOfInterest
    extra = 0
    fk_name = "interpreter"
    raw_id_fields = ("client", "declared_by")
    readonly_fields = ("created_at",)


@admin.register(Interpreter)
class InterpreterAdmin(admin.ModelAdmin):
    form = InterpreterForm
    list_display = (
        "last_name",
        "first_name",
        "kind",
        "level",
        "organisation",
        "home_municipality",
        "language_codes",
        "is_active",
    )
    list_filter = (
        "organisation",
        "kind",
        "level",
        "is_active",
        "gender",
        "works_on_site",
        "works_by_phone",
        "works_by_video",
    )
    search_fields = ("first_name", "last_name", "email", "phone", "languages__language__code")
    raw_id_fields = ("user",)
    list_select_related = ("organisation", "home_municipality")
    inlines = (
        InterpreterLanguageInline,
        WeeklyAvailabilityInline,
        AbsenceInline,
        ConflictOfInterestInline,
    )
    fieldsets = (
        (None, {"fields": ("organisation", "user", "kind", "level", "certification_expires")}),
        (_("Duty of care"), {"fields": ("skills", "max_heavy_per_week")}),
        (_("Person"), {"fields": ("first_name", "last_name", "gender", "email", "phone")}),
        (
            _("Place and limits"),
            {
                "fields": (
                    "home_municipality",
                    ("home_latitude", "home_longitude"),
                    ("works_on_site", "works_by_phone", "works_by_video"),
                    "weekly_minutes_limit",
                    "travel_limit_minutes",
                )
            },
        ),
        (_("Status"), {"fields": ("is_active", "notes")}),
    )

    def get_queryset(self, request):  # type: ignore[no-untyped-def]
        return super().get_queryset(request).prefetch_related("languages__language")

    @admin.display(description=_("languages"))
    def language_codes(self, interpreter: Interpreter) -> str:
        return ", ".join(
            f"{row.language.code} {row.proficiency}" for row in interpreter.languages.all()
        )


@admin.register(Absence)
class AbsenceAdmin(admin.ModelAdmin):
    list_display = ("interpreter", "start", "end", "reason")
    list_filter = ("interpreter__organisation",)
    search_fields = ("interpreter__first_name", "interpreter__last_name", "reason")
    date_hierarchy = "start"
    raw_id_fields = ("interpreter",)


@admin.register(ConflictOfInterest)
class ConflictOfInterestAdmin(admin.ModelAdmin):
    list_display = ("interpreter", "client", "reason", "declared_by", "created_at")
    list_filter = ("reason", "interpreter__organisation")
    search_fields = ("interpreter__last_name", "client__reference")
    raw_id_fields = ("interpreter", "client", "declared_by")
