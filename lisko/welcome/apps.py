from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WelcomeConfig(AppConfig):
    name = "lisko.welcome"
    label = "welcome"
    verbose_name = _("Welcome conversations")
