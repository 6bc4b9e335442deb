from django.urls import path

from groundwatch.reports import views

app_name = "reports"

urlpatterns = [
    path("m/<slug:slug>/exports/", views.export_page, name="export_page"),
    path("m/<slug:slug>/exports/<str:format>/", views.export_download, name="export_download"),
]
