"""XLSForm (.xlsx) → XForm with pyxform. Problems come back with the sheet and row to fix. No database."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field

import openpyxl
from pyxform.errors import PyXFormError
from pyxform.xls2xform import convert

MAX_XLSX_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # a spreadsheet that unpacks beyond this is a zip bomb
_ROW_IN_MESSAGE = re.compile(r"\[row\s*:\s*(\d+)\]", re.IGNORECASE)
_QUOTED = re.compile(r"'([^']+)'")
_SHEET_IN_MESSAGE = re.compile(r"\b(survey|choices|settings|entities)\b", re.IGNORECASE)


@dataclass(frozen=True)
class FormProblem:
    sheet: str
    row: int | None
    message: str

    def __str__(self) -> str:
        where = self.sheet + (f", row {self.row}" if self.row else "")
        return f"{where}: {self.message}"


class XLSFormInvalid(ValueError):
    """The spreadsheet is not a usable XLSForm; ``problems`` say where."""

    def __init__(self, problems: list[FormProblem]) -> None:
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = problems


@dataclass(frozen=True)
class ConvertedForm:
    form_id: str
    title: str
    version: str
    xml: str
    warnings: list[str] = field(default_factory=list)
    media_files: list[str] = field(default_factory=list)

    @property
    def md5(self) -> str:
        return hashlib.md5(self.xml.encode("utf-8"), usedforsecurity=False).hexdigest()


def convert_xlsform(data: bytes) -> ConvertedForm:
    """Convert an uploaded .xlsx XLSForm, refusing oversized files, zip bombs and broken forms."""
    _check_container(data)
    sheets = _read_sheets(data)
    _check_sheets(sheets)
    warnings: list[str] = []
    try:
        result = convert(xlsform=data, warnings=warnings, file_type=".xlsx", pretty_print=True)
    except PyXFormError as error:
        raise XLSFormInvalid([_locate(str(error), sheets)]) from None
    info = result._pyxform or {}
    form_id = str(info.get("id_string") or "")
    if not form_id:
        raise XLSFormInvalid([FormProblem("settings", None, "the form needs a form_id")])
    return ConvertedForm(
        form_id=form_id,
        title=str(info.get("title") or form_id),
        version=str(info.get("version") or "1"),
        xml=result.xform,
        warnings=warnings,
        media_files=sorted(_media_files(info)),
    )


def _check_container(data: bytes) -> None:
    if len(data) > MAX_XLSX_BYTES:
        raise XLSFormInvalid([FormProblem("file", None, f"larger than {MAX_XLSX_BYTES:,} bytes")])
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise XLSFormInvalid([FormProblem("file", None, "not an .xlsx spreadsheet")]) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise XLSFormInvalid(
            [FormProblem("file", None, f"unpacks to {unpacked:,} bytes; refused as a likely zip bomb")]
        )


def _read_sheets(data: bytes) -> dict[str, list[list[str]]]:
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise XLSFormInvalid([FormProblem("file", None, f"cannot be read as .xlsx ({error})")]) from None
    sheets = {}
    for sheet in book.worksheets:
        rows = sheet.iter_rows(values_only=True, max_row=5000)
        sheets[sheet.title.strip().lower()] = [["" if v is None else str(v) for v in row] for row in rows]
    book.close()
    return sheets


def _check_sheets(sheets: dict[str, list[list[str]]]) -> None:
    survey = sheets.get("survey")
    if not survey:
        raise XLSFormInvalid([FormProblem("survey", None, "the workbook has no 'survey' sheet")])
    header = [cell.strip().lower() for cell in survey[0]]
    missing = [column for column in ("type", "name") if column not in header]
    if missing:
        message = f"the header row lacks the column(s) {', '.join(missing)}"
        raise XLSFormInvalid([FormProblem("survey", 1, message)])


def _locate(message: str, sheets: dict[str, list[list[str]]]) -> FormProblem:
    """Find the sheet and row a pyxform message is about (it does not always say)."""
    sheet_match = _SHEET_IN_MESSAGE.search(message)
    sheet = sheet_match.group(1).lower() if sheet_match else "survey"
    row_match = _ROW_IN_MESSAGE.search(message)
    if row_match:
        return FormProblem(sheet, int(row_match.group(1)), message)
    for token in _QUOTED.findall(message):
        for name in ("survey", "choices", "settings"):
            for number, row in enumerate(sheets.get(name, []), start=1):
                if any(cell.strip() == token for cell in row):
                    return FormProblem(name, number, message)
    return FormProblem(sheet, None, message)


def _media_files(info: dict[str, object]) -> set[str]:
    found: set[str] = set()
    stack: list[object] = [info]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            itemset = node.get("itemset")
            if isinstance(itemset, str) and itemset.endswith((".csv", ".xml", ".geojson")):
                found.add(itemset)
            stack.extend(node.get("children", []) or [])
    return found
