from django.urls import path

from web.directory import views

app_name = "directory"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new_association, name="new_association"),
    path("<int:association_id>/", views.association, name="association"),
    path("<int:association_id>/edit/", views.edit_association, name="edit_association"),
    path("<int:association_id>/partners/", views.add_partner, name="add_partner"),
    path(
        "<int:association_id>/partners/<int:user_id>/remove/",
        views.remove_partner,
        name="remove_partner",
    ),
    path("<int:association_id>/offers/new/", views.new_offer, name="new_offer"),
    path("<int:association_id>/offers/<int:offer_id>/", views.offer, name="offer"),
    path(
        "<int:association_id>/offers/<int:offer_id>/active/",
        views.offer_active,
        name="offer_active",
    ),
]
