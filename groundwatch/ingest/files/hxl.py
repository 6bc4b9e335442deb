"""HXL-tagged CSV/XLSX read with libhxl; hashtags (attributes sorted) name the columns. No database.

The built-in mapping reads the incident rows suggested in FORMATS.md §4; a saved mapping can name
other hashtags the same way (``#date+occurred``, ``#affected+killed``…).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from groundwatch.ingest.files.pipelines import FilePipeline, mapped
from groundwatch.ingest.files.reader import FileInvalid, Table
from groundwatch.ingest.mapping import ActorMap, FormMapping, MeasureMap

INCIDENT_MAPPING = FormMapping(
    title="{#event+type} at {#loc+name}",
    event_type_field="#event+type",
    date_field="#date+occurred",
    latitude_field="#geo+lat",
    longitude_field="#geo+lon",
    location_name_field="#loc+name",
    place_field="#loc+name",
    admin1_field="#adm1+code",
    description_field="#description",
    external_id_field="#meta+id",
    measures=[
        MeasureMap(field="#affected+killed", item="people_killed"),
        MeasureMap(field="#affected+injured", item="people_injured"),
        MeasureMap(field="#affected+abducted", item="people_missing"),
        MeasureMap(field="#affected+displaced", item="people_displaced"),
    ],
    actors=[ActorMap(field="#group+name", role="actor1", kind="rebel_group")],
)


def read_hxl(path: Path) -> Table:
    import hxl
    from hxl.input import HXLTagsNotFoundException

    try:
        source = hxl.data(str(path), hxl.InputOptions(allow_local=True))
        header = [column.get_display_tag(sort_attributes=True) or "" for column in source.columns]
    except HXLTagsNotFoundException:
        raise FileInvalid(
            f"{path.name} has no HXL hashtag row (e.g. #date+occurred under the header)."
        ) from None
    except Exception as error:  # libhxl raises several kinds for unreadable input
        raise FileInvalid(f"{path.name} cannot be read as HXL ({error}).") from None

    def rows() -> Iterator[tuple[int, list[str]]]:
        # libhxl hides the header and hashtag rows; data usually starts on the file's third row.
        for index, row in enumerate(source, start=3):
            yield index, ["" if value is None else str(value) for value in row.values]

    return Table(header=header, rows=rows())


def pipeline(mapping: FormMapping | None = None, dataset: str = "hxl") -> FilePipeline:
    return mapped("hxl", dataset, mapping or INCIDENT_MAPPING, read=read_hxl)
