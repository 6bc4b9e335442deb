"""The demo mission's coded events: what the mission asserts, with its figures, actors and evidence.

Each event names the claims (``scenario.CLAIMS``) that support or contradict it, the claim every figure
was taken from, and the verification steps a coordinator took.
"""

from __future__ import annotations

from groundwatch.demo.scenario import (
    CONFIDENTIAL,
    PUBLIC,
    EventSpec,
    MeasureSpec,
    VerificationSpec,
    sept,
)
from groundwatch.events.choices import ActorRole, DatePrecision, MeasureItem, Qualifier, Unit
from groundwatch.events.choices import StandardOfProof as Proof
from groundwatch.events.choices import VerificationStatus as Status

R = ActorRole
M = MeasureItem
Q = Qualifier

EVENTS: tuple[EventSpec, ...] = (
    EventSpec(
        "Azerbaijani military offensive in Karabakh",
        "battles", "government_regains_territory", sept(19), "Karabakh",
        "Azerbaijan announced 'local counter-terrorism measures' against Karabakh Armenian positions. "
        "Casualty figures come from Karabakh Armenian officials and are not yet checked.",
        supports=("operation_az", "operation_news", "casualties_news"),
        actors=(("az_forces", R.ACTOR1), ("ka_forces", R.ACTOR2)),
        measures=(
            MeasureSpec(M.PEOPLE_KILLED, 200, "casualties_news", Q.ABOUT, as_of_on=sept(21)),
            MeasureSpec(M.PEOPLE_INJURED, 400, "casualties_news", Q.ABOUT, as_of_on=sept(21)),
        ),
        date_end=sept(20), date_precision=DatePrecision.RANGE, geo_precision=3,
        verification=(
            VerificationSpec(Status.CORROBORATED, "Announced by Azerbaijan and reported by the newswire."),
        ),
    ),
    EventSpec(
        "Ceasefire declared in Karabakh",
        "ceasefire_agreement", "declared", sept(20), "Karabakh",
        "Fighting to stop from 13:00 local time, agreed through the Russian peacekeeping command.",
        supports=("ceasefire_az", "ceasefire_news"),
        actors=(("az_government", R.PARTY), ("ka_authorities", R.PARTY), ("ru_peacekeepers", R.OBSERVER)),
        geo_precision=3, confidentiality=PUBLIC,
    ),
    EventSpec(
        "Karabakh Armenian formations agree to disarm and disband",
        "ceasefire_agreement", "terms_accepted", sept(20), "Karabakh",
        "Terms as published by Azerbaijan: lay down arms, leave positions, disband, hand over heavy equipment.",
        supports=("disarm_az", "ceasefire_news"),
        actors=(("ka_forces", R.PARTY), ("az_forces", R.PARTY)),
        geo_precision=3, confidentiality=PUBLIC,
    ),
    EventSpec(
        "Russian peacekeeping contingent in Karabakh",
        "force_deployment", "deployment", sept(23), "Karabakh",
        "Strength as stated by the Russian defence ministry.",
        supports=("peacekeepers_ru", "peacekeepers_news"),
        actors=(("ru_peacekeepers", R.ACTOR1),),
        measures=(MeasureSpec(M.PERSONNEL_DEPLOYED, 2000, "peacekeepers_ru", Q.ABOUT, as_of_on=sept(23)),),
        geo_precision=3, confidentiality=PUBLIC,
    ),
    EventSpec(
        "Russian peacekeeping post on the Aghdam–Khankendi road",
        "force_deployment", "checkpoint", sept(23), "Aghdam",
        "Seen in an agency photograph; the post controls the road between Aghdam and Khankendi.",
        supports=("aghdam_post_news",),
        actors=(("ru_peacekeepers", R.ACTOR1),),
        geo_precision=2, confidentiality=PUBLIC,
    ),
    EventSpec(
        "Weapons handed over to Russian peacekeepers",
        "weapons_handover", "to_peacekeepers", sept(21), "Karabakh",
        "Cumulative by Saturday 23 September, as reported by Russia; anti-tank weapons and MANPADS were "
        "handed over in numbers not given. The newswire relays the Russian figures and is not an "
        "independent confirmation.",
        supports=("handover_ru", "handover_news"),
        actors=(("ka_forces", R.ACTOR1), ("ru_peacekeepers", R.RECEIVER)),
        measures=(
            MeasureSpec(M.ARMOURED_VEHICLES, 6, "handover_ru", as_of_on=sept(23)),
            MeasureSpec(M.SMALL_ARMS, 800, "handover_ru", Q.MORE_THAN, as_of_on=sept(23)),
            MeasureSpec(M.AMMUNITION, 22000, "handover_ru", as_of_on=sept(23)),
        ),
        date_end=sept(23), date_precision=DatePrecision.RANGE, geo_precision=3,
    ),
    EventSpec(
        "Russian food and relief delivered to Karabakh",
        "aid_delivery", "food", sept(21), "Karabakh",
        "Delivered by Russian units; distribution not observed by the mission.",
        supports=("aid_ru", "aid_news"),
        actors=(("ru_peacekeepers", R.PROVIDER), ("ka_civilians", R.RECIPIENT)),
        measures=(MeasureSpec(M.FOOD, 50, "aid_ru", Q.MORE_THAN, Unit.TONNES, sept(23)),),
        date_end=sept(23), date_precision=DatePrecision.RANGE, geo_precision=3,
    ),
    EventSpec(
        "First ICRC convoy since the offensive heads for Karabakh",
        "aid_delivery", "mixed", sept(23), "Lachin",
        "Food, hygiene items and medical supplies, by way of the Lachin corridor and the Hakari bridge.",
        supports=("convoy_icrc", "convoy_news"),
        actors=(("icrc", R.PROVIDER), ("ka_civilians", R.RECIPIENT)),
        geo_precision=2, confidentiality=PUBLIC,
        verification=(
            VerificationSpec(Status.CORROBORATED, "ICRC update and newswire report agree on date and route."),
        ),
    ),
    EventSpec(
        "Thousands in Karabakh without food",
        "needs_assessment", "food_security", sept(23), "Karabakh",
        "'Thousands' coded as at least 2,000.",
        supports=("hunger_news", "hunger_icrc"),
        actors=(("ka_civilians", R.VICTIM_GROUP), ("icrc", R.OBSERVER)),
        measures=(MeasureSpec(M.PEOPLE_WITHOUT_FOOD, 2000, "hunger_news", Q.AT_LEAST, as_of_on=sept(23)),),
        geo_precision=3,
    ),
    EventSpec(
        "Armenia prepares to receive tens of thousands",
        "announcement", "", sept(23), "Armenia",
        "Includes hotel rooms near the border. 'Tens of thousands' coded as at least 20,000.",
        supports=("reception_news",),
        actors=(("am_government", R.SPEAKER),),
        measures=(
            MeasureSpec(M.SHELTER_CAPACITY, 20000, "reception_news", Q.AT_LEAST, Unit.PEOPLE, sept(23)),
        ),
        geo_precision=3, confidentiality=PUBLIC,
    ),
    EventSpec(
        "Armenia calls for a UN inter-agency mission to Nagorno-Karabakh",
        "appeal", "", sept(23), "",
        "To monitor human rights, the humanitarian situation and security on the ground.",
        supports=("appeal_am", "appeal_news"),
        actors=(("am_government", R.SPEAKER), ("united_nations", R.ACTOR2)),
        location_name="UN General Assembly, New York", confidentiality=PUBLIC,
        verification=(
            VerificationSpec(
                Status.VERIFIED,
                "The published transcript of the speech says so; the newswire report agrees.",
                Proof.CLEAR_AND_CONVINCING,
            ),
        ),
    ),
    EventSpec(
        "Azerbaijan speaks of reintegration at the UN",
        "statement", "by_government", sept(23), "",
        "Reintegration of Karabakh Armenians as citizens of Azerbaijan, with rights under its constitution.",
        supports=("reintegration_az", "reintegration_news"),
        actors=(("az_government", R.SPEAKER),),
        location_name="UN General Assembly, New York", confidentiality=PUBLIC,
    ),
    EventSpec(
        "Alleged night shelling of Khankendi/Stepanakert",
        "ceasefire_violation", "firing", sept(22), "Khankendi",
        "Alleged in one social media post; 'dozens dead' coded as 12.",
        supports=("shelling_post",),
        contradicts=("video_2020", "quiet_night"),
        actors=(("az_forces", R.ACTOR1), ("ka_civilians", R.ACTOR2)),
        measures=(MeasureSpec(M.PEOPLE_KILLED, 12, "shelling_post", Q.AT_LEAST),),
        verification=(
            VerificationSpec(
                Status.DISCOUNTED,
                "The only source is a new account with no track record. Its video was published in October "
                "2020 and was filmed in daylight, and no other source reports shelling that night.",
            ),
        ),
    ),
    EventSpec(
        "First departures from Karabakh cross the Hakari bridge",
        "displacement", "border_crossing", sept(24), "Hakari bridge checkpoint",
        "The road opened for departures on Sunday afternoon.",
        supports=("first_cars", "registered_24", "road_opened_feed"),
        actors=(("ka_civilians", R.ACTOR1),),
        measures=(MeasureSpec(M.PEOPLE_DISPLACED, 1000, "registered_24", Q.MORE_THAN, as_of_on=sept(24)),),
        verification=(
            VerificationSpec(
                Status.CORROBORATED,
                "Seen by mission monitors at Kornidzor and reported independently by the broadcaster.",
            ),
        ),
    ),
    EventSpec(
        "Men leaving Karabakh questioned separately at the checkpoint",
        "restriction_of_movement", "", sept(24), "Hakari bridge checkpoint",
        "Families report waits of six to eight hours and separate questioning of men.",
        supports=("checkpoint_wait",),
        actors=(("az_border", R.PERPETRATOR), ("ka_civilians", R.VICTIM_GROUP)),
        confidentiality=CONFIDENTIAL,
    ),
    EventSpec(
        "Arrivals registered at Kornidzor",
        "displacement", "arrival", sept(24), "Kornidzor",
        "Cumulative government registration figures.",
        supports=("arrivals_partner", "crossing_feed"),
        actors=(("ka_civilians", R.ACTOR1), ("am_government", R.OBSERVER)),
        measures=(
            MeasureSpec(M.PEOPLE_DISPLACED, 6000, "crossing_feed", Q.MORE_THAN, as_of_on=sept(25)),
            MeasureSpec(M.PEOPLE_DISPLACED, 28000, "arrivals_partner", Q.MORE_THAN, as_of_on=sept(26)),
        ),
        date_end=sept(26), date_precision=DatePrecision.RANGE,
        confidentiality=PUBLIC,  # published registration figures: the public "Mass displacement" rule uses them
    ),
    EventSpec(
        "People pass through Goris",
        "displacement", "arrival", sept(25), "Goris",
        "Estimate by municipal staff for one day.",
        supports=("goris_transit",),
        actors=(("ka_civilians", R.ACTOR1), ("goris_municipality", R.OBSERVER)),
        measures=(MeasureSpec(M.PEOPLE_DISPLACED, 4500, "goris_transit", Q.ABOUT, as_of_on=sept(25)),),
        confidentiality=PUBLIC,
    ),
    EventSpec(
        "Hotels and a gym in Goris turned into lodging; medicines needed",
        "needs_assessment", "multi_sector", sept(25), "Goris",
        "Most beds taken by late afternoon; baby food, insulin, blood-pressure medicine, psychosocial support.",
        supports=("goris_beds", "goris_needs"),
        actors=(("goris_municipality", R.PROVIDER), ("ka_civilians", R.RECIPIENT)),
        measures=(MeasureSpec(M.SHELTER_CAPACITY, 1400, "goris_beds", Q.ABOUT, Unit.BEDS, sept(25)),),
    ),
    EventSpec(
        "Family food kits handed out in Goris and Kornidzor",
        "aid_delivery", "food", sept(25), "Goris",
        "Distributions in Goris and Kornidzor.",
        supports=("food_kits",),
        actors=(("relief_partners", R.PROVIDER), ("ka_civilians", R.RECIPIENT)),
        measures=(MeasureSpec(M.FOOD, 3200, "food_kits", unit=Unit.KITS, as_of_on=sept(26)),),
        date_end=sept(26), date_precision=DatePrecision.RANGE, geo_precision=2,
    ),
    EventSpec(
        "Medical kits for the Kornidzor first-aid post and Goris hospital",
        "aid_delivery", "medical", sept(26), "Kornidzor",
        "",
        supports=("medical_kits",),
        actors=(("relief_partners", R.PROVIDER), ("ka_civilians", R.RECIPIENT)),
        measures=(MeasureSpec(M.MEDICAL_SUPPLIES, 450, "medical_kits", unit=Unit.KITS, as_of_on=sept(26)),),
    ),
    EventSpec(
        "Households taken on by bus from Goris to Yerevan",
        "displacement", "evacuation", sept(25), "Yerevan",
        "Free transport organised after registration.",
        supports=("buses_yerevan",),
        actors=(("am_government", R.PROVIDER), ("ka_civilians", R.RECIPIENT)),
        measures=(MeasureSpec(M.HOUSEHOLDS_DISPLACED, 1900, "buses_yerevan", as_of_on=sept(26)),),
        date_end=sept(26), date_precision=DatePrecision.RANGE,
    ),
    EventSpec(
        "Man leaving Karabakh detained at the Hakari bridge checkpoint",
        "arbitrary_detention", "detention_at_checkpoint", sept(27), "Hakari bridge checkpoint",
        "Person A-07, a former district employee; family not told where he was taken. Identity held by the "
        "protection officer.",
        supports=("detention_witness", "detention_border"),
        actors=(("az_border", R.PERPETRATOR), ("ka_civilians", R.VICTIM_GROUP)),
        measures=(MeasureSpec(M.PEOPLE_DETAINED, 1, "detention_witness", as_of_on=sept(27)),),
        confidentiality=CONFIDENTIAL,
        verification=(
            VerificationSpec(
                Status.CORROBORATED, "A witness account and the border service's statement agree on the detention."
            ),
            VerificationSpec(
                Status.VERIFIED,
                "A relative who saw the arrest gave a detailed, consistent account, and the border service "
                "confirmed detaining a man leaving for Armenia at the same checkpoint on the same day. There "
                "are reasonable grounds to believe he was deprived of liberty there; whether the detention "
                "was arbitrary needs its legal basis and access to a lawyer established.",
                Proof.REASONABLE_GROUNDS,
            ),
        ),
    ),
)  # fmt: skip
