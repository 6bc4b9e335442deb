"""API: exports (streamed at once when small, background jobs with progress when large) and sitreps."""

# No ``from __future__ import annotations`` here: ninja reads the parameter and schema types at run time.

import datetime as dt
from typing import Any, Literal

from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.urls import reverse
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from groundwatch.api.pagination import LimitOffsetPage
from groundwatch.api.schemas import (
    ERROR_RESPONSES,
    ConfidentialitySlug,
    confidentiality_level,
    confidentiality_slug,
    mission_for,
    visible,
)
from groundwatch.core.access import get_restricted
from groundwatch.core.choices import Action
from groundwatch.reports import services
from groundwatch.reports.models import ExportJob, PublishedSitrep, Sitrep
from groundwatch.reports.services import (
    FORMATS,
    STREAM_LIMIT,
    check_filters,
    count_export,
    download_export_job,
    export_events,
    find_export_job,
    start_export_job,
)
from groundwatch.reports.sitreps.pdf import PdfUnavailable, pdf_bytes
from groundwatch.reports.sitreps.services import (
    NARRATIVE_FIELDS,
    create_sitrep,
    edit_narrative,
    publish_sitrep,
    render_document,
)

exports_router = Router(tags=["exports"])
sitreps_router = Router(tags=["sitreps"])

ExportFormat = Literal["acled", "hxl", "geojson", "xlsx"]


# --- exports -----------------------------------------------------------------------------------------


class ExportFilters(Schema):
    """The event list's filters (the same names as on the events page); all optional."""

    q: str | None = Field(None, description="Text in the title or description.")
    category: str | None = None
    event_type: str | None = None
    status: str | None = Field(None, description="Verification status.")
    date_from: dt.date | None = Field(None, description="Events whose dates reach this day or later.")
    date_to: dt.date | None = Field(None, description="Events whose dates start on this day or earlier.")
    place: str | None = None
    actor: str | None = None
    measure: str | None = Field(None, description="Only events with a figure of this item.")


class ExportIn(Schema):
    mission: str
    format: ExportFormat
    public: bool = Field(
        False, description="The public version: public events only, through the disclosure sanitiser."
    )
    filters: ExportFilters | None = None
    background: bool | None = Field(
        None,
        description=f"Force a background job (true) or an immediate stream (false). Default: stream up to "
        f"{STREAM_LIMIT:,} events, a background job above that.",
    )


class ExportJobSchema(Schema):
    id: int
    mission: str = Field(validation_alias="mission.slug")
    format: str
    public: bool
    filters: dict[str, str]
    status: str
    rows_total: int
    rows_done: int
    percent: int
    finished: bool
    file_name: str
    size: int
    message: str
    created_at: dt.datetime
    finished_at: dt.datetime | None
    download_url: str | None = None

    @staticmethod
    def resolve_download_url(obj: ExportJob) -> str | None:
        if obj.status != "done":
            return None
        return reverse("api:download_export", kwargs={"job_id": obj.pk})


class MissionFilter(Schema):
    mission: str | None = None


def _filters(payload: ExportFilters | None) -> dict[str, str]:
    if payload is None:
        return {}
    return {name: str(value) for name, value in payload.dict().items() if value not in (None, "")}


def _stream(stream: Any) -> HttpResponseBase:
    if stream.file is not None:
        return FileResponse(stream.file, as_attachment=True, filename=stream.file_name)
    response = StreamingHttpResponse(stream.chunks, content_type=stream.media_type)
    response["Content-Disposition"] = f'attachment; filename="{stream.file_name}"'
    return response


@exports_router.post(
    "",
    response={202: ExportJobSchema, **ERROR_RESPONSES},
    summary="Export a mission's events (ACLED CSV, HXL CSV, GeoJSON, XLSX)",
    description=(
        "Up to the stream limit, the file is streamed at once (200, as an attachment). Larger exports "
        "start a background job (202): poll `GET /exports/{job_id}` for its progress and download it from "
        "`download_url` when `status` is `done`. Every export is an audit event; it holds what your "
        "clearance lets you see, or with `public` only the public events, sanitised."
    ),
    openapi_extra={
        "responses": {
            200: {
                "description": "The export file, streamed.",
                "content": {
                    media: {"schema": {"type": "string", "format": "binary"}}
                    for _, media, _ in FORMATS.values()
                },
            }
        }
    },
)
def start_export(request: HttpRequest, payload: ExportIn) -> Any:
    mission = mission_for(request.user, payload.mission)
    filters = _filters(payload.filters)
    background = payload.background
    if background is None:
        count = count_export(
            mission=mission, actor=request.user, format=payload.format, public=payload.public, filters=filters
        )
        background = count > services.STREAM_LIMIT
    if background:
        job = start_export_job(
            mission=mission, actor=request.user, format=payload.format, public=payload.public, filters=filters
        )
        return Status(202, job)
    from groundwatch.web.forms import EventFilterForm

    checked = check_filters(filters)
    stream = export_events(
        mission=mission,
        actor=request.user,
        format=payload.format,
        public=payload.public,
        narrow=EventFilterForm(checked).filter,
        filters=checked,
    )
    return _stream(stream)


@exports_router.get("", response=list[ExportJobSchema], summary="Your background exports")
@paginate(LimitOffsetPage)
def list_exports(request: HttpRequest, filters: Query[MissionFilter]) -> Any:
    return visible(ExportJob.objects.select_related("mission"), request.user, filters.mission).filter(
        requested_by=request.user.pk
    )


@exports_router.get(
    "/{int:job_id}",
    response={200: ExportJobSchema, **ERROR_RESPONSES},
    summary="One background export: status and progress (rows done of the total)",
)
def get_export(request: HttpRequest, job_id: int) -> Any:
    return find_export_job(request.user, job_id)


@exports_router.get(
    "/{int:job_id}/download",
    response={200: None, **ERROR_RESPONSES},
    url_name="download_export",
    summary="Download a finished background export (its requester only; audited)",
)
def download_export(request: HttpRequest, job_id: int) -> Any:
    job = find_export_job(request.user, job_id)
    path, name, _media = download_export_job(job=job, actor=request.user)
    return FileResponse(path.open("rb"), as_attachment=True, filename=name)


# --- sitreps -----------------------------------------------------------------------------------------


class IssueSchema(Schema):
    number: int
    published_at: dt.datetime
    published_by: str | None = Field(None, validation_alias="published_by.username")


class SitrepSchema(Schema):
    id: int
    mission: str = Field(validation_alias="mission.slug")
    kind: str
    title: str
    period_start: dt.date
    period_end: dt.date
    next_issue_on: dt.date | None
    confidentiality: str
    highlights: str
    overview: str
    protection: str
    humanitarian: str
    security: str
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_confidentiality(obj: Sitrep) -> str:
        return confidentiality_slug(obj.confidentiality)


class SitrepIn(Schema):
    mission: str
    kind: Literal["daily", "weekly", "flash"]
    last_day: dt.date = Field(description="The last day of the period (a weekly report covers 7 days to it).")
    confidentiality: ConfidentialitySlug = "internal"


class NarrativePatch(Schema):
    version: int = Field(description="The sitrep's version when you loaded it; a stale one gives 409.")
    highlights: str | None = Field(None, max_length=20000)
    overview: str | None = Field(None, max_length=20000)
    protection: str | None = Field(None, max_length=20000)
    humanitarian: str | None = Field(None, max_length=20000)
    security: str | None = Field(None, max_length=20000)


def _sitrep(request: HttpRequest, sitrep_id: int, action: str = Action.VIEW) -> Sitrep:
    found: Sitrep = get_restricted(
        Sitrep.objects.select_related("mission"), request.user, action, pk=sitrep_id
    )
    return found


@sitreps_router.get("", response=list[SitrepSchema], summary="Sitreps (drafts with their narrative)")
@paginate(LimitOffsetPage)
def list_sitreps(request: HttpRequest, filters: Query[MissionFilter]) -> Any:
    return visible(Sitrep.objects.select_related("mission"), request.user, filters.mission)


@sitreps_router.post(
    "",
    response={201: SitrepSchema, **ERROR_RESPONSES},
    summary="Generate a draft sitrep for a period (analyst or above)",
)
def create(request: HttpRequest, payload: SitrepIn) -> Any:
    mission = mission_for(request.user, payload.mission)
    sitrep = create_sitrep(
        mission=mission,
        actor=request.user,
        kind=payload.kind,
        last_day=payload.last_day,
        confidentiality=confidentiality_level(payload.confidentiality),
    )
    return Status(201, sitrep)


@sitreps_router.get("/{int:sitrep_id}", response={200: SitrepSchema, **ERROR_RESPONSES}, summary="One sitrep")
def get_sitrep(request: HttpRequest, sitrep_id: int) -> Any:
    return _sitrep(request, sitrep_id)


@sitreps_router.patch(
    "/{int:sitrep_id}",
    response={200: SitrepSchema, **ERROR_RESPONSES},
    summary="Edit the narrative (analyst or above); sections left out stay as they are",
)
def patch_sitrep(request: HttpRequest, sitrep_id: int, payload: NarrativePatch) -> Any:
    sitrep = _sitrep(request, sitrep_id, Action.ANALYSE)
    text = {name: getattr(payload, name) for name in NARRATIVE_FIELDS if getattr(payload, name) is not None}
    return edit_narrative(sitrep=sitrep, actor=request.user, expected_version=payload.version, **text)


@sitreps_router.get(
    "/{int:sitrep_id}/html",
    response={200: None, **ERROR_RESPONSES},
    summary="The draft as an HTML document, figures footnoted to their events",
)
def sitrep_html(request: HttpRequest, sitrep_id: int) -> HttpResponse:
    html, _figures = render_document(_sitrep(request, sitrep_id))
    return HttpResponse(html, content_type="text/html; charset=utf-8")


@sitreps_router.get(
    "/{int:sitrep_id}/pdf",
    response={200: None, **ERROR_RESPONSES},
    summary="The draft as PDF (503 with the missing system library named when PDFs cannot be drawn)",
)
def sitrep_pdf(request: HttpRequest, sitrep_id: int) -> HttpResponse:
    sitrep = _sitrep(request, sitrep_id)
    html, _figures = render_document(sitrep)
    try:
        document = pdf_bytes(html)
    except PdfUnavailable as unavailable:
        return HttpResponse(str(unavailable), status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{sitrep.mission.slug}-sitrep-{sitrep.pk}-draft.pdf"'
    return response


@sitreps_router.get(
    "/{int:sitrep_id}/issues",
    response={200: list[IssueSchema], **ERROR_RESPONSES},
    summary="Published issues",
)
def list_issues(request: HttpRequest, sitrep_id: int) -> Any:
    sitrep = _sitrep(request, sitrep_id)
    return PublishedSitrep.objects.restrict(request.user).filter(sitrep=sitrep).select_related("published_by")


@sitreps_router.post(
    "/{int:sitrep_id}/publish",
    response={201: IssueSchema, **ERROR_RESPONSES},
    summary="Publish the draft as the next issue, frozen as it reads now (analyst or above)",
)
def publish(request: HttpRequest, sitrep_id: int) -> Any:
    sitrep = _sitrep(request, sitrep_id, Action.ANALYSE)
    return Status(201, publish_sitrep(sitrep=sitrep, actor=request.user))
