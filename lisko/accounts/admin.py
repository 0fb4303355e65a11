from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from lisko.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("Lisko"), {"fields": ("language", "phone")}),
    )
    list_display = ("username", "email", "first_name", "last_name", "language", "is_active")
    list_filter = ("language", "is_active", "is_staff")
