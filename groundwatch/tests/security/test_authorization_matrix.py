"""The authorization matrix: every route × persona × confidentiality level of the target record.

The policy table (``policy.py``) says who may do what; this module walks the URL resolver and the OpenAPI
schema, fails for a route the table does not cover, and then tries every cell. A deny cell must be refused
with the right status (404 for another mission or above clearance, 403/404 for a missing role, 401 or a
redirect to sign-in for anonymous) and no canary the persona may not see may appear in any response.
"""

from __future__ import annotations

import pytest

from groundwatch.tests.security import policy
from groundwatch.tests.security.matrix import Matrix
from groundwatch.tests.security.routes import as_openapi_path, openapi_operations, resolver_paths
from groundwatch.tests.security.summary import count
from groundwatch.tests.security.world import build_world


def test_every_route_has_a_policy_entry() -> None:
    operations = set(openapi_operations())
    page_paths = {key.split(" ", 1)[1] for key in policy.PAGES}
    missing = sorted(operation for operation in operations if operation not in policy.API)
    for path in resolver_paths():
        if path.startswith("/admin/"):
            continue  # the admin site is one entry: staff only (checked on every admin page below)
        if path.startswith("/api/v1/") and any(op.endswith(" " + as_openapi_path(path)) for op in operations):
            continue  # an API operation: the schema's entry covers it
        if path not in page_paths:
            missing.append(f"page {path}")
    stale = sorted(set(policy.API) - operations)
    assert not missing, "Routes without a policy entry (add them to tests/security/policy.py): " + ", ".join(
        missing
    )
    assert not stale, "Policy entries for routes that no longer exist: " + ", ".join(stale)


@pytest.mark.django_db
def test_pages_follow_the_policy() -> None:
    matrix = Matrix(build_world())
    for key, rule in policy.PAGES.items():
        matrix.check_route(key, rule, api=False)
    matrix.check_admin_site()
    count("matrix", cells=matrix.cells, denied=matrix.denied, leaks=len(matrix.leaks))
    assert not matrix.failures, f"{len(matrix.failures)} cells broke the policy:\n" + "\n".join(
        matrix.failures
    )


@pytest.mark.django_db
def test_api_follows_the_policy() -> None:
    matrix = Matrix(build_world())
    for key, rule in policy.API.items():
        matrix.check_route(key, rule, api=True)
    count("matrix", cells=matrix.cells, denied=matrix.denied, leaks=len(matrix.leaks))
    assert not matrix.failures, f"{len(matrix.failures)} cells broke the policy:\n" + "\n".join(
        matrix.failures
    )
