"""JSON-lines log records for log shippers (GROUNDWATCH_LOG_FORMAT=json).

Only the logger's own message and a fixed set of fields go out: no request bodies, headers, cookies or
query strings, so nothing sensitive leaks sideways through the log (STYLE.md rule 12). Exceptions are
reduced to their type and the place they were raised, because exception messages can quote user data.
"""

from __future__ import annotations

import datetime as dt
import json
import logging


class JsonLinesFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
        }
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        if record.exc_info and record.exc_info[0] is not None:
            traceback = record.exc_info[2]
            while traceback is not None and traceback.tb_next is not None:
                traceback = traceback.tb_next
            where = f"{traceback.tb_frame.f_code.co_filename}:{traceback.tb_lineno}" if traceback else ""
            entry["exception"] = {"type": record.exc_info[0].__name__, "where": where}
        return json.dumps(entry, ensure_ascii=False)
