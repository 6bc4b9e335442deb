"""The monitor web form: a published XForm read back into fields, checked, and written as a submission.

The laptop path uses exactly what the phone path uses: the page is drawn from the form's XForm (the XML
pyxform produced and field apps download), the answers are checked against its binds and choice lists,
and the result is an XForm instance document handed to the same submission service as an OpenRosa POST
(``receive_submission``), so the same mapping makes the same Report, Claim and Event. No database here
except the form's media (a place list) read by the caller.
"""

from __future__ import annotations

import csv
import io
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from xml.etree.ElementTree import Element, SubElement, tostring

from defusedxml.ElementTree import fromstring

from groundwatch.ingest.mapping import FormMapping, apply_mapping
from groundwatch.ingest.values import parse_date, parse_geopoint

_XF = "{http://www.w3.org/2002/xforms}"
_H = "{http://www.w3.org/1999/xhtml}"
_JR = "{http://openrosa.org/javarosa}"
_INSTANCE_REF = re.compile(r"instance\('([^']+)'\)")
_INSTANCE_ID = re.compile(r"^uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_INTEGER = re.compile(r"^[+-]?\d{1,12}$")
MAX_TEXT = 10_000
# Controls the web form draws; anything else in a form (repeats, barcodes…) is for the field apps.
_CONTROLS = {"input", "select1", "select", "upload"}


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass
class WebField:
    name: str
    path: str
    label: str
    control: str  # input | select1 | select | upload
    type: str  # the bind type: string, int, decimal, date, geopoint, binary, …
    required: bool = False
    hint: str = ""
    appearance: str = ""
    choices: list[Choice] = field(default_factory=list)
    media_type: str = ""

    @property
    def widget(self) -> str:
        """How the template draws it."""
        if self.control == "upload":
            return "file"
        if self.control in {"select1", "select"}:
            return "checkboxes" if self.control == "select" else "select"
        if "multiline" in self.appearance:
            return "textarea"
        return {"int": "number", "decimal": "decimal", "date": "date", "geopoint": "geopoint"}.get(
            self.type, "text"
        )


@dataclass
class Section:
    label: str
    fields: list[WebField] = field(default_factory=list)


@dataclass
class WebForm:
    form_id: str
    version: str
    title: str
    sections: list[Section]
    unsupported: list[str]
    instance: Element  # the primary instance skeleton, filled in by ``instance_xml``

    @property
    def fields(self) -> list[WebField]:
        return [item for section in self.sections for item in section.fields]


@dataclass(frozen=True)
class Upload:
    name: str
    size: int
    content_type: str


@dataclass
class Answers:
    """What came back from the page: checked values by field name, file names, and errors by field."""

    values: dict[str, str]
    files: dict[str, str]
    errors: dict[str, list[str]]

    @property
    def ok(self) -> bool:
        return not self.errors


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def read_xform(xml: str, media: Mapping[str, bytes] | None = None) -> WebForm:
    """The sections and fields of an XForm, with choice lists (inline, or from a CSV media file)."""
    root = fromstring(xml.encode("utf-8"), forbid_dtd=True, forbid_entities=True, forbid_external=True)
    head = root.find(f"{_H}head")
    model = head.find(f"{_XF}model") if head is not None else None
    if model is None:
        raise ValueError("The XForm has no model.")
    instances = model.findall(f"{_XF}instance")
    primary = next(iter(instances[0]))
    binds = {bind.get("nodeset", ""): bind for bind in model.findall(f"{_XF}bind")}
    lists = {
        instance.get("id", ""): _choices(instance, media or {})
        for instance in instances[1:]
        if instance.get("id")
    }
    itext = _itext(model)
    title = head.findtext(f"{_H}title") or primary.get("id", "") if head is not None else ""
    form = WebForm(
        form_id=primary.get("id", ""),
        version=primary.get("version", ""),
        title=title,
        sections=[],
        unsupported=[],
        instance=primary,
    )
    body = root.find(f"{_H}body")
    loose = Section(label="")
    form.sections.append(loose)
    for node in body if body is not None else []:
        _visit(node, form, loose, binds, lists, itext)
    form.sections = [section for section in form.sections if section.fields]
    return form


def _visit(
    node: Element,
    form: WebForm,
    section: Section,
    binds: dict[str, Element],
    lists: dict[str, list[Choice]],
    itext: dict[str, str],
) -> None:
    tag = _local(node.tag)
    if tag == "group":
        inner = Section(label=_label(node, itext))
        form.sections.append(inner)
        for child in node:
            _visit(child, form, inner, binds, lists, itext)
        return
    if tag == "repeat":
        form.unsupported.append(node.get("nodeset", "a repeat"))
        return
    if tag not in _CONTROLS:
        return
    ref = node.get("ref", "")
    bind = binds.get(ref)
    if bind is None or bind.get("readonly") == "true()" or bind.get("calculate"):
        return
    section.fields.append(
        WebField(
            name=ref.rsplit("/", 1)[-1],
            path=ref,
            label=_label(node, itext) or ref.rsplit("/", 1)[-1],
            control=tag,
            type=bind.get("type", "string"),
            # A question shown only when ``relevant`` holds is not demanded: the server does not run the
            # form's XPath (relevance, constraints, calculations); field apps do.
            required=bind.get("required", "") == "true()" and not bind.get("relevant"),
            hint=(node.findtext(f"{_XF}hint") or "").strip(),
            appearance=node.get("appearance", ""),
            choices=_control_choices(node, lists, itext),
            media_type=node.get("mediatype", ""),
        )
    )


def _label(node: Element, itext: dict[str, str]) -> str:
    label = node.find(f"{_XF}label")
    if label is None:
        return ""
    ref = label.get("ref", "")
    if ref.startswith("jr:itext("):
        return itext.get(ref[len("jr:itext(") :].strip("')\""), "")
    return "".join(label.itertext()).strip()


def _itext(model: Element) -> dict[str, str]:
    """Labels kept in the first translation (forms with label::language columns)."""
    found: dict[str, str] = {}
    itext = model.find(f"{_XF}itext")
    translation = itext.find(f"{_XF}translation") if itext is not None else None
    for text in translation.findall(f"{_XF}text") if translation is not None else []:
        value = text.find(f"{_XF}value")
        found[text.get("id", "")] = "".join(value.itertext()).strip() if value is not None else ""
    return found


def _choices(instance: Element, media: Mapping[str, bytes]) -> list[Choice]:
    source = instance.get("src", "")
    if source.startswith("jr://file-csv/"):
        content = media.get(source.removeprefix("jr://file-csv/"))
        if content is None:
            return []
        rows = csv.DictReader(io.StringIO(content.decode("utf-8-sig")))
        return [Choice(row.get("name", ""), row.get("label") or row.get("name", "")) for row in rows]
    return [
        Choice((item.findtext(f"{_XF}name") or "").strip(), (item.findtext(f"{_XF}label") or "").strip())
        for item in instance.iter(f"{_XF}item")
    ]


def _control_choices(node: Element, lists: dict[str, list[Choice]], itext: dict[str, str]) -> list[Choice]:
    itemset = node.find(f"{_XF}itemset")
    if itemset is not None:
        match = _INSTANCE_REF.search(itemset.get("nodeset", ""))
        return list(lists.get(match.group(1), [])) if match else []
    return [
        Choice((item.findtext(f"{_XF}value") or "").strip(), _label(item, itext))
        for item in node.findall(f"{_XF}item")
    ]


def new_instance_id() -> str:
    return f"uuid:{uuid.uuid4()}"


def valid_instance_id(value: str) -> bool:
    return bool(_INSTANCE_ID.match(value))


def check_answers(
    form: WebForm,
    data: Mapping[str, list[str]],
    uploads: Mapping[str, Upload],
    mapping: FormMapping | None,
    *,
    max_file_bytes: int,
) -> Answers:
    """Check every answer against its bind (required, type, choices), then run the form's mapping.

    ``data`` holds each field's submitted values (a list, for multi-selects). Errors name the field
    they belong to, so the page can show them beside it; a mapping problem on a field the page does
    not draw is kept under ``""``.
    """
    answers = Answers(values={}, files={}, errors={})
    for item in form.fields:
        if item.control == "upload":
            _check_upload(item, uploads.get(item.name), answers, max_file_bytes)
            continue
        raw = [value.strip() for value in data.get(item.name, []) if value.strip()]
        value = " ".join(raw) if item.control == "select" else (raw[0] if raw else "")
        problem = _check_value(item, value, raw)
        if problem:
            answers.errors.setdefault(item.name, []).append(problem)
        answers.values[item.name] = value
    if answers.ok and mapping is not None:
        names = {item.name for item in form.fields}
        for issue in apply_mapping(mapping, answers.values).problems:
            key = issue.column if issue.column in names else ""
            answers.errors.setdefault(key, []).append(issue.reason)
    return answers


def _check_value(item: WebField, value: str, raw: list[str]) -> str:
    if not value:
        return "This answer is required." if item.required else ""
    if len(value) > MAX_TEXT:
        return f"Keep this under {MAX_TEXT:,} characters."
    if item.control in {"select1", "select"}:
        allowed = {choice.value for choice in item.choices}
        if any(choice not in allowed for choice in raw):
            return "Pick one of the listed choices."
        return ""
    return _check_typed(item.type, value)


def _check_typed(kind: str, value: str) -> str:
    if kind == "int":
        return "" if _INTEGER.match(value) else "Give a whole number."
    if kind == "decimal":
        try:
            number = Decimal(value)
        except InvalidOperation:
            return "Give a number."
        return "" if number.is_finite() else "Give a number."
    if kind == "date":
        if not re.match(r"^\d{4}-\d{2}-\d{2}$", value):
            return "Give a date as YYYY-MM-DD."
        try:
            parse_date(value)
        except ValueError:
            return "Give a real date, not before 1900 and not in the future."
        return ""
    if kind == "geopoint":
        try:
            parse_geopoint(value)
        except ValueError as error:
            return f"Give latitude and longitude, e.g. 39.8153 46.7519 ({error})."
        return ""
    return ""


def _check_upload(item: WebField, upload: Upload | None, answers: Answers, max_bytes: int) -> None:
    if upload is None or not upload.size:
        if item.required:
            answers.errors.setdefault(item.name, []).append("Attach a file.")
        return
    if upload.size > max_bytes:
        answers.errors.setdefault(item.name, []).append(f"The file is larger than {max_bytes:,} bytes.")
        return
    accepted = item.media_type.split("/", 1)[0] if item.media_type else ""
    if accepted and accepted != "*" and not upload.content_type.startswith(f"{accepted}/"):
        answers.errors.setdefault(item.name, []).append(f"Attach a file of type {item.media_type}.")
        return
    answers.files[item.name] = safe_file_name(item.name, upload.name)


def safe_file_name(field_name: str, name: str) -> str:
    """The attachment name stored in the instance: the field's name and the upload's extension."""
    extension = re.sub(r"[^A-Za-z0-9]", "", name.rsplit(".", 1)[-1])[:8] if "." in name else ""
    return f"{field_name}.{extension.lower()}" if extension else field_name


def instance_xml(form: WebForm, answers: Answers, instance_id: str) -> bytes:
    """The XForm instance document, shaped as a field app sends it (form id, version, meta/instanceID)."""
    given = {**answers.values, **answers.files}
    root = Element(_local(form.instance.tag), {"id": form.form_id, "version": form.version})
    _fill(form.instance, root, given, instance_id)
    return b"<?xml version='1.0' ?>" + tostring(root, encoding="unicode").encode("utf-8")


def _fill(source: Element, target: Element, given: Mapping[str, str], instance_id: str) -> None:
    for child in source:
        if child.get(f"{_JR}template") is not None:
            continue  # a repeat's template is not data
        name = _local(child.tag)
        node = SubElement(target, name)
        if len(child):
            _fill(child, node, given, instance_id)
        elif name == "instanceID":
            node.text = instance_id
        else:
            node.text = given.get(name, "") or None
