from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import Error, register

from groundwatch.protection.keys import KeyringError, load_keyring


@register()
def check_field_keys(app_configs: Any, **kwargs: Any) -> list[Error]:
    path = Path(settings.FIELD_KEY_FILE)
    if not path.exists():
        if settings.PRODUCTION:
            return [
                Error(
                    f"The field-encryption key file {path} does not exist.",
                    hint="Production mode never generates keys. Create one with `groundwatch rotate_field_keys` on a "
                    "secure machine or restore the mission's key file, and set GROUNDWATCH_FIELD_KEY_FILE.",
                    id="groundwatch.E005",
                )
            ]
        return []
    try:
        load_keyring(path, create=False)
    except KeyringError as error:
        return [Error(str(error), hint="Restore the key file from its backup.", id="groundwatch.E006")]
    return []
