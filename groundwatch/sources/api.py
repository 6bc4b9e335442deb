"""API: sources, the reports they send (as JSON or with files) and attachment downloads."""

# No ``from __future__ import annotations`` here: ninja must see Query/Form/File parameter types as objects.

import datetime as dt
from typing import Any

from django.db.models import Prefetch, Q
from django.http import HttpRequest, StreamingHttpResponse
from django.utils.http import content_disposition_header
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate
from pydantic import AwareDatetime

from groundwatch.api.pagination import LimitOffsetPage
from groundwatch.api.schemas import (
    ConfidentialitySlug,
    confidentiality_level,
    mission_for,
    referenced_or_none,
    visible,
    with_errors,
)
from groundwatch.core.access import get_restricted
from groundwatch.sources.custody import record_custody
from groundwatch.sources.models import Attachment, Report, Source, SourceGrading
from groundwatch.sources.services import IncomingFile, grade_source, record_report, record_source
from groundwatch.sources.storage import default_store

sources_router = Router(tags=["sources"])
reports_router = Router(tags=["reports"])
attachments_router = Router(tags=["reports"])


# --- sources -------------------------------------------------------------------------------------------


class SourceSchema(Schema):
    id: int
    mission: str = Field(validation_alias="mission.slug")
    name: str
    kind: str
    reliability: str
    description: str
    url: str
    confidentiality: str = Field(validation_alias="confidentiality_slug")
    created_at: dt.datetime


class GradingSchema(Schema):
    reliability: str
    rationale: str
    graded_by: str | None
    graded_at: dt.datetime

    @staticmethod
    def resolve_graded_by(obj: SourceGrading) -> str | None:
        return obj.graded_by.get_username() if obj.graded_by else None


class SourceDetailSchema(SourceSchema):
    gradings: list[GradingSchema]


class SourceIn(Schema):
    mission: str = Field(description="The mission's slug.")
    name: str = Field(min_length=1, max_length=200, description="For a person, a pseudonym code.")
    kind: str
    reliability: str = "F"
    description: str = ""
    url: str = ""
    confidentiality: ConfidentialitySlug = "internal"


class GradeIn(Schema):
    reliability: str
    rationale: str


class SourceFilter(Schema):
    mission: str | None = None
    kind: str | None = None
    reliability: str | None = None


def _source_detail(request: HttpRequest, source_id: int) -> Source:
    queryset = Source.objects.select_related("mission").prefetch_related(
        Prefetch("gradings", queryset=SourceGrading.objects.select_related("graded_by"))
    )
    return get_restricted(queryset, request.user, pk=source_id)


@sources_router.get("", response=list[SourceSchema], summary="Sources")
@paginate(LimitOffsetPage)
def list_sources(request: HttpRequest, filters: Query[SourceFilter]) -> Any:
    sources = visible(Source.objects.select_related("mission"), request.user, filters.mission)
    if filters.kind:
        sources = sources.filter(kind=filters.kind)
    if filters.reliability:
        sources = sources.filter(reliability=filters.reliability)
    return sources


@sources_router.get("/{int:source_id}", response=with_errors(200, SourceDetailSchema), summary="One source")
def get_source(request: HttpRequest, source_id: int) -> Source:
    return _source_detail(request, source_id)


@sources_router.post("", response=with_errors(201, SourceDetailSchema), summary="Record a source")
def create_source(request: HttpRequest, payload: SourceIn) -> Status[Source]:
    source = record_source(
        mission=mission_for(request.user, payload.mission),
        actor=request.user,
        name=payload.name,
        kind=payload.kind,
        reliability=payload.reliability,
        description=payload.description,
        url=payload.url,
        confidentiality=confidentiality_level(payload.confidentiality),
    )
    return Status(201, _source_detail(request, source.pk))


@sources_router.post(
    "/{int:source_id}/grade",
    response=with_errors(200, SourceDetailSchema),
    summary="Give a source a new reliability grade",
)
def grade(request: HttpRequest, source_id: int, payload: GradeIn) -> Source:
    source = get_restricted(Source.objects.select_related("mission"), request.user, pk=source_id)
    grade_source(
        source=source, actor=request.user, reliability=payload.reliability, rationale=payload.rationale
    )
    return _source_detail(request, source_id)


# --- reports -------------------------------------------------------------------------------------------


class AttachmentSchema(Schema):
    id: int
    sha256: str
    size: int
    media_type: str
    original_name: str
    stored_at: dt.datetime
    download_url: str

    @staticmethod
    def resolve_download_url(obj: Attachment) -> str:
        return f"/api/v1/attachments/{obj.pk}/download"


class ReportClaimSchema(Schema):
    id: int
    span_start: int | None
    span_end: int | None
    field_path: str
    quote: str
    summary: str
    event_type: str
    credibility: int


class ReportSchema(Schema):
    id: int
    mission: str = Field(validation_alias="mission.slug")
    channel: str
    source: int | None = Field(validation_alias="source_id", description="The source's id (see /sources).")
    external_id: str
    received_at: dt.datetime
    published_at: dt.datetime | None
    submitted_by: str | None
    language: str
    title: str
    url: str
    content_sha256: str
    confidentiality: str = Field(validation_alias="confidentiality_slug")
    corrects: int | None = Field(validation_alias="corrects_id")

    @staticmethod
    def resolve_submitted_by(obj: Report) -> str | None:
        return obj.submitted_by.get_username() if obj.submitted_by else None


class ReportDetailSchema(ReportSchema):
    text: str
    metadata: dict[str, Any]
    attachments: list[AttachmentSchema] = Field(validation_alias="visible_attachments")
    claims: list[ReportClaimSchema]


class ReportFields(Schema):
    mission: str = Field(description="The mission's slug.")
    channel: str = "api"
    title: str = Field("", max_length=500)
    text: str = ""
    source: int | None = Field(None, description="A source's id.")
    received_at: AwareDatetime | None = Field(None, description="Defaults to now.")
    published_at: AwareDatetime | None = None
    language: str = Field("", max_length=12)
    url: str = ""
    external_id: str = Field("", max_length=200)
    confidentiality: ConfidentialitySlug = "internal"
    corrects: int | None = Field(None, description="The id of the report this one corrects.")


class ReportIn(ReportFields):
    metadata: dict[str, Any] = Field(default_factory=dict)


class ReportFilter(Schema):
    mission: str | None = None
    channel: str | None = None
    source: int | None = None
    received_from: dt.date | None = Field(None, description="First day received (UTC), inclusive.")
    received_to: dt.date | None = Field(None, description="Last day received (UTC), inclusive.")
    q: str | None = Field(None, description="Words in the title or text.")


def _report_detail(request: HttpRequest, report_id: int) -> Report:
    queryset = Report.objects.select_related("mission", "submitted_by").prefetch_related(
        Prefetch(
            "attachments", queryset=Attachment.objects.restrict(request.user), to_attr="visible_attachments"
        ),
        "claims",
    )
    return get_restricted(queryset, request.user, pk=report_id)


def _store_report(request: HttpRequest, fields: ReportFields, **extra: Any) -> Report:
    mission = mission_for(request.user, fields.mission)
    return record_report(
        mission=mission,
        actor=request.user,
        channel=fields.channel,
        text=fields.text,
        title=fields.title,
        source=referenced_or_none(Source.objects.all(), request.user, fields.source, "source"),
        received_at=fields.received_at,
        published_at=fields.published_at,
        language=fields.language,
        url=fields.url,
        external_id=fields.external_id,
        confidentiality=confidentiality_level(fields.confidentiality),
        corrects=referenced_or_none(Report.objects.all(), request.user, fields.corrects, "corrects"),
        **extra,
    )


@reports_router.get("", response=list[ReportSchema], summary="Reports, newest first")
@paginate(LimitOffsetPage)
def list_reports(request: HttpRequest, filters: Query[ReportFilter]) -> Any:
    reports = visible(Report.objects.select_related("mission", "submitted_by"), request.user, filters.mission)
    if filters.channel:
        reports = reports.filter(channel=filters.channel)
    if filters.source is not None:
        reports = reports.filter(source_id=filters.source)
    if filters.received_from:
        reports = reports.filter(received_at__date__gte=filters.received_from)
    if filters.received_to:
        reports = reports.filter(received_at__date__lte=filters.received_to)
    if filters.q:
        reports = reports.filter(Q(title__icontains=filters.q) | Q(text__icontains=filters.q))
    return reports


@reports_router.get("/{int:report_id}", response=with_errors(200, ReportDetailSchema), summary="One report")
def get_report(request: HttpRequest, report_id: int) -> Report:
    return _report_detail(request, report_id)


@reports_router.post(
    "", response=with_errors(201, ReportDetailSchema), summary="Submit a report as JSON text"
)
def create_report(request: HttpRequest, payload: ReportIn) -> Status[Report]:
    report = _store_report(request, payload, metadata=payload.metadata)
    return Status(201, _report_detail(request, report.pk))


@reports_router.post(
    "/files",
    response=with_errors(201, ReportDetailSchema),
    summary="Submit a report with files (multipart/form-data)",
)
def create_report_with_files(
    request: HttpRequest, payload: Form[ReportFields], files: File[list[UploadedFile]]
) -> Status[Report]:
    incoming = [
        IncomingFile(
            name=upload.name or "",
            chunks=upload.chunks(),
            media_type=upload.content_type or "application/octet-stream",
        )
        for upload in files
    ]
    report = _store_report(request, payload, files=incoming)
    return Status(201, _report_detail(request, report.pk))


@attachments_router.get(
    "/{int:attachment_id}/download",
    response=with_errors(200, None),
    summary="The attachment's bytes exactly as received",
)
def download_attachment(request: HttpRequest, attachment_id: int) -> StreamingHttpResponse:
    attachment = get_restricted(Attachment.objects.all(), request.user, pk=attachment_id)
    record_custody(attachment=attachment, actor=request.user, action="download", detail="API")
    response = StreamingHttpResponse(
        default_store().open(attachment.sha256), content_type=attachment.media_type
    )
    response["Content-Length"] = str(attachment.size)
    response["Content-Disposition"] = _content_disposition(attachment)
    response["X-Content-Type-Options"] = "nosniff"
    response["X-Content-SHA256"] = attachment.sha256
    return response


def _content_disposition(attachment: Attachment) -> str:
    name = attachment.original_name or attachment.sha256
    return content_disposition_header(as_attachment=True, filename=name) or "attachment"
