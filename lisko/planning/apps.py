from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "lisko.planning"
    label = "planning"
    verbose_name = _("Planning")

    def ready(self) -> None:
        # Teaches SQLite (the demo's database) the median the figures use.
        from lisko.planning import aggregates  # noqa: F401
