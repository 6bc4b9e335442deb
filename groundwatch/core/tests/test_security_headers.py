import os
import subprocess
import sys

import pytest


@pytest.mark.django_db
def test_pages_forbid_inline_scripts_framing_and_sniffing(client):
    response = client.get("/accounts/login/")
    policy = response.headers["Content-Security-Policy"]
    assert (
        "script-src 'self'" in policy and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    )
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_deploy_checks_are_clean_with_production_settings(tmp_path):
    """`groundwatch check --deploy` with the settings an operator is told to use reports nothing."""
    env = {
        **os.environ,
        "GROUNDWATCH_PRODUCTION": "1",
        "GROUNDWATCH_SECRET_KEY": "x" * 20 + "production-key-for-the-deploy-check-0123456789",
        "GROUNDWATCH_DATA_DIR": str(tmp_path),
        "GROUNDWATCH_ALLOWED_HOSTS": "monitor.example.org",
        "GROUNDWATCH_HTTPS_PROXY": "1",
        "DATABASE_URL": "postgres://groundwatch@127.0.0.1:5432/groundwatch",
        "GROUNDWATCH_FIELD_KEY_FILE": str(tmp_path / "keys.json"),
    }
    (tmp_path / "keys.json").write_text('{"active": "k1", "keys": {"k1": "' + "A" * 43 + '="}}')
    result = subprocess.run(
        [sys.executable, "-m", "groundwatch", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
