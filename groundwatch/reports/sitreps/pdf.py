"""A sitrep as PDF, drawn by WeasyPrint from the same HTML (static files read from disk, nothing fetched)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders


def _fetcher() -> Any:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalStaticFetcher(URLFetcher):  # type: ignore[misc]  # weasyprint ships no type hints
        """Our own static files from disk; everything else refused (no network from the PDF renderer)."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            prefix = f"file:///{settings.STATIC_URL.strip('/')}/"
            found = finders.find(url.removeprefix(prefix)) if url.startswith(prefix) else None
            if not found:
                raise ValueError(f"not fetched: {url}")
            body = Path(str(found)).read_bytes()
            return URLFetcherResponse(url, body, {"Content-Type": "text/css; charset=utf-8"})

    return LocalStaticFetcher()


def pdf_bytes(html: str) -> bytes:
    import weasyprint

    document = weasyprint.HTML(string=html, base_url="file:///", url_fetcher=_fetcher())
    return bytes(document.write_pdf())
