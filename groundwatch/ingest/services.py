"""Every write to forms, saved mappings and intake rejections."""

from __future__ import annotations

import csv
import hashlib
import io
from typing import Any

from django.db import transaction

from groundwatch.accounts.models import Mission
from groundwatch.audit.services import record_audit, snapshot
from groundwatch.core.access import require_action
from groundwatch.core.choices import Action
from groundwatch.core.errors import ValidationFailed
from groundwatch.geo.models import Place
from groundwatch.ingest.mapping import FormMapping
from groundwatch.ingest.models import FormDefinition, FormMedia, SavedMapping
from groundwatch.ingest.xlsform.convert import ConvertedForm, convert_xlsform
from groundwatch.ingest.xlsform.library import PLACE_LIST, SHIPPED_FORMS
from groundwatch.lib.hashing import sha256_bytes


def publish_form(
    *, mission: Mission, actor: Any, xlsx: bytes, mapping: FormMapping | dict[str, Any] | None = None
) -> FormDefinition:
    """Convert an uploaded XLSForm and serve it to field apps (replacing an earlier version).

    Raises ``XLSFormInvalid`` with sheet/row problems when pyxform refuses the spreadsheet.
    """
    require_action(actor, mission, Action.VERIFY)
    converted = convert_xlsform(xlsx)
    checked = FormMapping.model_validate(mapping) if isinstance(mapping, dict) else mapping
    with transaction.atomic():
        form = FormDefinition.objects.filter(mission=mission, form_id=converted.form_id).first()
        before = snapshot(form, exclude=("xml",)) if form else None
        form = form or FormDefinition(mission=mission, form_id=converted.form_id)
        _fill(form, converted, xlsx, checked, actor)
        form.save()
        _refresh_media(form, converted)
        record_audit(
            action="form.publish",
            actor=actor,
            mission=mission,
            target=form,
            before=before,
            after=snapshot(form, exclude=("xml",)),
        )
    return form


def _fill(
    form: FormDefinition, converted: ConvertedForm, xlsx: bytes, mapping: FormMapping | None, actor: Any
) -> None:
    form.title = converted.title[:200]
    form.version = converted.version[:50]
    form.xml = converted.xml
    form.xml_md5 = converted.md5
    form.xlsform_sha256 = sha256_bytes(xlsx)
    form.is_open = True
    form.published_by = actor
    if mapping is not None:
        form.mapping = mapping.model_dump()


def _refresh_media(form: FormDefinition, converted: ConvertedForm) -> None:
    """Media the form names: the place list is built from the gazetteer; others must be uploaded."""
    if PLACE_LIST in converted.media_files:
        content = place_list_csv(form.mission)
        FormMedia.objects.update_or_create(
            form=form,
            filename=PLACE_LIST,
            defaults={
                "content": content,
                "md5": hashlib.md5(content, usedforsecurity=False).hexdigest(),
                "media_type": "text/csv",
            },
        )


def place_list_csv(mission: Mission) -> bytes:
    """The gazetteer places of the mission's area as a choice list (name, label) for field apps."""
    places = Place.objects.order_by("name")
    if mission.area_countries:
        places = places.filter(country_code__in=mission.area_countries)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["name", "label"])
    for place in places.iterator():
        others = [name for name in place.alternate_names[:3] if name != place.name]
        label = f"{place.name} ({' / '.join(others)})" if others else place.name
        writer.writerow([f"place_{place.pk}", label])
    return buffer.getvalue().encode("utf-8")


def install_shipped_forms(*, mission: Mission, actor: Any) -> list[FormDefinition]:
    """Publish the ready-made forms (incident, aid delivery, site count, weapons handover)."""
    return [
        publish_form(mission=mission, actor=actor, xlsx=form.write_xlsx(), mapping=form.mapping)
        for form in SHIPPED_FORMS.values()
    ]


def close_form(*, form: FormDefinition, actor: Any) -> FormDefinition:
    """Stop serving a form; submissions for it are refused from now on."""
    require_action(actor, form.mission, Action.VERIFY)
    with transaction.atomic():
        FormDefinition.objects.filter(pk=form.pk).update(is_open=False)
        form.is_open = False
        record_audit(
            action="form.close", actor=actor, mission=form.mission, target=form, after={"is_open": False}
        )
    return form


def save_mapping(*, mission: Mission, actor: Any, name: str, mapping: dict[str, Any]) -> SavedMapping:
    """Store a named column mapping for generic CSV/XLSX imports."""
    require_action(actor, mission, Action.ANALYSE)
    checked = FormMapping.model_validate(mapping)
    if not name.strip():
        raise ValidationFailed("A mapping needs a name.", field="name")
    with transaction.atomic():
        saved, _ = SavedMapping.objects.update_or_create(
            mission=mission, name=name, defaults={"mapping": checked.model_dump()}
        )
        record_audit(action="mapping.save", actor=actor, mission=mission, target=saved, after=snapshot(saved))
    return saved


def record_rejection(
    *, mission: Mission | None, actor: Any, channel: str, status: int, reason: str, detail: str = ""
) -> None:
    """Leave an audit record of refused input (bad XML, unknown form, too large…), with no content."""
    record_audit(
        action=f"{channel}.reject",
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        mission=mission,
        object_type=f"ingest.{channel}",
        object_id=detail[:64],
        after={"status": status, "reason": reason[:500]},
    )
