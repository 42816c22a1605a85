"""The rules page /rules/: every rule from the rule table, with its source, for signed-in users."""

import pytest
from django.urls import reverse

from plans import labels
from plans.document.rules_page import describe_effect, rule_groups, thresholds
from plans.engine import DEFAULT_CONFIG, GROUPS, RULES, vocabulary


@pytest.fixture
def page(alice_client):
    response = alice_client.get(reverse("plans:rules"))
    assert response.status_code == 200
    return response.content.decode()


def test_rules_page_lives_at_rules():
    assert reverse("plans:rules") == "/rules/"


def test_signed_in_user_sees_every_rule_with_its_source(page):
    for rule in RULES:
        assert f'id="{rule.id}"' in page
        assert rule.source.replace("'", "&#x27;") in page


def test_every_rule_shows_its_explanation_and_effect(page):
    for group in rule_groups():
        for rule in group["rules"]:
            assert rule["explanation"].replace("'", "&#x27;") in page
            assert rule["effects"]
            for effect in rule["effects"]:
                assert str(effect).replace("'", "&#x27;") in page


def test_rules_are_grouped_in_running_order(page):
    positions = [page.index(f'id="rules-{group}"') for group in GROUPS]
    assert positions == sorted(positions)
    for rule in RULES:
        heading = page.rindex('id="rules-', 0, page.index(f'id="{rule.id}"'))
        assert page.startswith(f'id="rules-{rule.group}-heading"', heading)


def test_thresholds_are_shown_from_the_configuration(page):
    for row in thresholds():
        assert f'<code class="small text-body-secondary">{row["name"]}</code>' in page
    assert "60 minutes" in page  # chronic neck pain (Sherman 2014)


def test_explanations_name_the_configured_numbers():
    text = " ".join(r["explanation"] for g in rule_groups() for r in g["rules"])
    assert f"{DEFAULT_CONFIG.severe_pain_from} or more" in text
    assert "{" not in text


def test_the_page_has_no_inline_styles_or_scripts(page):
    assert "style=" not in page
    assert "<script>" not in page


def test_the_navigation_links_to_the_rules(page):
    assert 'href="/rules/"' in page


def test_anonymous_user_is_redirected_to_sign_in(client, db):
    response = client.get("/rules/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_another_practice_sees_the_same_rules(mallory_client):
    # The rules are the same for everyone; there is nothing practice-specific to hide.
    assert mallory_client.get("/rules/").status_code == 200


@pytest.mark.parametrize(
    ("words", "codes"),
    [
        (labels.DECISION, vocabulary.DECISION),
        (labels.URGENCY, vocabulary.URGENCY),
        (labels.PRESSURE, vocabulary.PRESSURE),
        (labels.TECHNIQUE, vocabulary.TECHNIQUE),
        (labels.AVOID, vocabulary.AVOID),
        (labels.SELF_CARE, vocabulary.SELF_CARE),
        (labels.RULE_GROUP, GROUPS),
    ],
    ids=["decision", "urgency", "pressure", "technique", "avoid", "self_care", "group"],
)
def test_every_code_has_a_label(words, codes):
    assert set(words) == set(codes)
    assert all(str(words[code]) for code in codes)


def test_every_effect_can_be_described():
    for rule in RULES:
        assert describe_effect(rule.effect)
