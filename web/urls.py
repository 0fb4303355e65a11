from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.templatetags.static import static
from django.urls import include, path

from web import notices, two_factor, views


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on pages without an icon link (a PDF, a JSON answer)."""
    return HttpResponseRedirect(static("web/favicon.svg"))


urlpatterns = [
    path("favicon.ico", favicon),
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("two-factor/", two_factor.verify, name="two_factor_verify"),
    path("two-factor/setup/", two_factor.setup, name="two_factor_setup"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/changed/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("password/forgotten/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/forgotten/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/new/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/saved/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("notices/", notices.notices, name="notices"),
    path("notices/read/", notices.notices_read, name="notices_read"),
    path("notices/settings/", notices.notice_settings, name="notice_settings"),
    path("notices/<int:notification_id>/", notices.notice_open, name="notice_open"),
    path("", include("web.staff.urls")),
    path("me/", include("web.mobile.urls")),
    path("partner/", include("web.partners.urls")),
    path("associations/", include("web.directory.urls")),
    path("organisation/", include("web.orgadmin.urls")),
    path("planning/", include("web.planning.urls")),
    path("programmes/networks/", include("web.networks.urls")),
    path("programmes/", include("web.programmes.urls")),
    path("welcome/", include("web.welcome.urls")),
]
