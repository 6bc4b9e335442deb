import pytest

from groundwatch.events.taxonomy import get_taxonomy, parse_taxonomy

ACLED_SUB_TYPES = {
    "Battles": {"Government regains territory", "Non-state actor overtakes territory", "Armed clash"},
    "Protests": {"Excessive force against protesters", "Protest with intervention", "Peaceful protest"},
    "Riots": {"Violent demonstration", "Mob violence"},
    "Explosions/Remote violence": {
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    },
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Strategic developments": {
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    },
}


def test_every_acled_sub_event_type_has_a_groundwatch_sub_type():
    taxonomy = get_taxonomy()
    covered: dict[str, set[str]] = {}
    for kind in taxonomy.types.values():
        for sub in kind.sub_types:
            pair = taxonomy.acled_for(kind.slug, sub)
            if pair:
                covered.setdefault(pair[0], set()).add(pair[1])
    assert sum(len(subs) for subs in ACLED_SUB_TYPES.values()) == 25
    for acled_type, subs in ACLED_SUB_TYPES.items():
        assert subs <= covered.get(acled_type, set()), acled_type


def test_mission_types_exist_in_every_category():
    taxonomy = get_taxonomy()
    for slug in [
        "weapons_handover",
        "ceasefire_agreement",
        "ceasefire_violation",
        "force_deployment",
        "aid_delivery",
        "access_constraint",
        "needs_assessment",
        "displacement",
        "statement",
        "appeal",
        "demand",
        "announcement",
        "arbitrary_detention",
        "killing",
    ]:
        assert slug in taxonomy.types
    assert {kind.category for kind in taxonomy.types.values()} == set(taxonomy.categories)


def test_a_handover_projects_to_acled_lossily_as_strategic_other():
    assert get_taxonomy().acled_for("weapons_handover", "to_peacekeepers") == (
        "Strategic developments",
        "Other",
    )
    assert get_taxonomy().acled_for("aid_delivery", "food") is None


def test_a_type_with_an_unknown_category_is_refused_when_loaded():
    text = '[categories]\nsecurity = "Security"\n[types.x]\ncategory = "weather"\nlabel = "X"\n'
    with pytest.raises(ValueError, match="unknown category 'weather'"):
        parse_taxonomy(text)
