from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from anamnesis.demo import seed_anamneses
from clinic.demo import DEMO_PASSWORD, seed_clinic
from plans.demo.plans import seed_plans
from plans.demo.sessions import seed_sessions


class Command(BaseCommand):
    help = "Load demo practices, therapists and clients. Safe to run again: nothing is duplicated."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            help="Password for the demo users. Required when DEBUG is off.",
        )

    def handle(self, *args, password=None, **options):
        if password is None:
            if not settings.DEBUG:
                raise CommandError(
                    "DEBUG is off: refusing to create demo users with a known password. "
                    "Pass --password to choose one."
                )
            password = DEMO_PASSWORD
        with transaction.atomic():
            seed_clinic(password)
            seed_anamneses()
            seed_plans()
            seed_sessions()
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
        if settings.DEBUG:
            self.stdout.write(f"Sign in as: demo / {password}   (Demo Practice, practice admin)")
            self.stdout.write(f"Other practice: lakeside / {password}   (Lakeside Physio)")
        else:
            self.stdout.write("Sign in as demo or lakeside with the password you gave.")
