from django.urls import path

from groundwatch.humanitarian import views

app_name = "humanitarian"

urlpatterns = [
    path("m/<slug:slug>/convoys/", views.consignment_list, name="consignment_list"),
    path("m/<slug:slug>/convoys/<int:pk>/", views.consignment_detail, name="consignment_detail"),
    path("m/<slug:slug>/access/", views.access_constraint_list, name="access_constraint_list"),
    path("m/<slug:slug>/access/<int:pk>/", views.access_constraint_detail, name="access_constraint_detail"),
    path("m/<slug:slug>/needs/", views.need_list, name="need_list"),
]
