"""Hostile inputs through the command-line intake channels: the file import (``groundwatch import``, ACLED and
HXL) and the article intake (``groundwatch ingest`` of files and URLs, fetched from a local HTTP server with
loopback allowed, as an operator would on a closed network).

Valid-but-hostile text must be stored exactly as sent (the file's bytes unchanged, the row text in the events);
invalid input must stop the command with a clear message and leave nothing half-written.
"""

from __future__ import annotations

import csv
import http.server
import io
import socket
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from groundwatch.events.models import Claim, Event
from groundwatch.ingest.models import ImportRun
from groundwatch.lib.hashing import sha256_bytes
from groundwatch.sources.models import Attachment, Report
from groundwatch.tests.security import hostile
from groundwatch.tests.security.summary import count

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[2] / "ingest" / "tests" / "fixtures"


def _stored() -> tuple[int, ...]:
    """What a refused input must not add to."""
    return (
        Report.objects.count(),
        Attachment.objects.count(),
        Claim.objects.count(),
        Event.objects.count(),
        ImportRun.objects.count(),
    )


def _import(path: Path, mission: Any, user: Any, *options: str) -> str:
    out = io.StringIO()
    call_command(
        "import",
        str(path),
        "--mission",
        mission.slug,
        "--user",
        user.username,
        *options,
        stdout=out,
        stderr=io.StringIO(),
    )
    return out.getvalue()


# ---- file import ---------------------------------------------------------------------------------------


def _acled_file(folder: Path, texts: list[str], name: str = "hostile-acled.csv") -> Path:
    """An ACLED export whose rows carry ``texts`` in the notes (the event description) and the location."""
    with (FIXTURES / "acled_current.csv").open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        header, template = list(reader.fieldnames or []), next(reader)
    path = folder / name
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        for number, text in enumerate(texts, start=1):
            writer.writerow(
                {**template, "event_id_cnty": f"HOSTILE{number}", "notes": text, "location": text[:200]}
            )
    return path


def test_hostile_text_in_an_acled_import_is_stored_verbatim(mission, analyst, tmp_path) -> None:
    path = _acled_file(tmp_path, hostile.TEXT_PAYLOADS)
    summary = _import(path, mission, analyst, "--format", "acled")
    run = ImportRun.objects.get(mission=mission)
    assert (run.rows_done, run.rows_failed) == (len(hostile.TEXT_PAYLOADS), 0), summary
    descriptions = set(Event.objects.filter(mission=mission).values_list("description", flat=True))
    assert descriptions == {text.strip() for text in hostile.TEXT_PAYLOADS}
    stored = Report.objects.get(pk=run.report_id).attachments.get()
    assert stored.sha256 == sha256_bytes(path.read_bytes()), "the imported file was altered"
    count("hostile", deliveries=len(hostile.TEXT_PAYLOADS))


def test_hostile_text_in_an_hxl_import_is_stored_verbatim(mission, analyst, tmp_path) -> None:
    lines = (FIXTURES / "hxl_incidents.csv").read_text("utf-8").splitlines()
    path = tmp_path / "hostile-hxl.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        handle.write(lines[0] + "\n" + lines[1] + "\n")
        template = next(csv.reader([lines[2]]))
        for number, text in enumerate(hostile.XSS + hostile.SQL + hostile.CSV_FORMULAS, start=1):
            writer.writerow([f"HX-{number}", *template[1:9], text])
    _import(path, mission, analyst, "--format", "hxl", "--accept")
    payloads = hostile.XSS + hostile.SQL + hostile.CSV_FORMULAS
    run = ImportRun.objects.get(mission=mission)
    assert (run.rows_done, run.rows_failed) == (len(payloads), 0)
    descriptions = set(Event.objects.filter(mission=mission).values_list("description", flat=True))
    assert descriptions == {text.strip() for text in payloads}
    count("hostile", deliveries=len(payloads), channels=1)


def _invalid_files(folder: Path) -> dict[str, tuple[Path, str, str]]:
    """label → (file, format, words the error must contain)."""
    files = {
        "missing columns": (FIXTURES / "acled_missing_columns.csv", "acled", "column"),
        "empty file": (folder / "empty.csv", "acled", "empty"),
        "binary noise": (folder / "noise.csv", "acled", ""),
        "zip bomb": (folder / "bomb.xlsx", "acled", "zip bomb"),
        "HXL without hashtags": (FIXTURES / "acled_current.csv", "hxl", "hashtag"),
        "invalid UTF-8 HXL": (folder / "broken.csv", "hxl", ""),
        "zip that is not a workbook": (folder / "notbook.xlsx", "acled", "not an .xlsx"),
    }
    with zipfile.ZipFile(folder / "notbook.xlsx", "w") as archive:
        archive.writestr("hello.txt", "not a spreadsheet")
    (folder / "empty.csv").write_bytes(b"")
    (folder / "noise.csv").write_bytes(bytes(range(256)) * 64)
    (folder / "bomb.xlsx").write_bytes(hostile.zip_bomb())
    (folder / "broken.csv").write_bytes(b"a,b\n#x,#y\n\xff\xfe\xc3\x28,\x00\x00\n")
    return files


def test_invalid_import_files_stop_with_a_clear_message_and_store_nothing(mission, analyst, tmp_path) -> None:
    before = _stored()
    files = _invalid_files(tmp_path)
    for label, (path, format, words) in files.items():
        with pytest.raises(CommandError) as refused:
            _import(path, mission, analyst, "--format", format)
        message = str(refused.value)
        assert path.name in message or words in message.lower(), (label, message)
        assert "Traceback" not in message and "/work/" not in message.replace(str(path), ""), (label, message)
        assert _stored() == before, f"{label}: something was stored"
    count("hostile", deliveries=len(files), rejected=len(files))


def test_an_import_file_with_a_hostile_name_is_kept_as_a_name_only(
    mission, analyst, tmp_path, settings
) -> None:
    names = [name for name in hostile.TRAVERSAL_NAMES if "/" not in name and "\x00" not in name]
    for number, name in enumerate(names):
        path = _acled_file(tmp_path, [f"Row of file {number}"], name=name)
        _import(path, mission, analyst, "--format", "acled")
        run = ImportRun.objects.get(mission=mission, file_sha256=sha256_bytes(path.read_bytes()))
        assert run.file_name == name
        attachment = Report.objects.get(pk=run.report_id).attachments.get()
        assert attachment.original_name == name
        store = Path(settings.ATTACHMENT_STORE_DIR).resolve()
        assert not [p for p in store.rglob("*") if p.is_file() and store not in p.resolve().parents]
    assert not Path("/etc/win.ini").exists() and not (tmp_path.parent / "win.ini").exists()
    count("hostile", deliveries=len(names))


# ---- article and URL intake ------------------------------------------------------------------------------


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A local HTTP server over a folder (tests never touch the internet)."""
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "folder").mkdir()

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(folder), **kwargs)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield folder, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def _ingest(mission: Any, user: Any, *inputs: str) -> str:
    out = io.StringIO()
    call_command(
        "ingest", *inputs, "--mission", mission.slug, "--user", user.username, stdout=out, stderr=out
    )
    return out.getvalue()


ARTICLE_TEXTS = hostile.XSS + hostile.SQL + hostile.CSV_FORMULAS + hostile.ODD_TEXT[:3]


def test_a_hostile_article_from_a_url_is_stored_verbatim(mission, analyst, served, settings) -> None:
    folder, base = served
    settings.FETCH_PRIVATE_ADDRESSES = True  # the local server is on loopback
    text = "Aid convoy report.\n\n" + "\n\n".join(ARTICLE_TEXTS) + "\n"
    (folder / "hostile.txt").write_text(text, encoding="utf-8")
    output = _ingest(mission, analyst, f"{base}/hostile.txt")
    report = Report.objects.get(mission=mission)
    assert f"report {report.pk}" in output
    missing = [payload for payload in ARTICLE_TEXTS if payload not in report.text]
    assert not missing, f"not stored verbatim: {missing[:3]}"
    count("hostile", deliveries=len(ARTICLE_TEXTS), channels=1)


def test_scripts_in_a_fetched_page_are_dropped_and_its_text_kept(mission, analyst, served, settings) -> None:
    folder, base = served
    settings.FETCH_PRIVATE_ADDRESSES = True
    body = "".join(f"<p>{_escape(text)}</p>" for text in hostile.XSS)
    page = (
        "<html><head><title>Wire</title><script>var liveHeadScript=1</script></head><body><article>"
        f"<p>A convoy of 20 trucks reached Goris on Monday.</p>{body}"
        "<script>alert('live script')</script></article></body></html>"
    )
    (folder / "page.html").write_text(page, encoding="utf-8")
    _ingest(mission, analyst, f"{base}/page.html")
    report = Report.objects.get(mission=mission)
    assert "live script" not in report.text and "liveHeadScript" not in report.text
    assert hostile.XSS[0] in report.text, "text that only looks like markup is kept as text"
    count("hostile", deliveries=len(hostile.XSS))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _pretend_dns(monkeypatch: pytest.MonkeyPatch) -> None:
    """Names in the SSRF list resolve to the cloud metadata address, as a hostile DNS would answer."""
    real = socket.getaddrinfo

    def answer(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host in ("evil.example", "metadata.google.internal"):
            return [
                (socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", ("169.254.169.254", port or 80))
            ]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", answer)


def test_ssrf_urls_are_refused_and_nothing_is_stored(mission, analyst, settings, monkeypatch) -> None:
    settings.FETCH_PRIVATE_ADDRESSES = False
    _pretend_dns(monkeypatch)
    before = _stored()
    for url in hostile.SSRF_URLS:
        out = io.StringIO()
        with pytest.raises(CommandError, match="1 of 1 inputs were not stored"):
            call_command("ingest", url, "--mission", mission.slug, stdout=out, stderr=out)
        reason = out.getvalue()
        assert "private" in reason or "not an http(s)" in reason or "No file" in reason, (url, reason)
    assert _stored() == before
    count("hostile", deliveries=len(hostile.SSRF_URLS), rejected=len(hostile.SSRF_URLS))


def test_bad_answers_and_files_are_refused_with_a_reason(
    mission, analyst, served, settings, tmp_path
) -> None:
    folder, base = served
    settings.FETCH_PRIVATE_ADDRESSES = True
    (folder / "huge.txt").write_bytes(b"A" * (10 * 1024 * 1024 + 10))
    (folder / "noise.bin").write_bytes(bytes(range(256)) * 16)
    (folder / "scripts.html").write_text("<html><body><script>alert(1)</script></body></html>")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bomb.html").write_bytes(hostile.billion_laughs())
    cases = {
        f"{base}/huge.txt": "limit",
        f"{base}/noise.bin": "binary",
        f"{base}/scripts.html": "no readable",
        f"{base}/folder": "redirects",  # the server answers 301; redirects are never followed
        f"{base}/missing.txt": "404",
        str(tmp_path / "empty.txt"): "empty",
        str(tmp_path / "nowhere.txt"): "No file",
    }
    before = _stored()
    for given, reason in cases.items():
        out = io.StringIO()
        with pytest.raises(CommandError):
            call_command("ingest", given, "--mission", mission.slug, stdout=out, stderr=out)
        assert reason in out.getvalue(), (given, out.getvalue())
    assert _stored() == before
    count("hostile", deliveries=len(cases), rejected=len(cases))


def test_hostile_text_through_the_monitor_web_form_is_stored_verbatim_and_shown_inert(
    client, mission, monitor, coordinator, places
) -> None:
    """The laptop web form builds an XForm instance from the answers: text must survive XML and the pages."""
    from django.utils.html import escape

    from groundwatch.geo.models import Place
    from groundwatch.ingest.services import install_shipped_forms

    install_shipped_forms(mission=mission, actor=coordinator)
    place = Place.objects.search("Khankendi").first()
    client.force_login(monitor)
    xml_breakers = [payload for payload in hostile.TEXT_PAYLOADS if payload.strip()][:12]
    for number, payload in enumerate(xml_breakers):
        answers = {
            "instance_id": f"uuid:00000000-0000-4000-8000-{number:012d}",
            "event_date": "2023-09-19",
            "violation_type": "shelling",
            "place": f"place_{place.pk}",
            "local_area": payload[:200],
            "description": payload,
            "victims_killed": "1",
            "victim_group": "market traders",
            "perpetrator": "Artillery unit",
            "perpetrator_kind": "state_forces",
            "source_connection": "witness",
            "reliability": "likely_reliable",
        }
        response = client.post(f"/m/{mission.slug}/forms/incident_report/", answers)
        assert response.status_code == 302, (payload, response.content.decode()[:500])
        report = Report.objects.get(external_id=answers["instance_id"])
        event = Event.objects.get(evidence__claim__report=report)
        assert payload.strip() in event.description, payload
        for url in (response["Location"], f"/m/{mission.slug}/events/{event.pk}/"):
            html = client.get(url).content.decode()
            if "<" in payload:
                assert payload.strip() not in html and escape(payload.strip()) in html, (url, payload)
    count("hostile", deliveries=len(xml_breakers), channels=1)
