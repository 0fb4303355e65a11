from django.contrib import admin

from lisko.welcome.models import WelcomeInvitationTemplate, WelcomeProgramme


# Programmes and their texts only: a welcome case is a person's data, read through the desk
# (audited), never through Django's admin.
@admin.register(WelcomeProgramme)
class WelcomeProgrammeAdmin(admin.ModelAdmin):
    list_display = ("municipality", "organisation", "weeks_target", "started_on")
    list_filter = ("organisation",)


@admin.register(WelcomeInvitationTemplate)
class WelcomeInvitationTemplateAdmin(admin.ModelAdmin):
    # Read only: a text is checked for its placeholders by set_invitation_template.
    list_display = ("programme", "language", "subject")

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_add_permission(self, request: object) -> bool:
        return False
