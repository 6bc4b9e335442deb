"""Page URLs of protected persons, included at the site root (``ProtectionConfig.web_urls``)."""

from django.urls import path

from groundwatch.protection import views

app_name = "protection"

urlpatterns = [
    path("m/<slug:slug>/people/", views.person_list, name="person_list"),
    path("m/<slug:slug>/people/new/", views.person_create, name="person_create"),
    path("m/<slug:slug>/people/<int:pk>/", views.person_detail, name="person_detail"),
    path("m/<slug:slug>/people/<int:pk>/reveal/", views.person_reveal, name="person_reveal"),
    path("m/<slug:slug>/people/<int:pk>/consent/", views.person_consent, name="person_consent"),
    path("m/<slug:slug>/people/<int:pk>/events/", views.person_events, name="person_events"),
]
