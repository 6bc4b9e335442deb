"""API: intake forms (upload an XLSForm, list, close) and import runs (progress, errors)."""

# No ``from __future__ import annotations`` here: ninja must see File/Form parameter types as objects.

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from groundwatch.api.pagination import LimitOffsetPage
from groundwatch.api.schemas import ERROR_RESPONSES, mission_for, visible
from groundwatch.core.access import get_restricted
from groundwatch.core.choices import Action
from groundwatch.core.errors import ValidationFailed
from groundwatch.ingest.models import FormDefinition, ImportRowError, ImportRun
from groundwatch.ingest.progress import progress
from groundwatch.ingest.services import close_form, install_shipped_forms, publish_form
from groundwatch.ingest.xlsform.convert import XLSFormInvalid

router = Router(tags=["intake"])


class FormSchema(Schema):
    id: int
    mission: str = Field(validation_alias="mission.slug")
    form_id: str
    title: str
    version: str
    hash: str
    is_open: bool
    mapping: dict[str, Any]

    @staticmethod
    def resolve_hash(obj: FormDefinition) -> str:
        return f"md5:{obj.xml_md5}"


class FormProblemSchema(Schema):
    sheet: str
    row: int | None
    message: str


class FormRefusedSchema(Schema):
    error: dict[str, Any]
    problems: list[FormProblemSchema]


class FormFilter(Schema):
    mission: str | None = None


@router.get("/forms", response=list[FormSchema], summary="Forms served to field apps")
@paginate(LimitOffsetPage)
def list_forms(request: HttpRequest, filters: Query[FormFilter]) -> Any:
    return visible(FormDefinition.objects.select_related("mission"), request.user, filters.mission)


@router.post(
    "/forms",
    response={
        201: FormSchema,
        422: FormRefusedSchema,
        **{k: v for k, v in ERROR_RESPONSES.items() if k != 422},
    },
    summary="Upload an XLSForm (coordinator); pyxform converts and checks it",
)
def upload_form(
    request: HttpRequest, mission: Form[str], xlsform: File[UploadedFile], mapping: Form[str] = ""
) -> Any:
    import json

    target = mission_for(request.user, mission)
    try:
        mapping_data = json.loads(mapping) if mapping else None
    except ValueError:
        raise ValidationFailed("The mapping is not valid JSON.", field="mapping") from None
    try:
        form = publish_form(mission=target, actor=request.user, xlsx=xlsform.read(), mapping=mapping_data)
    except XLSFormInvalid as invalid:
        body = {"code": "invalid_xlsform", "message": "The XLSForm was refused; fix the rows listed."}
        return Status(422, {"error": body, "problems": [vars(problem) for problem in invalid.problems]})
    return Status(201, form)


@router.post(
    "/forms/shipped",
    response={201: list[FormSchema], **ERROR_RESPONSES},
    summary="Install the ready-made forms",
)
def install_forms(request: HttpRequest, mission: Form[str]) -> Any:
    return Status(201, install_shipped_forms(mission=mission_for(request.user, mission), actor=request.user))


@router.post(
    "/forms/{int:form_pk}/close", response={200: FormSchema, **ERROR_RESPONSES}, summary="Close a form"
)
def close(request: HttpRequest, form_pk: int) -> Any:
    form = get_restricted(FormDefinition.objects.all(), request.user, Action.VERIFY, pk=form_pk)
    return close_form(form=form, actor=request.user)


class ImportRunSchema(Schema):
    id: int
    mission: str = Field(validation_alias="mission.slug")
    report_id: int
    file_name: str
    format: str
    mapping_name: str
    accept_rule: str
    status: str
    rows_total: int
    rows_done: int
    rows_created: int
    rows_updated: int
    rows_unchanged: int
    rows_failed: int
    message: str
    started_at: dt.datetime
    finished_at: dt.datetime | None
    error_file_url: str

    @staticmethod
    def resolve_error_file_url(obj: ImportRun) -> str:
        from django.urls import reverse

        return reverse("ingest:import-errors", kwargs={"run_id": obj.pk})


class RowErrorSchema(Schema):
    row_number: int
    column: str
    reason: str


@router.get("/imports", response=list[ImportRunSchema], summary="File imports and their progress")
@paginate(LimitOffsetPage)
def list_imports(request: HttpRequest, filters: Query[FormFilter]) -> Any:
    return visible(ImportRun.objects.select_related("mission"), request.user, filters.mission)


@router.get("/imports/{int:run_id}", response={200: ImportRunSchema, **ERROR_RESPONSES}, summary="One import")
def get_import(request: HttpRequest, run_id: int) -> Any:
    return get_restricted(ImportRun.objects.select_related("mission"), request.user, pk=run_id)


class ProgressSchema(Schema):
    """The same figures as the import's progress page and its progress.json."""

    id: int
    status: str
    status_label: str
    finished: bool
    rows_total: int
    rows_done: int
    rows_created: int
    rows_updated: int
    rows_unchanged: int
    rows_failed: int
    percent: float
    rows_per_second: float
    seconds: float
    started_at: str
    finished_at: str | None
    message: str
    error_file_url: str


@router.get(
    "/imports/{int:run_id}/progress",
    response={200: ProgressSchema, **ERROR_RESPONSES},
    summary="How far an import is: rows done of the total, rate, refused rows so far",
)
def import_progress(request: HttpRequest, run_id: int) -> Any:
    return progress(get_restricted(ImportRun.objects.all(), request.user, pk=run_id))


@router.get("/imports/{int:run_id}/errors", response=list[RowErrorSchema], summary="Rows an import refused")
@paginate(LimitOffsetPage)
def import_errors(request: HttpRequest, run_id: int) -> Any:
    run = get_restricted(ImportRun.objects.all(), request.user, pk=run_id)
    return ImportRowError.objects.filter(run=run)
