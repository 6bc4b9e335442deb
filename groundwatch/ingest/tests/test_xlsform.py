"""XLSForm conversion and the shipped forms: plain Python, no database."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from groundwatch.ingest.mapping import apply_mapping
from groundwatch.ingest.xlsform.convert import XLSFormInvalid, convert_xlsform
from groundwatch.ingest.xlsform.library import SHIPPED_FORMS


def _workbook(survey: list[list[str]], settings: list[list[str]] | None = None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "survey"
    for row in survey:
        sheet.append(row)
    if settings:
        extra = book.create_sheet("settings")
        for row in settings:
            extra.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("form_id", sorted(SHIPPED_FORMS))
def test_every_shipped_form_converts_with_pyxform(form_id):
    converted = convert_xlsform(SHIPPED_FORMS[form_id].write_xlsx())
    assert converted.form_id == form_id
    assert f'id="{form_id}"' in converted.xml
    assert converted.media_files == ["places.csv"]
    assert converted.warnings == []
    assert len(converted.md5) == 32


@pytest.mark.parametrize("form_id", sorted(SHIPPED_FORMS))
def test_every_mapping_names_only_fields_of_its_form(form_id):
    shipped = SHIPPED_FORMS[form_id]
    names = {row[1] for row in shipped.survey if row[1]}
    assert shipped.mapping.fields_used() <= names


def test_unknown_question_type_is_reported_with_sheet_and_row():
    data = _workbook([["type", "name", "label"], ["text", "a", "A"], ["bogus", "b", "B"]])
    with pytest.raises(XLSFormInvalid) as refused:
        convert_xlsform(data)
    problem = refused.value.problems[0]
    assert (problem.sheet, problem.row) == ("survey", 3)
    assert "bogus" in problem.message


def test_missing_columns_are_reported_on_the_header_row():
    with pytest.raises(XLSFormInvalid) as refused:
        convert_xlsform(_workbook([["label"], ["A"]]))
    assert refused.value.problems[0].row == 1
    assert "type, name" in refused.value.problems[0].message


def test_a_workbook_without_a_survey_sheet_is_refused():
    book = openpyxl.Workbook()
    book.active.title = "other"
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(XLSFormInvalid, match="no 'survey' sheet"):
        convert_xlsform(buffer.getvalue())


def test_a_zip_bomb_is_refused_before_it_is_unpacked():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/huge.xml", b"\0" * (60 * 1024 * 1024))
    with pytest.raises(XLSFormInvalid, match="zip bomb"):
        convert_xlsform(buffer.getvalue())


def test_not_a_spreadsheet_is_refused():
    with pytest.raises(XLSFormInvalid, match=r"not an \.xlsx"):
        convert_xlsform(b"type,name,label\n")


def test_incident_mapping_reads_a_submission_into_an_event_draft():
    values = {
        "event_date": "2023-09-19",
        "violation_type": "shelling",
        "place": "Khankendi",
        "location": "39.8153 46.7519 0 5",
        "description": "Shells hit the market.",
        "victims_killed": "3",
        "perpetrator": "Unit 1",
        "perpetrator_kind": "state_forces",
    }
    result = apply_mapping(SHIPPED_FORMS["incident_report"].mapping, values)
    assert result.is_valid, result.problems
    draft = result.draft
    assert (draft.event_type, draft.sub_event_type) == (
        "explosions_remote_violence",
        "shelling_artillery_missile_attack",
    )
    assert str(draft.latitude) == "39.81530"
    assert [(m.item, m.value, m.qualifier) for m in draft.measures] == [("people_killed", 3, "at_least")]
    assert [(a.name, a.role) for a in draft.actors] == [("Unit 1", "perpetrator")]


def test_mapping_problems_name_the_field():
    values = {
        "event_date": "19/19/2023",
        "violation_type": "killing",
        "location": "95 46",
        "victims_killed": "x",
    }
    result = apply_mapping(SHIPPED_FORMS["incident_report"].mapping, values, row=7)
    columns = {problem.column for problem in result.problems}
    assert {"event_date", "location", "victims_killed"} <= columns
    assert all(problem.row == 7 for problem in result.problems)
