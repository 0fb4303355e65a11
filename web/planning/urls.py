from django.urls import path

from web.planning import views

app_name = "planning"
urlpatterns = [
    path("", views.index, name="index"),
    path("regions/<int:region_id>/", views.region, name="region"),
    path("regions/<int:region_id>/stock-take/", views.stock_take, name="stock_take"),
    path("regions/<int:region_id>/needs/", views.needs, name="needs"),
    path("regions/<int:region_id>/gaps/", views.gap_list, name="gaps"),
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
]
