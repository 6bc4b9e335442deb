"""Domain errors raised by services; the API and views turn them into responses people can act on."""

from __future__ import annotations


class GroundwatchError(Exception):
    """Base class. ``code`` is stable and machine-readable; the message is for people."""

    code = "error"
    status = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(GroundwatchError):
    code = "not_found"
    status = 404


class PermissionDenied(GroundwatchError):
    code = "permission_denied"
    status = 403


class ValidationFailed(GroundwatchError):
    code = "invalid"
    status = 422


class EditConflict(GroundwatchError):
    """The record changed since the editor loaded it; their edit would overwrite someone else's."""

    code = "edit_conflict"
    status = 409


class ImmutableRecord(GroundwatchError):
    code = "immutable"
    status = 409


class TooLarge(GroundwatchError):
    code = "too_large"
    status = 413
