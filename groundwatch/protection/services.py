"""Every write to protected persons, and every reveal of a protected field.

Clear values of protected fields exist only in memory: they are encrypted before saving, never put in
audit records (which name the fields, not their values), and reading one back is itself an audit event.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from groundwatch.accounts.models import Mission
from groundwatch.accounts.services import grant_creator_if_strict
from groundwatch.audit.services import record_audit, snapshot
from groundwatch.core.access import require_action
from groundwatch.core.choices import Action, Confidentiality
from groundwatch.core.errors import NotFound, ValidationFailed
from groundwatch.protection import crypto
from groundwatch.protection.choices import ENCRYPTED_FIELDS, AgeBand, ConsentScope, PersonRole, RiskLevel, Sex
from groundwatch.protection.keys import Keyring, add_key, current_keyring, write_keyring
from groundwatch.protection.models import ProtectedPerson

CIPHERTEXT_COLUMNS = tuple(f"{name}_ciphertext" for name in ENCRYPTED_FIELDS)
AUDIT_EXCLUDE = CIPHERTEXT_COLUMNS


def _associated(person: ProtectedPerson, field: str) -> bytes:
    return crypto.context(person.mission_id, person.code, field)


def _seal(person: ProtectedPerson, values: dict[str, str], keyring: Keyring) -> list[str]:
    changed = []
    for field, value in values.items():
        if field not in ENCRYPTED_FIELDS:
            raise ValidationFailed(f"{field!r} is not a protected field.", field=field)
        sealed = crypto.encrypt(value, keyring=keyring, associated=_associated(person, field))
        setattr(person, f"{field}_ciphertext", sealed)
        changed.append(field)
    return changed


def _check_coded(role: str, sex: str, age_band: str, risk_level: str, consent_scope: str) -> None:
    for value, choices, name in [
        (role, PersonRole, "role"),
        (sex, Sex, "sex"),
        (age_band, AgeBand, "age_band"),
        (risk_level, RiskLevel, "risk_level"),
        (consent_scope, ConsentScope, "consent_scope"),
    ]:
        if value not in choices.values:
            raise ValidationFailed(f"Unknown {name} {value!r}.", field=name)


def register_person(
    *,
    mission: Mission,
    actor: Any,
    code: str,
    role: str,
    retain_until: dt.date,
    sex: str = "",
    age_band: str = "",
    risk_level: str = RiskLevel.MEDIUM,
    consent_scope: str = ConsentScope.NONE,
    consent_notes: str = "",
    consent_recorded_on: dt.date | None = None,
    confidentiality: int = Confidentiality.CONFIDENTIAL,
    protected: dict[str, str] | None = None,
) -> ProtectedPerson:
    """Register a victim, witness or source person under a pseudonym code, with encrypted identity."""
    require_action(actor, mission, Action.SUBMIT)
    _check_coded(role, sex, age_band, risk_level, consent_scope)
    if not code.strip():
        raise ValidationFailed("A protected person needs a pseudonym code.", field="code")
    if confidentiality < Confidentiality.CONFIDENTIAL:
        raise ValidationFailed(
            "Protected persons are confidential or strictly confidential.", field="confidentiality"
        )
    with transaction.atomic():
        if ProtectedPerson.objects.filter(mission=mission, code=code).exists():
            raise ValidationFailed(f"Code {code!r} is already used in this mission.", field="code")
        person = ProtectedPerson(
            mission=mission,
            code=code,
            role=role,
            sex=sex,
            age_band=age_band,
            risk_level=risk_level,
            consent_scope=consent_scope,
            consent_notes=consent_notes,
            consent_recorded_on=consent_recorded_on,
            retain_until=retain_until,
            confidentiality=confidentiality,
            created_by=actor,
        )
        fields = _seal(person, protected or {}, current_keyring())
        person.save()
        after = snapshot(person, exclude=AUDIT_EXCLUDE) | {"protected_fields_set": sorted(fields)}
        record_audit(
            action="protected_person.create", actor=actor, mission=mission, target=person, after=after
        )
        grant_creator_if_strict(record=person, actor=actor)
    return person


def update_protected_fields(
    *, person: ProtectedPerson, actor: Any, values: dict[str, str]
) -> ProtectedPerson:
    require_action(actor, person.mission, Action.ANALYSE)
    _require_clearance(actor, person)
    if person.destroyed_at is not None:
        raise ValidationFailed("This person's identifying data was destroyed.", field="code")
    with transaction.atomic():
        fields = _seal(person, values, current_keyring())
        person.save(update_fields=[f"{field}_ciphertext" for field in fields])
        record_audit(
            action="protected_person.update",
            actor=actor,
            mission=person.mission_id,
            target=person,
            after={"protected_fields_changed": sorted(fields)},
        )
    return person


def _require_clearance(actor: Any, person: ProtectedPerson) -> None:
    if actor is not None and not ProtectedPerson.objects.restrict(actor).filter(pk=person.pk).exists():
        raise NotFound("No protected person matches that reference.")


class RevealReasonMissing(ValidationFailed):
    """A reveal asked for without a reason: refused before anything is decrypted."""

    code = "reveal_reason_required"
    status = 400


def reveal(*, person: ProtectedPerson, actor: Any, fields: Iterable[str], reason: str) -> dict[str, str]:
    """Decrypt protected fields for someone entitled to them. Each reveal is an audit event."""
    require_action(actor, person.mission, Action.ANALYSE)
    _require_clearance(actor, person)
    wanted = list(fields)
    unknown = [field for field in wanted if field not in ENCRYPTED_FIELDS]
    if unknown:
        raise ValidationFailed(f"Not protected fields: {', '.join(unknown)}.", field=unknown[0])
    if not reason.strip():
        raise RevealReasonMissing("Say why you need to see this person's identifying data.", field="reason")
    if person.destroyed_at is not None:
        raise ValidationFailed(
            "This person's identifying data was destroyed at the end of its retention period.", field="code"
        )
    keyring = current_keyring()
    values = {
        field: crypto.decrypt(
            getattr(person, f"{field}_ciphertext"), keyring=keyring, associated=_associated(person, field)
        )
        for field in wanted
    }
    record_audit(
        action="protected_person.reveal",
        actor=actor,
        mission=person.mission_id,
        target=person,
        after={"fields": sorted(wanted), "reason": reason},
    )
    return values


def update_consent(
    *,
    person: ProtectedPerson,
    actor: Any,
    consent_scope: str,
    consent_notes: str = "",
    consent_recorded_on: dt.date | None = None,
    risk_level: str | None = None,
) -> ProtectedPerson:
    """Record what the person now agrees to (and, if given, a new risk level). Coded fields only."""
    require_action(actor, person.mission, Action.ANALYSE)
    _require_clearance(actor, person)
    risk = risk_level if risk_level is not None else person.risk_level
    _check_coded(person.role, person.sex, person.age_band, risk, consent_scope)
    with transaction.atomic():
        before = snapshot(person, exclude=AUDIT_EXCLUDE)
        person.consent_scope = consent_scope
        person.consent_notes = consent_notes
        person.consent_recorded_on = consent_recorded_on
        person.risk_level = risk
        person.save(update_fields=["consent_scope", "consent_notes", "consent_recorded_on", "risk_level"])
        after = snapshot(person, exclude=AUDIT_EXCLUDE)
        record_audit(
            action="protected_person.consent",
            actor=actor,
            mission=person.mission_id,
            target=person,
            before=before,
            after=after,
        )
    return person


def _check_event(person: ProtectedPerson, event: Any, actor: Any) -> None:
    require_action(actor, person.mission, Action.ANALYSE)
    _require_clearance(actor, person)
    if event.mission_id != person.mission_id:
        raise ValidationFailed("The event belongs to another mission.", field="event")


def link_event(*, person: ProtectedPerson, event: Any, actor: Any) -> ProtectedPerson:
    """Say the person is a victim, witness or source of ``event``. Linking twice changes nothing."""
    _check_event(person, event, actor)
    with transaction.atomic():
        if not person.events.filter(pk=event.pk).exists():
            person.events.add(event)
            record_audit(
                action="protected_person.link_event",
                actor=actor,
                mission=person.mission_id,
                target=person,
                after={"event": event.pk},
            )
    return person


def unlink_event(*, person: ProtectedPerson, event: Any, actor: Any) -> ProtectedPerson:
    """Remove a link between the person and ``event``; an event that was not linked changes nothing."""
    _check_event(person, event, actor)
    with transaction.atomic():
        if person.events.filter(pk=event.pk).exists():
            person.events.remove(event)
            record_audit(
                action="protected_person.unlink_event",
                actor=actor,
                mission=person.mission_id,
                target=person,
                before={"event": event.pk},
            )
    return person


def destroy_expired(*, actor: Any, today: dt.date | None = None) -> list[str]:
    """Erase identifying data of persons past their retention date; return their codes."""
    today = today or timezone.localdate()
    destroyed = []
    for person in ProtectedPerson.objects.present().filter(retain_until__lt=today).order_by("pk"):
        with transaction.atomic():
            for column in CIPHERTEXT_COLUMNS:
                setattr(person, column, "")
            person.consent_notes = ""
            person.destroyed_at = timezone.now()
            person.save(update_fields=[*CIPHERTEXT_COLUMNS, "consent_notes", "destroyed_at"])
            record_audit(
                action="protected_person.destroy",
                actor=actor,
                mission=person.mission_id,
                target=person,
                after={"retain_until": person.retain_until.isoformat(), "fields": list(ENCRYPTED_FIELDS)},
            )
        destroyed.append(person.code)
    return destroyed


@dataclass(frozen=True)
class RotationResult:
    new_key_id: str
    re_encrypted: int
    retired: list[str]


def rotate_field_keys(*, actor: Any, retire_old: bool = False, batch_size: int = 500) -> RotationResult:
    """Add a new active key, re-encrypt every protected field with it, optionally drop unused keys.

    The keyring file is written first, holding old and new keys, so an interrupted rotation can simply
    be run again: every ciphertext is readable with one of the keys at every moment.
    """
    path = Path(settings.FIELD_KEY_FILE)
    old = current_keyring()
    keyring = add_key(old)
    write_keyring(path, keyring)
    count = 0
    ids = list(ProtectedPerson.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch_size):
        with transaction.atomic():
            for person in ProtectedPerson.objects.select_for_update().filter(
                pk__in=ids[start : start + batch_size]
            ):
                count += _re_encrypt(person, keyring)
    retired: list[str] = []
    if retire_old:
        retired = sorted(set(keyring.keys) - {keyring.active_id})
        write_keyring(
            path, Keyring(active_id=keyring.active_id, keys={keyring.active_id: keyring.active_key})
        )
    record_audit(
        action="field_keys.rotate",
        actor=actor,
        object_type="keyring",
        object_id=keyring.active_id,
        after={"re_encrypted_fields": count, "retired_keys": retired},
    )
    return RotationResult(new_key_id=keyring.active_id, re_encrypted=count, retired=retired)


def _re_encrypt(person: ProtectedPerson, keyring: Keyring) -> int:
    changed = []
    for field in ENCRYPTED_FIELDS:
        column = f"{field}_ciphertext"
        sealed = getattr(person, column)
        if not sealed or crypto.key_id_of(sealed) == keyring.active_id:
            continue
        plain = crypto.decrypt(sealed, keyring=keyring, associated=_associated(person, field))
        setattr(person, column, crypto.encrypt(plain, keyring=keyring, associated=_associated(person, field)))
        changed.append(column)
    if changed:
        person.save(update_fields=changed)
    return len(changed)
