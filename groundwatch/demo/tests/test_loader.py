"""The demo mission loads completely, once, and keeps its words its own."""

from __future__ import annotations

import dataclasses
import re
import stat
from pathlib import Path

import pytest

from groundwatch.accounts.models import ApiToken, Membership, User
from groundwatch.audit.models import AuditRecord
from groundwatch.core.choices import Role
from groundwatch.demo import scenario, texts
from groundwatch.demo.coded_events import EVENTS
from groundwatch.demo.credentials import read_credentials
from groundwatch.demo.loader import load_demo
from groundwatch.events.choices import StandardOfProof, VerificationStatus
from groundwatch.events.models import Claim, Event, Evidence, Measure
from groundwatch.events.services import independent_support
from groundwatch.sources.models import Attachment, Report, Source

SEED_DIR = Path(__file__).resolve().parents[3].parent / "shared" / "seed"
SHARED_WORDS = 8


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR


@pytest.fixture
def demo(db, data_dir):
    return load_demo()


def _counts() -> dict[str, int]:
    models = (
        Report,
        Source,
        Attachment,
        Claim,
        Event,
        Evidence,
        Measure,
        AuditRecord,
        User,
        ApiToken,
        Membership,
    )
    return {model.__name__: model.objects.count() for model in models}


def test_demo_has_reports_events_and_one_user_per_role(demo):
    assert Report.objects.filter(mission=demo.mission).count() >= 10
    assert Report.objects.filter(mission=demo.mission, source__isnull=True).count() == 0
    coded = Event.objects.filter(mission=demo.mission).current()
    with_figures_and_actors = coded.filter(measures__isnull=False, event_actors__isnull=False).distinct()
    assert with_figures_and_actors.count() >= 15
    roles = dict(Membership.objects.filter(mission=demo.mission).values_list("user__username", "role"))
    assert sorted(roles.values()) == sorted(Role.values)
    assert {credential.role for credential in demo.credentials} == set(Role.values)


def test_demo_uses_several_channels_and_confidentiality_levels(demo):
    channels = set(Report.objects.filter(mission=demo.mission).values_list("channel", flat=True))
    assert {"field_note", "partner", "article", "statement", "interview"} <= channels
    levels = set(Event.objects.filter(mission=demo.mission).values_list("confidentiality", flat=True))
    assert len(levels) >= 3


def test_demo_shows_each_verification_outcome(demo):
    events = Event.objects.filter(mission=demo.mission)
    verified = events.get(standard_of_proof=StandardOfProof.REASONABLE_GROUNDS)
    assert verified.verification_status == VerificationStatus.VERIFIED
    assert verified.verification_rationale
    assert verified.verification_history.count() == 2
    corroborated = events.filter(verification_status=VerificationStatus.CORROBORATED)
    assert corroborated.exists()
    assert all(independent_support(event) >= 2 for event in corroborated)
    discounted = events.get(verification_status=VerificationStatus.DISCOUNTED)
    assert discounted.evidence.filter(stance="contradicts").exists()


def test_loading_twice_changes_nothing(demo):
    before = _counts()
    saved = Path(demo.credentials_file).read_text()

    again = load_demo()

    assert _counts() == before
    assert again.is_new is False
    assert again.credentials == demo.credentials
    assert Path(again.credentials_file).read_text() == saved


def _signs_in(client, username, password):
    """Sign in through the real sign-in page (with its lock-out backend), as a person would."""
    response = client.post("/accounts/login/", {"username": username, "password": password})
    return response.status_code == 302 and "_auth_user_id" in client.session


def test_credentials_file_is_private_and_the_credentials_work(demo, client):
    path = Path(demo.credentials_file)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert list(read_credentials(path).values()) == demo.credentials
    viewer = next(credential for credential in demo.credentials if credential.role == Role.VIEWER)
    assert _signs_in(client, viewer.username, viewer.password)


def test_lost_credentials_file_gives_new_working_credentials(demo, client):
    Path(demo.credentials_file).unlink()

    again = load_demo()

    assert again.credentials != demo.credentials
    analyst = next(credential for credential in again.credentials if credential.role == Role.ANALYST)
    assert _signs_in(client, analyst.username, analyst.password)
    assert Event.objects.filter(mission=demo.mission).count() == len(EVENTS)


def test_every_claim_quotes_its_report_exactly(demo):
    claims = Claim.objects.filter(mission=demo.mission).select_related("report")
    assert claims.count() == len(scenario.CLAIMS)
    for claim in claims:
        assert claim.quote == claim.report.text[claim.span_start : claim.span_end]


def test_viewer_does_not_see_confidential_records(demo):
    viewer = User.objects.get(username="demo-viewer")
    analyst = User.objects.get(username="demo-analyst")
    detention = Event.objects.get(mission=demo.mission, event_type="arbitrary_detention")
    interview = Report.objects.get(mission=demo.mission, channel="interview")
    assert not Event.objects.restrict(viewer).filter(pk=detention.pk).exists()
    assert Event.objects.restrict(analyst).filter(pk=detention.pk).exists()
    assert not Report.objects.restrict(analyst).filter(pk=interview.pk).exists()


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _ngrams(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[index : index + SHARED_WORDS]) for index in range(len(words) - SHARED_WORDS + 1)}


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [text for item in dataclasses.astuple(value) for text in _strings(item)]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list | tuple):
        return [text for item in value for text in _strings(item)]
    return []


def _demo_strings() -> list[str]:
    return [
        scenario.MISSION_NAME,
        scenario.MISSION_DESCRIPTION,
        *texts.ALL_TEXTS.values(),
        *_strings([scenario.SOURCES, scenario.REPORTS, scenario.CLAIMS, scenario.ACTORS, EVENTS]),
    ]


@pytest.mark.skipif(
    not SEED_DIR.is_dir(), reason="the seed article is not checked out next to the repository"
)
def test_demo_texts_share_no_run_of_eight_words_with_the_seed_article():
    seed = set()
    for path in sorted(SEED_DIR.glob("*.txt")):
        seed |= _ngrams(_words(path.read_text("utf-8")))
    assert seed, "no seed text found"
    copied = {" ".join(gram) for text in _demo_strings() for gram in _ngrams(_words(text)) & seed}
    assert not copied, f"demo texts copy the seed article: {sorted(copied)}"


def test_overlap_check_would_catch_a_copied_sentence():
    sentence = "one two three four five six seven eight nine"
    assert _ngrams(_words(sentence)) & _ngrams(_words(f"Prefix {sentence.upper()}!"))
