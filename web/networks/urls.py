from django.urls import path

from web.networks import views

app_name = "networks"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new_network, name="new"),
    path("regions/<int:region_id>/", views.region, name="region"),
    path("<int:network_id>/", views.network, name="network"),
    path("<int:network_id>/members/", views.add_member, name="add_member"),
    path(
        "<int:network_id>/members/<int:member_id>/leave/",
        views.record_leaving,
        name="record_leaving",
    ),
    path("<int:network_id>/trainings/", views.record_training, name="record_training"),
    path(
        "<int:network_id>/trainings/<int:training_id>/correct/",
        views.correct_training,
        name="correct_training",
    ),
    path(
        "<int:network_id>/trainings/<int:training_id>/remove/",
        views.remove_training,
        name="remove_training",
    ),
    path("<int:network_id>/outreach/", views.log_outreach, name="log_outreach"),
    path(
        "<int:network_id>/outreach/<int:outreach_id>/correct/",
        views.correct_outreach,
        name="correct_outreach",
    ),
    path(
        "<int:network_id>/outreach/<int:outreach_id>/remove/",
        views.remove_outreach,
        name="remove_outreach",
    ),
    path("<int:network_id>/funding/", views.link_funding, name="link_funding"),
    path("<int:network_id>/coordinator/", views.set_coordinator, name="set_coordinator"),
]
