"""The rules page /rules/: the whole v2 rule table and its configuration, for signed-in users.

Everything on the page is read from the engine (rule table, configuration, exercises); these
tests check that nothing is left out, that each kind of effect reads in words, and that the
numbers follow the configuration.
"""

import dataclasses
import html
import re

import pytest
from django.urls import reverse

from plans import labels
from plans.document.rules_page import (
    EFFECT_KINDS,
    GROUP_INTRO,
    describe_effect,
    describe_schedule,
    dose_words,
    rule_groups,
    safety_carry_through,
    thresholds,
)
from plans.engine import DEFAULT_CONFIG, EXERCISES, GROUPS, RULES, Effect, Schedule, vocabulary
from plans.engine import config as engine_config
from plans.engine.rules import (
    AVOID_BLOCKS_TECHNIQUES,
    AVOID_IN,
    REFERRAL_SELF_CARE,
    rules_in_order,
)


@pytest.fixture
def page(alice_client):
    response = alice_client.get(reverse("plans:rules"))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def _text(effect, kind):
    (line,) = [line for line in describe_effect(effect) if line["kind"] == kind]
    return line["text"] or " | ".join(line["items"])


def _rule(rule_id):
    return next(rule for rule in RULES if rule.id == rule_id)


# One example value for each kind of effect (every field of the engine's `Effect`).
EXAMPLE_EFFECTS = {
    "refer": Effect(refer="same_day"),
    "avoid": Effect(avoid=("deep_pressure",)),
    "avoid_in": Effect(avoid=("deep_pressure",), avoid_in="nerve_root"),
    "pressure_at_most": Effect(pressure_at_most="light"),
    "rule_out_techniques": Effect(rule_out_techniques=("friction",)),
    "rule_out_positions": Effect(rule_out_positions=("prone",)),
    "rule_out_self_care": Effect(rule_out_self_care=("heat",)),
    "rule_out_exercises": Effect(rule_out_exercises=("child_pose",)),
    "positions_only": Effect(positions_only=("side_lying",)),
    "sessions_at_most": Effect(sessions_at_most="start_back_low_sessions"),
    "minutes_at_most": Effect(minutes_at_most="widespread_pain_minutes"),
    "first_minutes_at_most": Effect(first_minutes_at_most="short_first_minutes"),
    "techniques": Effect(techniques=("petrissage",)),
    "pressure": Effect(pressure="firm"),
    "positioning": Effect(positioning=("seated",)),
    "sessions": Effect(sessions="chronic_neck"),
    "self_care": Effect(self_care=("stay_active",)),
    "exercises": Effect(exercises=("bird_dog",)),
    "warning": Effect(warning="Check the blood pressure."),
}


# Access


def test_rules_page_lives_at_rules():
    assert reverse("plans:rules") == "/rules/"


def test_anonymous_user_is_redirected_to_sign_in(client, db):
    response = client.get("/rules/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_another_practice_sees_the_same_rules(alice_client, mallory_client, page):
    # The rules are the same for everyone; there is nothing practice-specific to hide.
    response = mallory_client.get("/rules/")
    assert response.status_code == 200
    for rule in RULES:
        assert f'id="{rule.id}"' in response.content.decode()


def test_the_navigation_links_to_the_rules(page):
    assert 'href="/rules/"' in page


def test_the_page_has_no_inline_styles_or_scripts(page):
    assert "style=" not in page
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)  # scripts only from files
    assert " on" + "click=" not in page


# The whole rule table


def test_every_rule_is_shown_with_its_source(page):
    for rule in RULES:
        assert f'id="{rule.id}"' in page
        assert rule.source in page


def test_every_rule_shows_its_explanation_and_its_effect_in_words(page):
    shown = [rule for group in rule_groups() for rule in group["rules"]]
    assert [rule["id"] for rule in shown] == [rule.id for rule in rules_in_order(RULES)]
    for rule in shown:
        assert rule["explanation"] in page
        assert rule["effects"], rule["id"]
        for effect in rule["effects"]:
            assert str(effect["label"]) in page
            for words in [effect["text"], *effect["items"]]:
                assert str(words) in page


def test_every_group_is_shown_in_running_order_with_its_rules_under_it(page):
    assert [group["id"] for group in rule_groups()] == list(GROUPS)
    positions = [page.index(f'id="rules-{group}"') for group in GROUPS]
    assert positions == sorted(positions)
    for rule in RULES:
        heading = page.rindex('id="rules-', 0, page.index(f'id="{rule.id}"'))
        assert page.startswith(f'id="rules-{rule.group}-heading"', heading)


def test_rules_keep_table_order_within_their_group(page):
    for group in GROUPS:
        ids = [rule.id for rule in RULES if rule.group == group]
        positions = [page.index(f'id="{rule_id}"') for rule_id in ids]
        assert positions == sorted(positions)


def test_every_group_has_a_label_and_an_introduction(page):
    for group in rule_groups():
        assert group["label"] is labels.RULE_GROUP[group["id"]]
        assert group["intro"] and "%(" not in group["intro"]
        assert str(group["label"]) in page
    assert set(GROUP_INTRO) == set(GROUPS)


def test_explanations_name_the_configured_numbers_not_placeholders():
    text = " ".join(r["explanation"] for g in rule_groups() for r in g["rules"])
    assert "{" not in text and "}" not in text
    assert f"{DEFAULT_CONFIG.severe_pain_from} or more now" in text
    assert f"Desk work ({int(DEFAULT_CONFIG.desk_hours_from)} hours a day" in text  # not "4.0"
    assert "Otherwise the pressure is moderate." in text
    assert f"{DEFAULT_CONFIG.chronic_neck.count} sessions" in text


def test_explanations_and_effects_follow_another_configuration():
    config = dataclasses.replace(
        DEFAULT_CONFIG,
        severe_pain_from=7,
        start_back_low_sessions=2,
        chronic_neck=Schedule(12, 2, 50, 3, first_minutes=40),
    )
    rules = {r["id"]: r for g in rule_groups(config) for r in g["rules"]}
    assert "a rating of 7 or more now" in rules["S25-severe-pain-light-and-short"]["explanation"]
    assert [e["text"] for e in rules["S38-start-back-low-risk"]["effects"]] == ["2 sessions"]
    (course,) = rules["R03-chronic-neck-hour-sessions"]["effects"]
    assert course["text"] == (
        "12 sessions of 50 minutes, twice a week; the first sessions 40 minutes; "
        "reassess after session 3"
    )


# Effects in the therapist's words


def test_every_effect_kind_of_the_engine_can_be_described():
    assert set(EXAMPLE_EFFECTS) == set(EFFECT_KINDS)
    assert set(labels.EFFECT) == set(EFFECT_KINDS)
    for kind, effect in EXAMPLE_EFFECTS.items():
        lines = describe_effect(effect)
        assert [line["kind"] for line in lines] == [kind], kind
        (line,) = lines
        assert line["label"] is labels.EFFECT[kind]
        assert line["text"] or line["items"], kind


def test_every_rule_effect_is_described_kind_by_kind():
    for rule in RULES:
        used = [kind for kind in EFFECT_KINDS if kind != "avoid_in" and rule.effect.uses(kind)]
        if rule.effect.avoid_in:  # a region-limited avoid reads as one line saying where
            used = ["avoid_in" if kind == "avoid" else kind for kind in used]
        assert [line["kind"] for line in describe_effect(rule.effect)] == used, rule.id


def test_referrals_name_their_tier_in_plain_words():
    for tier in vocabulary.TIER:
        assert _text(Effect(refer=tier), "refer") == str(labels.URGENCY[tier])
    assert _text(_rule("S01-cauda-equina-emergency").effect, "refer") == (
        "Emergency: emergency department now"
    )
    assert _text(_rule("S14-neck-nerve-root-inform-physician").effect, "refer") == (
        "Routine: treat and inform the physician"
    )


def test_avoid_pressure_caps_and_positions_read_as_words():
    pregnancy = _rule("S24-pregnancy-side-lying-moderate").effect
    assert _text(pregnancy, "avoid") == "Lying prone"
    assert _text(pregnancy, "pressure_at_most") == "Moderate"
    assert _text(pregnancy, "rule_out_positions") == "Prone, Supine"
    assert _text(pregnancy, "positions_only") == "Side-lying"
    assert _text(pregnancy, "rule_out_techniques") == "Deep tissue massage"
    assert "Knee to chest" in _text(pregnancy, "rule_out_exercises")
    assert _text(_rule("O02-seated-or-side-lying-for-neck-and-shoulder").effect, "positioning") == (
        "Seated, Side-lying"
    )


def test_a_region_limited_avoid_says_where_it_applies():
    effect = _rule("S28-nerve-root-signs-no-deep-work").effect
    kinds = [line["kind"] for line in describe_effect(effect)]
    assert "avoid_in" in kinds and "avoid" not in kinds
    assert _text(effect, "avoid_in") == (
        "Deep pressure, where the nerve root signs are: the neck for arm signs, the low back "
        "and buttock for leg signs"
    )
    assert set(labels.AVOID_IN) == set(AVOID_IN)


def test_session_caps_and_first_session_length_name_the_configured_numbers():
    assert _text(_rule("S36-start-back-high-risk").effect, "sessions_at_most") == (
        f"{DEFAULT_CONFIG.start_back_high_sessions} sessions"
    )
    assert _text(_rule("S25-severe-pain-light-and-short").effect, "first_minutes_at_most") == (
        f"{DEFAULT_CONFIG.short_first_minutes} minutes"
    )
    assert _text(_rule("S31-widespread-pain-exercise-leads").effect, "minutes_at_most") == (
        f"{DEFAULT_CONFIG.widespread_pain_minutes} minutes"
    )


def test_a_course_of_sessions_reads_as_count_length_rhythm_and_reassessment():
    assert _text(_rule("R03-chronic-neck-hour-sessions").effect, "sessions") == (
        "8 sessions of 60 minutes, twice a week; reassess after session 4"
    )
    assert describe_schedule(Schedule(10, 1, 60, 4, first_minutes=30)) == (
        "10 sessions of 60 minutes, once a week; the first sessions 30 minutes; "
        "reassess after session 4"
    )
    # Reassessment is never after the last session.
    assert describe_schedule(Schedule(2, 3, 30, 4)).endswith(
        "3 times a week; reassess after session 2"
    )


def test_exercises_are_named_with_their_dose():
    items = describe_effect(_rule("E01-low-back-motor-control").effect)[0]["items"]
    assert items[0] == "Bird dog: 2 sets of 8, holding each for 5 seconds, once a day"
    assert len(items) == len(_rule("E01-low-back-motor-control").effect.exercises)
    walking = describe_effect(Effect(exercises=("walking",)))[0]["items"]
    assert walking == ["Walking: 10 minutes, twice a day (gentle start: 5 minutes, twice a day)"]
    for exercise in EXERCISES.values():
        (item,) = describe_effect(Effect(exercises=(exercise.code,)))[0]["items"]
        assert item.startswith(f"{exercise.name}: {dose_words(exercise.dose)}")
        assert ("gentle start" in item) == exercise.gentle


def test_self_care_and_warnings_read_as_words():
    desk = _rule("C05-desk-work").effect
    assert _text(desk, "self_care") == (
        "Movement breaks, Neck and shoulder circles, Changes of posture, A short walk every hour"
    )
    minor = _rule("S26-minor-guardian-moderate").effect
    assert _text(minor, "warning") == minor.warning


def test_what_safety_decisions_carry_through_is_read_from_the_engine(page):
    carry = safety_carry_through()
    deep = next(row for row in carry["avoid"] if row["code"] == "deep_pressure")
    for code in AVOID_BLOCKS_TECHNIQUES["deep_pressure"]:
        assert str(labels.TECHNIQUE[code]) in deep["rules_out"][0]
    assert "Pressure at most moderate (when avoided everywhere)" in deep["rules_out"]
    assert [row["tier"] for row in carry["referral"]] == list(vocabulary.TIER)
    plans = {row["tier"]: row["plan"] for row in carry["referral"]}
    assert plans["emergency"] == "No treatment and no self-care: only the referral"
    assert set(REFERRAL_SELF_CARE["urgent"]) == {"education_reassurance"}
    assert plans["urgent"] == "No treatment; self-care only: Education and reassurance"
    assert plans["routine"] == "Treatment within the restrictions; the physician is informed"
    assert 'id="safety-carry-through"' in page
    for row in carry["referral"]:
        assert row["plan"] in page


# Thresholds


def test_every_configured_threshold_is_shown_once_with_a_label(page):
    rows = [row for section in thresholds() for row in section["rows"]]
    names = [row["name"] for row in rows]
    for field in dataclasses.fields(DEFAULT_CONFIG):
        assert names.count(field.name) == 1, field.name
        assert f'<code class="small text-body-secondary">{field.name}</code>' in page
    assert "Other settings" not in [str(section["label"]) for section in thresholds()]
    for row in rows:
        assert row["label"] != row["name"]  # each has words, not just its name
        assert str(row["value"]) in page


def test_thresholds_show_the_configured_values_in_words():
    values = {row["name"]: row["value"] for s in thresholds() for row in s["rows"]}
    config = DEFAULT_CONFIG
    assert values["acute_below_days"] == f"{config.acute_below_days} days"
    assert values["chronic_above_days"] == f"{config.chronic_above_days} days"
    assert values["minor_below_age"] == f"{config.minor_below_age} years"
    assert values["older_from_age"] == f"{config.older_from_age} years"
    assert values["severe_pain_from"] == config.severe_pain_from
    assert values["start_back_high_psychosocial_from"] == config.start_back_high_psychosocial_from
    assert values["start_back_low_up_to"] == config.start_back_low_up_to
    assert values["desk_hours_from"] == "4 hours"
    assert values["default_pressure"] == labels.PRESSURE[config.default_pressure]
    assert values["chronic_neck"] == describe_schedule(config.chronic_neck)
    assert values["SESSION_MINUTES_RANGE"] == "{} to {} minutes".format(
        *engine_config.SESSION_MINUTES_RANGE
    )


def test_start_back_labels_name_the_scales_of_the_contract():
    labels_by_name = {row["name"]: str(row["label"]) for s in thresholds() for row in s["rows"]}
    low, high = vocabulary.START_BACK_PSYCHOSOCIAL
    assert f"({low}-{high})" in labels_by_name["start_back_high_psychosocial_from"]
    low, high = vocabulary.START_BACK_TOTAL
    assert f"({low}-{high})" in labels_by_name["start_back_low_up_to"]


def test_thresholds_follow_another_configuration():
    config = dataclasses.replace(DEFAULT_CONFIG, severe_pain_from=6, desk_hours_from=5.5)
    values = {row["name"]: row["value"] for s in thresholds(config) for row in s["rows"]}
    assert values["severe_pain_from"] == 6
    assert values["desk_hours_from"] == "5.5 hours"


def test_a_setting_without_words_is_still_shown_under_its_name():
    @dataclasses.dataclass(frozen=True)
    class Extended(engine_config.Thresholds):
        new_setting: int = 3

    sections = thresholds(Extended())
    assert sections[-2]["label"] == "Other settings"
    assert sections[-2]["rows"] == [{"name": "new_setting", "label": "new_setting", "value": 3}]


# Labels


@pytest.mark.parametrize(
    ("words", "codes"),
    [
        (labels.DECISION, vocabulary.DECISION),
        (labels.URGENCY, vocabulary.TIER),
        (labels.PRESSURE, vocabulary.PRESSURE),
        (labels.TECHNIQUE, vocabulary.TECHNIQUE),
        (labels.AVOID, vocabulary.AVOID),
        (labels.POSITION, vocabulary.POSITION),
        (labels.SELF_CARE, vocabulary.SELF_CARE),
        (labels.EXERCISE, vocabulary.EXERCISE),
        (labels.RULE_GROUP, GROUPS),
        (labels.EFFECT, EFFECT_KINDS),
        (labels.AVOID_IN, AVOID_IN),
    ],
    ids=[
        "decision",
        "urgency",
        "pressure",
        "technique",
        "avoid",
        "position",
        "self_care",
        "exercise",
        "group",
        "effect",
        "avoid_in",
    ],
)
def test_every_code_the_page_shows_has_a_label(words, codes):
    assert set(words) == set(codes)
    assert all(str(words[code]) for code in codes)
