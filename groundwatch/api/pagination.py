"""Paging for every list: ``?limit=&offset=``, answered as {"items": [...], "count": total}."""

from __future__ import annotations

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
# Databases keep OFFSET in a 64-bit integer; a larger one was a server error. No list is this long.
MAX_OFFSET = 1_000_000_000


class LimitOffsetPage(LimitOffsetPagination):
    """Limit/offset paging with a total count, capped so one request cannot pull a whole mission."""

    class Input(Schema):
        limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"At most {MAX_LIMIT}.")
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)
