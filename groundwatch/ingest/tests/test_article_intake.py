"""Articles, URLs and feeds into reports and proposals; the review queue's decisions; bad input."""

from __future__ import annotations

import http.server
import io
import threading
from pathlib import Path

import pytest

from groundwatch.core.errors import NotFound, ValidationFailed
from groundwatch.events.models import Evidence
from groundwatch.ingest.articles.reading import ReadRefused, read_bytes, read_file
from groundwatch.ingest.articles.services import add_feed, ingest_url, poll_feed
from groundwatch.ingest.review.models import ArticleRead, FeedEntry, Proposal, ProposalStatus
from groundwatch.ingest.review.services import (
    accept_above,
    accept_proposal,
    ingest_article,
    merge_proposal,
    reject_proposal,
    start_review,
)
from groundwatch.sources.choices import Channel
from groundwatch.sources.models import Report

ARTICLES = Path(__file__).parent / "fixtures" / "articles"
WIRE = (ARTICLES / "karabakh_wire.txt").read_text("utf-8")


def _ingest(mission, actor, text=WIRE, name="wire.txt"):
    article = read_bytes(text.encode(), name=name, media_type="text/plain")
    return ingest_article(mission=mission, actor=actor, article=article, channel=Channel.ARTICLE)


@pytest.fixture
def served(tmp_path):
    """A local HTTP server over tmp_path (tests never touch the internet)."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(tmp_path), **kwargs)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield tmp_path, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_article_becomes_report_with_pipeline_claims_and_proposals(mission, analyst):
    result = _ingest(mission, analyst)
    assert result.report.attachments.count() == 1 and result.proposals >= 5
    proposal = Proposal.objects.filter(report=result.report, proposed__type="weapons_handover").first()
    assert proposal.claim.pipeline_version and proposal.claim.quote in WIRE
    assert proposal.status == ProposalStatus.PENDING and proposal.suggestion == "new_event"


def test_the_same_story_from_three_outlets_counts_once(mission, analyst):
    first = _ingest(mission, analyst, name="a.txt")
    copy = WIRE.replace("Wire service", "Daily Herald").replace("drove toward", "headed toward")
    second = _ingest(mission, analyst, text=copy, name="b.txt")
    third = _ingest(mission, analyst, text=copy + "\nMore to follow.", name="c.txt")
    assert second.is_copy and third.is_copy and second.proposals == third.proposals == 0
    assert ArticleRead.objects.filter(story_of=first.read).count() == 2
    assert Proposal.objects.filter(mission=mission).count() == first.proposals


def test_accepting_creates_the_event_with_evidence_and_measures(mission, analyst, places):
    _ingest(mission, analyst)
    proposal = Proposal.objects.get(proposed__type="weapons_handover", proposed__sub_type="to_peacekeepers")
    start_review(proposal=proposal, actor=analyst)
    assert Proposal.objects.get(pk=proposal.pk).reviewer == analyst
    event = accept_proposal(proposal=proposal, actor=analyst, changes={"title": "Handover of arms"})
    assert event.title == "Handover of arms" and event.place.name == "Karabakh"
    assert {measure.item for measure in event.measures.all()} >= {
        "small_arms",
        "ammunition",
        "armoured_vehicles",
    }
    link = Evidence.objects.get(event=event)
    assert link.claim.quote == WIRE[link.claim.span_start : link.claim.span_end]
    with pytest.raises(ValidationFailed):
        reject_proposal(proposal=proposal, actor=analyst)


def test_second_report_is_proposed_as_support_and_merges(mission, analyst, places):
    _ingest(mission, analyst)
    ceasefire = Proposal.objects.get(proposed__type="ceasefire_agreement")
    event = accept_proposal(proposal=ceasefire, actor=analyst)
    other = "Baku, 24 September 2023.\n\nOn Wednesday Azerbaijan announced a ceasefire in Karabakh, officials in Khankendi confirmed."
    _ingest(mission, analyst, text=other, name="other.txt")
    again = Proposal.objects.filter(proposed__type="ceasefire_agreement", status="pending").get()
    assert again.suggested_event_id == event.pk and again.suggestion in ("supports", "duplicate")
    merge_proposal(proposal=again, actor=analyst, event=event)
    assert Evidence.objects.filter(event=event).count() == 2


def test_bulk_accept_above_a_threshold(mission, analyst, places):
    _ingest(mission, analyst)
    counts = accept_above(mission=mission, actor=analyst, threshold=0.8)
    assert counts["accepted"] >= 1
    assert not Proposal.objects.filter(status="pending", confidence__gte=0.8).exists()
    assert Proposal.objects.filter(status="pending").exists()


def test_viewer_cannot_ingest_and_outsider_gets_not_found(mission, viewer, outsider):
    with pytest.raises(Exception, match="not allow"):
        _ingest(mission, viewer)
    with pytest.raises(NotFound):
        _ingest(mission, outsider)


def test_other_language_is_stored_and_flagged(mission, analyst):
    result = _ingest(mission, analyst, text=(ARTICLES / "french.txt").read_text("utf-8"), name="fr.txt")
    assert result.read.note == "not extracted: language fr" and not result.read.is_extracted
    assert result.proposals == 0 and Report.objects.filter(pk=result.report.pk).exists()


@pytest.mark.parametrize("data", [b"", b"   \n ", b"\x00\x01\x02\xff" * 100, bytes(range(256)) * 8])
def test_empty_and_binary_input_is_refused(data):
    with pytest.raises(ReadRefused):
        read_bytes(data, name="bad.txt")


def test_oversized_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "big.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(ReadRefused, match="at most"):
        read_file(path)


def test_broken_html_yields_text_or_a_clear_refusal():
    article = read_bytes(
        b"<html><body><p>Clashes near Goma killed 3 people on Monday.<div><p>unclosed",
        name="x.html",
        media_type="text/html",
    )
    assert "Goma" in article.text
    with pytest.raises(ReadRefused, match="no readable"):
        read_bytes(b"<html><body><script>x()</script></body></html>", name="y.html", media_type="text/html")


def test_url_is_fetched_from_a_local_server_when_allowed(mission, analyst, served, settings):
    folder, base = served
    (folder / "story.html").write_text(
        f"<html><head><title>Wire</title></head><body><article><p>{WIRE.replace(chr(10) * 2, '</p><p>')}</p></article></body></html>"
    )
    settings.FETCH_PRIVATE_ADDRESSES = True
    result = ingest_url(mission=mission, actor=analyst, url=f"{base}/story.html")
    assert result.proposals >= 3 and result.report.url.endswith("story.html")


def test_private_addresses_are_refused_by_default(mission, analyst, served, settings):
    settings.FETCH_PRIVATE_ADDRESSES = False
    with pytest.raises(ValidationFailed, match="private"):
        ingest_url(mission=mission, actor=analyst, url=f"{served[1]}/story.html")
    assert not Report.objects.exists()


def _rss(items):
    entries = "".join(
        f"<item><guid>{key}</guid><title>{title}</title><description>{body}</description><pubDate>Sun, 24 Sep 2023 10:00:00 GMT</pubDate></item>"
        for key, title, body in items
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Agency</title>{entries}</channel></rss>'


def test_feed_poll_reads_new_entries_once_and_prefilters(mission, analyst, served, settings):
    folder, base = served
    settings.FETCH_PRIVATE_ADDRESSES = True
    items = [
        (
            "1",
            "Aid convoy reaches Khankendi",
            "A convoy of 20 trucks delivered food to Khankendi on Saturday.",
        ),
        ("2", "Football results", "The home team won 2-1."),
    ]
    (folder / "feed.xml").write_text(_rss(items))
    feed = add_feed(mission=mission, actor=analyst, url=f"{base}/feed.xml")
    first = poll_feed(feed=feed, actor=analyst)
    assert (first.new, first.skipped, first.failed) == (1, 1, 0), FeedEntry.objects.values_list(
        "skipped_reason"
    )
    second = poll_feed(feed=feed, actor=analyst)
    assert (second.new, second.seen) == (0, 2)


@pytest.mark.parametrize(
    "body",
    [
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><rss><channel><title>&lol2;</title></channel></rss>',
        "<rss><channel><item><title>unclosed",
    ],
)
def test_malformed_feeds_and_xml_bombs_are_refused(mission, analyst, served, settings, body):
    folder, base = served
    settings.FETCH_PRIVATE_ADDRESSES = True
    (folder / "bad.xml").write_text(body)
    feed = add_feed(mission=mission, actor=analyst, url=f"{base}/bad.xml")
    result = poll_feed(feed=feed, actor=analyst)
    assert result.error and result.new == 0 and not Report.objects.exists()


class _Resolver:
    """A stand-in DNS: each name answers from a list of address lists, one per lookup (the last repeats);
    IP literals go to the real resolver. Nothing leaves the machine."""

    def __init__(self, monkeypatch, answers):
        import socket

        self.real = socket.getaddrinfo
        self.answers = answers
        self.lookups: list[str] = []
        monkeypatch.setattr(socket, "getaddrinfo", self)

    def __call__(self, host, port, *args, **kwargs):
        import socket

        if host not in self.answers:
            return self.real(host, port, *args, **kwargs)
        self.lookups.append(host)
        asked = self.lookups.count(host)
        answer = self.answers[host][min(asked - 1, len(self.answers[host]) - 1)]
        return [
            (socket.AF_INET6 if ":" in ip else socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port))
            for ip in answer
        ]


def test_a_name_with_any_private_address_is_refused(monkeypatch):
    import socket

    from groundwatch.ingest.articles.fetch import FetchRefused, fetch

    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: pytest.fail("must not connect"))
    _Resolver(
        monkeypatch, {"mixed.test": [["93.184.216.34", "10.0.0.5"]], "mapped.test": [["::ffff:127.0.0.1"]]}
    )
    with pytest.raises(FetchRefused, match=r"private.*10\.0\.0\.5"):
        fetch("http://mixed.test/story.html")
    with pytest.raises(FetchRefused, match="private"):
        fetch("http://mapped.test/story.html")


def test_the_connection_goes_to_the_checked_address_not_a_second_answer(monkeypatch):
    """DNS rebinding: the name answers public first and loopback afterwards; groundwatch resolves once
    and connects to the public address it checked (here the connection is refused before any packet)."""
    import socket

    from groundwatch.ingest.articles.fetch import FetchRefused, fetch

    resolver = _Resolver(
        monkeypatch,
        {
            "http.rebind.test": [["93.184.216.34"], ["127.0.0.1"]],
            "https.rebind.test": [["93.184.216.34"], ["127.0.0.1"]],
        },
    )
    connected = []

    def no_network(address, *args, **kwargs):
        connected.append(address)
        raise ConnectionRefusedError

    monkeypatch.setattr(socket, "create_connection", no_network)
    for scheme in ("http", "https"):
        with pytest.raises(FetchRefused, match="could not be fetched"):
            fetch(f"{scheme}://{scheme}.rebind.test/story.html")
    assert connected == [("93.184.216.34", 80), ("93.184.216.34", 443)]
    assert resolver.lookups == [
        "http.rebind.test",
        "https.rebind.test",
    ]  # one lookup per fetch, none by the connection


def test_a_pinned_connection_keeps_the_original_host_name(monkeypatch, served):
    from groundwatch.ingest.articles.fetch import fetch

    folder, base = served
    (folder / "story.txt").write_text("Clashes near Goma killed 3 people on Monday.")
    port = int(base.rsplit(":", 1)[1])
    seen_hosts = []
    real_handle = http.server.SimpleHTTPRequestHandler.send_head

    def recording(self):
        seen_hosts.append(self.headers["Host"])
        return real_handle(self)

    monkeypatch.setattr(http.server.SimpleHTTPRequestHandler, "send_head", recording)
    resolver = _Resolver(monkeypatch, {"newsroom.test": [["127.0.0.1"], ["192.0.2.1"]]})
    fetched = fetch(f"http://newsroom.test:{port}/story.txt", allow_private=True)
    assert b"Goma" in fetched.body
    assert seen_hosts == [f"newsroom.test:{port}"] and resolver.lookups == ["newsroom.test"]


def test_the_worker_polls_feeds_on_a_schedule_and_reads_each_entry_once(
    mission, analyst, served, settings, monkeypatch
):
    import datetime as dt

    from django.core.management import call_command
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from groundwatch.ingest.articles.tasks import poll_feeds
    from groundwatch.ingest.review.models import Feed

    folder, base = served
    settings.FETCH_PRIVATE_ADDRESSES = True
    settings.FEED_POLL_MINUTES = 30
    convoy = (
        "c1",
        "Aid convoy reaches Khankendi",
        "A convoy of 20 trucks delivered food to Khankendi on Saturday.",
    )
    (folder / "feed.xml").write_text(_rss([convoy]))
    add_feed(mission=mission, actor=analyst, url=f"{base}/feed.xml")

    call_command("feeds", "poll", "--background", stdout=io.StringIO())
    call_command("feeds", "poll", "--background", stdout=io.StringIO())
    waiting = DBTaskResult.objects.filter(task_path=poll_feeds.module_path, status="READY")
    assert waiting.count() == 1  # queuing twice still waits once

    # The worker closes connections between tasks; the test's data live in the test's open transaction.
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    call_command("run_worker", "--batch", stdout=io.StringIO())
    assert FeedEntry.objects.count() == 1 and Report.objects.count() == 1
    (next_run,) = waiting.all()
    assert next_run.run_after > timezone.now() + dt.timedelta(minutes=29)  # the next poll, half an hour on

    killing = ("k1", "Shelling kills two in Goma", "Shelling killed two civilians in Goma on Sunday.")
    (folder / "feed.xml").write_text(_rss([convoy, killing]))
    assert poll_feeds.call(reschedule=False)["feeds"] == 0  # not due yet: nothing fetched
    Feed.objects.update(last_polled_at=timezone.now() - dt.timedelta(minutes=31))
    totals = poll_feeds.call(reschedule=False)
    assert (totals["feeds"], totals["new"], totals["seen"]) == (1, 1, 1)
    assert Report.objects.count() == 2 and FeedEntry.objects.count() == 2
    assert poll_feeds.call(reschedule=False)["feeds"] == 0  # idempotent: a repeated run reads nothing
