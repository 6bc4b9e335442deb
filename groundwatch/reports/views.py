"""Export pages: choose a format and the event list's filters, then download (streamed), or prepare a large
export in the background and follow its progress."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from groundwatch.accounts.lookups import access_mission, mission_context
from groundwatch.core.errors import EditConflict, NotFound, ValidationFailed
from groundwatch.reports.models import ExportJob
from groundwatch.reports.services import (
    FORMATS,
    download_export_job,
    export_events,
    find_export_job,
    start_export_job,
)
from groundwatch.web.forms import EventFilterForm


@login_required
def export_page(request: HttpRequest, slug: str) -> HttpResponse:
    mission = access_mission(request, slug)
    filters = EventFilterForm(request.GET)
    context = {
        **mission_context(request, mission),
        "filters": filters,
        "formats": [(name, label) for name, (label, _type, _ext) in FORMATS.items()],
        "query": request.GET.urlencode(),
        "jobs": ExportJob.objects.of(request.user).filter(mission=mission)[:10],
    }
    return render(request, "reports/export_page.html", context)


@login_required
def export_download(request: HttpRequest, slug: str, format: str) -> HttpResponseBase:
    mission = access_mission(request, slug)
    if format not in FORMATS:
        raise Http404("No such export format.")
    filters = EventFilterForm(request.GET)
    stream = export_events(
        mission=mission,
        actor=request.user,
        format=format,
        public=request.GET.get("public") == "1",
        narrow=filters.filter,
        filters=filters.query_values(),
    )
    disposition = f'attachment; filename="{stream.file_name}"'
    if stream.file is not None:
        return FileResponse(stream.file, as_attachment=True, filename=stream.file_name)
    assert stream.chunks is not None  # CSV and GeoJSON stream; only XLSX comes as a file
    response = StreamingHttpResponse(stream.chunks, content_type=stream.media_type)
    response["Content-Disposition"] = disposition
    return response


@login_required
@require_POST
def export_job_start(request: HttpRequest, slug: str) -> HttpResponse:
    """Queue a background export of the chosen format with the page's filters, then show its progress."""
    mission = access_mission(request, slug)
    format = request.POST.get("format", "")
    filters = {name: request.POST[name] for name in EventFilterForm.base_fields if request.POST.get(name)}
    try:
        job = start_export_job(
            mission=mission,
            actor=request.user,
            format=format,
            public=request.POST.get("public") == "1",
            filters=filters,
        )
    except ValidationFailed as invalid:
        return HttpResponse(invalid.message, status=422, content_type="text/plain; charset=utf-8")
    return redirect("reports:export_job", slug=mission.slug, pk=job.pk)


def _job(request: HttpRequest, slug: str, pk: int) -> ExportJob:
    mission = access_mission(request, slug)
    try:
        job = find_export_job(request.user, pk)
    except NotFound:
        raise Http404("No export matches that reference.") from None
    if job.mission_id != mission.pk:
        raise Http404("No export matches that reference.")
    return job


def job_progress(job: ExportJob) -> dict[str, object]:
    return {
        "status": job.status,
        "status_label": job.get_status_display(),
        "rows_done": job.rows_done,
        "rows_total": job.rows_total,
        "percent": job.percent,
        "finished": job.finished,
        "message": job.message,
        "download_url": (
            reverse("reports:export_job_download", kwargs={"slug": job.mission.slug, "pk": job.pk})
            if job.status == "done"
            else None
        ),
    }


@login_required
@require_GET
def export_job(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A background export: a progress bar (refreshed by web/job_progress.js) and the download when done."""
    job = _job(request, slug, pk)
    context = {
        **mission_context(request, job.mission),
        "job": job,
        "progress": job_progress(job),
        "format_label": FORMATS[job.format][0],
        "json_url": reverse("reports:export_job_json", kwargs={"slug": slug, "pk": job.pk}),
    }
    return render(request, "reports/export_job.html", context)


@login_required
@require_GET
def export_job_json(request: HttpRequest, slug: str, pk: int) -> JsonResponse:
    return JsonResponse(job_progress(_job(request, slug, pk)))


@login_required
@require_GET
def export_job_download(request: HttpRequest, slug: str, pk: int) -> HttpResponseBase:
    job = _job(request, slug, pk)
    try:
        path, name, _media = download_export_job(job=job, actor=request.user)
    except NotFound:
        raise Http404("This export's file is no longer kept; start the export again.") from None
    except EditConflict as pending:
        raise HttpForbidden(pending.message) from None
    return FileResponse(path.open("rb"), as_attachment=True, filename=name)
