"""Encrypted backups: public-key encryption so the server can write backups it cannot read.

The mission keeps a key pair made by ``groundwatch backup_key generate``. The *public* key goes on the server
(``groundwatch backup --encrypt-to``); the *secret* key stays off it (a USB stick in a safe, the coordinator's
laptop) and is only needed to restore. Everything works offline: no key server, no network.

File format ``groundwatch encrypted backup, version 1`` (all integers big-endian)::

    header (68 bytes)
      0   8  magic            b"GWBACKUP"
      8   1  version          1
      9   4  chunk size       plaintext bytes per chunk (1 KiB … 16 MiB; 1 MiB when we write)
     13  16  recipient key id first 16 bytes of SHA-256(recipient's raw X25519 public key)
     29  32  ephemeral key    a fresh X25519 public key, made for this file only
     61   7  nonce prefix     random
    chunks, one after the other
      AES-256-GCM(key, nonce, plaintext chunk, associated data = the 68 header bytes)
      = plaintext + 16-byte tag. Every chunk holds exactly ``chunk size`` plaintext bytes except the last,
      which holds 0 … ``chunk size``.

    key   = HKDF-SHA256(X25519(ephemeral secret, recipient public),
                        salt = ephemeral public ‖ recipient public, info = b"groundwatch-backup/1 payload")
    nonce = nonce prefix (7) ‖ chunk number (4) ‖ final flag (1: 0x01 on the last chunk, else 0x00)

Why each part is there:

* The chunk number in the nonce makes reordering, dropping or repeating a chunk fail authentication.
* The final flag makes truncation fail: a file cut at a chunk boundary ends on a chunk that was sealed as
  "not final", so opening it as the last one fails. Bytes after the final chunk are refused too.
* The header is the associated data of every chunk, so changing any header byte (the key id, the chunk
  size) fails the first chunk. The ephemeral key is also an input of the key derivation.
* The key id only lets ``restore`` say "this backup is for another key" instead of a bare failure.

The plaintext is a tar stream of the backup folder (database dump, attachments, ``manifest.json``), so the
manifest of hashes is encrypted and authenticated with everything else. Restoring decrypts into a private
temporary folder, and only after the last chunk has authenticated does anything go into the database or
the attachment store: a wrong key, a flipped bit or a truncated file writes nothing.
"""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import struct
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from groundwatch.operations.databases import OperationFailed

MAGIC = b"GWBACKUP"
VERSION = 1
HEADER = struct.Struct(">8sBI16s32s7s")  # magic, version, chunk size, key id, ephemeral key, nonce prefix
TAG = 16
DEFAULT_CHUNK = 1024 * 1024
MIN_CHUNK, MAX_CHUNK = 1024, 16 * 1024 * 1024
LAST_CHUNK_NUMBER = 2**32 - 1
HKDF_INFO = b"groundwatch-backup/1 payload"
PUBLIC_PREFIX = "gwbackup-pub1-"
SECRET_PREFIX = "gwbackup-secret1-"  # noqa: S105 - the key line marker, not a secret
SUFFIX = ".gwbackup"


class DecryptionFailed(OperationFailed):
    """The file is not ours, is for another key, or was changed or cut short. Nothing was restored."""


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _raw_public(key: X25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(raw_public: bytes) -> bytes:
    return hashlib.sha256(raw_public).digest()[:16]


@dataclass(frozen=True)
class PublicKey:
    raw: bytes

    @property
    def id(self) -> str:
        return key_id(self.raw).hex()

    @property
    def text(self) -> str:
        return PUBLIC_PREFIX + _b64(self.raw)


@dataclass(frozen=True)
class SecretKey:
    raw: bytes

    @property
    def public(self) -> PublicKey:
        return PublicKey(_raw_public(X25519PrivateKey.from_private_bytes(self.raw).public_key()))

    @property
    def text(self) -> str:
        return SECRET_PREFIX + _b64(self.raw)


def generate_key_pair() -> SecretKey:
    secret = X25519PrivateKey.generate()
    raw = secret.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    return SecretKey(raw)


def _key_line(text: str, prefix: str) -> str | None:
    """The key line of a key file (comment lines start with #), or None."""
    for line in text.splitlines():
        line = line.strip()
        if line.startswith(prefix):
            return line[len(prefix) :]
    return None


def parse_public_key(value: str) -> PublicKey:
    """A public key given as its text (``gwbackup-pub1-…``) or as the path of a file holding it."""
    text = value.strip()
    if not text.startswith(PUBLIC_PREFIX):
        path = Path(value).expanduser()
        if not path.is_file():
            raise OperationFailed(
                f"--encrypt-to {value!r} is neither a backup public key ({PUBLIC_PREFIX}…) nor a file holding "
                "one. Make a key pair with `groundwatch backup_key generate`."
            )
        file_text = path.read_text("utf-8")
        if _key_line(file_text, SECRET_PREFIX) is not None:
            raise OperationFailed(
                f"{path} holds a SECRET backup key. Give the server only the public key (the .pub file) "
                "and move the secret key off this machine."
            )
        text = PUBLIC_PREFIX + (_key_line(file_text, PUBLIC_PREFIX) or "")
    try:
        raw = _unb64(text[len(PUBLIC_PREFIX) :])
        X25519PublicKey.from_public_bytes(raw)
    except ValueError:
        raise OperationFailed(f"{value!r} is not a valid backup public key.") from None
    return PublicKey(raw)


def read_secret_key(path: Path) -> SecretKey:
    if not path.is_file():
        raise OperationFailed(f"There is no key file at {path}.")
    encoded = _key_line(path.read_text("utf-8"), SECRET_PREFIX)
    if encoded is None:
        raise OperationFailed(
            f"{path} holds no backup secret key (a line starting {SECRET_PREFIX}). Restoring needs the "
            "secret key made by `groundwatch backup_key generate`, not the public one."
        )
    try:
        raw = _unb64(encoded)
        X25519PrivateKey.from_private_bytes(raw)
    except ValueError:
        raise OperationFailed(f"The secret key in {path} is damaged.") from None
    return SecretKey(raw)


def write_key_pair(
    secret: SecretKey, folder: Path, name: str = "groundwatch-backup-key"
) -> tuple[Path, Path]:
    """Write ``NAME.secret`` (mode 600) and ``NAME.pub``; refuses to overwrite either."""
    folder.mkdir(parents=True, exist_ok=True)
    secret_path, public_path = folder / f"{name}.secret", folder / f"{name}.pub"
    for path in (secret_path, public_path):
        if path.exists():
            raise OperationFailed(f"{path} already exists; not overwriting a key. Choose another --out.")
    public = secret.public
    descriptor = os.open(secret_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(
            "# groundwatch backup SECRET key. Whoever holds it can read every backup made for it.\n"
            "# Keep it OFF the server (and keep two copies: without it the backups cannot be restored).\n"
            f"# key id {public.id}\n# public key {public.text}\n{secret.text}\n"
        )
    public_path.write_text(
        f"# groundwatch backup public key, key id {public.id}. Safe to put on the server:\n"
        f"# groundwatch backup --encrypt-to {public_path.name}\n{public.text}\n",
        "utf-8",
    )
    return secret_path, public_path


def _derive_key(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=ephemeral + recipient, info=HKDF_INFO).derive(
        shared
    )


def _nonce(prefix: bytes, number: int, final: bool) -> bytes:
    if number > LAST_CHUNK_NUMBER:
        raise OperationFailed("The backup is too large for one encrypted file (2^32 chunks).")
    return prefix + struct.pack(">I", number) + (b"\x01" if final else b"\x00")


class EncryptingWriter:
    """A write-only file object: what is written goes out sealed, chunk by chunk. ``close()`` seals the
    final chunk; a file never closed cannot be opened (its last chunk is not marked final)."""

    def __init__(self, out: BinaryIO, recipient: PublicKey, chunk_size: int = DEFAULT_CHUNK) -> None:
        ephemeral = X25519PrivateKey.generate()
        ephemeral_raw = _raw_public(ephemeral.public_key())
        shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient.raw))
        self._out = out
        self._prefix = os.urandom(7)
        self._header = HEADER.pack(
            MAGIC, VERSION, chunk_size, key_id(recipient.raw), ephemeral_raw, self._prefix
        )
        self._aead = AESGCM(_derive_key(shared, ephemeral_raw, recipient.raw))
        self._chunk = chunk_size
        self._buffer = bytearray()
        self._number = 0
        self.closed = False
        out.write(self._header)

    def _seal(self, plaintext: bytes, final: bool) -> None:
        nonce = _nonce(self._prefix, self._number, final)
        self._out.write(self._aead.encrypt(nonce, plaintext, self._header))
        self._number += 1

    def write(self, data: bytes) -> int:
        self._buffer += data
        # Keep at least one byte back: the final chunk must be sealed by close(), never by write().
        while len(self._buffer) > self._chunk:
            self._seal(bytes(self._buffer[: self._chunk]), final=False)
            del self._buffer[: self._chunk]
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self._seal(bytes(self._buffer), final=True)
            self._buffer.clear()
            self.closed = True


class DecryptingReader:
    """A read-only file object over an encrypted backup. Every chunk is authenticated before its bytes are
    returned; ``finish()`` checks that the final chunk was reached and nothing follows it."""

    def __init__(self, source: BinaryIO, secret: SecretKey, *, name: str = "the backup") -> None:
        self._source, self._name = source, name
        header = source.read(HEADER.size)
        if len(header) < HEADER.size or not header.startswith(MAGIC):
            raise DecryptionFailed(f"{name} is not an encrypted groundwatch backup.")
        _magic, version, chunk_size, recipient_id, ephemeral_raw, prefix = HEADER.unpack(header)
        if version != VERSION:
            raise DecryptionFailed(
                f"{name} is encrypted with format version {version}; this version reads 1."
            )
        if not MIN_CHUNK <= chunk_size <= MAX_CHUNK:
            raise DecryptionFailed(f"{name} has a damaged header (chunk size {chunk_size}).")
        public = secret.public
        if recipient_id != key_id(public.raw):
            raise DecryptionFailed(
                f"{name} was encrypted for backup key {recipient_id.hex()}; the key given is "
                f"{public.id}. Use the secret key whose id matches."
            )
        try:
            shared = X25519PrivateKey.from_private_bytes(secret.raw).exchange(
                X25519PublicKey.from_public_bytes(ephemeral_raw)
            )
        except ValueError:
            raise DecryptionFailed(f"{name} has a damaged header (invalid ephemeral key).") from None
        self._aead = AESGCM(_derive_key(shared, ephemeral_raw, public.raw))
        self._header, self._prefix = header, prefix
        self._sealed_size = chunk_size + TAG
        self._number = 0
        self._pending = self._read_sealed()
        self._plain = b""
        self._offset = 0
        self.finished = False

    def _read_sealed(self) -> bytes:
        parts, wanted = [], self._sealed_size
        while wanted:
            part = self._source.read(wanted)
            if not part:
                break
            parts.append(part)
            wanted -= len(part)
        return b"".join(parts)

    def _open_next(self) -> bool:
        if self.finished:
            return False
        sealed = self._pending
        self._pending = self._read_sealed()
        final = not self._pending
        try:
            self._plain = self._aead.decrypt(_nonce(self._prefix, self._number, final), sealed, self._header)
        except InvalidTag:
            how = "was cut short or changed" if final else "was changed or damaged"
            raise DecryptionFailed(
                f"{self._name} does not authenticate at chunk {self._number}: the file {how} after it was "
                "written (or its header was altered). Nothing was restored."
            ) from None
        self._offset = 0
        self._number += 1
        self.finished = final
        return True

    def read(self, size: int = -1) -> bytes:
        out = bytearray()
        while size < 0 or len(out) < size:
            if self._offset >= len(self._plain) and not self._open_next():
                break
            end = len(self._plain) if size < 0 else self._offset + size - len(out)
            out += self._plain[self._offset : end]
            self._offset += len(self._plain[self._offset : end])
        return bytes(out)

    def finish(self) -> None:
        """Read (and authenticate) whatever is left, up to and including the final chunk."""
        while self._open_next():
            pass


def encrypt_folder(folder: Path, destination: Path, recipient: PublicKey, arcname: str = "") -> None:
    """Seal ``folder`` (as a tar stream, named ``arcname`` inside) into ``destination``, written atomically
    and fsynced."""
    partial = destination.with_name(f".{destination.name}.partial")
    try:
        with partial.open("xb") as out:
            writer = EncryptingWriter(out, recipient)
            with tarfile.open(fileobj=writer, mode="w|", format=tarfile.PAX_FORMAT) as archive:  # type: ignore[call-overload]
                archive.add(folder, arcname=arcname or folder.name)
            writer.close()
            out.flush()
            os.fsync(out.fileno())
        partial.rename(destination)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


@contextmanager
def decrypted_backup(path: Path, secret: SecretKey, work_dir: Path | None = None) -> Iterator[Path]:
    """Decrypt an encrypted backup into a private temporary folder; yields the backup folder inside it.
    The whole file is authenticated before this yields; the folder is deleted afterwards."""
    temporary = Path(tempfile.mkdtemp(prefix="groundwatch-decrypt-", dir=work_dir))  # mode 700
    try:
        with path.open("rb") as source:
            reader = DecryptingReader(source, secret, name=str(path))
            try:
                with tarfile.open(fileobj=reader, mode="r|") as archive:  # type: ignore[call-overload]
                    archive.extractall(temporary, filter="data")
            except tarfile.TarError as error:
                reader.finish()  # a damaged file says so; a sound one holding a bad tar is reported below
                raise DecryptionFailed(
                    f"{path} decrypted, but its content is not a backup: {error}"
                ) from None
            reader.finish()
        folders = [entry for entry in temporary.iterdir() if entry.is_dir()]
        if len(folders) != 1:
            raise DecryptionFailed(f"{path} decrypted, but does not hold exactly one backup folder.")
        yield folders[0]
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
