from django.urls import path

from web.staff import views

app_name = "staff"
urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("clients/", views.clients, name="clients"),
    path("clients/new/", views.new_client, name="new_client"),
    path("clients/<int:client_id>/", views.client, name="client"),
    path("clients/<int:client_id>/edit/", views.edit_client, name="edit_client"),
    path(
        "clients/<int:client_id>/languages/",
        views.add_client_language,
        name="add_client_language",
    ),
    path(
        "clients/<int:client_id>/languages/<int:client_language_id>/",
        views.change_client_language,
        name="change_client_language",
    ),
    path(
        "clients/<int:client_id>/languages/<int:client_language_id>/remove/",
        views.remove_client_language,
        name="remove_client_language",
    ),
    path(
        "clients/<int:client_id>/household/",
        views.add_household_member,
        name="add_household_member",
    ),
    path(
        "clients/<int:client_id>/household/<int:member_id>/remove/",
        views.remove_household_member,
        name="remove_household_member",
    ),
    path("clients/<int:client_id>/consents/", views.give_consent, name="give_consent"),
    path(
        "clients/<int:client_id>/consents/<int:consent_id>/withdraw/",
        views.withdraw_consent,
        name="withdraw_consent",
    ),
    path("clients/<int:client_id>/plan/", views.start_plan, name="start_plan"),
    path("clients/<int:client_id>/goals/", views.add_goal, name="add_goal"),
    path("goals/<int:goal_id>/review/", views.review_goal, name="review_goal"),
    path("goals/<int:goal_id>/status/", views.change_goal_status, name="goal_status"),
    path("goals/<int:goal_id>/milestones/", views.add_milestone, name="add_milestone"),
    path(
        "milestones/<int:milestone_id>/done/", views.complete_milestone, name="complete_milestone"
    ),
    path("clients/<int:client_id>/book/", views.book, name="book"),
    path("appointments/<int:appointment_id>/", views.appointment, name="appointment"),
    path(
        "appointments/<int:appointment_id>/status/",
        views.appointment_status,
        name="appointment_status",
    ),
    path(
        "appointments/<int:appointment_id>/request/",
        views.request_interpreter,
        name="request_interpreter",
    ),
    path(
        "appointments/<int:appointment_id>/cancel/",
        views.cancel_appointment,
        name="cancel_appointment",
    ),
    path("appointments/<int:appointment_id>/override/", views.override, name="override"),
    path("appointments/<int:appointment_id>/rematch/", views.rematch, name="rematch"),
    path(
        "appointments/<int:appointment_id>/offers/<int:assignment_id>/keep-open/",
        views.keep_offer_open,
        name="keep_offer_open",
    ),
    path("clients/<int:client_id>/offers/", views.find_offer, name="find_offer"),
    path("clients/<int:client_id>/offers/<int:offer_id>/refer/", views.refer, name="refer"),
    path("referrals/", views.referrals, name="referrals"),
    path("referrals/<int:referral_id>/", views.referral, name="referral"),
    path("referrals/<int:referral_id>/drop/", views.drop_referral, name="drop_referral"),
    path("pool/", views.pool, name="pool"),
    path("calendar/", views.calendar, name="calendar"),
    path("matching/", views.matching, name="matching"),
    path("matching/<int:run_id>/", views.matching_run, name="matching_run"),
    path(
        "matching/<int:run_id>/progress/",
        views.matching_run_progress,
        name="matching_run_progress",
    ),
]
