"""Pages of the intake app: the monitor web form, file imports with their progress, the error file."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as HttpForbidden
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from groundwatch.accounts.lookups import access_mission, find_or_404, may, mission_context
from groundwatch.accounts.models import Mission
from groundwatch.core.access import get_restricted
from groundwatch.core.choices import Action
from groundwatch.core.errors import GroundwatchError, NotFound, ValidationFailed
from groundwatch.ingest.choices import ImportFormat, ImportStatus
from groundwatch.ingest.errorfile import error_rows
from groundwatch.ingest.mapping import FormMapping
from groundwatch.ingest.models import FormDefinition, ImportRun, SavedMapping
from groundwatch.ingest.openrosa.intake import note_duplicate_race, receive_submission
from groundwatch.ingest.openrosa.views import max_submission_bytes
from groundwatch.ingest.openrosa.xml import SubmissionInvalid
from groundwatch.ingest.progress import progress
from groundwatch.ingest.services import record_rejection
from groundwatch.ingest.uploads import discard_upload, keep_upload
from groundwatch.ingest.webform import (
    Upload,
    WebForm,
    check_answers,
    instance_xml,
    new_instance_id,
    read_xform,
    valid_instance_id,
)
from groundwatch.sources.choices import Channel
from groundwatch.sources.services import IncomingFile


class _Echo:
    def write(self, value: str) -> str:
        return value


def _require(request: HttpRequest, mission: Mission, action: str) -> None:
    if not may(request, mission, action):
        raise HttpForbidden("Your role in this mission does not allow this.")


# ---- the monitor web form ------------------------------------------------------------------------


@login_required
@require_GET
def form_list(request: HttpRequest, slug: str) -> HttpResponse:
    """The mission's open forms a monitor can fill in on a laptop (the same ones field apps list)."""
    mission = access_mission(request, slug)
    _require(request, mission, Action.SUBMIT)
    forms = FormDefinition.objects.filter(mission=mission).open()
    return render(request, "ingest/form_list.html", {**mission_context(request, mission), "forms": forms})


def _web_form(form: FormDefinition) -> WebForm:
    media = {item.filename: bytes(item.content) for item in form.media.all()}
    return read_xform(form.xml, media)


@login_required
@require_http_methods(["GET", "POST"])
def fill_form(request: HttpRequest, slug: str, form_id: str) -> HttpResponse:
    """Fill in one form. A valid page becomes a submission through the OpenRosa intake service."""
    mission = access_mission(request, slug)
    _require(request, mission, Action.SUBMIT)
    form = FormDefinition.objects.filter(mission=mission, form_id=form_id).open().first()
    if form is None:
        raise Http404("No open form with that id in this mission.")
    web = _web_form(form)
    context: dict[str, Any] = {
        **mission_context(request, mission),
        "form": form,
        "web": web,
        "instance_id": new_instance_id(),
        "errors": {},
        "sections": _sections(web, {}, {}),
    }
    if request.method == "GET":
        return render(request, "ingest/web_form.html", context)
    mapping = FormMapping.model_validate(form.mapping) if form.mapping else None
    files = {name: request.FILES.getlist(name)[-1] for name in request.FILES}
    uploads = {
        name: Upload(name=upload.name or name, size=upload.size or 0, content_type=upload.content_type or "")
        for name, upload in files.items()
    }
    answers = check_answers(
        web,
        {name: request.POST.getlist(name) for name in request.POST},
        uploads,
        mapping,
        max_file_bytes=max_submission_bytes(),
    )
    instance_id = request.POST.get("instance_id", "")
    if not valid_instance_id(instance_id):
        instance_id = new_instance_id()
    context.update(instance_id=instance_id, values=answers.values, errors=answers.errors)
    context["sections"] = _sections(web, answers.values, answers.errors)
    context["general_errors"] = answers.errors.get("", [])
    if not answers.ok:
        return render(request, "ingest/web_form.html", context)
    attachments = [
        IncomingFile(
            name=answers.files[name],
            chunks=files[name].chunks(),
            media_type=files[name].content_type or "",
        )
        for name in answers.files
    ]
    try:
        received = receive_submission(
            mission=mission,
            actor=request.user,
            xml=instance_xml(web, answers, instance_id),
            attachments=attachments,
            channel=Channel.WEB_FORM,
        )
    except (SubmissionInvalid, ValidationFailed) as error:
        if isinstance(error, ValidationFailed) and note_duplicate_race(error):
            messages.info(request, "This report was already received.")
            return redirect("ingest:web_forms", slug=mission.slug)
        reason = str(error) if isinstance(error, SubmissionInvalid) else error.message
        record_rejection(mission=mission, actor=request.user, channel="webform", status=400, reason=reason)
        context["general_errors"] = [reason]
        return render(request, "ingest/web_form.html", context)
    except GroundwatchError as error:
        if error.status == 403:
            raise HttpForbidden(error.message) from None
        context["general_errors"] = [error.message]
        return render(request, "ingest/web_form.html", context)
    if received.is_new:
        note = f"Report stored (SHA-256 {received.report.content_sha256[:12]}…)"
        note += f" and event {received.event.pk} created." if received.event else "."
        messages.success(request, note)
    else:
        messages.info(request, "This report was already received; nothing changed.")
    return redirect("web:report_detail", slug=mission.slug, pk=received.report.pk)


def _sections(web: WebForm, values: dict[str, str], errors: dict[str, list[str]]) -> list[dict[str, Any]]:
    """What the template draws: each section's fields with the value given and their errors."""
    return [
        {
            "label": section.label,
            "rows": [
                {
                    "field": item,
                    "value": values.get(item.name, ""),
                    "selected": values.get(item.name, "").split(),
                    "errors": errors.get(item.name, []),
                }
                for item in section.fields
            ],
        }
        for section in web.sections
    ]


# ---- file imports and their progress ---------------------------------------------------------------


def _mission_run(request: HttpRequest, slug: str, pk: int) -> tuple[Mission, ImportRun]:
    mission = access_mission(request, slug)
    run = find_or_404(ImportRun.objects.select_related("mission", "started_by"), request.user, pk=pk)
    if run.mission_id != mission.pk:
        raise Http404("Nothing matches that address.")
    return mission, run


@login_required
@require_http_methods(["GET", "POST"])
def imports(request: HttpRequest, slug: str) -> HttpResponse:
    """The mission's imports; an analyst uploads a file here and is sent to its progress page."""
    mission = access_mission(request, slug)
    may_import = may(request, mission, Action.ANALYSE)
    errors: dict[str, str] = {}
    if request.method == "POST":
        _require(request, mission, Action.ANALYSE)
        run, errors = _start_upload(request, mission)
        if run is not None:
            return redirect("ingest:import_progress", slug=mission.slug, pk=run.pk)
    runs = ImportRun.objects.restrict(request.user).filter(mission=mission).select_related("started_by")
    context = {
        **mission_context(request, mission),
        "runs": runs[:100],
        "may_import": may_import,
        "formats": ImportFormat.choices,
        "mappings": SavedMapping.objects.filter(mission=mission).values_list("name", flat=True),
        "form_ids": FormDefinition.objects.filter(mission=mission).values_list("form_id", flat=True),
        "errors": errors,
        "chosen": request.POST if request.method == "POST" else {},
    }
    return render(request, "ingest/imports.html", context)


def _start_upload(request: HttpRequest, mission: Mission) -> tuple[ImportRun | None, dict[str, str]]:
    """Keep the file, check it can be read, open its run and queue the import for a worker."""
    from groundwatch.ingest.files.reader import FileInvalid, count_rows
    from groundwatch.ingest.formats import pipeline_for
    from groundwatch.ingest.imports import start_import
    from groundwatch.ingest.tasks import import_file

    upload = request.FILES.get("file")
    format = request.POST.get("format", "")
    mapping_name = request.POST.get("mapping", "").strip()
    if upload is None or not upload.size:
        return None, {"file": "Choose a file to import."}
    if upload.size > settings.IMPORT_MAX_BYTES:
        return None, {
            "file": f"This file is {upload.size:,} bytes; imports take files up to "
            f"{settings.IMPORT_MAX_BYTES:,} bytes (GROUNDWATCH_IMPORT_MAX_BYTES)."
        }
    try:
        pipeline = pipeline_for(mission, format, mapping_name)
    except ValidationFailed as error:
        return None, {error.field or "format": error.message}
    path, sha = keep_upload(upload)
    accept = request.POST.get("rule", "review" if format != ImportFormat.ACLED else "accept") == "accept"
    run = ImportRun.objects.filter(
        mission=mission, file_sha256=sha, format=format, mapping_name=mapping_name
    ).first()
    if run is None:
        try:
            next(pipeline.rows(path), None)  # the header: encoding and missing columns fail here
        except FileInvalid as error:
            record_rejection(
                mission=mission, actor=request.user, channel="import", status=422, reason=str(error)
            )
            path.unlink(missing_ok=True)
            return None, {"file": str(error)}
        run = start_import(
            mission=mission,
            actor=request.user,
            path=path,
            sha256=sha,
            format=format,
            mapping_name=mapping_name,
            accept=accept,
            rows_total=count_rows(path),
        )
    if run.status == ImportStatus.COMPLETED:
        discard_upload(path)  # the same file again: its import is done, and the Report keeps the file
    else:
        import_file.enqueue(
            mission_id=mission.pk,
            path=str(path),
            format=format,
            mapping=mapping_name,
            user_id=request.user.pk,
            accept=run.accept_rule == "accept",
        )
    return run, {}


@login_required
@require_GET
def import_progress(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """One import: rows done of the total, rate, errors so far; refreshed by web/job_progress.js (or meta refresh)."""
    mission, run = _mission_run(request, slug, pk)
    context = {
        **mission_context(request, mission),
        "run": run,
        "progress": progress(run),
        "json_url": reverse("ingest:import_progress_json", kwargs={"slug": mission.slug, "pk": run.pk}),
    }
    return render(request, "ingest/import_progress.html", context)


@login_required
@require_GET
def import_progress_json(request: HttpRequest, slug: str, pk: int) -> JsonResponse:
    _mission, run = _mission_run(request, slug, pk)
    return JsonResponse(progress(run))


@login_required
@require_GET
def error_file(request: HttpRequest, run_id: int) -> StreamingHttpResponse:
    """The rows an import refused, with their original cells and the reason, as CSV."""
    try:
        run = get_restricted(ImportRun.objects.all(), request.user, pk=run_id)
    except NotFound:
        raise Http404 from None
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        for row in error_rows(run):
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{run.pk}-errors.csv"'
    return response
