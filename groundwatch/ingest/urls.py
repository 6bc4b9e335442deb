"""Page URLs of the intake app, included at the site root (``IngestConfig.web_urls``)."""

from django.urls import path

from groundwatch.ingest import views
from groundwatch.ingest.openrosa import views as openrosa
from groundwatch.ingest.review import views as review

app_name = "ingest"

_OPENROSA = "m/<slug:mission_slug>/openrosa/"

urlpatterns = [
    path(f"{_OPENROSA}formList", openrosa.form_list, name="openrosa-form-list"),
    path(f"{_OPENROSA}submission", openrosa.submission, name="openrosa-submission"),
    path(f"{_OPENROSA}forms/<str:form_id>.xml", openrosa.form_xml, name="openrosa-form"),
    path(f"{_OPENROSA}forms/<str:form_id>/manifest", openrosa.form_manifest, name="openrosa-manifest"),
    path(f"{_OPENROSA}forms/<str:form_id>/media/<str:filename>", openrosa.form_media, name="openrosa-media"),
    path("imports/<int:run_id>/errors.csv", views.error_file, name="import-errors"),
    path("m/<slug:slug>/forms/", views.form_list, name="web_forms"),
    path("m/<slug:slug>/forms/<str:form_id>/", views.fill_form, name="web_form"),
    path("m/<slug:slug>/imports/", views.imports, name="imports"),
    path("m/<slug:slug>/imports/<int:pk>/", views.import_progress, name="import_progress"),
    path(
        "m/<slug:slug>/imports/<int:pk>/progress.json",
        views.import_progress_json,
        name="import_progress_json",
    ),
    path("m/<slug:slug>/review/", review.queue, name="review_queue"),
    path("m/<slug:slug>/review/<int:pk>/", review.proposal_detail, name="proposal_detail"),
]
