from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionPlansConfig(AppConfig):
    name = "lisko.regionplans"
    label = "regionplans"
    verbose_name = _("Region plans")
