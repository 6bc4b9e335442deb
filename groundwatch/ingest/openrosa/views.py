"""OpenRosa endpoints under /m/<mission>/openrosa/: form list, forms, manifests, media, submissions.

Thin views: authenticate (HTTP Basic: account password or device token), check the member's role,
hand the bytes to the intake service and answer in the status codes field apps understand. Every
refusal after authentication, and every wrong password, leaves an audit record.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from groundwatch.accounts.models import Mission
from groundwatch.core.access import require_action
from groundwatch.core.choices import Action
from groundwatch.core.errors import GroundwatchError, NotFound, ValidationFailed
from groundwatch.ingest.models import FormDefinition, FormMedia
from groundwatch.ingest.openrosa import responses
from groundwatch.ingest.openrosa.auth import (
    basic_credentials,
    digest_challenge,
    digest_credentials,
    nonce_state,
    user_for_credentials,
    user_for_digest,
)
from groundwatch.ingest.openrosa.intake import note_duplicate_race, receive_submission
from groundwatch.ingest.openrosa.xml import MAX_XML_BYTES, SubmissionInvalid
from groundwatch.ingest.services import record_rejection
from groundwatch.sources.services import IncomingFile

XML_PART = "xml_submission_file"
CHANNEL = "openrosa"


class _Refused(Exception):
    def __init__(self, response: HttpResponse) -> None:
        self.response = response


def max_submission_bytes() -> int:
    return int(getattr(settings, "OPENROSA_MAX_BYTES", settings.ATTACHMENT_MAX_BYTES))


def _challenge(slug: str, *, stale: bool = False) -> HttpResponse:
    """401 with both challenges in one header, Digest first: over plain HTTP ODK Collect answers Digest."""
    response = responses.message("Sign in with your groundwatch account or a device token.", 401)
    response["WWW-Authenticate"] = f'{digest_challenge(stale=stale)}, Basic realm="groundwatch {slug}"'
    return response


def _member_mission(request: HttpRequest, slug: str) -> tuple[Mission, object]:
    """Authenticate and check the SUBMIT role; raise _Refused with the answer to send otherwise."""
    credentials = basic_credentials(request)
    digest = digest_credentials(request) if credentials is None else None
    if digest is not None and nonce_state(digest.nonce) == "stale":
        raise _Refused(_challenge(slug, stale=True))  # not a wrong password: the app retries at once
    if credentials is not None:
        user = user_for_credentials(request, credentials)
    elif digest is not None:
        user = user_for_digest(request, digest)
    else:
        raise _Refused(_challenge(slug))
    mission = Mission.objects.filter(slug=slug).first()
    if user is None:
        record_rejection(mission=mission, actor=None, channel=CHANNEL, status=401, reason="wrong credentials")
        raise _Refused(_challenge(slug))
    try:
        if mission is None:
            raise NotFound("No mission matches that reference.")
        require_action(user, mission, Action.SUBMIT)
    except GroundwatchError as error:
        record_rejection(mission=None, actor=user, channel=CHANNEL, status=error.status, reason=error.message)
        raise _Refused(responses.message(error.message, error.status)) from None
    return mission, user


def _guarded(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Turn a refusal raised anywhere in the view into its OpenRosa response."""

    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except _Refused as refused:
            return refused.response

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _absolute(request: HttpRequest, name: str, **kwargs: str) -> str:
    return request.build_absolute_uri(reverse(f"ingest:{name}", kwargs=kwargs))


@require_GET
@_guarded
def form_list(request: HttpRequest, mission_slug: str) -> HttpResponse:
    mission, _user = _member_mission(request, mission_slug)
    forms = FormDefinition.objects.filter(mission=mission).open().prefetch_related("media")
    if request.GET.get("formID"):
        forms = forms.filter(form_id=request.GET["formID"])
    entries = [
        responses.FormListEntry(
            form_id=form.form_id,
            name=form.title,
            version=form.version,
            md5=form.xml_md5,
            download_url=_absolute(request, "openrosa-form", mission_slug=mission.slug, form_id=form.form_id),
            manifest_url=_absolute(
                request, "openrosa-manifest", mission_slug=mission.slug, form_id=form.form_id
            )
            if form.media.all()
            else "",
        )
        for form in forms
    ]
    return responses.openrosa_response(responses.form_list(entries))


def _open_form(mission: Mission, form_id: str) -> FormDefinition:
    form = FormDefinition.objects.filter(mission=mission, form_id=form_id).open().first()
    if form is None:
        raise _Refused(responses.message("No open form with that id in this mission.", 404))
    return form


@require_GET
@_guarded
def form_xml(request: HttpRequest, mission_slug: str, form_id: str) -> HttpResponse:
    mission, _user = _member_mission(request, mission_slug)
    return responses.openrosa_response(_open_form(mission, form_id).xml)


@require_GET
@_guarded
def form_manifest(request: HttpRequest, mission_slug: str, form_id: str) -> HttpResponse:
    mission, _user = _member_mission(request, mission_slug)
    form = _open_form(mission, form_id)
    entries = [
        responses.MediaEntry(
            filename=media.filename,
            md5=media.md5,
            download_url=_absolute(
                request, "openrosa-media", mission_slug=mission.slug, form_id=form_id, filename=media.filename
            ),
        )
        for media in form.media.all()
    ]
    return responses.openrosa_response(responses.manifest(entries))


@require_GET
@_guarded
def form_media(request: HttpRequest, mission_slug: str, form_id: str, filename: str) -> HttpResponse:
    mission, _user = _member_mission(request, mission_slug)
    media = FormMedia.objects.filter(form=_open_form(mission, form_id), filename=filename).first()
    if media is None:
        return responses.message("No such media file.", 404)
    return responses.openrosa_response(bytes(media.content), content_type=media.media_type)


@csrf_exempt
@require_http_methods(["HEAD", "POST"])
@_guarded
def submission(request: HttpRequest, mission_slug: str) -> HttpResponse:
    mission, user = _member_mission(request, mission_slug)
    limit = max_submission_bytes()
    if request.method == "HEAD":
        response = responses.openrosa_response(b"", status=204)
        response["X-OpenRosa-Accept-Content-Length"] = str(limit)
        return response
    declared = int(request.META.get("CONTENT_LENGTH") or 0)
    if declared > limit:
        return _reject(mission, user, 413, f"The submission is larger than {limit:,} bytes.")
    part = request.FILES.get(XML_PART)
    if part is None:
        return _reject(mission, user, 400, f"The request has no {XML_PART} part.")
    if part.size and part.size > MAX_XML_BYTES:
        return _reject(mission, user, 413, f"The submission XML is larger than {MAX_XML_BYTES:,} bytes.")
    attachments = [
        IncomingFile(name=name, chunks=upload.chunks(), media_type=upload.content_type or "")
        for name in request.FILES
        if name != XML_PART
        for upload in request.FILES.getlist(name)
    ]
    try:
        received = receive_submission(mission=mission, actor=user, xml=part.read(), attachments=attachments)
    except SubmissionInvalid as error:
        return _reject(mission, user, error.status, str(error))
    except ValidationFailed as error:
        if note_duplicate_race(error):
            return responses.message("This submission was already received.", 202)
        return _reject(mission, user, 400, error.message)
    except GroundwatchError as error:
        return _reject(mission, user, error.status, error.message)
    if received.is_new:
        return responses.message("Submission received. Thank you.", 201)
    return responses.message(f"Already received; {received.files_added} new file(s) added.", 202)


def _reject(mission: Mission, user: object, status: int, reason: str) -> HttpResponse:
    with transaction.atomic():
        record_rejection(mission=mission, actor=user, channel=CHANNEL, status=status, reason=reason)
    return responses.message(reason, status)
