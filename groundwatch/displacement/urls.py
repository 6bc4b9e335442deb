from django.urls import path

from groundwatch.displacement import views

app_name = "displacement"

urlpatterns = [
    path("m/<slug:slug>/sites/", views.site_list, name="site_list"),
    path("m/<slug:slug>/sites/<int:pk>/", views.site_detail, name="site_detail"),
    path("m/<slug:slug>/movements/", views.movement_list, name="movement_list"),
]
