"""Reading a submitted XForm instance. Plain Python; DTDs and entities are refused (defusedxml)."""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

MAX_XML_BYTES = 2 * 1024 * 1024


class SubmissionInvalid(ValueError):
    """The submitted XML cannot be accepted; ``status`` is the HTTP status OpenRosa clients expect."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Submission:
    form_id: str
    version: str
    instance_id: str
    deprecated_id: str
    values: dict[str, str] = field(default_factory=dict)
    paths: dict[str, str] = field(default_factory=dict)

    def field_path(self, name: str) -> str:
        return self.paths.get(name, name)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def parse_submission(data: bytes) -> Submission:
    """The form id, version, instance ids and every leaf value (by field name) of a submission."""
    if len(data) > MAX_XML_BYTES:
        raise SubmissionInvalid(f"The submission XML is larger than {MAX_XML_BYTES:,} bytes.", status=413)
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise SubmissionInvalid("XML with a DTD or entity declarations is refused.") from None
    except (ParseError, ValueError) as error:
        raise SubmissionInvalid(f"The submission is not well-formed XML ({error}).") from None
    form_id = root.get("id", "").strip()
    if not form_id:
        raise SubmissionInvalid("The submission does not say which form it answers (no id attribute).")
    values: dict[str, str] = {}
    paths: dict[str, str] = {}
    _walk(root, f"/{_local(root.tag)}", values, paths)
    instance_id = values.get("instanceID", "").strip()
    if not instance_id:
        raise SubmissionInvalid("The submission has no meta/instanceID.")
    return Submission(
        form_id=form_id,
        version=root.get("version", "").strip(),
        instance_id=instance_id[:200],
        deprecated_id=values.get("deprecatedID", "").strip()[:200],
        values=values,
        paths=paths,
    )


def _walk(node: Element, path: str, values: dict[str, str], paths: dict[str, str]) -> None:
    for child in node:
        name = _local(child.tag)
        child_path = f"{path}/{name}"
        if len(child):
            _walk(child, child_path, values, paths)
        elif name not in values:  # the first occurrence wins when a repeat repeats a name
            values[name] = (child.text or "").strip()
            paths[name] = child_path
