from django.urls import path

from web.staff.views import (
    appointments,
    clients,
    dashboard,
    debriefs,
    hours,
    matching,
    plans,
    pool,
    referrals,
)

app_name = "staff"
urlpatterns = [
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("clients/", clients.clients, name="clients"),
    path("clients/new/", clients.new_client, name="new_client"),
    path("clients/<int:client_id>/", clients.client, name="client"),
    path("clients/<int:client_id>/edit/", clients.edit_client, name="edit_client"),
    path(
        "clients/<int:client_id>/languages/",
        clients.add_client_language,
        name="add_client_language",
    ),
    path(
        "clients/<int:client_id>/languages/<int:client_language_id>/",
        clients.change_client_language,
        name="change_client_language",
    ),
    path(
        "clients/<int:client_id>/languages/<int:client_language_id>/remove/",
        clients.remove_client_language,
        name="remove_client_language",
    ),
    path(
        "clients/<int:client_id>/household/",
        clients.add_household_member,
        name="add_household_member",
    ),
    path(
        "clients/<int:client_id>/household/<int:member_id>/remove/",
        clients.remove_household_member,
        name="remove_household_member",
    ),
    path("clients/<int:client_id>/consents/", clients.give_consent, name="give_consent"),
    path(
        "clients/<int:client_id>/consents/<int:consent_id>/withdraw/",
        clients.withdraw_consent,
        name="withdraw_consent",
    ),
    path("clients/<int:client_id>/plan/", plans.start_plan, name="start_plan"),
    path("clients/<int:client_id>/goals/", plans.add_goal, name="add_goal"),
    path("goals/<int:goal_id>/review/", plans.review_goal, name="review_goal"),
    path("goals/<int:goal_id>/status/", plans.change_goal_status, name="goal_status"),
    path("goals/<int:goal_id>/milestones/", plans.add_milestone, name="add_milestone"),
    path(
        "milestones/<int:milestone_id>/done/", plans.complete_milestone, name="complete_milestone"
    ),
    path("clients/<int:client_id>/book/", appointments.book, name="book"),
    path(
        "clients/<int:client_id>/book/suggestion/",
        appointments.book_suggestion,
        name="book_suggestion",
    ),
    path("appointments/<int:appointment_id>/", appointments.appointment, name="appointment"),
    path(
        "appointments/<int:appointment_id>/status/",
        appointments.appointment_status,
        name="appointment_status",
    ),
    path(
        "appointments/<int:appointment_id>/request/",
        appointments.request_interpreter,
        name="request_interpreter",
    ),
    path(
        "appointments/<int:appointment_id>/cancel/",
        appointments.cancel_appointment,
        name="cancel_appointment",
    ),
    path(
        "appointments/<int:appointment_id>/reschedule/",
        appointments.reschedule,
        name="reschedule",
    ),
    path("appointments/<int:appointment_id>/override/", appointments.override, name="override"),
    path("appointments/<int:appointment_id>/rematch/", appointments.rematch, name="rematch"),
    path("appointments/<int:appointment_id>/ask-again/", appointments.ask_again, name="ask_again"),
    path(
        "appointments/<int:appointment_id>/offers/<int:assignment_id>/keep-open/",
        appointments.keep_offer_open,
        name="keep_offer_open",
    ),
    path("clients/<int:client_id>/offers/", referrals.find_offer, name="find_offer"),
    path("clients/<int:client_id>/offers/<int:offer_id>/refer/", referrals.refer, name="refer"),
    path("referrals/", referrals.referrals, name="referrals"),
    path("referrals/<int:referral_id>/", referrals.referral, name="referral"),
    path("referrals/<int:referral_id>/drop/", referrals.drop_referral, name="drop_referral"),
    path("pool/", pool.pool, name="pool"),
    path("calendar/", pool.calendar, name="calendar"),
    path("matching/", matching.matching, name="matching"),
    path("matching/<int:run_id>/", matching.matching_run, name="matching_run"),
    path(
        "matching/<int:run_id>/progress/",
        matching.matching_run_progress,
        name="matching_run_progress",
    ),
    path("pool/debriefs/", debriefs.debriefs, name="debriefs"),
    path("pool/debriefs/<int:debrief_id>/record/", debriefs.record, name="record_debrief"),
    path("hours/", hours.hours, name="hours"),
    path("hours/rates/", hours.save_rate, name="save_rate"),
    path("hours/approve-all/", hours.approve_all_hours, name="approve_all_hours"),
    path("hours/export/", hours.export_hours, name="export_hours"),
    path("hours/<int:assignment_id>/approve/", hours.approve_hours, name="approve_hours"),
    path("hours/<int:assignment_id>/correct/", hours.correct_hours, name="correct_hours"),
]
