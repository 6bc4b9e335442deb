"""Export pages: choose a format and the event list's filters, then download (streamed)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

from groundwatch.accounts.lookups import access_mission, mission_context
from groundwatch.reports.services import FORMATS, export_events
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
