"""The private iCal feed: a page to create or revoke the address, and the feed itself.

The feed is read by calendar apps, which cannot log in: the secret in the URL is the key. It
leaves Lisko for whatever calendar service the phone syncs with, so it carries less than the
pages do: no client name at all, only the appointment and the social worker's contact.
"""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from lisko.appointments.selectors import calendar_assignments_for
from lisko.calendars import ical
from lisko.calendars.selectors import active_feed_token_for
from lisko.calendars.services import create_feed_token, open_feed, revoke_feed_tokens
from lisko.core.errors import NotFound
from web.mobile.pages import render_page, user_of
from web.mobile.presenters import AssignmentCard, card_for
from web.mobile.views import _profile

# How far back the feed reaches: recent bookings stay in the calendar for reference.
FEED_HISTORY = dt.timedelta(days=60)


@login_required
@require_http_methods(["GET", "POST"])
def calendar_page(request: HttpRequest) -> HttpResponse:
    """Create, replace or stop the private calendar address."""
    _profile(request)
    secret = ""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            revoke_feed_tokens(user=user_of(request))
            messages.success(
                request,
                _("The calendar address has been stopped. Calendars no longer receive updates."),
            )
            return redirect("mobile:calendar")
        _token, secret = create_feed_token(user=user_of(request))
    feed_path = reverse("mobile:calendar_feed", kwargs={"secret": secret}) if secret else ""
    feed_url = request.build_absolute_uri(feed_path) if secret else ""
    return render_page(
        request,
        "mobile/calendar.html",
        {
            "section": "upcoming",
            "token": active_feed_token_for(user=user_of(request)),
            "feed_url": feed_url,
            "webcal_url": "webcal://" + feed_url.split("://", 1)[1] if feed_url else "",
        },
    )


def _event(card: AssignmentCard, request: HttpRequest) -> ical.Event:
    if card.is_on_site:
        location = card.place
    else:
        location = card.modality_label
    contact = [card.social_worker_name, card.social_worker_phone, card.social_worker_email]
    description = [
        _("Duration: {duration}").format(duration=card.duration),
        _("Social worker: {contact}").format(contact=", ".join(part for part in contact if part)),
    ]
    if card.remote_link:
        description.append(_("Call: {link}").format(link=card.remote_link))
    if card.is_on_site and card.travel_minutes:
        description.append(_("Travel from home: {travel}").format(travel=card.travel))
    return ical.Event(
        uid=f"assignment-{card.id}@{request.get_host().split(':')[0]}",
        start=card.start,
        end=card.end,
        summary=_("Interpreting: {kind} ({language})").format(
            kind=card.kind, language=card.language
        ),
        location=location,
        description="\n".join(description),
        url=request.build_absolute_uri(reverse("mobile:assignment", args=[card.id])),
    )


@require_safe
def calendar_feed(request: HttpRequest, secret: str) -> HttpResponse:
    """The bookings as text/calendar, in the owner's language."""
    try:
        user = open_feed(secret=secret)
    except NotFound:
        raise Http404 from None
    now = timezone.now()
    with translation.override(user.language):
        assignments = calendar_assignments_for(user=user, since=now - FEED_HISTORY)
        events = [_event(card_for(assignment), request) for assignment in assignments]
        body = ical.calendar(
            events=events,
            name=_("Lisko appointments"),
            product="-//Lisko//Interpreter calendar//EN",
            now=now,
        )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="lisko.ics"'
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response
