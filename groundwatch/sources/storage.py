"""A content-addressed file store: each file lives under its own SHA-256, written once, never changed.

Files are streamed to a temporary file in the store while hashed, size-limited as they arrive, then
moved into place atomically. Storing the same bytes twice keeps one copy.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from groundwatch.core.errors import TooLarge


@dataclass(frozen=True)
class StoredFile:
    sha256: str
    size: int
    path: Path


class FileStore:
    def __init__(
        self, root: Path, max_bytes: int, limit_setting: str = "GROUNDWATCH_ATTACHMENT_MAX_BYTES"
    ) -> None:
        self.root = Path(root)
        self.max_bytes = max_bytes
        self.limit_setting = limit_setting  # named in the error, so the reader knows what to raise

    def path_for(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(char not in "0123456789abcdef" for char in sha256):
            raise ValueError(f"not a SHA-256 hex digest: {sha256!r}")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def put(self, chunks: Iterable[bytes]) -> StoredFile:
        """Stream chunks into the store. Raises TooLarge (and keeps nothing) past the size limit."""
        self.root.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        handle, temp_name = tempfile.mkstemp(dir=self.root, prefix=".incoming-")
        try:
            with os.fdopen(handle, "wb") as temp:
                for chunk in chunks:
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise TooLarge(
                            f"File is larger than the limit of {self.max_bytes:,} bytes "
                            f"({self.limit_setting})."
                        )
                    digest.update(chunk)
                    temp.write(chunk)
                temp.flush()
                os.fsync(temp.fileno())
            sha256 = digest.hexdigest()
            final = self.path_for(sha256)
            if final.exists():
                os.unlink(temp_name)
            else:
                final.parent.mkdir(parents=True, exist_ok=True)
                os.chmod(temp_name, 0o440)
                os.replace(temp_name, final)
            return StoredFile(sha256=sha256, size=size, path=final)
        except BaseException:
            if os.path.exists(temp_name):
                os.unlink(temp_name)
            raise

    def open(self, sha256: str) -> Iterable[bytes]:
        with self.path_for(sha256).open("rb") as stored:
            while chunk := stored.read(1024 * 1024):
                yield chunk

    def exists(self, sha256: str) -> bool:
        return self.path_for(sha256).exists()


def default_store() -> FileStore:
    from django.conf import settings

    return FileStore(settings.ATTACHMENT_STORE_DIR, settings.ATTACHMENT_MAX_BYTES)


def import_store() -> FileStore:
    """The same store, for a file import's own file: kept whole, under the import limit instead."""
    from django.conf import settings

    return FileStore(settings.ATTACHMENT_STORE_DIR, settings.IMPORT_MAX_BYTES, "GROUNDWATCH_IMPORT_MAX_BYTES")
