from django.urls import path

from web.programmes import views

app_name = "programmes"
urlpatterns = [
    path("", views.index, name="index"),
    path("regions/<int:region_id>/", views.canton, name="canton"),
    path("agreements/<int:agreement_id>/", views.agreement, name="agreement"),
    path("agreements/<int:agreement_id>/apply/", views.new_application, name="new_application"),
    path("applications/<int:application_id>/", views.application, name="application"),
    path(
        "applications/<int:application_id>/edit/",
        views.edit_application,
        name="edit_application",
    ),
    path("applications/<int:application_id>/submit/", views.submit, name="submit"),
    path("applications/<int:application_id>/decide/", views.decide, name="decide"),
    path("applications/<int:application_id>/payments/", views.pay, name="pay"),
    path("applications/<int:application_id>/report/", views.ask_for_report, name="report"),
    path("applications/<int:application_id>/close/", views.close, name="close"),
]
