"""`manage.py bench` (`make bench`): performance figures, one `name: value` line each."""

from django.core.management.base import BaseCommand

from plans.bench.document import FIGURES as PDF_FIGURES
from plans.bench.history import FIGURES as HISTORY_FIGURES
from plans.engine.bench import plans_per_second


def engine_plans_per_s(seconds):
    """Plans drafted per second in one process, validating each anamnesis and each plan."""
    return f"{plans_per_second(seconds, check_output=True):.0f}"


# (name, function of the measuring time in seconds); add new figures here.
FIGURES = [("engine.plans_per_s", engine_plans_per_s), *PDF_FIGURES, *HISTORY_FIGURES]


class Command(BaseCommand):
    help = "Print the performance figures, one `name: value` line each."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--seconds", type=float, default=2.0, help="measuring time per figure (default 2)"
        )

    def handle(self, *args, seconds, **options):
        for name, measure in FIGURES:
            self.stdout.write(f"{name}: {measure(seconds)}")
