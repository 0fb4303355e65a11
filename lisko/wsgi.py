import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lisko.settings")
application = get_wsgi_application()


def _warm_up() -> None:
    """Make now what the first requests would otherwise make: the charts' modules (matplotlib,
    numpy), every template compiled, the URL patterns resolved."""
    from pathlib import Path

    from django.conf import settings
    from django.template import TemplateDoesNotExist, TemplateSyntaxError
    from django.template.loader import get_template
    from django.urls import get_resolver

    import lisko.planning.charts  # noqa: F401

    get_resolver().reverse_dict  # noqa: B018 - populates the resolver
    for folder in (Path(settings.BASE_DIR) / "web" / "templates",):
        for path in sorted(folder.rglob("*.html")):
            try:
                get_template(path.relative_to(folder).as_posix())
            except (TemplateDoesNotExist, TemplateSyntaxError):
                continue
    # Leave all of it (Django's, the apps', matplotlib's objects: about 300,000) out of the
    # garbage collector's full passes: they live as long as the process, and scanning them
    # took ~130 ms every few requests of a planning page, the tail of its response times
    # (docs/planning-benchmark-kept.md).
    gc.collect()
    gc.freeze()


_warm_up()
