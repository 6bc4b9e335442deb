"""Encrypted backups: the format refuses every change (bit flip, truncation, reordering, another key), and
`backup --encrypt-to` / `restore --key` round-trip a mission while a refused restore writes nothing."""

from __future__ import annotations

import io
import json
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from groundwatch.operations.backup import iter_store
from groundwatch.operations.databases import DatabaseTarget, OperationFailed
from groundwatch.operations.encryption import (
    HEADER,
    TAG,
    DecryptingReader,
    DecryptionFailed,
    EncryptingWriter,
    generate_key_pair,
    parse_public_key,
    read_secret_key,
    write_key_pair,
)
from groundwatch.operations.restore import postgresql_is_empty
from groundwatch.operations.tests.support import (
    environment,
    groundwatch,
    migrated_database,
    on_postgresql,
    python_module,
    scratch_postgres_database,
)

CHUNK = 1024
SECRET = generate_key_pair()


def seal(plaintext: bytes, chunk: int = CHUNK) -> bytes:
    out = io.BytesIO()
    writer = EncryptingWriter(out, SECRET.public, chunk_size=chunk)
    for start in range(0, len(plaintext), 700):  # writes that do not line up with chunks
        writer.write(plaintext[start : start + 700])
    writer.close()
    return out.getvalue()


def open_sealed(sealed: bytes, secret=SECRET) -> bytes:
    reader = DecryptingReader(io.BytesIO(sealed), secret)
    plaintext = reader.read()
    reader.finish()
    return plaintext


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 5000])
def test_round_trip_of_any_length(size):
    plaintext = os.urandom(size)
    sealed = seal(plaintext)
    assert open_sealed(sealed) == plaintext
    assert len(sealed) == HEADER.size + max(1, -(-size // CHUNK)) * TAG + size
    assert size < 64 or plaintext[:64] not in sealed


def test_small_reads_return_the_same_bytes():
    plaintext = os.urandom(3 * CHUNK + 17)
    reader = DecryptingReader(io.BytesIO(seal(plaintext)), SECRET)
    pieces = []
    while piece := reader.read(100):
        pieces.append(piece)
    assert b"".join(pieces) == plaintext


def test_every_flipped_bit_position_class_is_refused():
    sealed = seal(os.urandom(3 * CHUNK))
    positions = {
        "version": 8,
        "chunk size": 12,
        "key id": 20,
        "ephemeral key": 40,
        "nonce prefix": 63,
        "first chunk": HEADER.size + 5,
        "a tag": HEADER.size + CHUNK + TAG - 1,
        "last chunk": len(sealed) - 1,
    }
    accepted = []
    for name, position in positions.items():
        damaged = bytearray(sealed)
        damaged[position] ^= 0x01
        try:
            open_sealed(bytes(damaged))
        except DecryptionFailed:
            continue
        accepted.append(name)
    assert accepted == []


def test_truncation_is_refused_at_a_chunk_boundary_and_inside_a_chunk():
    sealed = seal(os.urandom(3 * CHUNK + 10))
    one_chunk = CHUNK + TAG
    at_boundary = sealed[: HEADER.size + 2 * one_chunk]  # two whole chunks, the final one missing
    with pytest.raises(DecryptionFailed, match="cut short"):
        open_sealed(at_boundary)
    with pytest.raises(DecryptionFailed):
        open_sealed(sealed[:-5])
    with pytest.raises(DecryptionFailed):
        open_sealed(sealed[: HEADER.size])
    with pytest.raises(DecryptionFailed, match="not an encrypted groundwatch backup"):
        open_sealed(sealed[:30])


def test_reordered_dropped_or_appended_chunks_are_refused():
    sealed = seal(os.urandom(3 * CHUNK + 10))
    one_chunk = CHUNK + TAG
    header, body = sealed[: HEADER.size], sealed[HEADER.size :]
    chunks = [body[i : i + one_chunk] for i in range(0, len(body), one_chunk)]
    with pytest.raises(DecryptionFailed):
        open_sealed(header + chunks[1] + chunks[0] + b"".join(chunks[2:]))
    with pytest.raises(DecryptionFailed):
        open_sealed(header + chunks[0] + b"".join(chunks[2:]))
    with pytest.raises(DecryptionFailed):
        open_sealed(sealed + b"\x00" * 40)


def test_another_key_is_named_and_refused():
    other = generate_key_pair()
    with pytest.raises(DecryptionFailed, match=f"encrypted for backup key {SECRET.public.id}"):
        open_sealed(seal(b"witness list"), secret=other)


def test_key_files(tmp_path):
    secret_path, public_path = write_key_pair(SECRET, tmp_path)
    assert stat.S_IMODE(secret_path.stat().st_mode) == 0o600
    assert read_secret_key(secret_path) == SECRET
    assert parse_public_key(str(public_path)) == SECRET.public
    assert parse_public_key(SECRET.public.text) == SECRET.public
    with pytest.raises(OperationFailed, match="SECRET backup key"):
        parse_public_key(str(secret_path))
    with pytest.raises(OperationFailed, match="holds no backup secret key"):
        read_secret_key(public_path)
    with pytest.raises(OperationFailed, match="already exists"):
        write_key_pair(generate_key_pair(), tmp_path)


# --- the commands, end to end, on the suite's database engine -------------------------------------------


@pytest.fixture
def seeded(transactional_db, tmp_path) -> Iterator[tuple[dict[str, str], DatabaseTarget, Path]]:
    """A database with a seeded mission (reports with attachments), and its canonical export."""
    with migrated_database(tmp_path, "src") as (env, target):
        state = tmp_path / "state"
        state.mkdir()
        (state / "stop").touch()  # seed, export, then stop at once
        seeder = python_module(
            "groundwatch.operations.scenario", "seed-and-write", "--state", str(state), env=env
        )
        seeder.wait(timeout=120)
        assert seeder.returncode == 0, seeder.stdout.read() if seeder.stdout else ""
        yield env, target, state


@pytest.fixture
def destination(tmp_path) -> Iterator[dict[str, str]]:
    data_dir = tmp_path / "restored"
    if not on_postgresql():
        yield environment(data_dir)
        return
    with scratch_postgres_database(f"gw_ops_enc_{os.getpid()}") as url:
        yield environment(data_dir, url)


def _nothing_restored(env: dict[str, str]) -> bool:
    data_dir = Path(env["GROUNDWATCH_DATA_DIR"])
    if next(iter_store(data_dir / "attachments"), None) is not None:
        return False
    if "DATABASE_URL" not in env:
        return not (data_dir / "groundwatch.sqlite3").exists()
    name = env["DATABASE_URL"].rsplit("/", 1)[1]
    return postgresql_is_empty(
        DatabaseTarget("postgresql", name, host="127.0.0.1", port="5432", user="postgres")
    )


def test_encrypted_backup_restores_only_with_its_key_and_unchanged(seeded, destination, tmp_path):
    env, _target, state = seeded
    keys = tmp_path / "keys"
    made = groundwatch("backup_key", "generate", "--out", str(keys), env=env)
    assert made.returncode == 0, made.stderr
    public, secret = keys / "groundwatch-backup-key.pub", keys / "groundwatch-backup-key.secret"

    out = tmp_path / "backups"
    backed_up = groundwatch("backup", "--out", str(out), "--encrypt-to", str(public), "--verify", env=env)
    assert backed_up.returncode == 0, backed_up.stderr + backed_up.stdout
    (encrypted,) = list(out.iterdir())  # one file; no plaintext folder left beside it
    assert encrypted.is_file() and encrypted.suffix == ".gwbackup"
    assert b"manifest.json" not in encrypted.read_bytes()
    assert b"Monitors counted" not in encrypted.read_bytes()

    refused = groundwatch("restore", str(encrypted), env=destination)
    assert refused.returncode != 0 and "--key" in refused.stderr

    wrong = tmp_path / "wrong"
    groundwatch("backup_key", "generate", "--out", str(wrong), env=env)
    refused = groundwatch(
        "restore", str(encrypted), "--key", str(wrong / "groundwatch-backup-key.secret"), env=destination
    )
    assert refused.returncode != 0 and "encrypted for backup key" in refused.stderr
    assert _nothing_restored(destination)

    damaged = tmp_path / "damaged.gwbackup"
    content = bytearray(encrypted.read_bytes())
    content[len(content) // 2] ^= 0x10
    damaged.write_bytes(bytes(content))
    refused = groundwatch("restore", str(damaged), "--key", str(secret), env=destination)
    assert refused.returncode != 0 and "does not authenticate" in refused.stderr
    assert _nothing_restored(destination)

    cut = tmp_path / "cut.gwbackup"
    cut.write_bytes(encrypted.read_bytes()[: -(TAG + 1)])
    refused = groundwatch("restore", str(cut), "--key", str(secret), env=destination)
    assert refused.returncode != 0 and "does not authenticate" in refused.stderr
    assert _nothing_restored(destination)

    checked = groundwatch("restore", str(encrypted), "--key", str(secret), "--check-only", env=destination)
    assert checked.returncode == 0, checked.stderr
    assert _nothing_restored(destination)

    restored = groundwatch("restore", str(encrypted), "--key", str(secret), env=destination)
    assert restored.returncode == 0, restored.stderr + restored.stdout
    assert "Verified:" in restored.stdout
    missions = json.loads((state / "missions.json").read_text())
    exports = tmp_path / "exports"
    exported = groundwatch(
        "export_canonical",
        str(missions["quiet"]),
        str(missions["live"]),
        "--out",
        str(exports),
        env=destination,
    )
    assert exported.returncode == 0, exported.stderr
    assert (exports / f"mission-{missions['quiet']}.json").read_bytes() == (
        state / "source-export.json"
    ).read_bytes()
