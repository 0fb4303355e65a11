from django.contrib import admin
from django.http import HttpRequest
from django.urls import include, path

from lisko.core.views import healthz


def _operator_only(request: HttpRequest) -> bool:
    """Django's admin is not scoped to an organisation: only the operator of the installation,
    a superuser, opens it. Staff status with view permissions is not enough; an organisation's
    admin keeps the organisation on its own pages (web/orgadmin/)."""
    user = request.user
    return bool(user.is_active and user.is_superuser)


admin.site.has_permission = _operator_only  # type: ignore[method-assign]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("api.urls")),
    path("", include("web.urls")),
]

handler404 = "api.exceptions.page_not_found"
handler500 = "api.exceptions.server_error"
