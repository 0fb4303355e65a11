from django.urls import path

from web.orgadmin import dataprotection, officers, processing, sharing, views

app_name = "orgadmin"
urlpatterns = [
    path("", views.index, name="index"),
    path("members/", views.members, name="members"),
    path("members/new/", views.new_member, name="new_member"),
    path("members/roles/", views.give_role, name="give_role"),
    path("members/roles/<int:membership_id>/remove/", views.remove_role, name="remove_role"),
    path("members/officers/", officers.give_municipality, name="officer_municipality_give"),
    path(
        "members/officers/<int:assigned_id>/remove/",
        officers.take_municipality,
        name="officer_municipality_remove",
    ),
    path("settings/", views.organisation_settings, name="settings"),
    path("fields-of-action/", views.fields_of_action, name="fields_of_action"),
    path(
        "fields-of-action/<int:field_id>/rename/",
        views.rename_field_of_action,
        name="rename_field_of_action",
    ),
    path(
        "fields-of-action/<int:field_id>/move/",
        views.move_field_of_action,
        name="move_field_of_action",
    ),
    path("audit/", views.audit_log, name="audit_log"),
    path("audit/export.csv", views.audit_export, name="audit_export"),
    path("data-protection/", dataprotection.data_protection, name="data_protection"),
    path(
        "data-protection/clients/<int:client_id>/exports/",
        dataprotection.export_list,
        name="data_protection_exports",
    ),
    path(
        "data-protection/clients/<int:client_id>/export/",
        dataprotection.request_export,
        name="data_protection_export",
    ),
    path(
        "data-protection/clients/<int:client_id>/erase/",
        dataprotection.erase,
        name="data_protection_erase",
    ),
    path(
        "data-protection/exports/<int:export_id>/<str:kind>/",
        dataprotection.download_export,
        name="data_protection_download",
    ),
    path("data-protection/retention/", dataprotection.retention, name="retention"),
    path("data-protection/purposes/", processing.processing_record, name="processing_record"),
    path(
        "data-protection/purposes/print/",
        processing.print_processing_record,
        name="processing_record_print",
    ),
    path(
        "data-protection/purposes/<slug:purpose>/",
        processing.edit_processing_record,
        name="processing_record_edit",
    ),
    path("sharing/", sharing.sharing, name="sharing"),
    path("sharing/<int:agreement_id>/withdraw/", sharing.withdraw, name="sharing_withdraw"),
    path("sharing/planners/", sharing.give_planner_region, name="planner_region_give"),
    path(
        "sharing/planners/<int:planner_region_id>/remove/",
        sharing.take_planner_region,
        name="planner_region_remove",
    ),
]
