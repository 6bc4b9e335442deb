"""Which pipeline reads which import format (ACLED, HXL, KoBo export, generic CSV with a mapping)."""

from __future__ import annotations

from groundwatch.accounts.models import Mission
from groundwatch.core.errors import ValidationFailed
from groundwatch.ingest.choices import ImportFormat
from groundwatch.ingest.files.pipelines import ACLED, FilePipeline, mapped
from groundwatch.ingest.mapping import FormMapping
from groundwatch.ingest.models import FormDefinition, SavedMapping


def pipeline_for(mission: Mission, format: str, mapping_name: str = "") -> FilePipeline:
    """The pipeline for a format; KoBo exports use a form's mapping, CSV a saved one."""
    if format == ImportFormat.ACLED:
        return ACLED
    if format == ImportFormat.HXL:
        from groundwatch.ingest.files.hxl import pipeline

        return pipeline()
    if format == ImportFormat.KOBO:
        from groundwatch.ingest.files.kobo import pipeline as kobo_pipeline

        form = FormDefinition.objects.filter(mission=mission, form_id=mapping_name).first()
        if form is None or not form.mapping:
            raise ValidationFailed(
                f"Give the form id of the KoBo/ODK export as --mapping (no form {mapping_name!r} with a "
                "mapping in this mission).",
                field="mapping",
            )
        return kobo_pipeline(form.form_id, FormMapping.model_validate(form.mapping))
    if format == ImportFormat.CSV:
        saved = SavedMapping.objects.filter(mission=mission, name=mapping_name).first()
        if saved is None:
            raise ValidationFailed(f"No saved mapping {mapping_name!r} in this mission.", field="mapping")
        return mapped("csv", f"csv:{saved.name}", FormMapping.model_validate(saved.mapping))
    raise ValidationFailed(
        f"Unknown format {format!r}; use one of {', '.join(ImportFormat.values)}.", field="format"
    )
