"""Exports: restricted, audited, streamed, spreadsheet-safe; ACLED re-imports; libhxl reads HXL."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from openpyxl import load_workbook

from groundwatch.audit.models import AuditRecord
from groundwatch.core.choices import Confidentiality
from groundwatch.core.errors import NotFound
from groundwatch.events.models import Event
from groundwatch.events.services import MeasureInput
from groundwatch.ingest.files.acled import COLUMNS
from groundwatch.reports.exports.acled import acled_date, fatalities
from groundwatch.reports.exports.cells import neutralise
from groundwatch.reports.exports.records import ExportRecord, MeasureFigure
from groundwatch.reports.services import export_events
from groundwatch.tests.factories import make_event


def _body(stream) -> bytes:
    return stream.file.read() if stream.file is not None else b"".join(stream.chunks)


def _csv(stream) -> list[list[str]]:
    return list(csv.reader(io.StringIO(_body(stream).decode("utf-8-sig"))))


def _record(**fields) -> ExportRecord:
    base = dict(
        reference="1-1",
        event_id=1,
        category="security",
        event_type="battles",
        sub_event_type="armed_clash",
        type_label="Battles",
        date_start=dt.date(2023, 9, 19),
        date_end=dt.date(2023, 9, 19),
        date_precision="day",
        country_code="AZ",
        admin1="",
        admin2="",
        location="Aghdam",
        latitude=None,
        longitude=None,
        geo_precision=1,
        verification_status="verified",
    )
    return ExportRecord(**(base | fields))


@pytest.mark.parametrize("text", ["=HYPERLINK(1)", "+1", "-2+3", "@SUM(A1)", "\tx", "\x00y"])
def test_formula_like_text_is_neutralised(text):
    assert neutralise(text) == "'" + text


def test_plain_text_is_left_alone():
    assert neutralise("Aghdam") == "Aghdam"


def test_acled_dates_follow_time_precision():
    assert acled_date(dt.date(2023, 9, 19), dt.date(2023, 9, 19)) == (dt.date(2023, 9, 19), 1)
    assert acled_date(dt.date(2023, 9, 18), dt.date(2023, 9, 24)) == (dt.date(2023, 9, 21), 2)
    assert acled_date(dt.date(2023, 9, 1), dt.date(2023, 9, 30)) == (dt.date(2023, 9, 15), 3)
    assert acled_date(dt.date(2023, 8, 1), dt.date(2023, 9, 30)) is None


def test_acled_fatalities_take_the_lowest_reported_figure():
    from decimal import Decimal

    assert fatalities(_record()) == 0
    figure = MeasureFigure(Decimal("25"), low=Decimal("20"), high=Decimal("40"))
    assert fatalities(_record(measures={"people_killed": figure})) == 20
    assert fatalities(_record(measures={"people_killed": MeasureFigure(Decimal("7.5"))})) == 7


def test_outsider_cannot_export(mission, outsider):
    with pytest.raises(NotFound):
        export_events(mission=mission, actor=outsider, format="hxl")


def test_export_is_an_audit_event_and_holds_only_what_the_user_may_see(mission, viewer, places):
    make_event(mission, "Seen", event_type="battles", sub_event_type="armed_clash", place="Aghdam")
    make_event(mission, "=cmd|' /C calc'!A0", event_type="battles", sub_event_type="armed_clash")
    make_event(mission, "Secret", event_type="battles", confidentiality=Confidentiality.CONFIDENTIAL)
    rows = _csv(export_events(mission=mission, actor=viewer, format="hxl"))
    titles = [row[8] for row in rows[2:]]
    assert sorted(titles) == ["'=cmd|' /C calc'!A0", "Seen"]
    audit = AuditRecord.objects.filter(action="export.hxl", mission=mission).get()
    assert audit.actor_id == viewer.pk


def test_public_export_passes_through_disclosure_control(mission, viewer, places):
    make_event(
        mission,
        "Named victim in title",
        event_type="battles",
        sub_event_type="armed_clash",
        place="Aghdam",
        confidentiality=Confidentiality.PUBLIC,
        measures=[MeasureInput(item="people_killed", value=2, unit="people")],
    )
    make_event(mission, "Internal", event_type="battles")
    stream = export_events(mission=mission, actor=viewer, format="geojson", public=True)
    features = json.loads(_body(stream))["features"]
    assert len(features) == 1
    properties = features[0]["properties"]
    assert "title" not in properties and "actors" not in properties
    assert properties["measures"]["people_killed"] is None  # fewer than the minimum count: suppressed


def test_xlsx_is_a_workbook_with_neutralised_text(mission, viewer):
    make_event(mission, "=1+1", event_type="battles", sub_event_type="armed_clash")
    sheet = load_workbook(export_events(mission=mission, actor=viewer, format="xlsx").file).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "#meta+id" and rows[2][8] == "'=1+1"


FORMULA = "=cmd|' /C calc'!A0"


@pytest.mark.parametrize("format", ["acled", "hxl", "xlsx"])
def test_every_text_cell_of_every_tabular_format_is_neutralised(mission, viewer, format):
    from groundwatch.tests.factories import make_actor

    attacker = make_actor(mission, FORMULA, kind="state_forces")
    victims = make_actor(mission, "@SUM(1)", kind="civilians")
    make_event(
        mission,
        FORMULA,
        event_type="battles",
        sub_event_type="armed_clash",
        description="+1+1",
        location_name="-2+3",
        admin1="=A1",
        admin2="\tTab",
        latitude=-40.5,
        longitude=-46.25,
        actors=[(attacker, "actor1"), (victims, "actor2")],
    )
    stream = export_events(mission=mission, actor=viewer, format=format)
    if format == "xlsx":
        rows = [list(row) for row in load_workbook(stream.file).active.iter_rows(values_only=True)]
    else:
        rows = _csv(stream)
    data = rows[2:] if format != "acled" else rows[1:]
    assert len(data) == 1
    text = [value for value in data[0] if isinstance(value, str) and value]
    unsafe = [value for value in text if value[0] in "=+-@\t" and not _is_number(value)]
    assert not unsafe, f"{format}: cells a spreadsheet would run: {unsafe}"
    assert "'" + FORMULA in data[0] or any(value.startswith("'" + FORMULA) for value in text)
    assert "'-2+3" in data[0] and "'=A1" in data[0]
    negative = [value for value in data[0] if value in (-40.5, "-40.5")]
    assert negative, "a negative latitude stays a number, not neutralised text"


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def test_libhxl_reads_the_hxl_export(demo, demo_admin, tmp_path):
    import hxl

    path = tmp_path / "events.csv"
    path.write_bytes(_body(export_events(mission=demo.mission, actor=demo_admin, format="hxl")))
    dataset = hxl.data(str(path), hxl.InputOptions(allow_local=True))
    assert "#affected+killed" in dataset.display_tags
    visible = Event.objects.restrict(demo_admin).filter(mission=demo.mission).current().count()
    assert len(list(dataset)) == visible


def _acled_day(start: dt.date, end: dt.date, precision: str) -> dt.date:
    """The one day ACLED codes for a range: the day itself, a week's midpoint, or mid-month."""
    return start.replace(day=15) if precision == "month" else start + (end - start) / 2


def test_acled_export_of_the_demo_reimports_with_the_same_events(
    demo, demo_admin, tmp_path, mission, analyst
):
    from groundwatch.events.taxonomy import get_taxonomy
    from groundwatch.ingest.files.acled import slug
    from groundwatch.ingest.files.pipelines import ACLED
    from groundwatch.ingest.imports import run_import
    from groundwatch.reports.exports.acled import acled_row
    from groundwatch.reports.exports.records import member_records

    path = tmp_path / "demo-acled.csv"
    path.write_bytes(_body(export_events(mission=demo.mission, actor=demo_admin, format="acled")))
    header = _csv(export_events(mission=demo.mission, actor=demo_admin, format="acled"))[0]
    assert header == COLUMNS and len(header) == 31

    expected = []
    ranges = {}
    events = Event.objects.restrict(demo_admin).filter(mission=demo.mission).current()
    for record in member_records(demo_admin, events):
        row = acled_row(record)
        if row is None:
            continue
        acled_type, acled_sub = get_taxonomy().acled_for(record.event_type, record.sub_event_type)
        expected.append((slug(acled_type), slug(acled_sub), row[1], row[3], record.location, row[28]))
        ranges[(record.location, row[1])] = (record.date_start, record.date_end)
    assert len(expected) >= 5

    run = run_import(mission=mission, actor=analyst, path=path, pipeline=ACLED, format="acled", accept=True)
    assert run.rows_failed == 0, run
    imported = []
    for event in Event.objects.filter(mission=mission).prefetch_related("measures"):
        killed = sum(int(m.value) for m in event.measures.all() if m.item == "people_killed")
        day = _acled_day(event.date_start, event.date_end, event.date_precision)
        precision = {"day": 1, "week": 2, "month": 3}[event.date_precision]
        imported.append((event.event_type, event.sub_event_type, day, precision, event.location_name, killed))
        start, end = ranges[(event.location_name, day)]  # the re-imported range holds the original one
        assert event.date_start <= start and end <= event.date_end
    assert sorted(imported) == sorted(expected)


def test_download_streams_with_a_file_name(client, mission, viewer):
    make_event(mission, "Seen", event_type="battles", sub_event_type="armed_clash")
    client.force_login(viewer)
    response = client.get(f"/m/{mission.slug}/exports/acled/?category=security")
    assert response.status_code == 200 and response.streaming
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).decode("utf-8-sig").startswith("event_id_cnty,")


def test_outsider_gets_404_for_the_export_pages(client, mission, outsider):
    client.force_login(outsider)
    assert client.get(f"/m/{mission.slug}/exports/").status_code == 404
    assert client.get(f"/m/{mission.slug}/exports/hxl/").status_code == 404
