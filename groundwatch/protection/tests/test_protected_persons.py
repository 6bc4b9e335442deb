import datetime as dt
import json

import pytest
from django.db import connection

from groundwatch.audit.models import AuditRecord
from groundwatch.core.choices import Confidentiality
from groundwatch.core.errors import NotFound, PermissionDenied, ValidationFailed
from groundwatch.protection import crypto
from groundwatch.protection.checks import check_field_keys
from groundwatch.protection.keys import current_keyring, load_keyring
from groundwatch.protection.models import ProtectedPerson
from groundwatch.protection.services import destroy_expired, register_person, reveal, rotate_field_keys

pytestmark = pytest.mark.django_db

CANARY_NAME = "Canary-Name-7f3a91"
CANARY_TESTIMONY = "Canary-Testimony-c2d8e4 saw the vehicles at the bridge"


@pytest.fixture(autouse=True)
def _key_file(settings, tmp_path):
    settings.FIELD_KEY_FILE = tmp_path / "keys" / "field-keys.json"


@pytest.fixture
def witness(mission, monitor):
    return register_person(
        mission=mission,
        actor=monitor,
        code="W-0001",
        role="witness",
        sex="female",
        age_band="18-59",
        retain_until=dt.date(2030, 1, 1),
        protected={"full_name": CANARY_NAME, "testimony": CANARY_TESTIMONY, "contact": "+000 0000"},
    )


def _all_database_text() -> str:
    """Every row of every table as text — what someone with a copy of the database would see."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608  (table names from introspection)
            chunks.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(chunks)


def test_protected_fields_never_reach_the_database_in_the_clear(witness):
    text = _all_database_text()
    assert CANARY_NAME not in text
    assert "Canary-Testimony" not in text
    assert "W-0001" in text  # the pseudonym is the one identifier in the clear


def test_an_analyst_can_reveal_and_the_reveal_is_audited_without_the_value(witness, analyst):
    values = reveal(
        person=witness, actor=analyst, fields=["full_name", "testimony"], reason="Follow-up interview"
    )
    assert values == {"full_name": CANARY_NAME, "testimony": CANARY_TESTIMONY}
    record = AuditRecord.objects.get(action="protected_person.reveal")
    assert record.actor == analyst and record.after["fields"] == ["full_name", "testimony"]
    assert CANARY_NAME not in json.dumps(record.after)


def test_a_reveal_needs_a_reason_and_the_right_role_and_clearance(witness, viewer, analyst, mission):
    with pytest.raises(ValidationFailed, match="Say why"):
        reveal(person=witness, actor=analyst, fields=["full_name"], reason="")
    with pytest.raises(PermissionDenied):
        reveal(person=witness, actor=viewer, fields=["full_name"], reason="curious")
    secret = register_person(
        mission=mission,
        actor=None,
        code="S-1",
        role="source",
        retain_until=dt.date(2030, 1, 1),
        confidentiality=Confidentiality.STRICTLY_CONFIDENTIAL,
        protected={"full_name": "x"},
    )
    with pytest.raises(NotFound):
        reveal(person=secret, actor=analyst, fields=["full_name"], reason="case work")
    assert not ProtectedPerson.objects.restrict(analyst).filter(pk=secret.pk).exists()


def test_a_flipped_bit_fails_loudly(witness, analyst):
    sealed = witness.full_name_ciphertext
    prefix, key_id, payload = sealed.split(":", 2)
    tampered = f"{prefix}:{key_id}:{payload[:20]}{'A' if payload[20] != 'A' else 'B'}{payload[21:]}"
    ProtectedPerson.objects.filter(pk=witness.pk).update(full_name_ciphertext=tampered)
    witness.refresh_from_db()
    with pytest.raises(crypto.DecryptionFailed, match="integrity check"):
        reveal(person=witness, actor=analyst, fields=["full_name"], reason="check")


def test_a_ciphertext_moved_to_another_person_does_not_decrypt(witness, mission, analyst):
    other = register_person(
        mission=mission,
        actor=None,
        code="W-0002",
        role="witness",
        retain_until=dt.date(2030, 1, 1),
        protected={"full_name": "Someone else"},
    )
    ProtectedPerson.objects.filter(pk=other.pk).update(full_name_ciphertext=witness.full_name_ciphertext)
    other.refresh_from_db()
    with pytest.raises(crypto.DecryptionFailed):
        reveal(person=other, actor=analyst, fields=["full_name"], reason="check")


def test_rotation_re_encrypts_everything_and_old_keys_can_be_retired(witness, analyst, settings):
    first_key = current_keyring().active_id
    result = rotate_field_keys(actor=None, retire_old=True)
    assert result.re_encrypted == 3 and result.new_key_id != first_key
    assert load_keyring(settings.FIELD_KEY_FILE, create=False).keys.keys() == {result.new_key_id}
    witness.refresh_from_db()
    assert crypto.key_id_of(witness.full_name_ciphertext) == result.new_key_id
    assert reveal(person=witness, actor=analyst, fields=["full_name"], reason="check") == {
        "full_name": CANARY_NAME
    }


def test_expired_identities_are_destroyed_and_the_destruction_recorded(mission, witness, analyst):
    register_person(
        mission=mission,
        actor=None,
        code="V-0001",
        role="victim",
        retain_until=dt.date(2020, 1, 1),
        protected={"full_name": "Expired-Canary-11"},
    )
    assert destroy_expired(actor=None, today=dt.date(2024, 1, 1)) == ["V-0001"]
    gone = ProtectedPerson.objects.get(code="V-0001")
    assert gone.destroyed_at is not None and gone.full_name_ciphertext == ""
    assert AuditRecord.objects.filter(action="protected_person.destroy", object_id=str(gone.pk)).exists()
    assert destroy_expired(actor=None, today=dt.date(2024, 1, 1)) == []
    assert ProtectedPerson.objects.get(code="W-0001").full_name_ciphertext != ""


def test_coded_fields_stay_queryable(witness, analyst):
    assert ProtectedPerson.objects.restrict(analyst).filter(sex="female", age_band="18-59").count() == 1


def test_production_without_a_key_file_is_a_configuration_error(settings, tmp_path):
    settings.FIELD_KEY_FILE = tmp_path / "missing.json"
    settings.PRODUCTION = True
    assert [message.id for message in check_field_keys(None)] == ["groundwatch.E005"]
    settings.PRODUCTION = False
    assert check_field_keys(None) == []


def test_a_damaged_key_file_is_reported(settings, tmp_path):
    settings.FIELD_KEY_FILE = tmp_path / "broken.json"
    settings.FIELD_KEY_FILE.write_text('{"active": "k9", "keys": {}}')
    assert [message.id for message in check_field_keys(None)] == ["groundwatch.E006"]
