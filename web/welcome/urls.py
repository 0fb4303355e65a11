from django.urls import path

from web.welcome import views

app_name = "welcome"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:programme_id>/", views.programme, name="programme"),
    path("<int:programme_id>/register/", views.register, name="register"),
    path("<int:programme_id>/templates/", views.save_template, name="save_template"),
    path("<int:programme_id>/target/", views.change_target, name="change_target"),
    path("newcomers/<int:case_id>/", views.case, name="case"),
    path("newcomers/<int:case_id>/invite/", views.invite, name="invite"),
    path("newcomers/<int:case_id>/address/", views.change_address, name="change_address"),
    path("newcomers/<int:case_id>/book/", views.book, name="book"),
    path("newcomers/<int:case_id>/conversation/", views.conversation, name="conversation"),
]
