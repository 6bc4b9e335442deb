from __future__ import annotations

import logging

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from groundwatch.operations.health import readiness

logger = logging.getLogger("groundwatch.operations")


@never_cache
@require_GET
def ready(request: HttpRequest) -> JsonResponse:
    """503 until the database (and Redis, when configured) answer; load balancers route on this."""
    checks = readiness()
    is_ready = all(state == "ok" for state in checks.values())
    if not is_ready:
        logger.warning("not ready: %s", ", ".join(f"{name}={state}" for name, state in checks.items()))
    return JsonResponse(
        {"status": "ok" if is_ready else "unavailable", "checks": checks}, status=200 if is_ready else 503
    )
