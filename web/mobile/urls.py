from django.urls import path, re_path

from web.mobile import feeds, push, pwa, views

app_name = "mobile"
urlpatterns = [
    path("", views.offers, name="offers"),
    path("offers/<int:assignment_id>/accept/", views.accept, name="accept"),
    path("offers/<int:assignment_id>/decline/", views.decline, name="decline"),
    path("notices/<int:notification_id>/read/", views.notice_read, name="notice_read"),
    path("push/subscribe/", push.subscribe, name="push_subscribe"),
    path("push/unsubscribe/", push.unsubscribe, name="push_unsubscribe"),
    path("upcoming/", views.upcoming, name="upcoming"),
    path("assignments/<int:assignment_id>/", views.assignment_detail, name="assignment"),
    path("assignments/<int:assignment_id>/log/", views.log_time, name="log_time"),
    path("assignments/<int:assignment_id>/debrief/", views.ask_debrief, name="ask_debrief"),
    path("timesheet/", views.timesheet, name="timesheet"),
    path("availability/", views.availability, name="availability"),
    path("availability/absences/", views.absence_add, name="absence_add"),
    path(
        "availability/absences/<int:absence_id>/remove/",
        views.absence_remove,
        name="absence_remove",
    ),
    path("calendar/", feeds.calendar_page, name="calendar"),
    # The secret is the key: calendar apps cannot log in.
    re_path(
        r"^calendar/(?P<secret>[A-Za-z0-9_-]{20,100})\.ics$",
        feeds.calendar_feed,
        name="calendar_feed",
    ),
    # The service worker lives at /me/sw.js so that its scope is /me/ and nothing else.
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("offline/", pwa.offline, name="offline"),
]
