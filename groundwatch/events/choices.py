"""Controlled vocabularies for events, claims, measures and actors."""

from __future__ import annotations

from django.db import models


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    WEEK = "week", "Week"
    MONTH = "month", "Month"
    YEAR = "year", "Year"
    RANGE = "range", "Date range"


class VerificationStatus(models.TextChoices):
    REPORTED = "reported", "Reported"
    CORROBORATED = "corroborated", "Corroborated"
    VERIFIED = "verified", "Verified"
    DISCOUNTED = "discounted", "Discounted"


class StandardOfProof(models.TextChoices):
    """Standards of proof used by UN fact-finding bodies, weakest first."""

    NONE = "", "Not assessed"
    REASONABLE_GROUNDS = "reasonable_grounds", "Reasonable grounds to believe"
    BALANCE_OF_PROBABILITIES = "balance_of_probabilities", "Balance of probabilities"
    CLEAR_AND_CONVINCING = "clear_and_convincing", "Clear and convincing evidence"
    BEYOND_REASONABLE_DOUBT = "beyond_reasonable_doubt", "Beyond reasonable doubt"


class Credibility(models.IntegerChoices):
    """Information credibility on the Admiralty scale, graded apart from the source's reliability."""

    CONFIRMED = 1, "1 — confirmed by other sources"
    PROBABLY_TRUE = 2, "2 — probably true"
    POSSIBLY_TRUE = 3, "3 — possibly true"
    DOUBTFUL = 4, "4 — doubtful"
    IMPROBABLE = 5, "5 — improbable"
    CANNOT_BE_JUDGED = 6, "6 — truth cannot be judged"


class Stance(models.TextChoices):
    SUPPORTS = "supports", "Supports"
    CONTRADICTS = "contradicts", "Contradicts"


class Qualifier(models.TextChoices):
    EXACT = "exact", "exactly"
    ABOUT = "about", "about"
    AT_LEAST = "at_least", "at least"
    MORE_THAN = "more_than", "more than"
    UP_TO = "up_to", "up to"


class Unit(models.TextChoices):
    PEOPLE = "people", "people"
    HOUSEHOLDS = "households", "households"
    TONNES = "tonnes", "tonnes"
    LITRES = "litres", "litres"
    KITS = "kits", "kits"
    PIECES = "pieces", "pieces"
    ROUNDS = "rounds", "rounds"
    VEHICLES = "vehicles", "vehicles"
    BEDS = "beds", "beds"


class MeasureItem(models.TextChoices):
    PEOPLE_KILLED = "people_killed", "People killed"
    PEOPLE_INJURED = "people_injured", "People injured"
    PEOPLE_DETAINED = "people_detained", "People detained"
    PEOPLE_MISSING = "people_missing", "People missing"
    PEOPLE_DISPLACED = "people_displaced", "People displaced"
    HOUSEHOLDS_DISPLACED = "households_displaced", "Households displaced"
    PEOPLE_IN_NEED = "people_in_need", "People in need"
    PEOPLE_WITHOUT_FOOD = "people_without_food", "People without enough food"
    FOOD = "food", "Food"
    NON_FOOD_AID = "non_food_aid", "Other relief items"
    MEDICAL_SUPPLIES = "medical_supplies", "Medical supplies"
    FUEL = "fuel", "Fuel"
    TRUCKS = "trucks", "Trucks"
    PERSONNEL_DEPLOYED = "personnel_deployed", "Personnel deployed"
    SMALL_ARMS = "small_arms", "Small arms"
    AMMUNITION = "ammunition", "Ammunition"
    ARMOURED_VEHICLES = "armoured_vehicles", "Armoured vehicles"
    ANTI_TANK_WEAPONS = "anti_tank_weapons", "Anti-tank weapons"
    AIR_DEFENCE_SYSTEMS = "air_defence_systems", "Portable air-defence systems (MANPADS)"
    ARTILLERY_PIECES = "artillery_pieces", "Artillery pieces"
    SHELTER_CAPACITY = "shelter_capacity", "Shelter capacity"


MEASURE_UNITS: dict[str, tuple[str, ...]] = {
    MeasureItem.PEOPLE_KILLED: (Unit.PEOPLE,),
    MeasureItem.PEOPLE_INJURED: (Unit.PEOPLE,),
    MeasureItem.PEOPLE_DETAINED: (Unit.PEOPLE,),
    MeasureItem.PEOPLE_MISSING: (Unit.PEOPLE,),
    MeasureItem.PEOPLE_DISPLACED: (Unit.PEOPLE,),
    MeasureItem.HOUSEHOLDS_DISPLACED: (Unit.HOUSEHOLDS,),
    MeasureItem.PEOPLE_IN_NEED: (Unit.PEOPLE,),
    MeasureItem.PEOPLE_WITHOUT_FOOD: (Unit.PEOPLE,),
    MeasureItem.FOOD: (Unit.TONNES, Unit.KITS),
    MeasureItem.NON_FOOD_AID: (Unit.TONNES, Unit.KITS),
    MeasureItem.MEDICAL_SUPPLIES: (Unit.TONNES, Unit.KITS),
    MeasureItem.FUEL: (Unit.LITRES, Unit.TONNES),
    MeasureItem.TRUCKS: (Unit.VEHICLES,),
    MeasureItem.PERSONNEL_DEPLOYED: (Unit.PEOPLE,),
    MeasureItem.SMALL_ARMS: (Unit.PIECES,),
    MeasureItem.AMMUNITION: (Unit.ROUNDS,),
    MeasureItem.ARMOURED_VEHICLES: (Unit.VEHICLES,),
    MeasureItem.ANTI_TANK_WEAPONS: (Unit.PIECES,),
    MeasureItem.AIR_DEFENCE_SYSTEMS: (Unit.PIECES,),
    MeasureItem.ARTILLERY_PIECES: (Unit.PIECES,),
    MeasureItem.SHELTER_CAPACITY: (Unit.BEDS, Unit.PEOPLE),
}


class ActorKind(models.TextChoices):
    STATE_FORCES = "state_forces", "State forces"
    REBEL_GROUP = "rebel_group", "Rebel or separatist group"
    POLITICAL_MILITIA = "political_militia", "Political militia"
    IDENTITY_MILITIA = "identity_militia", "Identity militia"
    RIOTERS = "rioters", "Rioters"
    PROTESTERS = "protesters", "Protesters"
    CIVILIANS = "civilians", "Civilians"
    EXTERNAL_FORCES = "external_forces", "External or other forces"
    PEACEKEEPERS = "peacekeepers", "Peacekeepers"
    AUTHORITY = "authority", "Government or authority"
    HUMANITARIAN = "humanitarian", "Humanitarian organisation"
    INTERNATIONAL_BODY = "international_body", "International body"
    MEDIA = "media", "Media"


class ActorRole(models.TextChoices):
    ACTOR1 = "actor1", "Actor 1 (initiator)"
    ASSOC_ACTOR1 = "assoc_actor1", "Associated with actor 1"
    ACTOR2 = "actor2", "Actor 2 (target or counterpart)"
    ASSOC_ACTOR2 = "assoc_actor2", "Associated with actor 2"
    PERPETRATOR = "perpetrator", "Alleged perpetrator"
    VICTIM_GROUP = "victim_group", "Victim group"
    PROVIDER = "provider", "Aid provider"
    RECIPIENT = "recipient", "Aid recipient"
    PARTY = "party", "Party to an agreement"
    RECEIVER = "receiver", "Received handed-over items"
    SPEAKER = "speaker", "Speaker"
    OBSERVER = "observer", "Observer"
