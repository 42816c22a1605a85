"""`manage.py plan`: draft a treatment plan from an anamnesis/v1 JSON file (the plan contract).

Exit status 0 with the plan on stdout (or in --output); 2 for bad input, with one
`path: message` line per problem on stderr and nothing on stdout.
"""

import json
import sys

from django.core.management.base import BaseCommand

from plans.engine import InputError, draft_plan, parse_json, validate_anamnesis

BAD_INPUT = 2


class Command(BaseCommand):
    help = "Draft a treatment plan (plan/v1) from an anamnesis (anamnesis/v1) JSON document."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--input",
            required=True,
            metavar="FILE",
            help="anamnesis/v1 JSON file, or - to read standard input",
        )
        parser.add_argument(
            "--format",
            choices=("json", "html", "pdf"),
            default="json",
            help="json (default); html and pdf come with the printable plan document",
        )
        parser.add_argument("--output", metavar="FILE", help="write here instead of stdout")

    def handle(self, *args, input, format, output=None, **options):
        if format != "json":
            self._fail(
                [
                    f"--format {format}: the printable plan comes with the plan-document "
                    "feature and is not available yet; use --format json"
                ]
            )
        try:
            anamnesis = parse_json(self._read(input))
        except InputError as exc:
            self._fail(exc.problems)
        problems = validate_anamnesis(anamnesis)
        if problems:
            self._fail(problems)
        text = json.dumps(draft_plan(anamnesis), indent=2, ensure_ascii=False)
        if output:
            try:
                with open(output, "w", encoding="utf-8") as file:
                    file.write(text + "\n")
            except OSError as exc:
                self._fail([f"--output {output}: cannot write ({exc.strerror})"])
        else:
            self.stdout.write(text)

    def _read(self, path):
        if path == "-":
            return sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read()
        try:
            with open(path, "rb") as file:
                return file.read()
        except OSError as exc:
            raise InputError([f"--input {path}: cannot read ({exc.strerror})"]) from None

    def _fail(self, problems):
        for line in problems:
            self.stderr.write(line, style_func=lambda text: text)
        raise SystemExit(BAD_INPUT)
