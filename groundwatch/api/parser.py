"""The API's request parser: ninja's, refusing NUL characters anywhere in the JSON body, query or form.

PostgreSQL cannot store or compare text containing NUL (U+0000): such a value reached the database and
answered 500 (SQLite kept it, so the two backends disagreed). Refusing it at the door gives every backend
the same answer: 422 on the query or form field that carries one, 400 for a JSON body.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja.errors import ValidationError
from ninja.parser import Parser

NUL = "\x00"
MESSAGE = "Text cannot contain NUL characters (U+0000); remove them and send again."


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(_has_nul(key) or _has_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_has_nul(item) for item in value)
    return False


class NulRefusingParser(Parser):
    def parse_body(self, request: HttpRequest) -> dict[str, Any]:
        data = super().parse_body(request)
        if _has_nul(data):
            raise ValueError(MESSAGE)  # ninja answers 400 "Cannot parse request body"
        return data

    def parse_querydict(
        self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        for key, values in data.lists():
            if _has_nul(key) or any(_has_nul(value) for value in values):
                raise ValidationError([{"loc": ("query", key), "msg": MESSAGE}])
        return super().parse_querydict(data, list_fields, request)
