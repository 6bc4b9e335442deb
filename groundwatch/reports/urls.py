from django.urls import path

from groundwatch.reports import views
from groundwatch.reports.sitreps import views as sitreps

app_name = "reports"

urlpatterns = [
    path("m/<slug:slug>/exports/", views.export_page, name="export_page"),
    path("m/<slug:slug>/exports/jobs/", views.export_job_start, name="export_job_start"),
    path("m/<slug:slug>/exports/jobs/<int:pk>/", views.export_job, name="export_job"),
    path("m/<slug:slug>/exports/jobs/<int:pk>/progress.json", views.export_job_json, name="export_job_json"),
    path(
        "m/<slug:slug>/exports/jobs/<int:pk>/download/", views.export_job_download, name="export_job_download"
    ),
    path("m/<slug:slug>/exports/<str:format>/", views.export_download, name="export_download"),
    path("m/<slug:slug>/sitreps/", sitreps.sitrep_list, name="sitrep_list"),
    path("m/<slug:slug>/sitreps/<int:pk>/", sitreps.sitrep_detail, name="sitrep_detail"),
    path("m/<slug:slug>/sitreps/<int:pk>/preview/", sitreps.sitrep_preview, name="sitrep_preview"),
    path("m/<slug:slug>/sitreps/<int:pk>/sitrep.pdf", sitreps.sitrep_pdf, name="sitrep_pdf"),
    path("m/<slug:slug>/sitreps/<int:pk>/publish/", sitreps.sitrep_publish, name="sitrep_publish"),
    path("m/<slug:slug>/sitreps/<int:pk>/issues/<int:number>/", sitreps.sitrep_issue, name="sitrep_issue"),
    path(
        "m/<slug:slug>/sitreps/<int:pk>/issues/<int:number>.pdf", sitreps.sitrep_pdf, name="sitrep_issue_pdf"
    ),
]
