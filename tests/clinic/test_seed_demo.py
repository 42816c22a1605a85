import pytest
from django.core.management import CommandError, call_command

from clinic.models import Client, Membership, Practice

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clinic_part_only(monkeypatch):
    # The intake, plan and history parts of seed_demo have their own tests in their apps.
    from plans.management.commands import seed_demo

    for name in ("seed_anamneses", "seed_plans", "seed_sessions"):
        monkeypatch.setattr(seed_demo, name, lambda: None)


def test_seed_demo_creates_two_practices_with_their_therapists_and_clients(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "demo / demo-massage" in out
    demo = Practice.objects.get(name="Demo Practice")
    assert Membership.objects.get(user__username="demo").practice == demo
    other = Membership.objects.get(user__username="lakeside").practice
    assert other != demo
    assert 10 <= Client.objects.for_practice(demo).count() <= 15
    assert Client.objects.for_practice(demo).archived().exists()
    assert Client.objects.for_practice(demo).filter(consent_date__isnull=True).exists()


def test_seed_demo_is_idempotent(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    counts = (Practice.objects.count(), Client.objects.count(), Membership.objects.count())
    call_command("seed_demo")
    assert (Practice.objects.count(), Client.objects.count(), Membership.objects.count()) == counts


def test_seed_demo_refuses_a_known_password_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="Pass --password"):
        call_command("seed_demo")
    assert not Practice.objects.exists()


def test_seed_demo_with_debug_off_uses_the_given_password_and_does_not_print_it(
    settings, client, capsys
):
    settings.DEBUG = False
    call_command("seed_demo", password="a-long-chosen-password")
    assert "a-long-chosen-password" not in capsys.readouterr().out
    assert client.login(username="demo", password="a-long-chosen-password")
