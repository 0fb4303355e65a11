from django.contrib import admin
from django.urls import include, path

from lisko.core.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("api.urls")),
    path("", include("web.urls")),
]

handler404 = "api.exceptions.page_not_found"
handler500 = "api.exceptions.server_error"
