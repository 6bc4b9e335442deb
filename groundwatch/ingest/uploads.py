"""Files uploaded for a background import: where they wait for a worker, and when they go.

An upload is written to ``<data dir>/imports/<sha256>/<name>`` so that a worker on any host sharing the data
directory can read it. The import stores the file itself as its Report's attachment (hashed, with custody), so
the upload is only a hand-over copy: it is removed once its import has completed, and kept while the import
can still resume.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings


def uploads_folder() -> Path:
    return Path(settings.DATA_DIR) / "imports"


def keep_upload(upload: Any) -> tuple[Path, str]:
    """Write the upload where workers can read it: ``imports/<sha256>/<name>`` (the same file lands once)."""
    folder = uploads_folder()
    folder.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with tempfile.NamedTemporaryFile(dir=folder, delete=False, suffix=".part") as handle:
        for chunk in upload.chunks():
            digest.update(chunk)
            handle.write(chunk)
    sha = digest.hexdigest()
    (folder / sha).mkdir(exist_ok=True)
    path = folder / sha / _safe_name(upload.name or "")
    Path(handle.name).replace(path)
    return path, sha


def _safe_name(name: str) -> str:
    stem, suffix = Path(Path(name).name).stem, Path(name).suffix.lower()
    suffix = suffix if suffix in {".csv", ".xlsx", ".json"} else ".csv"
    return (re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("._")[:120] or "upload") + suffix


def upload_sha256(path: Path) -> str | None:
    """The SHA-256 an upload was filed under, or None for a path that is not an upload (a file given on
    the command line, which is the user's own and never removed)."""
    folder = uploads_folder().resolve()
    parent = path.resolve().parent
    if parent.parent != folder or not re.fullmatch(r"[0-9a-f]{64}", parent.name):
        return None
    return parent.name


def discard_upload(path: Path) -> bool:
    """Remove an upload and its folder once its import is done; anything else is left alone."""
    if upload_sha256(path) is None:
        return False
    path.unlink(missing_ok=True)
    with contextlib.suppress(OSError):  # another upload of the same content, under another name, is there
        path.parent.rmdir()
    return True
