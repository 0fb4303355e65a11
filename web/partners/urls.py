from django.urls import path

from web.partners import views

app_name = "partners"
urlpatterns = [
    path("", views.referrals, name="referrals"),
    path("referrals/<int:referral_id>/", views.referral_detail, name="referral"),
    path(
        "referrals/<int:referral_id>/<slug:action>/",
        views.referral_action,
        name="referral_action",
    ),
    path("offers/", views.offers, name="offers"),
    path("offers/<int:offer_id>/", views.offer_edit, name="offer_edit"),
]
