"""The XLSForms groundwatch ships, defined here as data and written to .xlsx on demand.

Keeping the forms as Python rows (not committed binary spreadsheets) makes every change reviewable in
a diff; ``write_xlsx`` produces the exact workbook a coordinator would upload, and tests convert each
one with pyxform. Each form comes with the mapping that turns its submissions into Events.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import openpyxl

from groundwatch.ingest.mapping import ActorMap, FormMapping, MeasureMap

Row = tuple[str, ...]
VERSION = "2024100101"
SURVEY_HEADER: Row = ("type", "name", "label", "hint", "required", "appearance", "parameters")
PLACE_LIST = "places.csv"


@dataclass(frozen=True)
class ShippedForm:
    form_id: str
    title: str
    survey: tuple[Row, ...]
    choices: tuple[Row, ...]
    mapping: FormMapping

    def write_xlsx(self) -> bytes:
        book = openpyxl.Workbook()
        survey = book.active
        assert survey is not None
        survey.title = "survey"
        for row in (SURVEY_HEADER, *self.survey):
            survey.append(list(row))
        choices = book.create_sheet("choices")
        for row in (("list_name", "name", "label"), *self.choices):
            choices.append(list(row))
        settings = book.create_sheet("settings")
        settings.append(["form_title", "form_id", "version"])
        settings.append([self.title, self.form_id, VERSION])
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()


def _where(prefix: str) -> tuple[Row, ...]:
    return (
        (
            f"select_one_from_file {PLACE_LIST}",
            f"{prefix}place",
            "Nearest town or village",
            "",
            "yes",
            "autocomplete",
        ),
        ("geopoint", f"{prefix}location", "Exact location, if safe to record", "", "", ""),
        ("text", f"{prefix}local_area", "Local area or landmark", "", "", ""),
    )


_KINDS: tuple[Row, ...] = tuple(
    ("actor_kind", name, label)
    for name, label in (
        ("state_forces", "State forces"),
        ("rebel_group", "Rebel or separatist group"),
        ("political_militia", "Political militia"),
        ("identity_militia", "Identity militia"),
        ("external_forces", "External or other forces"),
        ("authority", "Government or authority"),
        ("peacekeepers", "Peacekeepers"),
        ("civilians", "Civilians"),
    )
)

INCIDENT = ShippedForm(
    form_id="incident_report",
    title="Incident report",
    survey=(
        ("begin_group", "event", "The event", "", "", "field-list"),
        ("date", "event_date", "When did it happen?", "", "yes", ""),
        ("select_one violation", "violation_type", "What happened?", "", "yes", ""),
        *_where(""),
        (
            "text",
            "description",
            "Describe what happened",
            "Facts only: who, what, where, when.",
            "yes",
            "multiline",
        ),
        ("end_group", "", "", "", "", ""),
        ("begin_group", "act", "Victims (counts only, no names)", "", "", "field-list"),
        ("integer", "victims_killed", "People killed", "", "", ""),
        ("integer", "victims_injured", "People injured", "", "", ""),
        ("integer", "victims_detained", "People detained", "", "", ""),
        ("integer", "victims_missing", "People missing", "", "", ""),
        ("text", "victim_group", "Victim group (e.g. farmers of the village)", "", "", ""),
        ("end_group", "", "", "", "", ""),
        ("begin_group", "involvement", "Alleged perpetrator", "", "", "field-list"),
        ("text", "perpetrator", "Alleged perpetrator (unit or group)", "", "", ""),
        ("select_one actor_kind", "perpetrator_kind", "Type of perpetrator", "", "", ""),
        ("end_group", "", "", "", "", ""),
        ("begin_group", "information", "About the information", "", "", "field-list"),
        ("select_one connection", "source_connection", "The source is a…", "", "yes", ""),
        ("select_one reliability", "reliability", "Reliability of the information", "", "yes", ""),
        ("image", "photo", "Photo", "Only if it puts nobody at risk.", "", "", "max-pixels=2000"),
        ("end_group", "", "", "", "", ""),
    ),
    choices=(
        ("violation", "killing", "Unlawful killing"),
        ("violation", "arbitrary_detention", "Arbitrary arrest or detention"),
        ("violation", "torture_ill_treatment", "Torture or ill-treatment"),
        ("violation", "enforced_disappearance", "Enforced disappearance"),
        ("violation", "sexual_gender_based_violence", "Sexual or gender-based violence"),
        ("violation", "property_destruction", "Destruction of property"),
        ("violation", "forced_displacement", "Forced displacement"),
        ("violation", "shelling", "Shelling or missile attack"),
        ("violation", "attack", "Other attack on civilians"),
        *_KINDS,
        *(
            ("connection", name, name.replace("_", " ").capitalize())
            for name in (
                "victim",
                "witness",
                "relative",
                "colleague",
                "medical_provider",
                "ngo",
                "media",
                "unknown",
            )
        ),
        ("reliability", "highly_reliable", "Highly reliable"),
        ("reliability", "likely_reliable", "Likely reliable"),
        ("reliability", "unsure", "Unsure"),
        ("reliability", "likely_unreliable", "Likely unreliable"),
        ("reliability", "unknown", "Unknown"),
    ),
    mapping=FormMapping(
        title="Incident: {violation_type} at {place}",
        event_type_field="violation_type",
        event_type_values={
            "shelling": "explosions_remote_violence/shelling_artillery_missile_attack",
            "attack": "violence_against_civilians/attack",
        },
        date_field="event_date",
        geopoint_field="location",
        place_field="place",
        location_name_field="local_area",
        description_field="description",
        measures=[
            MeasureMap(field="victims_killed", item="people_killed", qualifier="at_least"),
            MeasureMap(field="victims_injured", item="people_injured", qualifier="at_least"),
            MeasureMap(field="victims_detained", item="people_detained", qualifier="at_least"),
            MeasureMap(field="victims_missing", item="people_missing", qualifier="at_least"),
        ],
        actors=[
            ActorMap(
                field="perpetrator", role="perpetrator", kind="state_forces", kind_field="perpetrator_kind"
            ),
            ActorMap(field="victim_group", role="victim_group", kind="civilians"),
        ],
        confidentiality=2,
    ),
)

AID_DELIVERY = ShippedForm(
    form_id="aid_delivery",
    title="Aid delivery / convoy report",
    survey=(
        ("date", "delivery_date", "Date of the delivery or attempt", "", "yes", ""),
        ("select_one aid", "aid_type", "Cargo", "", "yes", ""),
        ("select_one status", "delivery_status", "What happened to the convoy?", "", "yes", ""),
        *_where(""),
        ("text", "provider", "Organisation providing the aid", "", "", ""),
        ("integer", "trucks", "Number of trucks", "", "", ""),
        ("decimal", "food_tonnes", "Food (tonnes)", "", "", ""),
        ("decimal", "medical_tonnes", "Medical supplies (tonnes)", "", "", ""),
        ("decimal", "fuel_litres", "Fuel (litres)", "", "", ""),
        ("text", "notes", "What did you see?", "", "", "multiline"),
        ("image", "photo", "Photo of the convoy", "", "", "", "max-pixels=2000"),
    ),
    choices=(
        *(
            ("aid", name, label)
            for name, label in (
                ("food", "Food"),
                ("medical", "Medical"),
                ("shelter_non_food", "Shelter and non-food items"),
                ("fuel", "Fuel"),
                ("water_sanitation", "Water and sanitation"),
                ("mixed", "Mixed relief cargo"),
            )
        ),
        ("status", "delivered", "Delivered"),
        ("status", "partial", "Partly delivered"),
        ("status", "blocked", "Blocked on the way"),
        ("status", "denied", "Denied at a checkpoint"),
    ),
    mapping=FormMapping(
        title="Aid delivery ({aid_type}, {delivery_status}) at {place}",
        event_type_field="aid_type",
        event_type_values={
            name: f"aid_delivery/{name}"
            for name in ("food", "medical", "shelter_non_food", "fuel", "water_sanitation", "mixed")
        },
        date_field="delivery_date",
        geopoint_field="location",
        place_field="place",
        location_name_field="local_area",
        description_field="notes",
        measures=[
            MeasureMap(field="trucks", item="trucks"),
            MeasureMap(field="food_tonnes", item="food", unit="tonnes"),
            MeasureMap(field="medical_tonnes", item="medical_supplies", unit="tonnes"),
            MeasureMap(field="fuel_litres", item="fuel", unit="litres"),
        ],
        actors=[ActorMap(field="provider", role="provider", kind="humanitarian")],
    ),
)

SITE_COUNT = ShippedForm(
    form_id="site_count",
    title="Displacement site count",
    survey=(
        ("date", "count_date", "Date of the count", "", "yes", ""),
        *_where(""),
        ("text", "site_name", "Name of the site (collective centre, hotel, camp)", "", "yes", ""),
        ("select_one site", "site_type", "Kind of site", "", "yes", ""),
        ("integer", "people_present", "People staying at the site", "", "yes", ""),
        ("integer", "households_present", "Households staying at the site", "", "", ""),
        ("integer", "capacity_beds", "Capacity (beds)", "", "", ""),
        ("text", "notes", "Needs or remarks", "", "", "multiline"),
    ),
    choices=(
        ("site", "collective_centre", "Collective centre"),
        ("site", "hotel", "Hotel"),
        ("site", "camp", "Camp"),
        ("site", "private", "Private accommodation"),
    ),
    mapping=FormMapping(
        title="Site count: {site_name}",
        event_type="displacement",
        sub_event_type="arrival",
        date_field="count_date",
        geopoint_field="location",
        place_field="place",
        location_name_field="site_name",
        description_field="notes",
        measures=[
            MeasureMap(field="people_present", item="people_displaced"),
            MeasureMap(field="households_present", item="households_displaced"),
            MeasureMap(field="capacity_beds", item="shelter_capacity", unit="beds"),
        ],
    ),
)

WEAPONS_HANDOVER = ShippedForm(
    form_id="weapons_handover",
    title="Weapons handover observation",
    survey=(
        ("date", "handover_date", "Date of the handover", "", "yes", ""),
        ("select_one handover", "handover_kind", "The weapons were…", "", "yes", ""),
        *_where(""),
        ("text", "handing_party", "Party handing over", "", "yes", ""),
        ("select_one actor_kind", "handing_party_kind", "Type of party", "", "", ""),
        ("text", "receiving_party", "Received by", "", "", ""),
        ("integer", "small_arms", "Small arms (pieces)", "", "", ""),
        ("integer", "ammunition_rounds", "Ammunition (rounds)", "", "", ""),
        ("integer", "armoured_vehicles", "Armoured vehicles", "", "", ""),
        ("integer", "anti_tank_weapons", "Anti-tank weapons (pieces)", "", "", ""),
        ("integer", "air_defence_systems", "MANPADS (pieces)", "", "", ""),
        ("integer", "artillery_pieces", "Artillery pieces", "", "", ""),
        ("text", "notes", "Remarks", "", "", "multiline"),
        ("image", "photo", "Photo of the handed-over items", "", "", "", "max-pixels=2000"),
    ),
    choices=(
        ("handover", "to_peacekeepers", "Handed over to peacekeepers"),
        ("handover", "to_authorities", "Handed over to authorities"),
        ("handover", "destroyed", "Destroyed under supervision"),
        *_KINDS,
    ),
    mapping=FormMapping(
        title="Weapons handover by {handing_party}",
        event_type_field="handover_kind",
        event_type_values={
            name: f"weapons_handover/{name}" for name in ("to_peacekeepers", "to_authorities", "destroyed")
        },
        date_field="handover_date",
        geopoint_field="location",
        place_field="place",
        location_name_field="local_area",
        description_field="notes",
        measures=[
            MeasureMap(field="small_arms", item="small_arms"),
            MeasureMap(field="ammunition_rounds", item="ammunition"),
            MeasureMap(field="armoured_vehicles", item="armoured_vehicles"),
            MeasureMap(field="anti_tank_weapons", item="anti_tank_weapons"),
            MeasureMap(field="air_defence_systems", item="air_defence_systems"),
            MeasureMap(field="artillery_pieces", item="artillery_pieces"),
        ],
        actors=[
            ActorMap(
                field="handing_party", role="party", kind="state_forces", kind_field="handing_party_kind"
            ),
            ActorMap(field="receiving_party", role="receiver", kind="peacekeepers"),
        ],
    ),
)

SHIPPED_FORMS: dict[str, ShippedForm] = {
    form.form_id: form for form in (INCIDENT, AID_DELIVERY, SITE_COUNT, WEAPONS_HANDOVER)
}
