from django.urls import path

from web.planning import meetings, plans, views

app_name = "planning"
urlpatterns = [
    path("", views.index, name="index"),
    path("regions/<int:region_id>/", views.region, name="region"),
    path("regions/<int:region_id>/stock-take/", views.stock_take, name="stock_take"),
    path("regions/<int:region_id>/needs/", views.needs, name="needs"),
    path("regions/<int:region_id>/gaps/", views.gap_list, name="gaps"),
    path("regions/<int:region_id>/tables/<slug:key>/", views.table, name="table"),
    path(
        "regions/<int:region_id>/tables/<slug:key>.csv",
        views.table_export,
        {"file_format": "csv"},
        name="table_csv",
    ),
    path(
        "regions/<int:region_id>/tables/<slug:key>.xlsx",
        views.table_export,
        {"file_format": "xlsx"},
        name="table_xlsx",
    ),
    path("regions/<int:region_id>/reports/", views.reports, name="reports"),
    path(
        "regions/<int:region_id>/reports/progress/",
        views.report_progress,
        name="report_progress",
    ),
    path("reports/<int:report_id>/download/", views.report_download, name="report_download"),
    # Region plans (web/planning/plans.py).
    path("regions/<int:region_id>/plans/", plans.plan_list, name="plans"),
    path("plans/<int:plan_id>/", plans.plan, name="plan"),
    path("plans/<int:plan_id>/versions/<int:number>/", plans.plan_version, name="plan_version"),
    path(
        "plans/<int:plan_id>/versions/<int:number>/pdf/",
        plans.plan_pdf_download,
        name="plan_pdf",
    ),
    path("plans/<int:plan_id>/new-version/", plans.new_version, name="plan_new_version"),
    path("plans/<int:plan_id>/needs/", plans.record_needs, name="plan_record_needs"),
    path("plans/<int:plan_id>/goals/", plans.add_goal, name="plan_add_goal"),
    path(
        "plans/<int:plan_id>/goals/<int:goal_id>/value/",
        plans.record_goal_value,
        name="plan_goal_value",
    ),
    path("plans/<int:plan_id>/measures/", plans.add_measure, name="plan_add_measure"),
    path(
        "plans/<int:plan_id>/measures/<int:measure_id>/status/",
        plans.change_measure_status,
        name="plan_measure_status",
    ),
    path("plans/<int:plan_id>/milestones/", plans.add_milestone, name="plan_add_milestone"),
    path(
        "plans/<int:plan_id>/milestones/<int:milestone_id>/done/",
        plans.complete_milestone,
        name="plan_milestone_done",
    ),
    # Participation: conferences and steering-group meetings (web/planning/meetings.py).
    path("plans/<int:plan_id>/meetings/", meetings.record_meeting, name="plan_record_meeting"),
    path(
        "plans/<int:plan_id>/meetings/<int:meeting_id>/",
        meetings.meeting,
        name="plan_meeting",
    ),
    path(
        "plans/<int:plan_id>/meetings/<int:meeting_id>/change/",
        meetings.change_meeting,
        name="plan_meeting_change",
    ),
    path(
        "plans/<int:plan_id>/meetings/<int:meeting_id>/results/",
        meetings.add_result,
        name="plan_meeting_result",
    ),
    path(
        "plans/<int:plan_id>/meetings/<int:meeting_id>/measures/",
        meetings.result_creates_measure,
        name="plan_meeting_measure",
    ),
    path(
        "plans/<int:plan_id>/meetings/<int:meeting_id>/status/",
        meetings.result_changes_status,
        name="plan_meeting_status",
    ),
]
