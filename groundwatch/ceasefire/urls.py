from django.urls import path

from groundwatch.ceasefire import views

app_name = "ceasefire"

urlpatterns = [
    path("m/<slug:slug>/ceasefire/", views.agreement_list, name="agreement_list"),
    path("m/<slug:slug>/ceasefire/<int:pk>/", views.agreement_detail, name="agreement_detail"),
]
