from django.urls import path

from groundwatch.operations import views

app_name = "operations"

urlpatterns = [path("readyz", views.ready, name="ready")]
