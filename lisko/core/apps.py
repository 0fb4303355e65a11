from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "lisko.core"
    label = "core"

    def ready(self) -> None:
        from lisko.core import lookups  # noqa: F401  (registers field__any_of)
