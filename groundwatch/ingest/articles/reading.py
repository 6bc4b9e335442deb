"""Read an article from bytes: plain text, Markdown or HTML (main text via trafilatura). No database.

Refuses, with a message a person can act on: empty input, binary data, files over the size limit,
HTML with no readable text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

MAX_ARTICLE_BYTES = 10 * 1024 * 1024  # a news article is kilobytes; 10 MiB leaves room for heavy pages
TEXT_SUFFIXES = {".txt": "text/plain", ".md": "text/markdown", ".markdown": "text/markdown"}
HTML_SUFFIXES = {".html": "text/html", ".htm": "text/html"}


class ReadRefused(ValueError):
    """The input cannot be read as an article; the message says why and what to do."""


@dataclass(frozen=True)
class Article:
    text: str
    title: str
    media_type: str
    raw: bytes
    name: str = ""
    published_on: dt.date | None = None
    url: str = ""


def read_file(path: Path, *, max_bytes: int = MAX_ARTICLE_BYTES) -> Article:
    if not path.is_file():
        raise ReadRefused(f"No file at {path}.")
    size = path.stat().st_size
    if size > max_bytes:
        raise ReadRefused(f"{path.name} is {size:,} bytes; articles may be at most {max_bytes:,} bytes.")
    media_type = TEXT_SUFFIXES.get(path.suffix.lower()) or HTML_SUFFIXES.get(path.suffix.lower()) or ""
    return read_bytes(path.read_bytes(), name=path.name, media_type=media_type, max_bytes=max_bytes)


def _decode(data: bytes, name: str) -> str:
    if b"\x00" in data[:8192]:
        raise ReadRefused(f"{name or 'The input'} is binary data, not text; give a .txt, .md or .html file.")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes almost anything; latin-1 decodes everything
        text = data.decode("latin-1")
    sample = text[:8192]
    odd = sum(1 for char in sample if (ord(char) < 32 and char not in "\n\r\t\f") or char == "\ufffd")
    if sample and odd > len(sample) * 0.02:
        raise ReadRefused(f"{name or 'The input'} looks like binary data, not text.")
    return text


def _looks_like_html(text: str) -> bool:
    return bool(re.search(r"<(?:html|body|p|div|article|head)\b", text[:4096], re.IGNORECASE))


def read_bytes(
    data: bytes, *, name: str = "", media_type: str = "", max_bytes: int = MAX_ARTICLE_BYTES, url: str = ""
) -> Article:
    if len(data) > max_bytes:
        raise ReadRefused(
            f"{name or 'The input'} is {len(data):,} bytes; articles may be at most {max_bytes:,} bytes."
        )
    text = _decode(data, name)
    if not text.strip():
        raise ReadRefused(f"{name or 'The input'} is empty.")
    if media_type == "text/html" or (not media_type.startswith("text/plain") and _looks_like_html(text)):
        return _from_html(text, data, name, url)
    title = next((line.strip().lstrip("#").strip() for line in text.splitlines() if line.strip()), "")
    return Article(
        text=text.replace("\r\n", "\n"),
        title=title[:500],
        media_type=media_type or "text/plain",
        raw=data,
        name=name,
        url=url,
    )


def _from_html(html: str, data: bytes, name: str, url: str) -> Article:
    import trafilatura

    try:
        text = (
            trafilatura.extract(html, include_comments=False, include_tables=False, favor_recall=True) or ""
        )
        meta = trafilatura.extract_metadata(html)
    except Exception as error:
        raise ReadRefused(
            f"{name or 'The page'} could not be read as HTML ({type(error).__name__})."
        ) from None
    if not text.strip():
        raise ReadRefused(f"{name or 'The page'} has no readable article text.")
    published = None
    if meta is not None and meta.date:
        try:
            published = dt.date.fromisoformat(meta.date[:10])
        except ValueError:
            published = None
    title = (meta.title if meta is not None and meta.title else "") or ""
    return Article(
        text=text,
        title=title[:500],
        media_type="text/html",
        raw=data,
        name=name,
        published_on=published,
        url=url,
    )
