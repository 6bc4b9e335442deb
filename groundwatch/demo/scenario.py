"""The demo mission as data: sources, reports, claims and actors (Nagorno-Karabakh, September 2023).

Claims are named by a key and point at exact words of a report. ``coded_events.py`` holds the events
coded from them; ``loader.py`` turns both into records through the services a user's actions go through.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from groundwatch.core.choices import Confidentiality, Role
from groundwatch.demo import texts
from groundwatch.events.choices import ActorKind, DatePrecision, Qualifier
from groundwatch.sources.choices import Channel, Reliability, SourceKind

MISSION_SLUG = "nagorno-karabakh-2023"
MISSION_NAME = "Nagorno-Karabakh, September 2023 (demo)"
MISSION_DESCRIPTION = (
    "Demonstration mission. It follows public reporting on Nagorno-Karabakh in September 2023: the "
    "Azerbaijani offensive of 19 September, the ceasefire of 20 September, the handover of weapons to "
    "Russian peacekeepers, the first relief convoys and the departure of the Armenian population to "
    "Armenia. Monitors' notes, the partner update, the interview and all figures in them are invented for "
    "the demo; no record names a private person."
)
MISSION_PERIOD = (dt.date(2023, 9, 19), dt.date(2023, 10, 31))
MISSION_COUNTRIES = ("AZ", "AM")

PUBLIC = Confidentiality.PUBLIC
INTERNAL = Confidentiality.INTERNAL
CONFIDENTIAL = Confidentiality.CONFIDENTIAL
STRICT = Confidentiality.STRICTLY_CONFIDENTIAL


def utc(day: int, hour: int = 12, minute: int = 0) -> dt.datetime:
    return dt.datetime(2023, 9, day, hour, minute, tzinfo=dt.UTC)


def sept(day: int) -> dt.date:
    return dt.date(2023, 9, day)


@dataclass(frozen=True)
class SourceSpec:
    name: str
    kind: str
    reliability: str
    description: str
    confidentiality: int = INTERNAL


@dataclass(frozen=True)
class ReportSpec:
    source: str
    channel: str
    title: str
    text: str
    received_at: dt.datetime
    published_at: dt.datetime | None = None
    submitted_by: str = Role.ANALYST
    language: str = "en"
    confidentiality: int = INTERNAL
    files: tuple[tuple[str, bytes], ...] = ()


@dataclass(frozen=True)
class ClaimSpec:
    report: str
    words: str
    credibility: int


@dataclass(frozen=True)
class ActorSpec:
    name: str
    kind: str
    country_code: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class MeasureSpec:
    item: str
    value: int
    claim: str
    qualifier: str = Qualifier.EXACT
    unit: str = ""
    as_of_on: dt.date | None = None


@dataclass(frozen=True)
class VerificationSpec:
    status: str
    rationale: str
    standard_of_proof: str = ""


@dataclass(frozen=True)
class EventSpec:
    title: str
    event_type: str
    sub_event_type: str
    date_start: dt.date
    place: str
    description: str
    supports: tuple[str, ...]
    actors: tuple[tuple[str, str], ...]
    measures: tuple[MeasureSpec, ...] = ()
    contradicts: tuple[str, ...] = ()
    date_end: dt.date | None = None
    date_precision: str = DatePrecision.DAY
    geo_precision: int = 1
    location_name: str = ""
    confidentiality: int = INTERNAL
    verification: tuple[VerificationSpec, ...] = field(default=())


SOURCES: dict[str, SourceSpec] = {
    "az_government": SourceSpec(
        "Government of Azerbaijan (official statements)",
        SourceKind.OFFICIAL,
        Reliability.C,
        "Statements of the presidential administration and the defence ministry. A party to the conflict.",
    ),
    "ru_defence": SourceSpec(
        "Ministry of Defence of the Russian Federation",
        SourceKind.OFFICIAL,
        Reliability.C,
        "Daily briefings on the peacekeeping contingent; reports on its own activity.",
    ),
    "newswire": SourceSpec(
        "Regional newswire (demo)",
        SourceKind.MEDIA,
        Reliability.B,
        "A wire service with a bureau in Yerevan. Often relays official figures without checking them.",
    ),
    "broadcaster": SourceSpec(
        "International broadcaster feed (demo)",
        SourceKind.MEDIA,
        Reliability.B,
        "News feed of a broadcaster with a crew at the Armenian border.",
    ),
    "am_foreign_ministry": SourceSpec(
        "Ministry of Foreign Affairs of Armenia",
        SourceKind.OFFICIAL,
        Reliability.B,
        "Published speeches and statements. A party to the conflict.",
    ),
    "az_foreign_ministry": SourceSpec(
        "Ministry of Foreign Affairs of Azerbaijan",
        SourceKind.OFFICIAL,
        Reliability.B,
        "Published speeches and statements. A party to the conflict.",
    ),
    "az_border_service": SourceSpec(
        "State Border Service of Azerbaijan",
        SourceKind.OFFICIAL,
        Reliability.C,
        "Statements about the Lachin (Hakari bridge) checkpoint.",
    ),
    "icrc": SourceSpec(
        "International Committee of the Red Cross",
        SourceKind.ORGANISATION,
        Reliability.B,
        "Operational updates; present on both sides of the line.",
    ),
    "monitors": SourceSpec(
        "Mission monitoring team, Syunik",
        SourceKind.ORGANISATION,
        Reliability.B,
        "The mission's own monitors at Kornidzor and Goris.",
    ),
    "open_source_cell": SourceSpec(
        "Mission open-source cell",
        SourceKind.ORGANISATION,
        Reliability.B,
        "The mission's analysts checking online material.",
    ),
    "coordination_cell": SourceSpec(
        "Syunik humanitarian coordination cell (demo)",
        SourceKind.ORGANISATION,
        Reliability.B,
        "Partner coordination meeting of aid agencies and local authorities in Goris.",
    ),
    "social_account": SourceSpec(
        "Unattributed social media account (demo)",
        SourceKind.MEDIA,
        Reliability.F,
        "New account with no track record; reliability cannot be judged.",
    ),
    "witness_031": SourceSpec(
        "SRC-031",
        SourceKind.PERSON,
        Reliability.F,
        "Relative of a detained person, interviewed once. Identity held by the protection officer.",
        confidentiality=STRICT,
    ),
}

REPORTS: dict[str, ReportSpec] = {
    "az_operation": ReportSpec(
        "az_government", Channel.STATEMENT, "Azerbaijan announces 'local counter-terrorism measures'",
        texts.AZ_OPERATION_STARTS, utc(19, 9), utc(19, 7), confidentiality=PUBLIC,
    ),
    "az_ceasefire": ReportSpec(
        "az_government", Channel.STATEMENT, "Azerbaijan announces agreement to stop fighting",
        texts.AZ_CEASEFIRE, utc(20, 11), utc(20, 10), confidentiality=PUBLIC,
    ),
    "ru_briefing": ReportSpec(
        "ru_defence", Channel.STATEMENT, "Russian defence ministry on weapons handed over and aid",
        texts.RU_HANDOVER_BRIEFING, utc(23, 15), utc(23, 14), confidentiality=PUBLIC,
    ),
    "am_at_un": ReportSpec(
        "am_foreign_ministry", Channel.STATEMENT, "Armenia's foreign minister at the UN General Assembly",
        texts.AM_MINISTER_AT_UN, utc(23, 20), utc(23, 17), confidentiality=PUBLIC,
    ),
    "az_at_un": ReportSpec(
        "az_foreign_ministry", Channel.STATEMENT, "Azerbaijan's foreign minister at the UN General Assembly",
        texts.AZ_MINISTER_AT_UN, utc(23, 21), utc(23, 18), confidentiality=PUBLIC,
    ),
    "icrc_update": ReportSpec(
        "icrc", Channel.STATEMENT, "ICRC: first convoy since the hostilities heads for Karabakh",
        texts.ICRC_CONVOY, utc(23, 13), utc(23, 12), confidentiality=PUBLIC,
    ),
    "social_post": ReportSpec(
        "social_account", Channel.PASTED, "Post alleging night shelling of Stepanakert",
        texts.SOCIAL_MEDIA_POST, utc(22, 21, 40), submitted_by=Role.MONITOR,
        files=(("post-capture.json", texts.POST_CAPTURE),),
    ),
    "osint_check": ReportSpec(
        "open_source_cell", Channel.WEB_FORM, "Open-source check of the 22 September post",
        texts.OPEN_SOURCE_CHECK, utc(23, 10),
    ),
    "news_un_appeal": ReportSpec(
        "newswire", Channel.ARTICLE, "Armenia asks UN to send monitors as first aid convoy moves in",
        texts.NEWS_UN_APPEAL, utc(24, 6), utc(24, 5), confidentiality=PUBLIC,
    ),
    "kornidzor_note": ReportSpec(
        "monitors", Channel.FIELD_NOTE, "Field note: first arrivals at Kornidzor",
        texts.FIELD_NOTE_KORNIDZOR, utc(24, 19, 10), submitted_by=Role.MONITOR,
    ),
    "goris_note": ReportSpec(
        "monitors", Channel.FIELD_NOTE, "Field note: reception in Goris",
        texts.FIELD_NOTE_GORIS, utc(25, 17), submitted_by=Role.MONITOR,
    ),
    "broadcaster_feed": ReportSpec(
        "broadcaster", Channel.FEED, "Departures from Karabakh gather pace",
        texts.BROADCASTER_FEED, utc(26, 9), utc(26, 8), confidentiality=PUBLIC,
    ),
    "partner_update": ReportSpec(
        "coordination_cell", Channel.PARTNER, "Partner update no. 3 (Syunik)",
        texts.PARTNER_UPDATE, utc(26, 15), submitted_by=Role.MONITOR,
    ),
    "border_statement": ReportSpec(
        "az_border_service", Channel.STATEMENT, "Border service reports a detention at the Lachin checkpoint",
        texts.BORDER_SERVICE_STATEMENT, utc(27, 16), utc(27, 15), confidentiality=PUBLIC,
    ),
    "interview": ReportSpec(
        "witness_031", Channel.INTERVIEW, "Interview note SRC-031: detention at the Hakari bridge",
        texts.INTERVIEW_NOTE, utc(28, 11), submitted_by=Role.MONITOR, confidentiality=STRICT,
    ),
}  # fmt: skip

CLAIMS: dict[str, ClaimSpec] = {
    "operation_az": ClaimSpec(
        "az_operation",
        "its forces had started what it called local counter-terrorism measures in the Karabakh "
        "economic region on the morning of 19 September",
        2,
    ),
    "operation_news": ClaimSpec("news_un_appeal", "a military offensive it had opened on 19 September", 2),
    "casualties_news": ClaimSpec(
        "news_un_appeal", "put the death toll from the fighting at about 200, with some 400 wounded", 3
    ),
    "ceasefire_az": ClaimSpec(
        "az_ceasefire",
        "agreed through the Russian peacekeeping command to stop fighting from 13:00 local time on "
        "20 September",
        2,
    ),
    "ceasefire_news": ClaimSpec(
        "news_un_appeal", "agreed on 20 September to a ceasefire under which its forces would disarm", 2
    ),
    "disarm_az": ClaimSpec(
        "az_ceasefire",
        "The Armenian armed formations are to lay down their arms, leave their combat positions and be "
        "disbanded",
        2,
    ),
    "peacekeepers_ru": ClaimSpec("ru_briefing", "numbering about 2,000 troops", 2),
    "aghdam_post_news": ClaimSpec(
        "news_un_appeal",
        "a Russian soldier at the peacekeepers' post on the road between Aghdam and Khankendi",
        2,
    ),
    "peacekeepers_news": ClaimSpec("news_un_appeal", "keeps some 2,000 peacekeepers in the region", 2),
    "handover_ru": ClaimSpec(
        "ru_briefing",
        "22,000 rounds of ammunition, six armoured vehicles, more than 800 small arms, anti-tank weapons "
        "and man-portable air-defence systems had been surrendered to the peacekeepers",
        3,
    ),
    "handover_news": ClaimSpec(
        "news_un_appeal",
        "the Karabakh forces had given up armoured vehicles, small arms, anti-tank weapons",
        3,
    ),
    "aid_ru": ClaimSpec("ru_briefing", "Russian units had brought over 50 tonnes of food", 3),
    "aid_news": ClaimSpec(
        "news_un_appeal",
        "Russian units had delivered food and other supplies weighing more than 50 tonnes",
        3,
    ),
    "convoy_icrc": ClaimSpec(
        "icrc_update",
        "An ICRC convoy with food, hygiene items and medical supplies set out today for Nagorno-Karabakh",
        2,
    ),
    "convoy_news": ClaimSpec(
        "news_un_appeal",
        "A Red Cross convoy set off towards Karabakh on Saturday, the first to travel there",
        2,
    ),
    "hunger_news": ClaimSpec(
        "news_un_appeal", "thousands of residents were reported to be going without food", 3
    ),
    "hunger_icrc": ClaimSpec("icrc_update", "many families have had no regular access to food for days", 2),
    "reception_news": ClaimSpec(
        "news_un_appeal",
        "ready to take in tens of thousands of people from Karabakh and has lined up hotel rooms close to "
        "the border",
        2,
    ),
    "appeal_am": ClaimSpec(
        "am_at_un",
        "so that the United Nations sends an inter-agency mission to Nagorno-Karabakh straight away",
        1,
    ),
    "appeal_news": ClaimSpec(
        "news_un_appeal",
        "Armenia on Saturday urged the United Nations to dispatch an inter-agency mission to "
        "Nagorno-Karabakh without delay",
        1,
    ),
    "reintegration_az": ClaimSpec(
        "az_at_un",
        "the reintegration of the Armenian residents of Karabakh as equal citizens, and peaceful coexistence",
        1,
    ),
    "reintegration_news": ClaimSpec(
        "news_un_appeal", "wanted to move ahead with reintegrating the region and with living side by side", 1
    ),
    "first_cars": ClaimSpec(
        "kornidzor_note", "The first cars from Karabakh came down from the bridge shortly after 16:00.", 2
    ),
    "registered_24": ClaimSpec(
        "kornidzor_note", "just over 1,000 people had been registered since the afternoon", 2
    ),
    "checkpoint_wait": ClaimSpec(
        "kornidzor_note",
        "three families told us that the men in their cars were questioned separately",
        3,
    ),
    "crossing_feed": ClaimSpec(
        "broadcaster_feed", "Armenian officials said more than 6,000 had crossed by Monday morning", 2
    ),
    "road_opened_feed": ClaimSpec("broadcaster_feed", "after the road opened for departures on Sunday", 2),
    "arrivals_partner": ClaimSpec(
        "partner_update",
        "government registration figures passed 28,000 people by Tuesday evening, up from about 6,600 on "
        "Monday morning",
        2,
    ),
    "goris_transit": ClaimSpec(
        "goris_note", "Staff estimate that about 4,500 people passed through the town during the day.", 3
    ),
    "goris_beds": ClaimSpec("goris_note", "staff showed us a list of about 1,400 beds", 2),
    "goris_needs": ClaimSpec(
        "goris_note",
        "Needs raised with us: baby food, insulin and blood-pressure medicine, and psychosocial support",
        2,
    ),
    "food_kits": ClaimSpec(
        "partner_update", "partners handed out 3,200 family food kits in Goris and Kornidzor", 2
    ),
    "medical_kits": ClaimSpec(
        "partner_update", "450 medical kits went to the Kornidzor first-aid post and the Goris hospital", 2
    ),
    "buses_yerevan": ClaimSpec(
        "partner_update", "1,900 households had been taken to Yerevan by Tuesday night", 2
    ),
    "detention_witness": ClaimSpec(
        "interview", "was told to step out and was led into a building next to the post", 3
    ),
    "detention_border": ClaimSpec(
        "border_statement",
        "had detained a man travelling towards Armenia because he was wanted on criminal charges",
        2,
    ),
    "shelling_post": ClaimSpec(
        "social_post",
        "Heavy shelling in Stepanakert tonight despite the so-called ceasefire!!! Dozens dead",
        5,
    ),
    "video_2020": ClaimSpec(
        "osint_check",
        "the same clip, showing the same street corner and the same damaged building, was published online "
        "in October 2020",
        2,
    ),
    "quiet_night": ClaimSpec(
        "osint_check",
        "No other account, agency or partner reports artillery fire on Khankendi on 22 September",
        2,
    ),
}

ACTORS: dict[str, ActorSpec] = {
    "az_forces": ActorSpec("Armed Forces of Azerbaijan", ActorKind.STATE_FORCES, "AZ"),
    "az_government": ActorSpec("Government of Azerbaijan", ActorKind.AUTHORITY, "AZ"),
    "az_border": ActorSpec("State Border Service of Azerbaijan", ActorKind.STATE_FORCES, "AZ"),
    "ka_forces": ActorSpec(
        "Karabakh Armenian armed formations",
        ActorKind.REBEL_GROUP,
        aliases=("Artsakh Defence Army", "Nagorno-Karabakh Defence Army"),
    ),
    "ka_authorities": ActorSpec(
        "Karabakh Armenian de facto authorities", ActorKind.AUTHORITY, aliases=("Artsakh authorities",)
    ),
    "ka_civilians": ActorSpec("Karabakh Armenian civilians", ActorKind.CIVILIANS),
    "ru_peacekeepers": ActorSpec(
        "Russian peacekeeping contingent", ActorKind.PEACEKEEPERS, "RU", ("Russian peacekeepers",)
    ),
    "am_government": ActorSpec("Government of Armenia", ActorKind.AUTHORITY, "AM"),
    "goris_municipality": ActorSpec("Goris municipality", ActorKind.AUTHORITY, "AM"),
    "icrc": ActorSpec("International Committee of the Red Cross", ActorKind.HUMANITARIAN, aliases=("ICRC",)),
    "relief_partners": ActorSpec("Syunik relief partners", ActorKind.HUMANITARIAN, "AM"),
    "united_nations": ActorSpec("United Nations", ActorKind.INTERNATIONAL_BODY, aliases=("UN",)),
}
