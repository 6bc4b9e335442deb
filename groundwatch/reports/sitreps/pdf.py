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


class PdfUnavailable(RuntimeError):
    """WeasyPrint or the system libraries it draws with (Debian's pango) are missing."""


def pdf_problem() -> str:
    """Why PDFs cannot be drawn on this machine, or "" when they can."""
    try:
        import weasyprint  # noqa: F401  (loads pango through cffi)
    except (ImportError, OSError) as error:
        return f"PDF output needs WeasyPrint and Debian's pango (apt-get install libpango-1.0-0 libpangoft2-1.0-0): {error}"
    return ""


def pdf_bytes(html: str) -> bytes:
    problem = pdf_problem()
    if problem:
        raise PdfUnavailable(problem)
    import weasyprint

    document = weasyprint.HTML(string=html, base_url="file:///", url_fetcher=_fetcher())
    return bytes(document.write_pdf())
