"""OpenRosa response documents: form list, manifest and the message envelope. No database."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.http import HttpResponse
from django.utils.http import http_date

OPENROSA_VERSION = "1.0"
XML_TYPE = "text/xml; charset=utf-8"


@dataclass(frozen=True)
class FormListEntry:
    form_id: str
    name: str
    version: str
    md5: str
    download_url: str
    manifest_url: str = ""


@dataclass(frozen=True)
class MediaEntry:
    filename: str
    md5: str
    download_url: str


def openrosa_response(body: str | bytes, status: int = 200, content_type: str = XML_TYPE) -> HttpResponse:
    response = HttpResponse(body, status=status, content_type=content_type)
    response["X-OpenRosa-Version"] = OPENROSA_VERSION
    response["Date"] = http_date()
    return response


def message(text: str, status: int) -> HttpResponse:
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<OpenRosaResponse xmlns="http://openrosa.org/http/response">'
        f'<message nature="">{escape(text)}</message></OpenRosaResponse>'
    )
    return openrosa_response(body, status)


def form_list(entries: Iterable[FormListEntry]) -> str:
    items = []
    for entry in entries:
        manifest = f"<manifestUrl>{escape(entry.manifest_url)}</manifestUrl>" if entry.manifest_url else ""
        items.append(
            "<xform>"
            f"<formID>{escape(entry.form_id)}</formID><name>{escape(entry.name)}</name>"
            f"<version>{escape(entry.version)}</version><hash>md5:{entry.md5}</hash>"
            f"<downloadUrl>{escape(entry.download_url)}</downloadUrl>{manifest}"
            "</xform>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<xforms xmlns="http://openrosa.org/xforms/xformsList">{"".join(items)}</xforms>'
    )


def manifest(entries: Iterable[MediaEntry]) -> str:
    files = "".join(
        f"<mediaFile><filename>{escape(entry.filename)}</filename><hash>md5:{entry.md5}</hash>"
        f"<downloadUrl>{escape(entry.download_url)}</downloadUrl></mediaFile>"
        for entry in entries
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<manifest xmlns="http://openrosa.org/xforms/xformsManifest">{files}</manifest>'
    )
