"""Everyone's notices: the list, opening one, and which arrive by e-mail."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lisko.access import access_of, roles
from lisko.core.errors import DomainError
from lisko.notifications import services
from lisko.notifications.models import Channel
from lisko.notifications.selectors import notice_settings_for, notifications_for

PAGE_SIZE = 50


def _base_template(request: HttpRequest) -> str:
    """The notices page keeps the navigation of the person's own part of Lisko."""
    access = access_of(request.user)
    if access.holds(roles.STAFF):
        return "staff/base.html"
    if access.holds(roles.PARTNERS):
        return "partners/base.html"
    return "web/base.html"


@login_required
@require_http_methods(["GET", "HEAD"])
def notices(request: HttpRequest) -> HttpResponse:
    """The person's notices, newest first, fifty to a page."""
    page = Paginator(
        notifications_for(user=request.user).prefetch_related("deliveries"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "web/notices.html",
        {"base_template": _base_template(request), "page": page, "notices": page.object_list},
    )


@login_required
@require_POST
def notice_open(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Mark one of the person's own notices read and go where it points."""
    notice = notifications_for(user=request.user).filter(pk=notification_id).first()
    if notice is None:
        return render(request, "404.html", status=404)
    services.mark_read(notification=notice, by=request.user)
    target = notice.link
    if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return redirect("notices")
    return redirect(target)


@login_required
@require_POST
def notices_read(request: HttpRequest) -> HttpResponse:
    count = services.mark_all_read(by=request.user)
    if count:
        messages.success(request, _("All notices are marked as read."))
    return redirect("notices")


def _chosen(request: HttpRequest) -> set[tuple[str, str]]:
    """The ticked boxes: each is "kind:channel"."""
    pairs = set()
    for value in request.POST.getlist("wanted"):
        kind, _sep, channel = value.partition(":")
        pairs.add((kind, channel))
    return pairs


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def notice_settings(request: HttpRequest) -> HttpResponse:
    """Through which channels each notice also travels; every notice is always in Lisko."""
    rows = notice_settings_for(user=request.user)
    status = 200
    if request.method == "POST":
        try:
            services.save_notice_settings(by=request.user, wanted=_chosen(request))
        except DomainError as error:
            messages.error(request, error.message)
            status = 400
        else:
            messages.success(request, _("Your notice settings are saved."))
            return redirect("notice_settings")
    return render(
        request,
        "web/notice_settings.html",
        {
            "base_template": _base_template(request),
            "rows": rows,
            "channels": Channel.choices,
            "has_email": bool(request.user.email),
        },
        status=status,
    )
