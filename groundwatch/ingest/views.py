"""Pages of the intake app: the downloadable error file of an import."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, StreamingHttpResponse
from django.views.decorators.http import require_GET

from groundwatch.core.access import get_restricted
from groundwatch.core.errors import NotFound
from groundwatch.ingest.errorfile import error_rows
from groundwatch.ingest.models import ImportRun


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
@require_GET
def error_file(request: HttpRequest, run_id: int) -> StreamingHttpResponse:
    """The rows an import refused, with their original cells and the reason, as CSV."""
    try:
        run = get_restricted(ImportRun.objects.all(), request.user, pk=run_id)
    except NotFound:
        raise Http404 from None
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        for row in error_rows(run):
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{run.pk}-errors.csv"'
    return response
